package io.neuraldag.sona;

import io.neuraldag.core.QueryDag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link DagSonaEngine}: the instant loop and the background loop of spec 02 §1.8.
 *
 * <p>Locks. {@code learnLock} guards the adapter's batched update state (accumulated direction,
 * signal count, Q̄) and every change of adapter weights or EWC++ state; it is held for O(d·r) work
 * only, never across a cycle's clustering. {@code cycleLock} serialises background cycles and state
 * save/load. {@code preQuery} takes neither: it reads the bank's published snapshot and the adapter's
 * volatile weights, and the bandit's short monitor.
 *
 * <p>Bandit contexts: a matched pattern's id (ids are positive), else the plan's query hash with the
 * sign bit set, so the two key spaces never collide. A pattern carries its own {@link
 * MechanismTally}; when its confidence exceeds the threshold the engine exploits the tally's best
 * mechanism and stops exploring that family.
 */
final class TwoLoopSonaEngine implements DagSonaEngine {

    private enum Lifecycle {
        NEW,
        RUNNING,
        CLOSED
    }

    private final SonaConfig config;
    private final int d;
    private final IvfReasoningBank bank;
    private final DagTrajectoryBuffer buffer;
    private final LowRankAdapter lora;
    private final DiagonalEwc ewc;
    private final ContextualUcb bandit;
    private final TaskBoundaryDetector boundary;
    private final boolean[] allowed = new boolean[Mechanism.COUNT];

    private final ReentrantLock learnLock = new ReentrantLock();
    private final float[] accumulated;
    private final float[] scratch;
    private int pendingSignals;
    private double qualityBaseline = Double.NaN;

    private final ReentrantLock cycleLock = new ReentrantLock();
    private long cycleNumber;

    private final AtomicLong trajectoryIds = new AtomicLong();
    private final LongAdder queries = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder recorded = new LongAdder();
    private final DoubleAdder executionSum = new DoubleAdder();
    private final LongAdder cycles = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder adapterUpdates = new LongAdder();
    private final LongAdder shifts = new LongAdder();
    private final LongAdder evicted = new LongAdder();

    private Lifecycle lifecycle = Lifecycle.NEW;
    private @Nullable ScheduledExecutorService scheduler;

    TwoLoopSonaEngine(SonaConfig config) {
        this.config = config;
        this.d = config.dimension();
        this.bank = new IvfReasoningBank(config);
        this.buffer = DagTrajectoryBuffer.create(config.bufferCapacity(), config.overflowPolicy());
        this.lora = LowRankAdapter.random(d, config.loraRank(), config.loraScale(), config.loraRule(), config.seed());
        this.ewc = new DiagonalEwc(lora.parameterCount(), config.ewcLambda(), config.ewcGamma());
        this.bandit = new ContextualUcb(
                config.mechanisms(),
                config.ucbExploration(),
                config.epsilon(),
                config.maxBanditContexts(),
                config.seed() ^ 0x5DEECE66DL);
        this.boundary =
                new TaskBoundaryDetector(d, config.boundaryMinTrajectories(), config.boundaryZ(), config.maxTasks());
        for (Mechanism m : config.mechanisms()) {
            allowed[Mechanism.index(m)] = true;
        }
        this.accumulated = new float[lora.parameterCount()];
        this.scratch = new float[lora.parameterCount()];
    }

    // ------------------------------------------------------------------ instant loop

    private float[] embed(QueryDag dag) {
        double[] v = dag.planVector();
        float[] e = new float[d];
        Vectors.normalizeInto(v, e);
        return e;
    }

    private static long hashContext(QueryDag dag) {
        return dag.structuralFingerprint().high() | Long.MIN_VALUE;
    }

    /** ĝ: unit direction from e toward the similarity·quality-weighted mean of the hits. */
    private float[] signal(IvfReasoningBank.Hits h, float[] e) {
        float[] g = new float[d];
        if (h.count == 0) {
            return g;
        }
        IvfReasoningBank.Snapshot s = h.snapshot;
        double[] mean = new double[d];
        double total = 0;
        for (int i = 0; i < h.count; i++) {
            int row = h.rows[i];
            double w = Math.max(0, h.scores[i]) * s.quality[row];
            if (w <= 0) {
                continue;
            }
            total += w;
            int off = row * d;
            for (int j = 0; j < d; j++) {
                mean[j] += w * s.vectors[off + j];
            }
        }
        if (!(total > 0)) {
            return g;
        }
        double n2 = 0;
        for (int j = 0; j < d; j++) {
            mean[j] = mean[j] / total - e[j];
            n2 += mean[j] * mean[j];
        }
        double norm = Math.sqrt(n2);
        if (norm < MicroLoRA.MIN_SIGNAL_NORM) {
            return g;
        }
        for (int j = 0; j < d; j++) {
            g[j] = (float) (mean[j] / norm);
        }
        return g;
    }

    @Override
    public PreQueryResult preQuery(QueryDag dag) {
        Objects.requireNonNull(dag, "dag");
        float[] e = embed(dag);
        IvfReasoningBank.Hits h = bank.search(e, config.searchK(), true, true);
        float[] adapted = lora.forward(e);
        float[] g = signal(h, e);
        queries.increment();
        if (h.count > 0 && h.snapshot.confidence[h.rows[0]] > config.applyConfidence()) {
            Pattern p = h.snapshot.pattern(h.rows[0]);
            hits.increment();
            Mechanism m = best(p.tally());
            return new PreQueryResult.PatternApplied(p, h.scores[0], m, p.params(), adapted, g);
        }
        misses.increment();
        long context = h.count > 0 ? h.snapshot.ids[h.rows[0]] : hashContext(dag);
        return new PreQueryResult.DefaultWithAdaptation(bandit.select(context), adapted, g, context);
    }

    /** The tally's best mechanism among the configured ones. */
    private Mechanism best(MechanismTally tally) {
        int best = -1;
        double bestMean = Double.NEGATIVE_INFINITY;
        long bestCount = 0;
        for (int i = 0; i < Mechanism.COUNT; i++) {
            Mechanism m = Mechanism.at(i);
            long c = tally.count(m);
            if (!allowed[i] || c == 0) {
                continue;
            }
            double mean = tally.meanQuality(m);
            if (best < 0 || mean > bestMean || (mean == bestMean && c > bestCount)) {
                best = i;
                bestMean = mean;
                bestCount = c;
            }
        }
        return best < 0 ? config.defaultMechanism() : Mechanism.at(best);
    }

    @Override
    public Trajectory postQuery(QueryDag dag, ExecutionMetrics metrics, PreQueryResult pre) {
        return postQuery(dag, metrics, pre, Map.of());
    }

    @Override
    public Trajectory postQuery(
            QueryDag dag, ExecutionMetrics metrics, PreQueryResult pre, Map<String, Double> params) {
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(pre, "pre");
        Map<String, Double> p = Trajectory.copyParams(params);
        float[] e = embed(dag);
        return learn(dag, e, metrics, pre.mechanism(), pre.contextKey(), pre.signal(), p);
    }

    @Override
    public Trajectory postQuery(QueryDag dag, double executionMs, double baselineMs, Mechanism mechanism) {
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(mechanism, "mechanism");
        ExecutionMetrics metrics = ExecutionMetrics.of(executionMs, baselineMs);
        float[] e = embed(dag);
        IvfReasoningBank.Hits h = bank.search(e, config.searchK(), true, false);
        long context = h.count > 0 ? h.snapshot.ids[h.rows[0]] : hashContext(dag);
        return learn(dag, e, metrics, mechanism, context, signal(h, e), Map.of());
    }

    private Trajectory learn(
            QueryDag dag,
            float[] e,
            ExecutionMetrics metrics,
            Mechanism mechanism,
            long context,
            float[] g,
            Map<String, Double> params) {
        if (g.length != d) {
            throw new IllegalArgumentException("pre.signal must have length " + d + ": " + g.length);
        }
        double q = IvfReasoningBank.clamp01(config.qualityFunction().quality(metrics));
        Trajectory t = new Trajectory(
                trajectoryIds.incrementAndGet(),
                dag.structuralFingerprint().high(),
                e,
                mechanism,
                params,
                metrics,
                q,
                config.clock().instant());
        buffer.record(t);
        recorded.increment();
        executionSum.add(metrics.executionMs());
        bandit.update(context, mechanism, q);
        accumulate(e, g, q);
        return t;
    }

    /** Accumulates (Q − Q̄)·∂⟨ĝ,y⟩/∂θ; every batch applies the mean update and the EWC step. */
    private void accumulate(float[] e, float[] g, double q) {
        learnLock.lock();
        try {
            double baseline = Double.isNaN(qualityBaseline) ? q : qualityBaseline;
            double advantage = q - baseline;
            qualityBaseline = baseline + config.qualityEmaAlpha() * (q - baseline);
            if (!lora.direction(e, g, scratch)) {
                return;
            }
            float adv = (float) advantage;
            for (int i = 0; i < scratch.length; i++) {
                scratch[i] *= adv;
                accumulated[i] += scratch[i];
            }
            ewc.accumulateGradient(scratch);
            pendingSignals++;
            if (pendingSignals >= config.updateBatchSize()) {
                applyBatch();
            }
        } finally {
            learnLock.unlock();
        }
    }

    /** Requires learnLock. */
    private void applyBatch() {
        float[] theta = lora.parameters();
        double step = config.learningRate() / pendingSignals;
        LoraUpdateRule rule = lora.rule();
        int bOff = lora.parameterCount() / 2;
        for (int i = rule == LoraUpdateRule.TWO_SIDED ? 0 : bOff; i < theta.length; i++) {
            theta[i] += (float) (step * accumulated[i]);
        }
        ewc.proximal(theta, config.learningRate());
        lora.setParameters(theta);
        Arrays.fill(accumulated, 0f);
        pendingSignals = 0;
        adapterUpdates.increment();
    }

    // ------------------------------------------------------------------ background loop

    @Override
    public CycleResult runBackgroundCycle() {
        cycleLock.lock();
        try {
            return cycle();
        } finally {
            cycleLock.unlock();
        }
    }

    private CycleResult cycle() {
        long t0 = System.nanoTime();
        int buffered = buffer.size();
        if (buffered < config.minTrajectories()) {
            skipped.increment();
            return new CycleResult.Skipped(buffered, config.minTrajectories());
        }
        List<Trajectory> drained = buffer.drain();
        List<Trajectory> kept = new ArrayList<>(drained.size());
        for (Trajectory t : drained) {
            if (t.quality() >= config.minQuality()) {
                kept.add(t);
            }
        }
        cycleNumber++;
        List<PatternCandidate> candidates = kept.isEmpty() ? List.of() : cluster(kept);
        StoreResult stored = bank.storeAll(candidates);
        evicted.add(stored.evicted());

        List<float[]> embeddings = new ArrayList<>(kept.size());
        for (Trajectory t : kept) {
            embeddings.add(t.embeddingRef());
        }
        TaskBoundaryDetector.Outcome outcome = boundary.observe(embeddings);
        DistributionShift shift = null;
        if (outcome.boundary()) {
            learnLock.lock();
            try {
                ewc.consolidate(lora.parameters());
                shift = new DistributionShift(
                        outcome.z(), ewc.taskCount(), config.clock().instant());
            } finally {
                learnLock.unlock();
            }
            shifts.increment();
        }
        cycles.increment();
        return new CycleResult.Completed(
                drained.size(),
                kept.size(),
                candidates.size(),
                stored.stored(),
                stored.merged(),
                stored.rejected(),
                stored.evicted(),
                bank.size(),
                outcome.z(),
                shift,
                System.nanoTime() - t0);
    }

    /** Identity of an embedding by content, for collapsing duplicates. */
    @SuppressWarnings("ArrayRecordComponent") // compares contents; the array is never modified
    private record EmbeddingKey(float[] v, int hash) {
        static EmbeddingKey of(float[] v) {
            return new EmbeddingKey(v, Arrays.hashCode(v));
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof EmbeddingKey k && hash == k.hash && Arrays.equals(v, k.v);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** k-means++ over the distinct embeddings (weighted by multiplicity), one candidate per cluster. */
    private List<PatternCandidate> cluster(List<Trajectory> kept) {
        int n = kept.size();
        Map<EmbeddingKey, Integer> unique = new HashMap<>();
        int[] pointOf = new int[n];
        List<float[]> points = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] e = kept.get(i).embeddingRef();
            EmbeddingKey key = EmbeddingKey.of(e);
            Integer idx = unique.get(key);
            if (idx == null) {
                idx = points.size();
                unique.put(key, idx);
                points.add(e);
                weights.add(1.0);
            } else {
                weights.set(idx, weights.get(idx) + 1.0);
            }
            pointOf[i] = idx;
        }
        int u = points.size();
        float[] data = new float[u * d];
        double[] w = new double[u];
        for (int i = 0; i < u; i++) {
            System.arraycopy(points.get(i), 0, data, i * d, d);
            w[i] = weights.get(i);
        }
        int k = Math.min(config.maxClusters(), n);
        KMeans.Result r = KMeans.run(
                data,
                u,
                d,
                w,
                k,
                config.kmeansMaxIterations(),
                config.kmeansTolerance(),
                config.seed() ^ (0x9E3779B97F4A7C15L * cycleNumber));
        List<List<Trajectory>> members = new ArrayList<>(r.k());
        for (int c = 0; c < r.k(); c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            members.get(r.assignment()[pointOf[i]]).add(kept.get(i));
        }
        List<PatternCandidate> out = new ArrayList<>(r.k());
        for (int c = 0; c < r.k(); c++) {
            List<Trajectory> m = members.get(c);
            if (m.isEmpty()) {
                continue;
            }
            out.add(candidate(Arrays.copyOfRange(r.centres(), c * d, c * d + d), m));
        }
        return out;
    }

    private static PatternCandidate candidate(float[] centre, List<Trajectory> members) {
        int m = members.size();
        double[] qualities = new double[m];
        long[] counts = new long[Mechanism.COUNT];
        double[] sums = new double[Mechanism.COUNT];
        Trajectory best = members.get(0);
        double exec = 0;
        double base = 0;
        for (int i = 0; i < m; i++) {
            Trajectory t = members.get(i);
            qualities[i] = t.quality();
            int mi = Mechanism.index(t.mechanism());
            counts[mi]++;
            sums[mi] += t.quality();
            if (t.quality() > best.quality()) {
                best = t;
            }
            exec += t.executionMs();
            base += t.baselineMs();
        }
        MechanismTally tally = MechanismTally.of(counts, sums);
        ExecutionMetrics meanMetrics = meanMetrics(members, exec / m, base / m);
        return new PatternCandidate(
                centre, mean(qualities), confidence(qualities), m, tally, best.params(), meanMetrics);
    }

    private static ExecutionMetrics meanMetrics(List<Trajectory> members, double exec, double base) {
        long rows = 0;
        long mem = 0;
        double hit = 0;
        boolean allRows = true;
        boolean allMem = true;
        boolean allHit = true;
        for (Trajectory t : members) {
            ExecutionMetrics x = t.metrics();
            allRows &= x.hasRows();
            allMem &= x.hasMemoryBytes();
            allHit &= x.hasCacheHitRatio();
            rows += allRows ? x.rows() : 0;
            mem += allMem ? x.memoryBytes() : 0;
            hit += allHit ? x.cacheHitRatio() : 0;
        }
        int m = members.size();
        return new ExecutionMetrics(
                exec,
                base,
                allRows ? Math.round((double) rows / m) : ExecutionMetrics.UNKNOWN,
                allMem ? Math.round((double) mem / m) : ExecutionMetrics.UNKNOWN,
                allHit ? IvfReasoningBank.clamp01(hit / m) : Double.NaN);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** {@code c = max(0, 1 − σ_Q)·(1 − 1/(m+1))}, σ_Q the population standard deviation (spec 02 §1.6). */
    static double confidence(double[] qualities) {
        int m = qualities.length;
        double mu = mean(qualities);
        double var = 0;
        for (double q : qualities) {
            var += (q - mu) * (q - mu);
        }
        double sigma = Math.sqrt(var / m);
        return Math.max(0, 1 - sigma) * (1 - 1.0 / (m + 1));
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public synchronized void start() {
        if (lifecycle != Lifecycle.NEW) {
            throw new IllegalStateException("engine is " + lifecycle.name().toLowerCase(java.util.Locale.ROOT));
        }
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sona-background");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, config.backgroundInterval().toMillis());
        var unused = ex.scheduleWithFixedDelay(this::scheduledCycle, ms, ms, TimeUnit.MILLISECONDS);
        scheduler = ex;
        lifecycle = Lifecycle.RUNNING;
    }

    private void scheduledCycle() {
        try {
            runBackgroundCycle();
        } catch (RuntimeException e) {
            failures.increment();
        }
    }

    @Override
    public void close() {
        ScheduledExecutorService ex;
        synchronized (this) {
            if (lifecycle == Lifecycle.CLOSED) {
                return;
            }
            lifecycle = Lifecycle.CLOSED;
            ex = scheduler;
            scheduler = null;
        }
        if (ex != null) {
            ex.shutdown();
            try {
                if (!ex.awaitTermination(10, TimeUnit.SECONDS)) {
                    ex.shutdownNow();
                }
            } catch (InterruptedException e) {
                ex.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ accessors

    @Override
    public SonaMetrics metrics() {
        long q = queries.sum();
        long h = hits.sum();
        long rec = recorded.sum();
        return new SonaMetrics(
                q,
                h,
                misses.sum(),
                q == 0 ? 0.0 : (double) h / q,
                rec == 0 ? 0.0 : executionSum.sum() / rec,
                rec,
                cycles.sum(),
                skipped.sum(),
                failures.sum(),
                bank.size(),
                evicted.sum(),
                buffer.dropped(),
                ewc.taskCount(),
                adapterUpdates.sum(),
                shifts.sum(),
                bandit.evicted());
    }

    @Override
    public DagReasoningBank reasoningBank() {
        return bank;
    }

    @Override
    public DagTrajectoryBuffer trajectoryBuffer() {
        return buffer;
    }

    @Override
    public MicroLoRA microLora() {
        return lora;
    }

    @Override
    public EwcPlusPlus ewc() {
        return ewc;
    }

    @Override
    public SonaConfig config() {
        return config;
    }

    ContextualUcb bandit() {
        return bandit;
    }

    // ------------------------------------------------------------------ state

    @Override
    public byte[] saveState() {
        cycleLock.lock();
        try {
            learnLock.lock();
            try {
                return StateCodec.write(new StateCodec.State(
                        d,
                        config.seed(),
                        config.qualityFunction(),
                        lora.rank(),
                        lora.scale(),
                        lora.parameters(),
                        ewc.parameterCount(),
                        ewc.lambda(),
                        ewc.gamma(),
                        ewc.taskCount(),
                        ewc.fisher(),
                        ewc.anchor(),
                        bank.nextId(),
                        bank.patterns()));
            } finally {
                learnLock.unlock();
            }
        } finally {
            cycleLock.unlock();
        }
    }

    @Override
    public void saveState(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes = saveState();
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + file, e);
        }
    }

    @Override
    public void loadState(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        StateCodec.State s = StateCodec.read(bytes);
        if (s.dimension() != d
                || s.rank() != lora.rank()
                || Double.compare(s.scale(), lora.scale()) != 0
                || s.qualityFunction() != config.qualityFunction()) {
            throw new SonaStateException(
                    SonaStateException.Kind.INCOMPATIBLE,
                    "state was made for d=" + s.dimension() + ", r=" + s.rank() + ", s=" + s.scale() + ", "
                            + s.qualityFunction() + "; this engine has d=" + d + ", r=" + lora.rank() + ", s="
                            + lora.scale() + ", " + config.qualityFunction());
        }
        cycleLock.lock();
        try {
            learnLock.lock();
            try {
                bank.replaceAll(s.patterns(), s.nextId());
                lora.setParameters(s.theta());
                ewc.restore(s.fisher(), s.anchor(), s.tasks());
                Arrays.fill(accumulated, 0f);
                pendingSignals = 0;
            } finally {
                learnLock.unlock();
            }
        } finally {
            cycleLock.unlock();
        }
    }

    @Override
    public void loadState(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state file " + file, e);
        }
        loadState(bytes);
    }

    @Override
    public String toString() {
        return "DagSonaEngine[patterns=" + bank.size() + ", buffered=" + buffer.size() + ", tasks=" + ewc.taskCount()
                + "]";
    }
}
