package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.QueryDag;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CriticalPath attention, spec 01 §3.3 and §7 item 13. */
class CriticalPathAttentionTest extends DagAttentionContractTest {
    @Override
    AttentionKind kind() {
        return AttentionKind.CRITICAL_PATH;
    }

    private static QueryDag costedDiamond() {
        return TestDags.withCosts(TestDags.diamond(), 10, 5, 1, 2);
    }

    @Test
    void diamondWithCosts() {
        AttentionScores s = create().forward(costedDiamond());
        assertWeights(s, 0.310257, 0.310257, 0.069228, 0.310257);
        assertThat(s.auxiliary("critical", 2)).isZero();
        assertThat(s.auxiliary("critical", 1)).isEqualTo(1.0);
        assertThat(s.metadata()).containsEntry("critical_nodes", "3").containsEntry("critical_path_weight", "17.0");
    }

    @Test
    void zeroCostsMakeTheLongestPathCritical() {
        // unit weights: both branches of the diamond are longest, so everything is critical
        AttentionScores s = create().forward(TestDags.diamond());
        assertWeights(s, 0.25, 0.25, 0.25, 0.25);
    }

    @Test
    void betaGrowsOnlyWhenTheSpreadExceedsTwoAndIsCappedAtFive() {
        QueryDag dag = costedDiamond();
        CriticalPathAttention m = (CriticalPathAttention) create();
        long h0 = m.configHash();
        // max/mean = 2 exactly: no change
        m.update(dag, Map.of(0, 3.0, 1, 1.0, 2, 1.0, 3, 1.0));
        assertThat(m.beta()).isEqualTo(1.5);
        assertThat(m.configHash()).isEqualTo(h0);
        // max/mean = 3.2 > 2: x1.1
        m.update(dag, Map.of(0, 1.0, 1, 8.0, 2, 0.5, 3, 0.5));
        assertThat(m.beta()).isCloseTo(1.65, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.configHash()).isNotEqualTo(h0);
        for (int i = 0; i < 40; i++) {
            m.update(dag, Map.of(0, 1.0, 1, 8.0, 2, 0.5, 3, 0.5));
        }
        assertThat(m.beta()).isEqualTo(5.0);
        double e5 = Math.exp(5);
        assertWeights(m.forward(dag), e5 / (3 * e5 + 1), e5 / (3 * e5 + 1), 1 / (3 * e5 + 1), e5 / (3 * e5 + 1));
        // nothing reported, or only zeros: no change
        m.update(dag, Map.of());
        m.update(dag, Map.of(0, 0.0));
        assertThat(m.beta()).isEqualTo(5.0);
        m.reset();
        assertThat(m.beta()).isEqualTo(1.5);
        assertThat(m.configHash()).isEqualTo(h0);
    }

    @Test
    void updateFromTheNodesOwnActuals() {
        QueryDag dag = costedDiamond();
        dag.replaceNode(1, dag.node(1).withActuals(null, 100.0));
        dag.replaceNode(2, dag.node(2).withActuals(null, 1.0));
        dag.replaceNode(3, dag.node(3).withActuals(null, 1.0));
        CriticalPathAttention m = (CriticalPathAttention) create();
        m.update(dag);
        assertThat(m.beta()).isCloseTo(1.65, org.assertj.core.data.Offset.offset(1e-12));
    }
}
