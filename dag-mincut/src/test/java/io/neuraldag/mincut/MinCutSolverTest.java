package io.neuraldag.mincut;

import static io.neuraldag.mincut.FlowNetworkTest.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MinCutSolverTest {
    static final int A = 0;
    static final int B = 1;
    static final int C = 2;
    static final int D = 3;
    static final int E = 4;

    // one solver for every case, so workspace reuse across sizes is exercised too
    private static final MinCutSolver SHARED = MinCutSolver.create();

    /** Spec 02 §6.2: source A, sink E. */
    static FlowNetwork workedNetwork() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(5);
        net.addArc(A, B, 5);
        net.addArc(A, C, 4);
        net.addArc(B, C, 2);
        net.addArc(B, D, 2);
        net.addArc(C, D, 3);
        net.addArc(C, E, 1);
        net.addArc(D, E, 6);
        return net;
    }

    @Test
    void workedCaseHasLambdaSixAndTheUniqueCut() {
        FlowNetwork net = workedNetwork();
        MinCutResult r = MinCutSolver.create().solve(net, A, E);
        assertThat(r.lambda()).isEqualTo(6.0);
        assertThat(r.minSourceSide()).containsExactly(A, B, C);
        assertThat(r.maxSourceSide()).containsExactly(A, B, C);
        assertThat(r.cutArcs()).containsExactly(3, 4, 5); // B->D, C->D, C->E
        assertThat(r.cutOperators()).isEmpty();
        assertThat(r.unbounded()).isFalse();
        assertThat(r.inMinSourceSide(C)).isTrue();
        assertThat(r.inMaxSourceSide(D)).isFalse();
        Certificates.check("worked", net, A, E, r);
        assertThat(MinCutSolver.create().maxFlow(net, A, E)).isEqualTo(6.0);
    }

    @Test
    void extremeCutsDifferWhenTheMinimumCutIsNotUnique() {
        // s -> a (1) -> b (1) -> t: three minimum cuts
        FlowNetwork net = new FlowNetwork();
        net.addNodes(4);
        net.addArc(0, 1, 1);
        net.addArc(1, 2, 1);
        net.addArc(2, 3, 1);
        MinCutResult r = SHARED.solve(net, 0, 3);
        assertThat(r.lambda()).isEqualTo(1.0);
        assertThat(r.minSourceSide()).containsExactly(0);
        assertThat(r.maxSourceSide()).containsExactly(0, 1, 2);
        Certificates.check("chain", net, 0, 3, r);
    }

    @Test
    void anInfinitePathMakesTheFlowUnbounded() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(4);
        net.addArc(0, 1, 3);
        net.addArc(1, 3, 2);
        net.addArc(0, 2, Double.POSITIVE_INFINITY);
        net.addArc(2, 3, Double.POSITIVE_INFINITY);
        MinCutResult r = SHARED.solve(net, 0, 3);
        assertThat(r.unbounded()).isTrue();
        assertThat(r.lambda()).isInfinite();
        assertThat(r.flows()).containsOnly(0.0);
        assertThat(r.cutArcs()).isEmpty();
        Certificates.check("infinite", net, 0, 3, r);
        net.setCapacity(3, 5);
        MinCutResult finite = SHARED.solve(net, 0, 3);
        assertThat(finite.lambda()).isEqualTo(7.0);
        Certificates.check("finite", net, 0, 3, finite);
    }

    @Test
    void infiniteArcsOnFinitePathsAreFine() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(3);
        net.addArc(0, 1, Double.POSITIVE_INFINITY);
        net.addArc(1, 2, 2.5);
        net.addArc(1, 0, Double.POSITIVE_INFINITY);
        MinCutResult r = SHARED.solve(net, 0, 2);
        assertThat(r.lambda()).isEqualTo(2.5);
        assertThat(r.minSourceSide()).containsExactly(0, 1);
        Certificates.check("inf-arc", net, 0, 2, r);
    }

    @Test
    void disconnectedTerminalsGiveZero() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(3);
        net.addArc(2, 0, 4);
        MinCutResult r = SHARED.solve(net, 0, 1);
        assertThat(r.lambda()).isZero();
        assertThat(r.minSourceSide()).containsExactly(0);
        assertThat(r.maxSourceSide()).containsExactly(0, 2);
        Certificates.check("disconnected", net, 0, 1, r);
    }

    @Test
    void badTerminalsAreTypedErrors() {
        FlowNetwork net = workedNetwork();
        assertKind(() -> SHARED.solve(net, A, A), MinCutException.Kind.SAME_TERMINALS);
        assertKind(() -> SHARED.solve(net, A, 5), MinCutException.Kind.UNKNOWN_NODE);
        assertKind(() -> SHARED.maxFlow(net, -1, E), MinCutException.Kind.UNKNOWN_NODE);
    }

    @Test
    void resultsAreValuesWithCopiedArrays() {
        MinCutResult r = SHARED.solve(workedNetwork(), A, E);
        MinCutResult again = SHARED.solve(workedNetwork(), A, E);
        assertThat(r).isEqualTo(again).hasSameHashCodeAs(again);
        r.flows()[0] = 99;
        r.minSourceSide()[0] = 99;
        assertThat(r.flow(0)).isNotEqualTo(99);
        assertThat(r.minSourceSide()[0]).isEqualTo(A);
        assertThat(r.toString()).contains("lambda=6.0");
    }

    static LongStream batches() {
        return LongStream.range(0, 120);
    }

    /** 120 batches of 20 networks: 2 400 seeded random networks, the case seed named on failure. */
    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void agreesWithJGraphTAndCertifiesEverySolve(long batch) {
        for (long seed = batch * 20; seed < batch * 20 + 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 2 + rnd.nextInt(seed % 10 == 0 ? 80 : 20);
            int arcs = rnd.nextInt(4 * n + 1);
            FlowNetwork net = RandomNetworks.network(rnd, n, arcs);
            int s = rnd.nextInt(n);
            int t = (s + 1 + rnd.nextInt(n - 1)) % n;
            String ctx = "network seed " + seed;
            MinCutResult r = SHARED.solve(net, s, t);
            Certificates.check(ctx, net, s, t, r);
            Oracles.assertClose(ctx + " (JGraphT)", Oracles.jgrapht(net, s, t, seed % 2 == 0), r.lambda());
            Oracles.assertClose(ctx + " (value only)", r.lambda(), SHARED.maxFlow(net, s, t));
        }
    }
}
