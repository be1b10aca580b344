package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.QueryDag;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** CausalCone attention, spec 01 §3.2. */
class CausalConeAttentionTest extends DagAttentionContractTest {
    @Override
    AttentionKind kind() {
        return AttentionKind.CAUSAL_CONE;
    }

    @Test
    void chain4() {
        assertWeights(create().forward(TestDags.chain(4)), 0.213838, 0.236328, 0.261183, 0.288651);
    }

    @Test
    void chain4WithHorizonTwo() {
        AttentionScores s =
                create(AttentionConfig.builder().causalMaxHops(2).build()).forward(TestDags.chain(4));
        assertWeights(s, 0, 0.300610, 0.332225, 0.367165);
        assertThat(s.weight(0)).isZero();
        assertThat(s.metadata()).containsEntry("excluded", "1");
    }

    @Test
    void contentModeExample() {
        QueryDag dag =
                TestDags.withEmbeddings(TestDags.chain(3), new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1});
        assertWeights(create().forward(dag, 2), 0.218230, 0.241182, 0.540588);
    }

    private static QueryDag timed(@Nullable Double... starts) {
        QueryDag d = TestDags.chain(starts.length);
        for (int i = 0; i < starts.length; i++) {
            d.replaceNode(i, d.node(i).withStartTimeMs(starts[i]));
        }
        return d;
    }

    @Test
    void nodesOutsideTheTimeWindowGetZero() {
        // t_ref = 5000 (the sink); node 0 started 2000 ms before it, beyond W = 1000 ms
        AttentionScores s = create().forward(timed(3000.0, 4500.0, 4900.0, 5000.0));
        assertThat(s.weight(0)).isZero();
        double z1 = Math.exp(-0.2);
        double z2 = Math.exp(-0.1);
        double sum = z1 + z2 + 1;
        assertWeights(s, 0, z1 / sum, z2 / sum, 1 / sum);
        assertThat(s.metadata()).containsEntry("t_ref_ms", "5000.0");
    }

    @Test
    void windowNeedsBothTimes() {
        // node 1 has no time: kept; the sink has no time: no window at all
        AttentionScores withRef = create().forward(timed(3000.0, null, 4900.0, 5000.0));
        assertThat(withRef.weight(0)).isZero();
        assertThat(withRef.weight(1)).isPositive();
        AttentionScores noRef = create().forward(timed(0.0, 4500.0, 4900.0, null));
        assertWeights(noRef, 0.213838, 0.236328, 0.261183, 0.288651);
    }

    @Test
    void infiniteWindowKeepsEverything() {
        AttentionScores s = create(AttentionConfig.builder()
                        .causalTimeWindowMs(Double.POSITIVE_INFINITY)
                        .build())
                .forward(timed(-1e9, 4500.0, 4900.0, 5000.0));
        assertWeights(s, 0.213838, 0.236328, 0.261183, 0.288651);
    }

    @Test
    void contentWindowIsMeasuredFromTheQuery() {
        QueryDag dag = TestDags.withEmbeddings(
                timed(100.0, 1500.0, 9000.0), new float[] {0}, new float[] {0}, new float[] {0});
        // q = 1 started at 1500: node 0 (100) is 1400 ms older -> excluded; node 2 is not an ancestor
        AttentionScores s = create().forward(dag, 1);
        assertWeights(s, 0, 1, 0);
    }

    @Test
    void decayIsAddedNotMultiplied() {
        // a negative content score must not make the far node heavier
        QueryDag dag = TestDags.withEmbeddings(TestDags.chain(3), new float[] {-1}, new float[] {-1}, new float[] {1});
        AttentionScores s = create().forward(dag, 2);
        assertThat(s.weight(0)).isLessThan(s.weight(1));
    }
}
