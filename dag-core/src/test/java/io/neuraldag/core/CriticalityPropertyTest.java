package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec 01 §7 item 6 and §2.6: path-dominance criticality lies in (0, 1], the sinks' values sum to
 * 1, and the value is exactly 1 for single-vertex cuts and only for them; on small DAGs it equals
 * the fraction of enumerated source-to-sink paths through the node.
 */
class CriticalityPropertyTest {

    static List<RandomDags.Spec> anySize() {
        return RandomDags.specs(0x4A99_0001L, 500, 1, 200);
    }

    static List<RandomDags.Spec> upToTwelve() {
        return RandomDags.specs(0x4A99_0002L, 500, 1, 12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anySize")
    void rangeSumsAndCuts(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        DagOracles oracle = DagOracles.of(dag);
        for (int id : dag.nodeIds()) {
            double k = dag.criticality(id);
            assertThat(k).as("kappa(%d)", id).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
            assertThat(k == 1.0).as("kappa(%d) = %s vs cut", id, k).isEqualTo(oracle.isSingleVertexCut(id));
        }
        assertThat(sum(dag, dag.sinks())).isCloseTo(1.0, within(1e-9));
        assertThat(sum(dag, dag.sources())).isCloseTo(1.0, within(1e-9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("upToTwelve")
    void equalsTheFractionOfPathsThroughTheNode(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        DagOracles oracle = DagOracles.of(dag);
        for (int id : dag.nodeIds()) {
            assertThat(dag.criticality(id)).as("kappa(%d)", id).isCloseTo(oracle.pathFraction(id), within(1e-12));
        }
    }

    static double sum(QueryDag dag, int[] ids) {
        double s = 0;
        for (int id : ids) {
            s += dag.criticality(id);
        }
        return s;
    }

    /**
     * A source s, a stack of {@code diamonds} diamonds and a sink t, plus one bypass s -> x -> t:
     * the stack carries 2^diamonds of the 2^diamonds + 1 paths, so no stack node is a cut.
     */
    static QueryDag diamondStackWithBypass(int diamonds) {
        QueryDag d = new QueryDag();
        int s = d.addNode(new Operator.SeqScan("s"));
        int fork = s;
        for (int k = 0; k < diamonds; k++) {
            int a = d.addNode(new Operator.Filter("a"));
            int b = d.addNode(new Operator.Filter("b"));
            int join = d.addNode(new Operator.Append());
            d.addEdge(fork, a);
            d.addEdge(fork, b);
            d.addEdge(a, join);
            d.addEdge(b, join);
            fork = join;
        }
        int t = d.addNode(new Operator.Result());
        d.addEdge(fork, t);
        int x = d.addNode(new Operator.Materialize());
        d.addEdge(s, x);
        d.addEdge(x, t);
        return d;
    }

    @Test
    void nearlyDominantNodesAreNotCuts() {
        for (int diamonds : new int[] {10, 30, 45, 60}) {
            QueryDag d = diamondStackWithBypass(diamonds);
            DagOracles oracle = DagOracles.of(d);
            int s = 0;
            int firstJoin = 3;
            int t = 3 * diamonds + 1;
            assertThat(d.criticality(s)).isEqualTo(1.0);
            assertThat(d.criticality(t)).isEqualTo(1.0);
            assertThat(oracle.isSingleVertexCut(firstJoin)).isFalse();
            assertThat(d.criticality(firstJoin)).as("%d diamonds", diamonds).isLessThan(1.0);
            double expected = Math.pow(2, diamonds) / (Math.pow(2, diamonds) + 1);
            assertThat(d.criticality(firstJoin)).isCloseTo(expected, within(1e-15));
        }
    }

    @Test
    void astronomicalPathCountsStayExact() {
        // 700 complete bipartite layers of width 3: 3^700 paths overflow a double; a single-node
        // layer in the middle is the only cut besides the end points
        QueryDag d = new QueryDag();
        int layers = 700;
        int[][] layer = new int[layers][];
        for (int l = 0; l < layers; l++) {
            int width = l == layers / 2 ? 1 : 3;
            layer[l] = new int[width];
            for (int k = 0; k < width; k++) {
                layer[l][k] = d.addNode(new Operator.Filter("l" + l));
                if (l > 0) {
                    for (int p : layer[l - 1]) {
                        d.addEdge(p, layer[l][k]);
                    }
                }
            }
        }
        double sinkSum = 0;
        for (int l = 0; l < layers; l++) {
            for (int id : layer[l]) {
                double k = d.criticality(id);
                if (layer[l].length == 1) {
                    assertThat(k).isEqualTo(1.0);
                } else {
                    assertThat(k)
                            .as("layer %d", l)
                            .isCloseTo(1.0 / 3, within(1e-9))
                            .isLessThan(1.0);
                }
                if (l == layers - 1) {
                    sinkSum += k;
                }
            }
        }
        assertThat(sinkSum).isCloseTo(1.0, within(1e-9));
    }
}
