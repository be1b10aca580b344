package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec 01 §7 item 2 (first half): the order respects every edge and is the smallest one. */
class TopologicalOrderPropertyTest {

    static List<RandomDags.Spec> anySize() {
        return RandomDags.specs(0x70F0_0001L, 500, 1, 200);
    }

    static List<RandomDags.Spec> upToEight() {
        return RandomDags.specs(0x70F0_0002L, 500, 1, 8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anySize")
    void respectsEveryEdgeAndListsEveryNodeOnce(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        int[] order = dag.topologicalSort();
        assertThat(DagOracles.of(dag).isTopologicalOrder(order)).isTrue();
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        assertThat(sorted).isEqualTo(dag.nodeIds());
        DagSnapshot s = dag.snapshot();
        int[] byIndex = s.topologicalOrder();
        for (int k = 0; k < order.length; k++) {
            assertThat(s.id(byIndex[k])).isEqualTo(order[k]);
            assertThat(s.topologicalAt(k)).isEqualTo(byIndex[k]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anySize")
    void everyPositionHoldsTheSmallestAvailableId(RandomDags.Spec spec) {
        // greedy check, independent of the heap: at position k, order[k] must be the smallest id
        // whose parents all appear before position k
        QueryDag dag = spec.build();
        int[] order = dag.topologicalSort();
        int[] ids = dag.nodeIds();
        int[][] parents = new int[ids.length][];
        for (int i = 0; i < ids.length; i++) {
            int[] p = dag.parents(ids[i]);
            parents[i] = new int[p.length];
            for (int k = 0; k < p.length; k++) {
                parents[i][k] = Arrays.binarySearch(ids, p[k]);
            }
        }
        boolean[] placed = new boolean[ids.length];
        for (int k = 0; k < order.length; k++) {
            int smallest = -1;
            for (int i = 0; i < ids.length && smallest < 0; i++) {
                if (!placed[i] && allPlaced(parents[i], placed)) {
                    smallest = i;
                }
            }
            assertThat(order[k]).as("position %d", k).isEqualTo(ids[smallest]);
            placed[smallest] = true;
        }
    }

    private static boolean allPlaced(int[] parents, boolean[] placed) {
        for (int p : parents) {
            if (!placed[p]) {
                return false;
            }
        }
        return true;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upToEight")
    void equalsTheSmallestPermutation(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        assertThat(dag.topologicalSort()).isEqualTo(DagOracles.of(dag).smallestTopologicalOrder());
    }
}
