package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TemporalBTSP attention, spec 01 §3.7 and §7 item 13, on a fake clock. */
class TemporalBtspAttentionTest extends DagAttentionContractTest {
    private final FakeClock clock = new FakeClock(1_000_000);

    @Override
    AttentionKind kind() {
        return AttentionKind.TEMPORAL_BTSP;
    }

    @Override
    DagAttention create(AttentionConfig config) {
        return DagAttention.temporalBtsp(config, clock);
    }

    private static QueryDag threeIsolated(double cost) {
        QueryDag d = new QueryDag();
        for (int i = 0; i < 3; i++) {
            d.addNode(i, OperatorNode.of(new Operator.SeqScan("t" + i), 0, cost));
        }
        return d;
    }

    @Test
    void specExampleWithPlateauExpiry() {
        DagAttention m = create();
        QueryDag dag = threeIsolated(10);
        assertWeights(m.forward(dag), 1 / 3.0, 1 / 3.0, 1 / 3.0);
        m.update(dag, Map.of(0, 5.0, 1, 15.0));
        AttentionScores s = m.forward(dag);
        assertWeights(s, 0.399956, 0.300022, 0.300022);
        assertThat(s.auxiliary("trace", 0)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.auxiliary("trace", 1)).isZero();
        clock.advanceMillis(499);
        assertWeights(m.forward(dag), 0.399956, 0.300022, 0.300022);
        clock.advanceMillis(1);
        assertWeights(m.forward(dag), 0.338912, 0.330544, 0.330544);
    }

    @Test
    void isStatefulAndResetForgets() {
        DagAttention m = create();
        assertThat(m.stateful()).isTrue();
        QueryDag dag = threeIsolated(10);
        m.update(dag, Map.of(0, 5.0));
        m.reset();
        assertWeights(m.forward(dag), 1 / 3.0, 1 / 3.0, 1 / 3.0);
    }

    @Test
    void unreportedNodesDecay() {
        TemporalBtspAttention m = (TemporalBtspAttention) create();
        QueryDag dag = threeIsolated(10);
        m.update(dag, Map.of(0, 5.0));
        m.update(dag, Map.of(1, 10.0));
        AttentionScores s = m.forward(dag);
        assertThat(s.auxiliary("trace", 0)).isCloseTo(0.95 * 0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.auxiliary("trace", 1)).isZero();
        assertThat(m.maxTrace(dag)).isCloseTo(0.0475, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void tracesStayInUnitInterval() {
        TemporalBtspAttention m = (TemporalBtspAttention) create();
        QueryDag dag = threeIsolated(10);
        for (int i = 0; i < 200; i++) {
            m.update(dag, Map.of(0, 0.0, 1, 1e6));
        }
        AttentionScores s = m.forward(dag);
        assertThat(s.auxiliary("trace", 0)).isEqualTo(1.0);
        assertThat(s.auxiliary("trace", 1)).isZero();
    }

    @Test
    void stateIsPerPlanStructure() {
        DagAttention m = create();
        QueryDag a = threeIsolated(10);
        QueryDag sameShapeOtherCosts = threeIsolated(20);
        QueryDag otherShape = threeIsolated(10);
        otherShape.addEdge(0, 1);
        m.update(a, Map.of(0, 5.0));
        // the structural fingerprint ignores estimates: the trace is shared
        assertThat(m.forward(sameShapeOtherCosts).auxiliary("trace", 0)).isPositive();
        assertThat(m.forward(otherShape).auxiliary("trace", 0)).isZero();
    }

    @Test
    void plansAreBoundedLeastRecentlyUsedFirst() {
        TemporalBtspAttention m = (TemporalBtspAttention)
                create(AttentionConfig.builder().btspMaxPlans(2).build());
        QueryDag[] plans = new QueryDag[3];
        for (int i = 0; i < 3; i++) {
            plans[i] = TestDags.chain(i + 2);
            m.update(plans[i], Map.of(0, 0.0));
        }
        assertThat(m.trackedPlans()).isEqualTo(2);
        assertThat(m.maxTrace(plans[0])).isZero();
        assertThat(m.maxTrace(plans[2])).isPositive();
    }

    @Test
    void zeroCostUsesTheFloorOfTheRatio() {
        TemporalBtspAttention m = (TemporalBtspAttention) create();
        QueryDag dag = threeIsolated(0);
        // ρ = 0.0005 / 0.001 = 0.5 -> r = 0.5
        m.update(dag, Map.of(2, 0.0005));
        assertThat(m.forward(dag).auxiliary("trace", 2)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(m.maxTrace(new QueryDag())).isZero();
    }

    @Test
    @SuppressWarnings("NullAway") // null optional fields of OperatorNode (array component read from class file)
    void coincidentNodesAreBoosted() {
        QueryDag d = new QueryDag();
        d.addNode(0, new OperatorNode(new Operator.SeqScan("a"), 0, 10, null, null, 1000.0, null, null));
        d.addNode(1, new OperatorNode(new Operator.SeqScan("b"), 0, 10, null, null, 1040.0, null, null));
        d.addNode(2, new OperatorNode(new Operator.Result(), 0, 10, null, null, 1060.0, null, null));
        d.addEdge(0, 2);
        d.addEdge(1, 2);
        // t_ref = 1060: node 0 is 60 ms away (no boost), nodes 1 and 2 are within 50 ms
        double lo = Math.exp(0.5);
        double hi = Math.exp(0.75);
        assertWeights(create().forward(d), lo / (lo + 2 * hi), hi / (lo + 2 * hi), hi / (lo + 2 * hi));
    }
}
