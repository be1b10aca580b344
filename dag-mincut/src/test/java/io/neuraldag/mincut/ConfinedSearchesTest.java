package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two update paths whose searches are confined by S_min: an opened arc of the S_min cut pushes
 * along the S_min tree and one pair of kept search trees outside S_min (both repaired after every
 * path), and a decrease below the flow of an arc with both ends on one side of S_min reroutes with
 * its search trees confined to that side. Each sequence steers its updates onto these paths and
 * checks after every update: λ against a fresh solve (JGraphT every 6 steps), S_min against a
 * brute-force residual BFS, the S_min tree and the certificate; and that both paths were taken.
 */
class ConfinedSearchesTest {

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    /** A saturated arc of the S_min cut with finite capacity, or -1. */
    private static int cutArc(FlowState st, SplittableRandom rnd) {
        int m = st.net.arcCount();
        int start = rnd.nextInt(m);
        for (int i = 0; i < m; i++) {
            int a = (start + i) % m;
            int u = st.net.tail(a);
            int v = st.net.head(a);
            double c = st.net.cap[a];
            if (c > 0.0 && c != Double.POSITIVE_INFINITY && st.flow[a] >= c && st.inSmin(u) && !st.inSmin(v)) {
                return a;
            }
        }
        return -1;
    }

    /** An arc with flow whose ends are both in S_min or both outside it, or -1. */
    private static int sameSideFlowArc(FlowState st, SplittableRandom rnd, boolean inside) {
        int m = st.net.arcCount();
        int start = rnd.nextInt(m);
        for (int i = 0; i < m; i++) {
            int a = (start + i) % m;
            int u = st.net.tail(a);
            int v = st.net.head(a);
            if (st.flow[a] > 0.0 && u != st.t && v != st.s && st.inSmin(u) == inside && st.inSmin(v) == inside) {
                return a;
            }
        }
        return -1;
    }

    /**
     * The maximum flow from the tail to the head of arc a in the residual graph of the current flow
     * with a lowered to c2 (and its flow with it), by a fresh solve of that residual graph.
     */
    private static double reroutable(FlowState st, int a, double c2) {
        FlowNetwork r = new FlowNetwork();
        r.addNodes(st.net.nodeCount());
        for (int b = 0; b < st.net.arcCount(); b++) {
            double c = b == a ? c2 : st.net.cap[b];
            double f = b == a ? c2 : st.flow[b];
            int u = st.net.tail(b);
            int v = st.net.head(b);
            if (c - f > 0.0) {
                r.addArc(u, v, c - f);
            }
            if (f > 0.0) {
                r.addArc(v, u, f);
            }
        }
        return MinCutSolver.create().maxFlow(r, st.net.tail(a), st.net.head(a));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void openedCutArcsAndSameSideReroutesMatchAFreshSolve(long seed) {
        steered(seed);
    }

    /**
     * One steered sequence, checked after every update; returns {confined reroutes, paths through
     * opened cut arcs}.
     */
    private static long[] steered(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 8 + rnd.nextInt(seed % 10 == 0 ? 90 : 30);
        FlowNetwork net = seed % 2 == 0
                ? RandomNetworks.network(rnd, n, 2 * n + rnd.nextInt(3 * n + 1))
                : SourceSideTreeTest.band(rnd, n);
        int nodes = net.nodeCount();
        FlowState st = new FlowState(net, 0, nodes - 1);
        MinCutSolver fresh = MinCutSolver.create();
        for (int step = 0; step < 36; step++) {
            String at = "seed " + seed + " step " + step;
            if (st.infinite) {
                break;
            }
            int kind = step % 3;
            int a = kind == 0 ? cutArc(st, rnd) : sameSideFlowArc(st, rnd, kind == 1);
            if (a < 0) {
                int b = rnd.nextInt(st.net.arcCount());
                double c = st.net.cap[b];
                st.setCapacity(b, c == Double.POSITIVE_INFINITY ? 5.0 : 0.25 * (4 + rnd.nextInt(80)));
            } else if (kind == 0) {
                double c = st.net.cap[a];
                st.setCapacity(a, rnd.nextInt(4) == 0 ? Double.POSITIVE_INFINITY : c + 0.25 * (1 + rnd.nextInt(120)));
            } else {
                double f = st.flow[a];
                double c2 = rnd.nextInt(3) == 0 ? 0.0 : 0.25 * Math.floor(4 * f * rnd.nextDouble());
                double possible = c2 < f ? reroutable(st, a, c2) : 0.0;
                st.lastRerouted = -1.0;
                st.setCapacity(a, c2);
                if (c2 < f) {
                    // the confined search finds what an unconfined maximum flow u ~> v can route
                    assertThat(st.lastRerouted)
                            .as(at + ": rerouted")
                            .isGreaterThanOrEqualTo(Math.min(f - c2, possible) - 1e-9);
                }
            }
            FlowStateChecks.afterUpdate(at, st, fresh, nodes, step % 6 == 0, true);
        }
        // every path of the kept trees and the S_min tree was residual when pushed
        assertThat(st.emptyThroughPaths).as("seed " + seed + ": empty paths").isZero();
        return new long[] {st.confinedReroutes, st.keptThroughPaths};
    }

    /** Every block of 50 steered sequences takes both confined paths. */
    @ParameterizedTest(name = "seeds {0} to {0} + 49")
    @MethodSource("blocks")
    void steeredSequencesTakeBothConfinedPaths(long first) {
        long confined = 0;
        long through = 0;
        for (long seed = first; seed < first + 50; seed++) {
            long[] c = steered(seed);
            confined += c[0];
            through += c[1];
        }
        assertThat(confined).as("confined reroutes").isPositive();
        assertThat(through).as("paths through opened cut arcs").isPositive();
    }

    /** Over all seeds, paths were pushed through opened cut arcs along the kept trees. */
    @ParameterizedTest(name = "seeds {0} to {0} + 49")
    @MethodSource("blocks")
    void openedCutArcsPushAlongTheKeptTrees(long first) {
        long paths = 0;
        for (long seed = first; seed < first + 50; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            FlowNetwork net = SourceSideTreeTest.band(rnd, 12 + rnd.nextInt(40));
            int nodes = net.nodeCount();
            FlowState st = new FlowState(net, 0, nodes - 1);
            MinCutSolver fresh = MinCutSolver.create();
            for (int step = 0; step < 10 && !st.infinite; step++) {
                int a = cutArc(st, rnd);
                if (a < 0) {
                    break;
                }
                st.setCapacity(a, st.net.cap[a] + 0.25 * (1 + rnd.nextInt(200)));
                Oracles.assertClose("seed " + seed + " step " + step, fresh.maxFlow(st.net, 0, nodes - 1), st.lambda);
            }
            assertThat(st.emptyThroughPaths)
                    .as("seed " + seed + ": empty paths")
                    .isZero();
            paths += st.keptThroughPaths;
        }
        assertThat(paths).as("paths through opened cut arcs").isPositive();
    }

    static LongStream blocks() {
        return LongStream.of(0, 50, 100, 150);
    }
}
