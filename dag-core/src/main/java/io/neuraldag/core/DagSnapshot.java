package io.neuraldag.core;

import java.util.Arrays;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * An immutable compressed-sparse-row view of a {@link QueryDag}, on which every algorithm runs.
 *
 * <p>Nodes are addressed by <em>index</em> {@code 0 .. size()-1}, the rank of their id in
 * ascending order ({@link #id(int)} and {@link #indexOf(int)} convert). Out-neighbours of index
 * {@code i} are {@code outTarget(p)} for {@code p} in {@code [outStart(i), outEnd(i))}, ascending;
 * in-neighbours likewise through {@code inStart/inEnd/inSource}. Methods whose name ends in {@code
 * Of} or {@code Ids} take or return node ids instead.
 *
 * <p>Derived results (topological order, depth and level, critical path, criticality, plan vector,
 * fingerprints) are computed on first use in {@code O(n + m)} (the topological order in {@code
 * O(m + n log n)}) and memoized.
 *
 * <p>Thread-safe: the content never changes, and memoized results are published safely (a result
 * may be computed more than once under a race, never observed half-built).
 */
public final class DagSnapshot {
    /** Length of {@link #planVector()}. */
    public static final int PLAN_VECTOR_DIMENSION = 256;

    private final int[] ids;
    private final OperatorNode[] nodes;
    private final int[] outOff;
    private final int[] outAdj;
    private final int[] inOff;
    private final int[] inAdj;
    private final double[] cost;
    private final double[] rows;
    private final int nextId;
    private final boolean denseIds;

    private volatile @Nullable Topo topo;
    private volatile @Nullable Levels levels;
    private volatile @Nullable Crit crit;
    private volatile double @Nullable [] kappa;
    private volatile int @Nullable [] hopsToSink;
    private volatile double @Nullable [] planVector;
    private volatile @Nullable Fingerprint fullFingerprint;
    private volatile @Nullable Fingerprint structuralFingerprint;

    DagSnapshot(int[] ids, OperatorNode[] nodes, int[] outOff, int[] outAdj, int[] inOff, int[] inAdj, int nextId) {
        this.ids = ids;
        this.nodes = nodes;
        this.outOff = outOff;
        this.outAdj = outAdj;
        this.inOff = inOff;
        this.inAdj = inAdj;
        this.nextId = nextId;
        int n = ids.length;
        this.cost = new double[n];
        this.rows = new double[n];
        for (int i = 0; i < n; i++) {
            cost[i] = nodes[i].estimatedCost();
            rows[i] = nodes[i].estimatedRows();
        }
        this.denseIds = n == 0 || ids[n - 1] == n - 1;
    }

    /**
     * The snapshot of the same structure with other payloads ({@code newNodes}, owned from now on):
     * the CSR arrays and the memoized results that depend on the structure alone are shared; the
     * structural fingerprint also when {@code sameOperators} (no operator differs). Cost-dependent
     * results (critical path, plan vector, full fingerprint) are recomputed on first use.
     */
    DagSnapshot withNodes(OperatorNode[] newNodes, int newNextId, boolean sameOperators) {
        DagSnapshot d = new DagSnapshot(ids, newNodes, outOff, outAdj, inOff, inAdj, newNextId);
        d.topo = topo;
        d.levels = levels;
        d.kappa = kappa;
        d.hopsToSink = hopsToSink;
        if (sameOperators) {
            d.structuralFingerprint = structuralFingerprint;
        }
        return d;
    }

    // ------------------------------------------------------------------ structure

    // The raw arrays, shared and not copied, for the serializers of this package (which only read).
    int[] idArray() {
        return ids;
    }

    OperatorNode[] nodeArray() {
        return nodes;
    }

    int[] outOffsets() {
        return outOff;
    }

    int[] outTargets() {
        return outAdj;
    }

    /**
     * The node count n.
     *
     * @return n
     */
    public int size() {
        return ids.length;
    }

    /**
     * The edge count m.
     *
     * @return m
     */
    public int edgeCount() {
        return outAdj.length;
    }

    /**
     * The {@link QueryDag#nextId()} of the DAG this snapshot was taken from.
     *
     * @return the next id
     */
    public int nextId() {
        return nextId;
    }

    /**
     * The id of a node index.
     *
     * @param index in {@code [0, size())}
     * @return the id
     */
    public int id(int index) {
        return ids[index];
    }

    /**
     * All ids, ascending (index order).
     *
     * @return a new array
     */
    public int[] ids() {
        return ids.clone();
    }

    /**
     * The index of an id, or -1 if absent. {@code O(1)} for ids {@code 0..n-1}, else {@code O(log
     * n)}.
     *
     * @param id the id
     * @return its index or -1
     */
    public int indexOf(int id) {
        if (denseIds) {
            return id >= 0 && id < ids.length ? id : -1;
        }
        int i = Arrays.binarySearch(ids, id);
        return i >= 0 ? i : -1;
    }

    /**
     * The index of an id.
     *
     * @param id the id
     * @return its index
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public int requireIndex(int id) {
        int i = indexOf(id);
        if (i < 0) {
            throw DagException.nodeNotFound(id);
        }
        return i;
    }

    /**
     * The payload at an index.
     *
     * @param index the index
     * @return the payload
     */
    public OperatorNode node(int index) {
        return nodes[index];
    }

    /**
     * The operator tag at an index.
     *
     * @param index the index
     * @return the tag, 0–31
     */
    public int tag(int index) {
        return nodes[index].operator().tag();
    }

    /**
     * The estimated cost at an index.
     *
     * @param index the index
     * @return the cost
     */
    public double estimatedCost(int index) {
        return cost[index];
    }

    /**
     * The estimated rows at an index.
     *
     * @param index the index
     * @return the rows
     */
    public double estimatedRows(int index) {
        return rows[index];
    }

    /**
     * First position of index {@code i}'s out-neighbours.
     *
     * @param i the index
     * @return the start position
     */
    public int outStart(int i) {
        return outOff[i];
    }

    /**
     * End (exclusive) of index {@code i}'s out-neighbours.
     *
     * @param i the index
     * @return the end position
     */
    public int outEnd(int i) {
        return outOff[i + 1];
    }

    /**
     * The out-neighbour index at a position.
     *
     * @param p position in {@code [0, edgeCount())}
     * @return the target index
     */
    public int outTarget(int p) {
        return outAdj[p];
    }

    /**
     * First position of index {@code i}'s in-neighbours.
     *
     * @param i the index
     * @return the start position
     */
    public int inStart(int i) {
        return inOff[i];
    }

    /**
     * End (exclusive) of index {@code i}'s in-neighbours.
     *
     * @param i the index
     * @return the end position
     */
    public int inEnd(int i) {
        return inOff[i + 1];
    }

    /**
     * The in-neighbour index at a position.
     *
     * @param p position in {@code [0, edgeCount())}
     * @return the source index
     */
    public int inSource(int p) {
        return inAdj[p];
    }

    /**
     * The out-degree of an index.
     *
     * @param i the index
     * @return the number of consumers
     */
    public int outDegree(int i) {
        return outOff[i + 1] - outOff[i];
    }

    /**
     * The in-degree of an index.
     *
     * @param i the index
     * @return the number of inputs
     */
    public int inDegree(int i) {
        return inOff[i + 1] - inOff[i];
    }

    int[] parentIds(int id) {
        int i = requireIndex(id);
        int[] r = new int[inDegree(i)];
        for (int p = inOff[i], k = 0; p < inOff[i + 1]; p++, k++) {
            r[k] = ids[inAdj[p]];
        }
        return r;
    }

    int[] childIds(int id) {
        int i = requireIndex(id);
        int[] r = new int[outDegree(i)];
        for (int p = outOff[i], k = 0; p < outOff[i + 1]; p++, k++) {
            r[k] = ids[outAdj[p]];
        }
        return r;
    }

    int[] sources() {
        return zeroDegreeIds(inOff);
    }

    int[] sinks() {
        return zeroDegreeIds(outOff);
    }

    private int[] zeroDegreeIds(int[] off) {
        int c = 0;
        for (int i = 0; i < ids.length; i++) {
            if (off[i] == off[i + 1]) {
                c++;
            }
        }
        int[] r = new int[c];
        for (int i = 0, k = 0; i < ids.length; i++) {
            if (off[i] == off[i + 1]) {
                r[k++] = ids[i];
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ topological order

    @SuppressWarnings("ArrayRecordComponent") // private memo holder, never compared
    private record Topo(int[] order) {}

    private Topo topo() {
        Topo t = topo;
        if (t == null) {
            t = new Topo(DagAlgorithms.topologicalOrder(ids.length, outOff, outAdj, inOff));
            topo = t;
        }
        return t;
    }

    /**
     * The lexicographically smallest topological order, as indices (spec 01 §2.2).
     *
     * @return a new array of indices
     */
    public int[] topologicalOrder() {
        return topo().order.clone();
    }

    /**
     * The index at a rank of {@link #topologicalOrder()}, without copying.
     *
     * @param rank in {@code [0, size())}
     * @return the index
     */
    public int topologicalAt(int rank) {
        return topo().order[rank];
    }

    int[] topologicalOrderIds() {
        int[] order = topo().order;
        int[] r = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            r[k] = ids[order[k]];
        }
        return r;
    }

    // ------------------------------------------------------------------ depth, level

    @SuppressWarnings("ArrayRecordComponent") // private memo holder, never compared
    private record Levels(int[] depth, int[] level, int maxDepth, int[] width) {}

    private Levels levels() {
        Levels l = levels;
        if (l == null) {
            int n = ids.length;
            int[] order = topo().order;
            int[] level = new int[n];
            int[] depth = new int[n];
            int max = 0;
            for (int r = 0; r < n; r++) {
                int v = order[r];
                int lv = 0;
                for (int p = inOff[v]; p < inOff[v + 1]; p++) {
                    int c = level[inAdj[p]] + 1;
                    if (c > lv) {
                        lv = c;
                    }
                }
                level[v] = lv;
                if (lv > max) {
                    max = lv;
                }
            }
            for (int r = n - 1; r >= 0; r--) {
                int v = order[r];
                int dv = 0;
                for (int p = outOff[v]; p < outOff[v + 1]; p++) {
                    int c = depth[outAdj[p]] + 1;
                    if (c > dv) {
                        dv = c;
                    }
                }
                depth[v] = dv;
            }
            int[] width = new int[n == 0 ? 0 : max + 1];
            for (int v = 0; v < n; v++) {
                width[level[v]]++;
            }
            l = new Levels(depth, level, max, width);
            levels = l;
        }
        return l;
    }

    /**
     * Longest edge count from an index to a sink.
     *
     * @param index the index
     * @return the depth
     */
    public int depth(int index) {
        return levels().depth[index];
    }

    /**
     * Longest edge count from a source to an index.
     *
     * @param index the index
     * @return the level
     */
    public int level(int index) {
        return levels().level[index];
    }

    int depthOf(int id) {
        return depth(requireIndex(id));
    }

    int levelOf(int id) {
        return level(requireIndex(id));
    }

    /**
     * Edge count of the longest path; 0 for an empty DAG.
     *
     * @return the maximum depth
     */
    public int maxDepth() {
        return levels().maxDepth;
    }

    /**
     * Number of levels ({@code maxDepth() + 1}, or 0 for an empty DAG).
     *
     * @return the level count
     */
    public int levelCount() {
        return levels().width.length;
    }

    /**
     * Number of nodes on a level.
     *
     * @param level in {@code [0, levelCount())}
     * @return the width
     */
    public int width(int level) {
        return levels().width[level];
    }

    /**
     * The largest width over all levels (0 for an empty DAG).
     *
     * @return the branch count
     */
    public int branchCount() {
        int b = 0;
        for (int w : levels().width) {
            b = Math.max(b, w);
        }
        return b;
    }

    // ------------------------------------------------------------------ reachability

    int[] ancestorIds(int id) {
        return DagAlgorithms.reach(requireIndex(id), ids, inOff, inAdj);
    }

    int[] descendantIds(int id) {
        return DagAlgorithms.reach(requireIndex(id), ids, outOff, outAdj);
    }

    OptionalInt hops(int fromId, int toId) {
        int h = DagAlgorithms.hops(requireIndex(fromId), requireIndex(toId), ids.length, outOff, outAdj);
        return h < 0 ? OptionalInt.empty() : OptionalInt.of(h);
    }

    /**
     * Shortest edge count from an index to any sink.
     *
     * @param index the index
     * @return the hop count
     */
    public int hopsToSink(int index) {
        int[] h = hopsToSink;
        if (h == null) {
            h = DagAlgorithms.hopsToSink(ids.length, outOff, inOff, inAdj);
            hopsToSink = h;
        }
        return h[index];
    }

    int hopsToSinkOf(int id) {
        return hopsToSink(requireIndex(id));
    }

    // ------------------------------------------------------------------ critical path

    @SuppressWarnings("ArrayRecordComponent") // private memo holder, never compared
    private record Crit(
            double[] forward,
            double[] backward,
            double lStar,
            boolean[] critical,
            int[] setIds,
            CriticalPath path,
            double bottleneck,
            boolean unitWeights) {}

    private Crit crit() {
        Crit c = crit;
        if (c == null) {
            c = computeCrit();
            crit = c;
        }
        return c;
    }

    private Crit computeCrit() {
        int n = ids.length;
        int[] order = topo().order;
        boolean unit = true;
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (cost[i] != 0.0) {
                unit = false;
            }
            total += cost[i];
        }
        double[] f = new double[n];
        double[] g = new double[n];
        for (int r = 0; r < n; r++) {
            int v = order[r];
            double best = 0;
            for (int p = inOff[v]; p < inOff[v + 1]; p++) {
                double x = f[inAdj[p]];
                if (x > best) {
                    best = x;
                }
            }
            f[v] = (unit ? 1.0 : cost[v]) + best;
        }
        for (int r = n - 1; r >= 0; r--) {
            int v = order[r];
            double best = 0;
            for (int p = outOff[v]; p < outOff[v + 1]; p++) {
                double x = g[outAdj[p]];
                if (x > best) {
                    best = x;
                }
            }
            g[v] = (unit ? 1.0 : cost[v]) + best;
        }
        double lStar = 0;
        for (int v = 0; v < n; v++) {
            double t = f[v] + g[v] - (unit ? 1.0 : cost[v]);
            if (t > lStar) {
                lStar = t;
            }
        }
        double threshold = lStar - 1e-9 * Math.max(1.0, lStar);
        boolean[] critical = new boolean[n];
        int count = 0;
        double maxCritCost = 0;
        for (int v = 0; v < n; v++) {
            double t = f[v] + g[v] - (unit ? 1.0 : cost[v]);
            if (t >= threshold) {
                critical[v] = true;
                count++;
                maxCritCost = Math.max(maxCritCost, cost[v]);
            }
        }
        int[] setIds = new int[count];
        for (int v = 0, k = 0; v < n; v++) {
            if (critical[v]) {
                setIds[k++] = ids[v];
            }
        }
        CriticalPath path;
        if (n == 0) {
            path = new CriticalPath(new int[0], 0.0);
        } else {
            int sink = -1;
            for (int v = 0; v < n; v++) {
                if (outOff[v] == outOff[v + 1] && (sink < 0 || f[v] > f[sink])) {
                    sink = v;
                }
            }
            int[] rev = new int[levels().maxDepth + 1];
            int len = 0;
            double pathCost = 0;
            for (int v = sink; v >= 0; ) {
                rev[len++] = ids[v];
                pathCost += cost[v];
                int best = -1;
                for (int p = inOff[v]; p < inOff[v + 1]; p++) {
                    int u = inAdj[p];
                    if (best < 0 || f[u] > f[best]) {
                        best = u;
                    }
                }
                v = best;
            }
            int[] pathIds = new int[len];
            for (int k = 0; k < len; k++) {
                pathIds[k] = rev[len - 1 - k];
            }
            path = new CriticalPath(pathIds, pathCost);
        }
        double bottleneck = total > 0 ? maxCritCost / total : 0.0;
        return new Crit(f, g, lStar, critical, setIds, path, bottleneck, unit);
    }

    /**
     * {@code F(v)}: the largest weight of a path from a source ending at the index (spec 01 §2.5).
     *
     * @param index the index
     * @return F
     */
    public double forwardCost(int index) {
        return crit().forward[index];
    }

    /**
     * {@code G(v)}: the largest weight of a path from the index to a sink.
     *
     * @param index the index
     * @return G
     */
    public double backwardCost(int index) {
        return crit().backward[index];
    }

    /**
     * {@code through(v) = F + G - w}: the weight of the heaviest source-to-sink path through the
     * index.
     *
     * @param index the index
     * @return through
     */
    public double throughCost(int index) {
        Crit c = crit();
        return c.forward[index] + c.backward[index] - (c.unitWeights ? 1.0 : cost[index]);
    }

    /**
     * {@code L*}: the weight of a heaviest source-to-sink path (node count when all costs are 0).
     *
     * @return L*
     */
    public double criticalPathWeight() {
        return crit().lStar;
    }

    /**
     * Whether the index is on some maximum-weight path.
     *
     * @param index the index
     * @return membership in the critical set
     */
    public boolean isCritical(int index) {
        return crit().critical[index];
    }

    /**
     * Whether all costs are 0, so that the critical path is weighed by node count.
     *
     * @return whether unit weights are in use
     */
    public boolean unitWeights() {
        return crit().unitWeights;
    }

    CriticalPath criticalPath() {
        return crit().path;
    }

    int[] criticalSetIds() {
        return crit().setIds.clone();
    }

    double bottleneckScore() {
        return crit().bottleneck;
    }

    // ------------------------------------------------------------------ criticality

    /**
     * Path-dominance criticality of an index (spec 01 §2.6), in (0, 1].
     *
     * @param index the index
     * @return kappa
     */
    public double criticality(int index) {
        double[] k = kappa;
        if (k == null) {
            k = DagAlgorithms.pathDominance(ids.length, topo().order, outOff, outAdj, inOff, inAdj);
            kappa = k;
        }
        return k[index];
    }

    double criticalityOf(int id) {
        return criticality(requireIndex(id));
    }

    // ------------------------------------------------------------------ plan vector

    /**
     * The 256-dimensional plan vector of spec 01 §2.7.
     *
     * @return a new array
     */
    public double[] planVector() {
        double[] v = planVector;
        if (v == null) {
            v = DagAlgorithms.planVector(this);
            planVector = v;
        }
        return v.clone();
    }

    // ------------------------------------------------------------------ fingerprints

    Fingerprint fullFingerprint() {
        Fingerprint f = fullFingerprint;
        if (f == null) {
            f = DagBinary.fullFingerprint(this);
            fullFingerprint = f;
        }
        return f;
    }

    Fingerprint structuralFingerprint() {
        Fingerprint f = structuralFingerprint;
        if (f == null) {
            f = DagBinary.structuralFingerprint(this);
            structuralFingerprint = f;
        }
        return f;
    }

    // ------------------------------------------------------------------ equality

    boolean sameContent(DagSnapshot o) {
        return Arrays.equals(ids, o.ids)
                && Arrays.equals(outOff, o.outOff)
                && Arrays.equals(outAdj, o.outAdj)
                && Arrays.equals(nodes, o.nodes);
    }

    int contentHash() {
        int h = Arrays.hashCode(ids);
        h = 31 * h + Arrays.hashCode(outAdj);
        h = 31 * h + Arrays.hashCode(outOff);
        return 31 * h + Arrays.hashCode(nodes);
    }
}
