package io.neuraldag.mincut;

import java.util.Arrays;

/**
 * Dinic's max-flow algorithm (E. A. Dinic, "Algorithm for solution of a problem of maximum flow in
 * a network with power estimation", Soviet Math. Doklady 11, 1970) on the primitive arrays of a
 * {@link FlowNetwork}, with a reusable workspace.
 */
final class Dinic {
    /*
     * Flow is kept per arc in a caller-owned double[] f; the residual capacity of half-edge h (arc
     * a = h >>> 1) is cap[a] - f[a] for the forward half 2a and f[a] for the backward half 2a + 1.
     * An infinite arc has infinite forward residual and finite backward residual.
     *
     * Each phase runs a BFS from src that stops as soon as dst is labelled (nodes labelled later stay
     * unstamped and therefore inadmissible), then an iterative blocking-flow DFS with current-arc
     * pointers; a dead-end node gets level DEAD. An augmentation pushes the bottleneck b of its path;
     * on the arc that attains b the flow is snapped to exactly cap (forward) or 0 (backward), so at
     * least one arc saturates exactly and the residual structure evolves as in exact arithmetic: the
     * distance from src strictly grows between phases, so there are at most n phases, and each phase
     * has at most m augmentations. Forward pushes are clamped to cap, so 0 <= f <= cap always holds
     * exactly; conservation holds up to rounding (one ulp per augmentation and arc).
     *
     * A bottleneck of +inf means a path of infinite forward arcs: the flow is unbounded and
     * maxFlow returns +inf with f partially updated (the caller discards it).
     *
     * When maxFlow ends because BFS failed, queue[0 .. visited) is exactly the set of nodes reachable
     * from src in the residual graph (lastBfsFailed is then true). Stamps use an epoch counter so a
     * BFS costs time proportional to the region it explores, not to n.
     *
     * Not thread-safe; one instance per thread of use.
     */
    private static final int DEAD = -2;

    private int[] level = new int[0];
    private int[] stamp = new int[0];
    private int[] cur = new int[0];
    int[] queue = new int[0];
    private int[] path = new int[0];
    /** Per node labelled by the last BFS (except src): the residual half-edge it was reached by. */
    int[] parentEdge = new int[0];
    /** While true, every half-edge an augmentation pushes along is appended to {@link #log}. */
    boolean logging;
    /** The half-edges pushed along while {@link #logging} (duplicates possible). */
    int[] log = new int[16];
    /** Number of entries in {@link #log}. */
    int logSize;
    /**
     * Half-edges examined so far by every search of this workspace and of its owner (a
     * load-independent operation count for benchmarks; wraps only after 2^63).
     */
    long scanned;

    private int epoch;
    /** Number of nodes labelled by the last BFS (stored in {@link #queue}). */
    int visited;
    /** Whether the last maxFlow call ended on a BFS that did not reach dst. */
    boolean lastBfsFailed;

    void ensure(int nodes) {
        if (level.length < nodes) {
            int c = Math.max(nodes, level.length * 2);
            level = Arrays.copyOf(level, c);
            stamp = Arrays.copyOf(stamp, c);
            cur = Arrays.copyOf(cur, c);
            queue = Arrays.copyOf(queue, c);
            path = Arrays.copyOf(path, c);
            parentEdge = Arrays.copyOf(parentEdge, c);
        }
    }

    private int nextEpoch() {
        if (epoch == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            epoch = 0;
        }
        return ++epoch;
    }

    /**
     * Max-flow from src to dst starting from flow f, pushing at most {@code limit}.
     *
     * @return the amount pushed (the increase of src's net outflow towards dst), or +inf for an
     *     unbounded flow
     */
    double maxFlow(FlowNetwork g, double[] f, int src, int dst, double limit) {
        ensure(g.nodeCount);
        double total = 0.0;
        double remaining = limit;
        lastBfsFailed = false;
        while (remaining > 0.0) {
            if (!bfs(g, f, src, dst)) {
                lastBfsFailed = true;
                return total;
            }
            double pushed = blockingFlow(g, f, src, dst, remaining);
            if (pushed == Double.POSITIVE_INFINITY) {
                return Double.POSITIVE_INFINITY;
            }
            total += pushed;
            remaining = pushed >= remaining ? 0.0 : remaining - pushed;
        }
        return total;
    }

    /** The BFS level of a node labelled by the last BFS (its distance from src). */
    int level(int node) {
        return level[node];
    }

    /** Labels levels from src over residual arcs; returns whether dst was reached (dst < 0: never). */
    boolean bfs(FlowNetwork g, double[] f, int src, int dst) {
        final int[] first = g.first;
        final int[] next = g.next;
        final int[] to = g.to;
        final double[] cap = g.cap;
        final int[] lv = level;
        final int[] st = stamp;
        final int[] q = queue;
        final int[] pe = parentEdge;
        final int e = nextEpoch();
        st[src] = e;
        lv[src] = 0;
        cur[src] = first[src];
        q[0] = src;
        int head = 0;
        int tail = 1;
        long ops = 0;
        while (head < tail) {
            int u = q[head++];
            int lu = lv[u] + 1;
            for (int h = first[u]; h != FlowNetwork.NONE; h = next[h]) {
                ops++;
                int v = to[h];
                if (st[v] != e) {
                    int a = h >>> 1;
                    double r = (h & 1) == 0 ? cap[a] - f[a] : f[a];
                    if (r > 0.0) {
                        st[v] = e;
                        lv[v] = lu;
                        cur[v] = first[v];
                        pe[v] = h;
                        q[tail++] = v;
                        if (v == dst) {
                            visited = tail;
                            scanned += ops;
                            return true;
                        }
                    }
                }
            }
        }
        visited = tail;
        scanned += ops;
        return false;
    }

    private double blockingFlow(FlowNetwork g, double[] f, int src, int dst, double limit) {
        final int[] next = g.next;
        final int[] to = g.to;
        final double[] cap = g.cap;
        final int[] lv = level;
        final int[] st = stamp;
        final int[] cr = cur;
        final int[] p = path;
        final int e = epoch;
        double total = 0.0;
        double remaining = limit;
        int d = 0;
        int u = src;
        while (true) {
            if (u == dst) {
                double b = remaining;
                for (int i = 0; i < d; i++) {
                    int h = p[i];
                    int a = h >>> 1;
                    double r = (h & 1) == 0 ? cap[a] - f[a] : f[a];
                    if (r < b) {
                        b = r;
                    }
                }
                if (b == Double.POSITIVE_INFINITY) {
                    return Double.POSITIVE_INFINITY;
                }
                scanned += 2L * d;
                int firstSaturated = -1;
                if (logging) {
                    if (logSize + d > log.length) {
                        log = Arrays.copyOf(log, Math.max(logSize + d, log.length * 2));
                    }
                    System.arraycopy(p, 0, log, logSize, d);
                    logSize += d;
                }
                for (int i = 0; i < d; i++) {
                    int h = p[i];
                    int a = h >>> 1;
                    if ((h & 1) == 0) {
                        double c = cap[a];
                        double fa = f[a];
                        if (b >= c - fa) {
                            f[a] = c;
                            if (firstSaturated < 0) {
                                firstSaturated = i;
                            }
                        } else {
                            double nf = fa + b;
                            f[a] = nf > c ? c : nf;
                        }
                    } else {
                        double fa = f[a];
                        if (b >= fa) {
                            f[a] = 0.0;
                            if (firstSaturated < 0) {
                                firstSaturated = i;
                            }
                        } else {
                            f[a] = fa - b;
                        }
                    }
                }
                total += b;
                if (b >= remaining) {
                    return total;
                }
                remaining -= b;
                // firstSaturated >= 0 here: b < remaining, so b is some arc's residual
                d = firstSaturated;
                u = d == 0 ? src : to[p[d - 1]];
                continue;
            }
            int lu = lv[u] + 1;
            int h = cr[u];
            while (h != FlowNetwork.NONE) {
                scanned++;
                int v = to[h];
                if (st[v] == e && lv[v] == lu) {
                    int a = h >>> 1;
                    double r = (h & 1) == 0 ? cap[a] - f[a] : f[a];
                    if (r > 0.0) {
                        break;
                    }
                }
                h = next[h];
            }
            cr[u] = h;
            if (h == FlowNetwork.NONE) {
                lv[u] = DEAD;
                if (d == 0) {
                    return total;
                }
                d--;
                u = d == 0 ? src : to[p[d - 1]];
                cr[u] = next[cr[u]];
            } else {
                p[d++] = h;
                u = to[h];
            }
        }
    }

    /**
     * Marks with {@code markEpoch} every node that can reach dst in the residual graph, using the
     * queue; returns how many.
     */
    int reverseReach(FlowNetwork g, double[] f, int dst, int[] mark, int markEpoch) {
        final int[] first = g.first;
        final int[] next = g.next;
        final int[] to = g.to;
        final double[] cap = g.cap;
        final int[] q = queue;
        mark[dst] = markEpoch;
        q[0] = dst;
        int head = 0;
        int tail = 1;
        long ops = 0;
        while (head < tail) {
            int w = q[head++];
            for (int h = first[w]; h != FlowNetwork.NONE; h = next[h]) {
                ops++;
                int x = to[h];
                if (mark[x] != markEpoch) {
                    // the opposite half-edge h ^ 1 runs x -> w
                    int a = h >>> 1;
                    double r = (h & 1) == 0 ? f[a] : cap[a] - f[a];
                    if (r > 0.0) {
                        mark[x] = markEpoch;
                        q[tail++] = x;
                    }
                }
            }
        }
        scanned += ops;
        return tail;
    }

    /** {@link #netOutflow}, counted in {@link #scanned}. */
    double outflow(FlowNetwork g, double[] f, int node) {
        for (int h = g.first[node]; h != FlowNetwork.NONE; h = g.next[h]) {
            scanned++;
        }
        return netOutflow(g, f, node);
    }

    /** The net flow out of a node: flow on its out-arcs minus flow on its in-arcs. */
    static double netOutflow(FlowNetwork g, double[] f, int node) {
        final int[] next = g.next;
        double out = 0.0;
        double in = 0.0;
        for (int h = g.first[node]; h != FlowNetwork.NONE; h = next[h]) {
            if ((h & 1) == 0) {
                out += f[h >>> 1];
            } else {
                in += f[h >>> 1];
            }
        }
        return out - in;
    }
}
