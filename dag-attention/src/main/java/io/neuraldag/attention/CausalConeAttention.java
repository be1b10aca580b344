package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.util.HashMap;
import java.util.Map;

/*
 * CausalCone attention, spec 01 §3.2, with additive distance decay.
 *
 * Structural: the cone is everything that reaches a sink within H hops,
 *     z_v = -λ · hopsToSink(v)   if hopsToSink(v) <= H,   else -∞,
 * and also -∞ when t_v < t_ref - W, where t_ref is the latest sink start time (applied only when
 * both times exist). The decay is added to the logit, never multiplied: a multiplicative decay would
 * raise far nodes whenever the content score is negative. Logits take at most H+1 values, so the
 * exponentials come from a table; O(n) on a memoized snapshot (hopsToSink is one backward BFS).
 * The latest sink always survives (hops 0, t = t_ref), so the cone is never empty.
 *
 * Content: the cone of the query q: z_v = c(q, v) - λ·hops(v, q) for v with hops(v, q) <= H (a
 * bounded backward BFS from q), -∞ when t_v < t_q - W. q itself is always inside.
 *
 * Stateless and immutable: thread-safe.
 */
final class CausalConeAttention extends AbstractAttention {
    private final long hash;

    CausalConeAttention(AttentionConfig config) {
        super(config);
        long h = Hashing.mixDouble(seed(), config.causalDecay());
        h = Hashing.mix(h, config.causalMaxHops());
        h = Hashing.mixDouble(h, config.causalTimeWindowMs());
        this.hash = mixContent(h);
    }

    @Override
    public AttentionKind kind() {
        return AttentionKind.CAUSAL_CONE;
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
        int horizon = config.causalMaxHops();
        double lambda = config.causalDecay();
        double tRef = Support.latestSinkStart(s);
        double cutoff = tRef - config.causalTimeWindowMs();
        boolean timed = !Double.isNaN(tRef);
        int[] h = new int[n];
        int hMin = Integer.MAX_VALUE;
        int hMax = 0;
        int excluded = 0;
        for (int v = 0; v < n; v++) {
            int hv = s.hopsToSink(v);
            if (hv > horizon || (timed && Support.startTime(s, v) < cutoff)) {
                h[v] = -1;
                excluded++;
            } else {
                h[v] = hv;
                hMin = Math.min(hMin, hv);
                hMax = Math.max(hMax, hv);
            }
        }
        double[] table = new double[hMax + 1];
        for (int d = hMin; d <= hMax; d++) {
            table[d] = Math.exp(-lambda * (d - hMin));
        }
        double[] w = new double[n];
        double sum = 0;
        for (int v = 0; v < n; v++) {
            if (h[v] >= 0) {
                double x = table[h[v]];
                w[v] = x;
                sum += x;
            }
        }
        Support.scale(w, sum);
        Map<String, String> meta = new HashMap<>();
        meta.put("mode", "structural");
        meta.put("lambda", Support.num(lambda));
        meta.put("max_hops", Integer.toString(horizon));
        meta.put("excluded", Integer.toString(excluded));
        if (timed) {
            meta.put("t_ref_ms", Support.num(tRef));
        }
        return Support.scores(kind(), s, w, meta, Map.of(), null);
    }

    @Override
    AttentionScores content(QueryDag dag, DagSnapshot s, ContentInput in) {
        int n = s.size();
        int q = in.query;
        double lambda = config.causalDecay();
        int[] dist = Support.hopsTo(s, q, config.causalMaxHops());
        double tq = Support.startTime(s, q);
        double cutoff = tq - config.causalTimeWindowMs();
        boolean timed = !Double.isNaN(tq);
        double[] z = new double[n];
        for (int v = 0; v < n; v++) {
            if (dist[v] >= 0 && !(timed && Support.startTime(s, v) < cutoff)) {
                z[v] = in.score(v) - lambda * dist[v];
            } else {
                z[v] = Support.NEG_INF;
            }
        }
        Support.softmax(z);
        Map<String, String> meta = new HashMap<>();
        in.describe(meta);
        meta.put("lambda", Support.num(lambda));
        meta.put("max_hops", Integer.toString(config.causalMaxHops()));
        return Support.scores(kind(), s, z, meta, Map.of(), in.aggregate(z));
    }
}
