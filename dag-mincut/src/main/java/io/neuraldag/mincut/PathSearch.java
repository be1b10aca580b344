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
    /** The last found path's half-edges, in push order. */
    int[] path = new int[16];

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
