package io.neuraldag.postgres;

import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.PreQueryResult;
import io.neuraldag.sona.Trajectory;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that learns from the statements run through it (spec 03 §1.2, the planner
 * and executor hooks of the original extension, over JDBC). It wraps any data source, typically a
 * HikariCP pool; its connections, statements, prepared statements and result sets wrap the
 * driver's.
 *
 * <h2>What happens per statement</h2>
 *
 * <ol>
 *   <li>A statement with a {@code /* nodag *}{@code /} comment, or not exactly one {@code SELECT},
 *       {@code WITH}, {@code VALUES}, {@code TABLE}, {@code INSERT}, {@code UPDATE}, {@code DELETE} or
 *       {@code MERGE} statement, or a batch, runs untouched. Of the others, a fraction {@link
 *       Builder#sampleRate(double)} is captured (seeded per connection).
 *   <li>The plan: {@code EXPLAIN (FORMAT JSON, VERBOSE, SETTINGS)} with the same text and the same
 *       bound values, on the same connection, in a read-only transaction of its own (auto-commit) or
 *       inside a savepoint that is rolled back, with a {@code statement_timeout} of {@link
 *       Builder#explainTimeout(Duration)}. It is imported with dag-core's reader, with index access
 *       methods from {@code pg_am} and the session's {@code hnsw.ef_search} / {@code ivfflat.probes},
 *       and cached per statement text for {@link Builder#planTtl(Duration)}.
 *   <li>The scope: the first scanned table with an enabled scope in the {@link DagRegistry}, else
 *       the global scope; its engine's {@code preQuery} gives the advice. With {@link
 *       Builder#applyParams(boolean) applyParams} (off by default) and auto-commit off, a confidently
 *       matched pattern's {@code hnsw.ef_search}, {@code ivfflat.probes}, {@code work_mem} and {@code
 *       enable_*} values are applied with {@code set_config(name, value, true)} ({@code SET LOCAL});
 *       nothing else about the statement is changed.
 *   <li>The statement runs. In {@link CaptureMode#TIMING} the wrapper times the {@code execute*}
 *       call and counts the rows read; the trajectory is recorded when the result set is read to
 *       the end or closed. The baseline is the moving average (α 0.2) of earlier latencies of the
 *       same {@link SqlTexts#sqlHash(String) sql_hash}, 0 on the first run (improvement 0).
 *   <li>The engine's {@code postQuery} records the trajectory; the row for {@code dag_trajectories}
 *       goes to the {@link TrajectoryRecorder}.
 * </ol>
 *
 * <p><b>Off the statement's thread.</b> By default ({@link Builder#asyncLearning(boolean)}) the
 * engine's work (the DAG copy, {@code preQuery}, {@code postQuery}, the recorder) runs on one daemon
 * thread per data source after the statement has finished, fed by a queue of {@link
 * Builder#learningQueueCapacity(int)} executions; the statement's own thread only looks up its text,
 * times the call and hands the execution over. A full queue drops the execution and counts it in
 * {@link CaptureStats#learningDropped()}. With {@code applyParams} the advice is needed before the
 * statement runs, so {@code preQuery} stays on the statement's thread. {@link #awaitLearning}
 * waits until everything handed over has been learned from (tests, orderly shutdown).
 *
 * <p><b>Guarantees.</b> The wrapper never changes a statement's result and never swallows or
 * replaces its exception. When anything on the learning side fails (EXPLAIN, import, engine), the
 * statement still runs; the failure is counted in {@link CaptureStats#learningFailures()} and logged
 * once at WARN, later ones at DEBUG.
 *
 * <p><b>Other modes.</b> {@link CaptureMode#AUTO_EXPLAIN_NOTICE} loads {@code auto_explain} per
 * connection and learns from the executed plan that arrives as a notice (hidden from {@code
 * getWarnings()}); where it cannot be loaded the connection falls back to TIMING (counted as a
 * learning failure). {@link CaptureMode#EXPLAIN_ANALYZE} captures only through {@link
 * #analyzeExecuted}. {@link CaptureMode#STAT_STATEMENTS} needs {@code pg_stat_statements} ({@link
 * Builder#build()} checks).
 *
 * <p>Thread-safe: any number of threads may take connections; each connection, like a JDBC
 * connection, is used by one thread at a time. {@code prepareCall} statements are not captured.
 */
public final class NeuralDagDataSource implements DataSource {
    private final DataSource delegate;
    private final Capture capture;
    private final AtomicLong connections = new AtomicLong();

    private NeuralDagDataSource(DataSource delegate, Capture capture) {
        this.delegate = delegate;
        this.capture = capture;
    }

    /**
     * A builder.
     *
     * @param delegate the data source to wrap
     * @param registry the engines to learn with
     * @return a new builder
     */
    public static Builder builder(DataSource delegate, DagRegistry registry) {
        return new Builder(delegate, registry);
    }

    /**
     * The counters.
     *
     * @return the current counts
     */
    public CaptureStats stats() {
        return capture.stats();
    }

    /**
     * Waits until every execution handed to the learner thread so far has been learned from; returns
     * at once with synchronous learning.
     *
     * @param timeout the longest wait
     * @return true when nothing is left to learn from, false if the timeout passed first
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitLearning(Duration timeout) throws InterruptedException {
        return capture.awaitLearning(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * Where captured rows wait for the {@link LearningScheduler}.
     *
     * @return the recorder
     */
    public TrajectoryRecorder recorder() {
        return capture.recorder;
    }

    /**
     * The registry this data source learns with.
     *
     * @return the registry
     */
    public DagRegistry registry() {
        return capture.registry;
    }

    /**
     * The capture mode.
     *
     * @return the mode
     */
    public CaptureMode mode() {
        return capture.mode;
    }

    /**
     * The wrapped data source.
     *
     * @return the delegate
     */
    public DataSource delegate() {
        return delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(delegate.getConnection(username, password));
    }

    private Connection wrap(Connection c) {
        CapturingConnection cc = new CapturingConnection(
                c, capture, capture.seed ^ (connections.incrementAndGet() * 0x9E3779B97F4A7C15L));
        if (capture.mode == CaptureMode.AUTO_EXPLAIN_NOTICE) {
            cc.enableAutoExplain();
        }
        return cc;
    }

    /**
     * Runs a statement under {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON, VERBOSE, SETTINGS)} and
     * learns from the executed plan (the {@link CaptureMode#EXPLAIN_ANALYZE} capture; usable in any
     * mode). The statement runs inside a transaction that is rolled back (a savepoint when {@code
     * connection} is already in one), read-only for {@code SELECT}, {@code VALUES} and {@code TABLE}:
     * an {@code INSERT}, {@code UPDATE} or {@code DELETE} leaves the rows unchanged. Rows, memory and
     * cache-hit ratio come from the plan, the time from its {@code Execution Time}.
     *
     * @param connection any connection to the database (wrapped or not)
     * @param sql exactly one plannable statement, without parameter markers
     * @return the plan, the scope that learned and the trajectory
     * @throws DagStateException RV012 if the text is not one plannable statement or the server
     *     rejects it (the message carries the server's SQLSTATE); RV001 if no scope is enabled
     */
    public AnalyzedExecution analyzeExecuted(Connection connection, String sql) {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(sql, "sql");
        Capture.TextFacts text = capture.facts(sql);
        if (!text.plannable) {
            throw new DagStateException(
                    RvCode.PLAN_PARSE_ERROR, "not exactly one plannable statement: '" + Texts.clip(sql) + "'", null);
        }
        Connection raw = connection instanceof CapturingConnection cc ? cc.delegate : connection;
        PlanExplainer.Explained e;
        try {
            e = capture.explainer.explain(raw, sql, Binds.NONE, true, Capture.isQuery(text));
        } catch (SQLException ex) {
            throw new DagStateException(
                    RvCode.PLAN_PARSE_ERROR,
                    "EXPLAIN ANALYZE failed: [" + ex.getSQLState() + "] " + ex.getMessage(),
                    ex);
        } catch (io.neuraldag.core.DagException ex) {
            throw new DagStateException(RvCode.PLAN_PARSE_ERROR, "unreadable plan: " + ex.getMessage(), ex);
        }
        capture.statements.increment();
        capture.explains.increment();
        ImportedPlan plan = e.plan();
        DagScope scope = null;
        for (String r : e.relations()) {
            DagScope s = capture.registry.find(r).orElse(null);
            if (s != null && s.enabled()) {
                scope = s;
                break;
            }
        }
        if (scope == null) {
            scope = capture.registry.global();
            if (!scope.enabled()) {
                capture.optedOut.increment();
                throw new DagStateException(RvCode.DAG_DISABLED, "no enabled scope for the statement", null);
            }
        }
        QueryDag dag = plan.dag().copy();
        PreQueryResult pre = scope.engine().preQuery(dag);
        PlanMetrics m = PlanMetrics.of(plan);
        Double exec = plan.executionTimeMs();
        double ms = exec != null && exec >= 0 ? exec : 0.0;
        double baseline = capture.baseline(text.sqlHash, ms);
        ExecutionMetrics metrics = new ExecutionMetrics(ms, baseline, m.rows(), m.memoryBytes(), m.cacheHitRatio());
        Trajectory t = scope.engine().postQuery(dag, metrics, pre, e.params());
        capture.record(scope, t, text, e.queryId());
        return new AnalyzedExecution(plan, scope.key(), t);
    }

    /**
     * What {@link #analyzeExecuted} learned from.
     *
     * @param plan the executed plan
     * @param scope the key of the scope whose engine learned
     * @param trajectory the recorded trajectory
     */
    public record AnalyzedExecution(ImportedPlan plan, String scope, Trajectory trajectory) {

        /**
         * Checks the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public AnalyzedExecution {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(trajectory, "trajectory");
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    /** Builder of a {@link NeuralDagDataSource}; not thread-safe. */
    public static final class Builder {
        private final DataSource delegate;
        private final DagRegistry registry;
        private CaptureMode mode = CaptureMode.TIMING;
        private double sampleRate = 1.0;
        private boolean applyParams;
        private long seed = 42L;
        private int planCacheSize = 1000;
        private Duration planTtl = Duration.ofSeconds(60);
        private Duration explainTimeout = Duration.ofSeconds(5);
        private TrajectoryRecorder recorder = TrajectoryRecorder.create(10_000);
        private boolean asyncLearning = true;
        private int learningQueueCapacity = 10_000;

        private Builder(DataSource delegate, DagRegistry registry) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * How executions are measured. Default {@link CaptureMode#TIMING}.
         *
         * @param value the mode
         * @return this builder
         */
        public Builder mode(CaptureMode value) {
            this.mode = Objects.requireNonNull(value, "mode");
            return this;
        }

        /**
         * The fraction of eligible statements captured, in [0, 1]. Default 1.
         *
         * @param value the rate
         * @return this builder
         */
        public Builder sampleRate(double value) {
            this.sampleRate = value;
            return this;
        }

        /**
         * Whether a confident pattern's settings are applied with {@code SET LOCAL} (transactions
         * only). Default false.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder applyParams(boolean value) {
            this.applyParams = value;
            return this;
        }

        /**
         * Seed of the per-connection sampling. Default 42.
         *
         * @param value the seed
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Distinct statement texts whose plan and facts are cached, in [1, 1 000 000]. Default 1000.
         *
         * @param value the size
         * @return this builder
         */
        public Builder planCacheSize(int value) {
            this.planCacheSize = value;
            return this;
        }

        /**
         * How long a cached plan is reused before the statement is explained again, in [0, 1 day].
         * Default 60 s; zero explains every capture.
         *
         * @param value the time to live
         * @return this builder
         */
        public Builder planTtl(Duration value) {
            this.planTtl = Objects.requireNonNull(value, "planTtl");
            return this;
        }

        /**
         * The {@code statement_timeout} of the capture's EXPLAIN, in [1 ms, 1 min]. Default 5 s.
         *
         * @param value the timeout
         * @return this builder
         */
        public Builder explainTimeout(Duration value) {
            this.explainTimeout = Objects.requireNonNull(value, "explainTimeout");
            return this;
        }

        /**
         * Where captured rows are queued. Default a recorder of 10 000 rows.
         *
         * @param value the recorder
         * @return this builder
         */
        public Builder recorder(TrajectoryRecorder value) {
            this.recorder = Objects.requireNonNull(value, "recorder");
            return this;
        }

        /**
         * Whether the engine learns from executions on a background thread after they finished
         * (default true) or on the statement's thread before the result is handed back (false).
         *
         * @param value the flag
         * @return this builder
         */
        public Builder asyncLearning(boolean value) {
            this.asyncLearning = value;
            return this;
        }

        /**
         * How many finished executions may wait for the learner thread, in [1, 1 000 000]; more are
         * dropped and counted. Default 10 000.
         *
         * @param value the capacity
         * @return this builder
         */
        public Builder learningQueueCapacity(int value) {
            this.learningQueueCapacity = value;
            return this;
        }

        /**
         * Validates and builds. For {@link CaptureMode#STAT_STATEMENTS} this checks, on one
         * connection, that {@code pg_stat_statements} is installed and loaded.
         *
         * @return the data source
         * @throws DagArgumentException RV011 for a value out of range, or when {@code
         *     pg_stat_statements} is missing in STAT_STATEMENTS mode
         */
        public NeuralDagDataSource build() {
            if (!(sampleRate >= 0 && sampleRate <= 1)) {
                throw DagArgumentException.invalid("sample_rate must be in [0, 1]: " + sampleRate);
            }
            if (planCacheSize < 1 || planCacheSize > 1_000_000) {
                throw DagArgumentException.invalid("plan_cache_size must be in [1, 1000000]: " + planCacheSize);
            }
            if (planTtl.isNegative() || planTtl.compareTo(Duration.ofDays(1)) > 0) {
                throw DagArgumentException.invalid("plan_ttl must be in [0, 1 day]: " + planTtl);
            }
            if (explainTimeout.toMillis() < 1 || explainTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw DagArgumentException.invalid("explain_timeout must be in [1 ms, 1 min]: " + explainTimeout);
            }
            if (learningQueueCapacity < 1 || learningQueueCapacity > 1_000_000) {
                throw DagArgumentException.invalid(
                        "learning_queue_capacity must be in [1, 1000000]: " + learningQueueCapacity);
            }
            if (mode == CaptureMode.STAT_STATEMENTS) {
                checkStatStatements(delegate);
            }
            Capture c = new Capture(
                    registry,
                    mode,
                    sampleRate,
                    applyParams,
                    seed,
                    recorder,
                    planCacheSize,
                    planTtl,
                    explainTimeout,
                    asyncLearning ? learningQueueCapacity : 0);
            return new NeuralDagDataSource(delegate, c);
        }

        private static void checkStatStatements(DataSource ds) {
            String hint = "CaptureMode.STAT_STATEMENTS needs pg_stat_statements: add it to shared_preload_libraries,"
                    + " restart the server and run CREATE EXTENSION pg_stat_statements";
            try (Connection c = ds.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(
                                "SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        throw DagArgumentException.invalid(hint + " (the extension is not installed)");
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_stat_statements LIMIT 1");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            } catch (SQLException e) {
                throw new DagArgumentException(
                        RvCode.INVALID_ARGUMENT, hint + " ([" + e.getSQLState() + "] " + e.getMessage() + ")", e);
            }
        }
    }
}
