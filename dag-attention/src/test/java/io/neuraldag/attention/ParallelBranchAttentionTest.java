package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.QueryDag;
import org.junit.jupiter.api.Test;

/** ParallelBranch attention, spec 01 §3.6. */
class ParallelBranchAttentionTest extends DagAttentionContractTest {
    @Override
    AttentionKind kind() {
        return AttentionKind.PARALLEL_BRANCH;
    }

    @Test
    void diamond() {
        AttentionScores s = create().forward(TestDags.diamond());
        assertWeights(s, 0.408787, 0.091213, 0.091213, 0.408787);
        assertThat(s.auxiliary("sync", 0)).isEqualTo(1.0);
        assertThat(s.auxiliary("sync", 1)).isZero();
    }

    @Test
    void scansJoinResult() {
        assertWeights(create().forward(TestDags.scansJoinResult()), 0.141079, 0.141079, 0.632273, 0.085569);
    }

    @Test
    void contentModeAttendsToPeersOnTheQueryLevel() {
        // q = scan 0; its mask is {0}; its peer is scan 1 (same level); the join is neither
        QueryDag dag = TestDags.withEmbeddings(
                TestDags.scansJoin(), new float[] {1, 0}, new float[] {1, 1}, new float[] {5, 5});
        AttentionScores s = create().forward(dag, 0);
        double z0 = 1 / Math.sqrt(2);
        double z1 = 0.5 / Math.sqrt(2);
        double sum = Math.exp(z0) + Math.exp(z1);
        assertWeights(s, Math.exp(z0) / sum, Math.exp(z1) / sum, 0);
        assertThat(s.metadata()).containsEntry("peers", "1");
    }

    @Test
    void crossProjectionScalesPeers() {
        AttentionConfig c = AttentionConfig.builder()
                .crossProjection(new Projection(2, 2, new double[] {2, 0, 0, 2}))
                .build();
        QueryDag dag = TestDags.withEmbeddings(
                TestDags.scansJoin(), new float[] {1, 0}, new float[] {1, 1}, new float[] {5, 5});
        AttentionScores s = create(c).forward(dag, 0);
        double z0 = 1 / Math.sqrt(2);
        double z1 = 0.5 * 2 / Math.sqrt(2);
        double sum = Math.exp(z0) + Math.exp(z1);
        assertWeights(s, Math.exp(z0) / sum, Math.exp(z1) / sum, 0);
    }

    @Test
    void syncBoostAppliesInContentMode() {
        QueryDag dag = TestDags.withEmbeddings(
                TestDags.scansJoinResult(), new float[] {0}, new float[] {0}, new float[] {0}, new float[] {0});
        // q = result 3: mask {0, 1, 2, 3}, no peers; join 2 is a merge -> +2
        double e2 = Math.exp(2);
        assertWeights(create().forward(dag, 3), 1 / (3 + e2), 1 / (3 + e2), e2 / (3 + e2), 1 / (3 + e2));
    }
}
