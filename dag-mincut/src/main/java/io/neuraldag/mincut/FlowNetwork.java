package io.neuraldag.mincut;

import java.util.Arrays;

/**
 * A directed graph with arc capacities, the input of every max-flow computation in this module.
 * Independent of query plans: any directed graph is accepted, cycles and parallel arcs included.
 *
 * <p>Nodes are {@code 0 .. nodeCount()-1} and arcs {@code 0 .. arcCount()-1}, both numbered in
 * insertion order; neither is ever removed, so ids are stable. An arc of capacity 0 carries no flow
 * and is equivalent to an absent arc. Capacities are {@code >= 0} and finite, or {@link
 * Double#POSITIVE_INFINITY}; NaN, negative values and self-loops are rejected with a {@link
 * MinCutException}, and a rejected call leaves the network unchanged.
 *
 * {@snippet :
 * FlowNetwork net = new FlowNetwork();
 * int s = net.addNode();
 * int t = net.addNode();
 * net.addArc(s, t, 2.5);
 * double lambda = MinCutSolver.create().solve(net, s, t).lambda();   // 2.5
 * }
 *
 * <p>Storage is primitive arrays in forward-star form: every arc {@code a} has two half-edges, {@code
 * 2a} from tail to head and {@code 2a+1} from head to tail, linked into the incidence list of the
 * node they leave. {@link #addNode()} and {@link #addArc} run in amortized {@code O(1)}, accessors in
 * {@code O(1)}, {@link #outArcs}/{@link #inArcs} in {@code O(degree)}. At most {@code 2^30 - 1} arcs.
 *
 * <p><b>Not thread-safe.</b> Confine a network to one thread or hand out a {@link #copy()}.
 */
public final class FlowNetwork {
    static final int NONE = -1;
    private static final int MAX_ARCS = (1 << 30) - 1;

    int nodeCount;
    int arcCount;
    /** Per node: the first half-edge of its incidence list, or NONE. */
    int[] first;
    /** Per half-edge: the next half-edge leaving the same node, or NONE. */
    int[] next;
    /** Per half-edge: the node it points to (head for 2a, tail for 2a+1). */
    int[] to;
    /** Per arc: its capacity. */
    double[] cap;
    /** Per half-edge: the previous half-edge of the list it is linked into, or NONE. */
    int[] prev;
    /**
     * Per node: the first half-edge of its list of parked half-edges (arcs of capacity 0 taken out
     * of the incidence lists by {@link #park}), or NONE.
     */
    int[] parkedFirst;
    /** Per arc: whether it is parked. */
    boolean[] parked;

    /** Creates an empty network. */
    public FlowNetwork() {
        this(8, 8);
    }

    /**
     * Creates an empty network sized for the given counts (a hint, not a limit).
     *
     * @param expectedNodes expected node count, {@code >= 0}
     * @param expectedArcs expected arc count, {@code >= 0}
     * @throws MinCutException {@code INVALID_ARGUMENT} if a hint is negative
     */
    public FlowNetwork(int expectedNodes, int expectedArcs) {
        if (expectedNodes < 0 || expectedArcs < 0 || expectedArcs > MAX_ARCS) {
            throw new MinCutException(
                    MinCutException.Kind.INVALID_ARGUMENT,
                    "expected sizes must be >= 0 (arcs < 2^30): " + expectedNodes + ", " + expectedArcs);
        }
        int nc = Math.max(4, expectedNodes);
        int ac = Math.max(4, expectedArcs);
        first = new int[nc];
        Arrays.fill(first, NONE);
        parkedFirst = new int[nc];
        Arrays.fill(parkedFirst, NONE);
        next = new int[2 * ac];
        prev = new int[2 * ac];
        to = new int[2 * ac];
        cap = new double[ac];
        parked = new boolean[ac];
    }

    private FlowNetwork(FlowNetwork o, int arcRoom) {
        nodeCount = o.nodeCount;
        arcCount = o.arcCount;
        first = o.first.clone();
        parkedFirst = o.parkedFirst.clone();
        int c = Math.max(o.cap.length, arcRoom);
        next = Arrays.copyOf(o.next, 2 * c);
        to = Arrays.copyOf(o.to, 2 * c);
        prev = Arrays.copyOf(o.prev, 2 * c);
        cap = Arrays.copyOf(o.cap, c);
        parked = Arrays.copyOf(o.parked, c);
    }

    /*
     * A copy whose arc arrays hold at least spare more arcs than it has, so that as many
     * insertions need no growth (which copies every arc).
     */
    FlowNetwork copyWithRoom(int spare) {
        return new FlowNetwork(this, (int) Math.min(MAX_ARCS, (long) arcCount + spare));
    }

    /**
     * The arc ids ordered by tail node, ties in id order (a stable counting sort): element i is the
     * id of the i-th arc. {@link #renumbered} with this order stores each node's out-arcs side by
     * side, so a search that scans a node's half-edges reads neighbouring memory.
     */
    int[] tailOrder() {
        int[] start = new int[nodeCount + 1];
        for (int a = 0; a < arcCount; a++) {
            start[to[2 * a + 1] + 1]++;
        }
        for (int v = 0; v < nodeCount; v++) {
            start[v + 1] += start[v];
        }
        int[] order = new int[arcCount];
        for (int a = 0; a < arcCount; a++) {
            order[start[to[2 * a + 1]]++] = a;
        }
        return order;
    }

    /**
     * A copy with room for {@code spare} more arcs whose arc i is this network's arc {@code
     * order[i]} ({@code order} a permutation of the arc ids). Every incidence list of the copy holds
     * its half-edges in ascending id, and no arc of it is parked.
     */
    FlowNetwork renumbered(int[] order, int spare) {
        if (order.length != arcCount) {
            throw new IllegalArgumentException("order of " + order.length + " arcs for " + arcCount);
        }
        FlowNetwork c = new FlowNetwork(nodeCount, (int) Math.min(MAX_ARCS, (long) arcCount + spare));
        c.nodeCount = nodeCount;
        c.arcCount = arcCount;
        for (int i = 0; i < arcCount; i++) {
            int a = order[i];
            c.cap[i] = cap[a];
            c.to[2 * i] = to[2 * a];
            c.to[2 * i + 1] = to[2 * a + 1];
        }
        // prepend in descending half-edge id, so that each list reads in ascending id
        for (int h = 2 * arcCount - 1; h >= 0; h--) {
            c.link(h, c.to[h ^ 1], c.first);
        }
        return c;
    }

    /**
     * Adds one node.
     *
     * @return its id, equal to the previous {@link #nodeCount()}
     */
    public int addNode() {
        if (nodeCount == first.length) {
            growNodes(first.length * 2);
        }
        return nodeCount++;
    }

    /**
     * Adds {@code count} nodes.
     *
     * @param count how many, {@code >= 0}
     * @return the id of the first new node (the previous {@link #nodeCount()})
     * @throws MinCutException {@code INVALID_ARGUMENT} if {@code count} is negative
     */
    public int addNodes(int count) {
        if (count < 0 || count > Integer.MAX_VALUE / 2 - nodeCount) {
            throw new MinCutException(MinCutException.Kind.INVALID_ARGUMENT, "bad node count: " + count);
        }
        int start = nodeCount;
        int need = nodeCount + count;
        if (need > first.length) {
            growNodes(Math.max(need, first.length * 2));
        }
        nodeCount = need;
        return start;
    }

    private void growNodes(int c) {
        int old = first.length;
        first = Arrays.copyOf(first, c);
        Arrays.fill(first, old, c, NONE);
        parkedFirst = Arrays.copyOf(parkedFirst, c);
        Arrays.fill(parkedFirst, old, c, NONE);
    }

    /**
     * Adds the arc {@code tail -> head}. Parallel arcs are allowed and kept apart.
     *
     * @param tail the tail node
     * @param head the head node, {@code != tail}
     * @param capacity {@code >= 0}, or {@link Double#POSITIVE_INFINITY}
     * @return the new arc's id, equal to the previous {@link #arcCount()}
     * @throws MinCutException {@code UNKNOWN_NODE}, {@code SELF_LOOP} or {@code INVALID_CAPACITY};
     *     the network is unchanged
     */
    public int addArc(int tail, int head, double capacity) {
        checkNode(tail);
        checkNode(head);
        if (tail == head) {
            throw new MinCutException(MinCutException.Kind.SELF_LOOP, "self-loop at node " + tail);
        }
        checkCapacity("capacity", capacity);
        if (arcCount == MAX_ARCS) {
            throw new MinCutException(MinCutException.Kind.INVALID_ARGUMENT, "too many arcs");
        }
        if (arcCount == cap.length) {
            int c = cap.length * 2;
            cap = Arrays.copyOf(cap, c);
            parked = Arrays.copyOf(parked, c);
            next = Arrays.copyOf(next, 2 * c);
            prev = Arrays.copyOf(prev, 2 * c);
            to = Arrays.copyOf(to, 2 * c);
        }
        int a = arcCount++;
        cap[a] = capacity + 0.0; // -0.0 becomes 0.0
        parked[a] = false;
        int h = 2 * a;
        to[h] = head;
        to[h + 1] = tail;
        link(h, tail, first);
        link(h + 1, head, first);
        return a;
    }

    /** Links half-edge h at the front of node's list in heads (first or parkedFirst). */
    private void link(int h, int node, int[] heads) {
        int f = heads[node];
        next[h] = f;
        prev[h] = NONE;
        if (f != NONE) {
            prev[f] = h;
        }
        heads[node] = h;
    }

    /** Unlinks half-edge h from node's list in heads. */
    private void unlink(int h, int node, int[] heads) {
        int p = prev[h];
        int x = next[h];
        if (p == NONE) {
            heads[node] = x;
        } else {
            next[p] = x;
        }
        if (x != NONE) {
            prev[x] = p;
        }
    }

    /*
     * Parking. An arc of capacity 0 whose flow is 0 has no residual in either direction, so every
     * flow search would only skip it; a parked arc's two half-edges are moved from the incidence
     * lists (first/next) to the parked lists (parkedFirst/next), so searches never see them. This
     * matters for hubs: a plan's source and sink have one connector per operator, most of them of
     * capacity 0. Invariant: a parked arc has capacity 0 (setCapacity unparks before raising it;
     * flow owners park only arcs of capacity and flow 0). outArcs/inArcs and allHalfEdges list both.
     */

    /** Takes an arc of capacity 0 out of the incidence lists (no-op if already parked). */
    void park(int a) {
        if (parked[a]) {
            return;
        }
        parked[a] = true;
        int h = 2 * a;
        int tail = to[h + 1];
        int head = to[h];
        unlink(h, tail, first);
        unlink(h + 1, head, first);
        link(h, tail, parkedFirst);
        link(h + 1, head, parkedFirst);
    }

    /** Puts a parked arc back into the incidence lists (no-op if not parked). */
    void unpark(int a) {
        if (!parked[a]) {
            return;
        }
        parked[a] = false;
        int h = 2 * a;
        int tail = to[h + 1];
        int head = to[h];
        unlink(h, tail, parkedFirst);
        unlink(h + 1, head, parkedFirst);
        link(h, tail, first);
        link(h + 1, head, first);
    }

    /** Every half-edge leaving node, parked ones included (a new array, list order). */
    int[] allHalfEdges(int node) {
        int k = 0;
        for (int h = first[node]; h != NONE; h = next[h]) {
            k++;
        }
        for (int h = parkedFirst[node]; h != NONE; h = next[h]) {
            k++;
        }
        int[] r = new int[k];
        k = 0;
        for (int h = first[node]; h != NONE; h = next[h]) {
            r[k++] = h;
        }
        for (int h = parkedFirst[node]; h != NONE; h = next[h]) {
            r[k++] = h;
        }
        return r;
    }

    /**
     * Sets an arc's capacity; 0 disables the arc.
     *
     * @param arc the arc id
     * @param capacity {@code >= 0}, or {@link Double#POSITIVE_INFINITY}
     * @throws MinCutException {@code UNKNOWN_ARC} or {@code INVALID_CAPACITY}; the network is unchanged
     */
    public void setCapacity(int arc, double capacity) {
        checkArc(arc);
        checkCapacity("capacity", capacity);
        if (capacity > 0.0) {
            unpark(arc);
        }
        cap[arc] = capacity + 0.0;
    }

    /**
     * The node count.
     *
     * @return the number of nodes
     */
    public int nodeCount() {
        return nodeCount;
    }

    /**
     * The arc count, disabled (capacity 0) arcs included.
     *
     * @return the number of arcs
     */
    public int arcCount() {
        return arcCount;
    }

    /**
     * An arc's tail.
     *
     * @param arc the arc id
     * @return the tail node
     * @throws MinCutException {@code UNKNOWN_ARC}
     */
    public int tail(int arc) {
        checkArc(arc);
        return to[2 * arc + 1];
    }

    /**
     * An arc's head.
     *
     * @param arc the arc id
     * @return the head node
     * @throws MinCutException {@code UNKNOWN_ARC}
     */
    public int head(int arc) {
        checkArc(arc);
        return to[2 * arc];
    }

    /**
     * An arc's capacity.
     *
     * @param arc the arc id
     * @return the capacity, {@code >= 0} or {@code +inf}
     * @throws MinCutException {@code UNKNOWN_ARC}
     */
    public double capacity(int arc) {
        checkArc(arc);
        return cap[arc];
    }

    /**
     * The arcs leaving a node, ascending.
     *
     * @param node the node
     * @return a new array of arc ids
     * @throws MinCutException {@code UNKNOWN_NODE}
     */
    public int[] outArcs(int node) {
        return incident(node, 0);
    }

    /**
     * The arcs entering a node, ascending.
     *
     * @param node the node
     * @return a new array of arc ids
     * @throws MinCutException {@code UNKNOWN_NODE}
     */
    public int[] inArcs(int node) {
        return incident(node, 1);
    }

    private int[] incident(int node, int parity) {
        checkNode(node);
        int[] all = allHalfEdges(node);
        int k = 0;
        for (int h : all) {
            if ((h & 1) == parity) {
                k++;
            }
        }
        int[] r = new int[k];
        k = 0;
        for (int h : all) {
            if ((h & 1) == parity) {
                r[k++] = h >>> 1;
            }
        }
        Arrays.sort(r);
        return r;
    }

    /**
     * An independent copy with the same ids and capacities.
     *
     * @return the copy
     */
    public FlowNetwork copy() {
        return new FlowNetwork(this, 0);
    }

    @Override
    public String toString() {
        return "FlowNetwork[nodes=" + nodeCount + ", arcs=" + arcCount + "]";
    }

    void checkNode(int node) {
        if (node < 0 || node >= nodeCount) {
            throw MinCutException.unknownNode(node, nodeCount);
        }
    }

    void checkArc(int arc) {
        if (arc < 0 || arc >= arcCount) {
            throw MinCutException.unknownArc(arc, arcCount);
        }
    }

    static void checkCapacity(String what, double capacity) {
        if (!(capacity >= 0.0)) {
            throw MinCutException.badCapacity(what, capacity);
        }
    }
}
