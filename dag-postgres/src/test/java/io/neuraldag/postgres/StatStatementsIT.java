package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CaptureMode.STAT_STATEMENTS on a server that has pg_stat_statements in shared_preload_libraries:
 * each captured execution's baseline is the server's mean execution time of the statement's query id
 * over the calls before it (read by the test straight from the view's {@code mean_exec_time}), and
 * the first execution, without a record yet, falls back to the client-side moving average (0).
 *
 * <p>Loading the library needs a server restart, which a test must not do to a shared server: where
 * the library is not preloaded the test is skipped and says so, except under {@code CI=true}, where it
 * fails: {@code .ci/run} preloads the library with {@code scripts/enable-pg-stat-statements.sh}.
 */
@ExtendWith(PgDatabase.class)
class StatStatementsIT {

    private static @Nullable String unavailable(PgFixture pg) throws SQLException {
        String preload;
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SHOW shared_preload_libraries");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            preload = rs.getString(1);
        }
        if (!preload.contains("pg_stat_statements")) {
            return "pg_stat_statements is not loadable here: shared_preload_libraries = '" + preload
                    + "' (adding it needs a server restart; run against a server that preloads it)";
        }
        pg.exec("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        return null;
    }

    /** The view's own record of a query id, or null: {calls, mean_exec_time}. */
    private static double @Nullable [] record(PgFixture pg, long queryId) throws SQLException {
        try (Connection c = pg.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT calls, mean_exec_time FROM pg_stat_statements"
                        + " WHERE queryid = ? AND toplevel AND dbid = (SELECT oid FROM pg_database"
                        + " WHERE datname = current_database())")) {
            ps.setLong(1, queryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                double[] r = {rs.getLong(1), rs.getDouble(2)};
                assertThat(rs.next()).as("one user, one record").isFalse();
                return r;
            }
        }
    }

    @Test
    void baselineIsTheServersMeanOfEarlierCalls(PgFixture pg) throws Exception {
        String why = unavailable(pg);
        if (why != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why + " (CI must run this test: scripts/enable-pg-stat-statements.sh preloads the library)");
        }
        assumeTrue(why == null, why);
        pg.install();
        String t = pg.q("stat_items");
        pg.exec("CREATE TABLE " + t + " (id int PRIMARY KEY, v int NOT NULL)");
        pg.exec("INSERT INTO " + t + " SELECT g, g % 50 FROM generate_series(1, 20000) g");
        pg.exec("ANALYZE " + t);
        String sql = "SELECT count(*) FROM " + t + " WHERE v = ?";
        try (DagRegistry registry =
                DagRegistry.builder().engineBase(LearningFixtures.fastEngine()).build()) {
            NeuralDagDataSource ds = NeuralDagDataSource.builder(pg.dataSource(), registry)
                    .mode(CaptureMode.STAT_STATEMENTS)
                    .planTtl(Duration.ZERO)
                    .build();
            assertThat(ds.mode()).isEqualTo(CaptureMode.STAT_STATEMENTS);
            Long queryId = null;
            for (int k = 0; k < 6; k++) {
                double[] before = queryId == null ? null : record(pg, queryId);
                try (Connection c = ds.getConnection();
                        PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setInt(1, k);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(400);
                    }
                }
                assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
                List<CapturedExecution> got = ds.recorder().drain(10);
                assertThat(got).hasSize(1);
                CapturedExecution e = got.get(0);
                assertThat(e.mode()).isEqualTo(CaptureMode.STAT_STATEMENTS);
                assertThat(e.pgQueryId()).as("query id (compute_query_id)").isNotNull();
                if (queryId == null) {
                    queryId = e.pgQueryId();
                    // nothing recorded yet for this fresh table: the moving average's first run
                    assertThat(e.trajectory().metrics().baselineMs()).isZero();
                    continue;
                }
                assertThat(e.pgQueryId()).isEqualTo(queryId);
                assertThat(before)
                        .as("pg_stat_statements record after %d calls", k)
                        .isNotNull();
                double[] seen = java.util.Objects.requireNonNull(before);
                assertThat(seen[0]).isEqualTo(k);
                assertThat(e.trajectory().metrics().baselineMs())
                        .as("baseline of call %d", k + 1)
                        .isCloseTo(seen[1], within(1e-9 * Math.max(1, seen[1])));
            }
            double[] last = record(pg, java.util.Objects.requireNonNull(queryId));
            assertThat(last).isNotNull();
            assertThat(java.util.Objects.requireNonNull(last)[0]).isEqualTo(6);
            assertThat(ds.stats().captured()).isEqualTo(6);
        }
    }
}
