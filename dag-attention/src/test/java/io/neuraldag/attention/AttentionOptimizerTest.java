package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The optimizer entry point: policy precedence (spec 01 §4.2, §7 item 15), fallback, feedback. */
class AttentionOptimizerTest {
    private final FakeClock clock = new FakeClock(0);

    private AttentionOptimizer optimizer() {
        return optimizer(OptimizerConfig.defaults());
    }

    private AttentionOptimizer optimizer(OptimizerConfig c) {
        return AttentionOptimizer.create(c, clock, CriticalityProvider.pathDominance());
    }

    private static QueryDag plain() {
        return TestDags.withCosts(TestDags.diamond(), 10, 5, 1, 2);
    }

    /** Five scans into one join: branch count 5. */
    private static QueryDag wide() {
        return TestDags.of(6, new int[][] {{0, 5}, {1, 5}, {2, 5}, {3, 5}, {4, 5}});
    }

    private static QueryDag timed() {
        QueryDag d = plain();
        for (int i = 0; i < 4; i++) {
            d.replaceNode(i, d.node(i).withStartTimeMs(100.0 * i).withActuals(null, 1.0));
        }
        return d;
    }

    @Test
    void forcedWinsOverEveryRule() {
        AttentionOptimizer o = optimizer();
        AttentionResult r = o.attend(
                TestDags.chain(15),
                PolicyHints.none()
                        .withForced(AttentionKind.PARALLEL_BRANCH)
                        .withCutTension(0.9)
                        .withWriteHeavy(true));
        assertThat(r.chosen()).isEqualTo(AttentionKind.PARALLEL_BRANCH);
        assertThat(r.reason()).isEqualTo(SelectionReason.FORCED);
        assertThat(r.used()).isEqualTo(AttentionKind.PARALLEL_BRANCH);
        assertThat(r.fallback()).isFalse();
    }

    @Test
    void tensionIsStickyForTenSelectionsOfTheSameStructure() {
        AttentionOptimizer o = optimizer();
        QueryDag dag = plain();
        AttentionResult first = o.attend(dag, PolicyHints.none().withCutTension(0.71));
        assertThat(first.chosen()).isEqualTo(AttentionKind.MINCUT_GATED);
        assertThat(first.reason()).isEqualTo(SelectionReason.CUT_TENSION);
        assertThat(first.explanation()).isEqualTo("cut tension 0.71 > 0.70");
        // a forced selection does not consume stickiness
        assertThat(o.attend(dag, PolicyHints.none().withForced(AttentionKind.TOPOLOGICAL))
                        .chosen())
                .isEqualTo(AttentionKind.TOPOLOGICAL);
        // same structure, other estimates: still sticky
        QueryDag sameShape = TestDags.withCosts(TestDags.diamond(), 1, 1, 1, 1);
        for (int i = 0; i < 10; i++) {
            AttentionResult r =
                    o.attend(i % 2 == 0 ? dag : sameShape, PolicyHints.none().withCutTension(0.45));
            assertThat(r.chosen()).as("selection %d", i).isEqualTo(AttentionKind.MINCUT_GATED);
            assertThat(r.reason()).isEqualTo(SelectionReason.STICKY);
        }
        AttentionResult after = o.attend(dag, PolicyHints.none().withCutTension(0.45));
        assertThat(after.reason()).isEqualTo(SelectionReason.BANDIT);
        // another structure was never sticky
        assertThat(o.attend(TestDags.chain(3), PolicyHints.none().withCutTension(0.45))
                        .reason())
                .isEqualTo(SelectionReason.BANDIT);
    }

    @Test
    void tensionAtTheThresholdDoesNotTrigger() {
        assertThat(optimizer()
                        .attend(plain(), PolicyHints.none().withCutTension(0.7))
                        .reason())
                .isEqualTo(SelectionReason.BANDIT);
    }

    @Test
    void latencySpreadSelectsCriticalPathAfterTwentySamples() {
        AttentionOptimizer o = optimizer();
        QueryDag dag = TestDags.chain(15); // deep, so rule 4 would match next
        AttentionResult r = o.attend(dag);
        for (int i = 0; i < 19; i++) {
            o.feedback(dag, r, 10, i == 0 ? 100 : 10);
        }
        assertThat(o.attend(dag).reason()).isEqualTo(SelectionReason.DEEP_PLAN);
        o.feedback(dag, r, 10, 10);
        AttentionResult spread = o.attend(dag);
        assertThat(spread.chosen()).isEqualTo(AttentionKind.CRITICAL_PATH);
        assertThat(spread.reason()).isEqualTo(SelectionReason.LATENCY_SPREAD);
        // tension still comes first
        assertThat(o.attend(dag, PolicyHints.none().withCutTension(0.8)).reason())
                .isEqualTo(SelectionReason.CUT_TENSION);
    }

    @Test
    void evenLatenciesDoNotTriggerTheSpreadRule() {
        AttentionOptimizer o = optimizer();
        QueryDag dag = plain();
        AttentionResult r = o.attend(dag);
        for (int i = 0; i < 150; i++) {
            o.feedback(dag, r, 10, 10 + (i % 5));
        }
        assertThat(o.attend(dag).reason()).isEqualTo(SelectionReason.BANDIT);
    }

    @Test
    void deepBeforeWideBeforeTemporalBeforeWriteHeavy() {
        AttentionOptimizer o = optimizer();
        PolicyHints write = PolicyHints.none().withWriteHeavy(true);
        // depth 11 > 10 and a wide level
        QueryDag deepAndWide = TestDags.chain(12);
        for (int i = 100; i < 105; i++) {
            deepAndWide.addNode(i, new Operator.SeqScan("s"));
            deepAndWide.addEdge(i, 11);
        }
        AttentionResult deep = o.attend(deepAndWide, write);
        assertThat(deep.chosen()).isEqualTo(AttentionKind.HIERARCHICAL_LORENTZ);
        assertThat(deep.explanation()).isEqualTo("max depth 11 > 10");
        assertThat(o.attend(TestDags.chain(11), write).reason()).isEqualTo(SelectionReason.WRITE_HEAVY);
        AttentionResult w = o.attend(wide(), write);
        assertThat(w.chosen()).isEqualTo(AttentionKind.PARALLEL_BRANCH);
        assertThat(w.explanation()).isEqualTo("branch count 5 > 3");
        // timestamps but no trace yet -> write-heavy
        QueryDag dag = timed();
        assertThat(o.attend(dag, write).chosen()).isEqualTo(AttentionKind.CAUSAL_CONE);
        // feedback with fast actuals opens traces
        o.feedback(dag, o.attend(dag), 10, 5);
        AttentionResult t = o.attend(dag, write);
        assertThat(t.chosen()).isEqualTo(AttentionKind.TEMPORAL_BTSP);
        assertThat(t.reason()).isEqualTo(SelectionReason.TEMPORAL_TRACE);
        assertThat(t.cached()).isFalse();
        // the same traces without timestamps do not trigger
        assertThat(o.attend(plain(), write).chosen()).isEqualTo(AttentionKind.CAUSAL_CONE);
    }

    @Test
    void banditTriesEveryMechanismThenLearns() {
        AttentionOptimizer o = optimizer();
        QueryDag dag = plain();
        List<AttentionKind> seen = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            AttentionResult r = o.attend(dag);
            assertThat(r.reason()).isEqualTo(SelectionReason.BANDIT);
            seen.add(r.chosen());
            // ParallelBranch is best: 30 instead of 100 ms
            o.feedback(dag, r, 100, r.chosen() == AttentionKind.PARALLEL_BRANCH ? 30 : 100);
        }
        assertThat(seen).containsExactly(AttentionKind.values());
        for (int i = 0; i < 300; i++) {
            AttentionResult r = o.attend(dag);
            o.feedback(dag, r, 100, r.chosen() == AttentionKind.PARALLEL_BRANCH ? 30 : 100);
        }
        List<ArmStats> stats = o.selectorStats("");
        ArmStats best = stats.get(AttentionKind.PARALLEL_BRANCH.index());
        assertThat(best.meanReward()).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-12));
        for (ArmStats a : stats) {
            assertThat(a.pulls()).isLessThanOrEqualTo(best.pulls());
        }
    }

    @Test
    void banditOffMeansTopologicalBaseline() {
        AttentionOptimizer o =
                optimizer(OptimizerConfig.builder().banditEnabled(false).build());
        AttentionResult r = o.attend(plain());
        assertThat(r.chosen()).isEqualTo(AttentionKind.TOPOLOGICAL);
        assertThat(r.reason()).isEqualTo(SelectionReason.BASELINE);
    }

    @Test
    void failuresFallBackToTopologicalAndAreCounted() {
        AttentionOptimizer o = AttentionOptimizer.create(OptimizerConfig.defaults(), clock, s -> {
            throw new IllegalStateException("min-cut engine unavailable");
        });
        QueryDag dag = plain();
        AttentionResult r = o.attend(dag, PolicyHints.none().withCutTension(0.9));
        assertThat(r.chosen()).isEqualTo(AttentionKind.MINCUT_GATED);
        assertThat(r.used()).isEqualTo(AttentionKind.TOPOLOGICAL);
        assertThat(r.fallback()).isTrue();
        assertThat(r.failure()).isEqualTo(AttentionException.Kind.COMPUTATION_FAILED);
        assertThat(r.scores()).isEqualTo(o.mechanism(AttentionKind.TOPOLOGICAL).forward(dag));
        assertThat(o.fallbackCount()).isEqualTo(1);
        // the reward goes to the arm actually used
        o.feedback(dag, r, 10, 5);
        assertThat(o.selectorStats("").get(AttentionKind.TOPOLOGICAL.index()).pulls())
                .isEqualTo(1);
        assertThat(o.selectorStats("").get(AttentionKind.MINCUT_GATED.index()).pulls())
                .isZero();
    }

    @Test
    void emptyDagYieldsEmptyScores() {
        AttentionOptimizer o = optimizer();
        AttentionResult r = o.attend(new QueryDag());
        assertThat(r.failure()).isEqualTo(AttentionException.Kind.EMPTY_DAG);
        assertThat(r.scores().size()).isZero();
        assertThat(r.scores().kind()).isEqualTo(AttentionKind.TOPOLOGICAL);
        assertThat(o.fallbackCount()).isEqualTo(1);
    }

    @Test
    void repeatedQueriesHitTheCache() {
        AttentionOptimizer o = optimizer();
        QueryDag dag = plain();
        PolicyHints force = PolicyHints.none().withForced(AttentionKind.CRITICAL_PATH);
        AttentionResult a = o.attend(dag, force);
        AttentionResult b = o.attend(dag, force);
        assertThat(a.cached()).isFalse();
        assertThat(b.cached()).isTrue();
        assertThat(b.scores()).isSameAs(a.scores());
        assertThat(o.cacheStats().hits()).isEqualTo(1);
        AttentionOptimizer uncached =
                optimizer(OptimizerConfig.builder().cacheEnabled(false).build());
        assertThat(uncached.attend(dag, force).cached()).isFalse();
        assertThat(uncached.attend(dag, force).cached()).isFalse();
        assertThat(uncached.cacheStats().misses()).isZero();
    }

    @Test
    void contextKeysSeparateBanditStatistics() {
        AttentionOptimizer o = optimizer();
        QueryDag dag = plain();
        AttentionResult r = o.attend(dag, PolicyHints.none().withContext("orders-by-day"));
        assertThat(r.context()).isEqualTo("orders-by-day");
        o.feedback(dag, r, 10, 5);
        assertThat(o.selectorStats("orders-by-day").get(0).pulls()).isEqualTo(1);
        assertThat(o.selectorStats("").get(0).pulls()).isZero();
    }

    @Test
    void feedbackUpdatesTheMechanismsAndResetForgets() {
        AttentionOptimizer o = optimizer();
        QueryDag dag = plain();
        for (int i = 0; i < 4; i++) {
            dag.replaceNode(i, dag.node(i).withActuals(null, i == 1 ? 100.0 : 1.0));
        }
        AttentionResult r = o.attend(dag);
        long hash = o.mechanism(AttentionKind.CRITICAL_PATH).configHash();
        o.feedback(dag, r, 10, 10);
        assertThat(o.mechanism(AttentionKind.CRITICAL_PATH).configHash()).isNotEqualTo(hash);
        assertThatThrownBy(() -> o.feedback(dag, r, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        o.reset();
        assertThat(o.mechanism(AttentionKind.CRITICAL_PATH).configHash()).isEqualTo(hash);
        assertThat(o.selectorStats("")).extracting(ArmStats::pulls).containsOnly(0L);
        assertThat(o.cacheStats().size()).isZero();
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> OptimizerConfig.builder()
                        .selector(SelectorConfig.builder().arms(3).build())
                        .build())
                .isInstanceOf(AttentionException.class)
                .hasMessageContaining("selector");
        assertThatThrownBy(
                        () -> OptimizerConfig.builder().minLatencySamples(200).build())
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() ->
                        OptimizerConfig.builder().tensionThreshold(Double.NaN).build())
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> OptimizerConfig.builder().latencySpread(0).build())
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> OptimizerConfig.builder().stickySelections(-1).build())
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> OptimizerConfig.builder().traceThreshold(-1).build())
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> new PolicyHints(null, Double.POSITIVE_INFINITY, false, null))
                .isInstanceOf(IllegalArgumentException.class);
        OptimizerConfig d = OptimizerConfig.defaults();
        assertThat(d.tensionThreshold()).isEqualTo(0.7);
        assertThat(d.stickySelections()).isEqualTo(10);
        assertThat(d.latencyWindow()).isEqualTo(100);
        assertThat(d.minLatencySamples()).isEqualTo(20);
        assertThat(d.deepPlanDepth()).isEqualTo(10);
        assertThat(d.wideBranchCount()).isEqualTo(3);
        assertThat(d.traceThreshold()).isEqualTo(0.01);
    }

    @Test
    void percentileIsNearestRank() {
        double[] v = new double[20];
        for (int i = 0; i < 20; i++) {
            v[i] = i + 1;
        }
        assertThat(SelectionPolicy.percentile(v, 0.5)).isEqualTo(10);
        assertThat(SelectionPolicy.percentile(v, 0.99)).isEqualTo(20);
        assertThat(SelectionPolicy.percentile(new double[] {4}, 0.5)).isEqualTo(4);
    }

    @Test
    void fourThreadsNeverFailAQuery() throws Exception {
        AttentionOptimizer o = optimizer();
        List<QueryDag> dags = new ArrayList<>();
        List<RandomDags.Family> families = List.of(RandomDags.Family.values());
        for (long seed = 0; seed < 40; seed++) {
            QueryDag d = new RandomDags.Spec(
                            families.get((int) (seed % families.size())),
                            60,
                            seed % 4 == 0 ? RandomDags.Payloads.FULL : RandomDags.Payloads.ESTIMATES,
                            seed % 2 == 0,
                            seed)
                    .build();
            d.fullFingerprint();
            d.structuralFingerprint();
            dags.add(d);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> fs = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                int t0 = th;
                fs.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 500; i++) {
                        QueryDag d = dags.get((i * 7 + t0) % dags.size());
                        PolicyHints h = PolicyHints.none().withCutTension(i % 9 == 0 ? 0.8 : 0.1);
                        AttentionResult r = o.attend(d, h);
                        double sum = 0;
                        for (int k = 0; k < r.scores().size(); k++) {
                            sum += r.scores().weightAt(k);
                        }
                        if (Math.abs(sum - 1) <= 1e-9) {
                            ok++;
                        }
                        o.feedback(d, r, 10, 5 + (i % 10));
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> f : fs) {
                total += f.get();
            }
            assertThat(total).isEqualTo(2000);
        } finally {
            pool.shutdownNow();
        }
        long pulls = 0;
        for (ArmStats a : o.selectorStats("")) {
            pulls += a.pulls();
        }
        assertThat(pulls).isEqualTo(2000);
        assertThat(o.fallbackCount()).isZero();
    }

    @Test
    void singleOperatorPlan() {
        QueryDag d = new QueryDag();
        d.addNode(3, OperatorNode.of(new Operator.Result()));
        AttentionResult r = optimizer().attend(d);
        assertThat(r.scores().weight(3)).isEqualTo(1.0);
    }
}
