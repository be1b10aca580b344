package io.neuraldag.postgres;

import io.neuraldag.sona.CycleResult;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background worker (spec 03 §1.3): one daemon thread that, every {@link
 * Builder#interval(Duration) interval} (fixed delay; default the global scope's {@link
 * DagConfig#backgroundInterval()}), runs one learning pass:
 *
 * <ol>
 *   <li>{@code runBackgroundCycle()} of every enabled scope's engine, under the scope's lock;
 *   <li>then one transaction that persists every scope ({@link PatternStore#persistIn}), stores the
 *       recorder's pending trajectories ({@link TrajectoryStore#insertIn}) and deletes trajectories
 *       older than the {@link Builder#retention(Duration) retention} (7 days). Either all of it is
 *       visible or none: a pass whose transaction fails leaves the previous pattern sets in place
 *       (the learned state stays in memory and is persisted by the next pass).
 * </ol>
 *
 * <p>Between passes, pending trajectories are flushed every {@link Builder#flushInterval(Duration)}
 * (default 5 s) in a transaction of their own. A pass that throws is logged at WARN and the next
 * one is scheduled after {@link Builder#restartDelay(Duration)} (10 s) instead of the interval.
 * {@link #learnNow()} runs a pass on the caller's thread; passes never overlap. {@link #close()}
 * stops the thread, waiting for a running pass, then flushes the pending trajectories once.
 *
 * <p>Thread-safe.
 */
public final class LearningScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LearningScheduler.class);
    private static final int MAX_FLUSH = 10_000;

    private final DagRegistry registry;
    private final DataSource dataSource;
    private final PatternStore patterns;
    private final TrajectoryStore trajectories;
    private final @Nullable TrajectoryRecorder recorder;
    private final Duration retention;
    private final Duration restartDelay;
    private final Duration flushInterval;
    private final InstantSource clock;
    private final ReentrantLock runLock = new ReentrantLock();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Duration interval;
    private volatile @Nullable ScheduledExecutorService executor;
    private @Nullable ScheduledFuture<?> nextPass;
    private @Nullable ScheduledFuture<?> flushTask;
    private volatile boolean closed;
    private volatile @Nullable Throwable lastError;
    /** Test hook: runs inside the pass's transaction, just before the commit. */
    volatile Jdbc.@Nullable SqlWork<?> beforeCommit;

    private LearningScheduler(Builder b) {
        this.registry = b.registry;
        this.dataSource = b.dataSource;
        this.patterns = PatternStore.create(b.dataSource, b.installed);
        this.trajectories = TrajectoryStore.create(b.dataSource, b.installed);
        this.recorder = b.recorder;
        this.retention = b.retention;
        this.restartDelay = b.restartDelay;
        this.flushInterval = b.flushInterval;
        this.clock = b.clock;
        this.interval =
                b.interval != null ? b.interval : b.registry.global().config().backgroundInterval();
    }

    /**
     * A builder.
     *
     * @param registry the engines to run
     * @param dataSource the database (not a {@link NeuralDagDataSource}: the worker's own statements
     *     are not captured)
     * @param installed the schema to write, from {@link DagSchema#install}
     * @return a new builder
     */
    public static Builder builder(DagRegistry registry, DataSource dataSource, DagSchema.Installed installed) {
        return new Builder(registry, dataSource, installed);
    }

    /**
     * Starts the thread; the first pass runs one interval from now.
     *
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (closed || executor != null) {
            throw new IllegalStateException("LearningScheduler already started or closed");
        }
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "neural-dag-learning");
            t.setDaemon(true);
            return t;
        });
        executor = ex;
        schedulePass(interval);
        long flushMs = flushInterval.toMillis();
        flushTask = ex.scheduleWithFixedDelay(this::flushQuietly, flushMs, flushMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Changes the interval; a started scheduler reschedules its next pass one new interval from
     * now.
     *
     * @param value the new interval, at least 1 ms
     * @throws DagArgumentException RV011 if below 1 ms
     */
    public synchronized void reschedule(Duration value) {
        Objects.requireNonNull(value, "value");
        if (value.toMillis() < 1) {
            throw DagArgumentException.invalid("interval must be at least 1 ms: " + value);
        }
        interval = value;
        if (executor != null && !closed) {
            if (nextPass != null) {
                nextPass.cancel(false);
            }
            schedulePass(value);
        }
    }

    /**
     * The interval between passes.
     *
     * @return the interval
     */
    public Duration interval() {
        return interval;
    }

    /**
     * Runs one pass now on the calling thread (waiting for a running one first).
     *
     * @return what it did
     * @throws DagStateException RV004 if a cycle or the transaction failed (nothing of this pass's
     *     transaction is visible)
     */
    public LearningReport learnNow() {
        runLock.lock();
        try {
            return pass();
        } finally {
            runLock.unlock();
        }
    }

    /**
     * Stores the recorder's pending trajectories now, in a transaction of its own.
     *
     * @return rows stored
     * @throws DagStateException RV004 if the insert fails (the rows count as dropped)
     */
    public int flushTrajectories() {
        runLock.lock();
        try {
            return flush();
        } finally {
            runLock.unlock();
        }
    }

    /**
     * Counters.
     *
     * @return passes completed and failed, and the last failure
     */
    public Status status() {
        return new Status(passes.get(), failures.get(), lastError);
    }

    /** Stops the thread (waiting up to 30 s for a running pass), then flushes once. Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService ex;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            ex = executor;
            if (flushTask != null) {
                flushTask.cancel(false);
            }
        }
        if (ex != null) {
            ex.shutdownNow();
            try {
                if (!ex.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.warn("neural-dag learning thread did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }

    private synchronized void schedulePass(Duration delay) {
        ScheduledExecutorService ex = executor;
        if (ex == null || closed) {
            return;
        }
        nextPass = ex.schedule(this::scheduledPass, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduledPass() {
        Duration next = interval;
        try {
            learnNow();
        } catch (Throwable t) { // the worker must survive anything; the next pass restarts it
            LOG.warn("neural-dag learning pass failed; retrying in {}", restartDelay, t);
            next = restartDelay;
            if (t instanceof Error e && !(t instanceof AssertionError)) {
                schedulePass(next);
                throw e;
            }
        }
        schedulePass(next);
    }

    private void flushQuietly() {
        try {
            flushTrajectories();
        } catch (RuntimeException e) {
            LOG.warn("neural-dag trajectory flush failed", e);
        }
    }

    private int flush() {
        if (recorder == null) {
            return 0;
        }
        List<CapturedExecution> rows = recorder.drain(MAX_FLUSH);
        if (rows.isEmpty()) {
            return 0;
        }
        try {
            int n = Jdbc.inTransaction(dataSource, c -> trajectories.insertIn(c, rows));
            recorder.stored(rows.size());
            return n;
        } catch (SQLException | RuntimeException e) {
            recorder.dropped(rows.size());
            throw e instanceof SQLException s ? Jdbc.failure("storing trajectories", s) : (RuntimeException) e;
        }
    }

    private LearningReport pass() {
        long t0 = System.nanoTime();
        List<DagScope> scopes = new ArrayList<>();
        for (DagScope s : registry.scopes()) {
            if (s.enabled()) {
                scopes.add(s);
            }
        }
        List<ScopeCycle> cycles = new ArrayList<>();
        List<ReentrantLock> held = new ArrayList<>();
        List<CapturedExecution> rows = List.of();
        try {
            for (DagScope s : scopes) {
                s.lock().lock();
                held.add(s.lock());
                CycleResult r = s.engine().runBackgroundCycle();
                cycles.add(new ScopeCycle(s.key(), r, s.engine().reasoningBank().size()));
            }
            List<CapturedExecution> pending = recorder == null ? List.of() : recorder.drain(MAX_FLUSH);
            rows = pending;
            Instant cutoff = clock.instant().minus(retention);
            int[] counts = Jdbc.inTransaction(dataSource, c -> {
                for (DagScope s : scopes) {
                    patterns.persistIn(c, s.key(), s.engine());
                }
                int stored = trajectories.insertIn(c, pending);
                int deleted = trajectories.deleteOlderThanIn(c, cutoff);
                Jdbc.SqlWork<?> hook = beforeCommit;
                if (hook != null) {
                    hook.run(c);
                }
                return new int[] {stored, deleted};
            });
            if (recorder != null) {
                recorder.stored(pending.size());
            }
            passes.incrementAndGet();
            return new LearningReport(List.copyOf(cycles), counts[0], counts[1], System.nanoTime() - t0);
        } catch (SQLException e) {
            lost(rows);
            throw fail(Jdbc.failure("the learning pass", e));
        } catch (RuntimeException e) {
            lost(rows);
            throw fail(
                    e instanceof DagStateException d
                            ? d
                            : new DagStateException(RvCode.LEARNING_FAILED, "the learning pass failed: " + e, e));
        } finally {
            for (int i = held.size() - 1; i >= 0; i--) {
                held.get(i).unlock();
            }
        }
    }

    private void lost(List<CapturedExecution> rows) {
        if (recorder != null && !rows.isEmpty()) {
            recorder.dropped(rows.size());
        }
    }

    private DagStateException fail(DagStateException e) {
        failures.incrementAndGet();
        lastError = e;
        return e;
    }

    /**
     * What one pass did.
     *
     * @param scopes the cycle of each enabled scope, global first
     * @param trajectoriesStored trajectory rows stored in the pass's transaction
     * @param trajectoriesDeleted rows deleted by the retention
     * @param elapsedNanos wall time of the pass
     */
    public record LearningReport(
            List<ScopeCycle> scopes, int trajectoriesStored, int trajectoriesDeleted, long elapsedNanos) {

        /**
         * Copies the list.
         *
         * @throws NullPointerException if {@code scopes} is null
         */
        public LearningReport {
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * One scope's part of a pass.
     *
     * @param scope the scope key
     * @param cycle what the engine's cycle did
     * @param patterns patterns in the bank afterwards (all of them persisted)
     */
    public record ScopeCycle(String scope, CycleResult cycle, int patterns) {

        /**
         * Checks the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public ScopeCycle {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(cycle, "cycle");
        }
    }

    /**
     * Counters of the scheduler.
     *
     * @param passes passes completed
     * @param failures passes that failed
     * @param lastError the last failure, or null
     */
    public record Status(
            long passes, long failures, @Nullable Throwable lastError) {}

    /** Builder of a {@link LearningScheduler}; not thread-safe. */
    public static final class Builder {
        private final DagRegistry registry;
        private final DataSource dataSource;
        private final DagSchema.Installed installed;
        private @Nullable TrajectoryRecorder recorder;
        private @Nullable Duration interval;
        private Duration retention = Duration.ofDays(7);
        private Duration restartDelay = Duration.ofSeconds(10);
        private Duration flushInterval = Duration.ofSeconds(5);
        private InstantSource clock = InstantSource.system();

        private Builder(DagRegistry registry, DataSource dataSource, DagSchema.Installed installed) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.installed = Objects.requireNonNull(installed, "installed");
        }

        /**
         * The recorder whose trajectories the worker stores (usually {@link
         * NeuralDagDataSource#recorder()}). Default none.
         *
         * @param value the recorder
         * @return this builder
         */
        public Builder recorder(TrajectoryRecorder value) {
            this.recorder = Objects.requireNonNull(value, "recorder");
            return this;
        }

        /**
         * The delay between passes, at least 1 ms; overrides the global scope's {@link
         * DagConfig#backgroundInterval()} (whose range is 60 s to 24 h) for embedding and tests.
         *
         * @param value the interval
         * @return this builder
         */
        public Builder interval(Duration value) {
            this.interval = Objects.requireNonNull(value, "interval");
            return this;
        }

        /**
         * How long trajectories are kept. Default 7 days.
         *
         * @param value the retention, at least 1 s
         * @return this builder
         */
        public Builder retention(Duration value) {
            this.retention = Objects.requireNonNull(value, "retention");
            return this;
        }

        /**
         * The delay before the next pass after one failed. Default 10 s.
         *
         * @param value the delay, at least 1 ms
         * @return this builder
         */
        public Builder restartDelay(Duration value) {
            this.restartDelay = Objects.requireNonNull(value, "restartDelay");
            return this;
        }

        /**
         * The delay between trajectory flushes. Default 5 s.
         *
         * @param value the delay, at least 1 ms
         * @return this builder
         */
        public Builder flushInterval(Duration value) {
            this.flushInterval = Objects.requireNonNull(value, "flushInterval");
            return this;
        }

        /**
         * The clock of the retention. Default the system clock.
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Validates and builds (not started).
         *
         * @return the scheduler
         * @throws DagArgumentException RV011 if a duration is out of range
         */
        public LearningScheduler build() {
            if (interval != null && interval.toMillis() < 1) {
                throw DagArgumentException.invalid("interval must be at least 1 ms: " + interval);
            }
            if (retention.toSeconds() < 1) {
                throw DagArgumentException.invalid("retention must be at least 1 s: " + retention);
            }
            if (restartDelay.toMillis() < 1) {
                throw DagArgumentException.invalid("restart_delay must be at least 1 ms: " + restartDelay);
            }
            if (flushInterval.toMillis() < 1) {
                throw DagArgumentException.invalid("flush_interval must be at least 1 ms: " + flushInterval);
            }
            return new LearningScheduler(this);
        }
    }
}
