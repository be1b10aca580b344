package io.neuraldag.mincut;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** {@link LocalKCut} by one max-flow from the seed to the contracted outside of its ball. */
final class BallLocalKCut implements LocalKCut {
    /*
     * The symmetrised graph is stored as CSR (off/adj/w) with one entry per neighbour (parallel and
     * opposite arcs summed), plus the weighted degree of every vertex. A query collects the ball by
     * BFS, maps it to local ids 0..b-1 (x is 0) and builds a FlowNetwork with both directions of
     * every ball-internal pair and one arc from each ball vertex to the contracted outside node b.
     * The source-minimal cut (residual reach from x) is the least-volume minimiser: every minimum
     * cut's source side contains it and volumes are non-negative.
     */
    private final int n;
    private final int[] off;
    private final int[] adj;
    private final double[] w;
    private final double[] degree;

    BallLocalKCut(FlowNetwork g) {
        n = g.nodeCount;
        int m = g.arcCount;
        long[] keys = new long[m];
        double[] caps = new double[m];
        int k = 0;
        for (int a = 0; a < m; a++) {
            double c = g.cap[a];
            if (c > 0.0) {
                int u = g.to[2 * a + 1];
                int v = g.to[2 * a];
                keys[k] = ((long) Math.min(u, v) << 32) | Math.max(u, v);
                caps[k++] = c;
            }
        }
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        long[] keysF = keys;
        Arrays.sort(order, (x, y) -> Long.compare(keysF[x], keysF[y]));
        long[] pairs = new long[k];
        double[] pw = new double[k];
        int p = 0;
        for (int i = 0; i < k; i++) {
            long key = keys[order[i]];
            if (p > 0 && pairs[p - 1] == key) {
                pw[p - 1] += caps[order[i]];
            } else {
                pairs[p] = key;
                pw[p++] = caps[order[i]];
            }
        }
        int[] deg = new int[n];
        for (int i = 0; i < p; i++) {
            deg[(int) (pairs[i] >>> 32)]++;
            deg[(int) pairs[i]]++;
        }
        off = new int[n + 1];
        for (int v = 0; v < n; v++) {
            off[v + 1] = off[v] + deg[v];
        }
        adj = new int[2 * p];
        w = new double[2 * p];
        degree = new double[n];
        int[] fill = Arrays.copyOf(off, n);
        for (int i = 0; i < p; i++) {
            int u = (int) (pairs[i] >>> 32);
            int v = (int) pairs[i];
            adj[fill[u]] = v;
            w[fill[u]++] = pw[i];
            adj[fill[v]] = u;
            w[fill[v]++] = pw[i];
            degree[u] += pw[i];
            degree[v] += pw[i];
        }
    }

    @Override
    public LocalCut query(int x, double k, double nu, int r) {
        if (x < 0 || x >= n) {
            throw MinCutException.unknownNode(x, n);
        }
        if (!(k >= 0.0) || !(nu >= 0.0) || r < 0) {
            throw new MinCutException(
                    MinCutException.Kind.INVALID_ARGUMENT,
                    "k and nu must be >= 0 and r >= 0: k=" + k + ", nu=" + nu + ", r=" + r);
        }
        if (n < 2) {
            return new LocalCut.NoneInLocality();
        }
        // the ball, by BFS; local[v] = index in ball or -1
        int[] local = new int[n];
        Arrays.fill(local, -1);
        int[] ball = new int[n];
        int[] dist = new int[n];
        local[x] = 0;
        ball[0] = x;
        int size = 1;
        for (int head = 0; head < size; head++) {
            int u = ball[head];
            if (dist[u] == r) {
                continue;
            }
            for (int q = off[u]; q < off[u + 1]; q++) {
                int v = adj[q];
                if (local[v] < 0) {
                    local[v] = size;
                    dist[v] = dist[u] + 1;
                    ball[size++] = v;
                }
            }
        }
        int @Nullable [] best = null;
        double bestBoundary = Double.POSITIVE_INFINITY;
        double bestVolume = Double.POSITIVE_INFINITY;
        MinCutSolver solver = MinCutSolver.create();
        if (size < n) {
            FlowNetwork g = new FlowNetwork(size + 1, 2 * (off[n] / 2 + size));
            g.addNodes(size + 1);
            for (int i = 0; i < size; i++) {
                int u = ball[i];
                for (int q = off[u]; q < off[u + 1]; q++) {
                    int v = adj[q];
                    int lv = local[v];
                    if (lv < 0) {
                        g.addArc(i, size, w[q]);
                    } else if (i < lv) {
                        g.addArc(i, lv, w[q]);
                        g.addArc(lv, i, w[q]);
                    }
                }
            }
            MinCutResult res = solver.solve(g, 0, size);
            if (!res.unbounded()) {
                best = toGlobal(res.minSourceSide(), ball);
                bestBoundary = boundary(best);
                bestVolume = volume(best);
            }
        } else {
            FlowNetwork g = new FlowNetwork(n, off[n]);
            g.addNodes(n);
            for (int u = 0; u < n; u++) {
                for (int q = off[u]; q < off[u + 1]; q++) {
                    if (u < adj[q]) {
                        g.addArc(u, adj[q], w[q]);
                        g.addArc(adj[q], u, w[q]);
                    }
                }
            }
            for (int t = 0; t < n; t++) {
                if (t == x) {
                    continue;
                }
                MinCutResult res = solver.solve(g, x, t);
                if (res.unbounded()) {
                    continue;
                }
                int[] set = res.minSourceSide();
                double b = boundary(set);
                double vol = volume(set);
                double tol = 1e-12 * Math.max(1.0, Math.min(b, bestBoundary));
                boolean better;
                if (best == null || b < bestBoundary - tol) {
                    better = true;
                } else if (b <= bestBoundary + tol) {
                    better = vol < bestVolume || (vol == bestVolume && set.length < best.length);
                } else {
                    better = false;
                }
                if (better) {
                    best = set;
                    bestBoundary = b;
                    bestVolume = vol;
                }
            }
        }
        if (best != null && bestBoundary < k && bestVolume <= nu) {
            return new LocalCut.Found(best, bestBoundary, bestVolume);
        }
        return new LocalCut.NoneInLocality();
    }

    private static int[] toGlobal(int[] localSet, int[] ball) {
        int[] r = new int[localSet.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = ball[localSet[i]];
        }
        Arrays.sort(r);
        return r;
    }

    /** The symmetrised weight leaving a sorted vertex set. */
    private double boundary(int[] set) {
        double b = 0.0;
        for (int u : set) {
            for (int q = off[u]; q < off[u + 1]; q++) {
                if (Arrays.binarySearch(set, adj[q]) < 0) {
                    b += w[q];
                }
            }
        }
        return b;
    }

    private double volume(int[] set) {
        double v = 0.0;
        for (int u : set) {
            v += degree[u];
        }
        return v;
    }
}
