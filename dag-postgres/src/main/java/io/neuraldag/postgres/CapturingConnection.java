package io.neuraldag.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;

/*
 * A connection of NeuralDagDataSource. Its per-connection state (spec 03 §1.2: a field of the
 * connection, not a thread-local, because pools move connections between threads) is the sampling
 * generator and whether auto_explain is active on the session. Statements it makes are captured;
 * prepareCall is forwarded unwrapped (calls are not planned by EXPLAIN).
 */
final class CapturingConnection extends ForwardingConnection {
    final Capture capture;
    private final SplittableRandom random;
    private boolean autoExplain;

    CapturingConnection(Connection delegate, Capture capture, long seed) {
        super(delegate);
        this.capture = capture;
        this.random = new SplittableRandom(seed);
    }

    synchronized double sample() {
        return random.nextDouble();
    }

    boolean autoExplainActive() {
        return autoExplain;
    }

    /** Turns on auto_explain for this session; false (and TIMING capture) when it cannot be loaded. */
    boolean enableAutoExplain() {
        try (Statement st = delegate.createStatement()) {
            st.execute("LOAD 'auto_explain'");
            try (PreparedStatement ps = delegate.prepareStatement("SELECT set_config('auto_explain.log_min_duration',"
                    + " '0', false), set_config('auto_explain.log_analyze', 'on', false),"
                    + " set_config('auto_explain.log_buffers', 'on', false),"
                    + " set_config('auto_explain.log_format', 'json', false),"
                    + " set_config('auto_explain.log_level', 'notice', false)")) {
                ps.execute();
            }
            autoExplain = true;
        } catch (SQLException e) {
            capture.failed("enabling auto_explain (falling back to TIMING on this connection)", e);
            autoExplain = false;
        }
        return autoExplain;
    }

    @Override
    public Statement createStatement() throws SQLException {
        return new CapturingStatement(delegate.createStatement(), this);
    }

    @Override
    public Statement createStatement(int a0, int a1) throws SQLException {
        return new CapturingStatement(delegate.createStatement(a0, a1), this);
    }

    @Override
    public Statement createStatement(int a0, int a1, int a2) throws SQLException {
        return new CapturingStatement(delegate.createStatement(a0, a1, a2), this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return new CapturingPreparedStatement(delegate.prepareStatement(sql), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] a1) throws SQLException {
        return new CapturingPreparedStatement(delegate.prepareStatement(sql, a1), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] a1) throws SQLException {
        return new CapturingPreparedStatement(delegate.prepareStatement(sql, a1), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int a1) throws SQLException {
        return new CapturingPreparedStatement(delegate.prepareStatement(sql, a1), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int a1, int a2) throws SQLException {
        return new CapturingPreparedStatement(delegate.prepareStatement(sql, a1, a2), this, sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int a1, int a2, int a3) throws SQLException {
        return new CapturingPreparedStatement(delegate.prepareStatement(sql, a1, a2, a3), this, sql);
    }

    @Override
    public void close() throws SQLException {
        if (autoExplain && !delegate.isClosed()) {
            autoExplain = false;
            try (PreparedStatement ps =
                    delegate.prepareStatement("SELECT set_config('auto_explain.log_min_duration', '-1', false)")) {
                ps.execute();
            } catch (SQLException e) {
                // the session is going away or broken: the pool discards it
            }
        }
        delegate.close();
    }
}
