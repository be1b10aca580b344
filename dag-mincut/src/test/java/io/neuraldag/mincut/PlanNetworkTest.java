package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import org.junit.jupiter.api.Test;

class PlanNetworkTest {

    /** The original's bowtie: scans 0, 1 -> join 2 (cost 100) -> outputs 3, 4; other costs 10. */
    static QueryDag bowtie() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("a"), 100, 10));
        dag.addNode(1, OperatorNode.of(new Operator.SeqScan("b"), 200, 10));
        dag.addNode(2, OperatorNode.of(new Operator.HashJoin("k", JoinType.INNER), 50, 100));
        dag.addNode(3, OperatorNode.of(new Operator.Project(java.util.List.of("x")), 50, 10));
        dag.addNode(4, OperatorNode.of(new Operator.Result(), 50, 10));
        dag.addEdge(0, 2);
        dag.addEdge(1, 2);
        dag.addEdge(2, 3);
        dag.addEdge(2, 4);
        return dag;
    }

    @Test
    void layoutSplitsOperatorsAndConnectsEverySourceAndSink() {
        PlanNetwork p = PlanNetwork.build(bowtie(), CapacityModel.THROUGHPUT, EdgeCapacity.INFINITE);
        FlowNetwork net = p.network();
        assertThat(p.operatorCount()).isEqualTo(5);
        assertThat(net.nodeCount()).isEqualTo(12);
        assertThat(p.source()).isEqualTo(10);
        assertThat(p.sink()).isEqualTo(11);
        // 5 operator arcs, 4 edges, 2 source connectors, 2 sink connectors
        assertThat(net.arcCount()).isEqualTo(13);
        for (int i = 0; i < 5; i++) {
            assertThat(net.tail(p.operatorArc(i))).isEqualTo(p.inNode(i));
            assertThat(net.head(p.operatorArc(i))).isEqualTo(p.outNode(i));
            assertThat(p.operatorIdOfArc(i)).isEqualTo(i);
        }
        assertThat(p.operatorIdOfArc(5)).isEqualTo(-1);
        assertThat(net.capacity(2)).isEqualTo(0.01);
        assertThat(net.capacity(0)).isEqualTo(0.1);
        assertThat(p.edgeCount()).isEqualTo(4);
        int e0 = p.edgeArc(0); // CSR position 0 is 0 -> 2
        assertThat(net.tail(e0)).isEqualTo(p.outNode(0));
        assertThat(net.head(e0)).isEqualTo(p.inNode(2));
        assertThat(net.capacity(e0)).isInfinite();
        assertThat(net.outArcs(p.source())).hasSize(2);
        assertThat(net.inArcs(p.sink())).hasSize(2);
        for (int a : net.outArcs(p.source())) {
            assertThat(net.capacity(a)).isInfinite();
        }
    }

    @Test
    void lambdaUnderEveryCapacityModel() {
        MinCutSolver solver = MinCutSolver.create();
        assertThat(solver.solve(PlanNetwork.build(bowtie().snapshot(), CapacityModel.THROUGHPUT))
                        .lambda())
                .isCloseTo(0.01, within(1e-15));
        MinCutResult cost = solver.solve(PlanNetwork.build(bowtie().snapshot(), CapacityModel.COST));
        assertThat(cost.lambda()).isEqualTo(20.0);
        assertThat(cost.cutOperators()).doesNotContain(2); // the join is never cut under COST
        assertThat(solver.solve(PlanNetwork.build(bowtie().snapshot(), CapacityModel.UNIT))
                        .lambda())
                .isEqualTo(1.0);
        PlanNetwork parent = PlanNetwork.build(bowtie().snapshot(), CapacityModel.EDGE_PARENT_COST);
        assertThat(parent.network().capacity(0)).isInfinite();
        assertThat(parent.network().capacity(parent.edgeArc(2))).isEqualTo(100.0); // 2 -> 3 carries cost(2)
        assertThat(solver.solve(parent).lambda()).isEqualTo(20.0);
    }

    @Test
    void rowsModeUsesTheProducersRowEstimate() {
        PlanNetwork p = PlanNetwork.build(bowtie(), CapacityModel.UNIT, EdgeCapacity.ROWS);
        FlowNetwork net = p.network();
        assertThat(net.capacity(p.edgeArc(0))).isEqualTo(100.0);
        assertThat(net.capacity(p.edgeArc(1))).isEqualTo(200.0);
        assertThat(net.capacity(p.edgeArc(2))).isEqualTo(50.0);
        assertThat(MinCutSolver.create().solve(p).lambda()).isEqualTo(1.0);
    }

    @Test
    void sparseIdsMapToIndices() {
        QueryDag dag = new QueryDag();
        dag.addNode(40, OperatorNode.of(new Operator.SeqScan("t"), 10, 4));
        dag.addNode(7, OperatorNode.of(new Operator.Filter("p"), 10, 50));
        dag.addEdge(40, 7);
        PlanNetwork p = PlanNetwork.build(dag.snapshot(), CapacityModel.THROUGHPUT);
        assertThat(p.operatorIds()).containsExactly(7, 40);
        assertThat(p.indexOf(40)).isEqualTo(1);
        assertThat(p.indexOf(8)).isEqualTo(-1);
        assertThat(p.operatorId(0)).isEqualTo(7);
        MinCutResult r = MinCutSolver.create().solve(p);
        assertThat(r.lambda()).isEqualTo(0.02);
        assertThat(r.cutOperators()).containsExactly(7);
        Certificates.check("sparse", p.network(), p.source(), p.sink(), r);
        assertThat(p.toString()).contains("operators=2");
    }

    @Test
    void emptyPlanHasZeroFlow() {
        PlanNetwork p = PlanNetwork.build(new QueryDag().snapshot(), CapacityModel.THROUGHPUT);
        MinCutResult r = MinCutSolver.create().solve(p);
        assertThat(r.lambda()).isZero();
        assertThat(r.minSourceSide()).containsExactly(p.source());
        Certificates.check("empty", p.network(), p.source(), p.sink(), r);
    }

    @Test
    void capacityModelFunctionsRejectBadWeights() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CapacityModel.THROUGHPUT.operatorCapacity(-1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CapacityModel.COST.edgeCapacity(1, Double.NaN, EdgeCapacity.ROWS))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> CapacityModel.UNIT.sinkCapacity(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CapacityModel.THROUGHPUT.operatorCapacity(0.5)).isEqualTo(1.0);
        assertThat(CapacityModel.COST.operatorCapacity(0.5)).isEqualTo(1.0);
        assertThat(CapacityModel.UNIT.sinkCapacity(5)).isInfinite();
        assertThat(CapacityModel.EDGE_PARENT_COST.sinkCapacity(5)).isEqualTo(5.0);
    }
}
