package io.neuraldag.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.PreQueryResult;
import io.neuraldag.sona.Trajectory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The learning side of NeuralDagDataSource, shared by all its connections.
 *
 * Per statement: before() decides whether to capture (text facts cached per exact text: opt-out,
 * statement count, kind, sql_hash), finds or makes the plan (cached per text for planTtl) and picks
 * the scope (the first enabled table scope among the scanned relations, else global); complete()
 * hands the finished execution to learn(), which copies the plan DAG, asks the engine's preQuery
 * (unless before() already did), computes the metrics and the baseline, calls postQuery and queues
 * the row. Every step of the learning side is inside a catch-all: a failure is counted, logged once
 * at WARN (then at DEBUG), and the statement goes on as if uncaptured.
 *
 * With asynchronous learning (the default) learn() runs on one daemon thread fed by a bounded queue,
 * so the statement's thread pays only the text lookup, the timing and the hand-over; preQuery runs
 * before the statement only when applyParams needs its advice. A full queue drops the execution
 * (learningDropped). The learner wakes BATCH_DELAY_MILLIS after the first execution of a batch and
 * learns from all that are queued then (one wake-up per batch, and the engine's data stays in cache
 * across the batch); the thread ends after 2 s without work and starts again on the next execution.
 *
 * Invariants: before() either returns null having counted the statement as optedOut / unsampled /
 * passedThrough / learningFailures, or returns a Pending that is completed or abandoned exactly once
 * (Pending.done guards it), which counts it, once learn() has run, as captured or passedThrough or
 * learningFailures, or at once as learningDropped.
 */
final class Capture {
    private static final Logger LOG = LoggerFactory.getLogger(NeuralDagDataSource.class);
    private static final Set<String> PLANNABLE =
            Set.of("select", "with", "values", "table", "insert", "update", "delete", "merge");
    private static final Set<String> QUERIES = Set.of("select", "values", "table");
    private static final Pattern ENABLE_PARAM = Pattern.compile("enable_[a-z_]{1,40}");
    private static final double ALPHA = 0.2;
    /* The learner wakes this long after the first execution of a batch arrived. */
    static final long BATCH_DELAY_MILLIS = 5;
    private static final int DRAIN_BATCH = 256;

    final DagRegistry registry;
    final CaptureMode mode;
    final double sampleRate;
    final boolean applyParams;
    final long seed;
    final TrajectoryRecorder recorder;
    final PlanExplainer explainer;
    private final long planTtlNanos;
    private final Cache<String, TextFacts> texts;
    private final Cache<String, Ewma> baselines;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final @Nullable ScheduledThreadPoolExecutor learner;
    private final @Nullable ArrayBlockingQueue<Job> jobs;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong learningBacklog = new AtomicLong();
    private final Object idle = new Object();

    final LongAdder statements = new LongAdder();
    final LongAdder captured = new LongAdder();
    final LongAdder optedOut = new LongAdder();
    final LongAdder unsampled = new LongAdder();
    final LongAdder passedThrough = new LongAdder();
    final LongAdder learningFailures = new LongAdder();
    final LongAdder learningDropped = new LongAdder();
    final LongAdder explains = new LongAdder();
    final LongAdder explainFailures = new LongAdder();
    final LongAdder planCacheHits = new LongAdder();
    final LongAdder paramsApplied = new LongAdder();
    /* Captures whose baseline came from pg_stat_statements (STAT_STATEMENTS mode). */
    final LongAdder statBaselines = new LongAdder();

    Capture(
            DagRegistry registry,
            CaptureMode mode,
            double sampleRate,
            boolean applyParams,
            long seed,
            TrajectoryRecorder recorder,
            int planCacheSize,
            Duration planTtl,
            Duration explainTimeout,
            int learningQueueCapacity) {
        this.registry = registry;
        this.mode = mode;
        this.sampleRate = sampleRate;
        this.applyParams = applyParams;
        this.seed = seed;
        this.recorder = recorder;
        this.explainer = new PlanExplainer((int) explainTimeout.toMillis());
        this.planTtlNanos = planTtl.toNanos();
        this.texts = Caffeine.newBuilder().maximumSize(planCacheSize).build();
        this.baselines = Caffeine.newBuilder().maximumSize(planCacheSize * 4L).build();
        if (learningQueueCapacity > 0) {
            ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "neural-dag-learner");
                t.setDaemon(true);
                return t;
            });
            ex.setKeepAliveTime(2, TimeUnit.SECONDS);
            ex.allowCoreThreadTimeOut(true);
            this.learner = ex;
            this.jobs = new ArrayBlockingQueue<>(learningQueueCapacity);
        } else {
            this.learner = null;
            this.jobs = null;
        }
    }

    /** A finished execution waiting for the learner. */
    private record Job(
            Pending pending,
            long executionNanos,
            long rows,
            @Nullable AutoExplainNotice notice) {}

    /**
     * Waits until every execution handed to the learner so far has been learned from.
     *
     * @return false if the timeout passed first
     */
    boolean awaitLearning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (learningBacklog.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    CaptureStats stats() {
        return new CaptureStats(
                statements.sum(),
                captured.sum(),
                optedOut.sum(),
                unsampled.sum(),
                passedThrough.sum(),
                learningFailures.sum(),
                learningDropped.sum(),
                explains.sum(),
                explainFailures.sum(),
                planCacheHits.sum(),
                paramsApplied.sum());
    }

    /** What a statement's text says, computed once per distinct text. */
    static final class TextFacts {
        final boolean nodag;
        final boolean plannable;
        final boolean query;
        final String sqlHash;
        final String normalized;
        volatile @Nullable Plan plan;

        TextFacts(String sql) {
            SqlTexts.Scan s = SqlTexts.scan(sql);
            this.nodag = s.nodag;
            this.plannable = !s.unterminated && s.statements == 1 && PLANNABLE.contains(s.firstWord);
            this.query = QUERIES.contains(s.firstWord);
            this.normalized = s.normalized;
            this.sqlHash = SqlTexts.sha256(s.normalized);
        }
    }

    /** A cached plan: the DAG template (copied per use) and what came with it. */
    record Plan(
            QueryDag template,
            @Nullable Long queryId,
            Map<String, Double> params,
            java.util.List<String> relations,
            PlanExplainer.@Nullable StatBaseline stat,
            long madeAtNanos) {}

    /** One capture in flight. */
    static final class Pending {
        final DagScope scope;
        final TextFacts text;
        /* The plan DAG to learn from, or null until learn() copies it from the template. */
        @Nullable
        QueryDag dag;

        final @Nullable QueryDag template;
        final @Nullable Long queryId;
        final Map<String, Double> params;

        @Nullable
        PreQueryResult pre;

        PlanExplainer.@Nullable StatBaseline stat;

        boolean done;

        Pending(
                DagScope scope,
                TextFacts text,
                @Nullable QueryDag template,
                @Nullable Long queryId,
                Map<String, Double> params) {
            this.scope = scope;
            this.text = text;
            this.template = template;
            this.queryId = queryId;
            this.params = params;
        }
    }

    TextFacts facts(String sql) {
        return texts.get(sql, TextFacts::new);
    }

    /**
     * Decides and prepares the capture of one execution; null when it is not captured (already
     * counted).
     */
    @Nullable
    Pending before(CapturingConnection conn, String sql, PlanExplainer.@Nullable Binder binds) {
        statements.increment();
        TextFacts text;
        try {
            text = facts(sql);
        } catch (RuntimeException e) {
            failed("reading a statement text", e);
            return null;
        }
        if (text.nodag) {
            optedOut.increment();
            return null;
        }
        if (!text.plannable || binds == null || mode == CaptureMode.EXPLAIN_ANALYZE) {
            passedThrough.increment();
            return null;
        }
        if (sampleRate < 1.0 && !(conn.sample() < sampleRate)) {
            unsampled.increment();
            return null;
        }
        try {
            Plan plan = text.plan;
            long now = System.nanoTime();
            boolean autoExplain = mode == CaptureMode.AUTO_EXPLAIN_NOTICE && conn.autoExplainActive();
            if (plan == null || now - plan.madeAtNanos() > planTtlNanos) {
                if (autoExplain) {
                    plan = null; // the executed plan arrives with the notice
                } else {
                    plan = explain(conn.delegate, sql, binds, text);
                    if (plan == null) {
                        return null;
                    }
                }
            } else {
                planCacheHits.increment();
            }
            DagScope scope = scopeFor(plan == null ? java.util.List.of() : plan.relations());
            if (scope == null) {
                optedOut.increment();
                return null;
            }
            Pending p = new Pending(
                    scope,
                    text,
                    plan == null ? null : plan.template(),
                    plan == null ? null : plan.queryId(),
                    plan == null ? Map.of() : plan.params());
            if (plan != null) {
                p.stat = plan.stat();
                if (learner == null || applyParams) {
                    QueryDag dag = plan.template().copy();
                    p.dag = dag;
                    p.pre = scope.engine().preQuery(dag);
                    applyParams(conn, p);
                }
            }
            return p;
        } catch (RuntimeException | SQLException e) {
            failed("preparing the capture", e);
            return null;
        }
    }

    private @Nullable Plan explain(Connection c, String sql, PlanExplainer.Binder binds, TextFacts text) {
        explains.increment();
        try {
            PlanExplainer.Explained e =
                    explainer.explain(c, sql, binds, false, true, mode == CaptureMode.STAT_STATEMENTS);
            Plan plan = new Plan(e.plan().dag(), e.queryId(), e.params(), e.relations(), e.stat(), System.nanoTime());
            text.plan = plan;
            return plan;
        } catch (SQLException | RuntimeException e) {
            explainFailures.increment();
            failed("EXPLAIN", e);
            return null;
        }
    }

    private @Nullable DagScope scopeFor(java.util.List<String> relations) {
        for (String r : relations) {
            DagScope s = registry.find(r).orElse(null);
            if (s != null && s.enabled()) {
                return s;
            }
        }
        DagScope g = registry.global();
        return g.enabled() ? g : null;
    }

    private void applyParams(CapturingConnection conn, Pending p) throws SQLException {
        if (!applyParams
                || conn.delegate.getAutoCommit()
                || !(p.pre instanceof PreQueryResult.PatternApplied applied)
                || applied.params().isEmpty()) {
            return;
        }
        boolean any = false;
        for (Map.Entry<String, Double> e : applied.params().entrySet()) {
            String value = settingValue(e.getKey(), e.getValue());
            if (value == null) {
                continue;
            }
            try (PreparedStatement ps = conn.delegate.prepareStatement("SELECT set_config(?, ?, true)")) {
                ps.setString(1, e.getKey());
                ps.setString(2, value);
                ps.execute();
                any = true;
            }
        }
        if (any) {
            paramsApplied.increment();
        }
    }

    /** The SET LOCAL value of an allowed setting, or null for any other name or a value out of range. */
    static @Nullable String settingValue(String name, double v) {
        if (!Double.isFinite(v) || v != Math.rint(v)) {
            return null;
        }
        long n = (long) v;
        return switch (name) {
            case "hnsw.ef_search" -> n >= 1 && n <= 1000 ? Long.toString(n) : null;
            case "ivfflat.probes" -> n >= 1 && n <= 32768 ? Long.toString(n) : null;
            case "work_mem" -> n >= 64 && n <= Integer.MAX_VALUE ? n + "kB" : null;
            default -> ENABLE_PARAM.matcher(name).matches() && (n == 0 || n == 1) ? (n == 1 ? "on" : "off") : null;
        };
    }

    /** Finishes a capture after its statement ran: executionNanos on the client, rows or UNKNOWN. */
    void complete(Pending p, long executionNanos, long rows, @Nullable SQLWarning warnings) {
        if (p.done) {
            return;
        }
        p.done = true;
        AutoExplainNotice notice;
        try {
            // read here: the statement's warning chain changes once the caller goes on
            notice = mode == CaptureMode.AUTO_EXPLAIN_NOTICE ? AutoExplainNotice.find(warnings) : null;
        } catch (RuntimeException e) {
            failed("reading the auto_explain notice", e);
            return;
        }
        ArrayBlockingQueue<Job> q = jobs;
        if (q == null) {
            learn(p, executionNanos, rows, notice);
            return;
        }
        learningBacklog.incrementAndGet();
        if (!q.offer(new Job(p, executionNanos, rows, notice))) {
            learningDropped.increment();
            learned();
            return;
        }
        scheduleDrain();
    }

    /* At most one drain is pending; it runs BATCH_DELAY_MILLIS later, so one wake-up of the learner
     * serves every execution that arrived meanwhile. */
    private void scheduleDrain() {
        ScheduledThreadPoolExecutor ex = learner;
        if (ex != null && drainScheduled.compareAndSet(false, true)) {
            try {
                Runnable task = this::drain;
                java.util.concurrent.Future<?> unused = ex.schedule(task, BATCH_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false);
                failed("scheduling the learner", e);
            }
        }
    }

    private void drain() {
        drainScheduled.set(false);
        ArrayBlockingQueue<Job> q = java.util.Objects.requireNonNull(jobs);
        java.util.ArrayList<Job> batch = new java.util.ArrayList<>(DRAIN_BATCH);
        while (q.drainTo(batch, DRAIN_BATCH) > 0) {
            for (Job j : batch) {
                try {
                    learn(j.pending(), j.executionNanos(), j.rows(), j.notice());
                } finally {
                    learned();
                }
            }
            batch.clear();
        }
    }

    private void learned() {
        if (learningBacklog.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void learn(Pending p, long executionNanos, long rows, @Nullable AutoExplainNotice notice) {
        try {
            QueryDag dag = p.dag;
            if (dag == null) {
                QueryDag t = p.template;
                dag = t == null ? new QueryDag() : t.copy();
            }
            double execMs = executionNanos / 1e6;
            long memory = ExecutionMetrics.UNKNOWN;
            double hit = Double.NaN;
            if (mode == CaptureMode.AUTO_EXPLAIN_NOTICE) {
                if (notice != null) {
                    ImportedPlan executed = PostgresPlans.fromExplainJson(notice.json());
                    dag = executed.dag();
                    PlanMetrics m = PlanMetrics.of(executed);
                    rows = m.rows() >= 0 ? m.rows() : rows;
                    memory = m.memoryBytes();
                    hit = m.cacheHitRatio();
                    execMs = notice.durationMs();
                    p.text.plan = new Plan(
                            executed.dag().copy(),
                            p.queryId,
                            p.params,
                            PlanExplainer.relations(executed),
                            null,
                            System.nanoTime());
                }
            }
            if (dag.isEmpty()) {
                passedThrough.increment();
                return;
            }
            PreQueryResult pre = p.pre != null ? p.pre : p.scope.engine().preQuery(dag);
            PlanExplainer.StatBaseline stat = p.stat;
            double baseline;
            if (stat != null) {
                statBaselines.increment();
                baseline = stat.meanMs();
            } else {
                baseline = baseline(p.text.sqlHash, execMs);
            }
            ExecutionMetrics metrics =
                    new ExecutionMetrics(execMs, baseline, rows < 0 ? ExecutionMetrics.UNKNOWN : rows, memory, hit);
            Trajectory t = p.scope.engine().postQuery(dag, metrics, pre, p.params);
            record(p.scope, t, p.text, p.queryId);
        } catch (RuntimeException e) {
            failed("learning from an execution", e);
        }
    }

    void record(DagScope scope, Trajectory t, TextFacts text, @Nullable Long queryId) {
        recorder.offer(new CapturedExecution(scope.key(), t, text.sqlHash, queryId, text.normalized, mode));
        captured.increment();
    }

    /** The statement failed or its result was never read to the end: no trajectory. */
    void abandon(Pending p) {
        if (!p.done) {
            p.done = true;
            passedThrough.increment();
        }
    }

    /** The EWMA (α 0.2) of earlier latencies of this sql_hash, 0 on the first run; then folds in ms. */
    double baseline(String sqlHash, double ms) {
        return baselines.get(sqlHash, k -> new Ewma()).update(ms);
    }

    void failed(String what, Throwable e) {
        learningFailures.increment();
        if (warned.compareAndSet(false, true)) {
            LOG.warn(
                    "neural-dag capture: {} failed; the statement ran unchanged (further failures are logged at DEBUG"
                            + " and counted in CaptureStats.learningFailures)",
                    what,
                    e);
        } else {
            LOG.debug("neural-dag capture: {} failed", what, e);
        }
    }

    /** An exponentially weighted moving average; the first value seeds it. */
    static final class Ewma {
        private double value;
        private boolean seeded;

        synchronized double update(double x) {
            if (!seeded) {
                seeded = true;
                value = x;
                return 0.0;
            }
            double before = value;
            value = ALPHA * x + (1 - ALPHA) * value;
            return before;
        }
    }

    static boolean isQuery(TextFacts t) {
        return t.query;
    }

    static void drain(ResultSet rs) throws SQLException {
        while (rs.next()) {
            // consume
        }
    }
}
