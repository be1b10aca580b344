package io.neuraldag.postgres;

import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.Trajectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Writes captured executions to {@code dag_trajectories} and applies the retention (spec 03 §1.3).
 *
 * <p>Thread-safe: the store holds no mutable state.
 */
public final class TrajectoryStore {
    private final DataSource dataSource;
    private final VectorCodec vectors;
    private final String insert;
    private final String deleteOld;
    private final String count;
    private final String countAll;

    private TrajectoryStore(DataSource dataSource, DagSchema.Installed installed) {
        this.dataSource = dataSource;
        this.vectors = new VectorCodec(installed);
        String t = installed.schema().table("dag_trajectories");
        this.insert = "INSERT INTO " + t
                + " (scope, engine_trajectory_id, query_hash, sql_hash, pg_query_id, query_text, recorded_at,"
                + " execution_time_ms, baseline_ms, improvement_ratio, quality, attention_mechanism, rows_out,"
                + " memory_bytes, cache_hit_ratio, capture_mode, embedding)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + vectors.bindMarker() + ")";
        this.deleteOld = "DELETE FROM " + t + " WHERE recorded_at < ?";
        this.count = "SELECT count(*) FROM " + t + " WHERE scope = ?";
        this.countAll = "SELECT count(*) FROM " + t;
    }

    /**
     * A store on an installed schema.
     *
     * @param dataSource the database
     * @param installed what {@link DagSchema#install} returned
     * @return the store
     */
    public static TrajectoryStore create(DataSource dataSource, DagSchema.Installed installed) {
        return new TrajectoryStore(
                Objects.requireNonNull(dataSource, "dataSource"), Objects.requireNonNull(installed, "installed"));
    }

    /**
     * Inserts executions in one batch, in a transaction of its own.
     *
     * @param rows the executions
     * @return rows inserted
     * @throws DagStateException RV004 if the insert fails (none of the rows is visible)
     */
    public int insert(List<CapturedExecution> rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            return Jdbc.inTransaction(dataSource, c -> insertIn(c, rows));
        } catch (SQLException e) {
            throw Jdbc.failure("storing " + rows.size() + " trajectories", e);
        }
    }

    /**
     * Inserts executions in one batch on a connection whose transaction the caller owns.
     *
     * @param connection the connection
     * @param rows the executions
     * @return rows inserted
     * @throws SQLException if the insert fails
     */
    public int insertIn(Connection connection, List<CapturedExecution> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = connection.prepareStatement(insert)) {
            for (CapturedExecution r : rows) {
                Trajectory t = r.trajectory();
                ExecutionMetrics m = t.metrics();
                ps.setString(1, r.scope());
                ps.setLong(2, t.id());
                ps.setLong(3, t.queryHash());
                ps.setString(4, r.sqlHash());
                if (r.pgQueryId() != null) {
                    ps.setLong(5, r.pgQueryId());
                } else {
                    ps.setNull(5, Types.BIGINT);
                }
                ps.setString(6, r.queryText());
                ps.setTimestamp(7, Timestamp.from(t.timestamp()));
                ps.setDouble(8, m.executionMs());
                ps.setDouble(9, m.baselineMs());
                ps.setDouble(10, m.improvement());
                ps.setDouble(11, t.quality());
                ps.setString(12, t.mechanism().wireName());
                setLongOrNull(ps, 13, m.hasRows(), m.rows());
                setLongOrNull(ps, 14, m.hasMemoryBytes(), m.memoryBytes());
                if (m.hasCacheHitRatio()) {
                    ps.setDouble(15, m.cacheHitRatio());
                } else {
                    ps.setNull(15, Types.DOUBLE);
                }
                ps.setString(16, r.mode().name());
                ps.setString(17, vectors.literal(t.embedding()));
                ps.addBatch();
            }
            int n = 0;
            for (int u : ps.executeBatch()) {
                n += u == java.sql.Statement.SUCCESS_NO_INFO ? 1 : u;
            }
            return n;
        }
    }

    /**
     * Deletes trajectories recorded before a cut-off, on the caller's connection.
     *
     * @param connection the connection
     * @param cutoff the oldest time kept
     * @return rows deleted
     * @throws SQLException if the delete fails
     */
    public int deleteOlderThanIn(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(deleteOld)) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            return ps.executeUpdate();
        }
    }

    /**
     * The number of stored trajectories of a scope.
     *
     * @param scope the scope key
     * @return the count
     * @throws DagStateException RV004 if reading fails
     */
    public long count(String scope) {
        Objects.requireNonNull(scope, "scope");
        try {
            return Jdbc.withConnection(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement(count)) {
                    ps.setString(1, scope);
                    return single(ps);
                }
            });
        } catch (SQLException e) {
            throw Jdbc.failure("counting trajectories", e);
        }
    }

    /**
     * The number of stored trajectories of every scope.
     *
     * @return the count
     * @throws DagStateException RV004 if reading fails
     */
    public long countAll() {
        try {
            return Jdbc.withConnection(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement(countAll)) {
                    return single(ps);
                }
            });
        } catch (SQLException e) {
            throw Jdbc.failure("counting trajectories", e);
        }
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setLongOrNull(PreparedStatement ps, int i, boolean known, long v) throws SQLException {
        if (known) {
            ps.setLong(i, v);
        } else {
            ps.setNull(i, Types.BIGINT);
        }
    }
}
