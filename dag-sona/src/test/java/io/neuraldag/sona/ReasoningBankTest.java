package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReasoningBankTest {

    static LongStream seeds() {
        return LongStream.range(0, 150).map(i -> 65_537 * i + 3);
    }

    private static SonaConfig config(int d) {
        return SonaConfig.builder().dimension(d).build();
    }

    /** Exact search against a brute-force oracle: threshold, order, at most k. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void exactSearchMatchesBruteForce(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 2 + rnd.nextInt(6);
        DagReasoningBank bank = DagReasoningBank.create(
                SonaConfig.builder().dimension(d).mergeCosine(1.0).build());
        int n = rnd.nextInt(80);
        List<PatternCandidate> cands = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // a few confidence ties so the secondary order is exercised
            double conf = 0.5 + 0.1 * rnd.nextInt(5);
            cands.add(PatternCandidate.of(Dags.randomUnit(rnd, d), rnd.nextDouble(), conf, 1 + rnd.nextInt(5)));
        }
        bank.storeAll(cands);
        double[] q = Dags.toDouble(Dags.randomUnit(rnd, d));
        for (int i = 0; i < d; i++) {
            q[i] *= 2.5; // queries are normalised by the bank
        }
        int k = rnd.nextInt(8);
        List<Pattern> got = bank.querySimilarExact(q, k);
        List<Pattern> all = new ArrayList<>(bank.patterns());
        double[] qn = unit(q);
        Comparator<Pattern> order = Comparator.<Pattern>comparingDouble(p -> -(double) score(p.centroid(), qn))
                .thenComparingDouble(p -> -p.confidence())
                .thenComparingLong(Pattern::id);
        List<Pattern> expected = all.stream()
                .filter(p -> score(p.centroid(), qn) >= 0.7f)
                .sorted(order)
                .limit(k)
                .toList();
        assertThat(got)
                .extracting(Pattern::id)
                .as("seed %d", seed)
                .containsExactlyElementsOf(expected.stream().map(Pattern::id).toList());
        assertThat(got.size()).isLessThanOrEqualTo(k);
        assertThat(bank.querySimilar(q, k)).isEqualTo(got); // below the IVF threshold both are exact
    }

    private static float score(float[] c, double[] q) {
        float[] qf = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            qf[i] = (float) q[i];
        }
        return Vectors.dot(c, 0, qf, 0, c.length);
    }

    private static double[] unit(double[] v) {
        double n = 0;
        for (double x : v) {
            n += x * x;
        }
        n = Math.sqrt(n);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / n;
        }
        return out;
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void similarityIsSymmetric(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 256;
        float[] a = Dags.perturbed(rnd, Dags.randomUnit(rnd, d), 0.0);
        float[] b = Dags.perturbed(rnd, a, 0.5);
        DagReasoningBank ba = DagReasoningBank.create(
                SonaConfig.builder().similarityThreshold(-1).build());
        DagReasoningBank bb = DagReasoningBank.create(
                SonaConfig.builder().similarityThreshold(-1).build());
        ba.store(PatternCandidate.of(a, 0.5, 0.9, 1));
        bb.store(PatternCandidate.of(b, 0.5, 0.9, 1));
        float[] ca = ba.patterns().get(0).centroid();
        float[] cb = bb.patterns().get(0).centroid();
        double sab = Vectors.dot(ca, 0, Dags.perturbed(rnd, b, 0.0), 0, d);
        double sba = Vectors.dot(cb, 0, Dags.perturbed(rnd, a, 0.0), 0, d);
        assertThat(sab).isCloseTo(sba, within(1e-6));
    }

    @Test
    void nearIdenticalVectorScoresAboveNinetyNine() {
        DagReasoningBank bank = DagReasoningBank.create(SonaConfig.defaults());
        float[] ones = new float[256];
        Arrays.fill(ones, 1f);
        bank.store(PatternCandidate.of(ones, 0.5, 0.9, 1));
        double[] q = new double[256];
        for (int i = 0; i < 256; i++) {
            q[i] = 1.01 + (i % 2 == 0 ? 0.01 : -0.01);
        }
        List<Pattern> hit = bank.querySimilar(q, 1);
        assertThat(hit).hasSize(1);
        assertThat((double) Vectors.dot(hit.get(0).centroid(), 0, unitF(q), 0, 256))
                .isGreaterThan(0.99);
        // and exactly +0.01 on every component (the spec's literal case) is the same direction
        double[] q2 = new double[256];
        Arrays.fill(q2, 1.01);
        assertThat((double) Vectors.dot(hit.get(0).centroid(), 0, unitF(q2), 0, 256))
                .isGreaterThan(0.99);
    }

    private static float[] unitF(double[] q) {
        double[] u = unit(q);
        float[] f = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            f[i] = (float) u[i];
        }
        return f;
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void mergingPreservesTheSampleCount(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 3;
        DagReasoningBank bank = DagReasoningBank.create(config(d));
        long expected = 0;
        float[][] anchors = {Dags.randomUnit(rnd, d), Dags.randomUnit(rnd, d)};
        for (int i = 0; i < 40; i++) {
            int m = 1 + rnd.nextInt(9);
            double conf = rnd.nextDouble();
            float[] c = Dags.perturbed(rnd, anchors[rnd.nextInt(2)], 0.2);
            StoreResult r = bank.store(PatternCandidate.of(c, rnd.nextDouble(), conf, m));
            if (conf >= 0.5) {
                expected += m;
                assertThat(r.rejected()).isZero();
            } else {
                assertThat(r.rejected()).isEqualTo(1);
                assertThat(r.ids()).containsExactly(-1L);
            }
        }
        long total = bank.patterns().stream().mapToLong(Pattern::sampleCount).sum();
        assertThat(total).as("seed %d", seed).isEqualTo(expected);
        for (Pattern p : bank.patterns()) {
            assertThat(Vectors.norm2(p.centroid(), 0, d)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void storeRejectsLowConfidenceAndMergesTallies() {
        DagReasoningBank bank = DagReasoningBank.create(config(2));
        StoreResult low = bank.store(PatternCandidate.of(new float[] {1, 0}, 0.9, 0.49, 5));
        assertThat(low.rejected()).isEqualTo(1);
        assertThat(bank.size()).isZero();
        PatternCandidate a = new PatternCandidate(
                new float[] {1, 0},
                0.6,
                0.9,
                2,
                MechanismTally.of(Mechanism.CAUSAL_CONE, 0.6).plus(Mechanism.CAUSAL_CONE, 0.6),
                java.util.Map.of("temperature", 0.5),
                ExecutionMetrics.of(10, 20).withRows(100));
        PatternCandidate b = new PatternCandidate(
                new float[] {0.99f, 0.01f},
                0.9,
                0.9,
                2,
                MechanismTally.of(Mechanism.CRITICAL_PATH, 0.9).plus(Mechanism.CRITICAL_PATH, 0.9),
                java.util.Map.of("temperature", 2.0),
                ExecutionMetrics.of(20, 20).withRows(300));
        bank.storeAll(List.of(a, b));
        Pattern p = bank.patterns().get(0);
        assertThat(bank.size()).isEqualTo(1);
        assertThat(p.quality()).isCloseTo(0.75, within(1e-12));
        assertThat(p.tally().count(Mechanism.CAUSAL_CONE)).isEqualTo(2);
        assertThat(p.bestMechanism()).isEqualTo(Mechanism.CRITICAL_PATH);
        assertThat(p.tally().mode()).isEqualTo(Mechanism.CAUSAL_CONE);
        assertThat(p.params()).containsEntry("temperature", 2.0);
        assertThat(p.meanMetrics().executionMs()).isCloseTo(15, within(1e-12));
        assertThat(p.meanMetrics().rows()).isEqualTo(200);
        assertThat(p.meanMetrics().hasMemoryBytes()).isFalse();
        assertThat(bank.pattern(p.id())).contains(p);
        assertThat(bank.pattern(p.id() + 100)).isEmpty();
    }

    @Test
    void evictsTheLowestScoreThenTheLeastRecentlyUsed() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        InstantSource clock = now::get;
        SonaConfig cfg = SonaConfig.builder()
                .dimension(3)
                .maxPatterns(3)
                .clock(clock)
                .similarityThreshold(0.0)
                .build();
        IvfReasoningBank bank = (IvfReasoningBank) DagReasoningBank.create(cfg);
        float[] x = {1, 0, 0};
        float[] y = {0, 1, 0};
        float[] z = {0, 0, 1};
        bank.store(PatternCandidate.of(x, 0.5, 0.8, 1)); // score 0.4
        bank.store(PatternCandidate.of(y, 0.5, 0.8, 1)); // score 0.4
        bank.store(PatternCandidate.of(z, 0.9, 0.9, 1)); // score 0.81
        now.set(now.get().plus(Duration.ofMinutes(1)));
        // y is used once: 0.4·(1 + ln 2) = 0.677
        bank.search(new float[] {0, 1, 0}, 1, false, true);
        assertThat(bank.pattern(2).orElseThrow().usageCount()).isEqualTo(1);
        assertThat(bank.pattern(2).orElseThrow().lastUsedAt()).isEqualTo(now.get());
        StoreResult r = bank.store(PatternCandidate.of(new float[] {-1, 0, 0}, 0.5, 0.8, 1)); // score 0.4, newest
        assertThat(r.evicted()).isEqualTo(1);
        // x and the new one tie on score; x was used less recently (at creation) and goes
        assertThat(bank.patterns()).extracting(Pattern::id).containsExactly(2L, 3L, 4L);
        r = bank.store(PatternCandidate.of(new float[] {0, -1, 0}, 0.5, 0.8, 1));
        assertThat(bank.patterns()).extracting(Pattern::id).containsExactly(2L, 3L, 5L);
        assertThat(r.evicted()).isEqualTo(1);
    }

    @Test
    void rejectsBadArgumentsWithoutChangingState() {
        DagReasoningBank bank = DagReasoningBank.create(config(2));
        bank.store(PatternCandidate.of(new float[] {1, 0}, 0.9, 0.9, 1));
        long version = bank.version();
        assertThatThrownBy(() -> bank.storeAll(List.of(
                        PatternCandidate.of(new float[] {0, 1}, 0.9, 0.9, 1),
                        PatternCandidate.of(new float[] {0, 1, 0}, 0.9, 0.9, 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 2");
        assertThat(bank.size()).isEqualTo(1);
        assertThat(bank.version()).isEqualTo(version);
        assertThatThrownBy(() -> bank.querySimilar(new double[3], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bank.querySimilar(new double[] {Double.NaN, 0}, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> bank.querySimilar(new double[2], -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PatternCandidate.of(new float[2], 0.5, 0.5, 1)).hasMessageContaining("non-zero");
        assertThat(bank.querySimilar(new double[2], 3)).isEmpty(); // a zero query matches nothing
        bank.clear();
        assertThat(bank.size()).isZero();
        assertThat(bank.store(PatternCandidate.of(new float[] {1, 0}, 0.9, 0.9, 1))
                        .ids())
                .containsExactly(2L);
    }

    /** IVF recall@5 against exact search on 10 000 clustered patterns (spec 02 §1.6), one batch. */
    @Test
    void ivfRecallAtFiveOnTenThousandPatterns() {
        assertThat(ivfRecall(1, 10_000, "one batch")).isGreaterThanOrEqualTo(0.95);
    }

    /** The same, grown like a bank fed by cycles: 100 batches of 100, retrained as it grows. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void ivfRecallAtFiveWhenGrownIncrementally() {
        assertThat(ivfRecall(100, 100, "100 batches")).isGreaterThanOrEqualTo(0.95);
    }

    /** The index is trained at 1000 patterns and stays accurate while it is retrained. */
    @Test
    void ivfRecallWhileGrowingPastTheThreshold() {
        assertThat(ivfRecall(30, 100, "30 batches")).isGreaterThanOrEqualTo(0.95);
    }

    private static double ivfRecall(int batches, int perBatch, String label) {
        SplittableRandom rnd = new SplittableRandom(2024);
        int d = 256;
        IvfReasoningBank bank = (IvfReasoningBank)
                DagReasoningBank.create(SonaConfig.builder().mergeCosine(1.0).build());
        int families = 400;
        float[][] centres = new float[families][];
        for (int f = 0; f < families; f++) {
            centres[f] = Dags.randomUnit(rnd, d);
        }
        long t0 = System.nanoTime();
        for (int batch = 0; batch < batches; batch++) {
            List<PatternCandidate> cands = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                float[] c = Dags.perturbed(rnd, centres[rnd.nextInt(families)], 0.5);
                cands.add(PatternCandidate.of(c, rnd.nextDouble(), 0.5 + 0.5 * rnd.nextDouble(), 1));
            }
            bank.storeAll(cands);
        }
        long buildMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(bank.size()).isEqualTo(batches * perBatch);
        assertThat(bank.indexed()).isTrue();
        int found = 0;
        int wanted = 0;
        for (int q = 0; q < 300; q++) {
            double[] query = Dags.toDouble(Dags.perturbed(rnd, centres[rnd.nextInt(families)], 0.5));
            Set<Long> exact = new HashSet<>();
            for (Pattern p : bank.querySimilarExact(query, 5)) {
                exact.add(p.id());
            }
            wanted += exact.size();
            for (Pattern p : bank.querySimilar(query, 5)) {
                if (exact.contains(p.id())) {
                    found++;
                }
            }
        }
        double recall = (double) found / wanted;
        System.out.printf(
                "IVF (%s): %d patterns in %d lists, built in %d ms, recall@5 = %.4f over %d exact hits%n",
                label, bank.size(), bank.snapshot().k, buildMs, recall, wanted);
        assertThat(wanted).isGreaterThan(1000);
        return recall;
    }

    /** Readers never see part of a batch: every batch adds 10 patterns around one probe. */
    @Test
    void readersNeverSeeAHalfPublishedBatch() throws InterruptedException {
        int d = 32;
        int perBatch = 10;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] probe = Dags.randomUnit(rnd, d);
        DagReasoningBank bank = DagReasoningBank.create(SonaConfig.builder()
                .dimension(d)
                .mergeCosine(1.0)
                .maxPatterns(1_000_000)
                .ivfThreshold(1_000_000)
                .build());
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<@Nullable String> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        double[] q = Dags.toDouble(probe);
        for (int r = 0; r < 4; r++) {
            Thread t = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    int size = bank.querySimilar(q, 10_000).size();
                    if (size % perBatch != 0) {
                        failure.compareAndSet(null, "saw " + size + " patterns");
                    }
                    long sum = bank.patterns().stream()
                            .mapToLong(Pattern::sampleCount)
                            .sum();
                    if (sum % (perBatch * 3L) != 0) {
                        failure.compareAndSet(null, "saw sample sum " + sum);
                    }
                }
            });
            readers.add(t);
            t.start();
        }
        started.await();
        for (int batch = 0; batch < 200; batch++) {
            List<PatternCandidate> cands = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                cands.add(PatternCandidate.of(Dags.perturbed(rnd, probe, 0.3), 0.5, 0.9, 3));
            }
            bank.storeAll(cands);
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(bank.size()).isEqualTo(2000);
    }
}
