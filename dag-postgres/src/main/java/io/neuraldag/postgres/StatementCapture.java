package io.neuraldag.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/*
 * The execution logic shared by the wrapped Statement and PreparedStatement: times the call, hands
 * result sets out wrapped in a row counter, and completes or abandons the capture. Confined to its
 * statement (JDBC statements are not used concurrently). The statement's own exception always
 * propagates unchanged; nothing of the learning side can throw out of here.
 */
final class StatementCapture {
    @FunctionalInterface
    interface Call<T> {
        T run() throws SQLException;
    }

    final CapturingConnection conn;
    final Statement raw;
    Statement owner;
    private @Nullable CountingResultSet current;
    private Capture.@Nullable Pending awaiting;
    private long awaitingNanos;

    StatementCapture(CapturingConnection conn, Statement raw) {
        this.conn = conn;
        this.raw = raw;
        this.owner = raw;
    }

    ResultSet query(Capture.@Nullable Pending p, Call<ResultSet> call) throws SQLException {
        finishCurrent();
        long t0 = System.nanoTime();
        ResultSet rs;
        try {
            rs = call.run();
        } catch (SQLException | RuntimeException | Error e) {
            abandon(p);
            throw e;
        }
        long nanos = System.nanoTime() - t0;
        CountingResultSet wrapped = new CountingResultSet(rs, this, p, nanos);
        current = wrapped;
        return wrapped;
    }

    long update(Capture.@Nullable Pending p, Call<Long> call) throws SQLException {
        finishCurrent();
        long t0 = System.nanoTime();
        long n;
        try {
            n = call.run();
        } catch (SQLException | RuntimeException | Error e) {
            abandon(p);
            throw e;
        }
        long nanos = System.nanoTime() - t0;
        if (p != null) {
            conn.capture.complete(p, nanos, n, warnings());
        }
        return n;
    }

    boolean execute(Capture.@Nullable Pending p, Call<Boolean> call) throws SQLException {
        finishCurrent();
        long t0 = System.nanoTime();
        boolean hasResultSet;
        try {
            hasResultSet = call.run();
        } catch (SQLException | RuntimeException | Error e) {
            abandon(p);
            throw e;
        }
        long nanos = System.nanoTime() - t0;
        if (p != null) {
            if (hasResultSet) {
                awaiting = p;
                awaitingNanos = nanos;
            } else {
                long count;
                try {
                    count = raw.getLargeUpdateCount();
                } catch (SQLException | RuntimeException e) {
                    count = -1;
                }
                conn.capture.complete(p, nanos, count, warnings());
            }
        }
        return hasResultSet;
    }

    @Nullable
    ResultSet resultSet(@Nullable ResultSet rs) {
        if (rs == null) {
            return null;
        }
        if (current != null && current.delegate == rs) {
            return current;
        }
        Capture.Pending p = awaiting;
        awaiting = null;
        CountingResultSet wrapped = new CountingResultSet(rs, this, p, awaitingNanos);
        current = wrapped;
        return wrapped;
    }

    /** A plain passthrough (batches, generated keys): counted, never captured. */
    void passThrough() {
        finishCurrent();
        conn.capture.statements.increment();
        conn.capture.passedThrough.increment();
    }

    void finishCurrent() {
        CountingResultSet c = current;
        current = null;
        if (c != null) {
            c.finish();
        }
        Capture.Pending p = awaiting;
        awaiting = null;
        if (p != null) {
            conn.capture.complete(p, awaitingNanos, -1, warnings());
        }
    }

    void complete(Capture.Pending p, long nanos, long rows) {
        conn.capture.complete(p, nanos, rows, warnings());
    }

    private void abandon(Capture.@Nullable Pending p) {
        if (p != null) {
            conn.capture.abandon(p);
        }
    }

    @Nullable
    SQLWarning warnings() {
        if (conn.capture.mode != CaptureMode.AUTO_EXPLAIN_NOTICE) {
            return null;
        }
        try {
            return raw.getWarnings();
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    @Nullable
    SQLWarning visibleWarnings() throws SQLException {
        SQLWarning w = raw.getWarnings();
        return conn.capture.mode == CaptureMode.AUTO_EXPLAIN_NOTICE ? AutoExplainNotice.strip(w) : w;
    }
}
