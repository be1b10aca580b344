package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.util.HashMap;
import java.util.Map;

/*
 * Topological attention, spec 01 §3.1.
 *
 * Structural: w_v ∝ γ^min(depth_v, H). Operators nearer the plan output (smaller depth) get more
 * weight when γ < 1, by exactly a factor γ per level, up to the cap H. The logit k·ln γ takes only
 * H+1 values, so e^(z - max z) comes from a table of H+1 powers of γ (relative to the largest logit
 * present) and the per-node work is one lookup: O(n) once the snapshot's depths are known.
 *
 * Content: plain masked softmax of c(q, v) over M(q) = anc(q) ∪ {q}; no depth bias.
 *
 * Stateless and immutable: thread-safe.
 */
final class TopologicalAttention extends AbstractAttention {
    private final long hash;
    private final Map<String, String> structuralMeta;

    TopologicalAttention(AttentionConfig config) {
        super(config);
        this.structuralMeta = Map.of(
                "mode", "structural",
                "gamma", Support.num(config.topologicalDecay()),
                "max_depth", Integer.toString(config.topologicalMaxDepth()));
        long h = Hashing.mixDouble(seed(), config.topologicalDecay());
        h = Hashing.mix(h, config.topologicalMaxDepth());
        this.hash = mixContent(h);
    }

    @Override
    public AttentionKind kind() {
        return AttentionKind.TOPOLOGICAL;
    }

    @Override
    public long configHash() {
        return hash;
    }

    @Override
    boolean memoizesStructural() {
        return true;
    }

    @Override
    AttentionScores structural(QueryDag dag, DagSnapshot s) {
        int n = s.size();
        int cap = config.topologicalMaxDepth();
        int kMin = Integer.MAX_VALUE;
        int kMax = 0;
        for (int v = 0; v < n; v++) {
            int d = Math.min(s.depth(v), cap);
            kMin = Math.min(kMin, d);
            kMax = Math.max(kMax, d);
        }
        // table[d] = γ^(d - dRef), dRef being where the largest logit is; built by repeated
        // multiplication so that neighbouring levels differ by exactly one factor γ
        double gamma = config.topologicalDecay();
        double[] table = new double[kMax + 1];
        if (gamma <= 1.0) {
            table[kMin] = 1.0;
            for (int d = kMin + 1; d <= kMax; d++) {
                table[d] = table[d - 1] * gamma;
            }
        } else {
            table[kMax] = 1.0;
            for (int d = kMax - 1; d >= kMin; d--) {
                table[d] = table[d + 1] / gamma;
            }
        }
        double[] w = new double[n];
        double sum = 0;
        for (int v = 0; v < n; v++) {
            double x = table[Math.min(s.depth(v), cap)];
            w[v] = x;
            sum += x;
        }
        Support.scale(w, sum);
        return Support.scores(kind(), s, w, structuralMeta, Map.of(), null);
    }

    @Override
    AttentionScores content(QueryDag dag, DagSnapshot s, ContentInput in) {
        int n = s.size();
        int[] dist = Support.hopsTo(s, in.query, Integer.MAX_VALUE);
        double[] z = new double[n];
        for (int v = 0; v < n; v++) {
            z[v] = dist[v] >= 0 ? in.score(v) : Support.NEG_INF;
        }
        Support.softmax(z);
        Map<String, String> meta = new HashMap<>();
        in.describe(meta);
        return Support.scores(kind(), s, z, meta, Map.of(), in.aggregate(z));
    }
}
