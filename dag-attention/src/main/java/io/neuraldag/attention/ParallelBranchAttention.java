package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.util.HashMap;
import java.util.Map;

/*
 * ParallelBranch attention, spec 01 §3.6.
 *
 * Synchronization points S = {v : indeg(v) >= 2 or outdeg(v) >= 2} are the forks and merges where
 * parallel branches meet. Levels are longest distances from a source; two nodes on one level never
 * reach each other, so a level of width >= 2 holds parallel work.
 *
 * Structural: z_v = λ_x·[width(level v) >= 2] + β·[v ∈ S]. Four possible logits, four
 * exponentials: O(n) on a memoized snapshot.
 *
 * Content: mask M(q) ∪ P(q), P(q) = the other nodes on q's level (disjoint from M(q)).
 *     z_v = c(q, v) + β·[v ∈ S]                 for v ∈ M(q),
 *     z_p = λ_x·<W_Q e_q, W_C e_p>/√d            for p ∈ P(q),
 * one softmax over both. Auxiliary "sync" marks S (1/0). Immutable: thread-safe.
 */
final class ParallelBranchAttention extends AbstractAttention {
    private final long hash;

    ParallelBranchAttention(AttentionConfig config) {
        super(config);
        long h = Hashing.mixDouble(seed(), config.branchCrossWeight());
        h = Hashing.mixDouble(h, config.syncBoost());
        h = mixProjection(h, config.crossProjection());
        this.hash = mixContent(h);
    }

    @Override
    public AttentionKind kind() {
        return AttentionKind.PARALLEL_BRANCH;
    }

    @Override
    public long configHash() {
        return hash;
    }

    @Override
    boolean memoizesStructural() {
        return true;
    }

    private static boolean sync(DagSnapshot s, int v) {
        return s.inDegree(v) >= 2 || s.outDegree(v) >= 2;
    }

    @Override
    AttentionScores structural(QueryDag dag, DagSnapshot s) {
        int n = s.size();
        double lx = config.branchCrossWeight();
        double b = config.syncBoost();
        int[] cls = new int[n];
        boolean[] present = new boolean[4];
        double[] sync = new double[n];
        for (int v = 0; v < n; v++) {
            int c = (s.width(s.level(v)) >= 2 ? 1 : 0) | (sync(s, v) ? 2 : 0);
            cls[v] = c;
            present[c] = true;
            sync[v] = (c & 2) != 0 ? 1.0 : 0.0;
        }
        double[] logit = {0.0, lx, b, lx + b};
        double max = Support.NEG_INF;
        for (int c = 0; c < 4; c++) {
            if (present[c]) {
                max = Math.max(max, logit[c]);
            }
        }
        double[] table = new double[4];
        for (int c = 0; c < 4; c++) {
            table[c] = Math.exp(logit[c] - max);
        }
        double[] w = new double[n];
        double sum = 0;
        for (int v = 0; v < n; v++) {
            double x = table[cls[v]];
            w[v] = x;
            sum += x;
        }
        Support.scale(w, sum);
        Map<String, String> meta = new HashMap<>();
        meta.put("mode", "structural");
        meta.put("cross_weight", Support.num(lx));
        meta.put("sync_boost", Support.num(b));
        meta.put("branch_count", Integer.toString(s.branchCount()));
        return Support.scores(kind(), s, w, meta, Map.of("sync", sync), null);
    }

    @Override
    AttentionScores content(QueryDag dag, DagSnapshot s, ContentInput in) {
        int n = s.size();
        int q = in.query;
        double lx = config.branchCrossWeight();
        double b = config.syncBoost();
        int qLevel = s.level(q);
        int[] dist = Support.hopsTo(s, q, Integer.MAX_VALUE);
        double[] z = new double[n];
        double[] sync = new double[n];
        int peers = 0;
        for (int v = 0; v < n; v++) {
            boolean sv = sync(s, v);
            sync[v] = sv ? 1.0 : 0.0;
            if (dist[v] >= 0) {
                z[v] = in.score(v) + (sv ? b : 0.0);
            } else if (s.level(v) == qLevel) {
                z[v] = lx * in.crossScore(v);
                peers++;
            } else {
                z[v] = Support.NEG_INF;
            }
        }
        Support.softmax(z);
        Map<String, String> meta = new HashMap<>();
        in.describe(meta);
        meta.put("peers", Integer.toString(peers));
        return Support.scores(kind(), s, z, meta, Map.of("sync", sync), in.aggregate(z));
    }
}
