package io.neuraldag.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A query execution plan as a directed acyclic graph of {@link OperatorNode}s, the mutable,
 * user-facing model of neural-dag.
 *
 * <p>Edges follow data flow ({@code scan -> filter -> result}). The DAG is acyclic at all times:
 * {@link #addEdge} rejects an edge that would close a cycle and leaves the DAG unchanged. Ids are
 * {@code int >= 0}, chosen by the caller ({@link #addNode(int, OperatorNode)}) or assigned from
 * {@link #nextId()}, which is always above every id used so far; ids are never reused. Parallel
 * edges and self-loops do not exist.
 *
 * {@snippet :
 * QueryDag dag = new QueryDag();
 * dag.addNode(0, new Operator.SeqScan("users"));
 * dag.addNode(1, new Operator.Filter("id > 0"));
 * dag.addEdge(0, 1);
 * int[] order = dag.topologicalSort();   // [0, 1]
 * }
 *
 * <p><b>Queries run on a snapshot.</b> Every analysis method reads an immutable CSR {@link
 * DagSnapshot} that is built on first use after a mutation, in {@code O(n + m)}, and memoized
 * together with its derived results until the next mutation. Repeated queries on an unchanged DAG
 * are therefore cheap, and {@link #snapshot()} may be handed to other threads.
 *
 * <p><b>Cycle checks</b> use the dynamic topological order of Pearce and Kelly ("A dynamic
 * topological sort algorithm for directed acyclic graphs", ACM JEA 11, 2006): an edge that agrees
 * with the maintained order is accepted in {@code O(deg)}; otherwise only the region between the two
 * endpoints in the order is searched and reordered.
 *
 * <p><b>Equality:</b> two DAGs are equal when they map the same ids to equal payloads and have the
 * same edge set; {@link #nextId()} is not compared.
 *
 * <p><b>Not thread-safe.</b> Confine a {@code QueryDag} to one thread, or publish a {@link
 * #snapshot()} or {@link #copy()} instead.
 */
public final class QueryDag {
    private static final int NONE = -1;
    private static final int[] NO_INTS = new int[0];

    // node slots
    private IntIntMap slotOf;
    private int[] slotId;
    private @Nullable OperatorNode[] slotNode;
    private int[] ord;
    private int[] outHead;
    private int[] inHead;
    private int slotCount;
    private int[] freeSlots;
    private int freeSlotCount;

    // edges, as singly linked out- and in-lists ("forward star")
    private int[] edgeFrom;
    private int[] edgeTo;
    private int[] nextOut;
    private int[] nextIn;
    private int edgeSlotCount;
    private int[] freeEdges;
    private int freeEdgeCount;

    private int nodeCount;
    private int embeddingDim = -1;
    private int embeddedCount;
    private int edgeCount;
    private int nextId;
    private int ordCounter;

    // scratch for the dynamic order; mark is allocated by the first reordering edge (most DAGs,
    // built in data-flow order, never need it)
    private int[] mark = NO_INTS;
    private int epoch;
    private int[] stack;
    private int[] deltaF;
    private int[] deltaB;

    private @Nullable DagSnapshot snapshot;

    // While the node set is that of the last snapshot, the next one is derived from it instead of
    // rebuilt from the linked lists: base is that snapshot, baseNodes its node array with the
    // replaceNode payloads applied (null: none replaced), baseSameOperators whether no replacement
    // changed an operator (so the structural fingerprint holds when no edge changed either), and
    // pend* the net edge edits since, in base indices (an edit undone by the opposite one is
    // dropped). Up to MAX_PENDING edits; more, or any node insertion or removal, drops the base and
    // the next snapshot is built from scratch.
    private static final int MAX_PENDING = 16;

    private @Nullable DagSnapshot base;
    private OperatorNode @Nullable [] baseNodes;
    private boolean baseSameOperators;
    private int[] pendFrom = NO_INTS;
    private int[] pendTo = NO_INTS;
    private boolean[] pendAdd = new boolean[0];
    private int pendCount;

    /** Creates an empty DAG. */
    public QueryDag() {
        this(16, 16);
    }

    /**
     * Creates an empty DAG sized for the given number of nodes and edges (a hint, not a limit).
     *
     * @param expectedNodes expected node count, {@code >= 0}
     * @param expectedEdges expected edge count, {@code >= 0}
     * @throws IllegalArgumentException if a hint is negative
     */
    public QueryDag(int expectedNodes, int expectedEdges) {
        if (expectedNodes < 0 || expectedEdges < 0) {
            throw new IllegalArgumentException("negative capacity: " + expectedNodes + ", " + expectedEdges);
        }
        int nc = Math.max(4, expectedNodes);
        int ec = Math.max(4, expectedEdges);
        slotOf = new IntIntMap(nc);
        slotId = new int[nc];
        slotNode = new OperatorNode[nc];
        ord = new int[nc];
        outHead = new int[nc];
        inHead = new int[nc];
        freeSlots = new int[4];
        edgeFrom = new int[ec];
        edgeTo = new int[ec];
        nextOut = new int[ec];
        nextIn = new int[ec];
        freeEdges = new int[4];
        stack = new int[16];
        deltaF = new int[16];
        deltaB = new int[16];
    }

    // ------------------------------------------------------------------ mutation

    /**
     * Adds a node with default attributes under an explicit id.
     *
     * @param id the id, {@code >= 0}
     * @param operator the operator
     * @throws DagException {@code DUPLICATE_NODE} if the id is taken, {@code INVALID_OPERATION} if
     *     it is negative
     */
    public void addNode(int id, Operator operator) {
        addNode(id, OperatorNode.of(operator));
    }

    /**
     * Adds a node under an explicit id. {@link #nextId()} becomes at least {@code id + 1}.
     *
     * @param id the id, {@code >= 0}
     * @param node the payload
     * @throws DagException {@code DUPLICATE_NODE} if the id is taken, {@code INVALID_OPERATION} if
     *     it is negative or {@link Integer#MAX_VALUE}, or if the node's embedding dimension differs
     *     from that of the embeddings already in the DAG
     */
    public void addNode(int id, OperatorNode node) {
        Objects.requireNonNull(node, "node");
        materializeForInsert();
        if (id < 0 || id == Integer.MAX_VALUE) {
            throw new DagException(DagException.Kind.INVALID_OPERATION, "node id must be in [0, 2^31-2]: " + id);
        }
        if (slotOf.get(id) >= 0) {
            throw DagException.duplicateNode(id);
        }
        checkEmbedding(node, null);
        insertNode(id, node);
    }

    /**
     * Adds a node under the next free id.
     *
     * @param node the payload
     * @return the assigned id
     * @throws DagException {@code INVALID_OPERATION} if the id space is exhausted
     */
    public int addNode(OperatorNode node) {
        Objects.requireNonNull(node, "node");
        materializeForInsert();
        if (nextId == Integer.MAX_VALUE) {
            throw new DagException(DagException.Kind.INVALID_OPERATION, "node id space exhausted");
        }
        checkEmbedding(node, null);
        int id = nextId;
        insertNode(id, node);
        return id;
    }

    /**
     * Adds a node with default attributes under the next free id.
     *
     * @param operator the operator
     * @return the assigned id
     */
    public int addNode(Operator operator) {
        return addNode(OperatorNode.of(operator));
    }

    private void insertNode(int id, OperatorNode node) {
        int s;
        if (freeSlotCount > 0) {
            s = freeSlots[--freeSlotCount];
        } else {
            if (slotCount == slotId.length) {
                growSlots();
            }
            s = slotCount++;
        }
        slotId[s] = id;
        slotNode[s] = node;
        ord[s] = ordCounter++;
        outHead[s] = NONE;
        inHead[s] = NONE;
        slotOf.put(id, s);
        trackEmbedding(null, node);
        nodeCount++;
        if (id >= nextId) {
            nextId = id + 1;
        }
        invalidate();
    }

    // All embeddings of one DAG share a dimension (spec 01 §1.4).
    private void checkEmbedding(OperatorNode node, @Nullable OperatorNode replaced) {
        if (!node.hasEmbedding()) {
            return;
        }
        int others = embeddedCount - (replaced != null && replaced.hasEmbedding() ? 1 : 0);
        if (others > 0 && node.embeddingDimension() != embeddingDim) {
            throw new DagException(
                    DagException.Kind.INVALID_OPERATION,
                    "embedding of dimension " + node.embeddingDimension() + " in a DAG whose embeddings have dimension "
                            + embeddingDim);
        }
    }

    private void trackEmbedding(@Nullable OperatorNode removed, @Nullable OperatorNode added) {
        if (removed != null && removed.hasEmbedding()) {
            embeddedCount--;
        }
        if (added != null && added.hasEmbedding()) {
            embeddedCount++;
            embeddingDim = added.embeddingDimension();
        }
        if (embeddedCount == 0) {
            embeddingDim = -1;
        }
    }

    /**
     * The dimension shared by every node embedding in this DAG, or 0 when no node has one.
     *
     * @return the embedding dimension
     */
    public int embeddingDimension() {
        return Math.max(0, embeddingDim);
    }

    private void growSlots() {
        int cap = slotId.length * 2;
        slotId = Arrays.copyOf(slotId, cap);
        slotNode = Arrays.copyOf(slotNode, cap);
        ord = Arrays.copyOf(ord, cap);
        outHead = Arrays.copyOf(outHead, cap);
        inHead = Arrays.copyOf(inHead, cap);
    }

    /**
     * Replaces the payload of an existing node (its edges stay).
     *
     * @param id the node id
     * @param node the new payload
     * @return the previous payload
     * @throws DagException {@code NODE_NOT_FOUND} if the id is unknown, {@code INVALID_OPERATION} if
     *     the new embedding's dimension differs from that of the other embeddings in the DAG
     */
    public OperatorNode replaceNode(int id, OperatorNode node) {
        Objects.requireNonNull(node, "node");
        materializeForEdit();
        int s = slot(id);
        OperatorNode old = liveNode(s);
        checkEmbedding(node, old);
        slotNode[s] = node;
        trackEmbedding(old, node);
        DagSnapshot b = rebase();
        if (b != null) {
            OperatorNode[] bn = baseNodes;
            if (bn == null) {
                bn = b.nodeArray().clone();
                baseNodes = bn;
            }
            int i = b.indexOf(id);
            bn[i] = node;
            if (!node.operator().equals(b.node(i).operator())) {
                baseSameOperators = false;
            }
        }
        return old;
    }

    /**
     * Removes a node and every edge incident to it. Its id is not reused.
     *
     * @param id the node id
     * @return the removed payload
     * @throws DagException {@code NODE_NOT_FOUND} if the id is unknown
     */
    public OperatorNode removeNode(int id) {
        materialize();
        int s = slot(id);
        OperatorNode old = liveNode(s);
        for (int e = outHead[s]; e != NONE; ) {
            int next = nextOut[e];
            unlinkIn(edgeTo[e], e);
            freeEdge(e);
            e = next;
        }
        for (int e = inHead[s]; e != NONE; ) {
            int next = nextIn[e];
            unlinkOut(edgeFrom[e], e);
            freeEdge(e);
            e = next;
        }
        outHead[s] = NONE;
        inHead[s] = NONE;
        slotNode[s] = null;
        trackEmbedding(old, null);
        slotOf.remove(id);
        if (freeSlotCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlotCount * 2);
        }
        freeSlots[freeSlotCount++] = s;
        nodeCount--;
        invalidate();
        return old;
    }

    /**
     * Adds the edge {@code from -> to} unless it exists.
     *
     * @param from producing node id
     * @param to consuming node id
     * @return {@code true} if the edge was added, {@code false} if it already existed
     * @throws DagException {@code NODE_NOT_FOUND} for an unknown endpoint, {@code CYCLE_DETECTED}
     *     if {@code from == to} or {@code to} already reaches {@code from}; the DAG is unchanged
     */
    public boolean addEdge(int from, int to) {
        materializeForEdit();
        int sx = slot(from);
        int sy = slot(to);
        if (sx == sy) {
            throw DagException.cycle(from, to);
        }
        if (findEdge(sx, sy) != NONE) {
            return false;
        }
        if (ord[sy] < ord[sx]) {
            reorder(sx, sy, from, to);
        }
        linkEdge(sx, sy);
        edgeEdited(from, to, true);
        return true;
    }

    /**
     * Removes the edge {@code from -> to} if it exists.
     *
     * @param from producing node id
     * @param to consuming node id
     * @return {@code true} if an edge was removed
     * @throws DagException {@code NODE_NOT_FOUND} for an unknown endpoint
     */
    public boolean removeEdge(int from, int to) {
        materializeForEdit();
        int sx = slot(from);
        int sy = slot(to);
        int e = findEdge(sx, sy);
        if (e == NONE) {
            return false;
        }
        unlinkOut(sx, e);
        unlinkIn(sy, e);
        freeEdge(e);
        edgeEdited(from, to, false);
        return true;
    }

    /**
     * Whether the edge {@code from -> to} exists.
     *
     * @param from producing node id
     * @param to consuming node id
     * @return whether it exists
     * @throws DagException {@code NODE_NOT_FOUND} for an unknown endpoint
     */
    public boolean hasEdge(int from, int to) {
        Compact c = compact;
        if (c != null) {
            return c.hasEdge(from, to);
        }
        return findEdge(slot(from), slot(to)) != NONE;
    }

    /**
     * Adds an edge without the cycle check, for bulk loaders that call {@link #finishBulkLoad()}
     * once all edges are in. Returns false for an existing edge or self-loop (not added).
     */
    boolean addEdgeUnchecked(int from, int to) {
        materialize();
        int sx = slot(from);
        int sy = slot(to);
        if (sx == sy || findEdge(sx, sy) != NONE) {
            return false;
        }
        linkEdge(sx, sy);
        invalidate();
        return true;
    }

    /**
     * A DAG holding {@code nodes[k]} under {@code ids[k]} in slot {@code k} for {@code k < n}, with
     * room for {@code expectedEdges} edges, for bulk readers. The caller has validated everything:
     * ids in {@code [0, 2^31-2]} and distinct, all embeddings of one dimension.
     */
    static QueryDag ofNodes(int[] ids, OperatorNode[] nodes, int n, int expectedEdges) {
        QueryDag d = new QueryDag(n, expectedEdges);
        System.arraycopy(ids, 0, d.slotId, 0, n);
        System.arraycopy(nodes, 0, d.slotNode, 0, n);
        int[] ord = d.ord;
        IntIntMap map = d.slotOf;
        int next = 0;
        int embedded = 0;
        int dim = -1;
        for (int k = 0; k < n; k++) {
            int id = ids[k];
            ord[k] = k;
            map.put(id, k);
            if (nodes[k].hasEmbedding()) {
                embedded++;
                dim = nodes[k].embeddingDimension();
            }
            if (id >= next) {
                next = id + 1;
            }
        }
        // as trackEmbedding(null, node) for each node: the count, and the dimension they share
        d.embeddedCount = embedded;
        if (embedded > 0) {
            d.embeddingDim = dim;
        }
        Arrays.fill(d.outHead, 0, n, NONE);
        Arrays.fill(d.inHead, 0, n, NONE);
        d.slotCount = n;
        d.nodeCount = n;
        d.ordCounter = n;
        d.nextId = next;
        return d;
    }

    /*
     * A DAG read from a canonical binary encoding starts in compact form: the decoded ids, payloads
     * (in columns: operator and estimates, each node's record built on first read unless it has
     * optional values) and out-lists (CSR, the order the encoding lists the edges in) and nothing
     * else. Most read DAGs are only queried, and every query runs on the snapshot, which the
     * compact form turns into with only the in-lists left to derive (O(n + m), sharing the other
     * arrays); node(id), containsNode and hasEdge read the compact form directly. The first
     * mutation builds the slot and edge structures from it (materialize(), O(n + m)) and drops it;
     * from then on the DAG is the same as one built node by node. While compact, the arrays are
     * never written but for the payload records built on first read (readers that race on one
     * build equal records), so a snapshot may share them.
     */
    private static final class Compact {
        final int[] ids;
        // the payloads in columns, and the records built so far (nodes is allocated on first
        // need: a DAG whose nodes have no optional values is read without it; QueryDag is confined
        // to one thread, the snapshot gets it allocated)
        final PayloadColumns columns;

        @Nullable
        OperatorNode @Nullable [] nodes;

        final int[] outOff;
        final int[] outAdj;
        final boolean ordered;

        Compact(
                int[] ids,
                @Nullable OperatorNode @Nullable [] nodes,
                PayloadColumns columns,
                int[] outOff,
                int[] outAdj,
                boolean ordered) {
            this.ids = ids;
            this.nodes = nodes;
            this.columns = columns;
            this.outOff = outOff;
            this.outAdj = outAdj;
            this.ordered = ordered;
        }

        // the index of an id (ids ascend), -1 when absent
        int indexOf(int id) {
            int n = ids.length;
            if (n == 0 || ids[n - 1] == n - 1) {
                return id >= 0 && id < n ? id : -1;
            }
            int i = Arrays.binarySearch(ids, id);
            return i >= 0 ? i : -1;
        }

        int index(int id) {
            int i = indexOf(id);
            if (i < 0) {
                throw DagException.nodeNotFound(id);
            }
            return i;
        }

        boolean hasEdge(int from, int to) {
            int i = index(from);
            int j = index(to);
            return Arrays.binarySearch(outAdj, outOff[i], outOff[i + 1], j) >= 0;
        }

        // The snapshot: the in-lists by a counting sort of the out-lists (sources ascend, so each
        // in-list comes out ascending), every other array shared.
        DagSnapshot snapshot(int nextId) {
            int n = ids.length;
            int[] off = outOff;
            int[] adj = outAdj;
            int m = adj.length;
            int[] inOff = new int[n + 1];
            for (int p = 0; p < m; p++) {
                inOff[adj[p] + 1]++;
            }
            for (int i = 0; i < n; i++) {
                inOff[i + 1] += inOff[i];
            }
            int[] inAdj = new int[m];
            // inOff[t] serves as the fill cursor of t, ending at the start of t + 1; shifted back after
            for (int i = 0; i < n; i++) {
                for (int p = off[i], end = off[i + 1]; p < end; p++) {
                    inAdj[inOff[adj[p]]++] = i;
                }
            }
            System.arraycopy(inOff, 0, inOff, 1, n);
            inOff[0] = 0;
            return new DagSnapshot(ids, nodeSlots(), columns, off, adj, inOff, inAdj, nextId);
        }

        private @Nullable OperatorNode[] nodeSlots() {
            @Nullable OperatorNode[] a = nodes;
            if (a == null) {
                a = new OperatorNode[ids.length];
                nodes = a;
            }
            return a;
        }

        OperatorNode node(int index) {
            return columns.node(nodeSlots(), index);
        }

        OperatorNode[] allNodes() {
            return columns.fill(nodeSlots());
        }
    }

    private @Nullable Compact compact;

    private QueryDag(Compact c, int embedded, int dim) {
        int n = c.ids.length;
        compact = c;
        // empty until materialize(): nothing reads them while compact is set
        slotOf = new IntIntMap(0);
        slotId = NO_INTS;
        slotNode = new OperatorNode[0];
        ord = NO_INTS;
        outHead = NO_INTS;
        inHead = NO_INTS;
        freeSlots = NO_INTS;
        edgeFrom = NO_INTS;
        edgeTo = NO_INTS;
        nextOut = NO_INTS;
        nextIn = NO_INTS;
        freeEdges = NO_INTS;
        stack = NO_INTS;
        deltaF = NO_INTS;
        deltaB = NO_INTS;
        nodeCount = n;
        edgeCount = c.outAdj.length;
        nextId = n == 0 ? 0 : c.ids[n - 1] + 1;
        embeddedCount = embedded;
        if (embedded > 0) {
            embeddingDim = dim;
        }
    }

    /**
     * The binary reader's load of a canonical encoding, in compact form: a DAG that takes ownership
     * of every array passed. Node {@code k} has id {@code ids[k]} and its operator and estimates in
     * {@code columns}; {@code nodes[k]} is its payload when it has optional values (actuals, start,
     * selectivity, embedding), else null, and is built from the columns on first read ({@code nodes}
     * itself may be null when no node has optional values; the per-node arrays have length n); the
     * edges out of node {@code i} go to the nodes {@code outAdj[p]} for {@code p} in
     * {@code [outOff[i], outOff[i + 1])} ({@code outOff} of length {@code n + 1}, {@code outAdj} of
     * length m). The caller has validated everything but acyclicity: ids in {@code [0, 2^31-2]} and
     * strictly ascending, {@code embedded} nodes with an embedding, all of dimension {@code dim},
     * each out-list strictly ascending, without self-loops and in {@code [0, n)}; {@code ordered} is
     * whether every edge goes to a higher index (then the DAG is acyclic and that order is its
     * dynamic order), else acyclicity is checked here by Kahn's algorithm.
     *
     * @throws DagException HAS_CYCLES, when the edges close a cycle
     */
    static QueryDag ofCanonical(
            int[] ids,
            @Nullable OperatorNode @Nullable [] nodes,
            PayloadColumns columns,
            int[] outOff,
            int[] outAdj,
            int embedded,
            int dim,
            boolean ordered) {
        if (!ordered) {
            checkAcyclic(outOff, outAdj, ids.length);
        }
        return new QueryDag(new Compact(ids, nodes, columns, outOff, outAdj, ordered), embedded, dim);
    }

    // Kahn's algorithm over out-lists: the same failure, and message, as orderByKahn.
    private static void checkAcyclic(int[] off, int[] adj, int n) {
        int[] indeg = new int[n];
        for (int t : adj) {
            indeg[t]++;
        }
        int[] queue = new int[n];
        int tail = 0;
        for (int i = 0; i < n; i++) {
            if (indeg[i] == 0) {
                queue[tail++] = i;
            }
        }
        for (int head = 0; head < tail; head++) {
            int i = queue[head];
            for (int p = off[i], end = off[i + 1]; p < end; p++) {
                if (--indeg[adj[p]] == 0) {
                    queue[tail++] = adj[p];
                }
            }
        }
        if (tail != n) {
            throw new DagException(
                    DagException.Kind.HAS_CYCLES, "the graph has a cycle through " + (n - tail) + " nodes");
        }
    }

    /*
     * materialize() before an edit that keeps the node set (replaceNode, addEdge, removeEdge): the
     * compact form's snapshot, which costs only its in-lists, is taken first, so that it becomes the
     * base the next snapshot is derived from (withNodes, withEdits) instead of a rebuild from the
     * linked lists.
     */
    private void materializeForEdit() {
        Compact c = compact;
        if (c != null) {
            if (snapshot == null) {
                snapshot = c.snapshot(nextId);
            }
            materialize(false);
        }
    }

    // materialize() before a node insertion: the slot arrays are made as large as growSlots would
    // make them for the new node, instead of full and grown (copied) at once.
    private void materializeForInsert() {
        if (compact != null) {
            materialize(true);
        }
    }

    /*
     * Before the first mutation of a DAG in compact form: builds the slot and edge structures from
     * it, exactly those a node-by-node load in id order gives (slot k = index k, edge slot p = CSR
     * position p, lists newest first), and drops it. The snapshot, if one was taken, stays valid and
     * keeps sharing the compact arrays, so the node arrays are then copied; otherwise they are
     * adopted, unless the slot arrays are to have room for one more node (grow).
     */
    private void materialize() {
        if (compact != null) {
            materialize(false);
        }
    }

    private void materialize(boolean grow) {
        Compact c = compact;
        if (c == null) {
            return;
        }
        int n = nodeCount;
        int m = edgeCount;
        int full = Math.max(4, n);
        int cap = grow && n == full ? 2 * full : full;
        boolean adopt = snapshot == null && n == cap;
        int[] ids = adopt ? c.ids : Arrays.copyOf(c.ids, cap);
        OperatorNode[] nodes = adopt ? c.allNodes() : Arrays.copyOf(c.allNodes(), cap);
        IntIntMap map;
        if (n == 0 || ids[n - 1] == n - 1) {
            map = IntIntMap.identity(n);
        } else {
            map = new IntIntMap(n);
            for (int k = 0; k < n; k++) {
                map.put(ids[k], k);
            }
        }
        int[] o = new int[cap];
        for (int k = 0; k < n; k++) {
            o[k] = k;
        }
        int[] oh = new int[cap];
        int[] ih = new int[cap];
        Arrays.fill(oh, 0, n, NONE);
        Arrays.fill(ih, 0, n, NONE);
        int ec = Math.max(4, m);
        int[] ef = new int[ec];
        int[] et = new int[ec];
        int[] no = new int[ec];
        int[] ni = new int[ec];
        int[] off = c.outOff;
        int[] adj = c.outAdj;
        for (int i = 0; i < n; i++) {
            for (int p = off[i], end = off[i + 1]; p < end; p++) {
                int t = adj[p];
                ef[p] = i;
                et[p] = t;
                no[p] = oh[i];
                oh[i] = p;
                ni[p] = ih[t];
                ih[t] = p;
            }
        }
        slotOf = map;
        slotId = ids;
        slotNode = nodes;
        ord = o;
        outHead = oh;
        inHead = ih;
        freeSlots = new int[4];
        edgeFrom = ef;
        edgeTo = et;
        nextOut = no;
        nextIn = ni;
        freeEdges = new int[4];
        stack = new int[16];
        deltaF = new int[16];
        deltaB = new int[16];
        slotCount = n;
        edgeSlotCount = m;
        ordCounter = n;
        compact = null;
        if (!c.ordered) {
            // acyclic (checked when read): Kahn's order is a topological one
            orderByKahn();
        }
    }

    /** {@link #linkEdges}: an endpoint is not a node. */
    static final int EDGE_MISSING_NODE = 1;

    /** {@link #linkEdges}: the edge is a self-loop. */
    static final int EDGE_SELF_LOOP = 2;

    /** {@link #linkEdges}: the edge repeats an earlier one. */
    static final int EDGE_DUPLICATE = 3;

    /**
     * Adds {@code from[k] -> to[k]} for {@code k < m} without cycle checks, for bulk loaders that
     * call {@link #finishBulkLoad()} next. Stops at the first edge with a missing endpoint, a
     * self-loop, or (unless {@code dedupe}, which drops repeats) a repeat, and returns {@code (k << 2)
     * | reason} with a reason {@code EDGE_*}; returns -1 when all edges are in. While the edges come
     * strictly ascending by (from, to), as the canonical writers emit them, no edge can repeat an
     * earlier one and the duplicate search is skipped.
     */
    long linkEdges(int[] from, int[] to, int m, boolean dedupe) {
        materialize();
        invalidate();
        int start = freeEdgeCount == 0 && m <= edgeFrom.length - edgeSlotCount ? linkAscendingPrefix(from, to, m) : 0;
        // the prefix was strictly ascending, so the general loop below goes on from its last edge
        boolean ascending = true;
        int pf = start > 0 ? from[start - 1] : Integer.MIN_VALUE;
        int pt = start > 0 ? to[start - 1] : Integer.MIN_VALUE;
        for (int k = start; k < m; k++) {
            int f = from[k];
            int t = to[k];
            int sx = f < 0 ? -1 : slotOf.get(f);
            int sy = t < 0 ? -1 : slotOf.get(t);
            if (sx < 0 || sy < 0) {
                return ((long) k << 2) | EDGE_MISSING_NODE;
            }
            if (sx == sy) {
                return ((long) k << 2) | EDGE_SELF_LOOP;
            }
            if (ascending && (f > pf || (f == pf && t > pt))) {
                pf = f;
                pt = t;
            } else {
                ascending = false;
                if (findEdge(sx, sy) != NONE) {
                    if (dedupe) {
                        continue;
                    }
                    return ((long) k << 2) | EDGE_DUPLICATE;
                }
            }
            linkEdge(sx, sy);
        }
        return -1;
    }

    /*
     * The fast path of linkEdges for a DAG with room for all m edges and no free edge slots: links
     * the longest prefix of edges that are strictly ascending by (from, to), name two existing nodes
     * and are no self-loops, exactly as linkEdge would one by one, and returns its length. The
     * arrays live in locals, so the loop stores no field per edge.
     */
    private int linkAscendingPrefix(int[] from, int[] to, int m) {
        int[] ef = edgeFrom;
        int[] et = edgeTo;
        int[] no = nextOut;
        int[] ni = nextIn;
        int[] oh = outHead;
        int[] ih = inHead;
        IntIntMap map = slotOf;
        int e0 = edgeSlotCount;
        int e = e0;
        int pf = Integer.MIN_VALUE;
        int pt = Integer.MIN_VALUE;
        int k = 0;
        for (; k < m; k++) {
            int f = from[k];
            int t = to[k];
            if (f < pf || (f == pf && t <= pt)) {
                break;
            }
            int sx = map.get(f);
            int sy = map.get(t);
            if (sx < 0 || sy < 0 || sx == sy) {
                break;
            }
            ef[e] = sx;
            et[e] = sy;
            no[e] = oh[sx];
            oh[sx] = e;
            ni[e] = ih[sy];
            ih[sy] = e;
            e++;
            pf = f;
            pt = t;
        }
        edgeSlotCount = e;
        edgeCount += e - e0;
        return k;
    }

    /**
     * Validates acyclicity after unchecked inserts and makes the dynamic order a topological order.
     * When every edge already agrees with the insertion order (nodes read before their consumers, as
     * in files whose ids follow the data flow) that order is kept after one {@code O(m)} pass;
     * otherwise Kahn's algorithm, {@code O(n + m)}, checks and replaces it.
     *
     * @throws DagException HAS_CYCLES
     */
    void finishBulkLoad() {
        materialize();
        if (freeEdgeCount == 0 && edgesFollowOrder()) {
            return;
        }
        orderByKahn();
    }

    // Kahn's algorithm over the live slots: checks acyclicity and makes its order the dynamic order.
    private void orderByKahn() {
        int[] indeg = new int[slotCount];
        int[] queue = new int[slotCount];
        int tail = 0;
        for (int s = 0; s < slotCount; s++) {
            if (slotNode[s] == null) {
                continue;
            }
            int d = 0;
            for (int e = inHead[s]; e != NONE; e = nextIn[e]) {
                d++;
            }
            indeg[s] = d;
            if (d == 0) {
                queue[tail++] = s;
            }
        }
        int head = 0;
        while (head < tail) {
            int s = queue[head++];
            for (int e = outHead[s]; e != NONE; e = nextOut[e]) {
                int t = edgeTo[e];
                if (--indeg[t] == 0) {
                    queue[tail++] = t;
                }
            }
        }
        if (tail != nodeCount) {
            throw new DagException(
                    DagException.Kind.HAS_CYCLES, "the graph has a cycle through " + (nodeCount - tail) + " nodes");
        }
        for (int i = 0; i < tail; i++) {
            ord[queue[i]] = i;
        }
        ordCounter = tail;
    }

    // With no free edge slots, slots 0..edgeSlotCount-1 are exactly the live edges.
    private boolean edgesFollowOrder() {
        int[] o = ord;
        int[] ef = edgeFrom;
        int[] et = edgeTo;
        for (int e = 0; e < edgeSlotCount; e++) {
            if (o[ef[e]] >= o[et[e]]) {
                return false;
            }
        }
        return true;
    }

    // Pearce-Kelly: ord[sy] < ord[sx]; find the affected region, fail on a cycle, reorder.
    private void reorder(int sx, int sy, int from, int to) {
        int lb = ord[sy];
        int ub = ord[sx];
        if (mark.length < slotId.length) {
            mark = Arrays.copyOf(mark, slotId.length);
        }
        int e0 = nextEpoch();
        // forward from sy within ord <= ub
        int nf = 0;
        int sp = 0;
        stack = ensure(stack, 1);
        stack[sp++] = sy;
        mark[sy] = e0;
        while (sp > 0) {
            int w = stack[--sp];
            deltaF = ensure(deltaF, nf + 1);
            deltaF[nf++] = w;
            for (int e = outHead[w]; e != NONE; e = nextOut[e]) {
                int t = edgeTo[e];
                if (t == sx) {
                    throw DagException.cycle(from, to);
                }
                if (mark[t] != e0 && ord[t] < ub) {
                    mark[t] = e0;
                    stack = ensure(stack, sp + 1);
                    stack[sp++] = t;
                }
            }
        }
        // backward from sx within ord > lb
        int e1 = nextEpoch();
        int nb = 0;
        stack[sp++] = sx;
        mark[sx] = e1;
        while (sp > 0) {
            int w = stack[--sp];
            deltaB = ensure(deltaB, nb + 1);
            deltaB[nb++] = w;
            for (int e = inHead[w]; e != NONE; e = nextIn[e]) {
                int t = edgeFrom[e];
                if (mark[t] != e1 && ord[t] > lb) {
                    mark[t] = e1;
                    stack = ensure(stack, sp + 1);
                    stack[sp++] = t;
                }
            }
        }
        sortByOrd(deltaB, nb);
        sortByOrd(deltaF, nf);
        int[] pool = new int[nb + nf];
        for (int i = 0; i < nb; i++) {
            pool[i] = ord[deltaB[i]];
        }
        for (int i = 0; i < nf; i++) {
            pool[nb + i] = ord[deltaF[i]];
        }
        Arrays.sort(pool);
        for (int i = 0; i < nb; i++) {
            ord[deltaB[i]] = pool[i];
        }
        for (int i = 0; i < nf; i++) {
            ord[deltaF[i]] = pool[nb + i];
        }
    }

    private void sortByOrd(int[] a, int n) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) ord[a[i]] << 32) | a[i];
        }
        Arrays.sort(keys);
        for (int i = 0; i < n; i++) {
            a[i] = (int) keys[i];
        }
    }

    private int nextEpoch() {
        if (++epoch == Integer.MAX_VALUE) {
            Arrays.fill(mark, 0);
            epoch = 1;
        }
        return epoch;
    }

    private static int[] ensure(int[] a, int size) {
        return size <= a.length ? a : Arrays.copyOf(a, Math.max(size, a.length * 2));
    }

    // An edge sx->sy is on both sx's out-list and sy's in-list, so walking the two in lockstep finds
    // it, or proves it absent when either list ends, in 2 * min(outdeg(sx), indeg(sy)) steps. Walking
    // only the out-list made adding k edges from one hub (a CTE read by k scans) cost O(k^2).
    private int findEdge(int sx, int sy) {
        int a = outHead[sx];
        int b = inHead[sy];
        while (a != NONE && b != NONE) {
            if (edgeTo[a] == sy) {
                return a;
            }
            if (edgeFrom[b] == sx) {
                return b;
            }
            a = nextOut[a];
            b = nextIn[b];
        }
        return NONE;
    }

    private void linkEdge(int sx, int sy) {
        int e;
        if (freeEdgeCount > 0) {
            e = freeEdges[--freeEdgeCount];
        } else {
            if (edgeSlotCount == edgeFrom.length) {
                // plans have one to two edges per node: once the nodes are in, grow to 2n at once
                // instead of doubling from the initial size through every power of two
                int cap = Math.max(edgeFrom.length * 2, 2 * nodeCount);
                edgeFrom = Arrays.copyOf(edgeFrom, cap);
                edgeTo = Arrays.copyOf(edgeTo, cap);
                nextOut = Arrays.copyOf(nextOut, cap);
                nextIn = Arrays.copyOf(nextIn, cap);
            }
            e = edgeSlotCount++;
        }
        edgeFrom[e] = sx;
        edgeTo[e] = sy;
        nextOut[e] = outHead[sx];
        outHead[sx] = e;
        nextIn[e] = inHead[sy];
        inHead[sy] = e;
        edgeCount++;
    }

    private void unlinkOut(int s, int edge) {
        if (outHead[s] == edge) {
            outHead[s] = nextOut[edge];
            return;
        }
        for (int e = outHead[s]; e != NONE; e = nextOut[e]) {
            if (nextOut[e] == edge) {
                nextOut[e] = nextOut[edge];
                return;
            }
        }
    }

    private void unlinkIn(int s, int edge) {
        if (inHead[s] == edge) {
            inHead[s] = nextIn[edge];
            return;
        }
        for (int e = inHead[s]; e != NONE; e = nextIn[e]) {
            if (nextIn[e] == edge) {
                nextIn[e] = nextIn[edge];
                return;
            }
        }
    }

    private void freeEdge(int e) {
        if (freeEdgeCount == freeEdges.length) {
            freeEdges = Arrays.copyOf(freeEdges, freeEdgeCount * 2);
        }
        freeEdges[freeEdgeCount++] = e;
        edgeCount--;
    }

    private int slot(int id) {
        int s = id < 0 ? -1 : slotOf.get(id);
        if (s < 0) {
            throw DagException.nodeNotFound(id);
        }
        return s;
    }

    private OperatorNode liveNode(int s) {
        OperatorNode n = slotNode[s];
        if (n == null) {
            throw new IllegalStateException("slot " + s + " is free");
        }
        return n;
    }

    // ------------------------------------------------------------------ snapshot

    /**
     * The immutable CSR snapshot of the current state, built in {@code O(n + m)} on first use after
     * a mutation and memoized until the next one. After payload-only changes ({@link #replaceNode})
     * the new snapshot is derived from the previous one in {@code O(n)}: it shares the CSR arrays and
     * the derived data that depend on the structure alone (topological order, depths and levels,
     * hops to a sink, path-dominance criticality, and the structural fingerprint if no operator
     * changed); cost-dependent results are recomputed on first use.
     *
     * @return the snapshot (thread-safe, never changes)
     */
    public DagSnapshot snapshot() {
        DagSnapshot s = snapshot;
        if (s == null) {
            DagSnapshot b = base;
            Compact c = compact;
            if (c != null) {
                s = c.snapshot(nextId);
            } else if (b == null) {
                s = buildSnapshot();
            } else {
                OperatorNode[] bn = baseNodes;
                s = pendCount == 0
                        ? b.withNodes(bn == null ? b.nodeArray() : bn, nextId, baseSameOperators)
                        : b.withEdits(bn, pendFrom, pendTo, pendAdd, pendCount, nextId);
            }
            snapshot = s;
            base = null;
            baseNodes = null;
            pendCount = 0;
        }
        return s;
    }

    // The snapshot built from scratch from the linked lists, bypassing every memo and derivation:
    // the reference the derived snapshots are tested against (a DAG in compact form is
    // materialized first, so that its linked lists are the ones checked).
    DagSnapshot rebuiltSnapshot() {
        materialize();
        return buildSnapshot();
    }

    // A change of the node set (or a bulk load): the next snapshot is built from scratch.
    private void invalidate() {
        snapshot = null;
        base = null;
        baseNodes = null;
        pendCount = 0;
    }

    // Before a change that keeps the node set: the current snapshot, if any, becomes the base the
    // next one is derived from. Returns the base in effect, or null if the next one is a rebuild.
    private @Nullable DagSnapshot rebase() {
        DagSnapshot current = snapshot;
        if (current != null) {
            base = current;
            baseNodes = null;
            baseSameOperators = true;
            pendCount = 0;
            snapshot = null;
            return current;
        }
        return base;
    }

    // The edge from -> to (ids) was just added or removed.
    private void edgeEdited(int from, int to, boolean added) {
        DagSnapshot b = rebase();
        if (b == null) {
            return;
        }
        int u = b.indexOf(from);
        int v = b.indexOf(to);
        int k = pendCount;
        for (int e = 0; e < k; e++) {
            if (pendFrom[e] == u && pendTo[e] == v) {
                // the opposite edit of the same edge, pending: together they change nothing
                k--;
                pendFrom[e] = pendFrom[k];
                pendTo[e] = pendTo[k];
                pendAdd[e] = pendAdd[k];
                pendCount = k;
                return;
            }
        }
        if (k == MAX_PENDING) {
            invalidate();
            return;
        }
        if (pendFrom.length == 0) {
            pendFrom = new int[MAX_PENDING];
            pendTo = new int[MAX_PENDING];
            pendAdd = new boolean[MAX_PENDING];
        }
        pendFrom[k] = u;
        pendTo[k] = v;
        pendAdd[k] = added;
        pendCount = k + 1;
    }

    private DagSnapshot buildSnapshot() {
        int n = nodeCount;
        int[] slots = new int[n];
        int[] ids = new int[n];
        int k = 0;
        boolean sorted = true;
        int prev = -1;
        for (int s = 0; s < slotCount; s++) {
            if (slotNode[s] != null) {
                int id = slotId[s];
                if (id < prev) {
                    sorted = false;
                }
                prev = id;
                slots[k] = s;
                ids[k++] = id;
            }
        }
        if (!sorted) {
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = ((long) ids[i] << 32) | slots[i];
            }
            Arrays.sort(keys);
            for (int i = 0; i < n; i++) {
                ids[i] = (int) (keys[i] >>> 32);
                slots[i] = (int) keys[i];
            }
        }
        int[] indexOfSlot = new int[slotCount];
        for (int i = 0; i < n; i++) {
            indexOfSlot[slots[i]] = i;
        }
        int m = edgeCount;
        int[] outOff = new int[n + 1];
        int[] inOff = new int[n + 1];
        OperatorNode[] nodes = new OperatorNode[n];
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            nodes[i] = liveNode(s);
            int od = 0;
            for (int e = outHead[s]; e != NONE; e = nextOut[e]) {
                od++;
            }
            int id = 0;
            for (int e = inHead[s]; e != NONE; e = nextIn[e]) {
                id++;
            }
            outOff[i + 1] = outOff[i] + od;
            inOff[i + 1] = inOff[i] + id;
        }
        int[] outAdj = new int[m];
        int[] inAdj = new int[m];
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            int p = outOff[i];
            for (int e = outHead[s]; e != NONE; e = nextOut[e]) {
                outAdj[p++] = indexOfSlot[edgeTo[e]];
            }
            sortRange(outAdj, outOff[i], p);
            p = inOff[i];
            for (int e = inHead[s]; e != NONE; e = nextIn[e]) {
                inAdj[p++] = indexOfSlot[edgeFrom[e]];
            }
            sortRange(inAdj, inOff[i], p);
        }
        return new DagSnapshot(ids, nodes, outOff, outAdj, inOff, inAdj, nextId);
    }

    // Lists are built newest-first; most are short, so reverse if descending, else insertion sort.
    private static void sortRange(int[] a, int from, int to) {
        int len = to - from;
        if (len < 2) {
            return;
        }
        boolean descending = true;
        for (int i = from + 1; i < to; i++) {
            if (a[i] > a[i - 1]) {
                descending = false;
                break;
            }
        }
        if (descending) {
            for (int i = from, j = to - 1; i < j; i++, j--) {
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            return;
        }
        if (len > 32) {
            Arrays.sort(a, from, to);
            return;
        }
        for (int i = from + 1; i < to; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= from && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    // ------------------------------------------------------------------ plain queries

    /**
     * The number of nodes.
     *
     * @return n
     */
    public int nodeCount() {
        return nodeCount;
    }

    /**
     * The number of edges.
     *
     * @return m
     */
    public int edgeCount() {
        return edgeCount;
    }

    /**
     * Whether the DAG has no nodes.
     *
     * @return whether it is empty
     */
    public boolean isEmpty() {
        return nodeCount == 0;
    }

    /**
     * The id {@link #addNode(OperatorNode)} assigns next: above every id ever used in this DAG.
     *
     * @return the next id
     */
    public int nextId() {
        return nextId;
    }

    /**
     * Whether a node with this id exists.
     *
     * @param id the id
     * @return whether it exists
     */
    public boolean containsNode(int id) {
        Compact c = compact;
        if (c != null) {
            return c.indexOf(id) >= 0;
        }
        return id >= 0 && slotOf.get(id) >= 0;
    }

    /**
     * The payload of a node.
     *
     * @param id the id
     * @return its payload
     * @throws DagException {@code NODE_NOT_FOUND} if the id is unknown
     */
    public OperatorNode node(int id) {
        Compact c = compact;
        if (c != null) {
            return c.node(c.index(id));
        }
        return liveNode(slot(id));
    }

    /**
     * All node ids in ascending order.
     *
     * @return a new array of ids
     */
    public int[] nodeIds() {
        return snapshot().ids();
    }

    /**
     * All edges, sorted by source then target.
     *
     * @return an unmodifiable list
     */
    public List<Edge> edges() {
        DagSnapshot s = snapshot();
        List<Edge> list = new ArrayList<>(s.edgeCount());
        for (int i = 0; i < s.size(); i++) {
            for (int p = s.outStart(i); p < s.outEnd(i); p++) {
                list.add(new Edge(s.id(i), s.id(s.outTarget(p))));
            }
        }
        return List.copyOf(list);
    }

    /**
     * The inputs of a node (its in-neighbours), ascending.
     *
     * @param id the node id
     * @return a new array of ids
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public int[] parents(int id) {
        return snapshot().parentIds(id);
    }

    /**
     * The consumers of a node (its out-neighbours), ascending.
     *
     * @param id the node id
     * @return a new array of ids
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public int[] children(int id) {
        return snapshot().childIds(id);
    }

    /**
     * Nodes with no inputs (scans), ascending.
     *
     * @return a new array of ids
     */
    public int[] sources() {
        return snapshot().sources();
    }

    /**
     * Nodes with no consumers (plan results), ascending.
     *
     * @return a new array of ids
     */
    public int[] sinks() {
        return snapshot().sinks();
    }

    /**
     * Alias of {@link #sources()} in plan-tree language: the leaves of the plan.
     *
     * @return a new array of ids
     */
    public int[] planLeaves() {
        return sources();
    }

    /**
     * Alias of {@link #sinks()} in plan-tree language: the roots of the plan.
     *
     * @return a new array of ids
     */
    public int[] planRoots() {
        return sinks();
    }

    // ------------------------------------------------------------------ algorithms

    /**
     * The lexicographically smallest topological order (spec 01 §2.2): Kahn's algorithm always
     * taking the smallest available id. Depends only on the node and edge sets. {@code O(m + n log
     * n)} on first call after a mutation, memoized.
     *
     * @return a new array of all ids in topological order
     */
    public int[] topologicalSort() {
        return snapshot().topologicalOrderIds();
    }

    /**
     * The longest edge count from the node to a sink (sinks have depth 0).
     *
     * @param id the node id
     * @return the depth
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public int depth(int id) {
        return snapshot().depthOf(id);
    }

    /**
     * The longest edge count from a source to the node (sources have level 0).
     *
     * @param id the node id
     * @return the level
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public int level(int id) {
        return snapshot().levelOf(id);
    }

    /**
     * The edge count of the longest path (0 for an empty or edgeless DAG).
     *
     * @return the maximum depth
     */
    public int maxDepth() {
        return snapshot().maxDepth();
    }

    /**
     * The largest number of nodes on one level (0 for an empty DAG).
     *
     * @return the branch count
     */
    public int branchCount() {
        return snapshot().branchCount();
    }

    /**
     * Every node that reaches this one, excluding it, ascending.
     *
     * @param id the node id
     * @return a new array of ids
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public int[] ancestors(int id) {
        return snapshot().ancestorIds(id);
    }

    /**
     * Every node this one reaches, excluding it, ascending.
     *
     * @param id the node id
     * @return a new array of ids
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public int[] descendants(int id) {
        return snapshot().descendantIds(id);
    }

    /**
     * The shortest edge count from {@code from} to {@code to}, if {@code to} is reachable.
     *
     * @param from start id
     * @param to target id
     * @return the hop count, or empty
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public OptionalInt hops(int from, int to) {
        return snapshot().hops(from, to);
    }

    /**
     * The shortest edge count from the node to any sink (0 for a sink).
     *
     * @param id the node id
     * @return the hop count
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public int hopsToSink(int id) {
        return snapshot().hopsToSinkOf(id);
    }

    /**
     * One canonical maximum-cost source-to-sink path (spec 01 §2.5).
     *
     * @return the path and its cost; an empty path with cost 0 for an empty DAG
     */
    public CriticalPath criticalPath() {
        return snapshot().criticalPath();
    }

    /**
     * Every node on some maximum-cost path, ascending (spec 01 §2.5).
     *
     * @return a new array of ids
     */
    public int[] criticalSet() {
        return snapshot().criticalSetIds();
    }

    /**
     * The largest share of the total cost held by one critical node: {@code max_{v in C} cost_v /
     * sum cost}, 0 when the total is 0.
     *
     * @return the score in [0, 1]
     */
    public double bottleneckScore() {
        return snapshot().bottleneckScore();
    }

    /**
     * Path-dominance criticality {@code kappa(v) = Pin(v) * Pout(v) / Pi} (spec 01 §2.6): the
     * fraction of all source-to-sink paths that pass through the node, in (0, 1]; 1 exactly for a
     * node that alone separates all sources from all sinks.
     *
     * @param id the node id
     * @return kappa
     * @throws DagException {@code NODE_NOT_FOUND}
     */
    public double criticality(int id) {
        return snapshot().criticalityOf(id);
    }

    /**
     * The 256-dimensional plan vector of spec 01 §2.7 (operator-family fractions, depth and shape
     * scalars, L2-normalized).
     *
     * @return a new array of length {@link DagSnapshot#PLAN_VECTOR_DIMENSION}
     */
    public double[] planVector() {
        return snapshot().planVector();
    }

    /**
     * First 16 bytes of SHA-256 over the canonical binary form: changes with any payload, estimate,
     * actual, embedding or edge change. Stable across processes and versions of this format.
     *
     * @return the fingerprint
     */
    public Fingerprint fullFingerprint() {
        return snapshot().fullFingerprint();
    }

    /**
     * Like {@link #fullFingerprint()} but over ids, operators and edges only: ignores estimates,
     * actuals, timestamps, selectivity and embeddings.
     *
     * @return the fingerprint
     */
    public Fingerprint structuralFingerprint() {
        return snapshot().structuralFingerprint();
    }

    // ------------------------------------------------------------------ serialization

    /**
     * The canonical JSON form (spec 01 §2.9, format version {@value DagJson#CURRENT_VERSION}): nodes
     * ascending by id, edges sorted, nulls omitted, snake_case names. Equal DAGs give equal text.
     *
     * @return the JSON text
     */
    public String toJson() {
        return DagJson.write(snapshot());
    }

    /**
     * Reads the canonical JSON form, preserving ids. {@link #nextId()} becomes the largest id + 1.
     *
     * @param json the text, at most {@link DagLimits#MAX_INPUT_BYTES} chars
     * @return the DAG
     * @throws DagException {@code SERIALIZATION} for malformed or oversized input, an unknown
     *     version, duplicate ids, dangling or duplicate edges, or a cycle (the message names the line
     *     and column)
     */
    public static QueryDag fromJson(String json) {
        return DagJson.read(json);
    }

    /**
     * The compact binary form (spec 01 §2.9, big-endian, format version {@value
     * DagBinary#CURRENT_VERSION}, CRC32 trailer). Equal DAGs give equal bytes.
     *
     * @return a new byte array
     */
    public byte[] toBytes() {
        return DagBinary.write(snapshot());
    }

    /**
     * Reads the binary form. Every value is checked here, so a DAG that is returned is complete and
     * valid. Of an encoding written by {@link #toBytes()} (ids and edges ascending) the DAG keeps
     * the operators and estimates of nodes without optional values in primitive columns and builds
     * each such node's {@link OperatorNode} on its first read ({@link #node(int)}, {@link
     * DagSnapshot#node(int)}, equality, the writers), keeping it from then on; queries that read
     * only operator tags and estimates ({@link DagSnapshot#tag(int)}, {@link
     * DagSnapshot#estimatedCost(int)}) never build them. The input array is not retained.
     *
     * @param bytes the bytes, at most {@link DagLimits#MAX_INPUT_BYTES}
     * @return the DAG
     * @throws DagException {@code SERIALIZATION} for a bad magic, version or checksum, truncation,
     *     out-of-range counts, invalid values, duplicate ids, dangling edges or a cycle
     */
    public static QueryDag fromBytes(byte[] bytes) {
        return DagBinary.read(bytes);
    }

    // ------------------------------------------------------------------ copies, equality

    /**
     * An independent deep copy (payloads are immutable and shared).
     *
     * @return the copy, with the same {@link #nextId()}
     */
    public QueryDag copy() {
        DagSnapshot s = snapshot();
        QueryDag c = fromSnapshot(s);
        c.nextId = nextId;
        return c;
    }

    /**
     * A new mutable DAG with the content of a snapshot.
     *
     * @param snapshot the snapshot
     * @return the DAG, whose {@link #nextId()} is the snapshot's
     */
    public static QueryDag fromSnapshot(DagSnapshot snapshot) {
        int n = snapshot.size();
        QueryDag c = new QueryDag(n, snapshot.edgeCount());
        for (int i = 0; i < n; i++) {
            c.insertNode(snapshot.id(i), snapshot.node(i));
        }
        // insertion in id order and edges from the snapshot keep it acyclic
        for (int i = 0; i < n; i++) {
            for (int p = snapshot.outStart(i); p < snapshot.outEnd(i); p++) {
                c.linkEdge(i, snapshot.outTarget(p));
            }
        }
        int[] topo = snapshot.topologicalOrder();
        for (int r = 0; r < n; r++) {
            c.ord[topo[r]] = r;
        }
        c.ordCounter = n;
        c.nextId = Math.max(c.nextId, snapshot.nextId());
        c.snapshot = snapshot;
        return c;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QueryDag other)) {
            return false;
        }
        if (nodeCount != other.nodeCount || edgeCount != other.edgeCount) {
            return false;
        }
        return snapshot().sameContent(other.snapshot());
    }

    @Override
    public int hashCode() {
        return snapshot().contentHash();
    }

    @Override
    public String toString() {
        return "QueryDag[nodes=" + nodeCount + ", edges=" + edgeCount + "]";
    }
}
