package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.util.HashMap;
import java.util.Map;

/*
 * CriticalPath attention, spec 01 §3.3.
 *
 * Structural: z_v = β·[v ∈ C], with C the set of nodes on some maximum-cost source-to-sink path
 * (spec §2.5, computed once per snapshot by dag-core: F/G dynamic programs, through = F + G - w,
 * tolerance 1e-9·max(1, L*)). Two logit values, so two exponentials: O(n) on a memoized snapshot.
 * Every non-empty DAG has a non-empty C.
 *
 * Content: z_v = c(q, v) + β·[v ∈ C] over M(q); C stays global.
 *
 * Learned parameter: update(dag, times) multiplies β by the growth factor (1.1), capped (5), when
 * max/mean of the reported times exceeds the ratio (2). β lives in a volatile field written under
 * the instance lock; configHash() includes the current β, so cached scores of an older β are never
 * returned and the mechanism is not "stateful" for the cache. reset() restores the configured β.
 */
final class CriticalPathAttention extends AbstractAttention {
    private final long baseHash;
    private volatile double beta;

    CriticalPathAttention(AttentionConfig config) {
        super(config);
        this.baseHash = mixContent(seed());
        this.beta = config.criticalBoost();
    }

    @Override
    public AttentionKind kind() {
        return AttentionKind.CRITICAL_PATH;
    }

    @Override
    public long configHash() {
        return Hashing.mixDouble(baseHash, beta);
    }

    /** The boost in effect. */
    double beta() {
        return beta;
    }

    @Override
    AttentionScores structural(QueryDag dag, DagSnapshot s) {
        int n = s.size();
        double b = beta;
        // softmax over two values: members get e^(β - max), others e^(0 - max)
        double max = Math.max(b, 0.0);
        double on = Math.exp(b - max);
        double off = Math.exp(-max);
        double[] w = new double[n];
        double[] member = new double[n];
        double sum = 0;
        int count = 0;
        for (int v = 0; v < n; v++) {
            boolean c = s.isCritical(v);
            double x = c ? on : off;
            w[v] = x;
            sum += x;
            if (c) {
                member[v] = 1.0;
                count++;
            }
        }
        Support.scale(w, sum);
        Map<String, String> meta = new HashMap<>();
        meta.put("mode", "structural");
        meta.put("beta", Support.num(b));
        meta.put("critical_nodes", Integer.toString(count));
        meta.put("critical_path_weight", Support.num(s.criticalPathWeight()));
        return Support.scores(kind(), s, w, meta, Map.of("critical", member), null);
    }

    @Override
    AttentionScores content(QueryDag dag, DagSnapshot s, ContentInput in) {
        int n = s.size();
        double b = beta;
        int[] dist = Support.hopsTo(s, in.query, Integer.MAX_VALUE);
        double[] z = new double[n];
        double[] member = new double[n];
        for (int v = 0; v < n; v++) {
            boolean c = s.isCritical(v);
            member[v] = c ? 1.0 : 0.0;
            z[v] = dist[v] >= 0 ? in.score(v) + (c ? b : 0.0) : Support.NEG_INF;
        }
        Support.softmax(z);
        Map<String, String> meta = new HashMap<>();
        in.describe(meta);
        meta.put("beta", Support.num(b));
        return Support.scores(kind(), s, z, meta, Map.of("critical", member), in.aggregate(z));
    }

    @Override
    public void update(QueryDag dag, Map<Integer, Double> actualTimeMs) {
        double[] t = Support.reportedTimes(dag.snapshot(), actualTimeMs);
        double max = 0;
        double sum = 0;
        int count = 0;
        for (double x : t) {
            if (!Double.isNaN(x)) {
                max = Math.max(max, x);
                sum += x;
                count++;
            }
        }
        if (count == 0 || sum <= 0) {
            return;
        }
        double mean = sum / count;
        if (max / mean > config.criticalVarianceRatio()) {
            synchronized (this) {
                beta = Math.min(config.criticalBoostGrowth() * beta, config.criticalBoostCap());
            }
        }
    }

    @Override
    public synchronized void reset() {
        beta = config.criticalBoost();
    }
}
