package io.neuraldag.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hint advisor on a real server: each arm's EXPLAIN runs under its settings, hints never change
 * answers, planning leaves the session as it was, and on a known trap the trained advisor moves off
 * the default plan to a cheaper one.
 */
@ExtendWith(PgDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HintAdvisorIT {
    private final PgFixture pg;
    private String joinSql = "";
    private String trapSql = "";

    HintAdvisorIT(PgFixture pg) {
        this.pg = pg;
    }

    @BeforeAll
    void createTables() throws SQLException {
        String s = Jdbc.quoteIdent(pg.schema().name());
        pg.exec("CREATE SCHEMA IF NOT EXISTS " + s);
        // a selective range on a's key, an indexed foreign key in b: PostgreSQL joins with a nested loop
        pg.exec("CREATE TABLE " + pg.q("a") + " (id int PRIMARY KEY, x int NOT NULL)");
        pg.exec("CREATE TABLE " + pg.q("b") + " (id int PRIMARY KEY, a_id int NOT NULL, v int NOT NULL)");
        pg.exec("INSERT INTO " + pg.q("a") + " SELECT g, g % 100 FROM generate_series(1, 2000) g");
        pg.exec("INSERT INTO " + pg.q("b") + " SELECT g, 1 + g % 2000, g % 7 FROM generate_series(1, 20000) g");
        pg.exec("CREATE INDEX ON " + pg.q("b") + " (a_id)");
        // the ORDER BY ... LIMIT trap: cat is clustered by id, so the rows of a high cat sit at the
        // end of the primary key, while the planner, assuming them spread evenly, walks the key
        // expecting to meet 5 matches within the first few dozen rows
        pg.exec("CREATE TABLE " + pg.q("t") + " (id int PRIMARY KEY, cat int NOT NULL, pad text NOT NULL)");
        pg.exec("INSERT INTO " + pg.q("t") + " SELECT g, g / 20000, repeat('x', 40) FROM generate_series(0, 199999) g");
        pg.exec("CREATE INDEX ON " + pg.q("t") + " (cat)");
        pg.exec("ANALYZE " + pg.q("a"));
        pg.exec("ANALYZE " + pg.q("b"));
        pg.exec("ANALYZE " + pg.q("t"));
        joinSql = "SELECT a.id, b.id, b.v FROM " + pg.q("a") + " a JOIN " + pg.q("b")
                + " b ON b.a_id = a.id WHERE a.id < ? ORDER BY a.id, b.id";
        trapSql = "SELECT id, cat FROM " + pg.q("t") + " WHERE cat = ? ORDER BY id LIMIT 5";
    }

    private static boolean hasNode(ImportedPlan plan, String nodeType) {
        return plan.attributes().values().stream().anyMatch(m -> nodeType.equals(m.get("Node Type")));
    }

    @Test
    void everyArmPlansUnderItsOwnSettings() throws SQLException {
        HintAdvisor untrained = HintAdvisor.builder().build();
        HintAdvisor advisor = HintAdvisor.builder().planEveryArm(true).build();
        try (Connection c = pg.dataSource().getConnection()) {
            HintAdvisor.Choice only = untrained.choose(c, "join", joinSql, List.of(10));
            assertEquals(
                    List.of(HintArm.defaultArm()),
                    only.candidates().stream().map(HintAdvisor.Candidate::arm).toList(),
                    "untrained, only the default can be picked, so only it is planned");
            HintAdvisor.Choice choice = advisor.choose(c, "join", joinSql, List.of(10));
            assertEquals(HintArm.plannerArms().size(), choice.candidates().size());
            assertEquals(HintArm.defaultArm(), choice.chosen(), "untrained: the default");
            assertTrue(choice.planningNanos() > 0);
            for (HintAdvisor.Candidate cand : choice.candidates()) {
                ImportedPlan plan = PostgresPlans.fromExplainJson(cand.planJson());
                for (HintArm.Setting s : cand.arm().settings()) {
                    assertEquals(
                            s.value(), plan.settings().get(s.name()), cand.arm().name() + " " + s.name());
                }
                assertFalse(plan.settings().containsKey("enable_nestloop")
                        && !cand.arm().settings().stream()
                                .anyMatch(s -> s.name().equals("enable_nestloop")));
                assertTrue(cand.totalCost() > 0);
                assertTrue(Double.isNaN(cand.predictedMillis()));
                if (cand.arm().name().equals("no_nestloop")) {
                    assertFalse(hasNode(plan, "Nested Loop"), cand.planJson());
                }
                if (cand.arm().isDefault()) {
                    assertTrue(hasNode(plan, "Nested Loop"), "default joins with a nested loop: " + cand.planJson());
                }
            }
        }
    }

    @Test
    void hintsNeverChangeTheAnswer() throws SQLException {
        try (Connection c = pg.dataSource().getConnection()) {
            for (int x : new int[] {0, 7, 99, 1000}) {
                List<List<Object>> expected = rows(HintArm.defaultArm().execute(c, joinSql, List.of(x), 30_000));
                if (x > 1) {
                    assertFalse(expected.isEmpty());
                }
                for (HintArm arm : HintArm.plannerArms()) {
                    HintArm.HintedExecution run = arm.execute(c, joinSql, List.of(x), 30_000);
                    assertFalse(run.timedOut());
                    assertTrue(run.latencyMillis() > 0);
                    assertEquals(expected, rows(run), arm.name() + " x=" + x);
                }
            }
            List<List<Object>> trap = rows(HintArm.defaultArm().execute(c, trapSql, List.of(9), 30_000));
            assertEquals(5, trap.size());
            for (HintArm arm : HintArm.plannerArms()) {
                assertEquals(trap, rows(arm.execute(c, trapSql, List.of(9), 30_000)), arm.name());
            }
            assertTrue(c.getAutoCommit());
        }
    }

    private static List<List<Object>> rows(HintArm.HintedExecution run) {
        List<List<Object>> out = new ArrayList<>();
        for (List<?> r : run.rows()) {
            out.add(new ArrayList<>(r));
        }
        return out;
    }

    private static Map<String, String> settings(Connection c) throws SQLException {
        Map<String, String> m = new LinkedHashMap<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, setting FROM pg_settings WHERE name LIKE 'enable%'"
                        + " OR name IN ('statement_timeout', 'plan_cache_mode', 'transaction_read_only')"
                        + " ORDER BY name")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    @Test
    void planningLeavesTheSessionAsItWas() throws SQLException {
        HintAdvisor advisor = HintAdvisor.builder().build();
        try (Connection c = pg.dataSource().getConnection()) {
            Map<String, String> before = settings(c);
            advisor.choose(c, "join", joinSql, List.of(3));
            assertTrue(c.getAutoCommit());
            assertEquals(before, settings(c));
            // inside the caller's transaction: savepoints only, the transaction stays usable
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL work_mem = '8MB'");
                st.execute("CREATE TEMP TABLE hint_probe (v int) ON COMMIT DROP");
                st.execute("INSERT INTO hint_probe VALUES (1)");
            }
            Map<String, String> inTx = settings(c);
            advisor.choose(c, "join", joinSql, List.of(4));
            assertFalse(c.getAutoCommit());
            assertEquals(inTx, settings(c));
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*), current_setting('work_mem') FROM hint_probe")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "the caller's write survives");
                assertEquals("8MB", rs.getString(2));
            }
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(before, settings(c));
            // a failing EXPLAIN leaves it unchanged too
            assertThrows(
                    SQLException.class, () -> advisor.choose(c, "bad", "SELECT * FROM no_such_table_here", List.of()));
            assertTrue(c.getAutoCommit());
            assertEquals(before, settings(c));
        }
    }

    @Test
    void misuseGetsTypedExceptions() throws SQLException {
        HintAdvisor advisor = HintAdvisor.builder().build();
        try (Connection c = pg.dataSource().getConnection()) {
            HintArm noNl = HintArm.plannerArms().get(1);
            DagStateException e = assertThrows(DagStateException.class, () -> noNl.applyLocal(c));
            assertEquals(RvCode.INVALID_ARGUMENT, e.code());
            DagStateException two = assertThrows(
                    DagStateException.class, () -> advisor.choose(c, "x", "SELECT 1; SELECT 2", List.of()));
            assertEquals(RvCode.PLAN_PARSE_ERROR, two.code());
            // a rejected text is not remembered: the second call is rejected as the first
            assertEquals(
                    RvCode.PLAN_PARSE_ERROR,
                    assertThrows(DagStateException.class, () -> advisor.choose(c, "x", "SELECT 1; SELECT 2", List.of()))
                            .code());
            assertThrows(DagArgumentException.class, () -> advisor.choose(c, "", joinSql, List.of(1)));
            assertThrows(DagArgumentException.class, () -> noNl.execute(c, joinSql, List.of(1), 0));
            c.setAutoCommit(false);
            assertThrows(DagStateException.class, () -> noNl.execute(c, joinSql, List.of(1), 1000));
            noNl.applyLocal(c);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_setting('enable_nestloop')")) {
                assertTrue(rs.next());
                assertEquals("off", rs.getString(1));
            }
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(0, advisor.observations());
        }
    }

    @Test
    void aStatementTimeoutIsReportedNotThrown() throws SQLException {
        try (Connection c = pg.dataSource().getConnection()) {
            HintArm.HintedExecution run = HintArm.defaultArm().execute(c, "SELECT pg_sleep(2)", List.of(), 50);
            assertTrue(run.timedOut());
            assertTrue(run.rows().isEmpty());
            assertTrue(c.getAutoCommit());
            assertEquals(
                    1,
                    HintArm.defaultArm()
                            .execute(c, "SELECT 1", List.of(), 1000)
                            .rows()
                            .size());
        }
    }

    /** Shared buffers the executed plan touched (hit + read): a load-independent cost measure. */
    private static long buffers(Connection c, HintArm arm, String sql, Object bind) throws SQLException {
        c.setAutoCommit(false);
        try {
            arm.applyLocal(c);
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)) {
                ps.setObject(1, bind);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    ImportedPlan plan = PostgresPlans.fromExplainJson(rs.getString(1));
                    Map<String, Object> root = plan.attributesOf(0);
                    return (long) (PlanFeaturizer.number(root.get("Shared Hit Blocks"))
                            + PlanFeaturizer.number(root.get("Shared Read Blocks")));
                }
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    /* Trains the advisor on one default execution of the template, then chooses once more. */
    private static HintAdvisor.Choice afterOneDefaultRun(HintAdvisor advisor, Connection c, String sql)
            throws SQLException {
        HintAdvisor.Choice first = advisor.choose(c, "t", sql, List.of(3));
        assertEquals(1, first.candidates().size(), "untrained: the default alone is planned");
        HintArm.HintedExecution run = first.chosen().execute(c, sql, List.of(3), 30_000);
        advisor.observe(first, run.latencyMillis(), run.timedOut());
        advisor.retrain();
        return advisor.choose(c, "t", sql, List.of(3));
    }

    @Test
    void theOtherArmsArePlannedOnlyWhereTheyCanPay() throws SQLException {
        String cheap = "SELECT id, x FROM " + pg.q("a") + " WHERE id = ?";
        String slow = "SELECT a.id, pg_sleep(0.3) FROM " + pg.q("a") + " a WHERE a.id = ?";
        try (Connection c = pg.dataSource().getConnection()) {
            // a 0.1 ms lookup against 1000 × the cost of planning four more arms: nothing is planned
            HintAdvisor strict = HintAdvisor.builder()
                    .guardMinSamples(1)
                    .planningCostFactor(1000)
                    .build();
            HintAdvisor.Choice skipped = afterOneDefaultRun(strict, c, cheap);
            assertEquals(HintArm.defaultArm(), skipped.chosen());
            assertTrue(skipped.candidates().isEmpty(), "no EXPLAIN: " + skipped.candidates());
            assertTrue(Double.isNaN(skipped.predictedMillis()));
            int before = strict.observations();
            HintArm.HintedExecution run = skipped.chosen().execute(c, cheap, List.of(3), 30_000);
            strict.observe(skipped, run.latencyMillis(), run.timedOut());
            assertEquals(before, strict.observations(), "no plan, so no training row; the guard still counts it");
            // the rule off: every arm is planned
            HintAdvisor always = HintAdvisor.builder()
                    .guardMinSamples(1)
                    .planningCostFactor(0)
                    .build();
            assertEquals(
                    HintArm.plannerArms().size(),
                    afterOneDefaultRun(always, c, cheap).candidates().size());
            // a 300 ms statement pays for planning four arms at the default factor 2
            HintAdvisor normal = HintAdvisor.builder().guardMinSamples(1).build();
            assertEquals(
                    HintArm.plannerArms().size(),
                    afterOneDefaultRun(normal, c, slow).candidates().size());
        }
        assertThrows(DagArgumentException.class, () -> HintAdvisor.builder().planningCostFactor(-1));
        assertThrows(DagArgumentException.class, () -> HintAdvisor.builder().planningCostFactor(Double.NaN));
    }

    @Test
    void trainedAdvisorLeavesTheDefaultOnATrap() throws SQLException {
        // planningCostFactor 0: this test is about learning, whatever planning costs on a loaded machine
        HintAdvisor advisor = HintAdvisor.builder()
                .seed(8)
                .guardMinSamples(3)
                .planningCostFactor(0)
                .build();
        int[] traps = {7, 8, 9};
        try (Connection c = pg.dataSource().getConnection()) {
            HintArm.defaultArm().execute(c, trapSql, List.of(9), 30_000); // warm the cache
            for (int i = 0; i < 60; i++) {
                int cat = traps[i % traps.length];
                HintAdvisor.Choice choice = advisor.choose(c, "trap", trapSql, List.of(cat));
                HintArm.HintedExecution run = choice.chosen().execute(c, trapSql, List.of(cat), 30_000);
                advisor.observe(choice, run.latencyMillis(), run.timedOut());
                if (i % 5 == 4) {
                    advisor.retrain();
                }
            }
            assertEquals(60, advisor.observations());
            HintAdvisor.Choice last = advisor.choose(c, "trap", trapSql, List.of(9));
            HintArm picked = last.chosen();
            assertNotEquals(HintArm.defaultArm(), picked, "after training the advisor leaves PostgreSQL's plan");
            long defaultBuffers = buffers(c, HintArm.defaultArm(), trapSql, 9);
            long pickedBuffers = buffers(c, picked, trapSql, 9);
            assertTrue(
                    pickedBuffers * 2 < defaultBuffers,
                    picked.name() + " touches " + pickedBuffers + " buffers, default " + defaultBuffers);
            double[] dflt = new double[5];
            double[] mine = new double[5];
            for (int i = 0; i < 5; i++) {
                dflt[i] = HintArm.defaultArm()
                        .execute(c, trapSql, List.of(9), 30_000)
                        .latencyMillis();
                mine[i] = picked.execute(c, trapSql, List.of(9), 30_000).latencyMillis();
            }
            java.util.Arrays.sort(dflt);
            java.util.Arrays.sort(mine);
            assertTrue(mine[2] < dflt[2], picked.name() + " median " + mine[2] + " ms vs default " + dflt[2] + " ms");
            HintAdvisor.PredictionStats q = advisor.predictionStats();
            assertTrue(q.count() > 0 && q.median() >= 1.0, q.toString());
        }
    }
}
