package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every worked example of spec 02 §1, computed by hand in the spec. */
class SonaSpecExamplesTest {

    private static final double EPS = 5e-7;

    @Test
    void planEmbeddingWithCosts() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("t"), 0, 100));
        dag.addNode(1, OperatorNode.of(new Operator.Filter("x"), 0, 10));
        dag.addNode(2, OperatorNode.of(new Operator.Result(), 0, 1));
        dag.addEdge(0, 1);
        dag.addEdge(1, 2);
        double[] v = dag.planVector();
        assertThat(v).hasSize(256);
        // the norm before normalisation is 0.862961: recover it from slot 20 = 0.2 / norm
        assertThat(0.2 / v[20]).isCloseTo(0.862961, within(1e-6));
        assertThat(v[0]).isCloseTo(0.38627, within(1e-5));
        assertThat(v[9]).isCloseTo(0.38627, within(1e-5));
        assertThat(v[16]).isCloseTo(0.38627, within(1e-5));
        assertThat(v[20]).isCloseTo(0.23176, within(1e-5));
        assertThat(v[21]).isCloseTo(0.69528, within(1e-5));
        assertThat(v[22]).isCloseTo(0.04288, within(1e-5));
        assertThat(v[23]).isCloseTo(0.11588, within(1e-5));
    }

    @Test
    void queryHashIsTheFirstEightFingerprintBytes() {
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults());
        QueryDag dag = Dags.chain3();
        Trajectory t = sona.postQuery(dag, 10, 20, Mechanism.TOPOLOGICAL);
        byte[] fp = dag.structuralFingerprint().toBytes();
        long expected = 0;
        for (int i = 0; i < 8; i++) {
            expected = (expected << 8) | (fp[i] & 0xFF);
        }
        assertThat(t.queryHash()).isEqualTo(expected);
    }

    @Test
    void defaultQuality() {
        double q = QualityFunction.EXECUTION_AND_IMPROVEMENT.quality(ExecutionMetrics.of(100, 150));
        assertThat(q).isCloseTo(0.787879, within(EPS));
    }

    @Test
    void defaultQualityIsClampedForSlowExecutions() {
        // without the clamp, exec > 2 x baseline would give a negative second term
        double q = QualityFunction.EXECUTION_AND_IMPROVEMENT.quality(ExecutionMetrics.of(1000, 100));
        assertThat(q).isCloseTo(0.25, within(1e-12));
        assertThat(QualityFunction.EXECUTION_AND_IMPROVEMENT.quality(ExecutionMetrics.of(0, 100)))
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    void latencyMemoryCacheQuality() {
        ExecutionMetrics m = ExecutionMetrics.of(2, 0).withMemoryBytes(1 << 19).withCacheHitRatio(0.9);
        assertThat(QualityFunction.LATENCY_MEMORY_CACHE.quality(m)).isCloseTo(0.546667, within(EPS));
    }

    @Test
    void improvementIsZeroWithoutBaseline() {
        assertThat(ExecutionMetrics.of(10, 0).improvement()).isZero();
        assertThat(ExecutionMetrics.of(10, -5).improvement()).isZero();
        assertThat(ExecutionMetrics.of(100, 150).improvement()).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void confidenceOfThreeMembers() {
        assertThat(TwoLoopSonaEngine.confidence(new double[] {0.8, 0.9, 0.7})).isCloseTo(0.688763, within(EPS));
        // sigma of (0.8, 0.9, 0.7) is 0.081650
        double mu = 0.8;
        double sigma = Math.sqrt((0.0 + 0.01 + 0.01) / 3);
        assertThat(sigma).isCloseTo(0.081650, within(EPS));
        assertThat(TwoLoopSonaEngine.mean(new double[] {0.8, 0.9, 0.7})).isCloseTo(mu, within(1e-12));
    }

    @Test
    void confidenceOfOneMember() {
        assertThat(TwoLoopSonaEngine.confidence(new double[] {0.42})).isEqualTo(0.5);
    }

    @Test
    void mergeExample() {
        DagReasoningBank bank = DagReasoningBank.create(
                SonaConfig.builder().dimension(2).similarityThreshold(0.0).build());
        StoreResult first = bank.store(PatternCandidate.of(new float[] {1, 0}, 0.7, 0.6, 3));
        StoreResult second = bank.store(PatternCandidate.of(new float[] {0.96f, 0.28f}, 0.7, 0.8, 1));
        assertThat(first.stored()).isEqualTo(1);
        assertThat(second.merged()).isEqualTo(1);
        assertThat(second.ids()).containsExactly(first.ids().get(0));
        List<Pattern> all = bank.patterns();
        assertThat(all).hasSize(1);
        Pattern p = all.get(0);
        assertThat((double) p.centroid()[0]).isCloseTo(0.997510, within(1e-6));
        assertThat((double) p.centroid()[1]).isCloseTo(0.070531, within(1e-6));
        assertThat(p.sampleCount()).isEqualTo(4);
        assertThat(p.confidence()).isCloseTo(0.65, within(1e-12));
    }

    @Test
    void microLoraExample() {
        float[] a = {0.1f, 0.2f, 0f, -0.1f};
        float[] x = {1, 0, 1, 0};
        float[] g = {0, 0, 3, 4};
        MicroLoRA lora = MicroLoRA.of(4, 1, 1.0, LoraUpdateRule.ONE_SIDED, a, new float[4]);
        assertThat(lora.forward(x)).containsExactly(x);
        assertThat(lora.adapt(x, g, 0.5)).isTrue();
        float[] theta = lora.parameters();
        float[] b = Arrays.copyOfRange(theta, 4, 8);
        assertThat(b).containsExactly(new float[] {0, 0, 0.03f, 0.04f}, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(lora.forward(x))
                .containsExactly(new float[] {1, 0, 1.003f, 0.004f}, org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void microLoraLegacyExample() {
        float[] a = {0.1f, 0.2f, 0f, -0.1f};
        float[] x = {1, 0, 1, 0};
        MicroLoRA lora = MicroLoRA.of(4, 1, 1.0, LoraUpdateRule.LEGACY_UPSTREAM, a, new float[4]);
        lora.adapt(x, new float[] {0, 0, 3, 4}, 0.5);
        assertThat(lora.forward(x))
                .containsExactly(new float[] {1, 0, 1.006f, 0.008f}, org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void ewcPenaltyCheck() {
        EwcPlusPlus ewc = EwcPlusPlus.create(256, 5000, 0.99);
        ewc.consolidate(filled(256, 1f), filledD(256, 0.1));
        assertThat(ewc.penalty(filled(256, 2f))).isCloseTo(64_000, within(1e-6));
    }

    @Test
    void ewcConsolidationCheck() {
        EwcPlusPlus ewc = EwcPlusPlus.create(256, 1000, 0.9);
        ewc.consolidate(filled(256, 1f), filledD(256, 0.5));
        ewc.consolidate(filled(256, 1.5f), filledD(256, 0.3));
        assertThat(ewc.fisher()[17]).isCloseTo(0.48, within(1e-12));
        assertThat(ewc.anchor()[17]).isEqualTo(1.5);
        assertThat(ewc.taskCount()).isEqualTo(2);
        assertThat(ewc.penalty(filled(256, 2f))).isCloseTo(15_360, within(1e-6));
    }

    @Test
    void proximalExamples() {
        // θ' = 1, θ* = 0, η = 1, λ = 1000 so that ηλF = F·1000
        EwcPlusPlus ewc = EwcPlusPlus.create(2, 1000, 0.99);
        ewc.consolidate(new float[] {0, 0}, new double[] {0.001, 0.003});
        float[] theta = {1, 1};
        ewc.proximal(theta, 1.0);
        assertThat((double) theta[0]).isCloseTo(0.5, within(1e-7));
        assertThat((double) theta[1]).isCloseTo(0.25, within(1e-7));
        // the plain gradient step θ' − ηλF(θ' − θ*) gives 0 and −2 on the same inputs
        double[] grad = new double[2];
        ewc.penaltyGradient(new float[] {1, 1}, grad);
        assertThat(1 - grad[0]).isCloseTo(0.0, within(1e-12));
        assertThat(1 - grad[1]).isCloseTo(-2.0, within(1e-12));
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    static double[] filledD(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
