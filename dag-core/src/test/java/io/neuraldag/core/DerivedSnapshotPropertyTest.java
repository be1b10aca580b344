package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Snapshots derived from the previous one after edge edits and payload replacements ({@link
 * DagSnapshot#withEdits}, {@link DagSnapshot#withNodes}) against a snapshot rebuilt from scratch
 * from the same DAG: over random mutation sequences (edges added forward and backward in id order,
 * removed, removed and added back, payloads replaced, now and then a node added or removed, with the
 * snapshot taken after some steps and not others, so that several edits accumulate), every array and
 * every derived result must be identical.
 */
class DerivedSnapshotPropertyTest {

    static Stream<Named<Long>> seeds() {
        return RandomDags.namedSeeds(0x5A5A_0000L, 300);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void derivedSnapshotEqualsRebuild(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag dag = RandomDags.one(seed, 2, 60);
        if (r.nextBoolean()) {
            // ids no longer follow the data flow, so the lexicographically smallest order is no
            // identity and its check does real work
            dag = RandomDags.relabelled(dag, r);
        }
        int steps = 60;
        List<String> log = new ArrayList<>();
        // compute some derived results before the first mutation so that there is a memo to carry
        warm(dag.snapshot(), r);
        for (int step = 0; step < steps; step++) {
            log.add(mutate(dag, r));
            if (r.nextInt(3) == 0) {
                continue; // let edits accumulate before the next snapshot
            }
            DagSnapshot derived = dag.snapshot();
            String context = "seed " + seed + ", steps " + log;
            assertSameAsRebuild(derived, dag.rebuiltSnapshot(), context);
            DagOracles oracle = DagOracles.of(dag);
            assertThat(oracle.isTopologicalOrder(dag.topologicalSort()))
                    .as(context)
                    .isTrue();
            if (derived.size() <= 10) {
                assertThat(dag.topologicalSort()).as(context).containsExactly(oracle.smallestTopologicalOrder());
            }
            warm(derived, r);
        }
    }

    @Test
    void manyEditsBeforeOneSnapshotFallBackToARebuild() {
        QueryDag dag = RandomDags.layered(80, 6, 0.3, 11L);
        dag.snapshot().topologicalOrder();
        List<Edge> edges = dag.edges();
        for (int k = 0; k < 40 && k < edges.size(); k++) {
            dag.removeEdge(edges.get(k).from(), edges.get(k).to());
        }
        assertSameAsRebuild(dag.snapshot(), dag.rebuiltSnapshot(), "40 removals");
    }

    @Test
    void removingAndReAddingAnEdgeKeepsEveryResult() {
        QueryDag dag = RandomDags.layered(60, 5, 0.3, 5L);
        DagSnapshot before = dag.snapshot();
        double kappa = before.criticality(3);
        Fingerprint fp = dag.fullFingerprint();
        Edge e = dag.edges().get(7);
        dag.removeEdge(e.from(), e.to());
        dag.addEdge(e.from(), e.to());
        DagSnapshot after = dag.snapshot();
        assertThat(after).isNotSameAs(before);
        assertThat(after.criticality(3)).isEqualTo(kappa);
        assertThat(dag.fullFingerprint()).isEqualTo(fp);
        assertSameAsRebuild(after, dag.rebuiltSnapshot(), "remove + re-add");
    }

    @Test
    void aRemovedEdgeThatFreesASmallerNodeChangesTheOrder() {
        // 2 -> 0 and 1 -> 0: the smallest order is 1, 2, 0; without 2 -> 0, node 0 may follow 1
        // at once (1, 0, 2); without both it comes first
        QueryDag dag = new QueryDag();
        dag.addNode(0, new Operator.Result());
        dag.addNode(1, new Operator.SeqScan("a"));
        dag.addNode(2, new Operator.SeqScan("b"));
        dag.addEdge(2, 0);
        dag.addEdge(1, 0);
        assertThat(dag.topologicalSort()).containsExactly(1, 2, 0);
        dag.removeEdge(2, 0);
        assertThat(dag.topologicalSort()).containsExactly(1, 0, 2);
        dag.removeEdge(1, 0);
        assertThat(dag.topologicalSort()).containsExactly(0, 1, 2);
        dag.addEdge(0, 2);
        assertThat(dag.topologicalSort()).containsExactly(0, 1, 2);
        dag.addEdge(2, 1);
        assertThat(dag.topologicalSort()).containsExactly(0, 2, 1);
        assertSameAsRebuild(dag.snapshot(), dag.rebuiltSnapshot(), "small");
    }

    // ------------------------------------------------------------------ helpers

    private static String mutate(QueryDag dag, SplittableRandom r) {
        int[] ids = dag.nodeIds();
        int op = r.nextInt(40);
        if (op == 0 || ids.length < 2) {
            return "addNode -> " + dag.addNode(RandomDags.randomOperator(r));
        }
        if (op == 1) {
            int id = ids[r.nextInt(ids.length)];
            dag.removeNode(id);
            return "removeNode(" + id + ")";
        }
        if (op < 6) {
            int id = ids[r.nextInt(ids.length)];
            OperatorNode old = dag.node(id);
            OperatorNode next = r.nextBoolean()
                    ? old
                    : (r.nextBoolean() ? old : old.withOperator(RandomDags.randomOperator(r)))
                            .withEstimates(r.nextInt(1000), RandomDags.randomCost(r));
            dag.replaceNode(id, next);
            return "replaceNode(" + id + ")";
        }
        List<Edge> edges = dag.edges();
        if (op < 18 && !edges.isEmpty()) {
            Edge e = edges.get(r.nextInt(edges.size()));
            dag.removeEdge(e.from(), e.to());
            if (op < 10) {
                dag.addEdge(e.from(), e.to());
                return "removeEdge+addEdge(" + e.from() + ", " + e.to() + ")";
            }
            return "removeEdge(" + e.from() + ", " + e.to() + ")";
        }
        int a = ids[r.nextInt(ids.length)];
        int b = ids[r.nextInt(ids.length)];
        int from = r.nextBoolean() ? Math.min(a, b) : Math.max(a, b);
        int to = from == a ? b : a;
        if (from == to || DagOracles.of(dag).reaches(to, from)) {
            return "skip";
        }
        return "addEdge(" + from + ", " + to + ") = " + dag.addEdge(from, to);
    }

    /** Computes a random subset of the memoized results, so that some are carried and some not. */
    private static void warm(DagSnapshot s, SplittableRandom r) {
        if (s.size() == 0) {
            return;
        }
        if (r.nextInt(4) != 0) {
            s.topologicalOrder();
        }
        if (r.nextBoolean()) {
            s.depth(0);
        }
        if (r.nextBoolean()) {
            s.hopsToSink(0);
        }
        if (r.nextBoolean()) {
            s.criticality(0);
        }
        if (r.nextBoolean()) {
            s.isCritical(0);
        }
        if (r.nextBoolean()) {
            s.structuralFingerprint();
        }
    }

    static void assertSameAsRebuild(DagSnapshot d, DagSnapshot b, String context) {
        int n = b.size();
        assertThat(d.size()).as(context).isEqualTo(n);
        assertThat(d.edgeCount()).as(context).isEqualTo(b.edgeCount());
        assertThat(d.nextId()).as(context).isEqualTo(b.nextId());
        assertThat(d.ids()).as(context).containsExactly(b.ids());
        for (int i = 0; i < n; i++) {
            String at = context + ", index " + i;
            assertThat(d.node(i)).as(at).isEqualTo(b.node(i));
            assertThat(d.estimatedCost(i)).as(at).isEqualTo(b.estimatedCost(i));
            assertThat(d.estimatedRows(i)).as(at).isEqualTo(b.estimatedRows(i));
            assertThat(d.outStart(i)).as(at).isEqualTo(b.outStart(i));
            assertThat(d.outEnd(i)).as(at).isEqualTo(b.outEnd(i));
            assertThat(d.inStart(i)).as(at).isEqualTo(b.inStart(i));
            assertThat(d.inEnd(i)).as(at).isEqualTo(b.inEnd(i));
            assertThat(d.depth(i)).as(at).isEqualTo(b.depth(i));
            assertThat(d.level(i)).as(at).isEqualTo(b.level(i));
            assertThat(d.hopsToSink(i)).as(at).isEqualTo(b.hopsToSink(i));
            assertThat(d.criticality(i)).as(at).isEqualTo(b.criticality(i));
            assertThat(d.forwardCost(i)).as(at).isEqualTo(b.forwardCost(i));
            assertThat(d.backwardCost(i)).as(at).isEqualTo(b.backwardCost(i));
            assertThat(d.isCritical(i)).as(at).isEqualTo(b.isCritical(i));
        }
        for (int p = 0; p < b.edgeCount(); p++) {
            assertThat(d.outTarget(p)).as(context + ", out position " + p).isEqualTo(b.outTarget(p));
            assertThat(d.inSource(p)).as(context + ", in position " + p).isEqualTo(b.inSource(p));
        }
        assertThat(d.topologicalOrder()).as(context).containsExactly(b.topologicalOrder());
        assertThat(d.maxDepth()).as(context).isEqualTo(b.maxDepth());
        assertThat(d.levelCount()).as(context).isEqualTo(b.levelCount());
        for (int l = 0; l < b.levelCount(); l++) {
            assertThat(d.width(l)).as(context).isEqualTo(b.width(l));
        }
        assertThat(d.criticalPathWeight()).as(context).isEqualTo(b.criticalPathWeight());
        assertThat(d.unitWeights()).as(context).isEqualTo(b.unitWeights());
        assertThat(d.criticalPath().path())
                .as(context)
                .containsExactly(b.criticalPath().path());
        assertThat(d.criticalPath().cost())
                .as(context)
                .isEqualTo(b.criticalPath().cost());
        assertThat(d.criticalSetIds()).as(context).containsExactly(b.criticalSetIds());
        assertThat(d.bottleneckScore()).as(context).isEqualTo(b.bottleneckScore());
        assertThat(d.planVector()).as(context).containsExactly(b.planVector());
        assertThat(d.structuralFingerprint()).as(context).isEqualTo(b.structuralFingerprint());
        assertThat(d.fullFingerprint()).as(context).isEqualTo(b.fullFingerprint());
        assertThat(d.sameContent(b)).as(context).isTrue();
        assertThat(d.contentHash()).as(context).isEqualTo(b.contentHash());
    }
}
