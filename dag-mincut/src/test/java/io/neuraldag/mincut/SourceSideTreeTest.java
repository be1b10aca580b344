package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The incrementally kept S_min tree of {@link FlowState}: after every single update of a random
 * sequence its node set equals a fresh residual BFS from s, without a recomputation, and every tree
 * half-edge is residual and every tree path ends at s.
 */
class SourceSideTreeTest {

    static LongStream seeds() {
        return LongStream.range(0, 2000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void trackedSourceSideEqualsAFreshResidualSearchAfterEveryUpdate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3 + rnd.nextInt(seed % 10 == 0 ? 60 : 14);
        FlowNetwork net = RandomNetworks.network(rnd, n, rnd.nextInt(3 * n + 1));
        FlowState st = new FlowState(net, 0, n - 1);
        int steps = 40;
        for (int i = 0; i < steps; i++) {
            int arcs = st.net.arcCount();
            if (arcs == 0 || rnd.nextInt(8) == 0) {
                int u = rnd.nextInt(n);
                int v = rnd.nextInt(n - 1);
                if (v >= u) {
                    v++;
                }
                st.addArc(u, v, RandomNetworks.capacity(rnd));
            } else {
                int a = rnd.nextInt(arcs);
                double c = st.net.capacity(a);
                double f = st.flow[a];
                double next = switch (rnd.nextInt(4)) {
                    case 0 -> f; // exactly saturate
                    case 1 -> rnd.nextDouble() * f; // below the flow
                    default -> RandomNetworks.capacity(rnd);
                };
                if (c == Double.POSITIVE_INFINITY && next == c) {
                    next = 1.0;
                }
                st.setCapacity(a, next);
            }
            if (st.infinite) {
                continue;
            }
            FlowStateChecks.sminMatchesResidualReach("seed " + seed + " step " + i, st, n);
        }
    }

    static LongStream bandSeeds() {
        return LongStream.range(0, 600);
    }

    /** The orphan walk bound a seed runs with: tiny bounds force the unmark-and-re-attach path. */
    static int walkBound(long seed) {
        int[] bounds = {1, 2, 3, 8, FlowState.MAX_HANG_WALK};
        return bounds[(int) (seed % bounds.length)];
    }

    /**
     * A banded network (long residual paths, deep trees, many tree arcs saturated by a push): node
     * 0 feeds the first w nodes, the last w drain to n - 1, every other arc goes from u to u + d
     * with d in [-w/2, w].
     */
    static FlowNetwork band(SplittableRandom rnd, int n) {
        int w = Math.max(2, n / 8);
        FlowNetwork net = new FlowNetwork();
        net.addNodes(n);
        for (int i = 1; i <= w; i++) {
            net.addArc(0, i, rnd.nextInt(4) == 0 ? Double.POSITIVE_INFINITY : 1 + rnd.nextInt(20));
            net.addArc(n - 1 - i, n - 1, rnd.nextInt(4) == 0 ? Double.POSITIVE_INFINITY : 1 + rnd.nextInt(20));
        }
        for (int k = 0; k < 3 * n; k++) {
            int[] a = bandArc(rnd, n, w);
            net.addArc(a[0], a[1], 0.25 * (4 + rnd.nextInt(37)));
        }
        return net;
    }

    private static int[] bandArc(SplittableRandom rnd, int n, int w) {
        int u = 1 + rnd.nextInt(n - 2);
        int v = Math.max(1, Math.min(n - 2, u + rnd.nextInt(w + 1 + w / 2) - w / 2));
        if (v == u) {
            v = u < n - 2 ? u + 1 : u - 1;
        }
        return new int[] {u, v};
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("bandSeeds")
    void orphanAdoptionKeepsTheTreeExactOnBandedNetworksForEveryWalkBound(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 10 + rnd.nextInt(seed % 10 == 0 ? 150 : 40);
        FlowState st = new FlowState(band(rnd, n), 0, n - 1);
        st.hangWalk = walkBound(seed);
        MinCutSolver fresh = MinCutSolver.create();
        int w = Math.max(2, n / 8);
        for (int i = 0; i < 40; i++) {
            String at = "seed " + seed + " walk " + st.hangWalk + " step " + i;
            int arcs = st.net.arcCount();
            if (rnd.nextInt(10) == 0) {
                int[] a = bandArc(rnd, n, w);
                st.addArc(a[0], a[1], 0.25 * (4 + rnd.nextInt(37)));
            } else {
                int a = rnd.nextInt(arcs);
                double c = st.net.capacity(a);
                double f = st.flow[a];
                double next = switch (rnd.nextInt(5)) {
                    case 0 -> 0.0;
                    case 1 -> 0.25 * Math.floor(4 * rnd.nextDouble() * f); // below the flow
                    case 2 -> f; // exactly saturate
                    default -> 0.25 * (4 + rnd.nextInt(37));
                };
                if (c == Double.POSITIVE_INFINITY && next == c) {
                    next = 1.0;
                }
                st.setCapacity(a, next);
            }
            FlowStateChecks.afterUpdate(at, st, fresh, n, i % 10 == 0, false);
        }
    }

    @Test
    void bandedUpdatesReHangOrphansOnNewParents() {
        long adoptions = 0;
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 60;
            FlowState st = new FlowState(band(rnd, n), 0, n - 1);
            for (int i = 0; i < 40; i++) {
                int a = rnd.nextInt(st.net.arcCount());
                st.setCapacity(a, rnd.nextBoolean() ? 0.0 : 0.25 * (4 + rnd.nextInt(37)));
            }
            adoptions += st.adoptions;
        }
        assertThat(adoptions).as("orphans re-hung in 50 sequences").isPositive();
    }
}
