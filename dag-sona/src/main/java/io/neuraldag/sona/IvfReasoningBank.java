package io.neuraldag.sona;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * {@link DagReasoningBank} with exact search and an inverted-file index.
 *
 * <p>Design. The writer owns a mutable {@link Working} state, guarded by {@code writeLock}; each
 * batch mutates it and then {@linkplain Working#freeze freezes} an exact-size copy into an immutable
 * {@link Snapshot}, published with one volatile write. Readers load {@code snapshot} once per call
 * and work only on it, so they take no lock and can never observe part of a batch. Usage counters
 * live in {@link UsageCell}s shared by reference between the working state and every snapshot, so an
 * increment made on an old snapshot is not lost when a new one is published.
 *
 * <p>Index. When trained, every row has a list (its nearest normalised centre by dot product). New
 * rows are assigned on insertion; merged rows keep their list although their centroid moves slightly
 * (they stay within cosine 0.95 of where they were). Eviction compacts rows and rebuilds the lists
 * from the assignment. The first training (as soon as n reaches the threshold, even inside a batch,
 * so large batches do not fall back to quadratic merge searches) seeds with k-means++; retraining,
 * after {@code max(100, n/10)} insertions, warm-starts Lloyd from the current centres. Both train on
 * a seeded sample of at most {@value #TRAINING_POINTS_PER_LIST} rows per list and then assign every
 * row, so a retraining at n = 10 000 costs about one pass of n·K·d plus Lloyd on 4000 rows.
 *
 * <p>Balance. Plan vectors crowd into a few regions, so k-means alone left lists of up to 20 times
 * the mean size {@code T = ⌈n/K⌉}, and a query near them scanned a third of the bank. After each
 * training every list longer than {@code 2T} is split by k-means over its own rows ({@link
 * Working#splitLongLists}), so no list exceeds {@code 2T} unless its rows cannot be separated. A
 * search probes lists in order of their centre's dot product with the query until it has probed at
 * least {@code ivfProbes} lists and at least {@code 2·ivfProbes·T} rows, so a query among many small
 * lists scans as many rows as one among average lists, and a query inside a split region reaches
 * the neighbouring parts (recall@5 on the crowded data of {@code IvfBalanceTest}: 0.955–0.974 with
 * splitting, 0.923–0.967 without; on the plan vectors of the benchmark 0.990 against 0.973).
 *
 * <p>Scan. The published snapshot also holds the rows' vectors in list order, so a probe reads one
 * contiguous block, four rows at a time ({@link Vectors#dot4}); the scores are bit for bit those of
 * the exact search.
 */
final class IvfReasoningBank implements DagReasoningBank {

    /** Per-pattern usage, shared across snapshots. */
    static final class UsageCell {
        final AtomicLong count;
        volatile Instant lastUsed;

        UsageCell(long count, Instant lastUsed) {
            this.count = new AtomicLong(count);
            this.lastUsed = lastUsed;
        }
    }

    /** Search hits in one snapshot: row indices and scores, best first. */
    static final class Hits {
        final Snapshot snapshot;
        final int count;
        final int[] rows;
        final float[] scores;

        Hits(Snapshot snapshot, int count, int[] rows, float[] scores) {
            this.snapshot = snapshot;
            this.count = count;
            this.rows = rows;
            this.scores = scores;
        }
    }

    /** An immutable published state. */
    static final class Snapshot {
        final int n;
        final int d;
        final long version;
        final float[] vectors;
        final long[] ids;
        final double[] quality;
        final double[] confidence;
        final int[] samples;
        final List<MechanismTally> tallies;
        final List<Map<String, Double>> params;
        final List<ExecutionMetrics> metrics;
        final List<Instant> created;
        final List<UsageCell> usage;
        /** Number of IVF lists, 0 without an index. */
        final int k;

        /** Mean list size of the trained index, {@code ⌈n/K⌉} for the K k-means gave; 0 without. */
        final int meanListSize;

        final float[] centres;
        final int[] listStart;
        final int[] listRows;
        /**
         * The rows' vectors in list order ({@code listVectors[p·d ..]} is row {@code listRows[p]}),
         * so a probe reads one contiguous block; empty without an index.
         */
        final float[] listVectors;

        Snapshot(
                int n,
                int d,
                long version,
                float[] vectors,
                long[] ids,
                double[] quality,
                double[] confidence,
                int[] samples,
                List<MechanismTally> tallies,
                List<Map<String, Double>> params,
                List<ExecutionMetrics> metrics,
                List<Instant> created,
                List<UsageCell> usage,
                int k,
                int meanListSize,
                float[] centres,
                int[] listStart,
                int[] listRows,
                float[] listVectors) {
            this.n = n;
            this.d = d;
            this.version = version;
            this.vectors = vectors;
            this.ids = ids;
            this.quality = quality;
            this.confidence = confidence;
            this.samples = samples;
            this.tallies = tallies;
            this.params = params;
            this.metrics = metrics;
            this.created = created;
            this.usage = usage;
            this.k = k;
            this.meanListSize = meanListSize;
            this.centres = centres;
            this.listStart = listStart;
            this.listRows = listRows;
            this.listVectors = listVectors;
        }

        Pattern pattern(int row) {
            float[] c = Arrays.copyOfRange(vectors, row * d, row * d + d);
            UsageCell u = usage.get(row);
            return new Pattern(
                    ids[row],
                    c,
                    quality[row],
                    confidence[row],
                    samples[row],
                    u.count.get(),
                    tallies.get(row),
                    params.get(row),
                    metrics.get(row),
                    created.get(row),
                    u.lastUsed);
        }

        int rowOf(long id) {
            int i = Arrays.binarySearch(ids, 0, n, id);
            return i >= 0 ? i : -1;
        }
    }

    /** Training sample size per IVF list (as in common IVF practice, e.g. FAISS's 39–256). */
    static final int TRAINING_POINTS_PER_LIST = 40;

    private final int d;
    private final double threshold;
    private final double mergeCosine;
    private final double storeConfidence;
    private final int maxPatterns;
    private final int maxClusters;
    private final int ivfThreshold;
    private final int probes;
    private final int kmeansIterations;
    private final double kmeansTolerance;
    private final long seed;
    private final InstantSource clock;

    private final ReentrantLock writeLock = new ReentrantLock();
    private final Working work;
    private volatile Snapshot snapshot;

    IvfReasoningBank(SonaConfig config) {
        this.d = config.dimension();
        this.threshold = config.similarityThreshold();
        this.mergeCosine = config.mergeCosine();
        this.storeConfidence = config.storeConfidence();
        this.maxPatterns = config.maxPatterns();
        this.maxClusters = config.maxClusters();
        this.ivfThreshold = config.ivfThreshold();
        this.probes = config.ivfProbes();
        this.kmeansIterations = config.kmeansMaxIterations();
        this.kmeansTolerance = config.kmeansTolerance();
        this.seed = config.seed();
        this.clock = config.clock();
        this.work = new Working(d);
        this.snapshot = work.freeze(0);
    }

    // ------------------------------------------------------------------ reading

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public int size() {
        return snapshot.n;
    }

    @Override
    public long version() {
        return snapshot.version;
    }

    @Override
    public boolean indexed() {
        return snapshot.k > 0;
    }

    /** Snapshot currently published (for the engine and tests). */
    Snapshot snapshot() {
        return snapshot;
    }

    float[] unitQuery(double[] query) {
        Objects.requireNonNull(query, "query");
        if (query.length != d) {
            throw new IllegalArgumentException("query must have length " + d + ": " + query.length);
        }
        for (int i = 0; i < d; i++) {
            if (!Double.isFinite(query[i])) {
                throw new IllegalArgumentException("query[" + i + "] is not finite: " + query[i]);
            }
        }
        float[] q = new float[d];
        Vectors.normalizeInto(query, q);
        return q;
    }

    @Override
    public List<Pattern> querySimilar(double[] query, int k) {
        return toPatterns(search(unitQuery(query), checkK(k), true, false));
    }

    @Override
    public List<Pattern> querySimilarExact(double[] query, int k) {
        return toPatterns(search(unitQuery(query), checkK(k), false, false));
    }

    private static int checkK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0: " + k);
        }
        return k;
    }

    private static List<Pattern> toPatterns(Hits h) {
        if (h.count == 0) {
            return List.of();
        }
        Pattern[] out = new Pattern[h.count];
        for (int i = 0; i < h.count; i++) {
            out[i] = h.snapshot.pattern(h.rows[i]);
        }
        return List.of(out);
    }

    /**
     * Searches the current snapshot. {@code q} must be unit length (or zero) and of length d.
     *
     * @param useIndex use IVF when the snapshot has an index
     * @param countUsage add one use to every returned pattern
     */
    Hits search(float[] q, int k, boolean useIndex, boolean countUsage) {
        Snapshot s = snapshot;
        Hits h = search(s, q, k, useIndex);
        if (countUsage && h.count > 0) {
            Instant now = clock.instant();
            for (int i = 0; i < h.count; i++) {
                UsageCell u = s.usage.get(h.rows[i]);
                u.count.incrementAndGet();
                u.lastUsed = now;
            }
        }
        return h;
    }

    private Hits search(Snapshot s, float[] q, int k, boolean useIndex) {
        int[] rows = new int[k];
        float[] scores = new float[k];
        int count = 0;
        if (k == 0 || s.n == 0) {
            return new Hits(s, 0, rows, scores);
        }
        float thr = (float) threshold;
        Vectors.Sparse sq = Vectors.Sparse.ofIfSparse(q, 0, d);
        float[] block = new float[4];
        if (useIndex && s.k > 0) {
            float[] centreScore = new float[s.k];
            for (int c = 0; c < s.k; c++) {
                centreScore[c] = Vectors.dot(s.centres, c * d, q, sq, d);
            }
            // at least `probes` lists holding at least 2·probes mean lists' worth of rows
            int wantRows = (int) Math.min(s.n, 2L * probes * s.meanListSize);
            int probed = 0;
            int scanned = 0;
            while (probed < s.k && (probed < probes || scanned < wantRows)) {
                // the best centre not yet probed (ties: lower index); probed ones are marked by NaN
                int list = -1;
                float best = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < s.k; c++) {
                    float sc = centreScore[c];
                    if (!Float.isNaN(sc) && (list < 0 || sc > best)) {
                        list = c;
                        best = sc;
                    }
                }
                if (list < 0) {
                    break;
                }
                centreScore[list] = Float.NaN;
                probed++;
                scanned += s.listStart[list + 1] - s.listStart[list];
                int p = s.listStart[list];
                int end = s.listStart[list + 1];
                for (; p + 3 < end; p += 4) {
                    Vectors.dot4(s.listVectors, p * d, q, sq, d, block);
                    for (int b = 0; b < 4; b++) {
                        if (block[b] >= thr) {
                            count = offer(s, rows, scores, count, k, s.listRows[p + b], block[b]);
                        }
                    }
                }
                for (; p < end; p++) {
                    float score = Vectors.dot(s.listVectors, p * d, q, sq, d);
                    if (score >= thr) {
                        count = offer(s, rows, scores, count, k, s.listRows[p], score);
                    }
                }
            }
        } else {
            int row = 0;
            for (; row + 3 < s.n; row += 4) {
                Vectors.dot4(s.vectors, row * d, q, sq, d, block);
                for (int b = 0; b < 4; b++) {
                    if (block[b] >= thr) {
                        count = offer(s, rows, scores, count, k, row + b, block[b]);
                    }
                }
            }
            for (; row < s.n; row++) {
                float score = Vectors.dot(s.vectors, row * d, q, sq, d);
                if (score >= thr) {
                    count = offer(s, rows, scores, count, k, row, score);
                }
            }
        }
        return new Hits(s, count, rows, scores);
    }

    /** Inserts a hit into the top-k arrays kept sorted best first; returns the new count. */
    private static int offer(Snapshot s, int[] rows, float[] scores, int count, int k, int row, float score) {
        if (count == k && !better(s, row, score, rows[k - 1], scores[k - 1])) {
            return count;
        }
        int pos = count == k ? k - 1 : count;
        while (pos > 0 && better(s, row, score, rows[pos - 1], scores[pos - 1])) {
            rows[pos] = rows[pos - 1];
            scores[pos] = scores[pos - 1];
            pos--;
        }
        rows[pos] = row;
        scores[pos] = score;
        return count == k ? k : count + 1;
    }

    private static boolean better(Snapshot s, int row, float score, int other, float otherScore) {
        if (score != otherScore) {
            return score > otherScore;
        }
        if (s.confidence[row] != s.confidence[other]) {
            return s.confidence[row] > s.confidence[other];
        }
        return s.ids[row] < s.ids[other];
    }

    /** Indices of the {@code p} centres with the highest dot product with q (ties: lower index). */
    static int[] topCentres(float[] centres, int k, int d, float[] q, Vectors.@Nullable Sparse sq, int p) {
        int[] best = new int[p];
        float[] bestScore = new float[p];
        int count = 0;
        for (int c = 0; c < k; c++) {
            float sc = Vectors.dot(centres, c * d, q, sq, d);
            if (count == p && sc <= bestScore[p - 1]) {
                continue;
            }
            int pos = count == p ? p - 1 : count;
            while (pos > 0 && sc > bestScore[pos - 1]) {
                best[pos] = best[pos - 1];
                bestScore[pos] = bestScore[pos - 1];
                pos--;
            }
            best[pos] = c;
            bestScore[pos] = sc;
            if (count < p) {
                count++;
            }
        }
        return count == p ? best : Arrays.copyOf(best, count);
    }

    @Override
    public Optional<Pattern> pattern(long id) {
        Snapshot s = snapshot;
        int row = s.rowOf(id);
        return row < 0 ? Optional.empty() : Optional.of(s.pattern(row));
    }

    @Override
    public List<Pattern> patterns() {
        Snapshot s = snapshot;
        Pattern[] out = new Pattern[s.n];
        for (int i = 0; i < s.n; i++) {
            out[i] = s.pattern(i);
        }
        return List.of(out);
    }

    // ------------------------------------------------------------------ writing

    @Override
    public StoreResult store(PatternCandidate candidate) {
        return storeAll(List.of(Objects.requireNonNull(candidate, "candidate")));
    }

    @Override
    public StoreResult storeAll(List<PatternCandidate> candidates) {
        Objects.requireNonNull(candidates, "candidates");
        for (PatternCandidate c : candidates) {
            Objects.requireNonNull(c, "candidate");
            if (c.centroidRef().length != d) {
                throw new IllegalArgumentException(
                        "candidate centroid must have length " + d + ": " + c.centroidRef().length);
            }
        }
        writeLock.lock();
        try {
            int stored = 0;
            int merged = 0;
            int rejected = 0;
            boolean reindexed = false;
            Long[] ids = new Long[candidates.size()];
            Instant now = clock.instant();
            float[] unit = new float[d];
            for (int ci = 0; ci < candidates.size(); ci++) {
                PatternCandidate c = candidates.get(ci);
                if (c.confidence() < storeConfidence) {
                    rejected++;
                    ids[ci] = -1L;
                    continue;
                }
                System.arraycopy(c.centroidRef(), 0, unit, 0, d);
                Vectors.normalizeInPlace(unit, 0, d);
                int target = work.mostSimilar(unit, mergeCosine, probes);
                if (target >= 0) {
                    work.merge(target, unit, c);
                    merged++;
                    ids[ci] = work.ids[target];
                } else {
                    ids[ci] = work.append(unit, c, now);
                    stored++;
                    if (work.k == 0 && work.n >= ivfThreshold) {
                        train();
                        reindexed = true;
                    }
                }
            }
            int evicted = evictOverflow();
            if (work.n < ivfThreshold && work.k > 0) {
                work.dropIndex();
            } else if (work.k > 0 && work.insertedSinceTrain >= Math.max(100, work.n / 10)) {
                train();
                reindexed = true;
            } else if (work.k == 0 && work.n >= ivfThreshold) {
                train();
                reindexed = true;
            }
            publish();
            return new StoreResult(stored, merged, rejected, evicted, reindexed, Arrays.asList(ids));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void clear() {
        writeLock.lock();
        try {
            work.clear();
            publish();
        } finally {
            writeLock.unlock();
        }
    }

    /** Replaces every pattern (state loading); validates before changing anything. */
    void replaceAll(List<Pattern> patterns, long nextId) {
        long maxId = 0;
        for (Pattern p : patterns) {
            if (p.centroidRef().length != d) {
                throw new SonaStateException(
                        SonaStateException.Kind.INCOMPATIBLE,
                        "pattern " + p.id() + " has dimension " + p.centroidRef().length + ", bank has " + d);
            }
            maxId = Math.max(maxId, p.id());
        }
        List<Pattern> sorted = new ArrayList<>(patterns);
        sorted.sort((a, b) -> Long.compare(a.id(), b.id()));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id() == sorted.get(i - 1).id()) {
                throw new SonaStateException(
                        SonaStateException.Kind.MALFORMED,
                        "duplicate pattern id " + sorted.get(i).id());
            }
        }
        writeLock.lock();
        try {
            Working fresh = new Working(d);
            for (Pattern p : sorted) {
                fresh.appendLoaded(p);
            }
            fresh.nextId = Math.max(nextId, maxId + 1);
            work.copyFrom(fresh);
            if (work.n >= ivfThreshold) {
                train();
            }
            publish();
        } finally {
            writeLock.unlock();
        }
    }

    /** The id the next stored pattern gets. */
    long nextId() {
        writeLock.lock();
        try {
            return work.nextId;
        } finally {
            writeLock.unlock();
        }
    }

    private void publish() {
        snapshot = work.freeze(snapshot.version + 1);
    }

    private int evictOverflow() {
        int excess = work.n - maxPatterns;
        if (excess <= 0) {
            return 0;
        }
        Integer[] order = new Integer[work.n];
        double[] score = new double[work.n];
        long[] lastUsed = new long[work.n];
        for (int i = 0; i < work.n; i++) {
            order[i] = i;
            UsageCell u = work.usage.get(i);
            score[i] = work.confidence[i] * work.quality[i] * (1 + Math.log1p((double) u.count.get()));
            Instant t = u.lastUsed;
            lastUsed[i] = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(score[a], score[b]);
            if (c != 0) {
                return c;
            }
            c = Long.compare(lastUsed[a], lastUsed[b]);
            return c != 0 ? c : Long.compare(work.ids[a], work.ids[b]);
        });
        boolean[] drop = new boolean[work.n];
        for (int i = 0; i < excess; i++) {
            drop[order[i]] = true;
        }
        work.remove(drop);
        return excess;
    }

    /**
     * Trains the index: k-means over a seeded sample of at most {@value #TRAINING_POINTS_PER_LIST}
     * rows per list (all rows when fewer), warm-started from the current centres when an index
     * exists, then files every row under its nearest centre.
     */
    private void train() {
        int n = work.n;
        int k = Math.min(maxClusters, n);
        long trainingSeed = seed ^ (0x9E3779B97F4A7C15L * (work.trainings + 1));
        int sampleSize = (int) Math.min(n, (long) k * TRAINING_POINTS_PER_LIST);
        float[] data = work.vec;
        if (sampleSize < n) {
            data = sample(work.vec, n, d, sampleSize, new java.util.SplittableRandom(trainingSeed));
        }
        KMeans.Result r = work.k > 0
                ? KMeans.run(
                        data,
                        sampleSize,
                        d,
                        null,
                        k,
                        kmeansIterations,
                        kmeansTolerance,
                        trainingSeed,
                        work.centres,
                        work.k)
                : KMeans.run(data, sampleSize, d, null, k, kmeansIterations, kmeansTolerance, trainingSeed);
        float[] centres = r.centres();
        for (int c = 0; c < r.k(); c++) {
            Vectors.normalizeInPlace(centres, c * d, d);
        }
        work.installIndex(centres, r.k());
        work.splitLongLists(kmeansIterations, kmeansTolerance, trainingSeed);
        work.trainings++;
    }

    /** Rows chosen uniformly without replacement (partial Fisher–Yates), in their original order. */
    private static float[] sample(float[] vec, int n, int d, int m, java.util.SplittableRandom rnd) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int[] chosen = Arrays.copyOf(idx, m);
        Arrays.sort(chosen);
        float[] out = new float[m * d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(vec, chosen[i] * d, out, i * d, d);
        }
        return out;
    }

    // ------------------------------------------------------------------ writer state

    /** The writer's mutable state; every method requires {@code writeLock}. */
    private static final class Working {
        final int d;
        int n;
        float[] vec;
        long[] ids;
        double[] quality;
        double[] confidence;
        int[] samples;
        int[] assignment;
        final List<MechanismTally> tallies = new ArrayList<>();
        final List<Map<String, Double>> params = new ArrayList<>();
        final List<ExecutionMetrics> metrics = new ArrayList<>();
        final List<Instant> created = new ArrayList<>();
        final List<UsageCell> usage = new ArrayList<>();
        long nextId = 1;
        int k;
        float[] centres = new float[0];
        int[][] lists = new int[0][];
        int[] listSize = new int[0];
        /** {@code ⌈n/K⌉} when the index was last trained with K centres. */
        int meanListSize;

        int insertedSinceTrain;
        long trainings;

        Working(int d) {
            this.d = d;
            int cap = 16;
            vec = new float[cap * d];
            ids = new long[cap];
            quality = new double[cap];
            confidence = new double[cap];
            samples = new int[cap];
            assignment = new int[cap];
        }

        void copyFrom(Working o) {
            n = o.n;
            vec = o.vec;
            ids = o.ids;
            quality = o.quality;
            confidence = o.confidence;
            samples = o.samples;
            assignment = o.assignment;
            tallies.clear();
            tallies.addAll(o.tallies);
            params.clear();
            params.addAll(o.params);
            metrics.clear();
            metrics.addAll(o.metrics);
            created.clear();
            created.addAll(o.created);
            usage.clear();
            usage.addAll(o.usage);
            nextId = o.nextId;
            dropIndex();
        }

        void clear() {
            long keepId = nextId;
            copyFrom(new Working(d));
            nextId = keepId;
        }

        private void ensureCapacity(int want) {
            if (want <= ids.length) {
                return;
            }
            int cap = Math.max(want, ids.length * 2);
            vec = Arrays.copyOf(vec, cap * d);
            ids = Arrays.copyOf(ids, cap);
            quality = Arrays.copyOf(quality, cap);
            confidence = Arrays.copyOf(confidence, cap);
            samples = Arrays.copyOf(samples, cap);
            assignment = Arrays.copyOf(assignment, cap);
        }

        /** Row with the highest cosine {@code >= min} to the unit vector u, or −1. */
        int mostSimilar(float[] u, double min, int probes) {
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            float thr = (float) min;
            Vectors.Sparse su = Vectors.Sparse.ofIfSparse(u, 0, d);
            if (k > 0) {
                int[] probe = topCentres(centres, k, d, u, su, Math.min(probes, k));
                for (int c : probe) {
                    int[] list = lists[c];
                    for (int p = 0; p < listSize[c]; p++) {
                        int row = list[p];
                        float s = Vectors.dot(vec, row * d, u, su, d);
                        if (s >= thr && s > bestScore) {
                            best = row;
                            bestScore = s;
                        }
                    }
                }
            } else {
                for (int row = 0; row < n; row++) {
                    float s = Vectors.dot(vec, row * d, u, su, d);
                    if (s >= thr && s > bestScore) {
                        best = row;
                        bestScore = s;
                    }
                }
            }
            return best;
        }

        private int nearestCentre(int row) {
            int best = 0;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                float sc = Vectors.dot(centres, c * d, vec, row * d, d);
                if (sc > bestScore) {
                    best = c;
                    bestScore = sc;
                }
            }
            return best;
        }

        void merge(int row, float[] unit, PatternCandidate c) {
            double m1 = samples[row];
            double m2 = c.sampleCount();
            double m = m1 + m2;
            int off = row * d;
            for (int j = 0; j < d; j++) {
                vec[off + j] = (float) ((m1 * vec[off + j] + m2 * unit[j]) / m);
            }
            Vectors.normalizeInPlace(vec, off, d);
            quality[row] = clamp01((m1 * quality[row] + m2 * c.quality()) / m);
            confidence[row] = clamp01((m1 * confidence[row] + m2 * c.confidence()) / m);
            samples[row] = (int) Math.min(Integer.MAX_VALUE, (long) samples[row] + c.sampleCount());
            tallies.set(row, tallies.get(row).plus(c.tally()));
            if (c.quality() > quality[row] && !c.params().isEmpty()) {
                params.set(row, c.params());
            }
            metrics.set(row, weightedMetrics(metrics.get(row), m1, c.meanMetrics(), m2));
        }

        long append(float[] unit, PatternCandidate c, Instant now) {
            ensureCapacity(n + 1);
            int row = n;
            System.arraycopy(unit, 0, vec, row * d, d);
            long id = nextId++;
            ids[row] = id;
            quality[row] = c.quality();
            confidence[row] = c.confidence();
            samples[row] = c.sampleCount();
            tallies.add(c.tally());
            params.add(c.params());
            metrics.add(c.meanMetrics());
            created.add(now);
            usage.add(new UsageCell(0, now));
            n++;
            if (k > 0) {
                int list = nearestCentre(row);
                assignment[row] = list;
                addToList(list, row);
            } else {
                assignment[row] = -1;
            }
            insertedSinceTrain++;
            return id;
        }

        void appendLoaded(Pattern p) {
            ensureCapacity(n + 1);
            int row = n;
            float[] c = p.centroidRef();
            System.arraycopy(c, 0, vec, row * d, d);
            Vectors.normalizeInPlace(vec, row * d, d);
            ids[row] = p.id();
            quality[row] = p.quality();
            confidence[row] = p.confidence();
            samples[row] = p.sampleCount();
            assignment[row] = -1;
            tallies.add(p.tally());
            params.add(p.params());
            metrics.add(p.meanMetrics());
            created.add(p.createdAt());
            usage.add(new UsageCell(p.usageCount(), p.lastUsedAt()));
            n++;
        }

        private void addToList(int list, int row) {
            if (listSize[list] == lists[list].length) {
                lists[list] = Arrays.copyOf(lists[list], Math.max(4, lists[list].length * 2));
            }
            lists[list][listSize[list]++] = row;
        }

        void installIndex(float[] normalisedCentres, int count) {
            k = count;
            centres = normalisedCentres;
            for (int row = 0; row < n; row++) {
                assignment[row] = nearestCentre(row);
            }
            rebuildLists();
            insertedSinceTrain = 0;
        }

        /**
         * Splits every list longer than twice the mean list size {@code T = ⌈n/k⌉} into {@code
         * ⌈size/T⌉} lists: k-means (k-means++ with a seed derived from {@code seed} and the list) over
         * the list's rows, each row then filed under the nearest of the new normalised centres by dot
         * product, as {@link #nearestCentre} files rows. The first new centre takes the list's place,
         * the others are appended, and appended lists are examined in turn. Plan vectors crowd into
         * a few regions, so k-means alone leaves some lists ten times longer than the mean, and a
         * query near them scans those. A split that does not shorten a list is undone (identical
         * rows cannot be separated). The number of lists may so exceed {@code maxClusters}, by at
         * most {@code n/T}.
         */
        void splitLongLists(int maxIterations, double tolerance, long seed) {
            if (k == 0) {
                return;
            }
            int target = (n + k - 1) / k;
            meanListSize = target;
            int limit = 2 * target;
            int c = 0;
            while (c < k) {
                int size = listSize[c];
                if (size <= limit) {
                    c++;
                    continue;
                }
                int[] rows = Arrays.copyOf(lists[c], size);
                float[] data = new float[size * d];
                for (int i = 0; i < size; i++) {
                    System.arraycopy(vec, rows[i] * d, data, i * d, d);
                }
                int parts = (size + target - 1) / target;
                KMeans.Result r = KMeans.run(
                        data, size, d, null, parts, maxIterations, tolerance, seed ^ (0xD1B54A32D192ED03L * (c + 1)));
                if (r.k() < 2) {
                    c++;
                    continue;
                }
                float[] sub = r.centres();
                for (int s = 0; s < r.k(); s++) {
                    Vectors.normalizeInPlace(sub, s * d, d);
                }
                int[] part = new int[size];
                int[] partSize = new int[r.k()];
                for (int i = 0; i < size; i++) {
                    int best = 0;
                    float bestScore = Float.NEGATIVE_INFINITY;
                    for (int s = 0; s < r.k(); s++) {
                        float sc = Vectors.dot(sub, s * d, data, i * d, d);
                        if (sc > bestScore) {
                            best = s;
                            bestScore = sc;
                        }
                    }
                    part[i] = best;
                    partSize[best]++;
                }
                int largest = 0;
                for (int ps : partSize) {
                    largest = Math.max(largest, ps);
                }
                if (largest == size) {
                    c++;
                    continue;
                }
                int first = k;
                int added = r.k() - 1;
                centres = Arrays.copyOf(centres, (k + added) * d);
                System.arraycopy(sub, 0, centres, c * d, d);
                System.arraycopy(sub, d, centres, first * d, added * d);
                lists = Arrays.copyOf(lists, k + added);
                listSize = Arrays.copyOf(listSize, k + added);
                k += added;
                for (int s = 0; s < r.k(); s++) {
                    int list = s == 0 ? c : first + s - 1;
                    lists[list] = new int[Math.max(4, partSize[s])];
                    listSize[list] = 0;
                }
                for (int i = 0; i < size; i++) {
                    int list = part[i] == 0 ? c : first + part[i] - 1;
                    assignment[rows[i]] = list;
                    lists[list][listSize[list]++] = rows[i];
                }
                // c stays: the shortened list is examined again
            }
        }

        void dropIndex() {
            k = 0;
            centres = new float[0];
            lists = new int[0][];
            listSize = new int[0];
            Arrays.fill(assignment, 0, n, -1);
            insertedSinceTrain = 0;
        }

        private void rebuildLists() {
            listSize = new int[k];
            for (int row = 0; row < n; row++) {
                listSize[assignment[row]]++;
            }
            lists = new int[k][];
            for (int c = 0; c < k; c++) {
                lists[c] = new int[Math.max(4, listSize[c])];
                listSize[c] = 0;
            }
            for (int row = 0; row < n; row++) {
                int c = assignment[row];
                lists[c][listSize[c]++] = row;
            }
        }

        /** Removes the flagged rows, keeping the order of the others. */
        void remove(boolean[] drop) {
            int w = 0;
            List<MechanismTally> t2 = new ArrayList<>(n);
            List<Map<String, Double>> p2 = new ArrayList<>(n);
            List<ExecutionMetrics> m2 = new ArrayList<>(n);
            List<Instant> c2 = new ArrayList<>(n);
            List<UsageCell> u2 = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                if (drop[r]) {
                    continue;
                }
                if (w != r) {
                    System.arraycopy(vec, r * d, vec, w * d, d);
                    ids[w] = ids[r];
                    quality[w] = quality[r];
                    confidence[w] = confidence[r];
                    samples[w] = samples[r];
                    assignment[w] = assignment[r];
                }
                t2.add(tallies.get(r));
                p2.add(params.get(r));
                m2.add(metrics.get(r));
                c2.add(created.get(r));
                u2.add(usage.get(r));
                w++;
            }
            n = w;
            tallies.clear();
            tallies.addAll(t2);
            params.clear();
            params.addAll(p2);
            metrics.clear();
            metrics.addAll(m2);
            created.clear();
            created.addAll(c2);
            usage.clear();
            usage.addAll(u2);
            if (k > 0) {
                rebuildLists();
            }
        }

        Snapshot freeze(long version) {
            int[] listStart = new int[k + 1];
            int[] listRows = new int[k > 0 ? n : 0];
            float[] listVectors = new float[k > 0 ? n * d : 0];
            if (k > 0) {
                for (int c = 0; c < k; c++) {
                    listStart[c + 1] = listStart[c] + listSize[c];
                    System.arraycopy(lists[c], 0, listRows, listStart[c], listSize[c]);
                }
                for (int p = 0; p < n; p++) {
                    System.arraycopy(vec, listRows[p] * d, listVectors, p * d, d);
                }
            }
            return new Snapshot(
                    n,
                    d,
                    version,
                    Arrays.copyOf(vec, n * d),
                    Arrays.copyOf(ids, n),
                    Arrays.copyOf(quality, n),
                    Arrays.copyOf(confidence, n),
                    Arrays.copyOf(samples, n),
                    Collections.unmodifiableList(new ArrayList<>(tallies)),
                    Collections.unmodifiableList(new ArrayList<>(params)),
                    Collections.unmodifiableList(new ArrayList<>(metrics)),
                    Collections.unmodifiableList(new ArrayList<>(created)),
                    Collections.unmodifiableList(new ArrayList<>(usage)),
                    k,
                    k > 0 ? meanListSize : 0,
                    centres.clone(),
                    listStart,
                    listRows,
                    listVectors);
        }
    }

    static double clamp01(double v) {
        return Math.min(1.0, Math.max(0.0, v));
    }

    /** Sample-weighted mean of two metrics; an optional field stays known only if both know it. */
    static ExecutionMetrics weightedMetrics(ExecutionMetrics a, double wa, ExecutionMetrics b, double wb) {
        double w = wa + wb;
        double exec = (wa * a.executionMs() + wb * b.executionMs()) / w;
        double base = (wa * a.baselineMs() + wb * b.baselineMs()) / w;
        long rows =
                a.hasRows() && b.hasRows() ? Math.round((wa * a.rows() + wb * b.rows()) / w) : ExecutionMetrics.UNKNOWN;
        long mem = a.hasMemoryBytes() && b.hasMemoryBytes()
                ? Math.round((wa * a.memoryBytes() + wb * b.memoryBytes()) / w)
                : ExecutionMetrics.UNKNOWN;
        double hit = a.hasCacheHitRatio() && b.hasCacheHitRatio()
                ? clamp01((wa * a.cacheHitRatio() + wb * b.cacheHitRatio()) / w)
                : Double.NaN;
        return new ExecutionMetrics(exec, base, rows, mem, hit);
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "DagReasoningBank[d=" + d + ", size=" + s.n + ", lists=" + s.k + ", version=" + s.version + "]";
    }
}
