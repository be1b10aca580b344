package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuraldag.core.QueryDag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class DagSonaEngineTest {

    @Test
    void cycleIsSkippedWithoutEnoughTrajectories() {
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults());
        QueryDag dag = Dags.chain3();
        for (int i = 0; i < 99; i++) {
            sona.postQuery(dag, 10, 20, Mechanism.TOPOLOGICAL);
        }
        CycleResult r = sona.runBackgroundCycle();
        assertThat(r).isEqualTo(new CycleResult.Skipped(99, 100));
        assertThat(sona.trajectoryBuffer().size()).isEqualTo(99);
        sona.postQuery(dag, 10, 20, Mechanism.TOPOLOGICAL);
        CycleResult.Completed c = (CycleResult.Completed) sona.runBackgroundCycle();
        assertThat(c.drained()).isEqualTo(100);
        assertThat(c.kept()).isEqualTo(100);
        assertThat(c.clusters()).isEqualTo(1); // identical embeddings collapse into one cluster
        assertThat(c.stored()).isEqualTo(1);
        assertThat(c.boundaryZ()).isNaN();
        assertThat(c.shift()).isEmpty();
        SonaMetrics m = sona.metrics();
        assertThat(m.cycles()).isEqualTo(1);
        assertThat(m.skippedCycles()).isEqualTo(1);
        assertThat(m.recorded()).isEqualTo(100);
        assertThat(m.meanExecutionMs()).isCloseTo(10, within(1e-9));
        assertThat(m.patterns()).isEqualTo(1);
    }

    @Test
    void lowQualityTrajectoriesAreNotClustered() {
        DagSonaEngine sona =
                DagSonaEngine.create(SonaConfig.builder().minTrajectories(2).build());
        QueryDag dag = Dags.chain3();
        sona.postQuery(dag, 100_000, 10, Mechanism.TOPOLOGICAL); // Q ≈ 0.005
        sona.postQuery(dag, 100_000, 10, Mechanism.TOPOLOGICAL);
        CycleResult.Completed c = (CycleResult.Completed) sona.runBackgroundCycle();
        assertThat(c.drained()).isEqualTo(2);
        assertThat(c.kept()).isZero();
        assertThat(c.clusters()).isZero();
        assertThat(sona.reasoningBank().size()).isZero();
    }

    @Test
    void confidentPatternIsApplied() {
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults());
        QueryDag dag = Dags.family(1);
        PreQueryResult first = sona.preQuery(dag);
        assertThat(first).isInstanceOf(PreQueryResult.DefaultWithAdaptation.class);
        assertThat(first.signal()).containsOnly(0f);
        assertThat(first.contextKey()).isNegative(); // query hash context
        for (int i = 0; i < 100; i++) {
            Mechanism m = i % 2 == 0 ? Mechanism.CRITICAL_PATH : Mechanism.TOPOLOGICAL;
            sona.postQuery(dag, m == Mechanism.CRITICAL_PATH ? 5 : 10, 10, m);
        }
        sona.runBackgroundCycle();
        PreQueryResult pre = sona.preQuery(dag);
        assertThat(pre).isInstanceOf(PreQueryResult.PatternApplied.class);
        PreQueryResult.PatternApplied applied = (PreQueryResult.PatternApplied) pre;
        assertThat(applied.mechanism()).isEqualTo(Mechanism.CRITICAL_PATH);
        assertThat(applied.similarity()).isCloseTo(1.0, within(1e-6));
        assertThat(applied.pattern().sampleCount()).isEqualTo(100);
        assertThat(applied.pattern().confidence()).isGreaterThan(0.8);
        assertThat(applied.contextKey()).isEqualTo(applied.pattern().id());
        assertThat(applied.adaptedEmbedding()).hasSize(256);
        // usage is counted for preQuery, not for plain searches
        assertThat(sona.reasoningBank().patterns().get(0).usageCount()).isEqualTo(1);
        sona.reasoningBank().querySimilar(dag.planVector(), 5);
        assertThat(sona.reasoningBank().patterns().get(0).usageCount()).isEqualTo(1);
        SonaMetrics m = sona.metrics();
        assertThat(m.queries()).isEqualTo(2);
        assertThat(m.hits()).isEqualTo(1);
        assertThat(m.misses()).isEqualTo(1);
        assertThat(m.hitRate()).isEqualTo(0.5);
        Trajectory t = sona.postQuery(dag, ExecutionMetrics.of(4, 10), pre, Map.of("temperature", 0.7));
        assertThat(t.mechanism()).isEqualTo(Mechanism.CRITICAL_PATH);
        assertThat(t.params()).containsEntry("temperature", 0.7);
        assertThat(t.quality())
                .isCloseTo(
                        QualityFunction.EXECUTION_AND_IMPROVEMENT.quality(ExecutionMetrics.of(4, 10)), within(1e-12));
    }

    @Test
    void unconfidentMatchUsesTheBanditInThePatternContext() {
        DagSonaEngine sona =
                DagSonaEngine.create(SonaConfig.builder().minTrajectories(1).build());
        QueryDag dag = Dags.family(2);
        sona.postQuery(dag, 10, 20, Mechanism.TOPOLOGICAL);
        sona.runBackgroundCycle();
        Pattern p = sona.reasoningBank().patterns().get(0);
        assertThat(p.confidence()).isEqualTo(0.5);
        PreQueryResult pre = sona.preQuery(dag);
        assertThat(pre).isInstanceOf(PreQueryResult.DefaultWithAdaptation.class);
        assertThat(pre.contextKey()).isEqualTo(p.id());
        // a nearby plan gets a signal toward the pattern
        PreQueryResult other = sona.preQuery(Dags.variant(2, 3.0));
        float[] g = other.signal();
        assertThat(Vectors.norm2(g, 0, 256)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void adapterLearnsInBatchesWithTheEwcStep() {
        SonaConfig cfg =
                SonaConfig.builder().updateBatchSize(10).minTrajectories(1).build();
        DagSonaEngine sona = DagSonaEngine.create(cfg);
        QueryDag anchor = Dags.family(2);
        sona.postQuery(anchor, 10, 20, Mechanism.TOPOLOGICAL);
        sona.runBackgroundCycle();
        QueryDag near = Dags.variant(2, 3.0); // same shape, other costs: a non-zero signal toward the pattern
        float[] before = sona.microLora().parameters();
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 10; i++) {
            PreQueryResult pre = sona.preQuery(near);
            sona.postQuery(near, ExecutionMetrics.of(5 + 10 * rnd.nextDouble(), 10), pre);
        }
        assertThat(sona.metrics().adapterUpdates()).isEqualTo(1);
        float[] after = sona.microLora().parameters();
        assertThat(after).isNotEqualTo(before);
        // one-sided: A is untouched
        for (int i = 0; i < 512; i++) {
            assertThat(after[i]).isEqualTo(before[i]);
        }
        assertThat(sona.ewc().pendingSamples()).isEqualTo(10);
    }

    @Test
    void evictionsAreCounted() {
        DagSonaEngine sona =
                DagSonaEngine.create(SonaConfig.builder().maxPatterns(2).build());
        List<QueryDag> fams = Dags.families(5);
        for (int i = 0; i < 100; i++) {
            sona.postQuery(fams.get(i % 5), 10, 20, Mechanism.TOPOLOGICAL);
        }
        CycleResult.Completed c = (CycleResult.Completed) sona.runBackgroundCycle();
        assertThat(c.clusters()).isEqualTo(5);
        assertThat(c.stored()).isEqualTo(5);
        assertThat(c.evicted()).isEqualTo(3);
        assertThat(c.patterns()).isEqualTo(2);
        assertThat(sona.metrics().patternsEvicted()).isEqualTo(3);
    }

    @Test
    void workloadSwitchIsATaskBoundary() {
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults());
        List<QueryDag> a = List.of(Dags.family(0), Dags.family(3));
        List<QueryDag> b = List.of(Dags.family(1), Dags.family(2));
        SplittableRandom rnd = new SplittableRandom(3);
        List<CycleResult.Completed> results = new ArrayList<>();
        for (int cycle = 0; cycle < 4; cycle++) {
            List<QueryDag> work = cycle < 3 ? a : b;
            for (int i = 0; i < 100; i++) {
                sona.postQuery(work.get(rnd.nextInt(2)), 5 + rnd.nextDouble(), 10, Mechanism.TOPOLOGICAL);
            }
            CycleResult.Completed last = (CycleResult.Completed) sona.runBackgroundCycle();
            results.add(last);
            if (cycle == 1 || cycle == 2) {
                assertThat(last.boundaryZ()).isLessThan(2.0);
                assertThat(last.shift()).isEmpty();
            }
        }
        CycleResult.Completed last = results.get(3);
        assertThat(last.boundaryZ()).isGreaterThan(2.0);
        assertThat(last.shift()).isPresent();
        assertThat(last.shift().orElseThrow().taskCount()).isEqualTo(1);
        assertThat(sona.ewc().taskCount()).isEqualTo(1);
        assertThat(sona.metrics().distributionShifts()).isEqualTo(1);
        assertThat(sona.metrics().ewcTasks()).isEqualTo(1);
    }

    @Test
    void backgroundSchedulerRunsAndStops() throws InterruptedException {
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.builder()
                .backgroundInterval(Duration.ofMillis(5))
                .minTrajectories(1)
                .build());
        sona.start();
        assertThatThrownBy(sona::start).isInstanceOf(IllegalStateException.class);
        sona.postQuery(Dags.chain3(), 10, 20, Mechanism.TOPOLOGICAL);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sona.reasoningBank().size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(sona.reasoningBank().size()).isEqualTo(1);
        sona.close();
        sona.close();
        assertThatThrownBy(sona::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        long cycles = sona.metrics().cycles() + sona.metrics().skippedCycles();
        Thread.sleep(30);
        assertThat(sona.metrics().cycles() + sona.metrics().skippedCycles()).isEqualTo(cycles);
        // the instant loop still works after close
        assertThat(sona.preQuery(Dags.chain3())).isNotNull();
        assertThat(sona.metrics().cycleFailures()).isZero();
        assertThat(sona.toString()).contains("patterns=1");
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose
    void rejectsBadArguments() {
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults());
        assertThatThrownBy(() -> sona.preQuery(null)).isInstanceOf(NullPointerException.class);
        PreQueryResult pre = sona.preQuery(Dags.chain3());
        assertThatThrownBy(() -> sona.postQuery(Dags.chain3(), null, pre)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> sona.postQuery(Dags.chain3(), -1, 10, Mechanism.TOPOLOGICAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("executionMs");
        assertThatThrownBy(() -> sona.postQuery(Dags.chain3(), ExecutionMetrics.of(1, 2), pre, Map.of("x", Double.NaN)))
                .hasMessageContaining("params[x]");
        assertThat(sona.trajectoryBuffer().totalSeen()).isZero();
        assertThat(sona.config()).isEqualTo(SonaConfig.defaults());
    }

    /**
     * Four threads call preQuery while cycles merge new trajectories into the patterns: every
     * applied pattern is internally consistent (quality matches its sample count, the similarity
     * matches its centroid), so no reader ever sees a half-published bank.
     */
    @Test
    void preQueryDuringBackgroundCyclesSeesConsistentPatterns() throws InterruptedException {
        DagSonaEngine sona =
                DagSonaEngine.create(SonaConfig.builder().epsilon(0).build());
        List<QueryDag> fams = Dags.families(5);
        int perFamily = 20;
        int cycles = 40;
        // cycle c: every trajectory of every family runs 2 + c ms against a 40 ms baseline
        double[] qualityOfCycle = new double[cycles + 1];
        for (int c = 1; c <= cycles; c++) {
            qualityOfCycle[c] = QualityFunction.EXECUTION_AND_IMPROVEMENT.quality(ExecutionMetrics.of(2 + c, 40));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<@Nullable String> failure = new AtomicReference<>();
        AtomicInteger applied = new AtomicInteger();
        ConcurrentHashMap<Integer, Boolean> seenCounts = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            int offset = r;
            Thread t = new Thread(() -> {
                started.countDown();
                int i = offset;
                while (!stop.get()) {
                    QueryDag dag = fams.get(i++ % fams.size());
                    float[] e = toFloat(dag.planVector());
                    PreQueryResult pre = sona.preQuery(dag);
                    if (pre instanceof PreQueryResult.PatternApplied p) {
                        applied.incrementAndGet();
                        Pattern pat = p.pattern();
                        int c = pat.sampleCount() / perFamily;
                        seenCounts.put(c, Boolean.TRUE);
                        double expected = 0;
                        for (int k = 1; k <= c; k++) {
                            expected += qualityOfCycle[k];
                        }
                        expected /= c;
                        String problem = null;
                        if (pat.sampleCount() % perFamily != 0) {
                            problem = "sample count " + pat.sampleCount();
                        } else if (Math.abs(pat.quality() - expected) > 1e-9) {
                            problem = "quality " + pat.quality() + " for " + c + " cycles, expected " + expected;
                        } else if (Math.abs(p.similarity() - Vectors.dot(pat.centroid(), 0, e, 0, 256)) > 1e-5) {
                            problem = "similarity " + p.similarity();
                        } else if (pat.tally().total() != pat.sampleCount()) {
                            problem = "tally " + pat.tally().total() + " vs samples " + pat.sampleCount();
                        }
                        if (problem != null) {
                            failure.compareAndSet(null, problem);
                        }
                    }
                }
            });
            readers.add(t);
            t.start();
        }
        started.await();
        for (int c = 1; c <= cycles; c++) {
            for (QueryDag dag : fams) {
                for (int i = 0; i < perFamily; i++) {
                    sona.postQuery(dag, 2 + c, 40, Mechanism.CRITICAL_PATH);
                }
            }
            assertThat(sona.runBackgroundCycle()).isInstanceOf(CycleResult.Completed.class);
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(applied.get()).isPositive();
        assertThat(sona.reasoningBank().size()).isEqualTo(5);
        System.out.printf(
                "concurrent preQuery: %d patterns applied, %d distinct merge states seen%n",
                applied.get(), seenCounts.size());
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
