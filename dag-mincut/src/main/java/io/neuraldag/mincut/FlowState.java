package io.neuraldag.mincut;

import java.util.Arrays;

/**
 * A maximum s-t flow on a {@link FlowNetwork}, kept maximum under capacity changes (spec 02 §2.4).
 */
final class FlowState {
    /*
     * Invariants between calls (finite case): flow is a feasible maximum flow of net; lambda is the
     * net outflow of s. When sminFresh, sminMark[v] == sminEpoch exactly for the nodes reachable from
     * s in the residual graph (S_min); when smaxFresh, smaxMark[v] == smaxEpoch exactly for the nodes
     * that reach t (the complement of S_max).
     *
     * Infinite case (an s-t path of infinite arcs): infinite is true, lambda is +inf, flow is 0 and
     * neither set is fresh; every change is answered by a fresh solve.
     *
     * setCapacity(a = u->v, c -> c'):
     *  - increase: if S_min is fresh and u is outside it or v inside it, no augmenting path can use
     *    the arc and lambda stays (O(1)); otherwise augment from the current flow. Every augmentation
     *    ends on a failed BFS whose labelled set is S_min, which is recorded, so S_min is fresh after.
     *  - decrease with f <= c': the flow stays maximum (O(1)); if the residual drops to 0 and u is in
     *    a fresh S_min, S_min may shrink and is marked stale.
     *  - decrease with f > c': set f = c', leaving excess d = f - c' at u and a deficit d at v;
     *    reroute up to d from u to v in the residual graph; return the rest rho from u to s and from
     *    t to v (such paths exist: with no residual u->v path left, a flow decomposition sends u's
     *    excess from s and v's deficit to t); then augment. If a push-back falls short (only by
     *    rounding, or for arcs leaving t or entering s), the other terminal is tried, and as a last
     *    resort the flow is recomputed from zero, so the result is always exact.
     * S_max changes with almost every residual change and is only recomputed when read.
     */
    final FlowNetwork net;
    final int s;
    final int t;
    final Dinic dinic = new Dinic();
    double[] flow;
    double lambda;
    boolean infinite;

    private int[] sminMark = new int[0];
    private int sminEpoch;
    private boolean sminFresh;
    private int[] smaxMark = new int[0];
    private int smaxEpoch;
    private boolean smaxFresh;
    private double[] scratch = new double[0];

    FlowState(FlowNetwork net, int s, int t) {
        this.net = net;
        this.s = s;
        this.t = t;
        this.flow = new double[Math.max(4, net.arcCount)];
        ensure();
        solveFromZero();
    }

    private void ensure() {
        int n = net.nodeCount;
        if (sminMark.length < n) {
            int c = Math.max(n, sminMark.length * 2);
            sminMark = Arrays.copyOf(sminMark, c);
            smaxMark = Arrays.copyOf(smaxMark, c);
        }
        if (flow.length < net.arcCount) {
            flow = Arrays.copyOf(flow, Math.max(net.arcCount, flow.length * 2));
        }
        dinic.ensure(n);
    }

    // ------------------------------------------------------------------ whole solves

    void solveFromZero() {
        ensure();
        Arrays.fill(flow, 0, net.arcCount, 0.0);
        infinite = false;
        lambda = 0.0;
        augment();
    }

    /** Augments s -> t to a maximum from the current flow, recording S_min or entering the infinite state. */
    private void augment() {
        double pushed = dinic.maxFlow(net, flow, s, t, Double.POSITIVE_INFINITY);
        if (pushed == Double.POSITIVE_INFINITY) {
            Arrays.fill(flow, 0, net.arcCount, 0.0);
            infinite = true;
            lambda = Double.POSITIVE_INFINITY;
            sminFresh = false;
            smaxFresh = false;
            return;
        }
        lambda = Math.max(0.0, Dinic.netOutflow(net, flow, s));
        recordSmin();
        smaxFresh = false;
    }

    private void recordSmin() {
        if (sminEpoch == Integer.MAX_VALUE) {
            Arrays.fill(sminMark, 0);
            sminEpoch = 0;
        }
        int e = ++sminEpoch;
        int[] q = dinic.queue;
        for (int i = 0, k = dinic.visited; i < k; i++) {
            sminMark[q[i]] = e;
        }
        sminFresh = true;
    }

    // ------------------------------------------------------------------ updates

    /** Adds an arc (validated by the network) and keeps the flow maximum; returns its id. */
    int addArc(int tail, int head, double capacity) {
        int a = net.addArc(tail, head, 0.0);
        ensure();
        flow[a] = 0.0;
        setCapacity(a, capacity);
        return a;
    }

    int addNode() {
        int v = net.addNode();
        ensure();
        sminMark[v] = 0;
        smaxMark[v] = 0;
        return v;
    }

    /** Sets an arc's capacity (already validated) and restores a maximum flow. */
    void setCapacity(int a, double c2) {
        ensure();
        double c = net.cap[a];
        if (c2 == c) {
            return;
        }
        net.cap[a] = c2 + 0.0;
        if (infinite) {
            solveFromZero();
            return;
        }
        smaxFresh = false;
        int u = net.to[2 * a + 1];
        int v = net.to[2 * a];
        double fa = flow[a];
        if (c2 > c) {
            if (sminFresh && (sminMark[u] != sminEpoch || sminMark[v] == sminEpoch)) {
                return;
            }
            augment();
            return;
        }
        if (fa <= c2) {
            if (fa == c2 && sminFresh && sminMark[u] == sminEpoch) {
                sminFresh = false;
            }
            return;
        }
        if (decrease(a, c2, flow)) {
            lambda = Math.max(0.0, Dinic.netOutflow(net, flow, s));
            recordSmin();
        } else {
            sminFresh = false;
        }
    }

    /**
     * Lowers arc a to c2 < f[a] in flow f (the network's capacity is already c2) and restores a
     * maximum flow in f. Returns whether a final s-t augmentation ran (its last BFS then labelled
     * S_min in the dinic queue).
     */
    private boolean decrease(int a, double c2, double[] f) {
        int u = net.to[2 * a + 1];
        int v = net.to[2 * a];
        double delta = f[a] - c2;
        f[a] = c2;
        double rerouted = dinic.maxFlow(net, f, u, v, delta);
        if (rerouted >= delta) {
            return false;
        }
        double rho = delta - rerouted;
        double scale = Math.max(1.0, Math.abs(Dinic.netOutflow(net, f, s)) + delta);
        double tolerance = 1e-12 * scale;
        if (u != s && u != t) {
            double left = rho - dinic.maxFlow(net, f, u, s, rho);
            if (left > 0.0) {
                left -= dinic.maxFlow(net, f, u, t, left);
            }
            if (left > tolerance) {
                return fromZero(f);
            }
        }
        if (v != t && v != s) {
            double left = rho - dinic.maxFlow(net, f, t, v, rho);
            if (left > 0.0) {
                left -= dinic.maxFlow(net, f, s, v, left);
            }
            if (left > tolerance) {
                return fromZero(f);
            }
        }
        double pushed = dinic.maxFlow(net, f, s, t, Double.POSITIVE_INFINITY);
        if (pushed == Double.POSITIVE_INFINITY) {
            // cannot happen after a decrease from a finite maximum; recompute to stay exact
            return fromZero(f);
        }
        return true;
    }

    private boolean fromZero(double[] f) {
        Arrays.fill(f, 0, net.arcCount, 0.0);
        double pushed = dinic.maxFlow(net, f, s, t, Double.POSITIVE_INFINITY);
        if (pushed == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("unbounded flow after a capacity decrease");
        }
        return true;
    }

    // ------------------------------------------------------------------ cut sides

    void ensureSmin() {
        if (!sminFresh && !infinite) {
            ensure();
            dinic.bfs(net, flow, s, -1);
            recordSmin();
        }
    }

    void ensureSmax() {
        if (!smaxFresh && !infinite) {
            ensure();
            if (smaxEpoch == Integer.MAX_VALUE) {
                Arrays.fill(smaxMark, 0);
                smaxEpoch = 0;
            }
            dinic.reverseReach(net, flow, t, smaxMark, ++smaxEpoch);
            smaxFresh = true;
        }
    }

    /** Whether v is in S_min (call {@link #ensureSmin()} first). */
    boolean inSmin(int v) {
        return sminMark[v] == sminEpoch;
    }

    /** Whether v is in S_max, i.e. cannot reach t (call {@link #ensureSmax()} first). */
    boolean inSmax(int v) {
        return smaxMark[v] != smaxEpoch;
    }

    boolean sminFresh() {
        return sminFresh;
    }

    // ------------------------------------------------------------------ what-if queries

    /** The max-flow value with arc a's capacity set to +inf; the state is unchanged. */
    double lambdaWithInfinite(int a) {
        if (infinite) {
            return Double.POSITIVE_INFINITY;
        }
        ensureSmin();
        ensureSmax();
        int u = net.to[2 * a + 1];
        int v = net.to[2 * a];
        if (!inSmin(u) || inSmax(v) || net.cap[a] == Double.POSITIVE_INFINITY) {
            return lambda;
        }
        double[] f = scratchCopy();
        double old = net.cap[a];
        net.cap[a] = Double.POSITIVE_INFINITY;
        try {
            double pushed = dinic.maxFlow(net, f, s, t, Double.POSITIVE_INFINITY);
            return pushed == Double.POSITIVE_INFINITY ? pushed : Math.max(0.0, Dinic.netOutflow(net, f, s));
        } finally {
            net.cap[a] = old;
        }
    }

    /** The max-flow value with arc a's capacity set to 0; the state is unchanged. */
    double lambdaWithZero(int a) {
        double old = net.cap[a];
        if (old == 0.0) {
            return lambda;
        }
        if (infinite) {
            double[] f = scratchZero();
            net.cap[a] = 0.0;
            try {
                double pushed = dinic.maxFlow(net, f, s, t, Double.POSITIVE_INFINITY);
                return pushed == Double.POSITIVE_INFINITY ? pushed : Math.max(0.0, Dinic.netOutflow(net, f, s));
            } finally {
                net.cap[a] = old;
            }
        }
        if (flow[a] == 0.0) {
            return lambda;
        }
        double[] f = scratchCopy();
        net.cap[a] = 0.0;
        try {
            decrease(a, 0.0, f);
            return Math.max(0.0, Dinic.netOutflow(net, f, s));
        } finally {
            net.cap[a] = old;
        }
    }

    private double[] scratchCopy() {
        int m = net.arcCount;
        if (scratch.length < m) {
            scratch = new double[Math.max(m, scratch.length * 2)];
        }
        System.arraycopy(flow, 0, scratch, 0, m);
        return scratch;
    }

    private double[] scratchZero() {
        int m = net.arcCount;
        if (scratch.length < m) {
            scratch = new double[Math.max(m, scratch.length * 2)];
        }
        Arrays.fill(scratch, 0, m, 0.0);
        return scratch;
    }

    // ------------------------------------------------------------------ results

    /** The certificate of the current state; operatorIdOfArc maps arcs to operator ids (-1: none). */
    MinCutResult result(int[] operatorIdOfArc) {
        if (infinite) {
            return MinCutResult.unbounded(net.arcCount);
        }
        ensureSmin();
        ensureSmax();
        return buildResult(net, flow, lambda, sminMark, sminEpoch, smaxMark, smaxEpoch, operatorIdOfArc);
    }

    /**
     * Assembles a result: S_min = {v : smin[v] == sminE}, S_max = {v : smax[v] != smaxE} (smax marks
     * the nodes reaching t).
     */
    static MinCutResult buildResult(
            FlowNetwork net,
            double[] flow,
            double lambda,
            int[] smin,
            int sminE,
            int[] smax,
            int smaxE,
            int[] operatorIdOfArc) {
        int n = net.nodeCount;
        int m = net.arcCount;
        int ns = 0;
        int nx = 0;
        for (int v = 0; v < n; v++) {
            if (smin[v] == sminE) {
                ns++;
            }
            if (smax[v] != smaxE) {
                nx++;
            }
        }
        int[] minSide = new int[ns];
        int[] maxSide = new int[nx];
        ns = 0;
        nx = 0;
        for (int v = 0; v < n; v++) {
            if (smin[v] == sminE) {
                minSide[ns++] = v;
            }
            if (smax[v] != smaxE) {
                maxSide[nx++] = v;
            }
        }
        int nc = 0;
        int[] cut = new int[8];
        int nOps = 0;
        int[] ops = new int[8];
        for (int a = 0; a < m; a++) {
            if (net.cap[a] > 0.0 && smin[net.to[2 * a + 1]] == sminE && smin[net.to[2 * a]] != sminE) {
                if (nc == cut.length) {
                    cut = Arrays.copyOf(cut, nc * 2);
                }
                cut[nc++] = a;
                if (a < operatorIdOfArc.length && operatorIdOfArc[a] >= 0) {
                    if (nOps == ops.length) {
                        ops = Arrays.copyOf(ops, nOps * 2);
                    }
                    ops[nOps++] = operatorIdOfArc[a];
                }
            }
        }
        int[] cutOps = Arrays.copyOf(ops, nOps);
        Arrays.sort(cutOps);
        return new MinCutResult(lambda, Arrays.copyOf(flow, m), minSide, maxSide, Arrays.copyOf(cut, nc), cutOps);
    }
}
