package io.neuraldag.core;

/**
 * The raw CSR arrays of a snapshot, so a benchmark can time an algorithm without the memo of
 * {@link DagSnapshot}: {@link #topologicalOrder()} runs the package-private Kahn/min-heap routine on
 * the arrays, {@link #criticalPath()} builds a fresh, unmemoized snapshot over the same arrays and
 * asks it for the critical path (topological order, levels, forward and backward costs, the path).
 *
 * <p>Benchmark support only. The arrays are shared with the snapshot it was made from and never
 * written; instances are immutable and thread-safe.
 */
public final class SnapshotBench {
    private final int[] ids;
    private final OperatorNode[] nodes;
    private final int[] outOff;
    private final int[] outAdj;
    private final int[] inOff;
    private final int[] inAdj;
    private final int nextId;

    private SnapshotBench(DagSnapshot s) {
        int n = s.size();
        ids = s.ids();
        nodes = new OperatorNode[n];
        outOff = new int[n + 1];
        inOff = new int[n + 1];
        outAdj = new int[s.edgeCount()];
        inAdj = new int[s.edgeCount()];
        for (int i = 0; i < n; i++) {
            nodes[i] = s.node(i);
            outOff[i + 1] = s.outEnd(i);
            inOff[i + 1] = s.inEnd(i);
            for (int p = s.outStart(i); p < s.outEnd(i); p++) {
                outAdj[p] = s.outTarget(p);
            }
            for (int p = s.inStart(i); p < s.inEnd(i); p++) {
                inAdj[p] = s.inSource(p);
            }
        }
        nextId = s.nextId();
    }

    /**
     * Copies the arrays of a snapshot (once, outside the measured code).
     *
     * @param snapshot the snapshot
     * @return the arrays
     */
    public static SnapshotBench of(DagSnapshot snapshot) {
        return new SnapshotBench(snapshot);
    }

    /**
     * The lexicographically smallest topological order, as indices, computed afresh.
     *
     * @return a new array
     */
    public int[] topologicalOrder() {
        return DagAlgorithms.topologicalOrder(ids.length, outOff, outAdj, inOff);
    }

    /**
     * A new snapshot over the arrays, with nothing memoized.
     *
     * @return the snapshot
     */
    public DagSnapshot freshSnapshot() {
        return new DagSnapshot(ids, nodes, outOff, outAdj, inOff, inAdj, nextId);
    }

    /**
     * The critical path, computed afresh on an unmemoized snapshot.
     *
     * @return the path and its cost
     */
    public CriticalPath criticalPath() {
        return freshSnapshot().criticalPath();
    }
}
