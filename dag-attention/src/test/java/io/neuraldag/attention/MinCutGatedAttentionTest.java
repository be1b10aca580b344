package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import org.junit.jupiter.api.Test;

/** MinCutGated attention, spec 01 §3.4 and §7 item 13. */
class MinCutGatedAttentionTest extends DagAttentionContractTest {
    @Override
    AttentionKind kind() {
        return AttentionKind.MINCUT_GATED;
    }

    @Test
    void threeScansJoinResult() {
        AttentionScores s = create().forward(TestDags.threeScans());
        assertWeights(s, 1 / 6.0, 1 / 6.0, 1 / 6.0, 0.25, 0.25);
        for (int i = 0; i < 3; i++) {
            assertThat(s.auxiliary("criticality", i)).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(s.auxiliary("gate", i)).isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-12));
        }
        assertThat(s.auxiliary("gate", 3)).isEqualTo(1.0);
        assertThat(s.auxiliary("criticality", 4)).isEqualTo(1.0);
        assertThat(s.metadata()).containsEntry("provider", "path_dominance");
    }

    @Test
    void bowtieIsUniformAndItsCentreIsOpen() {
        AttentionScores s = create().forward(TestDags.bowtie());
        assertWeights(s, 0.2, 0.2, 0.2, 0.2, 0.2);
        assertThat(s.auxiliary("gate", 2)).isGreaterThan(0.9);
    }

    @Test
    void pluggableProviderIsUsed() {
        CriticalityProvider p = snap -> new double[] {0.25, 1.0, 0.0, 0.5};
        DagAttention m = DagAttention.minCutGated(AttentionConfig.defaults(), p);
        AttentionScores s = m.forward(TestDags.diamond());
        // gates 0.5, 1, 0, 1 -> linear normalization
        assertWeights(s, 0.2, 0.4, 0.0, 0.4);
        assertThat(m.configHash()).isNotEqualTo(create().configHash());
        QueryDag dag = TestDags.withEmbeddings(
                TestDags.diamond(), new float[] {0}, new float[] {0}, new float[] {0}, new float[] {0});
        // content: ln 0 excludes node 2; the rest ∝ gates
        assertWeights(m.forward(dag, 3), 0.2, 0.4, 0.0, 0.4);
    }

    @Test
    void providerFailuresBecomeComputationFailed() {
        QueryDag dag = TestDags.diamond();
        CriticalityProvider[] bad = {
            snap -> {
                throw new IllegalStateException("engine down");
            },
            snap -> new double[3],
            snap -> new double[] {0.5, 0.5, 1.5, 1},
            snap -> new double[] {0.5, Double.NaN, 0.5, 1},
            snap -> new double[4]
        };
        for (CriticalityProvider p : bad) {
            assertThatThrownBy(() -> DagAttention.minCutGated(AttentionConfig.defaults(), p)
                            .forward(dag))
                    .isInstanceOfSatisfying(
                            AttentionException.class,
                            e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.COMPUTATION_FAILED));
        }
    }

    @Test
    void providerArrayIsNotRetained() {
        double[] k = {1, 1, 1, 1};
        DagAttention m = DagAttention.minCutGated(AttentionConfig.defaults(), snap -> k);
        AttentionScores s = m.forward(TestDags.diamond());
        k[0] = 0;
        assertThat(s.auxiliary("criticality", 0)).isEqualTo(1.0);
    }

    @Test
    void defaultProviderMatchesDagCore() {
        QueryDag dag = RandomDags.layered(100, 6, 0.3, 3);
        double[] k = CriticalityProvider.pathDominance().criticality(dag.snapshot());
        AttentionScores s = create().forward(dag);
        int[] ids = dag.nodeIds();
        for (int i = 0; i < ids.length; i++) {
            assertThat(s.auxiliary("criticality", ids[i])).isEqualTo(k[i]);
        }
    }
}
