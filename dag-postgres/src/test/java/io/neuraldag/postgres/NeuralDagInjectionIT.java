package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile texts (quotes, semicolons, comments, dollar quotes) through every text argument, in Java
 * and through the SQL queue: each is rejected with its RV code or used as a plain value, and a
 * canary table proves that no other statement ran.
 */
@ExtendWith(PgDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeuralDagInjectionIT {
    private PgFixture pg;
    private NeuralDag dag;
    private SqlRequestListener listener;
    private String canary;

    @BeforeAll
    void start(PgFixture fixture) throws Exception {
        this.pg = fixture;
        pg.install();
        this.canary = pg.q("canary");
        pg.exec("CREATE TABLE " + canary + " (id integer)");
        pg.exec("INSERT INTO " + canary + " VALUES (1)");
        this.dag = ApiFixtures.dag(pg);
        this.listener = SqlRequestListener.start(dag, pg.dataSource());
    }

    @AfterAll
    void stop() {
        if (listener != null) {
            listener.close();
        }
        if (dag != null) {
            dag.close();
        }
    }

    @AfterEach
    void canaryIsIntact() throws SQLException {
        assertThat(pg.queryLong("SELECT count(*) FROM " + canary)).isEqualTo(1);
        assertThat(pg.queryLong(
                        "SELECT count(*) FROM pg_tables WHERE schemaname = ?",
                        pg.schema().name()))
                .isEqualTo(DagSchema.TABLES.size() + 1);
    }

    List<String> hostileQueries() {
        String c = pg.q("canary");
        return List.of(
                "SELECT 1; DROP TABLE " + c,
                "SELECT 1; DELETE FROM " + c,
                "SELECT '1'; DELETE FROM " + c + "; --'",
                "SELECT $$x$$; DELETE FROM " + c,
                "SELECT $q$;$q$; DELETE FROM " + c,
                "SELECT 1 /* ; */ ; DELETE FROM " + c,
                "SELECT 1 --\n; DELETE FROM " + c,
                "SELECT E'\\''; DELETE FROM " + c + "; --'",
                "SELECT 1 /* unterminated ; DELETE FROM " + c,
                "SELECT 'unterminated ; DELETE FROM " + c,
                "DELETE FROM " + c,
                "COMMIT; DELETE FROM " + c,
                "WITH d AS (DELETE FROM " + c + " RETURNING *) SELECT * FROM d",
                "SELECT * FROM " + c + " WHERE id = 1 FOR UPDATE",
                "SELECT ';DELETE FROM " + c + ";' AS x",
                "SELECT $$;DELETE FROM " + c + ";$$ AS x",
                "SELECT 1 AS \"; DELETE FROM x;\"");
    }

    @ParameterizedTest
    @MethodSource("hostileQueries")
    void hostileQueryTextsRunNothingElse(String q) {
        Throwable analyze = catchThrowable(() -> dag.analysis().analyzePlan(q));
        if (analyze != null) {
            assertThat(analyze).isInstanceOf(RvException.class);
            assertThat(((RvException) analyze).code()).isEqualTo(RvCode.PLAN_PARSE_ERROR);
        }
        Throwable executed = catchThrowable(() -> dag.trajectories().learnFromExecution(q));
        if (executed != null) {
            assertThat(((RvException) executed).code()).isEqualTo(RvCode.PLAN_PARSE_ERROR);
        }
        Throwable viaSql =
                catchThrowable(() -> ApiFixtures.call(pg, "analyze_plan", "{\"query_text\": " + Json.write(q) + "}"));
        if (viaSql != null) {
            assertThat(((SQLException) viaSql).getSQLState()).isEqualTo("RV012");
        }
    }

    @Test
    void multipleStatementsAreRejectedAndStringsWithSemicolonsAccepted() {
        assertThatThrownBy(() -> dag.analysis().analyzePlan("SELECT 1; DROP TABLE " + canary))
                .isInstanceOf(DagStateException.class)
                .hasMessageContaining("exactly one statement");
        assertThat(dag.analysis().analyzePlan("SELECT ';' AS a, $$;$$ AS b")).isNotEmpty();
        assertThatThrownBy(() -> dag.trajectories()
                        .learnFromExecution("WITH d AS (DELETE FROM " + canary + " RETURNING *) SELECT * FROM d"))
                .isInstanceOf(DagStateException.class)
                .hasMessageContaining("25006");
    }

    @Test
    void hostileMechanismsFormatsAndNamesAreRejected() {
        String evil = "auto'; DROP TABLE " + canary + "; --";
        assertThat(((RvException) catchThrowable(() -> dag.settings().setAttention(evil))).code())
                .isEqualTo(RvCode.INVALID_ATTENTION);
        assertThat(((RvException) catchThrowable(() -> dag.attention().attentionScores("SELECT 1", evil))).code())
                .isEqualTo(RvCode.INVALID_ATTENTION);
        assertThat(((RvException) catchThrowable(() -> dag.attention().attentionVisualize("SELECT 1", "auto", evil)))
                        .code())
                .isEqualTo(RvCode.INVALID_ARGUMENT);
        assertThat(((RvException) catchThrowable(
                                () -> dag.attention().attentionConfigure("topological", Map.of(evil, 1.0))))
                        .code())
                .isEqualTo(RvCode.INVALID_ARGUMENT);
        assertThat(((RvException) catchThrowable(() -> dag.trajectories().recordTrajectory(1, "{}", 1, 0, evil)))
                        .code())
                .isEqualTo(RvCode.INVALID_ATTENTION);
        assertThat(((RvException) catchThrowable(
                                () -> dag.settings().setQudagEndpoint("http://x/ '; DROP TABLE " + canary, 0)))
                        .code())
                .isEqualTo(RvCode.INVALID_ARGUMENT);
        Throwable sql = catchThrowable(() -> pg.queryLong(
                "SELECT " + Jdbc.quoteIdent(pg.schema().name()) + ".dag_request(?, '{}')",
                "status'); DROP TABLE " + canary + "; --"));
        assertThat(((SQLException) sql).getSQLState()).isEqualTo("RV011");
        Throwable interval = catchThrowable(
                () -> ApiFixtures.call(pg, "trajectory_history", "{\"time_range\": \"1 hour'; DROP TABLE x; --\"}"));
        assertThat(((SQLException) interval).getSQLState()).isEqualTo("RV011");
    }

    @Test
    void hostileValuesAreStoredVerbatim() throws Exception {
        String evil = "'); DROP TABLE " + canary + "; -- $$ /* \"";
        float[] v = new float[256];
        v[1] = 1;
        long id = dag.patterns().storePattern(v, Json.write(Map.of("note", evil)), 0.7);
        assertThat(dag.patterns().queryPatterns(v, 1, 0.9).get(0).metadata()).contains("DROP TABLE");
        assertThat(ApiFixtures.rows(
                        pg, "SELECT metadata->>'note' FROM " + pg.q("dag_patterns") + " WHERE pattern_id = ?", id))
                .containsExactly(List.of(evil));
        String endpoint = "https://example.org/p?x=%27%3B%20DROP%20TABLE%20t";
        dag.settings().setQudagEndpoint(endpoint, 0);
        assertThat(dag.state().config().qudagEndpoint()).isEqualTo(endpoint);
        String plan = "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": " + Json.write(evil)
                + ", \"Total Cost\": 1.0, \"Plan Rows\": 1}}]";
        long t = dag.trajectories().recordTrajectory(5, plan, 1, 0, "topological");
        assertThat(ApiFixtures.rows(
                        pg,
                        "SELECT dag_structure->0->'Plan'->>'Relation Name' FROM " + pg.q("dag_trajectories")
                                + " WHERE trajectory_id = ?",
                        t))
                .containsExactly(List.of(evil));
        String viaSql = ApiFixtures.call(
                pg,
                "store_pattern",
                "{\"pattern_vector\": " + Json.write(v) + ", \"pattern_metadata\": {\"n\": " + Json.write(evil)
                        + "}, \"quality_score\": 0.6}");
        assertThat(viaSql).startsWith("{\"value\": ");
        assertThat(dag.trajectories().trajectoryHistory(Duration.ofMinutes(5), -1, 10))
                .isNotEmpty();
    }
}
