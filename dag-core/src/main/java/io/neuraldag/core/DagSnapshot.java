package io.neuraldag.core;

import java.util.Arrays;
import java.util.Objects;
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
    // Payloads. When columns is null every entry is set; otherwise (a DAG read from bytes) an
    // entry may be null until first read, and is then built from the columns.
    private final @Nullable OperatorNode[] nodes;
    private final @Nullable PayloadColumns columns;
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
        this(ids, nodes, null, outOff, outAdj, inOff, inAdj, nextId, costs(nodes), rowEstimates(nodes));
    }

    /*
     * A snapshot over payloads held in columns: nodes[i] is node i's record if already built
     * (always when it has an optional value), else null, built from the columns on first read. All
     * arrays are shared, never written but for those null entries; the columns' estimates are the
     * snapshot's own.
     */
    DagSnapshot(
            int[] ids,
            @Nullable OperatorNode[] nodes,
            PayloadColumns columns,
            int[] outOff,
            int[] outAdj,
            int[] inOff,
            int[] inAdj,
            int nextId) {
        this(ids, nodes, columns, outOff, outAdj, inOff, inAdj, nextId, columns.cost(), columns.rows());
    }

    private DagSnapshot(
            int[] ids,
            @Nullable OperatorNode[] nodes,
            @Nullable PayloadColumns columns,
            int[] outOff,
            int[] outAdj,
            int[] inOff,
            int[] inAdj,
            int nextId,
            double[] cost,
            double[] rows) {
        this.ids = ids;
        this.nodes = nodes;
        this.columns = columns;
        this.outOff = outOff;
        this.outAdj = outAdj;
        this.inOff = inOff;
        this.inAdj = inAdj;
        this.nextId = nextId;
        this.cost = cost;
        this.rows = rows;
        int n = ids.length;
        this.denseIds = n == 0 || ids[n - 1] == n - 1;
    }

    private static double[] costs(OperatorNode[] nodes) {
        double[] c = new double[nodes.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = nodes[i].estimatedCost();
        }
        return c;
    }

    private static double[] rowEstimates(OperatorNode[] nodes) {
        double[] r = new double[nodes.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = nodes[i].estimatedRows();
        }
        return r;
    }

    /**
     * The snapshot of the same structure with other payloads ({@code newNodes}, owned from now on):
     * the CSR arrays and the memoized results that depend on the structure alone are shared; the
     * structural fingerprint also when {@code sameOperators} (no operator differs). Cost-dependent
     * results (critical path, plan vector, full fingerprint) are recomputed on first use.
     */
    DagSnapshot withNodes(OperatorNode[] newNodes, int newNextId, boolean sameOperators) {
        boolean same = newNodes == nodes;
        DagSnapshot d = same
                ? new DagSnapshot(ids, nodes, columns, outOff, outAdj, inOff, inAdj, newNextId, cost, rows)
                : new DagSnapshot(ids, newNodes, outOff, outAdj, inOff, inAdj, newNextId);
        d.topo = topo;
        d.levels = levels;
        d.kappa = kappa;
        d.hopsToSink = hopsToSink;
        if (sameOperators || same) {
            d.structuralFingerprint = structuralFingerprint;
        }
        if (same) {
            // the very same content: every memoized result holds
            d.crit = crit;
            d.planVector = planVector;
            d.fullFingerprint = fullFingerprint;
        }
        return d;
    }

    /**
     * The snapshot of the same node set after {@code k} edge edits, derived from this one in {@code
     * O(n + m)} array copies instead of a rebuild from the mutable DAG: edit {@code e} adds ({@code
     * add[e]}) or removes the edge {@code from[e] -> to[e]} (indices of this snapshot). The edits
     * form a net change: no pair repeats, an added edge is absent here and a removed one present, and
     * the result is acyclic. {@code newNodes} (owned from now on) replaces the payloads, or null to
     * keep them. The memoized topological order is kept when it is still the lexicographically
     * smallest one ({@link #orderSurvives}); everything else is recomputed on first use.
     */
    DagSnapshot withEdits(
            OperatorNode @Nullable [] newNodes, int[] from, int[] to, boolean[] add, int k, int newNextId) {
        int n = ids.length;
        int[] byFrom = sortedEdits(from, to, k);
        int[] byTo = sortedEdits(to, from, k);
        int delta = 0;
        for (int e = 0; e < k; e++) {
            delta += add[e] ? 1 : -1;
        }
        int m2 = outAdj.length + delta;
        int[] no = new int[n + 1];
        int[] na = new int[m2];
        applyEdits(outOff, outAdj, n, from, to, add, byFrom, no, na);
        int[] ni = new int[n + 1];
        int[] nia = new int[m2];
        applyEdits(inOff, inAdj, n, to, from, add, byTo, ni, nia);
        DagSnapshot d = newNodes == null
                ? new DagSnapshot(ids, nodes, columns, no, na, ni, nia, newNextId, cost, rows)
                : new DagSnapshot(ids, newNodes, no, na, ni, nia, newNextId);
        Topo t = topo;
        if (t != null && orderSurvives(t, ni, nia, to, byTo, k)) {
            d.topo = t;
            Levels l = levels;
            if (l != null) {
                d.levels = updatedLevels(l, t, no, na, ni, nia, from, to, k);
            }
        }
        return d;
    }

    /*
     * Levels and depths after edge edits, from the old ones, along a topological order that still
     * holds. The level (longest path from a source) can change only at an edit's target and
     * downstream of a node whose level changed, the depth (longest path to a sink) only at an edit's
     * source and upstream; so the ranks are walked from the first such node on (forward for levels,
     * backward for depths), recomputing the nodes marked dirty and marking the neighbours of those
     * that changed, until no dirty node is left. Exact: each node is recomputed from final values.
     */
    private static Levels updatedLevels(
            Levels old, Topo t, int[] no, int[] na, int[] ni, int[] nia, int[] from, int[] to, int k) {
        int n = old.level.length;
        int[] order = t.order;
        int[] rank = t.rank;
        int[] level = old.level.clone();
        int[] depth = old.depth.clone();
        int[] width = old.width.clone(); // n >= 2: an edge was edited
        boolean[] dirty = new boolean[n];
        int pending = 0;
        int first = n;
        for (int e = 0; e < k; e++) {
            int v = to[e];
            if (!dirty[v]) {
                dirty[v] = true;
                pending++;
                first = Math.min(first, rank[v]);
            }
        }
        for (int r = first; pending > 0 && r < n; r++) {
            int w = order[r];
            if (!dirty[w]) {
                continue;
            }
            dirty[w] = false;
            pending--;
            int lv = 0;
            for (int p = ni[w]; p < ni[w + 1]; p++) {
                lv = Math.max(lv, level[nia[p]] + 1);
            }
            if (lv != level[w]) {
                width[level[w]]--;
                if (lv >= width.length) {
                    width = Arrays.copyOf(width, Math.max(lv + 1, 2 * width.length));
                }
                width[lv]++;
                level[w] = lv;
                for (int p = no[w]; p < no[w + 1]; p++) {
                    int c = na[p];
                    if (!dirty[c]) {
                        dirty[c] = true;
                        pending++;
                    }
                }
            }
        }
        int last = -1;
        for (int e = 0; e < k; e++) {
            int u = from[e];
            if (!dirty[u]) {
                dirty[u] = true;
                pending++;
                last = Math.max(last, rank[u]);
            }
        }
        for (int r = last; pending > 0 && r >= 0; r--) {
            int w = order[r];
            if (!dirty[w]) {
                continue;
            }
            dirty[w] = false;
            pending--;
            int dv = 0;
            for (int p = no[w]; p < no[w + 1]; p++) {
                dv = Math.max(dv, depth[na[p]] + 1);
            }
            if (dv != depth[w]) {
                depth[w] = dv;
                for (int p = ni[w]; p < ni[w + 1]; p++) {
                    int c = nia[p];
                    if (!dirty[c]) {
                        dirty[c] = true;
                        pending++;
                    }
                }
            }
        }
        int max = width.length - 1;
        while (max > 0 && width[max] == 0) {
            max--;
        }
        return new Levels(depth, level, max, max + 1 == width.length ? width : Arrays.copyOf(width, max + 1));
    }

    // The edit positions 0..k-1 sorted by (row[e], col[e]); k is small, so insertion sort.
    private static int[] sortedEdits(int[] row, int[] col, int k) {
        int[] p = new int[k];
        for (int i = 0; i < k; i++) {
            int x = i;
            long kx = ((long) row[x] << 32) | col[x];
            int j = i - 1;
            while (j >= 0 && (((long) row[p[j]] << 32) | col[p[j]]) > kx) {
                p[j + 1] = p[j];
                j--;
            }
            p[j + 1] = x;
        }
        return p;
    }

    /*
     * One CSR side after the edits: rows without an edit move as whole blocks (one arraycopy
     * between two edited rows), an edited row is merged with its sorted edits, so that adjacency
     * stays ascending. Offsets shift by the net edit count of the rows before.
     */
    private static void applyEdits(
            int[] off, int[] adj, int n, int[] row, int[] col, boolean[] add, int[] order, int[] no, int[] na) {
        int k = order.length;
        int acc = 0;
        for (int r = 0, e = 0; r < n; r++) {
            while (e < k && row[order[e]] == r) {
                acc += add[order[e]] ? 1 : -1;
                e++;
            }
            no[r + 1] = off[r + 1] + acc;
        }
        int src = 0;
        int dst = 0;
        int e = 0;
        while (e < k) {
            int r = row[order[e]];
            int rs = off[r];
            int re = off[r + 1];
            System.arraycopy(adj, src, na, dst, rs - src);
            dst += rs - src;
            int p = rs;
            while (e < k && row[order[e]] == r) {
                int x = order[e];
                int c = col[x];
                while (p < re && adj[p] < c) {
                    na[dst++] = adj[p++];
                }
                if (add[x]) {
                    na[dst++] = c;
                } else {
                    p++; // adj[p] == c
                }
                e++;
            }
            System.arraycopy(adj, p, na, dst, re - p);
            dst += re - p;
            src = re;
        }
        System.arraycopy(adj, src, na, dst, adj.length - src);
    }

    /*
     * Whether the lexicographically smallest topological order L of this snapshot is still the
     * smallest one after edits that end in the given targets (the new in-lists ni/nia). Kahn's rule
     * "always take the smallest available node" produces L exactly when, for every node w, all its
     * inputs precede it and every node taken while w was available (from the step after its last
     * input, ready(w), up to its own step) is smaller than w. An edge edit u -> v changes the
     * inputs of v alone, so only the targets need the check again: O(indeg + the steps v waited).
     */
    private static boolean orderSurvives(Topo t, int[] ni, int[] nia, int[] target, int[] byTarget, int k) {
        int[] order = t.order;
        int[] rank = t.rank;
        for (int e = 0; e < k; e++) {
            int v = target[byTarget[e]];
            if (e > 0 && target[byTarget[e - 1]] == v) {
                continue;
            }
            int rv = rank[v];
            int ready = 0;
            for (int p = ni[v]; p < ni[v + 1]; p++) {
                int ru = rank[nia[p]];
                if (ru >= rv) {
                    return false;
                }
                if (ru + 1 > ready) {
                    ready = ru + 1;
                }
            }
            for (int r = ready; r < rv; r++) {
                if (order[r] > v) {
                    return false;
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ structure

    // The raw arrays, shared and not copied, for the serializers of this package (which only read).
    int[] idArray() {
        return ids;
    }

    // every payload built: the array with no null entry left
    @SuppressWarnings("NullAway") // columns is null only when every entry is set
    OperatorNode[] nodeArray() {
        PayloadColumns c = columns;
        return c == null ? nodes : c.fill(nodes);
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
        OperatorNode x = nodes[index];
        return x != null ? x : Objects.requireNonNull(columns).node(nodes, index);
    }

    /**
     * The operator tag at an index.
     *
     * @param index the index
     * @return the tag, 0–31
     */
    public int tag(int index) {
        OperatorNode x = nodes[index];
        return (x != null ? x.operator() : Objects.requireNonNull(columns).operator(index)).tag();
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

    // order: the indices by rank; rank: its inverse (the same array when the order is the identity)
    @SuppressWarnings("ArrayRecordComponent") // private memo holder, never compared
    private record Topo(int[] order, int[] rank) {}

    private Topo topo() {
        Topo t = topo;
        if (t == null) {
            int[] order = DagAlgorithms.topologicalOrder(ids.length, outOff, outAdj, inOff);
            t = new Topo(order, inverse(order));
            topo = t;
        }
        return t;
    }

    private static int[] inverse(int[] order) {
        int n = order.length;
        int i = 0;
        while (i < n && order[i] == i) {
            i++;
        }
        if (i == n) {
            return order;
        }
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            rank[order[r]] = r;
        }
        return rank;
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
                && Arrays.equals(nodeArray(), o.nodeArray());
    }

    int contentHash() {
        int h = Arrays.hashCode(ids);
        h = 31 * h + Arrays.hashCode(outAdj);
        h = 31 * h + Arrays.hashCode(outOff);
        return 31 * h + Arrays.hashCode(nodeArray());
    }
}
