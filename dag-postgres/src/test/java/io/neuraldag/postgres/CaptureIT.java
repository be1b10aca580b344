package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.neuraldag.core.Operator;
import io.neuraldag.core.QueryDag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(PgDatabase.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureIT {
    private static final int DIM = 8;
    private final PgFixture pg;
    private DagSchema.Installed installed;
    private String items;

    CaptureIT(PgFixture pg) {
        this.pg = pg;
    }

    @BeforeAll
    void setUp() throws Exception {
        assumeTrue(pg.vectorAvailable(), "pgvector is not installed (scripts/install-pgvector.sh)");
        installed = pg.install();
        items = pg.q("items");
        pg.exec("CREATE TABLE " + items + " (id int PRIMARY KEY, grp int NOT NULL, embedding vector(" + DIM + "))");
        SplittableRandom r = new SplittableRandom(7);
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("INSERT INTO " + items + " VALUES (?, ?, CAST(? AS vector))")) {
            for (int i = 0; i < 1000; i++) {
                ps.setInt(1, i);
                ps.setInt(2, i % 10);
                ps.setString(3, vector(r));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        pg.exec("CREATE INDEX items_emb_idx ON " + items + " USING hnsw (embedding vector_l2_ops)");
        pg.exec("ANALYZE " + items);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (items != null) {
            pg.exec("DROP TABLE IF EXISTS " + items);
        }
    }

    static String vector(SplittableRandom r) {
        StringBuilder sb = new StringBuilder("[");
        for (int d = 0; d < DIM; d++) {
            if (d > 0) {
                sb.append(',');
            }
            sb.append(String.format(Locale.ROOT, "%.4f", r.nextDouble()));
        }
        return sb.append(']').toString();
    }

    private DagRegistry registry() {
        return DagRegistry.builder().engineBase(LearningFixtures.fastEngine()).build();
    }

    private String knn() {
        return "SELECT id FROM " + items + " ORDER BY embedding <-> CAST(? AS vector) LIMIT 10";
    }

    private static List<Integer> ids(ResultSet rs) throws SQLException {
        List<Integer> out = new ArrayList<>();
        while (rs.next()) {
            out.add(rs.getInt(1));
        }
        return out;
    }

    @Test
    void tenKnnQueriesGiveTenTrajectoriesWithAnHnswScan() throws Exception {
        try (DagRegistry registry = registry()) {
            NeuralDagDataSource ds =
                    NeuralDagDataSource.builder(pg.dataSource(), registry).build();
            SplittableRandom r = new SplittableRandom(3);
            try (Connection c = ds.getConnection();
                    Connection plain = pg.dataSource().getConnection()) {
                for (Connection x : List.of(c, plain)) {
                    try (Statement st = x.createStatement()) {
                        st.execute("SET enable_seqscan = off");
                        st.execute("SET hnsw.ef_search = 57");
                    }
                }
                for (int i = 0; i < 10; i++) {
                    String v = vector(r);
                    List<Integer> wrapped;
                    List<Integer> direct;
                    try (PreparedStatement ps = c.prepareStatement(knn())) {
                        ps.setString(1, v);
                        try (ResultSet rs = ps.executeQuery()) {
                            wrapped = ids(rs);
                        }
                    }
                    try (PreparedStatement ps = plain.prepareStatement(knn())) {
                        ps.setString(1, v);
                        try (ResultSet rs = ps.executeQuery()) {
                            direct = ids(rs);
                        }
                    }
                    assertThat(wrapped).hasSize(10).isEqualTo(direct);
                }
                assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
                CaptureStats s = ds.stats();
                assertThat(s.statements()).isEqualTo(12);
                assertThat(s.captured()).isEqualTo(10);
                assertThat(s.passedThrough()).isEqualTo(2);
                assertThat(s.learningFailures()).isZero();
                assertThat(s.explains()).isEqualTo(1);
                assertThat(s.planCacheHits()).isEqualTo(9);
                assertThat(registry.global().engine().trajectoryBuffer().size()).isEqualTo(10);
                assertThat(ds.recorder().counts().pending()).isEqualTo(10);

                // the plan the capture learned from
                String literal = vector(r);
                NeuralDagDataSource.AnalyzedExecution a = ds.analyzeExecuted(
                        c, "SELECT id FROM " + items + " ORDER BY embedding <-> '" + literal + "' LIMIT 10");
                QueryDag dag = a.plan().dag();
                List<Operator.HnswScan> scans = new ArrayList<>();
                for (int id : dag.nodeIds()) {
                    if (dag.node(id).operator() instanceof Operator.HnswScan h) {
                        scans.add(h);
                    }
                }
                assertThat(scans).hasSize(1);
                assertThat(scans.get(0).index()).isEqualTo("items_emb_idx");
                assertThat(scans.get(0).efSearch()).isEqualTo(57);
                assertThat(scans.get(0).k()).isEqualTo(10);
                assertThat(a.trajectory().metrics().rows()).isEqualTo(10);
                assertThat(a.scope()).isEqualTo(DagRegistry.GLOBAL);
            }
            TrajectoryStore store = TrajectoryStore.create(pg.dataSource(), installed);
            long before = store.count(DagRegistry.GLOBAL);
            LearningScheduler scheduler = LearningScheduler.builder(registry, pg.dataSource(), installed)
                    .recorder(ds.recorder())
                    .build();
            try (scheduler) {
                LearningScheduler.LearningReport report = scheduler.learnNow();
                assertThat(report.trajectoriesStored()).isEqualTo(11);
            }
            assertThat(store.count(DagRegistry.GLOBAL) - before).isEqualTo(11);
            // ten executions of one prepared text share a sql_hash; the analyzed text is another
            assertThat(pg.queryLong("SELECT count(DISTINCT sql_hash) FROM " + pg.q("dag_trajectories")
                            + " WHERE capture_mode = 'TIMING' AND rows_out = 10"))
                    .isEqualTo(2);
            assertThat(pg.queryLong("SELECT count(*) FROM " + pg.q("dag_trajectories")
                            + " WHERE capture_mode = 'TIMING' AND rows_out = 10 AND baseline_ms > 0"))
                    .isEqualTo(9);
        }
    }

    @ParameterizedTest(name = "async {0}, queue {1}")
    @CsvSource({"false, 1", "true, 1", "true, 10000"})
    void everyExecutionIsLearnedFromOrCountedAsDropped(boolean async, int capacity) throws Exception {
        int n = 200;
        try (DagRegistry registry = registry()) {
            NeuralDagDataSource ds = NeuralDagDataSource.builder(pg.dataSource(), registry)
                    .asyncLearning(async)
                    .learningQueueCapacity(capacity)
                    .build();
            long bufferBefore = registry.global().engine().trajectoryBuffer().totalSeen();
            try (Connection c = ds.getConnection();
                    PreparedStatement ps =
                            c.prepareStatement("SELECT id FROM " + items + " WHERE grp = ? ORDER BY id")) {
                for (int i = 0; i < n; i++) {
                    ps.setInt(1, i % 10);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(ids(rs)).hasSize(100);
                    }
                    if (!async) {
                        // synchronous learning: the trajectory exists before the next statement
                        assertThat(ds.stats().captured()).isEqualTo(i + 1);
                    }
                }
            }
            assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
            CaptureStats s = ds.stats();
            assertThat(s.statements()).isEqualTo(n);
            assertThat(s.learningFailures()).isZero();
            assertThat(s.captured() + s.learningDropped()).isEqualTo(n);
            if (!async || capacity >= n) {
                assertThat(s.learningDropped()).isZero();
            }
            assertThat(registry.global().engine().trajectoryBuffer().totalSeen() - bufferBefore)
                    .isEqualTo(s.captured());
            assertThat(ds.recorder().counts().seen()).isEqualTo(s.captured());
        }
    }

    @Test
    void optOutSamplingAndNonPlannableStatementsRunUntouched() throws Exception {
        try (DagRegistry registry = registry()) {
            NeuralDagDataSource none = NeuralDagDataSource.builder(pg.dataSource(), registry)
                    .sampleRate(0)
                    .build();
            NeuralDagDataSource all =
                    NeuralDagDataSource.builder(pg.dataSource(), registry).build();
            try (Connection c = none.getConnection();
                    Statement st = c.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + items)) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(1000);
                    }
                }
            }
            assertThat(none.stats().unsampled()).isEqualTo(5);
            assertThat(none.stats().explains()).isZero();
            try (Connection c = all.getConnection();
                    Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("/* nodag */ SELECT count(*) FROM " + items)) {
                    rs.next();
                }
                st.execute("SET work_mem = '8MB'");
                assertThat(st.execute("SELECT 1; SELECT 2")).isTrue();
                st.executeUpdate("CREATE TEMP TABLE t_tmp (x int)");
                assertThat(st.executeUpdate("INSERT INTO t_tmp SELECT generate_series(1, 7)"))
                        .isEqualTo(7);
                st.addBatch("INSERT INTO t_tmp VALUES (8)");
                st.executeBatch();
                try (ResultSet rs = st.executeQuery("SELECT x FROM t_tmp ORDER BY x")) {
                    assertThat(ids(rs)).hasSize(8);
                }
                assertThat(st.execute("SELECT count(*) FROM t_tmp")).isTrue();
                try (ResultSet rs = st.getResultSet()) {
                    assertThat(rs.getStatement()).isSameAs(st);
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(8);
                }
                assertThat(st.getConnection()).isSameAs(c);
            }
            assertThat(all.awaitLearning(Duration.ofSeconds(60))).isTrue();
            CaptureStats s = all.stats();
            assertThat(s.optedOut()).isEqualTo(1);
            assertThat(s.captured()).isEqualTo(3); // the INSERT … SELECT, the ordered SELECT, the count
            assertThat(s.passedThrough()).isEqualTo(4); // SET, two statements, CREATE, the batch
            assertThat(s.statements()).isEqualTo(s.captured() + s.optedOut() + s.passedThrough());
            assertThat(s.learningFailures()).isZero();
        }
    }

    @Test
    void errorsPropagateUnchangedAndTransactionsAreUntouched() throws Exception {
        try (DagRegistry registry = registry()) {
            NeuralDagDataSource ds =
                    NeuralDagDataSource.builder(pg.dataSource(), registry).build();
            String bad = "SELECT no_such_column FROM " + items;
            String expected;
            try (Connection plain = pg.dataSource().getConnection();
                    Statement st = plain.createStatement()) {
                expected = sqlState(() -> st.executeQuery(bad));
            }
            try (Connection c = ds.getConnection()) {
                try (Statement st = c.createStatement()) {
                    assertThat(sqlState(() -> st.executeQuery(bad)))
                            .isEqualTo(expected)
                            .isEqualTo("42703");
                }
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("CREATE TEMP TABLE tx_rows (x int)");
                    assertThat(st.executeUpdate("INSERT INTO tx_rows VALUES (1), (2)"))
                            .isEqualTo(2);
                    // the capture's EXPLAIN ran inside a rolled-back savepoint: the transaction goes on
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM tx_rows")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(2);
                    }
                    try (ResultSet rs = st.executeQuery("SELECT current_setting('statement_timeout')")) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("0");
                    }
                    c.rollback();
                }
                c.setAutoCommit(true);
            }
            assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
            assertThat(ds.stats().learningFailures()).isEqualTo(1); // the EXPLAIN of the bad statement
            assertThat(ds.stats().explainFailures()).isEqualTo(1);
        }
    }

    @Test
    void explainAnalyzeOfDmlLeavesTheRowsUnchanged() throws Exception {
        try (DagRegistry registry = registry()) {
            NeuralDagDataSource ds = NeuralDagDataSource.builder(pg.dataSource(), registry)
                    .mode(CaptureMode.EXPLAIN_ANALYZE)
                    .build();
            long sum = pg.queryLong("SELECT sum(grp) FROM " + items);
            try (Connection c = ds.getConnection()) {
                NeuralDagDataSource.AnalyzedExecution a =
                        ds.analyzeExecuted(c, "UPDATE " + items + " SET grp = grp + 1 WHERE id < 500");
                assertThat(a.plan().executionTimeMs()).isNotNull();
                NeuralDagDataSource.AnalyzedExecution j = ds.analyzeExecuted(
                        c,
                        "SELECT a.grp, count(*) FROM " + items + " a JOIN " + items
                                + " b ON a.id = b.id GROUP BY a.grp ORDER BY a.grp");
                assertThat(j.trajectory().metrics().rows()).isEqualTo(10);
                assertThat(j.trajectory().metrics().hasCacheHitRatio()).isTrue();
                // ordinary statements pass through in this mode
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                }
                assertThatThrownBy(() -> ds.analyzeExecuted(c, "SELECT 1; SELECT 2"))
                        .isInstanceOf(DagStateException.class)
                        .hasMessageStartingWith("[RV012]");
                assertThatThrownBy(() -> ds.analyzeExecuted(c, "SELECT nope FROM " + items))
                        .isInstanceOf(DagStateException.class)
                        .hasMessageContaining("42703");
            }
            assertThat(pg.queryLong("SELECT sum(grp) FROM " + items)).isEqualTo(sum);
            assertThat(ds.stats().captured()).isEqualTo(2);
            assertThat(ds.stats().passedThrough()).isEqualTo(1);
        }
    }

    @Test
    void autoExplainNoticeGivesTheExecutedPlanAndHidesTheNotice() throws Exception {
        try (DagRegistry registry = registry()) {
            NeuralDagDataSource ds = NeuralDagDataSource.builder(pg.dataSource(), registry)
                    .mode(CaptureMode.AUTO_EXPLAIN_NOTICE)
                    .build();
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                assumeTrue(
                        ((CapturingConnection) c).autoExplainActive(),
                        "LOAD 'auto_explain' is not allowed for this user");
                for (int i = 0; i < 3; i++) {
                    try (ResultSet rs =
                            st.executeQuery("SELECT grp, count(*) FROM " + items + " GROUP BY grp ORDER BY grp")) {
                        assertThat(ids(rs)).hasSize(10);
                    }
                    SQLWarning w = st.getWarnings();
                    for (SQLWarning x = w; x != null; x = x.getNextWarning()) {
                        assertThat(AutoExplainNotice.is(x)).isFalse();
                    }
                }
            }
            assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
            assertThat(ds.stats().captured()).isEqualTo(3);
            assertThat(ds.stats().explains()).isZero();
            assertThat(ds.recorder().drain(10)).hasSize(3).allSatisfy(e -> {
                assertThat(e.mode()).isEqualTo(CaptureMode.AUTO_EXPLAIN_NOTICE);
                assertThat(e.trajectory().metrics().rows()).isEqualTo(10);
                assertThat(e.trajectory().metrics().hasMemoryBytes()).isTrue();
            });
        }
    }

    @Test
    void statStatementsModeNeedsTheExtension() throws Exception {
        long loaded = pg.queryLong("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'");
        try (DagRegistry registry = registry()) {
            NeuralDagDataSource.Builder b =
                    NeuralDagDataSource.builder(pg.dataSource(), registry).mode(CaptureMode.STAT_STATEMENTS);
            if (loaded == 0) {
                assertThatThrownBy(b::build)
                        .isInstanceOf(DagArgumentException.class)
                        .hasMessageStartingWith("[RV011]")
                        .hasMessageContaining("shared_preload_libraries");
            } else {
                assertThat(b.build().mode()).isEqualTo(CaptureMode.STAT_STATEMENTS);
            }
        }
    }

    interface SqlCall {
        Object run() throws SQLException;
    }

    static String sqlState(SqlCall call) {
        try {
            call.run();
            throw new AssertionError("no exception");
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }
}
