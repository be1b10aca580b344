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
