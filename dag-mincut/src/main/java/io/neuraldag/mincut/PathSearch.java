package io.neuraldag.mincut;

import java.util.Arrays;

/**
 * Local path searches in the residual graph of a flow on a {@link FlowNetwork}: a bidirectional
 * breadth-first search for one augmenting path, and a depth-first search along flow-carrying arcs
 * for one path of flow to cancel. Both cost time proportional to the region they explore, not to the
 * network, so an update whose effect is local stays local.
 */
final class PathSearch {
    /*
     * Bidirectional search (find): two BFS trees grow alternately, one forward from src over
     * residual half-edges, one backward from dst over half-edges whose opposite is residual; the
     * side with the smaller frontier (queued, not yet expanded) expands next, one node at a time.
     * The search ends when a node is labelled by both trees (a path src ~> x ~> dst) or when one side
     * runs out of frontier: that side's labelled set is then closed (forward: under residual
     * successors; backward: under residual predecessors) apart from blocked nodes, and it separates
     * src from dst. Nodes marked in block with blockEpoch are never entered (used to keep a search
     * outside S_min). Marks use epochs, so a search costs the nodes it labels and their degrees.
     *
     * Flow search (findFlowPath): a DFS from start that follows only arcs carrying positive flow,
     * backwards (in-arcs, towards s) or forwards (out-arcs, towards t), until goal. Each node is
     * entered once per search, so the cost is bounded by the explored region. By flow decomposition
     * such a path exists whenever start has an excess (backward to s) or a deficit (forward to t).
     *
     * Both write the found path into path[0 .. length) as half-edges in residual direction from the
     * push's start to its end (for a flow path: the half-edges whose residual is the flow, i.e. the
     * push that cancels it). Every half-edge examined is counted in the owner's Dinic counter.
     */
    private int[] fwdMark = new int[0];
    private int[] bwdMark = new int[0];
    private int[] fwdPar = new int[0];
    private int[] bwdPar = new int[0];
    private int[] fwdQueue = new int[0];
    private int[] bwdQueue = new int[0];
    private int[] cur = new int[0];
    private int[] level = new int[0];
    private int[] levelStamp = new int[0];
    private int[] levelCur = new int[0];
    private int levelEpoch;
    private int levelSrc;
    private int levelDst;
    /** The last found path's half-edges, in push order. */
    int[] path = new int[16];

    // kept search trees (treesBegin / treesNext / treesPushed)
    /**
     * Kept-tree membership and side in one word: 2 * treeEpoch + side for a node of the current
     * trees (one load per scanned neighbour instead of a stamp and a side).
     */
    private int[] treeTag = new int[0];

    private int[] treePar = new int[0];
    private int[] treeTs = new int[0];
    private int[] treeDist = new int[0];
    private int[] activeStamp = new int[0];
    private int[][] activeQueue = {new int[16], new int[16]};
    private final int[] activeHead = new int[2];
    private final int[] activeTail = new int[2];
    /** Nodes in each kept tree. */
    private final long[] treeSize = new long[2];
    /**
     * A kept tree with more than this many times the other tree's nodes is not grown while the
     * other can grow: when no path is left one tree must be closed, and the tree from the start of a
     * reroute inside S_min usually reaches most of S_min (its start reaches s backwards along its
     * flow) while the other stays small.
     */
    static final int SIZE_RATIO = 2;

    private int[] orphans = new int[16];
    private int treeEpoch;
    private int treeTime;
    private int treeSrc;
    private int treeDst;
    private int[] treeBlock = new int[0];
    /** Whether the kept trees stay inside the marked set (else they avoid it). */
    private boolean treeInside;

    private int treeBlockEpoch;
    /** The meeting half-edge (S tree to T tree) of the last path found by {@link #treesNext}. */
    private int treeMeet = -1;

    /** Side of the tree grown forward from src (residual half-edges leave it). */
    static final int SIDE_SRC = 0;
    /** Side of the tree grown backward from dst (residual half-edges enter it). */
    static final int SIDE_DST = 1;
    /** {@link #treeParent} of a tree root. */
    static final int ROOT = -1;
    /** {@link #treeParent} of an orphan while a repair runs. */
    private static final int ORPHAN = -2;

    /** The level of a dead end of the current phase (below every real level). */
    private static final int DEAD = -2;

    private int epoch;
    private final Dinic counter;

    PathSearch(Dinic counter) {
        this.counter = counter;
    }

    void ensure(int nodes) {
        if (fwdMark.length < nodes) {
            int c = Math.max(nodes, fwdMark.length * 2);
            fwdMark = Arrays.copyOf(fwdMark, c);
            bwdMark = Arrays.copyOf(bwdMark, c);
            fwdPar = Arrays.copyOf(fwdPar, c);
            bwdPar = Arrays.copyOf(bwdPar, c);
            fwdQueue = Arrays.copyOf(fwdQueue, c);
            bwdQueue = Arrays.copyOf(bwdQueue, c);
            cur = Arrays.copyOf(cur, c);
            level = Arrays.copyOf(level, c);
            levelStamp = Arrays.copyOf(levelStamp, c);
            levelCur = Arrays.copyOf(levelCur, c);
        }
        if (treeTag.length < nodes) {
            int c = Math.max(nodes, treeTag.length * 2);
            treeTag = Arrays.copyOf(treeTag, c);
            treePar = Arrays.copyOf(treePar, c);
            treeTs = Arrays.copyOf(treeTs, c);
            treeDist = Arrays.copyOf(treeDist, c);
            walkTag = Arrays.copyOf(walkTag, c);
            activeStamp = Arrays.copyOf(activeStamp, c);
        }
        if (path.length < nodes + 1) {
            path = Arrays.copyOf(path, Math.max(nodes + 1, path.length * 2));
        }
    }

    private int nextEpoch() {
        if (epoch == Integer.MAX_VALUE) {
            Arrays.fill(fwdMark, 0);
            Arrays.fill(bwdMark, 0);
            epoch = 0;
        }
        return ++epoch;
    }

    private static double residual(FlowNetwork g, double[] f, int h) {
        int a = h >>> 1;
        return (h & 1) == 0 ? g.cap[a] - f[a] : f[a];
    }

    /** {@link #residual(FlowNetwork, double[], int)} with the capacities already loaded. */
    private static double residual(double[] cap, double[] f, int h) {
        int a = h >>> 1;
        return (h & 1) == 0 ? cap[a] - f[a] : f[a];
    }

    /**
     * Finds one residual path src ~> dst avoiding blocked nodes (src and dst must not be blocked).
     *
     * @return the path length in {@link #path}, or -1 if none exists
     */
    int find(FlowNetwork g, double[] f, int src, int dst, int[] block, int blockEpoch) {
        ensure(g.nodeCount);
        final int[] first = g.first;
        final int[] next = g.next;
        final int[] to = g.to;
        final int e = nextEpoch();
        final int[] fm = fwdMark;
        final int[] bm = bwdMark;
        final int[] fq = fwdQueue;
        final int[] bq = bwdQueue;
        fm[src] = e;
        fwdPar[src] = -1;
        bm[dst] = e;
        bwdPar[dst] = -1;
        fq[0] = src;
        bq[0] = dst;
        int fh = 0;
        int ft = 1;
        int bh = 0;
        int bt = 1;
        long ops = 0;
        int meet = -1;
        search:
        while (fh < ft && bh < bt) {
            if (ft - fh <= bt - bh) {
                int w = fq[fh++];
                for (int h = first[w]; h != FlowNetwork.NONE; h = next[h]) {
                    ops++;
                    int x = to[h];
                    if (fm[x] != e && block[x] != blockEpoch && residual(g, f, h) > 0.0) {
                        fm[x] = e;
                        fwdPar[x] = h;
                        if (bm[x] == e) {
                            meet = x;
                            break search;
                        }
                        fq[ft++] = x;
                    }
                }
            } else {
                int y = bq[bh++];
                for (int h = first[y]; h != FlowNetwork.NONE; h = next[h]) {
                    ops++;
                    int x = to[h];
                    if (bm[x] != e && block[x] != blockEpoch && residual(g, f, h ^ 1) > 0.0) {
                        bm[x] = e;
                        bwdPar[x] = h ^ 1;
                        if (fm[x] == e) {
                            meet = x;
                            break search;
                        }
                        bq[bt++] = x;
                    }
                }
            }
        }
        counter.scanned += ops;
        if (meet < 0) {
            return -1;
        }
        int k = 0;
        for (int x = meet; x != src; x = to[fwdPar[x] ^ 1]) {
            k++;
        }
        int len = k;
        for (int x = meet; x != src; x = to[fwdPar[x] ^ 1]) {
            path[--k] = fwdPar[x];
        }
        for (int x = meet; x != dst; x = to[bwdPar[x]]) {
            path[len++] = bwdPar[x];
        }
        counter.scanned += len;
        return len;
    }

    /**
     * Starts a blocking-flow phase from src to dst avoiding blocked nodes (src and dst must not be
     * blocked): labels BFS levels over residual half-edges until dst is labelled. Paths of the
     * phase are then taken one by one with {@link #nextLevelPath}, which sees the caller's pushes.
     *
     * @return whether dst was reached (otherwise no residual path src ~> dst avoids the block)
     */
    boolean levels(FlowNetwork g, double[] f, int src, int dst, int[] block, int blockEpoch) {
        ensure(g.nodeCount);
        final int[] first = g.first;
        final int[] next = g.next;
        final int[] to = g.to;
        if (levelEpoch == Integer.MAX_VALUE) {
            Arrays.fill(levelStamp, 0);
            levelEpoch = 0;
        }
        final int e = ++levelEpoch;
        final int[] st = levelStamp;
        final int[] lv = level;
        final int[] q = fwdQueue;
        levelSrc = src;
        levelDst = dst;
        st[src] = e;
        lv[src] = 0;
        levelCur[src] = first[src];
        q[0] = src;
        int head = 0;
        int tail = 1;
        long ops = 0;
        boolean reached = false;
        search:
        while (head < tail) {
            int w = q[head++];
            int lw = lv[w] + 1;
            for (int h = first[w]; h != FlowNetwork.NONE; h = next[h]) {
                ops++;
                int x = to[h];
                if (st[x] != e && block[x] != blockEpoch && residual(g, f, h) > 0.0) {
                    st[x] = e;
                    lv[x] = lw;
                    levelCur[x] = first[x];
                    if (x == dst) {
                        reached = true;
                        break search;
                    }
                    q[tail++] = x;
                }
            }
        }
        counter.scanned += ops;
        return reached;
    }

    /**
     * The next residual path of the phase begun by {@link #levels}: a depth-first search from its
     * src along half-edges that go one level deeper, with current-arc pointers, so that over one
     * phase every half-edge is passed over at most once plus once per returned path.
     *
     * @return the path length in {@link #path}, or -1 when the phase's level graph is blocked
     */
    int nextLevelPath(FlowNetwork g, double[] f) {
        final int[] next = g.next;
        final int[] to = g.to;
        final int[] st = levelStamp;
        final int[] lv = level;
        final int[] cr = levelCur;
        final int[] p = path;
        final int e = levelEpoch;
        final int dst = levelDst;
        int d = 0;
        int x = levelSrc;
        long ops = 0;
        while (x != dst) {
            int lx = lv[x] + 1;
            int h = cr[x];
            while (h != FlowNetwork.NONE) {
                ops++;
                int y = to[h];
                if (st[y] == e && lv[y] == lx && residual(g, f, h) > 0.0) {
                    break;
                }
                h = next[h];
            }
            cr[x] = h;
            if (h == FlowNetwork.NONE) {
                lv[x] = DEAD;
                if (d == 0) {
                    counter.scanned += ops;
                    return -1;
                }
                d--;
                x = to[p[d] ^ 1];
                cr[x] = next[cr[x]];
                continue;
            }
            p[d++] = h;
            x = to[h];
        }
        counter.scanned += ops + d;
        return d;
    }

    /*
     * Kept search trees (treesBegin, treesNext, treesPushed), after Boykov and Kolmogorov ("An
     * experimental comparison of min-cut/max-flow algorithms for energy minimization in vision",
     * IEEE PAMI 26, 2004): a tree grown forward from src over residual half-edges and a tree grown
     * backward from dst over half-edges whose opposite is residual, both kept across all the paths
     * of one sequence. Each tree has a queue of active nodes (the side with the shorter queue grows
     * next, one node at a time); a node leaves its queue when its scan finds no meeting half-edge.
     * A tree with more than SIZE_RATIO times the other's nodes waits while the other can grow, so a
     * search that finds no path closes the smaller tree. Invariant between calls: a tree node that
     * is not active has all its residual successors (src tree) or residual predecessors (dst tree)
     * outside the block in its own tree. So when a queue runs out, its tree is closed and separates
     * src from dst (no path), as in find.
     *
     * A path is pushed by the caller; treesPushed then makes orphans of the heads (src tree) or
     * tails (dst tree) of the tree half-edges it saturated; no other residual disappeared, and the
     * residuals it created (opposites of path half-edges) join nodes of one tree or lead from the dst
     * tree into the src tree, so they keep the invariant. An orphan is re-hung on a residual
     * half-edge from (to) a node of its own tree whose tree path is rooted: walked towards the root
     * it meets no orphan, or a node already found rooted in this repair (treeTs == treeTime); among
     * those the one with the smallest distance to the root is taken. An orphan that finds none
     * leaves its tree: its tree children become orphans and its tree neighbours with a residual
     * half-edge to (from) it become active again, which restores the invariant. So a sequence of
     * paths costs one search plus the repairs below the saturated half-edges, not one search per path.
     * An orphan's half-edges are scanned once (the same-tree neighbours are recorded for the case
     * that it leaves), and a walk that meets a node an earlier walk of the repair found unrooted,
     * with no re-hanging since, fails there (walkTag).
     */

    /**
     * Starts a sequence of residual paths src ~> dst that avoid blocked nodes (src and dst must
     * differ and must not be blocked), with both search trees kept across the paths: each path is
     * taken with {@link #treesNext}, pushed by the caller, and reported with {@link #treesPushed}
     * before the next one is asked for.
     */
    void treesBegin(FlowNetwork g, int src, int dst, int[] block, int blockEpoch) {
        treesBegin(g, src, dst, block, blockEpoch, false);
    }

    /**
     * {@link #treesBegin(FlowNetwork, int, int, int[], int)} where, with inside true, the blocked
     * nodes are those not marked (block[x] != blockEpoch): both trees stay inside the marked set,
     * which must then contain src and dst.
     */
    void treesBegin(FlowNetwork g, int src, int dst, int[] block, int blockEpoch, boolean inside) {
        treeInside = inside;
        ensure(g.nodeCount);
        if (orphans.length < g.nodeCount) {
            orphans = Arrays.copyOf(orphans, Math.max(g.nodeCount, orphans.length * 2));
        }
        if (treeEpoch >= Integer.MAX_VALUE / 2 - 1) {
            Arrays.fill(treeTag, 0);
            Arrays.fill(activeStamp, 0);
            treeEpoch = 0;
        }
        treeEpoch++;
        treeTime = 1;
        treeSrc = src;
        treeDst = dst;
        treeBlock = block;
        treeBlockEpoch = blockEpoch;
        treeMeet = -1;
        activeHead[SIDE_SRC] = 0;
        activeTail[SIDE_SRC] = 0;
        activeHead[SIDE_DST] = 0;
        activeTail[SIDE_DST] = 0;
        treeSize[SIDE_SRC] = 0;
        treeSize[SIDE_DST] = 0;
        join(src, SIDE_SRC, ROOT, 0);
        join(dst, SIDE_DST, ROOT, 0);
    }

    private void join(int x, int side, int par, int dist) {
        treeSize[side]++;
        treeTag[x] = 2 * treeEpoch + side;
        treePar[x] = par;
        treeTs[x] = treeTime;
        treeDist[x] = dist;
        activate(x, side);
    }

    private void activate(int x, int side) {
        if (activeStamp[x] == treeEpoch) {
            return;
        }
        activeStamp[x] = treeEpoch;
        int[] q = activeQueue[side];
        int tail = activeTail[side];
        if (tail == q.length) {
            int head = activeHead[side];
            if (head > q.length / 2) {
                System.arraycopy(q, head, q, 0, tail - head);
                tail -= head;
                activeHead[side] = 0;
            } else {
                q = Arrays.copyOf(q, q.length * 2);
                activeQueue[side] = q;
            }
        }
        q[tail] = x;
        activeTail[side] = tail + 1;
    }

    /** The first active node of a side's queue (stale entries dropped), or -1 if there is none. */
    private int firstActive(int side) {
        final int[] q = activeQueue[side];
        final int e = treeEpoch;
        int head = activeHead[side];
        final int tail = activeTail[side];
        while (head < tail) {
            int x = q[head];
            if (activeStamp[x] == e && treeTag[x] == 2 * e + side) {
                activeHead[side] = head;
                return x;
            }
            head++;
        }
        activeHead[side] = head;
        return -1;
    }

    /**
     * Grows the kept trees until they meet and returns the residual path src ~> dst through the
     * meeting half-edge, in {@link #path}.
     *
     * @return the path length, or -1 if no residual path src ~> dst avoids the block
     */
    int treesNext(FlowNetwork g, double[] f) {
        final int[] first = g.first;
        final int[] next = g.next;
        final int[] to = g.to;
        final int e = treeEpoch;
        final int tagSrc = 2 * e + SIDE_SRC;
        final int tagDst = 2 * e + SIDE_DST;
        final double[] cap = g.cap;
        final int[] tg = treeTag;
        final int[] block = treeBlock;
        final int be = treeBlockEpoch;
        final boolean inside = treeInside;
        long ops = 0;
        int meet = -1;
        search:
        while (true) {
            int ps = firstActive(SIDE_SRC);
            int pd = firstActive(SIDE_DST);
            if (ps < 0 || pd < 0) {
                break;
            }
            boolean fromSrc =
                    activeTail[SIDE_SRC] - activeHead[SIDE_SRC] <= activeTail[SIDE_DST] - activeHead[SIDE_DST];
            if (treeSize[SIDE_SRC] > SIZE_RATIO * treeSize[SIDE_DST]) {
                fromSrc = false;
            } else if (treeSize[SIDE_DST] > SIZE_RATIO * treeSize[SIDE_SRC]) {
                fromSrc = true;
            }
            int p = fromSrc ? ps : pd;
            int dp = treeDist[p] + 1;
            for (int h = first[p]; h != FlowNetwork.NONE; h = next[h]) {
                ops++;
                int x = to[h];
                if ((block[x] == be) != inside) {
                    continue;
                }
                // a neighbour already in the growing tree changes nothing: skip it before reading
                // the arc's capacity and flow
                int tag = tg[x];
                if (fromSrc) {
                    if (tag != tagSrc && residual(cap, f, h) > 0.0) {
                        if (tag != tagDst) {
                            join(x, SIDE_SRC, h, dp);
                        } else {
                            meet = h;
                            break search;
                        }
                    }
                } else if (tag != tagDst && residual(cap, f, h ^ 1) > 0.0) {
                    if (tag != tagSrc) {
                        join(x, SIDE_DST, h ^ 1, dp);
                    } else {
                        meet = h ^ 1;
                        break search;
                    }
                }
            }
            activeStamp[p] = 0;
            activeHead[fromSrc ? SIDE_SRC : SIDE_DST]++;
        }
        counter.scanned += ops;
        treeMeet = meet;
        if (meet < 0) {
            return -1;
        }
        final int[] par = treePar;
        int k = 0;
        for (int x = to[meet ^ 1]; x != treeSrc; x = to[par[x] ^ 1]) {
            k++;
        }
        int len = k;
        for (int x = to[meet ^ 1]; x != treeSrc; x = to[par[x] ^ 1]) {
            path[--k] = par[x];
        }
        path[len++] = meet;
        for (int x = to[meet]; x != treeDst; x = to[par[x]]) {
            path[len++] = par[x];
        }
        counter.scanned += len;
        return len;
    }

    /**
     * Repairs the kept trees after the caller pushed the last path of {@link #treesNext} (path[0 ..
     * k), unchanged) in f: the nodes below saturated tree half-edges are re-hung or leave the trees.
     */
    void treesPushed(FlowNetwork g, double[] f, int k) {
        final int[] to = g.to;
        final int e = treeEpoch;
        final int[] tg = treeTag;
        final int[] par = treePar;
        final int[] orph = orphans;
        treeTime++;
        int tail = 0;
        for (int i = 0; i < k; i++) {
            int h = path[i];
            if (residual(g, f, h) > 0.0) {
                continue;
            }
            int y = to[h];
            int x = to[h ^ 1];
            if (tg[y] == 2 * e + SIDE_SRC && par[y] == h) {
                par[y] = ORPHAN;
                orph[tail++] = y;
            } else if (tg[x] == 2 * e + SIDE_DST && par[x] == h) {
                par[x] = ORPHAN;
                orph[tail++] = x;
            }
        }
        final int[] first = g.first;
        final int[] next = g.next;
        long ops = k;
        repairFirstWalk = walkSerial + 1;
        lastAdoptionWalk = walkSerial;
        for (int head = 0; head < tail; head++) {
            int x = orph[head];
            int side = tg[x] & 1;
            int sideTag = 2 * e + side;
            int best = -1;
            int bestDist = Integer.MAX_VALUE;
            // one scan: the candidates, and for a freed x the same-tree neighbours to revisit
            int nb = 0;
            int[] nbs = neighbours;
            for (int h = first[x]; h != FlowNetwork.NONE; h = next[h]) {
                ops++;
                int w = to[h];
                if (tg[w] != sideTag) {
                    continue;
                }
                if (nb == nbs.length) {
                    nbs = neighbours = Arrays.copyOf(nbs, 2 * nb);
                }
                nbs[nb++] = h;
                int in = side == SIDE_SRC ? h ^ 1 : h;
                if (residual(g, f, in) > 0.0) {
                    int d = rootDistance(to, w, side);
                    ops += walked;
                    if (d < bestDist) {
                        bestDist = d;
                        best = in;
                    }
                }
            }
            if (best >= 0) {
                par[x] = best;
                treeTs[x] = treeTime;
                treeDist[x] = bestDist + 1;
                lastAdoptionWalk = walkSerial; // failed walks so far may now reach the root
                continue;
            }
            for (int i = 0; i < nb; i++) {
                ops++;
                int h = nbs[i];
                int w = to[h];
                if (tg[w] != sideTag) {
                    continue;
                }
                if (residual(g, f, side == SIDE_SRC ? h ^ 1 : h) > 0.0) {
                    activate(w, side);
                }
                if (par[w] == (side == SIDE_SRC ? h : h ^ 1)) {
                    par[w] = ORPHAN;
                    orph[tail++] = w;
                }
            }
            tg[x] = 0;
            activeStamp[x] = 0;
            treeSize[side]--;
        }
        counter.scanned += ops;
    }

    /** Steps of the last {@link #rootDistance} walk. */
    private int walked;
    /**
     * Serial of the last {@link #rootDistance} walk that passed each node. A node passed by a walk
     * of the current repair that met an orphan after the repair's last re-hanging is unrooted (its
     * path still meets that orphan, or a child of it once the orphan has left the tree), so a later
     * walk that meets it fails at once; nodes of walks that reached the root carry treeTs == treeTime,
     * which is checked first.
     */
    private long[] walkTag = new long[0];
    /** Kept-tree repair walks that stopped at a node an earlier walk found unrooted (for the tests). */
    long failedTagStops;

    private long walkSerial;
    private long repairFirstWalk = 1;
    private long lastAdoptionWalk;
    /** Same-tree neighbours of one orphan (a repair's scratch). */
    private int[] neighbours = new int[16];

    /**
     * The distance of tree node w to its root along tree half-edges, or Integer.MAX_VALUE if its
     * tree path meets an orphan; marks the walked nodes as rooted in this repair.
     */
    private int rootDistance(int[] to, int w, int side) {
        final int[] par = treePar;
        final int[] ts = treeTs;
        final int[] dist = treeDist;
        final int time = treeTime;
        final long[] tag = walkTag;
        final long serial = ++walkSerial;
        final long valid = Math.max(repairFirstWalk, lastAdoptionWalk + 1);
        int d = 0;
        int steps = 0;
        int y = w;
        while (true) {
            steps++;
            if (ts[y] == time) {
                d += dist[y];
                break;
            }
            int p = par[y];
            if (p == ROOT) {
                ts[y] = time;
                dist[y] = 0;
                break;
            }
            if (p == ORPHAN || tag[y] >= valid) {
                if (p != ORPHAN) {
                    failedTagStops++;
                }
                walked = steps;
                return Integer.MAX_VALUE;
            }
            tag[y] = serial;
            d++;
            y = side == SIDE_SRC ? to[p ^ 1] : to[p];
        }
        walked = steps;
        int result = d;
        for (y = w; ts[y] != time; y = side == SIDE_SRC ? to[par[y] ^ 1] : to[par[y]]) {
            ts[y] = time;
            dist[y] = d--;
        }
        return result;
    }

    /** The kept tree of node x: {@link #SIDE_SRC}, {@link #SIDE_DST}, or -1 (in neither). */
    int treeSideOf(int x) {
        if (x >= treeTag.length) {
            return -1;
        }
        int tag = treeTag[x];
        return tag >>> 1 == treeEpoch ? tag & 1 : -1;
    }

    /**
     * The tree half-edge of a kept-tree node: the residual half-edge into it (src tree) or out of it
     * (dst tree), or {@link #ROOT}.
     */
    int treeParent(int x) {
        return treePar[x];
    }

    /** Whether kept-tree node x is queued to be scanned. */
    boolean treeActive(int x) {
        return activeStamp[x] == treeEpoch;
    }

    /** The meeting half-edge of the last path of {@link #treesNext}, or -1. */
    int treeMeet() {
        return treeMeet;
    }

    /**
     * Finds a path from start to goal along arcs with positive flow: in-arcs (backward, towards s)
     * or out-arcs (forward, towards t). The path is written as the half-edges that cancel it: for
     * backward, the residual half-edges start -> ... -> goal; for forward, the residual half-edges
     * goal -> ... -> start.
     *
     * @return the path length in {@link #path}, or -1 if none exists
     */
    int findFlowPath(FlowNetwork g, double[] f, int start, int goal, boolean backward) {
        ensure(g.nodeCount);
        final int[] first = g.first;
        final int[] next = g.next;
        final int[] to = g.to;
        final int e = nextEpoch();
        final int[] mark = fwdMark;
        final int[] stack = fwdQueue;
        final int[] cr = cur;
        final int parity = backward ? 1 : 0;
        mark[start] = e;
        cr[start] = first[start];
        int d = 0;
        int x = start;
        long ops = 0;
        while (x != goal) {
            int h = cr[x];
            while (h != FlowNetwork.NONE) {
                ops++;
                if ((h & 1) == parity && f[h >>> 1] > 0.0 && mark[to[h]] != e) {
                    break;
                }
                h = next[h];
            }
            if (h == FlowNetwork.NONE) {
                if (d == 0) {
                    counter.scanned += ops;
                    return -1;
                }
                d--;
                x = to[stack[d] ^ 1];
                cr[x] = next[cr[x]];
                continue;
            }
            cr[x] = h;
            stack[d++] = h;
            x = to[h];
            mark[x] = e;
            cr[x] = first[x];
        }
        counter.scanned += ops + d;
        if (backward) {
            // odd half-edges start -> ... -> goal: residual f[a], the push that cancels the flow
            System.arraycopy(stack, 0, path, 0, d);
        } else {
            // even half-edges start -> ... -> goal carry flow; cancel by pushing their opposites
            // goal -> ... -> start
            for (int i = 0; i < d; i++) {
                path[i] = stack[d - 1 - i] ^ 1;
            }
        }
        return d;
    }
}
