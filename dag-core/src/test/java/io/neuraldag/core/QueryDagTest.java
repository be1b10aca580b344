package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import io.neuraldag.core.testing.TestDags;
import java.util.List;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The mutable model: errors (spec 01 §1.5), ids (§1.2), copies and equality. */
class QueryDagTest {

    static void assertKind(ThrowingCallable call, DagException.Kind kind) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }

    static QueryDag diamond() {
        return SpecExamplesTest.diamond();
    }

    @Nested
    class Errors {
        @Test
        void unknownIdsAreNodeNotFound() {
            QueryDag d = diamond();
            String before = d.toJson();
            List<Consumer<QueryDag>> calls = List.of(
                    g -> g.node(9),
                    g -> g.node(-1),
                    g -> g.removeNode(9),
                    g -> g.replaceNode(9, OperatorNode.of(new Operator.Result())),
                    g -> g.addEdge(9, 0),
                    g -> g.addEdge(0, 9),
                    g -> g.addEdge(9, 9),
                    g -> g.addEdge(-3, 0),
                    g -> g.removeEdge(0, 9),
                    g -> g.removeEdge(9, 0),
                    g -> g.hasEdge(9, 0),
                    g -> g.parents(9),
                    g -> g.children(9),
                    g -> g.depth(9),
                    g -> g.level(9),
                    g -> g.ancestors(9),
                    g -> g.descendants(9),
                    g -> g.hops(9, 0),
                    g -> g.hops(0, 9),
                    g -> g.hopsToSink(9),
                    g -> g.criticality(9),
                    g -> g.snapshot().requireIndex(9));
            for (Consumer<QueryDag> call : calls) {
                assertKind(() -> call.accept(d), DagException.Kind.NODE_NOT_FOUND);
            }
            assertThat(d.toJson()).isEqualTo(before);
            assertThatThrownBy(() -> d.node(42)).hasMessageContaining("42");
        }

        @Test
        void duplicateIdLeavesTheNodeAlone() {
            QueryDag d = diamond();
            OperatorNode old = d.node(2);
            Fingerprint fp = d.fullFingerprint();
            assertKind(() -> d.addNode(2, new Operator.Result()), DagException.Kind.DUPLICATE_NODE);
            assertThatThrownBy(() -> d.addNode(2, new Operator.Result())).hasMessageContaining("2");
            assertThat(d.node(2)).isSameAs(old);
            assertThat(d.nodeCount()).isEqualTo(4);
            assertThat(d.fullFingerprint()).isEqualTo(fp);
        }

        @Test
        void selfLoopAndBackEdgeAreCycles() {
            QueryDag d = diamond();
            String before = d.toJson();
            int nextId = d.nextId();
            assertKind(() -> d.addEdge(1, 1), DagException.Kind.CYCLE_DETECTED);
            assertThatThrownBy(() -> d.addEdge(1, 1)).hasMessageContaining("self-loop");
            assertKind(() -> d.addEdge(3, 0), DagException.Kind.CYCLE_DETECTED);
            assertKind(() -> d.addEdge(1, 0), DagException.Kind.CYCLE_DETECTED);
            assertKind(() -> d.addEdge(3, 1), DagException.Kind.CYCLE_DETECTED);
            assertThat(d.toJson()).isEqualTo(before);
            assertThat(d.nextId()).isEqualTo(nextId);
            assertThat(d.topologicalSort()).containsExactly(0, 1, 2, 3);
            // the side edge that is not a cycle is fine
            assertThat(d.addEdge(1, 2)).isTrue();
            assertKind(() -> d.addEdge(2, 1), DagException.Kind.CYCLE_DETECTED);
        }

        @Test
        void negativeAndMaximalIdsAreInvalid() {
            QueryDag d = new QueryDag();
            assertKind(() -> d.addNode(-1, new Operator.Result()), DagException.Kind.INVALID_OPERATION);
            assertKind(() -> d.addNode(Integer.MIN_VALUE, new Operator.Result()), DagException.Kind.INVALID_OPERATION);
            assertKind(() -> d.addNode(Integer.MAX_VALUE, new Operator.Result()), DagException.Kind.INVALID_OPERATION);
            assertThat(d.isEmpty()).isTrue();
            assertThat(d.nextId()).isZero();
            assertThat(d.containsNode(-1)).isFalse();
        }

        @Test
        void idSpaceExhaustion() {
            QueryDag d = new QueryDag();
            d.addNode(Integer.MAX_VALUE - 1, new Operator.Result());
            assertThat(d.nextId()).isEqualTo(Integer.MAX_VALUE);
            assertKind(() -> d.addNode(new Operator.Result()), DagException.Kind.INVALID_OPERATION);
            assertThat(d.nodeCount()).isEqualTo(1);
        }

        @Test
        @SuppressWarnings("NullAway") // passes null on purpose
        void nullsAndBadCapacities() {
            QueryDag d = new QueryDag();
            assertThatThrownBy(() -> new QueryDag(-1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new QueryDag(0, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(new QueryDag(0, 0).isEmpty()).isTrue();
            assertThatThrownBy(() -> new DagException(null, "x")).isInstanceOf(NullPointerException.class);
            d.addNode(0, new Operator.Result());
            assertThatThrownBy(() -> d.replaceNode(0, null)).isInstanceOf(NullPointerException.class);
        }

        @Test
        void exceptionCarriesKindMessageAndCause() {
            RuntimeException cause = new RuntimeException("root");
            DagException e = new DagException(DagException.Kind.SERIALIZATION, "bad", cause);
            assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION);
            assertThat(e).hasMessage("bad").hasCause(cause).isInstanceOf(IllegalArgumentException.class);
            assertThat(DagException.Kind.values()).hasSize(6);
        }
    }

    @Nested
    class Ids {
        @Test
        void nextIdIsNeverReused() {
            QueryDag d = new QueryDag();
            assertThat(d.nextId()).isZero();
            assertThat(d.addNode(new Operator.SeqScan("a"))).isZero();
            assertThat(d.addNode(OperatorNode.of(new Operator.SeqScan("b")))).isEqualTo(1);
            d.addNode(10, new Operator.Filter("p"));
            assertThat(d.nextId()).isEqualTo(11);
            assertThat(d.addNode(new Operator.Result())).isEqualTo(11);
            d.removeNode(11);
            d.removeNode(10);
            assertThat(d.nextId()).isEqualTo(12);
            assertThat(d.addNode(new Operator.Result())).isEqualTo(12);
            // an explicit smaller id does not lower nextId
            d.addNode(5, new Operator.Result());
            assertThat(d.nextId()).isEqualTo(13);
            assertThat(d.nodeIds()).containsExactly(0, 1, 5, 12);
            assertThat(d.containsNode(10)).isFalse();
            assertThat(d.containsNode(5)).isTrue();
        }

        @Test
        void nodeIdsAreAscendingWhateverTheInsertionOrder() {
            QueryDag d = new QueryDag();
            int[] ids = {7, 3, 100, 0, 42};
            for (int id : ids) {
                d.addNode(id, new Operator.Result());
            }
            assertThat(d.nodeIds()).containsExactly(0, 3, 7, 42, 100);
            assertThat(d.snapshot().indexOf(42)).isEqualTo(3);
            assertThat(d.snapshot().indexOf(41)).isEqualTo(-1);
            assertThat(d.snapshot().indexOf(-5)).isEqualTo(-1);
            assertThat(d.snapshot().id(4)).isEqualTo(100);
            assertThat(d.snapshot().nextId()).isEqualTo(101);
        }

        @Test
        void denseIdsIndexDirectly() {
            DagSnapshot s = diamond().snapshot();
            assertThat(s.indexOf(2)).isEqualTo(2);
            assertThat(s.indexOf(4)).isEqualTo(-1);
            assertThat(s.indexOf(-1)).isEqualTo(-1);
        }
    }

    @Nested
    class Mutation {
        @Test
        void replaceNodeKeepsEdges() {
            QueryDag d = diamond();
            Fingerprint before = d.fullFingerprint();
            OperatorNode fresh = OperatorNode.of(new Operator.HashJoin("k"), 10, 2.5);
            OperatorNode old = d.replaceNode(3, fresh);
            assertThat(old.operator()).isEqualTo(new Operator.SeqScan("t3"));
            assertThat(d.node(3)).isEqualTo(fresh);
            assertThat(d.parents(3)).containsExactly(1, 2);
            assertThat(d.edgeCount()).isEqualTo(4);
            assertThat(d.fullFingerprint()).isNotEqualTo(before);
            assertThat(d.criticalPath().cost()).isEqualTo(2.5);
        }

        @Test
        void removeNodeDropsIncidentEdges() {
            QueryDag d = diamond();
            OperatorNode removed = d.removeNode(0);
            assertThat(removed.operator()).isEqualTo(new Operator.SeqScan("t0"));
            assertThat(d.edges()).containsExactly(new Edge(1, 3), new Edge(2, 3));
            d.removeNode(3);
            assertThat(d.edgeCount()).isZero();
            assertThat(d.nodeIds()).containsExactly(1, 2);
            assertThat(d.sources()).containsExactly(1, 2);
            assertThat(d.sinks()).containsExactly(1, 2);
        }

        @Test
        void edgesAreAddedOnceAndRemovable() {
            QueryDag d = diamond();
            assertThat(d.addEdge(0, 1)).isFalse();
            assertThat(d.edgeCount()).isEqualTo(4);
            assertThat(d.hasEdge(0, 1)).isTrue();
            assertThat(d.hasEdge(1, 0)).isFalse();
            assertThat(d.removeEdge(0, 1)).isTrue();
            assertThat(d.removeEdge(0, 1)).isFalse();
            assertThat(d.hasEdge(0, 1)).isFalse();
            assertThat(d.edgeCount()).isEqualTo(3);
            assertThat(d.sources()).containsExactly(0, 1);
            // removing the middle edge of a list
            QueryDag fan = SpecExamplesTest.dag(4, new int[][] {{0, 1}, {0, 2}, {0, 3}});
            assertThat(fan.removeEdge(0, 2)).isTrue();
            assertThat(fan.children(0)).containsExactly(1, 3);
            QueryDag fanIn = SpecExamplesTest.dag(4, new int[][] {{1, 0}, {2, 0}, {3, 0}});
            assertThat(fanIn.removeEdge(2, 0)).isTrue();
            assertThat(fanIn.parents(0)).containsExactly(1, 3);
            assertThat(fanIn.removeEdge(3, 0)).isTrue();
            assertThat(fanIn.removeEdge(1, 0)).isTrue();
            assertThat(fanIn.edgeCount()).isZero();
        }

        @Test
        void edgesListIsUnmodifiableAndSorted() {
            QueryDag d = SpecExamplesTest.dag(4, new int[][] {{2, 3}, {0, 3}, {1, 2}, {0, 1}});
            List<Edge> edges = d.edges();
            assertThat(edges).containsExactly(new Edge(0, 1), new Edge(0, 3), new Edge(1, 2), new Edge(2, 3));
            assertThatThrownBy(() -> edges.add(new Edge(0, 2))).isInstanceOf(UnsupportedOperationException.class);
            assertThat(new Edge(0, 3).compareTo(new Edge(1, 0))).isNegative();
            assertThat(new Edge(1, 3).compareTo(new Edge(1, 2))).isPositive();
            assertThat(new Edge(1, 3).compareTo(new Edge(1, 3))).isZero();
        }

        @Test
        void snapshotIsMemoizedAndImmutable() {
            QueryDag d = diamond();
            DagSnapshot s = d.snapshot();
            assertThat(d.snapshot()).isSameAs(s);
            d.topologicalSort();
            assertThat(d.snapshot()).isSameAs(s);
            d.addNode(4, new Operator.Result());
            d.addEdge(3, 4);
            assertThat(d.snapshot()).isNotSameAs(s);
            assertThat(s.size()).isEqualTo(4);
            assertThat(s.edgeCount()).isEqualTo(4);
            assertThat(d.snapshot().size()).isEqualTo(5);
            DagSnapshot t = d.snapshot();
            assertThat(d.addEdge(3, 4)).isFalse();
            assertThat(d.snapshot()).as("a no-op keeps the snapshot").isSameAs(t);
            d.removeEdge(3, 4);
            assertThat(d.snapshot()).isNotSameAs(t);
        }

        @Test
        void growsFarBeyondItsInitialCapacity() {
            QueryDag d = new QueryDag(0, 0);
            for (int i = 0; i < 500; i++) {
                d.addNode(i * 2, new Operator.Filter("f" + i));
            }
            for (int i = 0; i < 499; i++) {
                d.addEdge(i * 2, i * 2 + 2);
                if (i % 3 == 0 && i + 5 < 500) {
                    d.addEdge(i * 2, i * 2 + 10);
                }
            }
            for (int i = 0; i < 500; i += 2) {
                d.removeNode(i * 2);
            }
            assertThat(d.nodeCount()).isEqualTo(250);
            for (int i = 0; i < 300; i++) {
                d.addNode(new Operator.Result());
            }
            assertThat(d.nodeCount()).isEqualTo(550);
            assertThat(d.nextId()).isEqualTo(998 + 1 + 300);
            assertThat(isValidOrder(d)).isTrue();
        }
    }

    @Nested
    class CopiesAndEquality {
        @Test
        void copyIsIndependent() {
            QueryDag d = RandomDags.sparseAfterRemovals(30, 10, 7L);
            QueryDag c = d.copy();
            assertThat(c).isEqualTo(d).isNotSameAs(d);
            assertThat(c.nextId()).isEqualTo(d.nextId());
            assertThat(c.toJson()).isEqualTo(d.toJson());
            int[] ids = d.nodeIds();
            c.removeNode(ids[0]);
            c.addNode(new Operator.Result());
            assertThat(d.containsNode(ids[0])).isTrue();
            assertThat(d).isNotEqualTo(c);
            // and the other way round
            QueryDag c2 = d.copy();
            d.replaceNode(ids[1], OperatorNode.of(new Operator.Append()));
            assertThat(c2.node(ids[1])).isNotEqualTo(d.node(ids[1]));
            // the copy keeps a working dynamic order
            assertThat(c2.addNode(new Operator.Result())).isEqualTo(d.nextId());
            int sink = c2.nodeIds()[c2.nodeCount() - 1];
            for (int id : c2.nodeIds()) {
                if (id != sink) {
                    c2.addEdge(id, sink);
                }
            }
            assertThat(c2.sinks()).contains(sink);
            assertThat(isValidOrder(c2)).isTrue();
        }

        @Test
        void fromSnapshotKeepsContentAndNextId() {
            QueryDag d = RandomDags.sparseAfterRemovals(20, 5, 3L);
            QueryDag c = QueryDag.fromSnapshot(d.snapshot());
            assertThat(c).isEqualTo(d);
            assertThat(c.nextId()).isEqualTo(d.nextId());
            assertThat(c.snapshot()).isSameAs(d.snapshot());
        }

        @Test
        void equalityComparesIdsPayloadsAndEdges() {
            QueryDag a = diamond();
            QueryDag b = diamond();
            assertThat(a.equals(a)).isTrue();
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).isNotEqualTo(null).isNotEqualTo("diamond");
            b.removeEdge(2, 3);
            assertThat(a).isNotEqualTo(b);
            b.addEdge(2, 3);
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            b.replaceNode(2, b.node(2).withEstimates(0, 0.25));
            assertThat(a).isNotEqualTo(b);
            b.replaceNode(2, a.node(2));
            assertThat(a).isEqualTo(b);
            // same edge count, different edges
            QueryDag c = SpecExamplesTest.dag(4, new int[][] {{0, 1}, {0, 2}, {1, 3}, {1, 2}});
            assertThat(a).isNotEqualTo(c);
            // same payloads under different ids
            QueryDag e = new QueryDag();
            for (int id : a.nodeIds()) {
                e.addNode(id + 1, a.node(id));
            }
            assertThat(e).isNotEqualTo(SpecExamplesTest.dag(4, new int[][] {}));
            // nextId is not compared
            QueryDag f = diamond();
            f.addNode(99, new Operator.Result());
            f.removeNode(99);
            assertThat(f).isEqualTo(a).hasSameHashCodeAs(a);
            assertThat(f.nextId()).isNotEqualTo(a.nextId());
        }

        @Test
        void toStringCounts() {
            assertThat(diamond().toString()).isEqualTo("QueryDag[nodes=4, edges=4]");
            assertThat(TestDags.simple().nodeCount()).isEqualTo(3);
        }
    }

    /** Whether {@code addEdge(from, to)} fails with CYCLE_DETECTED. */
    static boolean rejectsAsCycle(QueryDag d, int from, int to) {
        try {
            d.addEdge(from, to);
            return false;
        } catch (DagException e) {
            return e.kind() == DagException.Kind.CYCLE_DETECTED;
        }
    }

    static boolean isValidOrder(QueryDag d) {
        return DagOracles.of(d).isTopologicalOrder(d.topologicalSort());
    }
}
