package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuraldag.core.testing.TestDags;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The worked examples of spec 01 §1–§2 and the upstream cases of §7 item 11, hand-computed. */
class SpecExamplesTest {

    static QueryDag dag(int nodes, int[][] edges) {
        QueryDag dag = new QueryDag();
        for (int i = 0; i < nodes; i++) {
            dag.addNode(i, new Operator.SeqScan("t" + i));
        }
        for (int[] e : edges) {
            assertThat(dag.addEdge(e[0], e[1])).isTrue();
        }
        return dag;
    }

    static QueryDag diamond() {
        return dag(4, new int[][] {{0, 1}, {0, 2}, {1, 3}, {2, 3}});
    }

    static QueryDag withCosts(QueryDag dag, double... costs) {
        for (int i = 0; i < costs.length; i++) {
            dag.replaceNode(i, dag.node(i).withEstimates(0, costs[i]));
        }
        return dag;
    }

    @Nested
    class TopologicalSort {
        @Test
        void m1Dag() {
            QueryDag dag = new QueryDag();
            dag.addNode(0, new Operator.SeqScan("users"));
            dag.addNode(1, new Operator.Filter("id > 0"));
            dag.addEdge(0, 1);
            assertThat(dag.topologicalSort()).containsExactly(0, 1);
        }

        @Test
        void diamondIsSortedById() {
            assertThat(diamond().topologicalSort()).containsExactly(0, 1, 2, 3);
        }

        @Test
        void smallestIdFirstNotFifo() {
            // a FIFO queue would give [1, 3, 2, 0]
            QueryDag dag = dag(4, new int[][] {{3, 0}, {1, 2}});
            assertThat(dag.topologicalSort()).containsExactly(1, 2, 3, 0);
            assertThat(dag.snapshot().topologicalOrder()).containsExactly(1, 2, 3, 0);
            assertThat(dag.snapshot().topologicalAt(3)).isZero();
        }

        @Test
        void emptyDag() {
            QueryDag dag = new QueryDag();
            assertThat(dag.topologicalSort()).isEmpty();
            assertThat(dag.isEmpty()).isTrue();
            assertThat(dag.sources()).isEmpty();
            assertThat(dag.sinks()).isEmpty();
            assertThat(dag.maxDepth()).isZero();
            assertThat(dag.branchCount()).isZero();
            assertThat(dag.criticalSet()).isEmpty();
            assertThat(dag.criticalPath().path()).isEmpty();
            assertThat(dag.criticalPath().cost()).isZero();
            assertThat(dag.bottleneckScore()).isZero();
            assertThat(dag.planVector()).hasSize(256).containsOnly(0.0);
            assertThat(dag.snapshot().levelCount()).isZero();
        }

        @Test
        void reversedIdsNeedTheHeap() {
            // every edge goes from a larger to a smaller id: the order is fully reversed
            QueryDag dag = dag(5, new int[][] {{4, 3}, {3, 2}, {2, 1}, {1, 0}});
            assertThat(dag.topologicalSort()).containsExactly(4, 3, 2, 1, 0);
        }
    }

    @Nested
    class DepthAndLevel {
        // upstream: edges 3->1, 4->1, 1->0, 2->0
        final QueryDag dag = dag(5, new int[][] {{3, 1}, {4, 1}, {1, 0}, {2, 0}});

        @Test
        void depthExample() {
            assertThat(dag.depth(0)).isZero();
            assertThat(dag.depth(1)).isEqualTo(1);
            assertThat(dag.depth(2)).isEqualTo(1);
            assertThat(dag.depth(3)).isEqualTo(2);
            assertThat(dag.depth(4)).isEqualTo(2);
            assertThat(dag.maxDepth()).isEqualTo(2);
        }

        @Test
        void levelsAndWidths() {
            assertThat(dag.level(2)).isZero();
            assertThat(dag.level(3)).isZero();
            assertThat(dag.level(4)).isZero();
            assertThat(dag.level(1)).isEqualTo(1);
            assertThat(dag.level(0)).isEqualTo(2);
            DagSnapshot s = dag.snapshot();
            assertThat(s.levelCount()).isEqualTo(3);
            assertThat(new int[] {s.width(0), s.width(1), s.width(2)}).containsExactly(3, 1, 1);
            assertThat(dag.branchCount()).isEqualTo(3);
        }

        @Test
        void sourcesSinksAndAliases() {
            assertThat(dag.sources()).containsExactly(2, 3, 4);
            assertThat(dag.sinks()).containsExactly(0);
            assertThat(dag.planLeaves()).containsExactly(2, 3, 4);
            assertThat(dag.planRoots()).containsExactly(0);
        }

        @Test
        void reachability() {
            assertThat(dag.ancestors(0)).containsExactly(1, 2, 3, 4);
            assertThat(dag.ancestors(1)).containsExactly(3, 4);
            assertThat(dag.descendants(3)).containsExactly(0, 1);
            assertThat(dag.descendants(0)).isEmpty();
            assertThat(dag.hops(3, 0)).isEqualTo(OptionalInt.of(2));
            assertThat(dag.hops(2, 0)).isEqualTo(OptionalInt.of(1));
            assertThat(dag.hops(3, 3)).isEqualTo(OptionalInt.of(0));
            assertThat(dag.hops(0, 3)).isEmpty();
            assertThat(dag.hops(3, 4)).isEmpty();
            assertThat(dag.hopsToSink(3)).isEqualTo(2);
            assertThat(dag.hopsToSink(2)).isEqualTo(1);
            assertThat(dag.hopsToSink(0)).isZero();
        }

        @Test
        void hopsToSinkTakesTheShortestRoute() {
            // 0 -> 1 -> 2 -> 3 and the shortcut 0 -> 3; depth is the longest, hopsToSink the shortest
            QueryDag d = dag(4, new int[][] {{0, 1}, {1, 2}, {2, 3}, {0, 3}});
            assertThat(d.depth(0)).isEqualTo(3);
            assertThat(d.hopsToSink(0)).isEqualTo(1);
            assertThat(d.hops(0, 3)).isEqualTo(OptionalInt.of(1));
            assertThat(d.hops(0, 2)).isEqualTo(OptionalInt.of(2));
        }
    }

    @Nested
    class CriticalPathByCost {
        // diamond with costs 10, 5, 1, 2: through = 17, 17, 13, 17
        final QueryDag dag = withCosts(diamond(), 10, 5, 1, 2);

        @Test
        void throughValues() {
            DagSnapshot s = dag.snapshot();
            assertThat(new double[] {s.throughCost(0), s.throughCost(1), s.throughCost(2), s.throughCost(3)})
                    .containsExactly(17, 17, 13, 17);
            assertThat(new double[] {s.forwardCost(0), s.forwardCost(1), s.forwardCost(2), s.forwardCost(3)})
                    .containsExactly(10, 15, 11, 17);
            assertThat(new double[] {s.backwardCost(0), s.backwardCost(1), s.backwardCost(2), s.backwardCost(3)})
                    .containsExactly(17, 7, 3, 2);
            assertThat(s.criticalPathWeight()).isEqualTo(17);
            assertThat(s.unitWeights()).isFalse();
        }

        @Test
        void criticalSetAndPath() {
            assertThat(dag.criticalSet()).containsExactly(0, 1, 3);
            DagSnapshot s = dag.snapshot();
            assertThat(new boolean[] {s.isCritical(0), s.isCritical(1), s.isCritical(2), s.isCritical(3)})
                    .containsExactly(true, true, false, true);
            CriticalPath p = dag.criticalPath();
            assertThat(p.path()).containsExactly(0, 1, 3);
            assertThat(p.cost()).isEqualTo(17.0);
            assertThat(p.length()).isEqualTo(3);
        }

        @Test
        void bottleneckScore() {
            assertThat(dag.bottleneckScore()).isEqualTo(10.0 / 18.0);
        }

        @Test
        void zeroCostsWeighNodesByCount() {
            // 0 -> 1 -> 2 and 3 -> 2: through(3) = 2 < L* = 3
            QueryDag d = dag(4, new int[][] {{0, 1}, {1, 2}, {3, 2}});
            assertThat(d.snapshot().unitWeights()).isTrue();
            assertThat(d.snapshot().criticalPathWeight()).isEqualTo(3);
            assertThat(d.criticalSet()).containsExactly(0, 1, 2);
            assertThat(d.criticalPath().path()).containsExactly(0, 1, 2);
            assertThat(d.criticalPath().cost()).isZero();
            assertThat(d.bottleneckScore()).isZero();
        }

        @Test
        void tiesGoToTheSmallerId() {
            // two equal paths 0 -> 2 and 1 -> 2: the canonical path steps to parent 0
            QueryDag d = withCosts(dag(3, new int[][] {{0, 2}, {1, 2}}), 4, 4, 1);
            assertThat(d.criticalSet()).containsExactly(0, 1, 2);
            assertThat(d.criticalPath().path()).containsExactly(0, 2);
            // two equal sinks: the smaller one ends the path
            QueryDag e = withCosts(dag(3, new int[][] {{0, 1}, {0, 2}}), 1, 3, 3);
            assertThat(e.criticalPath().path()).containsExactly(0, 1);
            assertThat(e.criticalPath().cost()).isEqualTo(4);
        }

        @Test
        void criticalPathIsAValueWithCopiedPath() {
            int[] ids = {0, 1, 3};
            CriticalPath p = new CriticalPath(ids, 17.0);
            ids[0] = 9;
            assertThat(p.path()).containsExactly(0, 1, 3);
            p.path()[1] = 9;
            assertThat(p.path()).containsExactly(0, 1, 3);
            assertThat(p).isEqualTo(dag.criticalPath()).hasSameHashCodeAs(dag.criticalPath());
            assertThat(p).isNotEqualTo(new CriticalPath(new int[] {0, 1, 3}, 17.25));
            assertThat(p).isNotEqualTo(new CriticalPath(new int[] {0, 2, 3}, 17.0));
            assertThat(p).isNotEqualTo("path");
            assertThat(p.toString()).isEqualTo("CriticalPath[path=[0, 1, 3], cost=17.0]");
        }

        @Test
        void testDagLevels() {
            assertThat(TestDags.medium().criticalPath().path()).containsExactly(0, 1, 3, 4, 5, 6, 7);
            assertThat(TestDags.medium().criticalPath().cost()).isEqualTo(4562.75);
            assertThat(TestDags.simple().criticalPath().cost()).isEqualTo(17.75);
            assertThat(TestDags.vectorQuery().criticalPath().path()).containsExactly(0, 1, 2, 3, 4);
            assertThat(TestDags.vectorQuery().criticalPath().cost()).isEqualTo(54.0);
        }
    }

    @Nested
    class PathDominance {
        @Test
        void diamond() {
            QueryDag d = SpecExamplesTest.diamond();
            assertThat(new double[] {d.criticality(0), d.criticality(1), d.criticality(2), d.criticality(3)})
                    .containsExactly(1.0, 0.5, 0.5, 1.0);
        }

        @Test
        void threeScansIntoAJoin() {
            QueryDag d = dag(5, new int[][] {{0, 3}, {1, 3}, {2, 3}, {3, 4}});
            assertThat(d.criticality(0)).isCloseTo(1.0 / 3, within(1e-15));
            assertThat(d.criticality(1)).isCloseTo(1.0 / 3, within(1e-15));
            assertThat(d.criticality(2)).isCloseTo(1.0 / 3, within(1e-15));
            assertThat(d.criticality(3)).isEqualTo(1.0);
            assertThat(d.criticality(4)).isEqualTo(1.0);
        }

        @Test
        void bowtie() {
            QueryDag d = dag(5, new int[][] {{0, 2}, {1, 2}, {2, 3}, {2, 4}});
            assertThat(d.criticality(2)).isEqualTo(1.0);
            assertThat(d.criticality(0)).isEqualTo(0.5);
            assertThat(d.criticality(4)).isEqualTo(0.5);
        }

        @Test
        void isolatedNodesShareTheMass() {
            QueryDag d = dag(2, new int[][] {});
            assertThat(d.criticality(0)).isEqualTo(0.5);
            assertThat(d.criticality(1)).isEqualTo(0.5);
            QueryDag single = dag(1, new int[][] {});
            assertThat(single.criticality(0)).isEqualTo(1.0);
        }
    }

    @Nested
    class PlanVector {
        @Test
        void seqScanFilterResult() {
            QueryDag d = new QueryDag();
            d.addNode(0, new Operator.SeqScan("t"));
            d.addNode(1, new Operator.Filter("p"));
            d.addNode(2, new Operator.Result());
            d.addEdge(0, 1);
            d.addEdge(1, 2);
            double[] v = d.planVector();
            assertThat(v).hasSize(DagSnapshot.PLAN_VECTOR_DIMENSION);
            assertThat(v[0]).isCloseTo(0.389249, within(1e-6));
            assertThat(v[9]).isCloseTo(0.389249, within(1e-6));
            assertThat(v[16]).isCloseTo(0.389249, within(1e-6));
            assertThat(v[20]).isCloseTo(0.233550, within(1e-6));
            assertThat(v[21]).isCloseTo(0.700649, within(1e-6));
            double rest = 0;
            for (int i = 0; i < v.length; i++) {
                if (i != 0 && i != 9 && i != 16 && i != 20 && i != 21) {
                    rest += Math.abs(v[i]);
                }
            }
            assertThat(rest).isZero();
        }

        @Test
        void everyFamilySlotAndCostScalars() {
            // one node per kind, no edges: 32 sinks, so slot 21 = (32/32)/5 and slot 20 = 0
            QueryDag d = new QueryDag();
            int id = 0;
            for (Operator op : TestDags.everyOperatorKind()) {
                d.addNode(id++, OperatorNode.of(op, 1, 1000.0 * (op.tag() % 2)));
            }
            double[] raw = new double[24];
            int[] perFamily = {3, 3, 1, 1, 1, 1, 1, 3, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 5, 2};
            for (int f = 0; f < 20; f++) {
                raw[f] = perFamily[f] / 32.0;
            }
            raw[20] = 0;
            raw[21] = 1.0 / 5;
            raw[22] = (16 * 1000.0 / 32) / 1000.0;
            raw[23] = 1.0;
            double norm = 0;
            for (double x : raw) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            double[] v = d.planVector();
            for (int i = 0; i < 24; i++) {
                assertThat(v[i]).as("slot %d", i).isCloseTo(raw[i] / norm, within(1e-12));
            }
            for (int i = 24; i < v.length; i++) {
                assertThat(v[i]).isZero();
            }
        }
    }

    @Nested
    class UpstreamCases {
        @Test
        void cycleIsRejected() {
            QueryDag d = dag(3, new int[][] {{0, 1}, {1, 2}});
            String before = d.toJson();
            assertThatThrownBy(() -> d.addEdge(2, 0))
                    .isInstanceOfSatisfying(
                            DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.CYCLE_DETECTED))
                    .hasMessageContaining("2->0");
            assertThat(d.toJson()).isEqualTo(before);
            assertThat(d.edgeCount()).isEqualTo(2);
        }

        @Test
        void removingAMiddleNodeKeepsTheSortValid() {
            QueryDag d = dag(4, new int[][] {{0, 1}, {1, 2}, {2, 3}, {0, 3}});
            d.removeNode(1);
            assertThat(d.topologicalSort()).containsExactly(0, 2, 3);
            assertThat(d.edges()).containsExactly(new Edge(0, 3), new Edge(2, 3));
            assertThat(d.sources()).containsExactly(0, 2);
        }

        @Test
        void parentsOfAJoin() {
            QueryDag d = diamond();
            assertThat(d.parents(3)).containsExactly(1, 2);
            assertThat(d.children(0)).containsExactly(1, 2);
            assertThat(d.parents(0)).isEmpty();
        }

        @Test
        void sinksOfAFanOut() {
            QueryDag d = dag(5, new int[][] {{0, 2}, {1, 2}, {2, 3}, {2, 4}});
            assertThat(d.sinks()).containsExactly(3, 4);
            assertThat(d.sources()).containsExactly(0, 1);
        }
    }
}
