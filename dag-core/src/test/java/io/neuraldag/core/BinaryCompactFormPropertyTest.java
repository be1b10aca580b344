package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.testing.RandomDags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A DAG read from a canonical binary encoding starts in compact form (ids, payloads and CSR
 * out-lists only; the snapshot derives its in-lists, the first mutation builds the mutable
 * structures). Over random DAGs (dense and sparse ids, edges in and against id order, all payload
 * kinds) and random sequences of reads, snapshots and mutations, a DAG read from bytes must answer
 * every call exactly like one built node by node through the public API, value or exception, and
 * every snapshot handed out must keep its content after later mutations.
 */
class BinaryCompactFormPropertyTest {

    private static final List<RandomDags.Payloads> PAYLOADS =
            List.of(RandomDags.Payloads.ZERO_COST, RandomDags.Payloads.ESTIMATES, RandomDags.Payloads.FULL);

    static Stream<Named<Long>> seeds() {
        return RandomDags.namedSeeds(0xC0_4AC7_0000L, 400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void readDagBehavesLikeOneBuiltDirectly(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        // specs cycle through the families: take one of the seven at random
        QueryDag original = RandomDags.specs(seed, 7, 1, 60).get(r.nextInt(7)).build();
        if (r.nextInt(3) == 0) {
            // dense ids 0..n-1 whose edges go both ways: the compact form is not in topological order
            original = RandomDags.relabelled(original, r);
        }
        QueryDag read = QueryDag.fromBytes(original.toBytes());
        QueryDag built = builtDirectly(original, r);
        List<String> log = new ArrayList<>();
        List<DagSnapshot> snapshots = new ArrayList<>();
        List<byte[]> snapshotBytes = new ArrayList<>();
        int steps = 1 + r.nextInt(30);
        for (int step = 0; step < steps; step++) {
            Action a = action(built, r);
            log.add(a.name());
            String context = "seed " + seed + ", steps " + log;
            assertThat(outcome(a.call(), read)).as(context).isEqualTo(outcome(a.call(), built));
            if (r.nextInt(4) == 0) {
                DagSnapshot s = read.snapshot();
                snapshots.add(s);
                snapshotBytes.add(DagBinary.write(s));
                assertSameState(read, built, context);
            }
        }
        String context = "seed " + seed + ", steps " + log;
        assertSameState(read, built, context);
        for (int k = 0; k < snapshots.size(); k++) {
            // nothing done to the DAG afterwards may show through a snapshot already handed out
            assertThat(DagBinary.write(snapshots.get(k)))
                    .as(context + ", snapshot " + k)
                    .isEqualTo(snapshotBytes.get(k));
        }
        assertThat(read.rebuiltSnapshot().ids()).as(context).isEqualTo(built.nodeIds());
        assertThat(csr(read.rebuiltSnapshot())).as(context).isEqualTo(csr(built.snapshot()));
    }

    @Test
    void aSnapshotTakenBeforeTheFirstMutationKeepsItsContent() {
        QueryDag original = RandomDags.layered(40, 4, 0.3, 3L);
        QueryDag read = QueryDag.fromBytes(original.toBytes());
        DagSnapshot before = read.snapshot();
        byte[] bytes = DagBinary.write(before);
        OperatorNode first = read.node(0);
        read.replaceNode(0, first.withEstimates(1.0, 2.0));
        read.removeNode(1);
        read.addNode(new Operator.Result());
        assertThat(DagBinary.write(before)).isEqualTo(bytes);
        assertThat(before.node(0)).isEqualTo(first);
        assertThat(QueryDag.fromSnapshot(before)).isEqualTo(original);
        assertThat(read).isNotEqualTo(original);
    }

    @Test
    void readsOfTheCompactFormNeedNoSnapshot() {
        QueryDag read = QueryDag.fromBytes(RandomDags.randomForward(30, 0.2, 9L).toBytes());
        QueryDag built = RandomDags.randomForward(30, 0.2, 9L);
        for (int a = -2; a < 33; a++) {
            assertThat(read.containsNode(a)).isEqualTo(built.containsNode(a));
            for (int b = 0; b < 30 && a >= 0 && a < 30; b++) {
                assertThat(read.hasEdge(a, b)).as(a + "->" + b).isEqualTo(built.hasEdge(a, b));
            }
        }
        assertThatThrownBy(() -> read.hasEdge(0, 30))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.NODE_NOT_FOUND));
        assertThatThrownBy(() -> read.node(-1))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.NODE_NOT_FOUND));
        assertThat(read.node(7)).isEqualTo(built.node(7));
        assertThat(read.nextId()).isEqualTo(30);
        assertThat(read.edgeCount()).isEqualTo(built.edgeCount());
    }

    @Test
    void anEmptyAndATinyDagLeaveTheCompactFormCorrectly() {
        QueryDag empty = QueryDag.fromBytes(new QueryDag().toBytes());
        assertThat(empty.snapshot().size()).isZero();
        assertThat(empty.addNode(new Operator.Result())).isZero();
        assertThat(empty.nodeIds()).containsExactly(0);
        QueryDag one = new QueryDag();
        one.addNode(5, new Operator.SeqScan("t"));
        QueryDag tiny = QueryDag.fromBytes(one.toBytes());
        tiny.addNode(2, new Operator.Result());
        tiny.addEdge(5, 2);
        tiny.addNode(new Operator.Limit(3));
        tiny.addEdge(2, 6);
        assertThat(tiny.topologicalSort()).containsExactly(5, 2, 6);
        assertThatThrownBy(() -> tiny.addEdge(6, 5))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.CYCLE_DETECTED));
    }

    // ------------------------------------------------------------------ helpers

    /** One call, drawn once and applied to both DAGs. */
    private record Action(String name, Function<QueryDag, Object> call) {}

    private static Action action(QueryDag model, SplittableRandom r) {
        int a = someId(model, r);
        int b = someId(model, r);
        int dim = model.embeddingDimension();
        OperatorNode payload = RandomDags.randomNode(
                r, PAYLOADS.get(r.nextInt(PAYLOADS.size())), r.nextInt(4) == 0 ? dim + 1 : Math.max(1, dim));
        return switch (r.nextInt(18)) {
            case 0 -> new Action("containsNode(" + a + ")", d -> d.containsNode(a));
            case 1 -> new Action("node(" + a + ")", d -> d.node(a));
            case 2, 3 -> new Action("hasEdge(" + a + ", " + b + ")", d -> d.hasEdge(a, b));
            case 4 ->
                new Action(
                        "parents/children(" + a + ")",
                        d -> Arrays.toString(d.parents(a)) + Arrays.toString(d.children(a)));
            case 5 ->
                new Action("addNode(" + a + ", p)", d -> {
                    d.addNode(a, payload);
                    return d.nextId();
                });
            case 6 -> new Action("addNode(p)", d -> d.addNode(payload));
            case 7 -> new Action("replaceNode(" + a + ", p)", d -> d.replaceNode(a, payload));
            case 8 -> new Action("removeNode(" + a + ")", d -> d.removeNode(a));
            case 9, 10, 11 -> new Action("addEdge(" + a + ", " + b + ")", d -> d.addEdge(a, b));
            case 12 -> new Action("removeEdge(" + a + ", " + b + ")", d -> d.removeEdge(a, b));
            case 13 -> new Action("topologicalSort", d -> Arrays.toString(d.topologicalSort()));
            case 14 -> new Action("criticalPath", d -> d.criticalPath() + " " + d.fullFingerprint());
            case 15 -> new Action("copy", d -> HexFormat.of().formatHex(d.copy().toBytes()));
            case 16 -> new Action("toBytes", d -> HexFormat.of().formatHex(d.toBytes()));
            default ->
                new Action(
                        "counts",
                        d -> d.nodeCount() + " " + d.edgeCount() + " " + d.nextId() + " " + d.embeddingDimension());
        };
    }

    // mostly an existing id, else one just above them, a removed one or a negative one
    private static int someId(QueryDag model, SplittableRandom r) {
        int[] ids = model.nodeIds();
        int k = r.nextInt(10);
        if (ids.length > 0 && k < 8) {
            return ids[r.nextInt(ids.length)];
        }
        return k == 8 ? model.nextId() + r.nextInt(3) - 1 : -1 - r.nextInt(2);
    }

    // the value, or the exception's class, kind and message
    private static String outcome(Function<QueryDag, Object> call, QueryDag d) {
        try {
            return "= " + call.apply(d);
        } catch (DagException e) {
            return "! " + e.kind() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            return "! " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private static void assertSameState(QueryDag read, QueryDag built, String context) {
        assertThat(read).as(context).isEqualTo(built);
        assertThat(built).as(context).isEqualTo(read);
        assertThat(read.hashCode()).as(context).isEqualTo(built.hashCode());
        assertThat(read.nextId()).as(context).isEqualTo(built.nextId());
        assertThat(read.snapshot().nextId())
                .as(context)
                .isEqualTo(built.snapshot().nextId());
        assertThat(read.nodeCount()).as(context).isEqualTo(built.nodeCount());
        assertThat(read.edgeCount()).as(context).isEqualTo(built.edgeCount());
        assertThat(read.embeddingDimension()).as(context).isEqualTo(built.embeddingDimension());
        assertThat(read.toBytes()).as(context).isEqualTo(built.toBytes());
        assertThat(read.topologicalSort()).as(context).isEqualTo(built.topologicalSort());
        assertThat(csr(read.snapshot())).as(context).isEqualTo(csr(built.snapshot()));
    }

    // every index's id, payload, out- and in-list, in snapshot order
    private static String csr(DagSnapshot s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.size(); i++) {
            sb.append(s.id(i)).append(' ').append(s.node(i)).append(" out");
            for (int p = s.outStart(i); p < s.outEnd(i); p++) {
                sb.append(' ').append(s.outTarget(p));
            }
            sb.append(" in");
            for (int p = s.inStart(i); p < s.inEnd(i); p++) {
                sb.append(' ').append(s.inSource(p));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    // the same nodes and edges through the public API: nodes in random order, edges in random order
    private static QueryDag builtDirectly(QueryDag dag, SplittableRandom r) {
        int[] ids = dag.nodeIds();
        int[] order = ids.clone();
        RandomDags.shuffle(order, r);
        QueryDag d = new QueryDag();
        for (int id : order) {
            d.addNode(id, dag.node(id));
        }
        List<Edge> edges = new ArrayList<>(dag.edges());
        Collections.shuffle(edges, r);
        for (Edge e : edges) {
            d.addEdge(e.from(), e.to());
        }
        // the binary form does not carry nextId: it reads back as the largest id + 1
        return d;
    }
}
