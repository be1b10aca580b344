package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec 01 §7 item 5 and §2.5: the critical set and the canonical critical path, against
 * brute-force path enumeration on small DAGs. Costs are multiples of 0.25, so every comparison of
 * path costs is exact.
 */
class CriticalPathPropertyTest {

    static List<RandomDags.Spec> anySize() {
        return RandomDags.specs(0xC217_0001L, 500, 1, 200);
    }

    static List<RandomDags.Spec> upToTwelve() {
        return RandomDags.specs(0xC217_0002L, 500, 1, 12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anySize")
    void criticalSetHoldsACompleteMaximumPath(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        DagSnapshot s = dag.snapshot();
        int n = s.size();
        int[] set = dag.criticalSet();
        assertThat(set).isNotEmpty();
        double lStar = s.criticalPathWeight();
        boolean unit = s.unitWeights();
        double total = 0;
        boolean allZero = true;
        for (int i = 0; i < n; i++) {
            total += s.estimatedCost(i);
            allZero &= s.estimatedCost(i) == 0.0;
        }
        assertThat(unit).isEqualTo(allZero);
        double maxCritCost = 0;
        for (int i = 0; i < n; i++) {
            boolean member = Arrays.binarySearch(set, s.id(i)) >= 0;
            assertThat(s.isCritical(i)).isEqualTo(member);
            double through = s.throughCost(i);
            assertThat(through).as("through(%d)", s.id(i)).isLessThanOrEqualTo(lStar);
            if (member) {
                assertThat(through)
                        .as("through(%d) of a critical node", s.id(i))
                        .isEqualTo(lStar);
                maxCritCost = Math.max(maxCritCost, s.estimatedCost(i));
            } else {
                assertThat(through).isLessThan(lStar);
            }
            double w = unit ? 1.0 : s.estimatedCost(i);
            assertThat(s.forwardCost(i) + s.backwardCost(i) - w).isEqualTo(through);
        }
        assertThat(dag.bottleneckScore()).isEqualTo(total > 0 ? maxCritCost / total : 0.0);
        assertThat(hasSourceToSinkPathInside(dag, set)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anySize")
    void canonicalPathIsAMaximumSourceToSinkPath(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        DagSnapshot s = dag.snapshot();
        int[] path = dag.criticalPath().path();
        assertThat(path).isNotEmpty();
        assertThat(dag.parents(path[0])).as("path starts at a source").isEmpty();
        assertThat(dag.children(path[path.length - 1]))
                .as("path ends at a sink")
                .isEmpty();
        double cost = 0;
        int[] set = dag.criticalSet();
        for (int k = 0; k < path.length; k++) {
            if (k > 0) {
                assertThat(dag.hasEdge(path[k - 1], path[k])).isTrue();
            }
            assertThat(Arrays.binarySearch(set, path[k]))
                    .as("%d is critical", path[k])
                    .isNotNegative();
            cost += dag.node(path[k]).estimatedCost();
        }
        assertThat(dag.criticalPath().cost()).isEqualTo(cost);
        assertThat(dag.criticalPath().length()).isEqualTo(path.length);
        if (s.unitWeights()) {
            assertThat((double) path.length).isEqualTo(s.criticalPathWeight());
            assertThat(cost).isZero();
        } else {
            assertThat(cost).isEqualTo(s.criticalPathWeight());
        }
        assertThat(path.length).isLessThanOrEqualTo(dag.maxDepth() + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upToTwelve")
    void matchesPathEnumeration(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        DagOracles oracle = DagOracles.of(dag);
        DagSnapshot s = dag.snapshot();
        List<int[]> paths = oracle.allSourceSinkPaths();
        boolean unit = s.unitWeights();
        double best = 0;
        for (int[] p : paths) {
            best = Math.max(best, unit ? p.length : oracle.pathCost(p));
        }
        assertThat(s.criticalPathWeight()).isEqualTo(best);
        if (!unit) {
            assertThat(dag.criticalPath().cost()).isEqualTo(oracle.maxPathCost());
        } else {
            assertThat(dag.criticalPath().length()).isEqualTo(oracle.maxPathNodes());
        }
        // the critical set is the union of all maximum paths
        TreeSet<Integer> union = new TreeSet<>();
        for (int[] p : paths) {
            if ((unit ? p.length : oracle.pathCost(p)) == best) {
                for (int id : p) {
                    union.add(id);
                }
            }
        }
        assertThat(dag.criticalSet())
                .containsExactly(union.stream().mapToInt(Integer::intValue).toArray());
        // the canonical path is one of the maximum paths
        int[] canonical = dag.criticalPath().path();
        assertThat(paths).anySatisfy(p -> assertThat(p).isEqualTo(canonical));
    }

    /** BFS restricted to the set, from its sources, reaching one of its sinks. */
    static boolean hasSourceToSinkPathInside(QueryDag dag, int[] set) {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        TreeSet<Integer> seen = new TreeSet<>();
        for (int id : set) {
            if (dag.parents(id).length == 0) {
                queue.add(id);
                seen.add(id);
            }
        }
        while (!queue.isEmpty()) {
            int v = queue.poll();
            if (dag.children(v).length == 0) {
                return true;
            }
            for (int c : dag.children(v)) {
                if (Arrays.binarySearch(set, c) >= 0 && seen.add(c)) {
                    queue.add(c);
                }
            }
        }
        return false;
    }
}
