package io.neuraldag.attention;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * MinCutGated attention, spec 01 §3.4.
 *
 * Criticality κ_v ∈ [0, 1] comes from a CriticalityProvider; by default path dominance
 * κ = Pin·Pout/Π (spec §2.6), which dag-core memoizes per snapshot and which is 1 exactly for
 * single-vertex cuts. The gate is g_v = 1 if κ_v > τ, else κ_v/τ.
 *
 * Structural: w_v = g_v / Σ g (linear, not softmax). Path dominance is never 0, so every gate is
 * positive; an external provider may return 0 for some nodes (weight 0), but not for all.
 *
 * Content: z_v = c(q, v) + ln g_v over M(q) (ln 0 = -∞ excludes the node). The gate is a bias in
 * log space, never a factor on the logit, so a negative content score is not inverted.
 *
 * Both modes return the auxiliary maps "gate" and "criticality". Provider exceptions and values
 * outside [0, 1] become COMPUTATION_FAILED. Immutable; thread-safe when the provider is.
 */
final class MinCutGatedAttention extends AbstractAttention {
    private final @Nullable CriticalityProvider provider;
    private final long hash;

    /** A null provider means path dominance read straight from the snapshot (no copy). */
    MinCutGatedAttention(AttentionConfig config, @Nullable CriticalityProvider provider) {
        super(config);
        this.provider = provider;
        long h = Hashing.mixDouble(seed(), config.gateThreshold());
        // an external provider is identified by instance: it may be an engine with its own state
        h = Hashing.mix(h, provider == null ? 0L : 0x5052_4f56L + System.identityHashCode(provider));
        this.hash = mixContent(h);
    }

    @Override
    public AttentionKind kind() {
        return AttentionKind.MINCUT_GATED;
    }

    @Override
    public long configHash() {
        return hash;
    }

    // an external provider may carry state of its own, so only path dominance is memoized
    @Override
    boolean memoizesStructural() {
        return provider == null;
    }

    private double[] kappa(DagSnapshot s) {
        int n = s.size();
        double[] k;
        if (provider == null) {
            k = new double[n];
            for (int i = 0; i < n; i++) {
                k[i] = s.criticality(i);
            }
            return k;
        }
        try {
            k = provider.criticality(s);
        } catch (RuntimeException e) {
            throw new AttentionException(
                    AttentionException.Kind.COMPUTATION_FAILED, "criticality provider failed: " + e, e);
        }
        if (k == null || k.length != n) {
            throw AttentionException.failed("criticality provider returned "
                    + (k == null ? "null" : k.length + " values") + " for " + n + " nodes");
        }
        for (int i = 0; i < n; i++) {
            if (!(k[i] >= 0.0 && k[i] <= 1.0)) {
                throw AttentionException.failed("criticality of node " + s.id(i) + " is not in [0,1]: " + k[i]);
            }
        }
        return k.clone();
    }

    private double[] gates(double[] kappa) {
        double tau = config.gateThreshold();
        double[] g = new double[kappa.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = kappa[i] > tau ? 1.0 : kappa[i] / tau;
        }
        return g;
    }

    @Override
    AttentionScores structural(QueryDag dag, DagSnapshot s) {
        double[] k = kappa(s);
        double[] g = gates(k);
        double[] w = g.clone();
        Support.normalizeLinear(w);
        Map<String, String> meta = new HashMap<>();
        meta.put("mode", "structural");
        meta.put("tau", Support.num(config.gateThreshold()));
        meta.put(
                "provider",
                provider == null ? "path_dominance" : provider.getClass().getName());
        return Support.scores(kind(), s, w, meta, Map.of("gate", g, "criticality", k), null);
    }

    @Override
    AttentionScores content(QueryDag dag, DagSnapshot s, ContentInput in) {
        int n = s.size();
        double[] k = kappa(s);
        double[] g = gates(k);
        int[] dist = Support.hopsTo(s, in.query, Integer.MAX_VALUE);
        double[] z = new double[n];
        for (int v = 0; v < n; v++) {
            z[v] = dist[v] >= 0 && g[v] > 0 ? in.score(v) + Math.log(g[v]) : Support.NEG_INF;
        }
        Support.softmax(z);
        Map<String, String> meta = new HashMap<>();
        in.describe(meta);
        meta.put("tau", Support.num(config.gateThreshold()));
        return Support.scores(kind(), s, z, meta, Map.of("gate", g, "criticality", k), in.aggregate(z));
    }
}
