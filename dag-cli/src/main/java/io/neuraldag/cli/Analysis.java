package io.neuraldag.cli;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.core.CriticalPath;
import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.MinCutConfig;
import org.jspecify.annotations.Nullable;

/*
 * The numbers one report shows, computed once from the DAG's snapshot: counts, sources and sinks,
 * maximum depth, branch count, the critical path with its cost, the bottleneck score and the
 * TOP_KAPPA nodes of highest criticality (kappa descending, ties by ascending id), the min-cut view
 * under the given MinCutConfig and, when requested, the attention view. Arrays are owned by this
 * object and never handed out for modification.
 */
final class Analysis {
    static final int TOP_KAPPA = 5;

    final LoadedDag input;
    final int nodeCount;
    final int edgeCount;
    final int[] sources;
    final int[] sinks;
    final int maxDepth;
    final int branchCount;
    final int[] criticalPath;
    final double criticalPathCost;
    final double bottleneckScore;
    final int[] topIds;
    final double[] topKappa;
    final MinCutView minCut;
    final @Nullable AttentionView attention;

    /* What --attention asked for: a mechanism, or null for "auto". */
    record AttentionRequest(@Nullable AttentionKind kind) {}

    private Analysis(LoadedDag input, MinCutConfig config, @Nullable AttentionRequest request) {
        QueryDag dag = input.dag();
        this.input = input;
        this.nodeCount = dag.nodeCount();
        this.edgeCount = dag.edgeCount();
        this.sources = dag.sources();
        this.sinks = dag.sinks();
        this.maxDepth = dag.maxDepth();
        this.branchCount = dag.branchCount();
        CriticalPath cp = dag.criticalPath();
        this.criticalPath = cp.path();
        this.criticalPathCost = cp.cost();
        this.bottleneckScore = dag.bottleneckScore();

        // top-k selection by insertion into a k-slot list: O(n k), no boxing
        DagSnapshot s = dag.snapshot();
        int k = Math.min(TOP_KAPPA, s.size());
        int[] ids = new int[k];
        double[] kappa = new double[k];
        int filled = 0;
        for (int i = 0; i < s.size(); i++) {
            double v = s.criticality(i);
            int id = s.id(i);
            int pos = filled;
            while (pos > 0 && ranksBefore(v, id, kappa[pos - 1], ids[pos - 1])) {
                pos--;
            }
            if (pos >= k) {
                continue;
            }
            int last = Math.min(filled, k - 1);
            for (int j = last; j > pos; j--) {
                ids[j] = ids[j - 1];
                kappa[j] = kappa[j - 1];
            }
            ids[pos] = id;
            kappa[pos] = v;
            if (filled < k) {
                filled++;
            }
        }
        this.topIds = ids;
        this.topKappa = kappa;
        this.minCut = MinCutView.of(dag, config);
        this.attention = request == null ? null : AttentionView.of(dag, request.kind(), minCut.tension(), config);
    }

    static Analysis of(LoadedDag input) {
        return new Analysis(input, MinCutConfig.defaults(), null);
    }

    static Analysis of(LoadedDag input, MinCutConfig config, @Nullable AttentionRequest request) {
        return new Analysis(input, config, request);
    }

    QueryDag dag() {
        return input.dag();
    }

    private static boolean ranksBefore(double kappa, int id, double otherKappa, int otherId) {
        int c = Double.compare(kappa, otherKappa);
        return c > 0 || (c == 0 && id < otherId);
    }
}
