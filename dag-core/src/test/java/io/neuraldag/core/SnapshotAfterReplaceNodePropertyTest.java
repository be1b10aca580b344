package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.RandomDags;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * After payload-only changes ({@link QueryDag#replaceNode}) the snapshot is derived from the
 * previous one, sharing its structure and structure-only results. Oracle: a DAG built from scratch
 * with the same nodes and edges, whose snapshot is computed without any reuse. Random replacement
 * sequences mix new estimates, new operators, replacements between snapshots and structural
 * changes (edge removal) in between.
 */
class SnapshotAfterReplaceNodePropertyTest {

    static List<RandomDags.Spec> specs() {
        return RandomDags.specs(0x5EED_0A77L, 400, 1, 120);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void derivedSnapshotEqualsAFreshBuild(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        SplittableRandom r = new SplittableRandom(spec.seed() ^ 0x77L);
        for (int round = 0; round < 6; round++) {
            DagSnapshot before = dag.snapshot();
            // warm some memos of the old snapshot, so that sharing them is exercised
            if (r.nextBoolean()) {
                before.depth(0);
                before.criticality(0);
                before.hopsToSink(0);
                dag.structuralFingerprint();
            }
            int[] ids = dag.nodeIds();
            OperatorNode[] oldPayloads = new OperatorNode[ids.length];
            for (int i = 0; i < ids.length; i++) {
                oldPayloads[i] = before.node(i);
            }
            int changes = 1 + r.nextInt(3);
            for (int c = 0; c < changes; c++) {
                int id = ids[r.nextInt(ids.length)];
                OperatorNode old = dag.node(id);
                OperatorNode next = r.nextBoolean()
                        ? old.withEstimates(r.nextInt(1000), RandomDags.randomCost(r))
                        : old.withOperator(RandomDags.randomOperator(r));
                assertThat(dag.replaceNode(id, next)).isSameAs(old);
                if (r.nextInt(4) == 0) {
                    dag.snapshot();
                }
            }
            if (r.nextInt(5) == 0 && dag.edgeCount() > 0) {
                Edge e = dag.edges().get(r.nextInt(dag.edgeCount()));
                dag.removeEdge(e.from(), e.to());
                dag.replaceNode(e.to(), dag.node(e.to()).withEstimates(1, 2));
            }
            assertSameAsFresh(dag);
            // the old snapshot is untouched
            for (int i = 0; i < ids.length; i++) {
                assertThat(before.node(i)).isSameAs(oldPayloads[i]);
                assertThat(before.estimatedCost(i)).isEqualTo(oldPayloads[i].estimatedCost());
            }
        }
    }

    private static void assertSameAsFresh(QueryDag dag) {
        QueryDag fresh = new QueryDag();
        for (int id : dag.nodeIds()) {
            fresh.addNode(id, dag.node(id));
        }
        for (Edge e : dag.edges()) {
            fresh.addEdge(e.from(), e.to());
        }
        DagSnapshot s = dag.snapshot();
        DagSnapshot f = fresh.snapshot();
        assertThat(s.sameContent(f)).isTrue();
        assertThat(s.topologicalOrder()).containsExactly(f.topologicalOrder());
        int n = s.size();
        for (int i = 0; i < n; i++) {
            assertThat(s.node(i)).isEqualTo(f.node(i));
            assertThat(s.estimatedCost(i)).isEqualTo(f.estimatedCost(i));
            assertThat(s.estimatedRows(i)).isEqualTo(f.estimatedRows(i));
            assertThat(s.depth(i)).as("depth %d", i).isEqualTo(f.depth(i));
            assertThat(s.level(i)).as("level %d", i).isEqualTo(f.level(i));
            assertThat(s.hopsToSink(i)).isEqualTo(f.hopsToSink(i));
            assertThat(s.criticality(i)).isEqualTo(f.criticality(i));
            assertThat(s.forwardCost(i)).isEqualTo(f.forwardCost(i));
            assertThat(s.backwardCost(i)).isEqualTo(f.backwardCost(i));
            assertThat(s.isCritical(i)).isEqualTo(f.isCritical(i));
        }
        assertThat(s.maxDepth()).isEqualTo(f.maxDepth());
        assertThat(s.criticalPathWeight()).isEqualTo(f.criticalPathWeight());
        assertThat(s.criticalPath()).isEqualTo(f.criticalPath());
        assertThat(s.planVector()).containsExactly(f.planVector());
        assertThat(s.fullFingerprint()).isEqualTo(f.fullFingerprint());
        assertThat(s.structuralFingerprint()).isEqualTo(f.structuralFingerprint());
        assertThat(dag.topologicalSort()).containsExactly(fresh.topologicalSort());
    }
}
