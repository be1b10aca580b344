package io.neuraldag.mincut;

import static io.neuraldag.mincut.FlowNetworkTest.assertKind;
import static io.neuraldag.mincut.MinCutSolverTest.A;
import static io.neuraldag.mincut.MinCutSolverTest.B;
import static io.neuraldag.mincut.MinCutSolverTest.C;
import static io.neuraldag.mincut.MinCutSolverTest.D;
import static io.neuraldag.mincut.MinCutSolverTest.E;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DynamicMinCutTest {

    @Test
    void workedUpdateTableOfSection62() {
        FlowNetwork net = MinCutSolverTest.workedNetwork();
        DynamicMinCut d = DynamicMinCut.create(net, A, E);
        assertThat(d.lambda()).isEqualTo(6.0);
        assertThat(d.result().minSourceSide()).containsExactly(A, B, C);

        d.setCapacity(3, 4); // B->D = 4
        step(d, 7, A, B, C, D);
        d.setCapacity(4, 1); // C->D = 1
        step(d, 6, A, B, C);
        int ad = d.addArc(A, D, 2);
        assertThat(ad).isEqualTo(7);
        step(d, 7, A, B, C, D);
        d.setCapacity(5, 0); // delete C->E
        step(d, 6, A, B, C, D);
        d.setCapacity(2, 0); // delete B->C
        step(d, 6, A, B, C, D);
        // the tracker worked on a copy
        assertThat(net.arcCount()).isEqualTo(7);
        assertThat(net.capacity(3)).isEqualTo(2.0);
        assertThat(d.network().arcCount()).isEqualTo(8);
    }

    private static void step(DynamicMinCut d, double lambda, int... sourceSide) {
        assertThat(d.lambda()).isEqualTo(lambda);
        MinCutResult r = d.result();
        assertThat(r.minSourceSide()).containsExactly(sourceSide);
        Certificates.check("worked step", d.network(), A, E, r);
        for (int v = 0; v < 5; v++) {
            assertThat(d.inMinSourceSide(v)).isEqualTo(r.inMinSourceSide(v));
        }
    }

    @Test
    void entersAndLeavesTheUnboundedState() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(3);
        net.addArc(0, 1, Double.POSITIVE_INFINITY);
        int b = net.addArc(1, 2, 3);
        DynamicMinCut d = DynamicMinCut.create(net, 0, 2);
        assertThat(d.lambda()).isEqualTo(3.0);
        assertThat(d.lambdaWithInfiniteCapacity(b)).isInfinite();
        d.setCapacity(b, Double.POSITIVE_INFINITY);
        assertThat(d.lambda()).isInfinite();
        assertThat(d.result().unbounded()).isTrue();
        assertThat(d.inMinSourceSide(0)).isFalse();
        assertThat(d.lambdaWithoutArc(b)).isZero();
        d.addArc(0, 2, 1);
        assertThat(d.lambda()).isInfinite();
        d.setCapacity(b, 2);
        assertThat(d.lambda()).isEqualTo(3.0);
        Certificates.check("back to finite", d.network(), 0, 2, d.result());
    }

    @Test
    void whatIfQueriesLeaveTheStateUnchanged() {
        DynamicMinCut d = DynamicMinCut.create(MinCutSolverTest.workedNetwork(), A, E);
        MinCutResult before = d.result();
        // C->E (arc 5) is in the unique cut: infinite capacity lifts lambda to the next cut
        assertThat(d.lambdaWithInfiniteCapacity(5)).isEqualTo(8.0);
        assertThat(d.lambdaWithoutArc(5)).isEqualTo(5.0);
        // A->B (arc 0) is not in every minimum cut
        assertThat(d.lambdaWithInfiniteCapacity(0)).isEqualTo(6.0);
        assertThat(d.result()).isEqualTo(before);
        assertThat(d.lambda()).isEqualTo(6.0);
    }

    @Test
    void badInputIsRejectedAndChangesNothing() {
        DynamicMinCut d = DynamicMinCut.create(MinCutSolverTest.workedNetwork(), A, E);
        MinCutResult before = d.result();
        assertKind(() -> d.setCapacity(0, Double.NaN), MinCutException.Kind.INVALID_CAPACITY);
        assertKind(() -> d.setCapacity(0, -2), MinCutException.Kind.INVALID_CAPACITY);
        assertKind(() -> d.setCapacity(7, 1), MinCutException.Kind.UNKNOWN_ARC);
        assertKind(() -> d.addArc(B, B, 1), MinCutException.Kind.SELF_LOOP);
        assertKind(() -> d.addArc(B, 9, 1), MinCutException.Kind.UNKNOWN_NODE);
        assertKind(() -> d.addArc(B, C, Double.NEGATIVE_INFINITY), MinCutException.Kind.INVALID_CAPACITY);
        assertKind(() -> d.inMinSourceSide(5), MinCutException.Kind.UNKNOWN_NODE);
        assertKind(() -> d.lambdaWithoutArc(-1), MinCutException.Kind.UNKNOWN_ARC);
        assertKind(
                () -> DynamicMinCut.create(MinCutSolverTest.workedNetwork(), A, A),
                MinCutException.Kind.SAME_TERMINALS);
        assertThat(d.result()).isEqualTo(before);
        assertThat(d.arcCount()).isEqualTo(7);
        assertThat(d.nodeCount()).isEqualTo(5);
        assertThat(d.capacity(0)).isEqualTo(5.0);
        assertThat(d.source()).isEqualTo(A);
        assertThat(d.sink()).isEqualTo(E);
        assertThat(d.toString()).contains("6.0");
    }

    static LongStream batches() {
        return LongStream.range(0, 200);
    }

    /** 200 batches of 100 sequences: 20 000 random update sequences, each update checked. */
    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void everyUpdateMatchesAFreshSolveAndCertifies(long batch) {
        MinCutSolver fresh = MinCutSolver.create();
        for (long seed = batch * 100; seed < batch * 100 + 100; seed++) {
            runSequence(seed, 2 + (int) (seed % 9), 3 + (int) (seed % 8), fresh, seed % 50 == 0);
        }
    }

    @Tag("slow")
    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void largerNetworksAndLongerSequences(long batch) {
        MinCutSolver fresh = MinCutSolver.create();
        for (long seed = batch * 10; seed < batch * 10 + 10; seed++) {
            runSequence(1_000_000 + seed, 20 + (int) (seed % 200), 200, fresh, seed % 5 == 0);
        }
    }

    /**
     * A tracker's copy has room for arcCount / 8 + 16 more arcs: sequences of mostly insertions run
     * past that room (and past later doublings) with every update checked against a fresh solve.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("batches")
    void insertionsPastTheTrackersRoomMatchAFreshSolve(long seed) {
        SplittableRandom rnd = new SplittableRandom(0x600D_0000L + seed);
        int n = 3 + rnd.nextInt(10);
        FlowNetwork mirror = RandomNetworks.network(rnd, n, rnd.nextInt(2 * n + 1));
        int s = rnd.nextInt(n);
        int t = (s + 1 + rnd.nextInt(n - 1)) % n;
        DynamicMinCut d = DynamicMinCut.create(mirror, s, t);
        MinCutSolver fresh = MinCutSolver.create();
        int steps = 20 + mirror.arcCount() / 8 + rnd.nextInt(40);
        for (int step = 0; step < steps; step++) {
            String ctx = "seed " + seed + ", step " + step;
            if (rnd.nextInt(5) > 0 || mirror.arcCount() == 0) {
                addRandomArc(ctx, rnd, d, mirror);
            } else {
                int a = rnd.nextInt(mirror.arcCount());
                double c = rnd.nextBoolean() ? 0.0 : RandomNetworks.capacity(rnd);
                d.setCapacity(a, c);
                mirror.setCapacity(a, c);
            }
            Oracles.assertClose(ctx, fresh.maxFlow(mirror, s, t), d.lambda());
            Certificates.check(ctx, mirror, s, t, d.result());
        }
    }

    /**
     * The tracker stores its arcs renumbered in tail order; every per-arc answer is in the caller's
     * ids: capacities, the network copy (arc by arc), the what-if values (against fresh solves of
     * the mirror with the arc changed) and the certificate of the result.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("batches")
    void perArcAnswersUseTheCallersArcIds(long seed) {
        SplittableRandom rnd = new SplittableRandom(0xA2C_0000L + seed);
        int n = 3 + rnd.nextInt(12);
        FlowNetwork mirror = RandomNetworks.network(rnd, n, 1 + rnd.nextInt(3 * n));
        int s = rnd.nextInt(n);
        int t = (s + 1 + rnd.nextInt(n - 1)) % n;
        DynamicMinCut d = DynamicMinCut.create(mirror, s, t);
        MinCutSolver fresh = MinCutSolver.create();
        for (int step = 0; step < 12; step++) {
            String ctx = "seed " + seed + ", step " + step;
            if (rnd.nextInt(4) == 0) {
                addRandomArc(ctx, rnd, d, mirror);
            } else {
                int a = rnd.nextInt(mirror.arcCount());
                double c = RandomNetworks.capacity(rnd);
                d.setCapacity(a, c);
                mirror.setCapacity(a, c);
            }
            FlowNetwork copy = d.network();
            assertThat(copy.arcCount()).as(ctx).isEqualTo(mirror.arcCount());
            for (int a = 0; a < mirror.arcCount(); a++) {
                assertThat(d.capacity(a)).as(ctx + ", arc " + a).isEqualTo(mirror.capacity(a));
                assertThat(copy.tail(a)).as(ctx + ", arc " + a).isEqualTo(mirror.tail(a));
                assertThat(copy.head(a)).as(ctx + ", arc " + a).isEqualTo(mirror.head(a));
                assertThat(copy.capacity(a)).as(ctx + ", arc " + a).isEqualTo(mirror.capacity(a));
            }
            int a = rnd.nextInt(mirror.arcCount());
            double old = mirror.capacity(a);
            FlowNetwork changed = mirror.copy();
            changed.setCapacity(a, 0.0);
            Oracles.assertClose(ctx + ", without arc " + a, fresh.maxFlow(changed, s, t), d.lambdaWithoutArc(a));
            changed.setCapacity(a, Double.POSITIVE_INFINITY);
            Oracles.assertClose(
                    ctx + ", arc " + a + " infinite", fresh.maxFlow(changed, s, t), d.lambdaWithInfiniteCapacity(a));
            assertThat(d.capacity(a)).as(ctx).isEqualTo(old);
            MinCutResult r = d.result();
            Certificates.check(ctx, mirror, s, t, r);
            assertThat(r.cutArcs()).as(ctx).isSorted();
        }
    }

    /** Adds the same random arc (no self-loop) to the tracker and its mirror; their ids must agree. */
    private static void addRandomArc(String ctx, SplittableRandom rnd, DynamicMinCut d, FlowNetwork mirror) {
        int n = mirror.nodeCount();
        int u = rnd.nextInt(n);
        int v = (u + 1 + rnd.nextInt(n - 1)) % n;
        double c = RandomNetworks.capacity(rnd);
        assertThat(d.addArc(u, v, c)).as(ctx).isEqualTo(mirror.addArc(u, v, c));
    }

    static void runSequence(long seed, int n, int steps, MinCutSolver fresh, boolean withJGraphT) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FlowNetwork mirror = RandomNetworks.network(rnd, n, rnd.nextInt(3 * n + 1));
        int s = rnd.nextInt(n);
        int t = (s + 1 + rnd.nextInt(n - 1)) % n;
        DynamicMinCut d = DynamicMinCut.create(mirror, s, t);
        for (int step = 0; step < steps; step++) {
            String ctx = "sequence seed " + seed + ", step " + step;
            int m = mirror.arcCount();
            double p = rnd.nextDouble();
            if (m == 0 || p < 0.2) {
                int u = rnd.nextInt(mirror.nodeCount());
                int v = rnd.nextInt(mirror.nodeCount() - 1);
                if (v >= u) {
                    v++;
                }
                double c = RandomNetworks.capacity(rnd);
                int a = d.addArc(u, v, c);
                int b = mirror.addArc(u, v, c);
                assertThat(a).as(ctx).isEqualTo(b);
            } else if (p < 0.25) {
                assertThat(d.addNode()).as(ctx).isEqualTo(mirror.addNode());
            } else {
                int a = rnd.nextInt(m);
                double old = mirror.capacity(a);
                double c;
                double q = rnd.nextDouble();
                if (q < 0.3) {
                    c = 0.0;
                } else if (q < 0.5 && old != Double.POSITIVE_INFINITY) {
                    c = old * rnd.nextDouble(); // a decrease, below the flow or not
                } else if (q < 0.7 && old != Double.POSITIVE_INFINITY) {
                    c = old + 1 + rnd.nextInt(5);
                } else {
                    c = RandomNetworks.capacity(rnd);
                }
                d.setCapacity(a, c);
                mirror.setCapacity(a, c);
            }
            double expected = fresh.maxFlow(mirror, s, t);
            Oracles.assertClose(ctx, expected, d.lambda());
            MinCutResult r = d.result();
            Oracles.assertClose(ctx + " (result)", d.lambda(), r.lambda());
            Certificates.check(ctx, mirror, s, t, r);
            if (withJGraphT) {
                Oracles.assertClose(ctx + " (JGraphT)", Oracles.jgrapht(mirror, s, t, false), d.lambda());
            }
            if (step % 4 == 0 && mirror.arcCount() > 0) {
                int a = rnd.nextInt(mirror.arcCount());
                double old = mirror.capacity(a);
                mirror.setCapacity(a, Double.POSITIVE_INFINITY);
                Oracles.assertClose(
                        ctx + " (arc " + a + " = inf)", fresh.maxFlow(mirror, s, t), d.lambdaWithInfiniteCapacity(a));
                mirror.setCapacity(a, 0.0);
                Oracles.assertClose(ctx + " (arc " + a + " = 0)", fresh.maxFlow(mirror, s, t), d.lambdaWithoutArc(a));
                mirror.setCapacity(a, old);
                Oracles.assertClose(ctx + " (after what-if)", expected, d.lambda());
            }
        }
    }
}
