package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec 01 §7 item 4 and §2.3–§2.4: depth and level along every edge, widths, ancestors and
 * descendants against brute-force reachability, hops and hopsToSink against brute-force BFS.
 */
class StructurePropertyTest {

    static List<RandomDags.Spec> anySize() {
        return RandomDags.specs(0x57C7_0001L, 500, 1, 200);
    }

    static List<RandomDags.Spec> upToTwelve() {
        return RandomDags.specs(0x57C7_0002L, 500, 1, 12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anySize")
    void depthAndLevelAlongEdges(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        int maxDepth = 0;
        int maxLevel = 0;
        for (int id : dag.nodeIds()) {
            int[] children = dag.children(id);
            int[] parents = dag.parents(id);
            int depth = dag.depth(id);
            int level = dag.level(id);
            boolean tightDepth = children.length == 0 && depth == 0;
            for (int c : children) {
                assertThat(depth).as("depth(%d) vs child %d", id, c).isGreaterThanOrEqualTo(dag.depth(c) + 1);
                tightDepth |= depth == dag.depth(c) + 1;
            }
            boolean tightLevel = parents.length == 0 && level == 0;
            for (int p : parents) {
                assertThat(level).as("level(%d) vs parent %d", id, p).isGreaterThanOrEqualTo(dag.level(p) + 1);
                tightLevel |= level == dag.level(p) + 1;
            }
            assertThat(tightDepth).as("depth(%d) is attained", id).isTrue();
            assertThat(tightLevel).as("level(%d) is attained", id).isTrue();
            maxDepth = Math.max(maxDepth, depth);
            maxLevel = Math.max(maxLevel, level);
        }
        assertThat(dag.maxDepth()).isEqualTo(maxDepth).isEqualTo(maxLevel);
        DagSnapshot s = dag.snapshot();
        assertThat(s.levelCount()).isEqualTo(dag.isEmpty() ? 0 : maxLevel + 1);
        int total = 0;
        int widest = 0;
        for (int l = 0; l < s.levelCount(); l++) {
            int w = 0;
            for (int i = 0; i < s.size(); i++) {
                if (s.level(i) == l) {
                    w++;
                }
            }
            assertThat(s.width(l)).isEqualTo(w).isPositive();
            total += w;
            widest = Math.max(widest, w);
        }
        assertThat(total).isEqualTo(dag.nodeCount());
        assertThat(dag.branchCount()).isEqualTo(widest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anySize")
    void reachabilityMatchesBruteForce(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        DagOracles oracle = DagOracles.of(dag);
        assertThat(dag.sources()).isEqualTo(oracle.sources());
        assertThat(dag.sinks()).isEqualTo(oracle.sinks());
        int[] ids = dag.nodeIds();
        for (int id : ids) {
            int[] anc = dag.ancestors(id);
            int[] desc = dag.descendants(id);
            assertThat(anc).as("ancestors(%d)", id).isEqualTo(oracle.ancestors(id));
            assertThat(desc).as("descendants(%d)", id).isEqualTo(oracle.descendants(id));
            for (int a : anc) {
                assertThat(Arrays.binarySearch(desc, a))
                        .as("%d both ancestor and descendant of %d", a, id)
                        .isNegative();
            }
            // nodes on one level never reach each other; a longest path uses only ancestors
            int level = dag.level(id);
            int depth = dag.depth(id);
            for (int d : desc) {
                assertThat(dag.level(d))
                        .as("level of descendant %d of %d", d, id)
                        .isGreaterThan(level);
                assertThat(dag.depth(d))
                        .as("depth of descendant %d of %d", d, id)
                        .isLessThan(depth);
            }
            assertThat(level).isLessThanOrEqualTo(anc.length);
            assertThat(depth).isLessThanOrEqualTo(desc.length);
            assertThat(level == 0).isEqualTo(anc.length == 0);
            assertThat(depth == 0).isEqualTo(desc.length == 0);
            assertThat(dag.hopsToSink(id)).as("hopsToSink(%d)", id).isEqualTo(oracle.hopsToSink(id));
            assertThat(dag.snapshot().hopsToSink(dag.snapshot().indexOf(id))).isEqualTo(oracle.hopsToSink(id));
            assertThat(dag.parents(id).length)
                    .isEqualTo(dag.snapshot().inDegree(dag.snapshot().indexOf(id)));
            assertThat(dag.children(id).length)
                    .isEqualTo(dag.snapshot().outDegree(dag.snapshot().indexOf(id)));
        }
        SplittableRandom r = new SplittableRandom(spec.seed());
        for (int k = 0; k < 30; k++) {
            int a = ids[r.nextInt(ids.length)];
            int b = ids[r.nextInt(ids.length)];
            int h = oracle.hops(a, b);
            assertThat(dag.hops(a, b))
                    .as("hops(%d, %d)", a, b)
                    .isEqualTo(h < 0 ? OptionalInt.empty() : OptionalInt.of(h));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anySize")
    void csrViewMatchesTheModel(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        DagSnapshot s = dag.snapshot();
        List<Edge> edges = dag.edges();
        assertThat(s.edgeCount()).isEqualTo(edges.size()).isEqualTo(dag.edgeCount());
        assertThat(s.ids()).isEqualTo(dag.nodeIds());
        int fromCsr = 0;
        for (int i = 0; i < s.size(); i++) {
            int id = s.id(i);
            assertThat(s.indexOf(id)).isEqualTo(i);
            assertThat(s.requireIndex(id)).isEqualTo(i);
            OperatorNode node = dag.node(id);
            assertThat(s.node(i)).isEqualTo(node);
            assertThat(s.tag(i)).isEqualTo(node.operator().tag());
            assertThat(s.estimatedRows(i)).isEqualTo(node.estimatedRows());
            assertThat(s.estimatedCost(i)).isEqualTo(node.estimatedCost());
            int[] children = new int[s.outDegree(i)];
            for (int p = s.outStart(i), k = 0; p < s.outEnd(i); p++, k++) {
                children[k] = s.id(s.outTarget(p));
                assertThat(edges).contains(new Edge(id, children[k]));
                fromCsr++;
            }
            assertThat(children).isSorted().isEqualTo(dag.children(id));
            int[] parents = new int[s.inDegree(i)];
            for (int p = s.inStart(i), k = 0; p < s.inEnd(i); p++, k++) {
                parents[k] = s.id(s.inSource(p));
            }
            assertThat(parents).isSorted().isEqualTo(dag.parents(id));
        }
        assertThat(fromCsr).isEqualTo(edges.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upToTwelve")
    void depthAndLevelAreLongestPaths(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        DagOracles oracle = DagOracles.of(dag);
        for (int id : dag.nodeIds()) {
            assertThat(dag.depth(id)).as("depth(%d)", id).isEqualTo(oracle.depthByPaths(id));
            assertThat(dag.level(id)).as("level(%d)", id).isEqualTo(oracle.levelByPaths(id));
        }
        assertThat(dag.maxDepth()).isEqualTo(oracle.maxPathNodes() - 1);
    }
}
