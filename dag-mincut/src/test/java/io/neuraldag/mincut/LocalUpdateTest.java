package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The local update paths of {@link FlowState}: the bidirectional residual search and the flow-path
 * search of {@link PathSearch} against brute-force reachability, and updates of the arcs of the
 * S_min cut (a decrease below the flow is answered by cancelling flow paths, an increase by pushing
 * along the S_min tree and a search outside S_min), each checked against a fresh solve, JGraphT and
 * a fresh residual search for S_min; and decreases of other arcs below their flow whose reroute
 * falls short (the rest is cancelled along flow paths, the tree repaired over the changes and the
 * flow re-augmented along tree paths when they reach T).
 */
class LocalUpdateTest {

    static LongStream seeds() {
        return LongStream.range(0, 600);
    }

    /** A random network with a maximum flow from a fresh Dinic solve. */
    private static FlowState solved(SplittableRandom rnd, int n) {
        FlowNetwork net = RandomNetworks.network(rnd, n, n + rnd.nextInt(3 * n + 1));
        return new FlowState(net, 0, n - 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void bidirectionalSearchFindsAResidualPathIffOneExists(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3 + rnd.nextInt(30);
        FlowState st = solved(rnd, n);
        FlowNetwork net = st.net;
        PathSearch search = new PathSearch(new Dinic());
        int[] block = new int[n];
        for (int trial = 0; trial < 20; trial++) {
            int src = rnd.nextInt(n);
            int dst = rnd.nextInt(n - 1);
            if (dst >= src) {
                dst++;
            }
            int epoch = trial + 1;
            for (int x = 0; x < n; x++) {
                if (x != src && x != dst && rnd.nextInt(4) == 0) {
                    block[x] = epoch;
                }
            }
            boolean[] reach = reach(net, st.flow, src, block, epoch);
            int k = search.find(net, st.flow, src, dst, block, epoch);
            String at = "seed " + seed + " trial " + trial + " " + src + "->" + dst;
            assertThat(k >= 0).as(at).isEqualTo(reach[dst]);
            if (k >= 0) {
                int x = src;
                for (int i = 0; i < k; i++) {
                    int h = search.path[i];
                    assertThat(net.to[h ^ 1]).as(at + " step " + i).isEqualTo(x);
                    assertThat(residual(net, st.flow, h)).as(at).isPositive();
                    x = net.to[h];
                    assertThat(block[x] == epoch).as(at + " blocked " + x).isFalse();
                }
                assertThat(x).as(at).isEqualTo(dst);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void flowPathSearchFollowsFlowIffAFlowPathExists(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3 + rnd.nextInt(30);
        FlowState st = solved(rnd, n);
        if (st.infinite) {
            return;
        }
        FlowNetwork net = st.net;
        PathSearch search = new PathSearch(new Dinic());
        for (int trial = 0; trial < 20; trial++) {
            int start = rnd.nextInt(n);
            boolean backward = rnd.nextBoolean();
            int goal = backward ? 0 : n - 1;
            if (start == goal) {
                continue;
            }
            boolean[] reach = flowReach(net, st.flow, start, backward);
            int k = search.findFlowPath(net, st.flow, start, goal, backward);
            String at = "seed " + seed + " trial " + trial + " " + start + (backward ? " back to s" : " on to t");
            assertThat(k >= 0).as(at).isEqualTo(reach[goal]);
            if (k >= 0) {
                // the path is the cancelling push: residual half-edges from (backward) start or
                // (forward) goal, each of an arc that carries flow
                int x = backward ? start : goal;
                for (int i = 0; i < k; i++) {
                    int h = search.path[i];
                    assertThat(h & 1).as(at + ": a cancelling half-edge").isEqualTo(1);
                    assertThat(net.to[h ^ 1]).as(at + " step " + i).isEqualTo(x);
                    assertThat(st.flow[h >>> 1]).as(at).isPositive();
                    x = net.to[h];
                }
                assertThat(x).as(at).isEqualTo(backward ? goal : start);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void updatesOfCutArcsMatchAFreshSolveAndKeepTheTreeExact(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3 + rnd.nextInt(seed % 10 == 0 ? 80 : 20);
        FlowState st = solved(rnd, n);
        MinCutSolver fresh = MinCutSolver.create();
        for (int step = 0; step < 30; step++) {
            String at = "seed " + seed + " step " + step;
            int a = cutArc(st, rnd);
            if (a < 0) {
                // no finite cut to work on: perturb a random arc
                int b = rnd.nextInt(st.net.arcCount());
                st.setCapacity(b, RandomNetworks.capacity(rnd));
            } else {
                double c = st.net.cap[a];
                double next = switch (rnd.nextInt(5)) {
                    case 0 -> 0.0; // delete a cut arc
                    case 1 -> c * rnd.nextDouble(); // lower it below its flow
                    case 2 -> c + 1 + rnd.nextInt(20); // open it
                    case 3 -> rnd.nextInt(8) == 0 ? Double.POSITIVE_INFINITY : c + 1e3 * rnd.nextDouble();
                    default -> c + rnd.nextDouble(); // open it a little
                };
                st.setCapacity(a, next);
            }
            FlowStateChecks.afterUpdate(at, st, fresh, n, step % 5 == 0, true);
        }
    }

    /** A random arc with flow outside the S_min cut, or -1 if there is none. */
    private static int innerFlowArc(FlowState st, SplittableRandom rnd) {
        if (st.infinite) {
            return -1;
        }
        st.ensureSmin();
        int m = st.net.arcCount();
        int[] arcs = new int[m];
        int k = 0;
        for (int a = 0; a < m; a++) {
            int u = st.net.tail(a);
            int v = st.net.head(a);
            if (st.flow[a] > 0.0 && !(st.inSmin(u) && !st.inSmin(v)) && u != st.t && v != st.s) {
                arcs[k++] = a;
            }
        }
        return k == 0 ? -1 : arcs[rnd.nextInt(k)];
    }

    /** One run of lowered inner arcs; returns {partial reroutes finished locally, tree pushes}. */
    private static long[] lowerInnerArcs(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 4 + rnd.nextInt(seed % 10 == 0 ? 80 : 25);
        FlowNetwork net = seed % 2 == 0
                ? RandomNetworks.network(rnd, n, 2 * n + rnd.nextInt(3 * n + 1))
                : SourceSideTreeTest.band(rnd, Math.max(10, n));
        int nodes = net.nodeCount();
        FlowState st = new FlowState(net, 0, nodes - 1);
        MinCutSolver fresh = MinCutSolver.create();
        for (int step = 0; step < 30; step++) {
            String at = "seed " + seed + " step " + step;
            int a = innerFlowArc(st, rnd);
            if (a < 0) {
                int b = rnd.nextInt(st.net.arcCount());
                st.setCapacity(b, 1 + rnd.nextInt(20));
            } else {
                double f = st.flow[a];
                st.setCapacity(a, rnd.nextInt(3) == 0 ? 0.0 : f * rnd.nextDouble());
            }
            FlowStateChecks.afterUpdate(at, st, fresh, nodes, step % 5 == 0, true);
        }
        return new long[] {st.localPartialReroutes, st.treeAugmentations};
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void decreasesOfInnerArcsMatchAFreshSolveAndKeepTheTreeExact(long seed) {
        lowerInnerArcs(seed);
    }

    @Test
    void partlyFailedReroutesAreFinishedLocallyAndSometimesReAugmentAlongTheTree() {
        long partial = 0;
        long pushes = 0;
        for (long seed = 0; seed < 200; seed++) {
            long[] r = lowerInnerArcs(seed);
            partial += r[0];
            pushes += r[1];
        }
        assertThat(partial).as("partial reroutes finished locally").isPositive();
        assertThat(pushes).as("augmentations along the tree").isPositive();
    }

    /** A random arc of the S_min cut with positive capacity, or -1 if there is none. */
    private static int cutArc(FlowState st, SplittableRandom rnd) {
        if (st.infinite) {
            return -1;
        }
        st.ensureSmin();
        int m = st.net.arcCount();
        int[] cut = new int[m];
        int k = 0;
        for (int a = 0; a < m; a++) {
            if (st.net.cap[a] > 0.0 && st.inSmin(st.net.tail(a)) && !st.inSmin(st.net.head(a))) {
                cut[k++] = a;
            }
        }
        return k == 0 ? -1 : cut[rnd.nextInt(k)];
    }

    private static double residual(FlowNetwork net, double[] f, int h) {
        int a = h >>> 1;
        return (h & 1) == 0 ? net.cap[a] - f[a] : f[a];
    }

    /** Brute-force residual reachability from src, never entering blocked nodes. */
    private static boolean[] reach(FlowNetwork net, double[] f, int src, int[] block, int epoch) {
        boolean[] seen = new boolean[net.nodeCount];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        seen[src] = true;
        q.add(src);
        while (!q.isEmpty()) {
            int x = q.poll();
            for (int a = 0; a < net.arcCount(); a++) {
                int tl = net.tail(a);
                int hd = net.head(a);
                int y = -1;
                if (tl == x && net.cap[a] - f[a] > 0.0) {
                    y = hd;
                } else if (hd == x && f[a] > 0.0) {
                    y = tl;
                }
                if (y >= 0 && !seen[y] && block[y] != epoch) {
                    seen[y] = true;
                    q.add(y);
                }
            }
        }
        return seen;
    }

    /** Brute force: the nodes reached from start along arcs with positive flow, against or along them. */
    private static boolean[] flowReach(FlowNetwork net, double[] f, int start, boolean backward) {
        boolean[] seen = new boolean[net.nodeCount];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        seen[start] = true;
        q.add(start);
        while (!q.isEmpty()) {
            int x = q.poll();
            for (int a = 0; a < net.arcCount(); a++) {
                if (f[a] > 0.0) {
                    int from = backward ? net.head(a) : net.tail(a);
                    int y = backward ? net.tail(a) : net.head(a);
                    if (from == x && !seen[y]) {
                        seen[y] = true;
                        q.add(y);
                    }
                }
            }
        }
        return seen;
    }
}
