package io.neuraldag.core.testing;

import io.neuraldag.core.Edge;
import io.neuraldag.core.QueryDag;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Brute-force reference algorithms over a frozen copy of a {@link QueryDag}'s public view (node
 * ids, payload costs and edges), written for obviousness rather than speed, to check the real
 * algorithms against. None of them uses the DAG's snapshot, topological order or any other derived
 * result.
 *
 * <p>Costs: reachability, hops and cut checks are {@code O(n (n + m))} or better; {@link
 * #allSourceSinkPaths()} and everything built on it enumerate every path (exponential: meant for
 * at most about 12 nodes); {@link #smallestTopologicalOrder()} enumerates every permutation
 * ({@code n!}: at most 9 nodes).
 *
 * <p>An instance is immutable after construction and thread-safe.
 */
public final class DagOracles {
    private final int n;
    private final int[] ids;
    private final double[] cost;
    private final int[][] out;
    private final int[][] in;
    private final int edgeCount;

    private DagOracles(QueryDag dag) {
        ids = dag.nodeIds();
        n = ids.length;
        cost = new double[n];
        for (int i = 0; i < n; i++) {
            cost[i] = dag.node(ids[i]).estimatedCost();
        }
        List<Edge> edges = dag.edges();
        edgeCount = edges.size();
        int[] outDeg = new int[n];
        int[] inDeg = new int[n];
        for (Edge e : edges) {
            outDeg[index(e.from())]++;
            inDeg[index(e.to())]++;
        }
        out = new int[n][];
        in = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[outDeg[i]];
            in[i] = new int[inDeg[i]];
        }
        int[] o = new int[n];
        int[] p = new int[n];
        for (Edge e : edges) {
            int a = index(e.from());
            int b = index(e.to());
            out[a][o[a]++] = b;
            in[b][p[b]++] = a;
        }
    }

    /**
     * Freezes the current content of a DAG.
     *
     * @param dag the DAG (read through {@code nodeIds()}, {@code node(id)} and {@code edges()})
     * @return the oracle
     */
    public static DagOracles of(QueryDag dag) {
        return new DagOracles(dag);
    }

    /**
     * The node count.
     *
     * @return n
     */
    public int size() {
        return n;
    }

    /**
     * The node ids, ascending.
     *
     * @return a new array
     */
    public int[] ids() {
        return ids.clone();
    }

    private int index(int id) {
        int i = Arrays.binarySearch(ids, id);
        if (i < 0) {
            throw new IllegalArgumentException("unknown id " + id);
        }
        return i;
    }

    // ------------------------------------------------------------------ reachability

    /**
     * Whether a path of one or more edges leads from {@code from} to {@code to} (so a node does not
     * reach itself in a DAG).
     *
     * @param from start id
     * @param to target id
     * @return reachability
     */
    public boolean reaches(int from, int to) {
        return hops(from, to) > 0;
    }

    /**
     * The shortest edge count from {@code from} to {@code to} by breadth-first search: 0 when they
     * are equal, -1 when unreachable.
     *
     * @param from start id
     * @param to target id
     * @return the hop count or -1
     */
    public int hops(int from, int to) {
        int[] dist = bfs(index(from), out);
        return dist[index(to)];
    }

    /**
     * Every id reachable from {@code id} along edges, excluding itself, ascending.
     *
     * @param id the node
     * @return the descendants
     */
    public int[] descendants(int id) {
        return reachedIds(index(id), out);
    }

    /**
     * Every id that reaches {@code id}, excluding itself, ascending.
     *
     * @param id the node
     * @return the ancestors
     */
    public int[] ancestors(int id) {
        return reachedIds(index(id), in);
    }

    /**
     * The shortest edge count from {@code id} to any sink, by BFS from the node.
     *
     * @param id the node
     * @return the hop count (0 for a sink)
     */
    public int hopsToSink(int id) {
        int[] dist = bfs(index(id), out);
        int best = Integer.MAX_VALUE;
        for (int v = 0; v < n; v++) {
            if (dist[v] >= 0 && out[v].length == 0) {
                best = Math.min(best, dist[v]);
            }
        }
        return best;
    }

    /**
     * The ids with no incoming edge, ascending.
     *
     * @return the sources
     */
    public int[] sources() {
        List<Integer> list = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (in[v].length == 0) {
                list.add(ids[v]);
            }
        }
        return toArray(list);
    }

    /**
     * The ids with no outgoing edge, ascending.
     *
     * @return the sinks
     */
    public int[] sinks() {
        List<Integer> list = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (out[v].length == 0) {
                list.add(ids[v]);
            }
        }
        return toArray(list);
    }

    /**
     * Whether every source-to-sink path passes through {@code id}: after deleting the node, no
     * source of the original DAG other than it reaches (or is) a sink of the original DAG other
     * than it.
     *
     * @param id the node
     * @return whether {@code {id}} alone separates the sources from the sinks
     */
    public boolean isSingleVertexCut(int id) {
        int cut = index(id);
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int v = 0; v < n; v++) {
            if (v != cut && in[v].length == 0) {
                seen[v] = true;
                queue.add(v);
            }
        }
        while (!queue.isEmpty()) {
            int v = queue.poll();
            if (out[v].length == 0) {
                return false;
            }
            for (int w : out[v]) {
                if (w != cut && !seen[w]) {
                    seen[w] = true;
                    queue.add(w);
                }
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ topological orders

    /**
     * Whether {@code order} lists every id exactly once with every edge's source before its target.
     *
     * @param order candidate order of ids
     * @return validity
     */
    public boolean isTopologicalOrder(int[] order) {
        if (order.length != n) {
            return false;
        }
        int[] pos = new int[n];
        Arrays.fill(pos, -1);
        for (int k = 0; k < n; k++) {
            int i = Arrays.binarySearch(ids, order[k]);
            if (i < 0 || pos[i] >= 0) {
                return false;
            }
            pos[i] = k;
        }
        for (int a = 0; a < n; a++) {
            for (int b : out[a]) {
                if (pos[a] >= pos[b]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The lexicographically smallest topological order, found by enumerating the permutations of
     * the ids in lexicographic order (depth first, smallest id first at every position) and
     * returning the first one that respects every edge. A prefix that already places a node after
     * one of its children is abandoned, which skips only permutations that are invalid anyway.
     * {@code O(n! n)} in the worst case.
     *
     * @return the order
     * @throws IllegalArgumentException for more than 10 nodes
     */
    public int[] smallestTopologicalOrder() {
        if (n > 10) {
            throw new IllegalArgumentException("permutation enumeration is limited to 10 nodes, got " + n);
        }
        int[] perm = new int[n];
        boolean[] used = new boolean[n];
        if (!extend(perm, used, 0)) {
            throw new IllegalStateException("no topological order: the graph has a cycle");
        }
        int[] order = new int[n];
        for (int k = 0; k < n; k++) {
            order[k] = ids[perm[k]];
        }
        if (!isTopologicalOrder(order)) {
            throw new IllegalStateException("enumeration produced an invalid order");
        }
        return order;
    }

    private boolean extend(int[] perm, boolean[] used, int k) {
        if (k == n) {
            return true;
        }
        for (int c = 0; c < n; c++) {
            if (used[c] || hasChildIn(c, used)) {
                continue;
            }
            used[c] = true;
            perm[k] = c;
            if (extend(perm, used, k + 1)) {
                return true;
            }
            used[c] = false;
        }
        return false;
    }

    private boolean hasChildIn(int v, boolean[] used) {
        for (int w : out[v]) {
            if (used[w]) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ paths

    /**
     * Every maximal path, from a source to a sink, as ids (a single isolated node is a path of
     * one node). Exponential: use on small DAGs only.
     *
     * @return a new list of paths
     * @throws IllegalArgumentException if there are more than 1 000 000 paths
     */
    public List<int[]> allSourceSinkPaths() {
        List<int[]> paths = new ArrayList<>();
        int[] stack = new int[n];
        for (int s = 0; s < n; s++) {
            if (in[s].length == 0) {
                walk(s, stack, 0, paths);
            }
        }
        return paths;
    }

    private void walk(int v, int[] stack, int depth, List<int[]> paths) {
        stack[depth] = v;
        if (out[v].length == 0) {
            if (paths.size() >= 1_000_000) {
                throw new IllegalArgumentException("too many paths to enumerate");
            }
            int[] p = new int[depth + 1];
            for (int k = 0; k <= depth; k++) {
                p[k] = ids[stack[k]];
            }
            paths.add(p);
            return;
        }
        for (int w : out[v]) {
            walk(w, stack, depth + 1, paths);
        }
    }

    /**
     * The sum of {@code estimatedCost} over the ids of a path.
     *
     * @param path ids
     * @return the cost
     */
    public double pathCost(int[] path) {
        double c = 0;
        for (int id : path) {
            c += cost[index(id)];
        }
        return c;
    }

    /**
     * The largest cost of a source-to-sink path, by enumeration (0 for an empty DAG).
     *
     * @return the maximum cost
     */
    public double maxPathCost() {
        double best = 0;
        for (int[] p : allSourceSinkPaths()) {
            best = Math.max(best, pathCost(p));
        }
        return best;
    }

    /**
     * The largest node count of a source-to-sink path, by enumeration (0 for an empty DAG).
     *
     * @return the maximum node count
     */
    public int maxPathNodes() {
        int best = 0;
        for (int[] p : allSourceSinkPaths()) {
            best = Math.max(best, p.length);
        }
        return best;
    }

    /**
     * The fraction of source-to-sink paths that contain {@code id}, by enumeration.
     *
     * @param id the node
     * @return the fraction in [0, 1]
     */
    public double pathFraction(int id) {
        List<int[]> paths = allSourceSinkPaths();
        int hit = 0;
        for (int[] p : paths) {
            for (int x : p) {
                if (x == id) {
                    hit++;
                    break;
                }
            }
        }
        return (double) hit / paths.size();
    }

    /**
     * The longest edge count from {@code id} to a sink, by enumerating paths: the largest number
     * of nodes after {@code id} on any source-to-sink path through it.
     *
     * @param id the node
     * @return the depth
     */
    public int depthByPaths(int id) {
        int best = -1;
        for (int[] p : allSourceSinkPaths()) {
            for (int k = 0; k < p.length; k++) {
                if (p[k] == id) {
                    best = Math.max(best, p.length - 1 - k);
                }
            }
        }
        return best;
    }

    /**
     * The longest edge count from a source to {@code id}, by enumerating paths.
     *
     * @param id the node
     * @return the level
     */
    public int levelByPaths(int id) {
        int best = -1;
        for (int[] p : allSourceSinkPaths()) {
            for (int k = 0; k < p.length; k++) {
                if (p[k] == id) {
                    best = Math.max(best, k);
                }
            }
        }
        return best;
    }

    /**
     * The edge count.
     *
     * @return m
     */
    public int edgeCount() {
        return edgeCount;
    }

    // ------------------------------------------------------------------ helpers

    private int[] bfs(int start, int[][] adj) {
        int[] dist = new int[n];
        Arrays.fill(dist, -1);
        dist[start] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int w : adj[v]) {
                if (dist[w] < 0) {
                    dist[w] = dist[v] + 1;
                    queue.add(w);
                }
            }
        }
        return dist;
    }

    private int[] reachedIds(int start, int[][] adj) {
        int[] dist = bfs(start, adj);
        List<Integer> list = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (dist[v] > 0) {
                list.add(ids[v]);
            }
        }
        return toArray(list);
    }

    private static int[] toArray(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
