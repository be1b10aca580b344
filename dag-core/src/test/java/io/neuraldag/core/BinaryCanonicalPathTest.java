package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.testing.TestDags;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binary reader's canonical path (node ids strictly ascending, edges strictly ascending: the DAG
 * adopts the decoded arrays) and the writer's copies of repeated operator instances: the DAG read
 * must behave exactly like one built node by node, and every shared encoding must equal the
 * reference encoder's bytes.
 */
class BinaryCanonicalPathTest {

    private static byte[] results(int[] ids, int[][] edges) {
        HandEncoder e = new HandEncoder().header(1, ids.length);
        for (int id : ids) {
            BinaryFormatTest.result(e, id);
        }
        return e.edges(edges).withCrc();
    }

    private static void rejects(byte[] bytes, String message) {
        assertThatThrownBy(() -> QueryDag.fromBytes(bytes))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION))
                .hasMessageContaining(message);
    }

    @Test
    void sparseAscendingIdsAreMappedToTheirSlots() {
        int[] ids = {3, 7, 100, 1 << 20};
        int[][] edges = {{3, 100}, {7, 3}, {7, 1 << 20}, {100, 1 << 20}};
        QueryDag d = QueryDag.fromBytes(results(ids, edges));
        assertThat(d.nodeIds()).containsExactly(ids);
        assertThat(d.nextId()).isEqualTo((1 << 20) + 1);
        assertThat(d.edges())
                .containsExactly(new Edge(3, 100), new Edge(7, 3), new Edge(7, 1 << 20), new Edge(100, 1 << 20));
        assertThat(d.parents(1 << 20)).containsExactly(7, 100);
        assertThat(d.children(7)).containsExactly(3, 1 << 20);
        // 7 -> 3 goes to a lower slot: the dynamic order is Kahn's, and still guards against cycles
        assertThat(d.topologicalSort()).containsExactly(7, 3, 100, 1 << 20);
        assertThatThrownBy(() -> d.addEdge(1 << 20, 7))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.CYCLE_DETECTED));
        assertThat(d.hasEdge(7, 3)).isTrue();
        assertThat(d.hasEdge(3, 7)).isFalse();
        assertThat(d.addEdge(7, 3)).isFalse();
        d.addNode(5, new Operator.Result());
        assertThat(d.addEdge(5, 3)).isTrue();
        d.removeNode(100);
        assertThat(d.edges()).containsExactly(new Edge(5, 3), new Edge(7, 3), new Edge(7, 1 << 20));
        assertThat(QueryDag.fromBytes(d.toBytes())).isEqualTo(d);
    }

    @Test
    void denseIdsWithEdgesToLowerIdsAreOrderedByKahn() {
        QueryDag d = QueryDag.fromBytes(results(new int[] {0, 1, 2, 3}, new int[][] {{1, 0}, {2, 1}, {3, 0}}));
        assertThat(d.topologicalSort()).containsExactly(2, 1, 3, 0);
        assertThatThrownBy(() -> d.addEdge(0, 2))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.CYCLE_DETECTED));
        assertThat(d.addEdge(2, 0)).isTrue();
        assertThat(d.removeEdge(1, 0)).isTrue();
        assertThat(d.edges()).containsExactly(new Edge(2, 0), new Edge(2, 1), new Edge(3, 0));
        assertThat(d.nextId()).isEqualTo(4);
    }

    @Test
    void theCanonicalPathStillRejectsCyclesAndTrailingBytes() {
        rejects(results(new int[] {0, 1}, new int[][] {{0, 1}, {1, 0}}), "cycle");
        rejects(results(new int[] {2, 5, 9}, new int[][] {{2, 5}, {5, 9}, {9, 2}}), "cycle");
        HandEncoder e = new HandEncoder().header(1, 2);
        BinaryFormatTest.result(e, 0);
        BinaryFormatTest.result(e, 1);
        byte[] withTail = e.edges(new int[][] {{0, 1}}).raw(7, 7, 7).withCrc();
        rejects(withTail, "3 unexpected trailing bytes");
        HandEncoder sparse = new HandEncoder().header(1, 2);
        BinaryFormatTest.result(sparse, 4);
        BinaryFormatTest.result(sparse, 8);
        rejects(sparse.edges(new int[][] {{4, 8}}).raw(1).withCrc(), "1 unexpected trailing bytes");
    }

    @Test
    void edgeErrorsOnTheCanonicalPathAreThoseOfTheGeneralOne() {
        // dense and sparse ids: a missing node, a negative id, a self-loop, a repeat, out of order
        rejects(results(new int[] {0, 1, 2}, new int[][] {{0, 1}, {0, 3}}), "edge 0->3 names a missing node");
        rejects(results(new int[] {0, 1, 2}, new int[][] {{-1, 1}}), "edge -1->1 names a missing node");
        rejects(results(new int[] {0, 1, 2}, new int[][] {{0, 1}, {1, 1}}), "edge 1->1 is a duplicate or a self-loop");
        rejects(results(new int[] {0, 1, 2}, new int[][] {{0, 1}, {0, 1}}), "edge 0->1 is a duplicate");
        rejects(results(new int[] {3, 6, 9}, new int[][] {{3, 6}, {6, 7}}), "edge 6->7 names a missing node");
        rejects(results(new int[] {3, 6, 9}, new int[][] {{3, 6}, {9, 9}}), "edge 9->9 is a duplicate or a self-loop");
        rejects(results(new int[] {3, 6, 9}, new int[][] {{3, 9}, {6, 9}, {3, 9}}), "edge 3->9 is a duplicate");
        QueryDag d = QueryDag.fromBytes(results(new int[] {3, 6, 9}, new int[][] {{6, 9}, {3, 9}, {3, 6}}));
        assertThat(d.edges()).containsExactly(new Edge(3, 6), new Edge(3, 9), new Edge(6, 9));
    }

    @Test
    void sharedOperatorInstancesAreWrittenAsTheReferenceDoes() {
        // one instance per kind, interleaved, with encodings of 1 to 40 bytes: the writer copies
        // each repeat from its last occurrence (two words up to 16 bytes, more words beyond)
        List<Operator> ops = List.of(
                new Operator.SeqScan("users_archive_of_2026_partition_7"),
                new Operator.Result(),
                new Operator.HnswScan("idx", 40, "t", 5),
                new Operator.Filter("x > 0"),
                new Operator.Sort(List.of("a", "b"), List.of(true, false)),
                new Operator.Limit(10));
        QueryDag dag = new QueryDag();
        for (int i = 0; i < 60; i++) {
            dag.addNode(i, OperatorNode.of(ops.get((i * 7) % ops.size()), i, 2.0 * i));
            if (i > 0) {
                dag.addEdge(i - 1, i);
            }
        }
        dag.replaceNode(30, dag.node(30).withActuals(3.0, 1.5).withSelectivity(0.5));
        byte[] expected = BinaryWriterDifferentialTest.Reference.full(dag);
        assertThat(dag.toBytes()).isEqualTo(expected);
        assertThat(DagBinary.writeStructural(dag.snapshot()))
                .isEqualTo(BinaryWriterDifferentialTest.Reference.structural(dag));
        assertThat(dag.fullFingerprint().toBytes()).isEqualTo(HandEncoder.sha256First16(expected));
        QueryDag back = QueryDag.fromBytes(expected);
        assertThat(back).isEqualTo(dag);
        assertThat(back.node(6).operator()).isSameAs(back.node(0).operator());
    }

    @Test
    void nearlyRepeatedLongEncodingsDifferPastTheFirstWords() {
        // equal in the first 16 bytes, different after: the reader's masked words must not share them
        List<Operator> ops = List.of(
                new Operator.Filter("abcdefghijklmnopqrstuvwxyz"),
                new Operator.Filter("abcdefghijklmnopqrstuvwxyZ"),
                new Operator.Filter("abcdefghijklmnopqrstuvwxyz"),
                new Operator.Filter("abcdefghijk"),
                new Operator.Filter("abcdefghijl"),
                new Operator.Filter("abcdefghijl"));
        QueryDag dag = new QueryDag();
        for (int i = 0; i < ops.size(); i++) {
            dag.addNode(i, OperatorNode.of(ops.get(i), 1, 1));
        }
        QueryDag back = QueryDag.fromBytes(dag.toBytes());
        for (int i = 0; i < ops.size(); i++) {
            assertThat(back.node(i).operator()).as("node %d", i).isEqualTo(ops.get(i));
        }
        assertThat(back.node(5).operator()).isSameAs(back.node(4).operator());
    }

    @Test
    void identityMapMapsEachKeyToItself() {
        IntIntMap m = IntIntMap.identity(5);
        assertThat(m.size()).isEqualTo(5);
        for (int k = 0; k < 5; k++) {
            assertThat(m.get(k)).isEqualTo(k);
        }
        assertThat(m.get(5)).isEqualTo(-1);
        assertThat(m.get(-1)).isEqualTo(-1);
        m.remove(2);
        m.put(1000, 7);
        assertThat(m.get(2)).isEqualTo(-1);
        assertThat(m.get(1000)).isEqualTo(7);
        assertThat(m.size()).isEqualTo(5);
        assertThat(IntIntMap.identity(0).get(0)).isEqualTo(-1);
    }

    @Test
    void kindTableMultiplierSpreadsTheKinds() {
        // whatever multiplier is chosen, the lookup agrees with tag() for one instance of every kind
        assertThat(DagBinary.kindMultiplier() & 1).isEqualTo(1);
        for (Operator op : TestDags.everyOperatorKind()) {
            assertThat(DagBinary.tagOf(op)).isEqualTo(op.tag());
        }
    }
}
