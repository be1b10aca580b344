package io.neuraldag.mincut;

import java.util.Arrays;

/**
 * A maximum s-t flow on a {@link FlowNetwork}, kept maximum under capacity changes (spec 02 §2.4).
 */
final class FlowState {
    /*
     * Invariants between calls (finite case): flow is a feasible maximum flow of net, and lambda is
     * the net outflow of s.
     *
     * Two node sets are tracked, each by epoch marks and a state: S_min (reachable from s in the
     * residual graph) and R_T (the nodes that reach t; S_max is its complement). A state is EXACT
     * (marks == the set), SUPERSET (marks contain the set: only residual arcs disappeared since it
     * was exact) or INVALID. S_min and R_T are disjoint while the flow is maximum.
     *
     * S_min is kept EXACT after every update in the finite case, as a tree of residual half-edges
     * (sminParent; every tree path ends at s), in the manner of Even and Shiloach ("An on-line
     * edge-deletion problem", J. ACM 28, 1981) but without their level invariant, since residual
     * arcs also appear, and with Boykov and Kolmogorov's orphan adoption for lost tree arcs:
     *  - a residual half-edge appears from a tree node to an unmarked one: a search from its head
     *    over unmarked nodes extends the tree (cost: the nodes gained);
     *  - a tree half-edge loses its residual: its head becomes an orphan. An orphan is re-hung on
     *    any residual in-arc from a tree node whose tree path, walked towards s (at most hangWalk
     *    steps), meets only tree nodes that are not orphans; an orphan that finds none is unmarked
     *    and its tree children become orphans. The unmarked former orphans with a residual in-arc
     *    from the tree are then re-attached, with a search from there (cost: the orphans' degrees
     *    and walks; the old scheme, re-hanging only on shallower nodes of a depth labelling and
     *    otherwise unmarking the whole subtree, re-searched most of S_min whenever an arc near s
     *    saturated). One scan of an orphan finds its parent or else its children and its candidate
     *    parents, and the re-attachment checks only those candidates; walks are tagged, so a walk
     *    stops at a node an earlier walk of the same repair found rooted (rooted nodes are never
     *    re-hung, so that holds for the whole repair) or found unrooted with no re-hanging since.
     *    A re-hung orphan at once marks again the freed nodes it reaches, with their closure
     *    (reclaimAround): a subtree freed because its root's way back to s ran through a sibling
     *    not yet re-hung is then not freed node by node and marked again whole by the
     *    re-attachment. An orphan still queued whose freed parent was so reclaimed hangs below a
     *    rooted node again and keeps its place (it is not re-hung, which could close a cycle).
     *    Only where a repair's walks cannot cross another broken tree half-edge (a single one, or
     *    several along one path repaired from s on); not for a reroute's, repaired in log order.
     *    A non-tree half-edge that loses residual changes nothing;
     *  - a reroute (below) changes residuals along its logged paths only: first every broken tree
     *    half-edge among them is repaired, then the set is closed over those of them that lead out.
     * Augmentations from s re-record the tree from Dinic's last (failed) BFS. With S_min exact, an
     * opened arc u -> v is decided without R_T: u outside S_min leaves S_min as it is, v inside it
     * leaves both sets, and otherwise the flow is pushed through the arc along tree paths s ~> u
     * and paths v ~> t of one pair of kept search trees outside S_min (augmentThrough), and the
     * tree is extended from v if the arc stays residual. R_T stays lazy (needed only for
     * certificates and what-if queries). No residual arc leaves S_min, so a reroute u ~> v with
     * both ends in S_min stays inside it and one with both ends outside never enters it: such
     * reroutes confine their search trees to that side.
     *
     * Arcs of capacity 0 (and so of flow 0) are parked (FlowNetwork.park): taken out of the
     * incidence lists every search scans, and put back before their capacity is raised. A plan's
     * source and sink have a connector to every operator, most of them of capacity 0, so without
     * parking each search that expanded a terminal scanned one half-edge per operator.
     *
     * Infinite case (an s-t path of infinite arcs): infinite is true, lambda is +inf, flow is 0 and
     * both sets are INVALID; every change is answered by a fresh solve.
     *
     * setCapacity(a = u->v, c -> c'). Only a change of the set of residual arcs can matter, so:
     *  - increase of an arc with positive residual, or decrease to c' > f: nothing else changes
     *    (O(1)).
     *  - increase of a saturated arc (u->v becomes residual), when S_min is not EXACT (after leaving
     *    the infinite state the set is always recorded, so this is a fallback): no augmenting path can appear if u is
     *    outside S_min (EXACT or SUPERSET marks suffice), v inside an EXACT S_min, v outside R_T
     *    (EXACT or SUPERSET), or u inside an EXACT R_T; lambda then stays (O(1)), and the side that
     *    can grow is extended by a BFS from the new arc's end over the newly reached nodes only
     *    (EXACT) or invalidated (SUPERSET). Otherwise R_T is recomputed first when its last known
     *    size is below S_min's and the test retried, and else the flow is augmented. Every
     *    augmentation ends on a failed BFS whose labelled set is S_min, recorded as EXACT.
     *  - decrease to c' = f: the arc leaves the residual graph; the S_min tree is repaired if the arc
     *    was a tree half-edge, and an EXACT R_T (if v is in it) becomes SUPERSET.
     *  - decrease to c' < f: set f = c', leaving excess d = f - c' at u and a deficit d at v;
     *    reroute up to d from u to v in the residual graph; return the rest rho from u to s and from
     *    t to v (such paths exist: with no residual u->v path left, a flow decomposition sends u's
     *    excess from s and v's deficit to t); then augment. If a push-back falls short (only by
     *    rounding, or for arcs leaving t or entering s), the other terminal is tried, and as a last
     *    resort the flow is recomputed from zero, so the result is always exact. R_T becomes
     *    INVALID. With S_min EXACT (u != t, v != s) the push-backs and the augmentation are local
     *    (decreaseTracked): the rest is cancelled along flow paths u ~> s and v ~> t, the tree is
     *    repaired and closed over the logged half-edges, and if the closure reaches t the flow is
     *    augmented along tree paths; Dinic runs only if a cancellation falls short. Otherwise S_min
     *    is re-recorded from the final augmentation's BFS.
     * Choosing the smaller side keeps updates cheap whichever terminal the minimum cut lies next to.
     */
    private static final int INVALID = 0;
    private static final int SUPERSET = 1;
    private static final int EXACT = 2;
    /**
     * Paths a local search pushes for one update before handing over to Dinic (which then finishes
     * exactly): bounds the work of path-at-a-time augmentation when many small paths are needed.
     */
    static final int MAX_LOCAL_PATHS = 64;
    /**
     * Paths an opened cut arc may push through itself before handing over to Dinic. They are taken
     * from one pair of kept search trees, so a path costs its length, the repairs it causes and
     * its share of the trees' one search.
     */
    static final int MAX_THROUGH_PATHS = 4 * MAX_LOCAL_PATHS;
    /**
     * Flow paths one cancellation may cancel before handing over to Dinic. Cancelling only lowers
     * flows and empties at least one arc per path, so it ends after at most m paths in any case;
     * the bound only caps the cost of very fragmented flow.
     */
    static final int MAX_CANCEL_PATHS = 1024;
    /**
     * Tree steps a repair may walk to check that an orphan's new parent is rooted at s outside the
     * orphan's subtree; a longer walk counts as a failed check (the orphan is then unmarked and its
     * children become orphans), so the bound limits cost, never correctness.
     */
    static final int MAX_HANG_WALK = 1024;

    /** The walk bound of this state's repairs ({@link #MAX_HANG_WALK}; lowered by tests). */
    int hangWalk = MAX_HANG_WALK;
    /** Orphans re-hung on a new parent by repairs so far (for the structure's tests). */
    long adoptions;
    /** Paths pushed along the tree by {@link #augmentAlongTree} so far (for the tests). */
    long treeAugmentations;
    /** Decreases whose reroute fell short and were finished locally (for the tests). */
    long localPartialReroutes;
    /** Reroutes whose search trees were confined to one side of S_min (for the tests). */
    long confinedReroutes;
    /** Paths pushed through opened cut arcs along the kept search trees (for the tests). */
    long keptThroughPaths;
    /** Paths through opened cut arcs found without residual, only by rounding (for the tests). */
    long emptyThroughPaths;
    /** The amount the last local reroute u ~> v routed (for the tests). */
    double lastRerouted;

    final FlowNetwork net;
    final int s;
    final int t;
    final Dinic dinic = new Dinic();
    final PathSearch search = new PathSearch(dinic);
    /** An augmenting path assembled from the S_min tree and a search. */
    private int[] pathBuf = new int[16];

    double[] flow;
    double lambda;
    boolean infinite;

    private int[] sminMark = new int[0];
    /** For each node of an EXACT S_min other than s: the residual half-edge of its tree parent. */
    private int[] sminParent = new int[0];

    private int[] detached = new int[0];
    /** For the i-th node freed by a repair: where its candidate parents start in freedCandidates. */
    private int[] freedStart = new int[1];
    /** Residual in-half-edges from tracked nodes that freed orphans had (a repair's scratch). */
    private int[] freedCandidates = new int[16];
    /**
     * Walk tags of repairs: the serial of the last walk towards s that passed the node. A node
     * passed by a walk of the current repair that reached s is rooted for the rest of the repair
     * (a rooted node is never an orphan, so its tree path stays); one passed by a walk that failed
     * (met an orphan or a freed node) stays unrooted until the next re-hanging. A later walk that
     * meets a tagged node stops there with that answer.
     */
    private long[] walkTag = new long[0];
    /** Serial of the last walk. */
    private long walkSerial;
    /** Serial of the current repair's first walk. */
    private long repairFirstWalk = 1;
    /** Serial of the current repair's last walk that reached s (failures up to it are stale). */
    private long lastRootedWalk;
    /** For each walk of the current repair (by serial - repairFirstWalk): whether it reached s. */
    private boolean[] walkRooted = new boolean[16];
    /** What each node still owes during a {@link #discharge} (valid where owedStamp == owedEpoch). */
    private double[] owed = new double[0];

    private int[] owedStamp = new int[0];
    private int owedEpoch;
    /** Current-arc pointers of a discharge. */
    private int[] owedCur = new int[0];

    private int[] owedQueue = new int[16];
    /** The half-edges a discharge pushed along (as a cancelling path would) and the old flows. */
    private int[] owedArc = new int[16];

    private double[] owedOld = new double[16];
    /** Cancellations done by one discharge pass rather than path by path (for the tests). */
    long dischargedCancels;
    /** Repair walks that stopped at a node an earlier walk of the repair found rooted (for the tests). */
    long rootedTagStops;
    /** Repair walks that stopped at a node an earlier walk found unrooted (for the tests). */
    long failedTagStops;
    /** Freed orphans re-attached from their recorded candidate parents (for the tests). */
    long candidateAttachments;
    /** Freed nodes marked again from a re-hung orphan during a repair (for the tests). */
    long reclaimed;
    /** Orphans left in place because a reclaim marked their parent again (for the tests). */
    long keptBelowReclaimed;
    /**
     * Whether repairs reclaim freed nodes from re-hung orphans: true except while {@link
     * #afterReroute} repairs the broken tree half-edges of a reroute in log order.
     */
    private boolean reclaiming = true;
    /** The tree children of one orphan (a repair's scratch). */
    private int[] children = new int[16];

    private int sminEpoch;
    private int sminState;
    private int sminSize;
    private int[] rtMark = new int[0];
    private int rtEpoch;
    private int rtState;
    private int rtSize;
    private int[] work = new int[0];
    private double[] scratch = new double[0];

    FlowState(FlowNetwork net, int s, int t) {
        this.net = net;
        this.s = s;
        this.t = t;
        // as many slots as the network has room for arcs, so its first insertions grow neither
        this.flow = new double[Math.max(4, net.cap.length)];
        ensure();
        for (int a = 0; a < net.arcCount; a++) {
            if (net.cap[a] == 0.0) {
                net.park(a);
            }
        }
        solveFromZero();
    }

    private void ensure() {
        int n = net.nodeCount;
        if (sminMark.length < n) {
            int c = Math.max(n, sminMark.length * 2);
            sminMark = Arrays.copyOf(sminMark, c);
            rtMark = Arrays.copyOf(rtMark, c);
            sminParent = Arrays.copyOf(sminParent, c);
            work = new int[c];
            detached = new int[c];
            walkTag = Arrays.copyOf(walkTag, c);
            freedStart = new int[c + 1];
            pathBuf = new int[2 * c + 2];
        }
        search.ensure(n);
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
        rtState = INVALID;
        augment();
    }

    /**
     * Augments s -> t to a maximum from the current flow, recording S_min or entering the infinite
     * state; returns whether any flow was pushed.
     */
    private boolean augment() {
        double pushed = dinic.maxFlow(net, flow, s, t, Double.POSITIVE_INFINITY);
        if (pushed == Double.POSITIVE_INFINITY) {
            Arrays.fill(flow, 0, net.arcCount, 0.0);
            infinite = true;
            lambda = Double.POSITIVE_INFINITY;
            sminState = INVALID;
            rtState = INVALID;
            return true;
        }
        recordSmin();
        if (pushed > 0.0) {
            lambda = Math.max(0.0, dinic.outflow(net, flow, s));
            rtState = INVALID;
            return true;
        }
        return false;
    }

    /** Records the nodes labelled by the last failed BFS from s as an EXACT S_min. */
    private void recordSmin() {
        if (sminEpoch == Integer.MAX_VALUE) {
            Arrays.fill(sminMark, 0);
            sminEpoch = 0;
        }
        int e = ++sminEpoch;
        int[] q = dinic.queue;
        int[] pe = dinic.parentEdge;
        int k = dinic.visited;
        for (int i = 0; i < k; i++) {
            int x = q[i];
            sminMark[x] = e;
            sminParent[x] = pe[x];
        }
        sminParent[s] = -1;
        sminSize = k;
        sminState = EXACT;
    }

    private void computeRt() {
        if (rtEpoch == Integer.MAX_VALUE) {
            Arrays.fill(rtMark, 0);
            rtEpoch = 0;
        }
        rtSize = dinic.reverseReach(net, flow, t, rtMark, ++rtEpoch);
        rtState = EXACT;
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
        rtMark[v] = 0;
        return v;
    }

    /**
     * Sets an arc's capacity (already validated) and restores a maximum flow. An arc raised from 0
     * is first put back into the incidence lists, an arc lowered to 0 (its flow is then 0) is
     * parked afterwards ({@link FlowNetwork#park}), so no search scans arcs of capacity 0.
     */
    void setCapacity(int a, double c2) {
        ensure();
        if (c2 > 0.0) {
            net.unpark(a);
        }
        update(a, c2);
        if (c2 == 0.0 && flow[a] == 0.0 && net.cap[a] == 0.0) {
            net.park(a);
        }
    }

    private void update(int a, double c2) {
        double c = net.cap[a];
        if (c2 == c) {
            return;
        }
        net.cap[a] = c2 + 0.0;
        if (infinite) {
            solveFromZero();
            return;
        }
        int u = net.to[2 * a + 1];
        int v = net.to[2 * a];
        double fa = flow[a];
        if (c2 > c) {
            if (c - fa <= 0.0) {
                opened(a, c, u, v);
            }
            return;
        }
        if (fa < c2) {
            return;
        }
        if (fa == c2) {
            // u -> v leaves the residual graph
            if (sminState == EXACT && sminMark[v] == sminEpoch && sminParent[v] == 2 * a) {
                repair(v);
            }
            if (rtState == EXACT && rtMark[v] == rtEpoch) {
                rtState = SUPERSET;
            }
            return;
        }
        rtState = INVALID;
        boolean track = sminState == EXACT;
        if (track && sminMark[u] == sminEpoch && sminMark[v] != sminEpoch) {
            decreaseCutArc(a, c2, u, v);
            return;
        }
        if (track && u != t && v != s) {
            decreaseTracked(a, c2, u, v);
            return;
        }
        sminState = INVALID;
        dinic.logSize = 0;
        dinic.logging = track;
        boolean full;
        try {
            full = decrease(a, c2, flow);
        } finally {
            dinic.logging = false;
        }
        if (full) {
            lambda = Math.max(0.0, dinic.outflow(net, flow, s));
            recordSmin();
        } else if (track) {
            sminState = EXACT;
            afterReroute(a);
        }
    }

    /**
     * Lowers a = u -> v below its flow while S_min is EXACT (u not t, v not s), without a global
     * search when possible: the surplus delta = f - c2 is rerouted u -> v by bidirectional search;
     * the rest rho is cancelled along flow paths back from u to s and on from v to t (they exist: no
     * residual u ~> v path is left, so no flow path runs v ~> u, and a decomposition sends u's excess
     * from s and v's deficit to t). Every push is logged, so the tree is then repaired and closed
     * over the changed half-edges only; if that closure reaches t, the flow is augmented along tree
     * paths ({@link #augmentAlongTree}). A cancellation that falls short (rounding, or the path cap)
     * hands the rest to Dinic push-backs and a global augmentation, so the result stays exact.
     */
    private void decreaseTracked(int a, double c2, int u, int v) {
        double delta = flow[a] - c2;
        double tolerance = 1e-12 * Math.max(1.0, lambda + delta);
        flow[a] = c2;
        dinic.logSize = 0;
        dinic.logging = true;
        double rho;
        double left = 0.0;
        double right = 0.0;
        try {
            // nothing residual leaves S_min: a u ~> v path lies inside it if u is in it, and
            // outside it if v is outside (so both trees are confined when u and v are on one side)
            boolean uIn = sminMark[u] == sminEpoch;
            boolean vIn = sminMark[v] == sminEpoch;
            double rerouted;
            if (uIn == vIn) {
                confinedReroutes++;
                rerouted = route(flow, u, v, delta, sminEpoch, uIn);
            } else {
                rerouted = route(flow, u, v, delta, -1, false);
            }
            lastRerouted = rerouted;
            rho = rerouted >= delta ? 0.0 : delta - rerouted;
            if (rho > 0.0) {
                left = u == s ? 0.0 : cancel(u, s, rho, true);
                right = v == t ? 0.0 : cancel(v, t, rho, false);
            }
        } finally {
            dinic.logging = false;
        }
        if (left > tolerance || right > tolerance) {
            sminState = INVALID;
            if (!pushBack(flow, u, v, left, right, tolerance)) {
                fromZero(flow);
            } else if (dinic.maxFlow(net, flow, s, t, Double.POSITIVE_INFINITY) == Double.POSITIVE_INFINITY) {
                fromZero(flow); // cannot happen after a decrease from a finite maximum
            }
            lambda = Math.max(0.0, dinic.outflow(net, flow, s));
            recordSmin();
            return;
        }
        if (rho > 0.0) {
            localPartialReroutes++;
            lambda = Math.max(0.0, dinic.outflow(net, flow, s));
        }
        afterReroute(a);
    }

    /**
     * Returns an excess leftU at u to s (or else to t) and a deficit leftV at v from t (or else from
     * s) with Dinic in f; returns false if some of it could not be placed (the caller then
     * recomputes).
     */
    private boolean pushBack(double[] f, int u, int v, double leftU, double leftV, double tolerance) {
        if (leftU > 0.0 && u != s && u != t) {
            double left = leftU - dinic.maxFlow(net, f, u, s, leftU);
            if (left > 0.0) {
                left -= dinic.maxFlow(net, f, u, t, left);
            }
            if (left > tolerance) {
                return false;
            }
        }
        if (leftV > 0.0 && v != t && v != s) {
            double left = leftV - dinic.maxFlow(net, f, t, v, leftV);
            if (left > 0.0) {
                left -= dinic.maxFlow(net, f, s, v, left);
            }
            if (left > tolerance) {
                return false;
            }
        }
        return true;
    }

    /**
     * Lowers a = u -> v, an arc of the S_min cut (u in S_min, v outside), below its flow. The set
     * X = S_min stays a minimum cut: its capacity drops by exactly delta = f - c2 (the arc was
     * saturated) and the flow, with the surplus cancelled along flow paths u ~> s and v ~> t, drops
     * by the same delta; so no reroute u -> v (which cannot leave X) and no augmentation is needed.
     * The cancelled paths stay inside X (arcs entering X carry no flow) and outside X respectively,
     * and the tree is repaired over the half-edges they changed.
     */
    private void decreaseCutArc(int a, double c2, int u, int v) {
        double delta = flow[a] - c2;
        double scale = Math.max(1.0, lambda + delta);
        double tolerance = 1e-12 * scale;
        flow[a] = c2;
        dinic.logSize = 0;
        dinic.logging = true;
        double left;
        double right;
        try {
            left = u == s ? 0.0 : cancel(u, s, delta, true);
            right = v == t ? 0.0 : cancel(v, t, delta, false);
        } finally {
            dinic.logging = false;
        }
        if (left > tolerance || right > tolerance) {
            // only by rounding: recompute to stay exact
            sminState = INVALID;
            fromZero(flow);
            lambda = Math.max(0.0, dinic.outflow(net, flow, s));
            recordSmin();
            return;
        }
        lambda = Math.max(0.0, dinic.outflow(net, flow, s));
        afterReroute(a);
    }

    /**
     * Cancels up to amount of flow along flow-carrying paths from start back to s (backward) or on
     * to t (forward); returns what could not be cancelled (0 in exact arithmetic when start has that
     * excess or deficit).
     */
    private double cancel(int start, int goal, double amount, boolean backward) {
        double left = discharge(start, goal, amount, backward);
        if (left >= 0.0) {
            dischargedCancels++;
            return left;
        }
        return cancelAlongPaths(start, goal, amount, backward);
    }

    /**
     * Cancels amount of flow from start back to s (backward) or on to t (forward) in one pass
     * instead of path by path: start owes the amount; a node that owes r lowers the flow of its
     * flow-carrying in-arcs (backward) or out-arcs (forward) by r in total, and each arc's tail
     * (head) then owes what was taken from it, until everything owed has reached the goal. Flow
     * conservation guarantees that a node owing r has at least r on those arcs, so only rounding can
     * leave something owed. Each node keeps a current-arc pointer (flows only fall, so an arc it
     * emptied stays empty), so the cost is the degrees of the nodes reached plus one step per
     * transfer, not the sum of the path lengths. Returns what is left owed at start (0 in exact
     * arithmetic), or -1 with the flow restored if the pass exceeds its step budget (flow cycles) or
     * leaves more than rounding owed at another node; the caller then cancels path by path.
     */
    private double discharge(int start, int goal, double amount, boolean backward) {
        final int[] first = net.first;
        final int[] next = net.next;
        final int[] to = net.to;
        final double[] f = flow;
        final int parity = backward ? 1 : 0;
        final double tolerance = 1e-12 * Math.max(1.0, lambda + amount);
        ensureDischarge();
        if (owedEpoch == Integer.MAX_VALUE) {
            Arrays.fill(owedStamp, 0);
            owedEpoch = 0;
        }
        final int e = ++owedEpoch;
        final int[] stamp = owedStamp;
        final double[] owed = this.owed;
        final int[] cur = owedCur;
        long budget = 8L * net.arcCount + 64;
        int changes = 0;
        int[] q = owedQueue;
        int head = 0;
        int tail = 0;
        stamp[start] = e;
        owed[start] = amount;
        cur[start] = first[start];
        q[tail++] = start;
        double stuck = 0.0;
        double leftAtStart = 0.0;
        while (head < tail) {
            int x = q[head++];
            double r = owed[x];
            owed[x] = 0.0;
            int h = cur[x];
            while (r > 0.0 && h != FlowNetwork.NONE) {
                dinic.scanned++;
                int a = h >>> 1;
                double fa = f[a];
                if ((h & 1) != parity || fa <= 0.0) {
                    h = next[h];
                    continue;
                }
                if (--budget < 0) {
                    undoDischarge(changes);
                    return -1.0;
                }
                double d;
                if (r >= fa) {
                    d = fa;
                    f[a] = 0.0;
                    r = r - fa;
                } else {
                    d = r;
                    f[a] = fa - r;
                    r = 0.0;
                }
                dinic.scanned += 2;
                if (changes == owedArc.length) {
                    owedArc = Arrays.copyOf(owedArc, 2 * changes);
                    owedOld = Arrays.copyOf(owedOld, 2 * changes);
                }
                owedArc[changes] = backward ? h : h ^ 1;
                owedOld[changes++] = fa;
                int w = to[h];
                if (w != goal) {
                    if (stamp[w] != e) {
                        stamp[w] = e;
                        owed[w] = 0.0;
                        cur[w] = first[w];
                    }
                    if (owed[w] == 0.0) {
                        if (tail == q.length) {
                            if (head > 0) {
                                System.arraycopy(q, head, q, 0, tail - head);
                                tail -= head;
                                head = 0;
                            } else {
                                q = owedQueue = Arrays.copyOf(q, 2 * q.length);
                            }
                        }
                        q[tail++] = w;
                    }
                    owed[w] += d;
                }
                if (r > 0.0) {
                    h = next[h];
                }
            }
            cur[x] = h;
            if (r > 0.0) {
                if (x == start) {
                    leftAtStart += r;
                } else {
                    stuck += r;
                }
            }
        }
        if (stuck > tolerance) {
            undoDischarge(changes);
            return -1.0;
        }
        if (dinic.logging) {
            if (dinic.logSize + changes > dinic.log.length) {
                dinic.log = Arrays.copyOf(dinic.log, Math.max(dinic.logSize + changes, dinic.log.length * 2));
            }
            System.arraycopy(owedArc, 0, dinic.log, dinic.logSize, changes);
            dinic.logSize += changes;
        }
        return leftAtStart;
    }

    private void undoDischarge(int changes) {
        for (int i = changes - 1; i >= 0; i--) {
            flow[owedArc[i] >>> 1] = owedOld[i];
        }
    }

    private void ensureDischarge() {
        int n = net.nodeCount;
        if (owed.length < n) {
            int c = Math.max(n, 2 * owed.length);
            owed = new double[c];
            owedStamp = new int[c];
            owedCur = new int[c];
            owedEpoch = 0;
        }
    }

    /** Cancels path by path ({@link PathSearch#findFlowPath}); returns what could not be cancelled. */
    private double cancelAlongPaths(int start, int goal, double amount, boolean backward) {
        double left = amount;
        for (int rounds = 0; left > 0.0 && rounds < MAX_CANCEL_PATHS; rounds++) {
            int k = search.findFlowPath(net, flow, start, goal, backward);
            if (k < 0) {
                break;
            }
            double b = pushPath(search.path, k, left);
            if (b <= 0.0) {
                break;
            }
            left = b >= left ? 0.0 : left - b;
        }
        return left;
    }

    /**
     * Routes up to limit from src to dst in f along paths of one bidirectional search whose two
     * trees are kept across the paths ({@link PathSearch#treesBegin}): after each push only the
     * subtrees below saturated tree arcs are repaired; returns the amount routed.
     */
    private double route(double[] f, int src, int dst, double limit, int blockEpoch, boolean inside) {
        double total = 0.0;
        double left = limit;
        search.treesBegin(net, src, dst, sminMark, blockEpoch, inside);
        for (int rounds = 0; left > 0.0 && rounds < MAX_LOCAL_PATHS; rounds++) {
            int k = search.treesNext(net, f);
            if (k < 0) {
                break;
            }
            double b = push(f, search.path, k, left);
            if (b <= 0.0) {
                break;
            }
            total += b;
            left = b >= left ? 0.0 : left - b;
            if (left > 0.0 && rounds + 1 < MAX_LOCAL_PATHS) {
                search.treesPushed(net, f, k);
            }
        }
        return total;
    }

    /** {@link #push} on the current flow. */
    private double pushPath(int[] p, int k, double limit) {
        return push(flow, p, k, limit);
    }

    /**
     * Pushes min(limit, bottleneck) along the residual half-edges p[0 .. k) of f, snapping every
     * arc that attains the bottleneck to exactly saturated or empty, and logs the half-edges while
     * the Dinic log is on; returns the amount, or +inf (and pushes nothing) for a path of infinite
     * residual when limit is infinite.
     */
    private double push(double[] f, int[] p, int k, double limit) {
        final double[] cap = net.cap;
        double b = limit;
        for (int i = 0; i < k; i++) {
            int h = p[i];
            int x = h >>> 1;
            double r = (h & 1) == 0 ? cap[x] - f[x] : f[x];
            if (r < b) {
                b = r;
            }
        }
        if (b == Double.POSITIVE_INFINITY) {
            return b;
        }
        dinic.scanned += 2L * k;
        if (dinic.logging) {
            if (dinic.logSize + k > dinic.log.length) {
                dinic.log = Arrays.copyOf(dinic.log, Math.max(dinic.logSize + k, dinic.log.length * 2));
            }
            System.arraycopy(p, 0, dinic.log, dinic.logSize, k);
            dinic.logSize += k;
        }
        for (int i = 0; i < k; i++) {
            int h = p[i];
            int x = h >>> 1;
            if ((h & 1) == 0) {
                double c = cap[x];
                double fx = f[x];
                if (b >= c - fx) {
                    f[x] = c;
                } else {
                    double nf = fx + b;
                    f[x] = nf > c ? c : nf;
                }
            } else {
                double fx = f[x];
                f[x] = b >= fx ? 0.0 : fx - b;
            }
        }
        return b;
    }

    /**
     * Restores the S_min tree after a reroute that kept lambda: the residual graph changed only on
     * arc a and on the logged half-edges (and their opposites). First every tree half-edge that lost
     * its residual is repaired, then the set is closed over every changed half-edge that leads out
     * of it.
     */
    private void afterReroute(int a) {
        int[] lg = dinic.log;
        int k = dinic.logSize;
        // the log is in no tree order, so a repair's walks may cross a broken tree half-edge that a
        // later repair of this loop handles: a node found rooted may not be, and marking freed
        // nodes again from it (reclaimAround) would only have the later repair free them again
        reclaiming = false;
        try {
            repairIfBroken(2 * a);
            repairIfBroken(2 * a + 1);
            for (int i = 0; i < k; i++) {
                repairIfBroken(lg[i]);
                repairIfBroken(lg[i] ^ 1);
            }
        } finally {
            reclaiming = true;
        }
        extendOver(2 * a);
        extendOver(2 * a + 1);
        for (int i = 0; i < k; i++) {
            extendOver(lg[i]);
            extendOver(lg[i] ^ 1);
        }
        if (sminMark[t] == sminEpoch) {
            augmentAlongTree(); // the changes opened an s-t path (after a partial reroute)
        }
    }

    /**
     * t is in the tracked set, so the tree path s ~> t is an augmenting path: pushes along tree
     * paths, repairing the tree half-edges each push saturates, until t leaves the set; after
     * {@link #MAX_LOCAL_PATHS} paths (or on an infinite path) one global augmentation finishes.
     */
    private void augmentAlongTree() {
        final int[] to = net.to;
        for (int rounds = 0; sminMark[t] == sminEpoch; rounds++) {
            if (rounds == MAX_LOCAL_PATHS) {
                globalAugment();
                return;
            }
            int[] p = pathBuf;
            int depth = 0;
            // one walk collects the tree path from t back to s (a push does not depend on order)
            for (int x = t; x != s; x = to[sminParent[x] ^ 1]) {
                if (depth == p.length) {
                    p = pathBuf = Arrays.copyOf(p, 2 * depth);
                }
                p[depth++] = sminParent[x];
            }
            double b = pushPath(p, depth, Double.POSITIVE_INFINITY);
            if (b == Double.POSITIVE_INFINITY || b <= 0.0) {
                globalAugment();
                return;
            }
            treeAugmentations++;
            for (int j = depth - 1; j >= 0; j--) {
                repairIfBroken(p[j]); // from s on
            }
            lambda = Math.max(0.0, dinic.outflow(net, flow, s));
        }
    }

    private double residual(int h) {
        int a = h >>> 1;
        return (h & 1) == 0 ? net.cap[a] - flow[a] : flow[a];
    }

    private void repairIfBroken(int h) {
        int x = net.to[h];
        if (sminMark[x] == sminEpoch && sminParent[x] == h && residual(h) <= 0.0) {
            repair(x);
        }
    }

    private void extendOver(int h) {
        int x = net.to[h];
        int w = net.to[h ^ 1];
        if (sminMark[w] == sminEpoch && sminMark[x] != sminEpoch && residual(h) > 0.0) {
            attach(x, h);
        }
    }

    /** Marks x as reached from a tracked node along residual half-edge h, then closes the set from x. */
    private void attach(int x, int h) {
        sminMark[x] = sminEpoch;
        sminParent[x] = h;
        sminSize += extendTree(x);
    }

    /**
     * The tree half-edge into x (x in S_min, x != s) has lost its residual. Orphan adoption as in
     * Boykov and Kolmogorov's max-flow ("An experimental comparison of min-cut/max-flow algorithms",
     * IEEE TPAMI 26, 2004): an orphan is re-hung on any residual in-arc from a tracked node whose
     * tree path reaches s through tracked, non-orphan nodes (walked, at most {@link #hangWalk}
     * steps); an orphan that finds none is unmarked and its tree children become orphans. Finally
     * every unmarked former orphan that a residual in-arc from the set still reaches is
     * re-attached, and the set is closed from it. The cost is the orphans' degrees and walks, not
     * the size of x's subtree.
     *
     * <p>Each orphan's half-edges are scanned once: the scan stops at a parent, or else it has seen
     * the orphan's children (queued as orphans) and its candidate parents (residual in-arcs from
     * tracked nodes, recorded). The re-attachment checks only the recorded candidates: marks are
     * only removed before it, and nodes it marks are reached by its own searches. A child counts
     * as a candidate too, since it may be re-hung elsewhere before the re-attachment. Walks use the
     * tags of {@link #walkTag}.
     */
    private void repair(int x) {
        repairFirstWalk = walkSerial + 1;
        lastRootedWalk = walkSerial;
        final int[] first = net.first;
        final int[] next = net.next;
        final int[] to = net.to;
        final int[] mark = sminMark;
        final int e = sminEpoch;
        int[] q = detached;
        int[] start = freedStart;
        int[] cand = freedCandidates;
        int[] kids = children;
        q[0] = x;
        int tail = 1;
        int freed = 0;
        int nc = 0;
        for (int head = 0; head < tail; head++) {
            int y = q[head];
            int ph = sminParent[y];
            if (head > 0 && mark[to[ph ^ 1]] == e && residual(ph) > 0.0) {
                // y's parent, freed earlier in this repair, has been marked again by a reclaim:
                // y hangs below a rooted node already
                keptBelowReclaimed++;
                continue;
            }
            boolean adopted = false;
            int c0 = nc;
            int nk = 0;
            // one scan finds a parent or else, for a freed y, its children and its candidate parents
            for (int g = first[y]; g != FlowNetwork.NONE; g = next[g]) {
                dinic.scanned++;
                int w = to[g];
                if (mark[w] != e) {
                    continue;
                }
                boolean in = residual(g ^ 1) > 0.0;
                if (sminParent[w] == g) {
                    // a child: never a parent now, but a candidate once it is re-hung elsewhere
                    if (nk == kids.length) {
                        kids = children = Arrays.copyOf(kids, 2 * nk);
                    }
                    kids[nk++] = w;
                } else if (in && rootedAvoiding(w, y)) {
                    sminParent[y] = g ^ 1;
                    adoptions++;
                    adopted = true;
                    break;
                }
                if (in) {
                    if (nc == cand.length) {
                        cand = freedCandidates = Arrays.copyOf(cand, 2 * nc);
                    }
                    cand[nc++] = g;
                }
            }
            if (adopted) {
                nc = c0;
                if (reclaiming) {
                    reclaimAround(y);
                }
                continue;
            }
            mark[y] = 0;
            sminSize--;
            // freed nodes are kept at the front of q, orphans still to process behind them
            start[freed] = c0;
            q[freed++] = y;
            start[freed] = nc;
            for (int i = 0; i < nk; i++) {
                q[tail++] = kids[i];
            }
        }
        for (int i = 0; i < freed; i++) {
            int y = q[i];
            if (mark[y] == e) {
                continue;
            }
            // only the candidates recorded when y was freed can still be marked: marks were only
            // removed since, and the nodes the attachments below mark are reached by their searches
            for (int j = start[i], end = start[i + 1]; j < end; j++) {
                dinic.scanned++;
                int g = cand[j];
                if (mark[to[g]] == e) {
                    candidateAttachments++;
                    attach(y, g ^ 1);
                    break;
                }
            }
        }
    }

    /**
     * The orphan y has just been re-hung, so it is rooted: every node of the repair freed so far
     * that y reaches along a residual half-edge (its former tree parent among them) is marked again,
     * with the set's closure from it ({@link #attach}), before the rest of the repair would free
     * that node's other subtrees only for the re-attachment to mark them again. Nothing marked here
     * is an orphan or is freed later, and the re-attachment stays exact: a node freed before the
     * closure that the closure can reach is marked by it, and one freed after it records the marks.
     */
    private void reclaimAround(int y) {
        final int[] next = net.next;
        final int[] to = net.to;
        final int[] mark = sminMark;
        final int e = sminEpoch;
        for (int h = net.first[y]; h != FlowNetwork.NONE; h = next[h]) {
            dinic.scanned++;
            int z = to[h];
            if (mark[z] != e && residual(h) > 0.0) {
                reclaimed++;
                attach(z, h);
            }
        }
    }

    /**
     * Whether the tree path from the tracked node w reaches s within {@link #hangWalk} steps
     * through tracked nodes only and without meeting the orphan x (so w is not in x's subtree and
     * not below a freed node).
     */
    private boolean rootedAvoiding(int w, int x) {
        final int[] to = net.to;
        final int[] mark = sminMark;
        final int e = sminEpoch;
        final long[] tag = walkTag;
        final long base = repairFirstWalk;
        final long serial = ++walkSerial;
        int i = (int) (serial - base);
        if (i == walkRooted.length) {
            walkRooted = Arrays.copyOf(walkRooted, 2 * i);
        }
        int y = w;
        final int limit = hangWalk;
        for (int steps = 0; steps < limit; steps++) {
            long t = tag[y];
            if (y == s || (t >= base && walkRooted[(int) (t - base)])) {
                if (y != s) {
                    rootedTagStops++;
                }
                dinic.scanned += steps;
                walkRooted[i] = true;
                lastRootedWalk = serial; // the caller re-hangs x, so earlier failures are stale
                return true;
            }
            if (y == x || mark[y] != e || (t > lastRootedWalk && t >= base)) {
                if (y != x && mark[y] == e) {
                    failedTagStops++;
                }
                dinic.scanned += steps;
                walkRooted[i] = false;
                return false;
            }
            tag[y] = serial;
            y = to[sminParent[y] ^ 1];
        }
        dinic.scanned += limit;
        walkRooted[i] = false;
        return false;
    }

    /**
     * Marks every unmarked node the marked root reaches in the residual graph, recording tree
     * parents and depths; returns how many were marked (the root included).
     */
    private int extendTree(int root) {
        final int[] first = net.first;
        final int[] next = net.next;
        final int[] to = net.to;
        final double[] cap = net.cap;
        final double[] f = flow;
        final int[] mark = sminMark;
        final int e = sminEpoch;
        int[] q = work;
        q[0] = root;
        int head = 0;
        int tail = 1;
        long ops = 0;
        while (head < tail) {
            int w = q[head++];
            for (int h = first[w]; h != FlowNetwork.NONE; h = next[h]) {
                ops++;
                int x = to[h];
                if (mark[x] != e) {
                    int a = h >>> 1;
                    double r = (h & 1) == 0 ? cap[a] - f[a] : f[a];
                    if (r > 0.0) {
                        mark[x] = e;
                        sminParent[x] = h;
                        q[tail++] = x;
                    }
                }
            }
        }
        dinic.scanned += ops;
        return tail;
    }

    /**
     * The saturated arc a = u -> v (previous capacity oldCap) has just become residual. The tracked
     * sets describe the residual graph without it.
     */
    private void opened(int a, double oldCap, int u, int v) {
        if (sminState == EXACT) {
            if (sminMark[u] != sminEpoch) {
                growRt(u, v); // S_min cannot grow; R_T may
                return;
            }
            if (sminMark[v] == sminEpoch) {
                return; // v does not reach t, so R_T cannot grow either
            }
            augmentThrough(a, u, v);
            return;
        }
        if (cannotAugment(u, v)) {
            return;
        }
        if (rtState == INVALID && rtSize <= sminSize) {
            double c2 = net.cap[a];
            net.cap[a] = oldCap; // R_T of the residual graph before the change
            computeRt();
            net.cap[a] = c2;
            if (cannotAugment(u, v)) {
                return;
            }
        }
        if (!augment()) {
            // nothing pushed: the flow is unchanged, but R_T may have grown through the new arc
            growRt(u, v);
        }
    }

    /**
     * The saturated cut arc a = u -> v (u in the EXACT S_min, v outside) has just become residual.
     * Every augmenting path now uses it, and its two halves are independent: s ~> u lies inside
     * S_min (taken from the tree), v ~> t outside (taken from one pair of search trees grown from v
     * and t outside S_min and kept across all the paths, {@link PathSearch#treesBegin}). Paths are
     * pushed until a is saturated, u leaves S_min or the kept trees find no path v ~> t; after each
     * push the S_min tree is repaired over the tree half-edges it saturated (with a held closed, so
     * repairs stay inside the old S_min) and the kept trees over theirs. S_min finally grows over
     * v's side if a is still residual from a reachable u. Costs the tree depth per path, one search
     * of the region outside S_min (not one per path or per phase) and the repairs, never |S_min|;
     * after {@link #MAX_THROUGH_PATHS} paths Dinic from s finishes exactly.
     *
     * <p>Repairs may unmark nodes of the old S_min while the kept trees use the marks as their
     * block, so the trees may enter such nodes afterwards. That cannot produce a wrong path: a
     * residual path leaves the old S_min only through a, whose head v is the src tree's root, so
     * no tree path from v to a node that reaches t passes through the old S_min, and the arcs the
     * S_min-side pushes change all lie inside it.
     */
    private void augmentThrough(int a, int u, int v) {
        boolean pushed = false;
        int paths = 0;
        if (v != t) {
            search.treesBegin(net, v, t, sminMark, sminEpoch);
        }
        while (sminMark[u] == sminEpoch && net.cap[a] - flow[a] > 0.0) {
            int k = 0;
            if (v != t) {
                k = search.treesNext(net, flow);
                if (k < 0) {
                    break;
                }
            }
            if (++paths > MAX_THROUGH_PATHS) {
                globalAugment();
                return;
            }
            if (!pushThrough(a, u, k)) {
                globalAugment(); // an infinite path: Dinic enters the infinite state
                return;
            }
            pushed = true;
            keptThroughPaths++;
            if (v != t) {
                search.treesPushed(net, flow, k);
            }
        }
        if (sminMark[u] == sminEpoch && sminMark[v] != sminEpoch && net.cap[a] - flow[a] > 0.0) {
            attach(v, 2 * a);
        }
        if (pushed) {
            lambda = Math.max(0.0, dinic.outflow(net, flow, s));
            rtState = INVALID;
        }
        if (sminMark[t] == sminEpoch) {
            augment(); // cannot happen in exact arithmetic; recompute to stay exact
        }
    }

    /**
     * Pushes along the tree path s ~> u, the arc a = u -> v and the k half-edges v ~> t in the
     * search's path, then repairs the tree over the tree half-edges the push saturated (with a held
     * closed, so repairs stay inside the old S_min); returns false, pushing nothing, for a path of
     * infinite residual (or, by rounding, of none).
     */
    private boolean pushThrough(int a, int u, int k) {
        final int[] to = net.to;
        int[] p = pathBuf;
        int depth = 0;
        // one walk collects the tree path from u back to s (a push does not depend on order)
        for (int x = u; x != s; x = to[sminParent[x] ^ 1]) {
            if (depth == p.length) {
                p = pathBuf = Arrays.copyOf(p, 2 * depth);
            }
            p[depth++] = sminParent[x];
        }
        if (p.length < depth + 1 + k) {
            p = pathBuf = Arrays.copyOf(p, Math.max(2 * p.length, depth + 1 + k));
        }
        p[depth] = 2 * a;
        System.arraycopy(search.path, 0, p, depth + 1, k);
        double b = pushPath(p, depth + 1 + k, Double.POSITIVE_INFINITY);
        if (b == Double.POSITIVE_INFINITY || b <= 0.0) {
            if (b <= 0.0) {
                emptyThroughPaths++;
            }
            return false;
        }
        double c2 = net.cap[a];
        net.cap[a] = flow[a];
        try {
            for (int j = depth - 1; j >= 0; j--) {
                repairIfBroken(p[j]); // from s on
            }
        } finally {
            net.cap[a] = c2;
        }
        return true;
    }

    /** Augments with Dinic from the current flow and refreshes lambda (local pushes may precede). */
    private void globalAugment() {
        if (!augment() && !infinite) {
            lambda = Math.max(0.0, dinic.outflow(net, flow, s));
            rtState = INVALID;
        }
    }

    /**
     * Decides, from the tracked sets, that no augmenting path uses the new residual arc u -> v; on
     * success updates the side that may grow and returns true.
     */
    private boolean cannotAugment(int u, int v) {
        if (sminState != INVALID && sminMark[u] != sminEpoch) {
            growRt(u, v);
            return true;
        }
        if (sminState == EXACT && sminMark[v] == sminEpoch) {
            return true; // v in S_min, so v does not reach t and R_T cannot grow either
        }
        if (rtState != INVALID && rtMark[v] != rtEpoch) {
            growSmin(u, v);
            return true;
        }
        if (rtState == EXACT && rtMark[u] == rtEpoch) {
            return true; // u reaches t, so u is not in S_min and S_min cannot grow either
        }
        return false;
    }

    /** S_min grows through the new residual arc u -> v iff u is in it and v is not. */
    private void growSmin(int u, int v) {
        if (sminState == INVALID || sminMark[v] == sminEpoch) {
            return;
        }
        if (sminMark[u] != sminEpoch) {
            return; // u outside the marks, so outside S_min: no growth
        }
        if (sminState == SUPERSET) {
            sminState = INVALID;
            return;
        }
        sminSize += extend(v, sminMark, sminEpoch, true);
    }

    /** R_T grows through the new residual arc u -> v iff v is in it and u is not. */
    private void growRt(int u, int v) {
        if (rtState == INVALID || rtMark[u] == rtEpoch) {
            return;
        }
        if (rtMark[v] != rtEpoch) {
            return;
        }
        if (rtState == SUPERSET) {
            rtState = INVALID;
            return;
        }
        rtSize += extend(u, rtMark, rtEpoch, false);
    }

    /**
     * Marks root and every unmarked node it reaches (forward) or that reaches it (backward) in the
     * residual graph, stopping at marked nodes; returns how many were marked. Exact sets are closed
     * (under successors for S_min, predecessors for R_T), so the result is the grown set.
     */
    private int extend(int root, int[] mark, int epoch, boolean forward) {
        final int[] first = net.first;
        final int[] next = net.next;
        final int[] to = net.to;
        final double[] cap = net.cap;
        final double[] f = flow;
        int[] q = work;
        mark[root] = epoch;
        q[0] = root;
        int head = 0;
        int tail = 1;
        long ops = 0;
        while (head < tail) {
            int w = q[head++];
            for (int h = first[w]; h != FlowNetwork.NONE; h = next[h]) {
                ops++;
                int x = to[h];
                if (mark[x] != epoch) {
                    int a = h >>> 1;
                    boolean even = (h & 1) == 0;
                    // forward: w -> x along h; backward: x -> w along h ^ 1
                    double r = even == forward ? cap[a] - f[a] : f[a];
                    if (r > 0.0) {
                        mark[x] = epoch;
                        q[tail++] = x;
                    }
                }
            }
        }
        dinic.scanned += ops;
        return tail;
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
        double rerouted = route(f, u, v, delta, -1, false);
        if (rerouted >= delta) {
            return false;
        }
        double rho = delta - rerouted;
        double scale = Math.max(1.0, Math.abs(dinic.outflow(net, f, s)) + delta);
        double tolerance = 1e-12 * scale;
        if (!pushBack(f, u, v, rho, rho, tolerance)) {
            return fromZero(f);
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
        if (sminState != EXACT && !infinite) {
            ensure();
            dinic.bfs(net, flow, s, -1);
            recordSmin();
        }
    }

    void ensureSmax() {
        if (rtState != EXACT && !infinite) {
            ensure();
            computeRt();
        }
    }

    /**
     * Whether the tracked S_min is EXACT right now (no recomputation), for the structure's tests.
     */
    boolean sminExact() {
        return sminState == EXACT && !infinite;
    }

    /**
     * Whether every node of the tracked S_min other than s hangs on a residual half-edge from a
     * tracked node and its tree path ends at s, for the structure's tests.
     */
    boolean sminTreeValid() {
        for (int x = 0; x < net.nodeCount; x++) {
            if (x == s || sminMark[x] != sminEpoch) {
                continue;
            }
            int h = sminParent[x];
            if (h < 0 || net.to[h] != x || residual(h) <= 0.0) {
                return false;
            }
            int w = net.to[h ^ 1];
            if (sminMark[w] != sminEpoch) {
                return false;
            }
            int y = x;
            for (int steps = 0; y != s; steps++) {
                if (steps > net.nodeCount) {
                    return false; // a cycle of tree half-edges
                }
                y = net.to[sminParent[y] ^ 1];
            }
        }
        return sminMark[s] == sminEpoch;
    }

    /** Whether v is in S_min (call {@link #ensureSmin()} first). */
    boolean inSmin(int v) {
        return sminMark[v] == sminEpoch;
    }

    /** Whether v is in S_max, i.e. cannot reach t (call {@link #ensureSmax()} first). */
    boolean inSmax(int v) {
        return rtMark[v] != rtEpoch;
    }

    // ------------------------------------------------------------------ what-if queries

    /** The max-flow value with arc a's capacity set to +inf; the state is unchanged. */
    double lambdaWithInfinite(int a) {
        if (infinite) {
            return Double.POSITIVE_INFINITY;
        }
        ensureSmin();
        ensureSmax();
        net.unpark(a); // the arc is raised to +inf below
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
            return pushed == Double.POSITIVE_INFINITY ? pushed : Math.max(0.0, dinic.outflow(net, f, s));
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
                return pushed == Double.POSITIVE_INFINITY ? pushed : Math.max(0.0, dinic.outflow(net, f, s));
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
            return Math.max(0.0, dinic.outflow(net, f, s));
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
        return buildResult(net, flow, lambda, sminMark, sminEpoch, rtMark, rtEpoch, operatorIdOfArc);
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
