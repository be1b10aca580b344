package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two structures of the dynamic updates: parked arcs of capacity 0 ({@link FlowNetwork#park}, kept
 * out of the incidence lists the flow searches scan) and the blocking-flow phases of {@link
 * PathSearch#levels} / {@link PathSearch#nextLevelPath} that an opened cut arc pushes through.
 */
class ParkingAndPhasesTest {

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    /**
     * Every half-edge of the network is linked exactly once, into the list of the node it leaves:
     * the incidence list if its arc is not parked, the parked list otherwise; prev pointers mirror
     * next pointers; and a parked arc has capacity 0.
     */
    static void checkLists(String at, FlowNetwork net) {
        int[] seen = new int[2 * net.arcCount];
        for (int x = 0; x < net.nodeCount; x++) {
            for (int list = 0; list < 2; list++) {
                int p = FlowNetwork.NONE;
                for (int h = list == 0 ? net.first[x] : net.parkedFirst[x]; h != FlowNetwork.NONE; h = net.next[h]) {
                    assertThat(net.prev[h]).as(at + ": prev of " + h).isEqualTo(p);
                    assertThat(net.to[h ^ 1]).as(at + ": " + h + " leaves " + x).isEqualTo(x);
                    assertThat(net.parked[h >>> 1]).as(at + ": list of " + h).isEqualTo(list == 1);
                    seen[h]++;
                    p = h;
                }
            }
        }
        for (int h = 0; h < seen.length; h++) {
            assertThat(seen[h]).as(at + ": half-edge " + h + " linked once").isEqualTo(1);
        }
        for (int a = 0; a < net.arcCount; a++) {
            if (net.parked[a]) {
                assertThat(net.cap[a]).as(at + ": parked arc " + a).isZero();
            }
        }
    }

    @Test
    void parkedArcsStayListedByOutArcsInArcsAndCopiesAndAreUnparkedWhenRaised() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(3);
        int a = net.addArc(0, 1, 2.0);
        int b = net.addArc(0, 2, 0.0);
        int c = net.addArc(1, 2, 1.0);
        net.park(b);
        checkLists("parked", net);
        assertThat(net.outArcs(0)).containsExactly(a, b);
        assertThat(net.inArcs(2)).containsExactly(b, c);
        for (int h = net.first[0]; h != FlowNetwork.NONE; h = net.next[h]) {
            assertThat(h >>> 1).as("searches no longer see the parked arc").isNotEqualTo(b);
        }
        FlowNetwork copy = net.copy();
        checkLists("copy", copy);
        assertThat(copy.parked[b]).isTrue();
        copy.setCapacity(b, 5.0);
        checkLists("raised copy", copy);
        assertThat(copy.parked[b]).isFalse();
        assertThat(net.parked[b]).as("the original is independent").isTrue();
        assertThat(MinCutSolver.create().maxFlow(copy, 0, 2)).isEqualTo(6.0);
        assertThat(MinCutSolver.create().maxFlow(net, 0, 2)).isEqualTo(1.0);
        net.unpark(b);
        checkLists("unparked", net);
        assertThat(net.outArcs(0)).containsExactly(a, b);
    }

    @Test
    void flowStateParksZeroArcsAndUnparksThemWhenTheyOpen() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(4);
        net.addArc(0, 1, 3.0);
        int zero = net.addArc(1, 3, 0.0);
        net.addArc(0, 2, 1.0);
        net.addArc(2, 3, 5.0);
        FlowState st = new FlowState(net, 0, 3);
        assertThat(net.parked[zero]).isTrue();
        assertThat(st.lambda).isEqualTo(1.0);
        st.setCapacity(zero, 2.0);
        assertThat(net.parked[zero]).isFalse();
        assertThat(st.lambda).isEqualTo(3.0);
        st.setCapacity(zero, 0.0);
        assertThat(net.parked[zero]).isTrue();
        assertThat(st.lambda).isEqualTo(1.0);
        int added = st.addArc(1, 2, 0.0);
        assertThat(net.parked[added]).isTrue();
        checkLists("added", net);
        assertThat(st.lambdaWithInfinite(zero)).isEqualTo(4.0);
        assertThat(st.lambda).isEqualTo(1.0);
        checkLists("what-if", net);
    }

    /**
     * Random updates that keep setting arcs to 0 and back (so arcs are parked and unparked all the
     * time) and open cut arcs (the blocking-flow path), checked after every update against a fresh
     * solve of a parking-free copy, JGraphT, the list invariants, a residual BFS for S_min and the
     * certificate.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void updatesThatZeroAndReopenArcsMatchAFreshSolve(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 4 + rnd.nextInt(seed % 10 == 0 ? 60 : 20);
        FlowNetwork net = seed % 2 == 0
                ? RandomNetworks.network(rnd, n, 2 * n + rnd.nextInt(3 * n + 1))
                : SourceSideTreeTest.band(rnd, Math.max(10, n));
        int nodes = net.nodeCount();
        FlowState st = new FlowState(net, 0, nodes - 1);
        MinCutSolver fresh = MinCutSolver.create();
        double[] saved = new double[net.arcCount() + 64];
        for (int step = 0; step < 40; step++) {
            String at = "seed " + seed + " step " + step;
            int m = st.net.arcCount();
            int a = rnd.nextInt(m);
            switch (rnd.nextInt(6)) {
                case 0, 1 -> {
                    if (st.net.cap[a] > 0.0) {
                        saved[a] = st.net.cap[a];
                    }
                    st.setCapacity(a, 0.0);
                }
                case 2, 3 -> st.setCapacity(a, saved[a] > 0.0 ? saved[a] : 1 + rnd.nextInt(20));
                case 4 -> {
                    if (m + 1 < saved.length) {
                        int u = rnd.nextInt(nodes);
                        int v = (u + 1 + rnd.nextInt(nodes - 1)) % nodes;
                        st.addArc(u, v, rnd.nextInt(3) == 0 ? 0.0 : RandomNetworks.capacity(rnd));
                    }
                }
                default ->
                    st.setCapacity(
                            a, st.net.cap[a] == Double.POSITIVE_INFINITY ? 7.0 : st.net.cap[a] + 1 + rnd.nextInt(30));
            }
            checkLists(at, st.net);
            FlowNetwork plain = unparked(st.net);
            Oracles.assertClose(at, fresh.maxFlow(plain, 0, nodes - 1), st.lambda);
            if (step % 8 == 0) {
                Oracles.assertClose(at + " (JGraphT)", Oracles.jgrapht(plain, 0, nodes - 1, false), st.lambda);
            }
            for (int b = 0; b < st.net.arcCount(); b++) {
                if (st.net.parked[b]) {
                    assertThat(st.flow[b])
                            .as(at + ": parked arc " + b + " carries no flow")
                            .isZero();
                }
            }
            if (st.infinite) {
                continue;
            }
            assertThat(st.sminExact()).as(at).isTrue();
            assertThat(st.sminTreeValid()).as(at).isTrue();
            boolean[] reach = ResidualReach.from(plain, st.flow, 0, new int[plain.nodeCount]);
            assertThat(reach[nodes - 1]).as(at + ": flow is maximum").isFalse();
            for (int v = 0; v < nodes; v++) {
                assertThat(st.inSmin(v)).as(at + " node " + v).isEqualTo(reach[v]);
            }
            Certificates.check(at, plain, 0, nodes - 1, st.result(new int[0]));
        }
    }

    /**
     * Phases of {@link PathSearch#levels} and {@link PathSearch#nextLevelPath}, each path pushed,
     * reach a maximum flow from zero equal to a fresh solve; every path is a residual path src ~> dst
     * that avoids the blocked nodes and whose levels grow by one per step.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void blockingFlowPhasesReachTheMaximumFlowAndAvoidTheBlock(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3 + rnd.nextInt(40);
        FlowNetwork net = RandomNetworks.network(rnd, n, n + rnd.nextInt(4 * n + 1));
        for (int a = 0; a < net.arcCount(); a++) {
            if (net.cap[a] == Double.POSITIVE_INFINITY) {
                net.setCapacity(a, 50.0); // finite, so every path has a finite bottleneck
            }
        }
        int src = rnd.nextInt(n);
        int dst = (src + 1 + rnd.nextInt(n - 1)) % n;
        int[] block = new int[n];
        FlowNetwork allowed = net.copy();
        for (int x = 0; x < n; x++) {
            if (x != src && x != dst && rnd.nextInt(5) == 0) {
                block[x] = 1;
                for (int a = 0; a < allowed.arcCount(); a++) {
                    if (allowed.tail(a) == x || allowed.head(a) == x) {
                        allowed.setCapacity(a, 0.0);
                    }
                }
            }
        }
        double expected = MinCutSolver.create().maxFlow(allowed, src, dst);
        double[] f = new double[net.arcCount()];
        PathSearch search = new PathSearch(new Dinic());
        double total = 0.0;
        int phases = 0;
        while (search.levels(net, f, src, dst, block, 1)) {
            assertThat(++phases).as("seed " + seed + ": phases").isLessThanOrEqualTo(n);
            int k;
            while ((k = search.nextLevelPath(net, f)) >= 0) {
                int x = src;
                double b = Double.POSITIVE_INFINITY;
                for (int i = 0; i < k; i++) {
                    int h = search.path[i];
                    assertThat(net.to[h ^ 1]).as("seed " + seed + " step " + i).isEqualTo(x);
                    double r = (h & 1) == 0 ? net.cap[h >>> 1] - f[h >>> 1] : f[h >>> 1];
                    assertThat(r).isPositive();
                    b = Math.min(b, r);
                    x = net.to[h];
                    assertThat(block[x]).as("seed " + seed + ": blocked " + x).isZero();
                }
                assertThat(x).isEqualTo(dst);
                for (int i = 0; i < k; i++) {
                    int h = search.path[i];
                    int a = h >>> 1;
                    double r = (h & 1) == 0 ? net.cap[a] - f[a] : f[a];
                    if ((h & 1) == 0) {
                        f[a] = b >= r ? net.cap[a] : f[a] + b;
                    } else {
                        f[a] = b >= r ? 0.0 : f[a] - b;
                    }
                }
                total += b;
            }
        }
        Oracles.assertClose("seed " + seed, expected, total);
    }

    /** A copy of net with every arc unparked (the lists a solver without parking would build). */
    private static FlowNetwork unparked(FlowNetwork net) {
        FlowNetwork g = new FlowNetwork(net.nodeCount, net.arcCount);
        g.addNodes(net.nodeCount);
        for (int a = 0; a < net.arcCount; a++) {
            g.addArc(net.tail(a), net.head(a), net.cap[a]);
        }
        assertThat(Arrays.copyOf(g.parked, g.arcCount)).doesNotContain(true);
        return g;
    }
}
