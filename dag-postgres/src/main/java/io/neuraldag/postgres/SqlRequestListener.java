package io.neuraldag.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@code dag_request} queue of {@link SqlApiSchema} with a {@link NeuralDag}: one daemon
 * thread LISTENs on the schema's channel over a dedicated connection, wakes on each NOTIFY (and at
 * least every 500 ms, so requests whose notification was missed are served too), claims pending
 * requests one at a time ({@code FOR UPDATE SKIP LOCKED}, so several listeners may share a queue),
 * runs them, and writes {@code dag_responses} in the same transaction that marks the request done
 * or failed.
 *
 * <p>A result is stored as jsonb ({@code {"rows": [...]}}, {@code {"value": ...}} or {@code {}}).
 * An {@link RvException} is stored as its SQLSTATE ({@code RV001} … {@code RV012}) and message, which
 * {@code dag_response} raises; any other exception as {@code XX000}. A lost listening connection is
 * reopened after one second.
 *
 * <p>Thread-safe; {@link #close()} stops the thread and closes its connection.
 */
public final class SqlRequestListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqlRequestListener.class);
    private static final int WAKE_MS = 500;

    private final NeuralDag dag;
    private final DataSource dataSource;
    private final SqlApiSchema api;
    private final Thread thread;
    private final CountDownLatch listening = new CountDownLatch(1);
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final String claim;
    private final String respond;
    private final String mark;
    private volatile boolean running = true;
    private volatile @Nullable Connection listenConnection;

    private SqlRequestListener(NeuralDag dag, DataSource dataSource) {
        this.dag = dag;
        this.dataSource = dataSource;
        this.api = SqlApiSchema.of(dag.schema());
        DagSchema s = dag.schema().schema();
        String requests = s.table("dag_requests");
        this.claim = "UPDATE " + requests + " SET status = 'running', claimed_at = now() WHERE request_id ="
                + " (SELECT request_id FROM " + requests + " WHERE status = 'pending' ORDER BY request_id"
                + " FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING request_id, fn, args::text";
        this.respond = "INSERT INTO " + s.table("dag_responses")
                + " (request_id, result, error_sqlstate, error_message) VALUES (?, CAST(? AS jsonb), ?, ?)"
                + " ON CONFLICT (request_id) DO NOTHING";
        this.mark = "UPDATE " + requests + " SET status = ? WHERE request_id = ?";
        this.thread = new Thread(this::run, "neural-dag-sql-" + s.name());
        thread.setDaemon(true);
    }

    /**
     * Starts serving, and waits up to 10 s until the listener is subscribed.
     *
     * @param dag the facade that answers
     * @param dataSource where the queue is; one connection is held for LISTEN, others are borrowed per
     *     request
     * @return the running listener
     */
    public static SqlRequestListener start(NeuralDag dag, DataSource dataSource) {
        SqlRequestListener l = new SqlRequestListener(
                Objects.requireNonNull(dag, "dag"), Objects.requireNonNull(dataSource, "dataSource"));
        l.thread.start();
        try {
            if (!l.listening.await(10, TimeUnit.SECONDS)) {
                LOG.warn("listener for {} not subscribed after 10 s; it keeps trying", l.api.channel());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return l;
    }

    /**
     * Requests answered with a result.
     *
     * @return the count
     */
    public long served() {
        return served.get();
    }

    /**
     * Requests answered with an error.
     *
     * @return the count
     */
    public long failed() {
        return failed.get();
    }

    /**
     * Whether the thread is running.
     *
     * @return true until {@link #close()}
     */
    public boolean running() {
        return running && thread.isAlive();
    }

    private void run() {
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                listenConnection = c;
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + Jdbc.quoteIdent(api.channel()));
                }
                listening.countDown();
                Notifications pg = Notifications.of(c);
                while (running) {
                    while (running && serveOne()) {
                        // drain the queue
                    }
                    pg.await(WAKE_MS);
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("SQL request listener of {}: {}; reconnecting in 1 s", api.channel(), e.toString());
                    sleep(1000);
                }
            } finally {
                listenConnection = null;
            }
        }
    }

    /** Claims and answers one pending request; false when there is none. */
    boolean serveOne() throws SQLException {
        long id;
        String fn;
        String args;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement(claim);
                    ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                id = rs.getLong(1);
                fn = rs.getString(2);
                args = rs.getString(3);
            }
        }
        String result = null;
        String state = null;
        String message = null;
        try {
            Map<String, Object> a = Json.parseObject(args);
            result = Json.write(SqlDispatch.call(dag, fn, a));
        } catch (RuntimeException e) {
            if (e instanceof RvException rv) {
                state = rv.sqlState();
            } else {
                state = "XX000";
                LOG.warn("request {} ({}) failed", id, fn, e);
            }
            message = Texts.clip(String.valueOf(e.getMessage()));
        }
        String s = state;
        String r = result;
        String m = message;
        Jdbc.inTransaction(dataSource, c -> {
            try (PreparedStatement ps = c.prepareStatement(respond)) {
                ps.setLong(1, id);
                ps.setString(2, r);
                ps.setString(3, s);
                ps.setString(4, m);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(mark)) {
                ps.setString(1, s == null ? "done" : "failed");
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return Boolean.TRUE;
        });
        (s == null ? served : failed).incrementAndGet();
        return true;
    }

    /*
     * pgjdbc's PGConnection.getNotifications(int timeoutMillis), reached through a method handle: the
     * driver's classes carry Checker Framework annotations that are not on this module's compile
     * class path, and -Werror turns javac's classfile warnings about them into errors. The handle is
     * looked up once per connection; the call blocks until a notification arrives or the timeout.
     */
    private record Notifications(Object connection, java.lang.invoke.MethodHandle get) {
        static Notifications of(Connection c) throws SQLException {
            try {
                Class<?> type = Class.forName(
                        "org.postgresql.PGConnection", true, c.getClass().getClassLoader());
                Object pg = c.unwrap(type);
                java.lang.invoke.MethodHandle h = java.lang.invoke.MethodHandles.publicLookup()
                        .findVirtual(
                                type,
                                "getNotifications",
                                java.lang.invoke.MethodType.methodType(
                                        Class.forName("[Lorg.postgresql.PGNotification;", true, type.getClassLoader()),
                                        int.class));
                return new Notifications(pg, h);
            } catch (ReflectiveOperationException e) {
                throw new SQLException("the data source is not PostgreSQL's pgjdbc: " + e, e);
            }
        }

        void await(int timeoutMs) throws SQLException {
            try {
                Object unused = get.invoke(connection, timeoutMs);
            } catch (SQLException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new SQLException(e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the thread (waiting up to 5 s) and closes the listening connection. Idempotent. */
    @Override
    public void close() {
        running = false;
        Connection c = listenConnection;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (c != null && thread.isAlive()) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }
}
