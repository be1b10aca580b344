package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec 01 §7 item 2 (second half): random edge insertions, back edges and self-loops included,
 * never create a cycle, are rejected exactly when the target already reaches the source, and a
 * rejection leaves the DAG exactly as it was.
 */
class CycleSafetyPropertyTest {

    static List<RandomDags.Spec> cases() {
        return RandomDags.specs(0xC1C1_E5AFL, 500, 1, 60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedIffTargetReachesSource(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        SplittableRandom r = new SplittableRandom(spec.seed() ^ 0x5EEDL);
        int[] ids = dag.nodeIds();
        DagOracles oracle = DagOracles.of(dag);
        for (int step = 0; step < 25; step++) {
            int from;
            int to;
            int kind = r.nextInt(4);
            if (kind == 0) {
                from = to = ids[r.nextInt(ids.length)];
            } else if (kind == 1 && dag.edgeCount() > 0) {
                // reverse an existing path: pick a node with descendants, close the loop
                List<Edge> edges = dag.edges();
                Edge e = edges.get(r.nextInt(edges.size()));
                int[] desc = dag.descendants(e.to());
                to = e.from();
                from = desc.length > 0 && r.nextBoolean() ? desc[r.nextInt(desc.length)] : e.to();
            } else {
                from = ids[r.nextInt(ids.length)];
                to = ids[r.nextInt(ids.length)];
            }
            boolean cycle = from == to || oracle.reaches(to, from);
            boolean exists = dag.hasEdge(from, to);
            if (cycle) {
                // the canonical JSON holds every id, payload and edge
                String json = dag.toJson();
                int nextId = dag.nextId();
                int f = from;
                int t = to;
                DagException e = catchThrowableOfType(DagException.class, () -> dag.addEdge(f, t));
                assertThat(e).as("%d->%d must be rejected", from, to).isNotNull();
                assertThat(e.kind()).isEqualTo(DagException.Kind.CYCLE_DETECTED);
                assertThat(dag.hasEdge(from, to)).isFalse();
                assertThat(dag.toJson()).isEqualTo(json);
                assertThat(dag.nextId()).isEqualTo(nextId);
            } else if (exists) {
                DagSnapshot before = dag.snapshot();
                assertThat(dag.addEdge(from, to)).as("%d->%d exists", from, to).isFalse();
                assertThat(dag.snapshot()).isSameAs(before);
            } else {
                int m = dag.edgeCount();
                assertThat(dag.addEdge(from, to)).as("%d->%d", from, to).isTrue();
                assertThat(dag.edgeCount()).isEqualTo(m + 1);
                assertThat(dag.hasEdge(from, to)).isTrue();
                oracle = DagOracles.of(dag);
                assertThat(oracle.isTopologicalOrder(dag.topologicalSort())).isTrue();
            }
        }
    }
}
