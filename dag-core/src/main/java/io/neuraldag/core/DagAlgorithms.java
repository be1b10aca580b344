package io.neuraldag.core;

/*
 * The structural algorithms of spec 01 §2 on CSR arrays (indices 0..n-1 in ascending id order).
 *
 * Invariants every caller relies on: outAdj/inAdj segments are sorted ascending; the graph is
 * acyclic (QueryDag guarantees it), so Kahn's algorithm always drains every node.
 *
 * Topological order: Kahn with a binary min-heap on the index, which is the id order, giving the
 * lexicographically smallest order (spec §2.2). Fast path: when every edge goes from a smaller to a
 * larger index, the identity permutation is a valid order and, being the smallest permutation of
 * all, it is the answer; that check is O(m).
 *
 * Path dominance (spec §2.6): Pin and Pout are path counts. They can exceed the double range on deep
 * layered DAGs (2^1024), so counts are first computed in doubles and, only if any becomes
 * infinite, recomputed in the log domain (log-sum-exp), which is exact to a few ulps.
 *
 * kappa = 1 must hold exactly for single-vertex cuts and only for them, which rounded path counts
 * cannot decide: with 2^45 + 1 paths of which one avoids v, kappa(v) = 1 - 2.8e-14, and beyond 2^53
 * paths the quotient rounds to 1. Cuts are therefore found exactly and separately, in O(n + m):
 * add a super-source S before position 0 of the topological order (edges to every source) and a
 * super-sink T after position n-1 (edges from every sink). Every S-T path visits positions in
 * increasing order, so it avoids the node at position p iff one of its edges jumps over p; hence v
 * is a cut iff no edge (a, b) of the augmented graph has pos(a) < pos(v) < pos(b) (every node lies
 * on some S-T path, so every such edge is used by one). The jumped-over ranges are marked with a
 * difference array. Cuts get exactly 1; every other node gets its quotient capped at the largest
 * double below 1 and floored at the smallest positive double, so kappa stays in (0, 1).
 */
final class DagAlgorithms {
    private DagAlgorithms() {}

    static int[] topologicalOrder(int n, int[] outOff, int[] outAdj, int[] inOff) {
        int[] order = new int[n];
        boolean forward = true;
        outer:
        for (int u = 0; u < n; u++) {
            for (int p = outOff[u]; p < outOff[u + 1]; p++) {
                if (outAdj[p] <= u) {
                    forward = false;
                    break outer;
                }
            }
        }
        if (forward) {
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        }
        int[] indeg = new int[n];
        int[] heap = new int[n];
        int size = 0;
        for (int v = 0; v < n; v++) {
            indeg[v] = inOff[v + 1] - inOff[v];
            if (indeg[v] == 0) {
                heap[size++] = v; // ascending insertion keeps the heap property
            }
        }
        int k = 0;
        while (size > 0) {
            int v = heap[0];
            int last = heap[--size];
            siftDown(heap, size, last);
            order[k++] = v;
            for (int p = outOff[v]; p < outOff[v + 1]; p++) {
                int t = outAdj[p];
                if (--indeg[t] == 0) {
                    siftUp(heap, size++, t);
                }
            }
        }
        if (k != n) {
            throw new DagException(DagException.Kind.HAS_CYCLES, "graph has a cycle");
        }
        return order;
    }

    private static void siftDown(int[] heap, int size, int x) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && heap[r] < heap[c]) {
                c = r;
            }
            if (x <= heap[c]) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        if (size > 0) {
            heap[i] = x;
        }
    }

    private static void siftUp(int[] heap, int i, int x) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= x) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = x;
    }

    /** Ids reachable from start along the adjacency, excluding start, ascending. */
    static int[] reach(int start, int[] ids, int[] off, int[] adj) {
        int n = ids.length;
        boolean[] seen = new boolean[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        seen[start] = true;
        queue[tail++] = start;
        while (head < tail) {
            int v = queue[head++];
            for (int p = off[v]; p < off[v + 1]; p++) {
                int t = adj[p];
                if (!seen[t]) {
                    seen[t] = true;
                    queue[tail++] = t;
                }
            }
        }
        int[] r = new int[tail - 1];
        for (int v = 0, k = 0; v < n; v++) {
            if (seen[v] && v != start) {
                r[k++] = ids[v];
            }
        }
        return r;
    }

    /** Shortest edge count from s to t, or -1. */
    static int hops(int s, int t, int n, int[] outOff, int[] outAdj) {
        if (s == t) {
            return 0;
        }
        int[] dist = new int[n];
        java.util.Arrays.fill(dist, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        dist[s] = 0;
        queue[tail++] = s;
        while (head < tail) {
            int v = queue[head++];
            for (int p = outOff[v]; p < outOff[v + 1]; p++) {
                int w = outAdj[p];
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    if (w == t) {
                        return dist[w];
                    }
                    queue[tail++] = w;
                }
            }
        }
        return -1;
    }

    /** Multi-source backward BFS from every sink. */
    static int[] hopsToSink(int n, int[] outOff, int[] inOff, int[] inAdj) {
        int[] dist = new int[n];
        java.util.Arrays.fill(dist, -1);
        int[] queue = new int[n];
        int tail = 0;
        for (int v = 0; v < n; v++) {
            if (outOff[v] == outOff[v + 1]) {
                dist[v] = 0;
                queue[tail++] = v;
            }
        }
        int head = 0;
        while (head < tail) {
            int v = queue[head++];
            for (int p = inOff[v]; p < inOff[v + 1]; p++) {
                int u = inAdj[p];
                if (dist[u] < 0) {
                    dist[u] = dist[v] + 1;
                    queue[tail++] = u;
                }
            }
        }
        return dist;
    }

    static double[] pathDominance(int n, int[] order, int[] outOff, int[] outAdj, int[] inOff, int[] inAdj) {
        double[] pin = new double[n];
        double[] pout = new double[n];
        boolean overflow = false;
        for (int r = 0; r < n; r++) {
            int v = order[r];
            double s = 0;
            if (inOff[v] == inOff[v + 1]) {
                s = 1;
            } else {
                for (int p = inOff[v]; p < inOff[v + 1]; p++) {
                    s += pin[inAdj[p]];
                }
            }
            pin[v] = s;
        }
        for (int r = n - 1; r >= 0; r--) {
            int v = order[r];
            double s = 0;
            if (outOff[v] == outOff[v + 1]) {
                s = 1;
            } else {
                for (int p = outOff[v]; p < outOff[v + 1]; p++) {
                    s += pout[outAdj[p]];
                }
            }
            pout[v] = s;
        }
        double total = 0;
        for (int v = 0; v < n; v++) {
            if (outOff[v] == outOff[v + 1]) {
                total += pin[v];
            }
        }
        double[] kappa = new double[n];
        if (Double.isInfinite(total)) {
            overflow = true;
        } else {
            for (int v = 0; v < n; v++) {
                double prod = pin[v] * pout[v];
                if (Double.isInfinite(prod)) {
                    overflow = true;
                    break;
                }
                kappa[v] = prod / total;
            }
        }
        if (overflow) {
            logDomain(n, order, outOff, outAdj, inOff, inAdj, kappa);
        }
        boolean[] cut = singleVertexCuts(n, order, outOff, outAdj, inOff);
        for (int v = 0; v < n; v++) {
            kappa[v] = cut[v] ? 1.0 : Math.max(Double.MIN_VALUE, Math.min(kappa[v], BELOW_ONE));
        }
        return kappa;
    }

    private static final double BELOW_ONE = Math.nextDown(1.0);

    /** Nodes that every source-to-sink path passes through (see the class comment). */
    static boolean[] singleVertexCuts(int n, int[] order, int[] outOff, int[] outAdj, int[] inOff) {
        int[] pos = new int[n];
        for (int r = 0; r < n; r++) {
            pos[order[r]] = r;
        }
        int[] diff = new int[n + 1];
        int lastSource = -1;
        int firstSink = n;
        for (int v = 0; v < n; v++) {
            if (inOff[v] == inOff[v + 1]) {
                lastSource = Math.max(lastSource, pos[v]);
            }
            if (outOff[v] == outOff[v + 1]) {
                firstSink = Math.min(firstSink, pos[v]);
            }
            for (int p = outOff[v]; p < outOff[v + 1]; p++) {
                int a = pos[v] + 1;
                int b = pos[outAdj[p]] - 1;
                if (a <= b) {
                    diff[a]++;
                    diff[b + 1]--;
                }
            }
        }
        // S -> source jumps over [0, pos(source) - 1]; sink -> T over [pos(sink) + 1, n - 1]
        if (lastSource > 0) {
            diff[0]++;
            diff[lastSource]--;
        }
        if (firstSink < n - 1) {
            diff[firstSink + 1]++;
            diff[n]--;
        }
        boolean[] cut = new boolean[n];
        int covered = 0;
        for (int r = 0; r < n; r++) {
            covered += diff[r];
            cut[order[r]] = covered == 0;
        }
        return cut;
    }

    private static void logDomain(
            int n, int[] order, int[] outOff, int[] outAdj, int[] inOff, int[] inAdj, double[] kappa) {
        double[] lin = new double[n];
        double[] lout = new double[n];
        for (int r = 0; r < n; r++) {
            int v = order[r];
            lin[v] = inOff[v] == inOff[v + 1] ? 0.0 : logSumExp(lin, inAdj, inOff[v], inOff[v + 1]);
        }
        for (int r = n - 1; r >= 0; r--) {
            int v = order[r];
            lout[v] = outOff[v] == outOff[v + 1] ? 0.0 : logSumExp(lout, outAdj, outOff[v], outOff[v + 1]);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < n; v++) {
            if (outOff[v] == outOff[v + 1]) {
                max = Math.max(max, lin[v]);
            }
        }
        double sum = 0;
        for (int v = 0; v < n; v++) {
            if (outOff[v] == outOff[v + 1]) {
                sum += Math.exp(lin[v] - max);
            }
        }
        double logTotal = max + Math.log(sum);
        for (int v = 0; v < n; v++) {
            kappa[v] = Math.exp(lin[v] + lout[v] - logTotal);
        }
    }

    private static double logSumExp(double[] x, int[] adj, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int p = from; p < to; p++) {
            max = Math.max(max, x[adj[p]]);
        }
        double s = 0;
        for (int p = from; p < to; p++) {
            s += Math.exp(x[adj[p]] - max);
        }
        return max + Math.log(s);
    }

    /** Operator family of spec 01 §2.7, slots 0-19. */
    static int family(Operator op) {
        return switch (op) {
            case Operator.SeqScan s -> 0;
            case Operator.SubqueryScan s -> 0;
            case Operator.CteScan s -> 0;
            case Operator.IndexScan s -> 1;
            case Operator.IndexOnlyScan s -> 1;
            case Operator.BitmapScan s -> 1;
            case Operator.HnswScan s -> 2;
            case Operator.IvfFlatScan s -> 3;
            case Operator.NestedLoopJoin j -> 4;
            case Operator.HashJoin j -> 5;
            case Operator.MergeJoin j -> 6;
            case Operator.Aggregate a -> 7;
            case Operator.HashAggregate a -> 7;
            case Operator.WindowAgg a -> 7;
            case Operator.GroupBy g -> 8;
            case Operator.Filter f -> 9;
            case Operator.Project p -> 10;
            case Operator.Sort s -> 11;
            case Operator.IncrementalSort s -> 11;
            case Operator.Limit l -> 12;
            case Operator.VectorDistance v -> 13;
            case Operator.Rerank r -> 14;
            case Operator.Materialize m -> 15;
            case Operator.Result r -> 16;
            case Operator.Unique u -> 17;
            case Operator.Append a -> 18;
            case Operator.MergeAppend a -> 18;
            case Operator.Union u -> 18;
            case Operator.Intersect i -> 18;
            case Operator.Except e -> 18;
            case Operator.Gather g -> 19;
            case Operator.GatherMerge g -> 19;
        };
    }

    static double[] planVector(DagSnapshot s) {
        double[] v = new double[DagSnapshot.PLAN_VECTOR_DIMENSION];
        int n = s.size();
        if (n == 0) {
            return v;
        }
        int sinks = 0;
        double sum = 0;
        double max = 0;
        for (int i = 0; i < n; i++) {
            v[family(s.node(i).operator())] += 1.0;
            if (s.outDegree(i) == 0) {
                sinks++;
            }
            double c = s.estimatedCost(i);
            sum += c;
            max = Math.max(max, c);
        }
        for (int f = 0; f < 20; f++) {
            v[f] /= n;
        }
        v[20] = s.maxDepth() / 10.0;
        v[21] = ((double) n / sinks) / 5.0;
        v[22] = (sum / n) / 1000.0;
        v[23] = max / 1000.0;
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            norm = Math.sqrt(norm);
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
        return v;
    }
}
