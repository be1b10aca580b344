package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.QueryDag;
import org.junit.jupiter.api.Test;

/** Topological attention, spec 01 §3.1 and §7 item 12. */
class TopologicalAttentionTest extends DagAttentionContractTest {
    @Override
    AttentionKind kind() {
        return AttentionKind.TOPOLOGICAL;
    }

    @Test
    void chain4() {
        assertWeights(create().forward(TestDags.chain(4)), 0.211980, 0.235534, 0.261704, 0.290782);
    }

    @Test
    void joinAboveItsScans() {
        assertWeights(create().forward(TestDags.scansJoin()), 0.321429, 0.321429, 0.357143);
    }

    @Test
    void contentModeExampleOfSection30() {
        QueryDag dag =
                TestDags.withEmbeddings(TestDags.chain(3), new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1});
        AttentionScores s = create().forward(dag, 2);
        assertWeights(s, 0.248255, 0.248255, 0.503490);
        // aggregated = Σ w e
        assertThat(s.aggregated())
                .containsExactly(
                        new double[] {0.248255 + 0.503490, 0.248255 + 0.503490},
                        org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void ratioBetweenNeighbouringLevelsIsExactlyGamma() {
        AttentionScores s =
                create(AttentionConfig.builder().topologicalDecay(0.5).build()).forward(TestDags.chain(5));
        for (int i = 0; i < 4; i++) {
            assertThat(s.weight(i) / s.weight(i + 1)).isEqualTo(0.5);
        }
    }

    @Test
    void depthIsCappedAtH() {
        AttentionScores s =
                create(AttentionConfig.builder().topologicalMaxDepth(2).build()).forward(TestDags.chain(5));
        assertThat(s.weight(0)).isEqualTo(s.weight(1)).isEqualTo(s.weight(2));
        assertThat(s.weight(2) / s.weight(3)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void gammaAboveOneFavoursScans() {
        AttentionScores s =
                create(AttentionConfig.builder().topologicalDecay(2.0).build()).forward(TestDags.chain(3));
        assertWeights(s, 4 / 7.0, 2 / 7.0, 1 / 7.0);
    }

    @Test
    void contentModeMasksNonAncestors() {
        QueryDag dag = TestDags.withEmbeddings(
                TestDags.diamond(), new float[] {1}, new float[] {2}, new float[] {3}, new float[] {4});
        AttentionScores s = create().forward(dag, 1);
        assertThat(s.weight(2)).isZero();
        assertThat(s.weight(3)).isZero();
        assertThat(s.weight(0) + s.weight(1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void contentModeAppliesQueryKeyAndValueProjections() {
        AttentionConfig c = AttentionConfig.builder()
                .queryProjection(new Projection(2, 2, new double[] {1, 0, 0, 2}))
                .keyProjection(new Projection(2, 2, new double[] {0, 1, 1, 0}))
                .valueProjection(new Projection(1, 2, new double[] {1, 1}))
                .build();
        QueryDag dag =
                TestDags.withEmbeddings(TestDags.chain(3), new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1});
        AttentionScores s = create(c).forward(dag, 2);
        // W_Q e_q = (1, 2); W_K e = (0, 1), (1, 0), (1, 1) -> dots 2, 1, 3, over sqrt(2)
        double[] z = {2 / Math.sqrt(2), 1 / Math.sqrt(2), 3 / Math.sqrt(2)};
        double sum = Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]);
        double[] w = {Math.exp(z[0]) / sum, Math.exp(z[1]) / sum, Math.exp(z[2]) / sum};
        assertWeights(s, w);
        assertThat(s.aggregated())
                .containsExactly(new double[] {w[0] + w[1] + 2 * w[2]}, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void projectedKeysMustMatchTheQueryDimension() {
        AttentionConfig c = AttentionConfig.builder()
                .keyProjection(new Projection(3, 2, new double[6]))
                .build();
        QueryDag dag = TestDags.withEmbeddings(TestDags.chain(2), new float[] {1, 0}, new float[] {0, 1});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> create(c).forward(dag, 1))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.DIMENSION_MISMATCH));
    }
}
