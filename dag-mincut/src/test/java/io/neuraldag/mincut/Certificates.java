package io.neuraldag.mincut;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * An independent checker of max-flow certificates (spec 02 §2.2), written against the public
 * FlowNetwork API only: conservation, 0 <= f <= c, no residual S->T path, S_min and S_max equal to
 * the residual reachability sets, and cut capacity equal to lambda, with relative tolerance 1e-9.
 */
final class Certificates {
    private Certificates() {}

    static double tolerance(double scale) {
        return 1e-9 * Math.max(1.0, scale);
    }

    /** Throws an AssertionError naming the first violated condition, prefixed by {@code context}. */
    static void check(String context, FlowNetwork net, int s, int t, MinCutResult r) {
        int n = net.nodeCount();
        int m = net.arcCount();
        double[] f = r.flows();
        require(f.length == m, context, "flows has length " + f.length + ", arcs " + m);
        if (r.unbounded()) {
            require(infinitePath(net, s, t), context, "unbounded result without an infinite S->T path");
            for (int a = 0; a < m; a++) {
                require(f[a] == 0.0, context, "unbounded result with flow on arc " + a);
            }
            require(r.minSourceSide().length == 0 && r.cutArcs().length == 0, context, "unbounded result with a cut");
            return;
        }
        double lambda = r.lambda();
        require(!infinitePath(net, s, t), context, "finite lambda " + lambda + " but an infinite path exists");
        double scale = lambda;
        for (int a = 0; a < m; a++) {
            double c = net.capacity(a);
            require(f[a] >= 0.0 && f[a] <= c, context, "arc " + a + ": flow " + f[a] + " outside [0, " + c + "]");
            require(Double.isFinite(f[a]), context, "arc " + a + ": flow not finite");
            scale = Math.max(scale, f[a]);
        }
        double tol = tolerance(scale);
        double[] net0 = new double[n];
        for (int a = 0; a < m; a++) {
            net0[net.tail(a)] += f[a];
            net0[net.head(a)] -= f[a];
        }
        for (int v = 0; v < n; v++) {
            if (v != s && v != t) {
                require(Math.abs(net0[v]) <= tol, context, "conservation broken at node " + v + " by " + net0[v]);
            }
        }
        require(Math.abs(net0[s] - lambda) <= tol, context, "lambda " + lambda + " but S sends " + net0[s]);
        require(Math.abs(-net0[t] - lambda) <= tol, context, "lambda " + lambda + " but T receives " + -net0[t]);
        boolean[] reach = residualReach(net, f, s, true);
        require(!reach[t], context, "residual S->T path remains");
        boolean[] toT = residualReach(net, f, t, false);
        require(Arrays.equals(members(reach, true), r.minSourceSide()), context, "S_min differs from residual reach");
        require(Arrays.equals(members(toT, false), r.maxSourceSide()), context, "S_max differs from co-reach of T");
        double cut = 0.0;
        int cutCount = 0;
        for (int a = 0; a < m; a++) {
            if (reach[net.tail(a)] && !reach[net.head(a)] && net.capacity(a) > 0.0) {
                cut += net.capacity(a);
                cutCount++;
            }
        }
        require(Math.abs(cut - lambda) <= tol, context, "cut capacity " + cut + " != lambda " + lambda);
        require(cutCount == r.cutArcs().length, context, "cut arc count");
        for (int a : r.cutArcs()) {
            require(reach[net.tail(a)] && !reach[net.head(a)], context, "arc " + a + " does not leave S_min");
        }
        double cutMax = 0.0;
        for (int a = 0; a < m; a++) {
            if (!toT[net.tail(a)] && toT[net.head(a)]) {
                cutMax += net.capacity(a);
            }
        }
        require(Math.abs(cutMax - lambda) <= tol, context, "S_max cut " + cutMax + " != lambda " + lambda);
    }

    static boolean infinitePath(FlowNetwork net, int s, int t) {
        boolean[] seen = new boolean[net.nodeCount()];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        seen[s] = true;
        q.add(s);
        while (!q.isEmpty()) {
            int u = q.poll();
            for (int a : net.outArcs(u)) {
                int v = net.head(a);
                if (!seen[v] && net.capacity(a) == Double.POSITIVE_INFINITY) {
                    seen[v] = true;
                    q.add(v);
                }
            }
        }
        return seen[t];
    }

    /** forward: nodes reachable from root; otherwise nodes that reach root. */
    static boolean[] residualReach(FlowNetwork net, double[] f, int root, boolean forward) {
        boolean[] seen = new boolean[net.nodeCount()];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        seen[root] = true;
        q.add(root);
        while (!q.isEmpty()) {
            int u = q.poll();
            for (int a : net.outArcs(u)) {
                int v = net.head(a);
                // forward: u->v residual c - f; backward search: v->u residual is the reverse, f
                double r = forward ? net.capacity(a) - f[a] : f[a];
                if (!seen[v] && r > 0.0) {
                    seen[v] = true;
                    q.add(v);
                }
            }
            for (int a : net.inArcs(u)) {
                int v = net.tail(a);
                double r = forward ? f[a] : net.capacity(a) - f[a];
                if (!seen[v] && r > 0.0) {
                    seen[v] = true;
                    q.add(v);
                }
            }
        }
        return seen;
    }

    private static int[] members(boolean[] set, boolean value) {
        int k = 0;
        for (boolean b : set) {
            if (b == value) {
                k++;
            }
        }
        int[] r = new int[k];
        k = 0;
        for (int i = 0; i < set.length; i++) {
            if (set[i] == value) {
                r[k++] = i;
            }
        }
        return r;
    }

    private static void require(boolean ok, String context, String message) {
        if (!ok) {
            throw new AssertionError(context + ": " + message);
        }
    }
}
