package io.neuraldag.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

/*
 * Runs one query in its own transaction under a hint arm and a statement timeout, and hashes the
 * result rows. The hash is order-insensitive (a sum of per-row 64-bit hashes plus the row count), so
 * two plans that return the same multiset of rows hash alike.
 */
final class Exec {
    static final String QUERY_CANCELED = "57014";

    private Exec() {}

    record Result(double millis, boolean timedOut, long rows, long hash) {}

    /* Session settings of the protocol: no parallel workers, no JIT, custom plans for every bind set. */
    static void prepareSession(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute("SET max_parallel_workers_per_gather = 0");
            st.execute("SET jit = off");
            st.execute("SET plan_cache_mode = force_custom_plan");
        } finally {
            c.setAutoCommit(auto);
        }
    }

    static Result run(Connection c, Instance q, Arm arm, long timeoutMillis) throws SQLException {
        return run(c, q.sql(), q.binds(), arm, timeoutMillis);
    }

    static Result run(Connection c, String sql, List<Object> binds, Arm arm, long timeoutMillis) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
                ps.setString(1, Long.toString(timeoutMillis));
                ps.execute();
            }
            arm.applyLocal(c);
            long t0 = System.nanoTime();
            long rows = 0;
            long hash = 0;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, binds);
                try (ResultSet rs = ps.executeQuery()) {
                    int cols = rs.getMetaData().getColumnCount();
                    StringBuilder sb = new StringBuilder();
                    while (rs.next()) {
                        sb.setLength(0);
                        for (int i = 1; i <= cols; i++) {
                            sb.append(rs.getString(i)).append('\u0001');
                        }
                        hash += hash64(sb.toString());
                        rows++;
                    }
                }
            } catch (SQLException e) {
                if (QUERY_CANCELED.equals(e.getSQLState())) {
                    c.rollback();
                    return new Result(timeoutMillis, true, -1, 0);
                }
                throw e;
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            c.commit();
            return new Result(ms, false, rows, hash * 31 + rows);
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    static void bind(PreparedStatement ps, List<?> binds) throws SQLException {
        for (int i = 0; i < binds.size(); i++) {
            Object b = binds.get(i);
            if (b instanceof LocalDate d) {
                ps.setObject(i + 1, d);
            } else {
                ps.setObject(i + 1, b);
            }
        }
    }

    /* FNV-1a over the UTF-8 bytes, then a 64-bit finalizer so that sums of row hashes mix well. */
    static long hash64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
