package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four benchmark graphs against the original's outputs in {@code n*.expected.json}. */
class BenchDagsTest {

    @ParameterizedTest(name = "n{0}")
    @ValueSource(ints = {10, 100, 500, 1000})
    void loadsWithStatedCounts(int n) {
        QueryDag dag = BenchDags.load(n);
        BenchDags.Expected e = BenchDags.expected(n);
        int expectedEdges = switch (n) {
            case 10 -> 9;
            case 100 -> 181;
            case 500 -> 961;
            default -> 1935;
        };
        assertThat(dag.nodeCount()).isEqualTo(n).isEqualTo(e.nodeCount());
        assertThat(dag.edgeCount()).isEqualTo(expectedEdges).isEqualTo(e.edgeCount());
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        assertThat(dag.nodeIds()).containsExactly(ids);
        assertThat(dag.nextId()).isEqualTo(n);
    }

    @ParameterizedTest(name = "n{0}")
    @ValueSource(ints = {10, 100, 500, 1000})
    void criticalPathCostIsTheOriginalsExactly(int n) {
        QueryDag dag = BenchDags.load(n);
        BenchDags.Expected e = BenchDags.expected(n);
        double stated = switch (n) {
            case 10 -> 166.25;
            case 100 -> 689.25;
            case 500 -> 1481.5;
            default -> 2182.5;
        };
        assertThat(e.criticalCost()).isEqualTo(stated);
        CriticalPath cp = dag.criticalPath();
        assertThat(cp.cost()).isEqualTo(stated);
        // our path is a real source-to-sink path whose node costs sum to the cost
        int[] path = cp.path();
        assertThat(dag.parents(path[0])).isEmpty();
        assertThat(dag.children(path[path.length - 1])).isEmpty();
        double sum = 0;
        for (int k = 0; k < path.length; k++) {
            sum += dag.node(path[k]).estimatedCost();
            if (k > 0) {
                assertThat(dag.hasEdge(path[k - 1], path[k])).isTrue();
            }
        }
        assertThat(sum).isEqualTo(stated);
        // the original's path is a path of our DAG with the same cost (ties may pick another)
        int[] theirs = e.criticalPath();
        double theirSum = 0;
        for (int k = 0; k < theirs.length; k++) {
            theirSum += dag.node(theirs[k]).estimatedCost();
            if (k > 0) {
                assertThat(dag.hasEdge(theirs[k - 1], theirs[k])).isTrue();
            }
        }
        assertThat(theirSum).isEqualTo(stated);
        assertThat(dag.criticalSet()).contains(path).contains(theirs);
    }

    @ParameterizedTest(name = "n{0}")
    @ValueSource(ints = {10, 100, 500, 1000})
    void topologicalOrdersAreValid(int n) {
        QueryDag dag = BenchDags.load(n);
        assertValidOrder(dag, BenchDags.expected(n).topoSort());
        int[] ours = dag.topologicalSort();
        assertValidOrder(dag, ours);
        // ours is the lexicographically smallest: at every step the smallest ready id was taken
        Map<Integer, Integer> indegree = new HashMap<>();
        for (int id : dag.nodeIds()) {
            indegree.put(id, dag.parents(id).length);
        }
        Set<Integer> ready = new HashSet<>();
        indegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        for (int id : ours) {
            assertThat(id)
                    .isEqualTo(ready.stream().mapToInt(Integer::intValue).min().orElseThrow());
            ready.remove(id);
            for (int c : dag.children(id)) {
                if (indegree.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
    }

    @ParameterizedTest(name = "n{0}")
    @ValueSource(ints = {10, 100, 500, 1000})
    void canonicalRoundTripsAreEqual(int n) {
        QueryDag dag = BenchDags.load(n);
        QueryDag viaJson = QueryDag.fromJson(dag.toJson());
        QueryDag viaBytes = QueryDag.fromBytes(dag.toBytes());
        assertThat(viaJson).isEqualTo(dag);
        assertThat(viaBytes).isEqualTo(dag);
        assertThat(viaJson.toJson()).isEqualTo(dag.toJson());
        assertThat(viaBytes.toBytes()).isEqualTo(dag.toBytes());
        assertThat(viaJson.fullFingerprint()).isEqualTo(dag.fullFingerprint());
        assertThat(DagFormats.read(dag.toJson())).isEqualTo(dag);
        assertThat(DagFormats.read(BenchDags.json(n))).isEqualTo(dag);
    }

    private static void assertValidOrder(QueryDag dag, int[] order) {
        assertThat(order).hasSize(dag.nodeCount());
        Map<Integer, Integer> rank = new HashMap<>();
        for (int r = 0; r < order.length; r++) {
            assertThat(dag.containsNode(order[r])).isTrue();
            assertThat(rank.put(order[r], r)).as("id %d repeated", order[r]).isNull();
        }
        for (Edge e : dag.edges()) {
            assertThat(rank.get(e.from())).as("edge %s", e).isLessThan(rank.get(e.to()));
        }
    }
}
