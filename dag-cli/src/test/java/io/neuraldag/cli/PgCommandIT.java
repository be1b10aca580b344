package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.neuraldag.postgres.DagConfig;
import io.neuraldag.postgres.DagSchema;
import io.neuraldag.postgres.NeuralDag;
import io.neuraldag.postgres.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * "neural-dag pg analyze" and "pg status" in-process against the real server of {@code
 * NEURALDAG_PG_URL} (default the local test database). The class makes a schema of its own with a
 * table and drops both at the end. Without a reachable server it is skipped with the reason; with
 * {@code CI=true} it fails instead.
 *
 * <p>Oracles: the test runs its own {@code EXPLAIN (FORMAT JSON)} and reads it with Jackson
 * (pre-order node types, Total Cost differences for the self cost), counts the stored trajectories
 * with SQL, and reads the settings it gave the facade.
 */
class PgCommandIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String URL = PgConnections.url();
    private static final String SCHEMA =
            "nd_it_pgcli_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private static final String TABLE = SCHEMA + ".items";

    private static final PGSimpleDataSource ds = new PGSimpleDataSource();

    @BeforeAll
    static void setUp() throws SQLException {
        ds.setURL(URL);
        ds.setUser(PgConnections.user());
        String pw = System.getenv(PgConnections.PASSWORD_ENV);
        if (pw != null) {
            ds.setPassword(pw);
        }
        try (Connection c = ds.getConnection()) {
            assertThat(c.isValid(2)).isTrue();
        } catch (SQLException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw e;
            }
            Assumptions.abort("no PostgreSQL reachable at " + URL + ": " + e.getMessage()
                    + " (set NEURALDAG_PG_URL; CI=true makes this a failure)");
        }
        exec("CREATE SCHEMA " + SCHEMA);
        exec("CREATE TABLE " + TABLE + " (id int PRIMARY KEY, v int NOT NULL)");
        exec("INSERT INTO " + TABLE + " SELECT g, g % 97 FROM generate_series(1, 5000) g");
        exec("ANALYZE " + TABLE);
    }

    @AfterAll
    static void tearDown() throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        } catch (SQLException e) {
            // the server went away: nothing to drop
        }
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The test's own EXPLAIN, nodes in pre-order. */
    private static List<JsonNode> explainedNodes(String query) throws Exception {
        String json;
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) " + query)) {
            rs.next();
            json = rs.getString(1);
        }
        List<JsonNode> out = new ArrayList<>();
        preOrder(MAPPER.readTree(json).get(0).get("Plan"), out);
        return out;
    }

    private static void preOrder(JsonNode n, List<JsonNode> out) {
        out.add(n);
        JsonNode plans = n.get("Plans");
        if (plans != null) {
            for (JsonNode p : plans) {
                preOrder(p, out);
            }
        }
    }

    private static JsonNode json(CliRun r) throws Exception {
        return MAPPER.readTree(r.assertOk().out());
    }

    @Test
    void analyzeGivesOneRowPerPlanNodeWithTheServersCosts() throws Exception {
        String query = "SELECT id FROM " + TABLE + " WHERE v > 5 ORDER BY v LIMIT 10";
        List<JsonNode> plan = explainedNodes(query);
        JsonNode report = json(CliRun.of("pg", "analyze", "--url", URL, "--format", "json", query));
        JsonNode nodes = report.get("nodes");
        assertThat(report.get("query").asText()).isEqualTo(query);
        assertThat(report.get("server_version").asText()).isNotBlank();
        assertThat(nodes).hasSize(plan.size());
        List<String> expectedTypes = new ArrayList<>();
        for (JsonNode p : plan) {
            expectedTypes.add(p.get("Node Type").asText().replace(" ", ""));
        }
        List<String> types = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            types.add(n.get("operator_type").asText());
            assertThat(n.get("node_id").asInt()).isEqualTo(i);
            double crit = n.get("criticality").asDouble();
            assertThat(crit).isBetween(0.0, 1.0);
            assertThat(n.get("bottleneck_score").asDouble()).isBetween(0.0, 1.0);
            double own = plan.get(i).get("Total Cost").asDouble();
            double inputs = 0;
            JsonNode children = plan.get(i).get("Plans");
            if (children != null) {
                for (JsonNode ch : children) {
                    inputs += ch.get("Total Cost").asDouble();
                }
            }
            assertThat(n.get("estimated_cost").asDouble())
                    .as("self cost of node %d", i)
                    .isCloseTo(Math.max(0, own - inputs), org.assertj.core.api.Assertions.within(1e-6));
            double norm = 0;
            for (JsonNode f : n.get("embedding")) {
                norm += f.asDouble() * f.asDouble();
            }
            assertThat(n.get("embedding")).hasSize(256);
            assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-4));
            // a chain Limit -> Sort -> Seq Scan: node i consumes node i + 1
            assertThat(n.get("child_ids").toString()).isEqualTo(i + 1 < plan.size() ? "[" + (i + 1) + "]" : "[]");
            assertThat(n.get("parent_ids").toString()).isEqualTo(i > 0 ? "[" + (i - 1) + "]" : "[]");
        }
        assertThat(types).isEqualTo(expectedTypes);
        assertThat(types).containsExactly("Limit", "Sort", "SeqScan");
    }

    @Test
    void analyzeTextHasTheTableAndTheSameNumbers() throws Exception {
        String query = "SELECT v, count(*) FROM " + TABLE + " GROUP BY v";
        JsonNode j = json(CliRun.of("pg", "analyze", "--url", URL, "-f", "json", query));
        String text = CliRun.of("pg", "analyze", "--url", URL, query).assertOk().out();
        assertThat(text).startsWith("query            " + query + System.lineSeparator());
        assertThat(text).contains("nodes            " + j.get("nodes").size());
        assertThat(text).contains("id  operator");
        for (JsonNode n : j.get("nodes")) {
            String crit =
                    String.format(Locale.ROOT, "%.3f", n.get("criticality").asDouble());
            assertThat(text)
                    .containsPattern("(?m)^" + n.get("node_id").asInt() + "\\s+"
                            + n.get("operator_type").asText() + "\\s+" + java.util.regex.Pattern.quote(crit) + "\\s");
        }
    }

    @Test
    void genericPlanForParameterMarkers() throws Exception {
        JsonNode j = json(
                CliRun.of("pg", "analyze", "--url", URL, "-f", "json", "SELECT v FROM " + TABLE + " WHERE id = $1"));
        assertThat(j.get("nodes").get(0).get("operator_type").asText()).isEqualTo("IndexScan");
    }

    @Test
    void sqlErrorIsOneLineWithTheSqlState() {
        CliRun r = CliRun.of("pg", "analyze", "--url", URL, "SELECT * FROM " + SCHEMA + ".no_such_table")
                .assertBadInput("pg analyze");
        assertThat(r.errLine()).contains("[RV012]").contains("42P01").contains("no_such_table");
    }

    @Test
    void secondStatementIsRejectedAndNothingRuns() throws Exception {
        CliRun r = CliRun.of("pg", "analyze", "--url", URL, "SELECT 1; DROP TABLE " + TABLE)
                .assertBadInput("pg analyze");
        assertThat(r.errLine()).contains("exactly one statement");
        assertThat(count("SELECT count(*) FROM " + TABLE)).isEqualTo(5000);
    }

    @Test
    void analyzeOfAWriteDoesNotWrite() throws Exception {
        json(CliRun.of("pg", "analyze", "--url", URL, "-f", "json", "DELETE FROM " + TABLE + " WHERE v = 3"));
        assertThat(count("SELECT count(*) FROM " + TABLE)).isEqualTo(5000);
    }

    @Test
    void statusOfAMissingSchemaIsOneLine() {
        CliRun r = CliRun.of("pg", "status", "--url", URL, "--schema", SCHEMA + "_none")
                .assertBadInput(URL);
        assertThat(r.errLine()).contains("schema " + SCHEMA + "_none is not installed");
    }

    @Test
    void statusReadsWhatTheFacadeStored() throws Exception {
        String schema = SCHEMA + "_dag";
        DagConfig config =
                DagConfig.builder().learningRate(0.005).microLoraRank(3).build();
        try (NeuralDag dag = NeuralDag.builder(ds)
                .schema(DagSchema.named(schema))
                .config(config)
                .build()) {
            dag.trajectories().learnFromExecution("SELECT count(*) FROM " + TABLE);
            dag.trajectories().learnFromExecution("SELECT count(*) FROM " + TABLE + " WHERE v = 1");
            NeuralDag.ConfigRow want = dag.state().config();
            long stored = count("SELECT count(*) FROM " + schema + ".dag_trajectories WHERE scope = 'global'");
            assertThat(stored).isEqualTo(2);

            JsonNode j = json(CliRun.of("pg", "status", "--url", URL, "--schema", schema, "--format", "json"));
            assertThat(j.get("schema").asText()).isEqualTo(schema);
            assertThat(j.at("/config/enabled").asBoolean()).isEqualTo(want.enabled());
            assertThat(j.at("/config/learning_rate").asDouble()).isEqualTo(0.005);
            assertThat(j.at("/config/micro_lora_rank").asInt()).isEqualTo(3);
            assertThat(j.at("/config/attention_mechanism").asText()).isEqualTo(want.attentionMechanism());
            assertThat(j.at("/status/total_trajectories").asLong()).isEqualTo(stored);
            assertThat(j.at("/status/learning_rate_effective").asDouble()).isEqualTo(0.005);
            assertThat(j.get("health")).hasSize(2);
            assertThat(j.at("/health/0/component").asText()).isEqualTo("database");
            assertThat(j.at("/health/1/message").asText()).startsWith("schema " + schema + " version 1");

            String text = CliRun.of("pg", "status", "--url", URL, "--schema", schema)
                    .assertOk()
                    .out();
            assertThat(text).containsPattern("(?m)^  total_trajectories\\s+2$");
            assertThat(text).containsPattern("(?m)^  learning_rate\\s+0\\.005$");

            CliRun other = CliRun.of("pg", "status", "--url", URL, "--schema", schema, "--scope", "nope")
                    .assertOk();
            assertThat(other.out()).contains("no settings stored for scope nope");
            assertThat(other.out()).containsPattern("(?m)^  total_trajectories\\s+0$");
        } finally {
            DagSchema.named(schema).drop(ds);
        }
    }
}
