package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kept search trees of {@link PathSearch#treesBegin} / {@link PathSearch#treesNext} / {@link
 * PathSearch#treesPushed} that reroutes use: after every path and every repair the two trees are
 * valid residual trees rooted at src and dst, disjoint and outside the block, and every node that is
 * not queued is closed (its residual successors, resp. predecessors, are in its own tree); every path
 * is a residual src ~> dst path avoiding the block; the sequence ends exactly when no such path is
 * left, and the amount routed from zero flow is the maximum flow of the unblocked network.
 */
class KeptSearchTreesTest {

    static LongStream seeds() {
        return LongStream.range(0, 500);
    }

    private static double residual(FlowNetwork net, double[] f, int h) {
        int a = h >>> 1;
        return (h & 1) == 0 ? net.cap[a] - f[a] : f[a];
    }

    /** Checks the trees' invariants; returns the number of tree nodes. */
    static int checkTrees(String at, FlowNetwork net, double[] f, PathSearch search, int src, int dst, int[] block) {
        int n = net.nodeCount;
        assertThat(search.treeSideOf(src)).as(at + ": src").isEqualTo(PathSearch.SIDE_SRC);
        assertThat(search.treeSideOf(dst)).as(at + ": dst").isEqualTo(PathSearch.SIDE_DST);
        assertThat(search.treeParent(src)).as(at).isEqualTo(PathSearch.ROOT);
        assertThat(search.treeParent(dst)).as(at).isEqualTo(PathSearch.ROOT);
        int members = 0;
        for (int x = 0; x < n; x++) {
            int side = search.treeSideOf(x);
            if (side < 0) {
                continue;
            }
            members++;
            String nx = at + " node " + x;
            assertThat(block[x]).as(nx + ": blocked").isZero();
            // the tree path reaches the root within n steps, along residual half-edges
            int y = x;
            int steps = 0;
            while (search.treeParent(y) != PathSearch.ROOT) {
                int h = search.treeParent(y);
                assertThat(h).as(nx + ": parent of " + y).isGreaterThanOrEqualTo(0);
                assertThat(residual(net, f, h)).as(nx + ": tree half-edge " + h).isPositive();
                int p;
                if (side == PathSearch.SIDE_SRC) {
                    assertThat(net.to[h]).as(nx + ": into " + y).isEqualTo(y);
                    p = net.to[h ^ 1];
                } else {
                    assertThat(net.to[h ^ 1]).as(nx + ": out of " + y).isEqualTo(y);
                    p = net.to[h];
                }
                assertThat(search.treeSideOf(p))
                        .as(nx + ": parent " + p + " in the same tree")
                        .isEqualTo(side);
                y = p;
                assertThat(++steps).as(nx + ": no cycle").isLessThanOrEqualTo(n);
            }
            assertThat(y).as(nx + ": root").isEqualTo(side == PathSearch.SIDE_SRC ? src : dst);
            if (search.treeActive(x)) {
                continue;
            }
            for (int h = net.first[x]; h != FlowNetwork.NONE; h = net.next[h]) {
                int w = net.to[h];
                if (block[w] != 0) {
                    continue;
                }
                boolean link = side == PathSearch.SIDE_SRC ? residual(net, f, h) > 0.0 : residual(net, f, h ^ 1) > 0.0;
                if (link) {
                    assertThat(search.treeSideOf(w))
                            .as(nx + ": closed over " + w)
                            .isEqualTo(side);
                }
            }
        }
        return members;
    }

    /**
     * One random sequence of paths until none is left, checked after every step. With inside, the
     * trees are given the allowed nodes as marks instead of the blocked ones ({@link
     * PathSearch#treesBegin(FlowNetwork, int, int, int[], int, boolean)}).
     */
    private static void routeAll(long seed, boolean inside) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3 + rnd.nextInt(seed % 5 == 0 ? 120 : 40);
        FlowNetwork net = seed % 2 == 0
                ? RandomNetworks.network(rnd, n, n + rnd.nextInt(4 * n + 1))
                : SourceSideTreeTest.band(rnd, Math.max(10, n));
        n = net.nodeCount();
        for (int a = 0; a < net.arcCount(); a++) {
            if (net.cap[a] == Double.POSITIVE_INFINITY) {
                net.setCapacity(a, 50.0);
            }
        }
        int src = rnd.nextInt(n);
        int dst = (src + 1 + rnd.nextInt(n - 1)) % n;
        int[] block = new int[n];
        FlowNetwork allowed = net.copy();
        boolean blocking = rnd.nextBoolean();
        for (int x = 0; x < n; x++) {
            if (blocking && x != src && x != dst && rnd.nextInt(6) == 0) {
                block[x] = 1;
                for (int a = 0; a < allowed.arcCount(); a++) {
                    if (allowed.tail(a) == x || allowed.head(a) == x) {
                        allowed.setCapacity(a, 0.0);
                    }
                }
            }
        }
        // half of the sequences start from a maximum flow between other terminals
        double[] f = new double[net.arcCount()];
        boolean fromZero = rnd.nextBoolean();
        if (!fromZero) {
            int os = rnd.nextInt(n);
            FlowState other = new FlowState(net.copy(), os, (os + 1 + rnd.nextInt(n - 1)) % n);
            System.arraycopy(other.flow, 0, f, 0, f.length);
        }
        PathSearch search = new PathSearch(new Dinic());
        if (inside) {
            int[] allowedMarks = new int[n];
            for (int x = 0; x < n; x++) {
                allowedMarks[x] = 1 - block[x];
            }
            search.treesBegin(net, src, dst, allowedMarks, 1, true);
        } else {
            search.treesBegin(net, src, dst, block, 1);
        }
        double total = 0.0;
        for (int round = 0; ; round++) {
            String at = "seed " + seed + " path " + round;
            assertThat(round).as(at + ": terminates").isLessThan(100_000);
            checkTrees(at + " (before)", net, f, search, src, dst, block);
            int k = search.treesNext(net, f);
            checkTrees(at + " (grown)", net, f, search, src, dst, block);
            if (k < 0) {
                assertThat(ResidualReach.from(net, f, src, block)[dst])
                        .as(at + ": no path left")
                        .isFalse();
                break;
            }
            int meet = search.treeMeet();
            assertThat(search.treeSideOf(net.to[meet ^ 1]))
                    .as(at + ": meets from")
                    .isEqualTo(PathSearch.SIDE_SRC);
            assertThat(search.treeSideOf(net.to[meet])).as(at + ": meets into").isEqualTo(PathSearch.SIDE_DST);
            int x = src;
            double b = Double.POSITIVE_INFINITY;
            boolean[] onPath = new boolean[n];
            onPath[src] = true;
            for (int i = 0; i < k; i++) {
                int h = search.path[i];
                assertThat(net.to[h ^ 1]).as(at + " step " + i).isEqualTo(x);
                double r = residual(net, f, h);
                assertThat(r).as(at + " step " + i).isPositive();
                b = Math.min(b, r);
                x = net.to[h];
                assertThat(block[x]).as(at + ": blocked " + x).isZero();
                assertThat(onPath[x]).as(at + ": simple at " + x).isFalse();
                onPath[x] = true;
            }
            assertThat(x).as(at).isEqualTo(dst);
            // push the bottleneck, snapping the arcs that attain it, like FlowState.push
            for (int i = 0; i < k; i++) {
                int h = search.path[i];
                int a = h >>> 1;
                double r = residual(net, f, h);
                if ((h & 1) == 0) {
                    f[a] = b >= r ? net.cap[a] : Math.min(net.cap[a], f[a] + b);
                } else {
                    f[a] = b >= r ? 0.0 : f[a] - b;
                }
            }
            total += b;
            search.treesPushed(net, f, k);
        }
        if (fromZero) {
            Oracles.assertClose("seed " + seed, MinCutSolver.create().maxFlow(allowed, src, dst), total);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void keptTreesStayValidAndClosedAfterEveryPathAndRouteTheMaximum(long seed) {
        routeAll(seed, false);
    }

    /** The same sequences with the trees confined inside the marked nodes (the reroutes in S_min). */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void keptTreesConfinedInsideTheMarksStayValidAndRouteTheMaximum(long seed) {
        routeAll(seed, true);
    }

    @Test
    void aSaturatedChainIsCutOffAndTheOtherRouteStillFound() {
        // two routes 0 -> 9: a chain of nine arcs (bottleneck 1) and a detour over 10 and 11
        // (bottleneck 5); both are found in one sequence, whichever comes first
        FlowNetwork net = new FlowNetwork();
        net.addNodes(12);
        for (int i = 0; i < 9; i++) {
            net.addArc(i, i + 1, 1.0 + i % 3);
        }
        net.addArc(0, 10, 5.0);
        net.addArc(10, 11, 5.0);
        net.addArc(11, 9, 5.0);
        double[] f = new double[net.arcCount()];
        Dinic counter = new Dinic();
        PathSearch search = new PathSearch(counter);
        search.treesBegin(net, 0, 9, new int[12], 1);
        double total = 0.0;
        int paths = 0;
        int k;
        while ((k = search.treesNext(net, f)) >= 0) {
            double b = Double.POSITIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                b = Math.min(b, residual(net, f, search.path[i]));
            }
            for (int i = 0; i < k; i++) {
                int h = search.path[i];
                f[h >>> 1] += (h & 1) == 0 ? b : -b;
            }
            total += b;
            paths++;
            search.treesPushed(net, f, k);
            checkTrees("ladder path " + paths, net, f, search, 0, 9, new int[12]);
        }
        assertThat(total).isEqualTo(6.0);
        assertThat(paths).isEqualTo(2);
    }
}
