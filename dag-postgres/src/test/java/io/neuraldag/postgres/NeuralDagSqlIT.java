package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The M4 acceptance script through SQL only (dag_request / dag_response and the data functions),
 * served by a {@link SqlRequestListener}; RV codes surface as SQLSTATEs.
 */
@ExtendWith(PgDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeuralDagSqlIT {
    private PgFixture pg;
    private NeuralDag dag;
    private SqlRequestListener listener;
    private String items;
    private String s;

    @BeforeAll
    void start(PgFixture fixture) throws Exception {
        this.pg = fixture;
        assumeTrue(pg.vectorAvailable(), "pgvector is not installed (scripts/install-pgvector.sh)");
        this.items = ApiFixtures.items(pg, 1000);
        this.dag = ApiFixtures.dag(pg);
        this.listener = SqlRequestListener.start(dag, pg.dataSource());
        this.s = Jdbc.quoteIdent(pg.schema().name());
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

    private String call(String fn, String args) throws SQLException {
        return ApiFixtures.call(pg, fn, args);
    }

    private long count(String sql, Object... args) throws SQLException {
        return pg.queryLong(sql, args);
    }

    @Test
    void m4AcceptanceScriptThroughSql() throws Exception {
        assertThat(call("set_enabled", "{\"enabled\": true}")).isEqualTo("{}");
        assertThat(call("set_attention", "{\"mechanism\": \"auto\"}")).isEqualTo("{}");
        assertThat(ApiFixtures.rows(pg, "SELECT enabled, attention_mechanism FROM " + s + ".dag_config()"))
                .containsExactly(List.of("t", "auto"));

        String q = ApiFixtures.knn(items);
        long id = pg.queryLong(
                "SELECT " + s + ".dag_request('analyze_plan', jsonb_build_object('query_text', ?::text))", q);
        List<List<String>> nodes = ApiFixtures.rows(
                pg,
                "SELECT r->>'node_id', r->>'operator_type', (r->>'criticality')::float8 BETWEEN 0 AND 1,"
                        + " jsonb_array_length(r->'embedding') FROM jsonb_array_elements(" + s
                        + ".dag_response(?, 20000)->'rows') r",
                id);
        assertThat(nodes).containsExactly(List.of("0", "Limit", "t", "256"), List.of("1", "HnswScan", "t", "256"));

        for (int i = 0; i < 10; i++) {
            String r = call(
                    "learn_from_execution", "{\"query_text\": " + jsonString(ApiFixtures.knnLiteral(items, i)) + "}");
            assertThat(r).contains("\"trajectory_id\"");
        }
        assertThat(count("SELECT count(*) FROM " + s + ".dag_trajectory_history(NULL, -1e9, 1000)"))
                .isGreaterThanOrEqualTo(10);
        for (int i = 10; i < 100; i++) {
            call("learn_from_execution", "{\"query_text\": " + jsonString(ApiFixtures.knnLiteral(items, i)) + "}");
        }
        assertThat(call("learn_now", "{}")).contains("\"new_clusters\"");
        assertThat(count("SELECT count(*) FROM " + s + ".dag_pattern_clusters()"))
                .isPositive();
        assertThat(ApiFixtures.rows(
                        pg,
                        "SELECT avg_improvement IS NOT NULL, total_trajectories >= 100 FROM " + s + ".dag_status()"))
                .containsExactly(List.of("t", "t"));
        assertThat(count("SELECT count(*) FROM " + s + ".dag_trajectory_trends('1 day')"))
                .isPositive();
        assertThat(count("SELECT count(*) FROM " + s + ".dag_pattern_summary")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM " + s + ".dag_mechanism_performance"))
                .isPositive();
        assertThat(count("SELECT count(*) FROM " + s + ".dag_recent_trajectories"))
                .isGreaterThanOrEqualTo(100);
        assertThat(count("SELECT count(*) FROM " + s + ".dag_learning_progress"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM " + s + ".dag_anomalies()")).isZero();
        assertThat(count("SELECT count(*) FROM " + s + ".dag_qudag_proposals()"))
                .isZero();
        assertThat(listener.served()).isGreaterThan(100);
    }

    @Test
    void everyGroupAnswersThroughTheQueue() throws Exception {
        String q = jsonString(ApiFixtures.knn(items));
        assertThat(call("status", "{}")).contains("\"active_patterns\"");
        assertThat(call("config", "{}")).contains("\"learning_rate\"");
        assertThat(call("health_check", "{}")).contains("\"database\"");
        assertThat(call("set_learning_rate", "{\"rate\": 0.01}")).isEqualTo("{}");
        assertThat(call("configure_sona", "{\"micro_lora_rank\": 2, \"pattern_clusters\": 50}"))
                .isEqualTo("{}");
        assertThat(call("set_qudag_endpoint", "{\"endpoint\": \"https://node.example/mcp\"}"))
                .isEqualTo("{}");
        assertThat(ApiFixtures.rows(pg, "SELECT learning_rate, qudag_endpoint FROM " + s + ".dag_config()"))
                .containsExactly(List.of("0.01", "https://node.example/mcp"));
        assertThat(call("critical_path", "{\"query_text\": " + q + "}")).contains("\"accumulated_cost\"");
        assertThat(call("bottlenecks", "{\"query_text\": " + q + ", \"threshold\": 0}"))
                .contains("\"impact_estimate\"");
        assertThat(call("mincut_analysis", "{\"query_text\": " + q + "}")).contains("\"cut_capacity\"");
        assertThat(call("attention_scores", "{\"query_text\": " + q + ", \"mechanism\": \"causal_cone\"}"))
                .contains("\"key_contribution\"");
        assertThat(call("attention_matrix", "{\"query_text\": " + q + "}")).startsWith("{\"value\": [[");
        assertThat(call("attention_visualize", "{\"query_text\": " + q + ", \"format\": \"mermaid\"}"))
                .contains("graph BT");
        assertThat(call("attention_configure", "{\"mechanism\": \"critical_path\", \"params\": {\"boost\": 2}}"))
                .isEqualTo("{}");
        assertThat(call("attention_stats", "{}")).contains("\"avg_latency_us\"");
        StringBuilder vec = new StringBuilder("[1");
        for (int i = 1; i < 256; i++) {
            vec.append(i == 7 ? ",1" : ",0");
        }
        vec.append(']');
        assertThat(call(
                        "store_pattern",
                        "{\"pattern_vector\": " + vec + ", \"pattern_metadata\": {\"k\": \"v\"},"
                                + " \"quality_score\": 0.8}"))
                .startsWith("{\"value\": ");
        assertThat(call("query_patterns", "{\"query_vector\": " + vec + ", \"k\": 3}"))
                .contains("\"similarity\"");
        assertThat(call("pattern_clusters", "{}")).contains("\"centroid\"");
        assertThat(call("consolidate_patterns", "{\"target_clusters\": 50}")).contains("\"clusters_after\"");
        assertThat(call(
                        "record_trajectory",
                        "{\"query_hash\": 7, \"dag_structure\": [{\"Plan\": {\"Node Type\":"
                                + " \"Result\", \"Total Cost\": 0.01, \"Plan Rows\": 1}}], \"execution_time_ms\": 1.5,"
                                + " \"improvement_ratio\": 0.1, \"attention_mechanism\": \"topological\"}"))
                .startsWith("{\"value\": ");
        assertThat(call("trajectory_history", "{\"time_range\": \"1 hour\", \"limit_count\": 3}"))
                .contains("\"query_hash\"");
        assertThat(call("trajectory_trends", "{\"window_size\": \"PT1H\"}")).contains("\"window_start\"");
        assertThat(call("ewc_constraints", "{}")).startsWith("{\"rows\": [");
        String exported = call("export_state", "{}");
        String b64 = exported.substring("{\"value\": \"".length(), exported.length() - 2);
        assertThat(call("reset_learning", "{\"preserve_patterns\": true, \"preserve_trajectories\": true}"))
                .isEqualTo("{}");
        assertThat(call("import_state", "{\"state\": \"" + b64 + "\"}")).contains("\"patterns_imported\"");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "set_attention|{\"mechanism\": \"quantum\"}|RV002",
                "set_learning_rate|{\"rate\": 1.5}|RV011",
                "set_learning_rate|{\"rate\": \"fast\"}|RV011",
                "configure_sona|{\"micro_lora_rank\": 5}|RV011",
                "analyze_plan|{\"query_text\": \"SELECT 1; SELECT 2\"}|RV012",
                "analyze_plan|{\"query_text\": \"SELEKT 1\"}|RV012",
                "analyze_plan|{}|RV011",
                "analyze_plan|{\"query_text\": \"SELECT 1\", \"extra\": 1}|RV011",
                "bottlenecks|{\"query_text\": \"SELECT 1\", \"threshold\": 2}|RV011",
                "attention_visualize|{\"query_text\": \"SELECT 1\", \"format\": \"svg\"}|RV011",
                "attention_configure|{\"mechanism\": \"topological\", \"params\": {\"nope\": 1}}|RV011",
                "query_patterns|{\"query_vector\": [1, 2, 3]}|RV011",
                "import_state|{\"state\": \"AAAA\"}|RV011",
                "consolidate_patterns|{\"target_clusters\": 0}|RV011",
            })
    void errorsSurfaceAsSqlStates(String fn, String args, String sqlState) {
        assertThatThrownBy(() -> call(fn, args))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo(sqlState));
    }

    @Test
    void queueArgumentsAreCheckedInSql() {
        assertThatThrownBy(() -> pg.queryLong("SELECT " + s + ".dag_request('drop_everything', '{}')"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("RV011"));
        assertThatThrownBy(() -> pg.queryLong("SELECT " + s + ".dag_request('status', '[1]')"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("RV011"));
        assertThatThrownBy(() -> ApiFixtures.rows(pg, "SELECT " + s + ".dag_response(-5, 10)"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("RV011"));
        assertThatThrownBy(() -> ApiFixtures.rows(pg, "SELECT " + s + ".dag_response(1, -1)"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("RV011"));
        assertThatThrownBy(() -> ApiFixtures.rows(pg, "SELECT * FROM " + s + ".dag_trajectory_history(NULL, 0, 0)"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("RV011"));
        assertThatThrownBy(() -> ApiFixtures.rows(pg, "SELECT * FROM " + s + ".dag_trajectory_trends('1 month')"))
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("RV011"));
    }

    @Test
    void disabledEngineIsRv001AndStatusStillAnswers() throws Exception {
        call("set_enabled", "{\"enabled\": false}");
        try {
            assertThatThrownBy(() -> call("analyze_plan", "{\"query_text\": \"SELECT 1\"}"))
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("RV001"));
            assertThat(call("status", "{}")).contains("\"active_patterns\"");
        } finally {
            call("set_enabled", "{\"enabled\": true}");
        }
    }

    static String jsonString(String s) {
        return Json.write(s);
    }
}
