package io.neuraldag.mincut;

import static io.neuraldag.mincut.FlowNetworkTest.assertKind;
import static io.neuraldag.mincut.MinCutSolverTest.A;
import static io.neuraldag.mincut.MinCutSolverTest.D;
import static io.neuraldag.mincut.MinCutSolverTest.E;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec 02 §2.5: the worked examples and the contract against exhaustive enumeration. */
class LocalKCutTest {

    @Test
    void workedExamples() {
        LocalKCut lk = LocalKCut.over(MinCutSolverTest.workedNetwork());
        assertThat(lk.query(E, 7, 20, 1)).isEqualTo(new LocalCut.Found(new int[] {D, E}, 6, 18));
        assertThat(lk.query(E, 7, 10, 1)).isInstanceOf(LocalCut.NoneInLocality.class);
        // the allowed miss: the minimiser {D,E} has volume 18 > 10, {E} (boundary 7 < 8) is not found
        assertThat(lk.query(E, 8, 10, 1)).isInstanceOf(LocalCut.NoneInLocality.class);
        assertThat(lk.query(A, 7, 30, 3)).isEqualTo(new LocalCut.Found(new int[] {0, 1, 2}, 6, 28));
        // volumes of the §6.2 network: A 9, B 9, C 10, D 11, E 7
        assertThat(lk.query(A, 10, 9, 0)).isEqualTo(new LocalCut.Found(new int[] {A}, 9, 9));
    }

    @Test
    void badArgumentsAndDegenerateGraphs() {
        LocalKCut lk = LocalKCut.over(MinCutSolverTest.workedNetwork());
        assertKind(() -> lk.query(5, 1, 1, 1), MinCutException.Kind.UNKNOWN_NODE);
        assertKind(() -> lk.query(A, Double.NaN, 1, 1), MinCutException.Kind.INVALID_ARGUMENT);
        assertKind(() -> lk.query(A, 1, -1, 1), MinCutException.Kind.INVALID_ARGUMENT);
        assertKind(() -> lk.query(A, 1, 1, -1), MinCutException.Kind.INVALID_ARGUMENT);
        FlowNetwork single = new FlowNetwork();
        single.addNode();
        assertThat(LocalKCut.over(single).query(0, 100, 100, 3)).isInstanceOf(LocalCut.NoneInLocality.class);
        FlowNetwork inf = new FlowNetwork();
        inf.addNodes(2);
        inf.addArc(0, 1, Double.POSITIVE_INFINITY);
        assertThat(LocalKCut.over(inf).query(0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1))
                .isInstanceOf(LocalCut.NoneInLocality.class);
        FlowNetwork apart = new FlowNetwork();
        apart.addNodes(3);
        apart.addArc(0, 1, 2);
        assertThat(LocalKCut.over(apart).query(0, 1, 10, 5)).isEqualTo(new LocalCut.Found(new int[] {0, 1}, 0, 4));
        LocalCut.Found f = new LocalCut.Found(new int[] {1}, 2, 3);
        f.vertices()[0] = 7;
        assertThat(f.vertices()).containsExactly(1);
        assertThat(f).hasSameHashCodeAs(new LocalCut.Found(new int[] {1}, 2, 3));
        assertThat(f.toString()).contains("[1]");
    }

    // ------------------------------------------------------------------ enumeration oracle

    /** Counts of: Found, None with no qualifying set, None by the allowed miss. */
    private static final AtomicIntegerArray OUTCOMES = new AtomicIntegerArray(3);

    @AfterAll
    static void everyOutcomeOccurred() {
        assertThat(OUTCOMES.get(0)).as("found").isPositive();
        assertThat(OUTCOMES.get(1)).as("exact none").isPositive();
        assertThat(OUTCOMES.get(2)).as("allowed miss").isPositive();
    }

    static LongStream batches() {
        return LongStream.range(0, 60);
    }

    /** 60 batches of 20 connected graphs of 2..12 vertices (1 200 graphs), several queries each. */
    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void matchesExhaustiveEnumeration(long batch) {
        for (long seed = batch * 20; seed < batch * 20 + 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = 2 + rnd.nextInt(11);
            FlowNetwork g = connectedGraph(rnd, n);
            Tables wgt = new Tables(symmetrise(g));
            LocalKCut lk = LocalKCut.over(g);
            for (int query = 0; query < 6; query++) {
                int x = rnd.nextInt(n);
                int r = rnd.nextInt(4);
                boolean[] ball = ball(wgt.w, x, r);
                Enumeration en = enumerate(wgt, x, ball);
                double k = switch (rnd.nextInt(4)) {
                    case 0 -> en.minBoundary;
                    case 1 -> en.minBoundary + 0.5;
                    case 2 -> en.minBoundary + 1 + rnd.nextInt(8);
                    default -> Double.POSITIVE_INFINITY;
                };
                double nu = switch (rnd.nextInt(4)) {
                    case 0 -> en.minVolumeOfMinimiser;
                    case 1 -> en.minVolumeOfMinimiser - 1;
                    case 2 -> rnd.nextInt(1 + (int) Math.min(200, en.minVolumeOfMinimiser));
                    default -> Double.POSITIVE_INFINITY;
                };
                nu = Math.max(0, nu);
                String ctx = "graph seed " + seed + ", query x=" + x + " k=" + k + " nu=" + nu + " r=" + r;
                check(ctx, wgt, x, k, nu, ball, en, lk.query(x, k, nu, r));
            }
        }
    }

    /** A random spanning tree plus extra arcs, random directions, integer capacities 1..6. */
    static FlowNetwork connectedGraph(SplittableRandom rnd, int n) {
        FlowNetwork g = new FlowNetwork();
        g.addNodes(n);
        for (int v = 1; v < n; v++) {
            int u = rnd.nextInt(v);
            addRandomArc(rnd, g, u, v);
        }
        int extra = rnd.nextInt(2 * n);
        for (int i = 0; i < extra; i++) {
            int u = rnd.nextInt(n);
            int v = rnd.nextInt(n - 1);
            if (v >= u) {
                v++;
            }
            addRandomArc(rnd, g, u, v);
        }
        return g;
    }

    private static void addRandomArc(SplittableRandom rnd, FlowNetwork g, int u, int v) {
        if (rnd.nextBoolean()) {
            g.addArc(u, v, 1 + rnd.nextInt(6));
        } else {
            g.addArc(v, u, 1 + rnd.nextInt(6));
        }
    }

    static double[][] symmetrise(FlowNetwork g) {
        int n = g.nodeCount();
        double[][] wgt = new double[n][n];
        for (int a = 0; a < g.arcCount(); a++) {
            wgt[g.tail(a)][g.head(a)] += g.capacity(a);
            wgt[g.head(a)][g.tail(a)] += g.capacity(a);
        }
        return wgt;
    }

    static boolean[] ball(double[][] wgt, int x, int r) {
        int n = wgt.length;
        int[] dist = new int[n];
        java.util.Arrays.fill(dist, -1);
        dist[x] = 0;
        ArrayDeque<Integer> q = new ArrayDeque<>();
        q.add(x);
        while (!q.isEmpty()) {
            int u = q.poll();
            for (int v = 0; v < n; v++) {
                if (wgt[u][v] > 0 && dist[v] < 0) {
                    dist[v] = dist[u] + 1;
                    q.add(v);
                }
            }
        }
        boolean[] b = new boolean[n];
        for (int v = 0; v < n; v++) {
            b[v] = dist[v] >= 0 && dist[v] <= r;
        }
        return b;
    }

    record Enumeration(double minBoundary, double minVolumeOfMinimiser) {}

    /** Boundary and volume of every vertex subset (bit masks), by dynamic programming. */
    static final class Tables {
        final double[][] w;
        final int n;
        final double[] bnd;
        final double[] vol;

        Tables(double[][] w) {
            this.w = w;
            this.n = w.length;
            double[] deg = new double[n];
            for (int u = 0; u < n; u++) {
                for (int v = 0; v < n; v++) {
                    deg[u] += w[u][v];
                }
            }
            int size = 1 << n;
            bnd = new double[size];
            vol = new double[size];
            double[] internal = new double[size];
            for (int mask = 1; mask < size; mask++) {
                int low = Integer.numberOfTrailingZeros(mask);
                int rest = mask & (mask - 1);
                double in = internal[rest];
                for (int v = 0; v < n; v++) {
                    if ((rest >> v & 1) != 0) {
                        in += w[low][v];
                    }
                }
                internal[mask] = in;
                vol[mask] = vol[rest] + deg[low];
                bnd[mask] = vol[mask] - 2 * in;
            }
        }
    }

    /** Every candidate S: x in S, S inside the ball, S != V. */
    static Enumeration enumerate(Tables t, int x, boolean[] ball) {
        int all = (1 << t.n) - 1;
        double minB = Double.POSITIVE_INFINITY;
        double minVol = Double.POSITIVE_INFINITY;
        for (int mask = 1; mask < all; mask++) {
            if (!candidate(mask, x, ball)) {
                continue;
            }
            double b = t.bnd[mask];
            double vol = t.vol[mask];
            if (b < minB) {
                minB = b;
                minVol = vol;
            } else if (b == minB) {
                minVol = Math.min(minVol, vol);
            }
        }
        return new Enumeration(minB, minVol);
    }

    static boolean candidate(int mask, int x, boolean[] ball) {
        if ((mask >> x & 1) == 0) {
            return false;
        }
        for (int v = 0; v < ball.length; v++) {
            if ((mask >> v & 1) != 0 && !ball[v]) {
                return false;
            }
        }
        return true;
    }

    static void check(
            String ctx, Tables wgt, int x, double k, double nu, boolean[] ball, Enumeration en, LocalCut got) {
        int n = wgt.n;
        boolean expectFound = en.minBoundary < k && en.minVolumeOfMinimiser <= nu;
        if (got instanceof LocalCut.Found f) {
            int mask = 0;
            for (int v : f.vertices()) {
                mask |= 1 << v;
            }
            assertThat(mask).as(ctx + ": S = V").isNotEqualTo((1 << n) - 1);
            assertThat(candidate(mask, x, ball)).as(ctx + ": S not a candidate").isTrue();
            assertThat(f.boundary()).as(ctx + ": boundary").isEqualTo(wgt.bnd[mask]);
            assertThat(f.volume()).as(ctx + ": volume").isEqualTo(wgt.vol[mask]);
            assertThat(f.boundary()).as(ctx + ": sound (boundary < k)").isLessThan(k);
            assertThat(f.volume()).as(ctx + ": sound (vol <= nu)").isLessThanOrEqualTo(nu);
            assertThat(f.boundary()).as(ctx + ": minimal in the ball").isEqualTo(en.minBoundary);
            assertThat(f.volume()).as(ctx + ": least-volume minimiser").isEqualTo(en.minVolumeOfMinimiser);
            OUTCOMES.incrementAndGet(0);
            return;
        }
        assertThat(expectFound).as(ctx + ": a qualifying minimiser was missed").isFalse();
        boolean anyQualifying = false;
        for (int mask = 1; mask < (1 << n) - 1 && !anyQualifying; mask++) {
            anyQualifying = candidate(mask, x, ball) && wgt.bnd[mask] < k && wgt.vol[mask] <= nu;
        }
        if (anyQualifying) {
            // the single allowed miss: a qualifying set exists, but the minimiser is too voluminous
            assertThat(en.minBoundary).as(ctx).isLessThan(k);
            assertThat(en.minVolumeOfMinimiser).as(ctx).isGreaterThan(nu);
            OUTCOMES.incrementAndGet(2);
        } else {
            OUTCOMES.incrementAndGet(1);
        }
    }
}
