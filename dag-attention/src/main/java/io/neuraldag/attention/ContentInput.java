package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/*
 * The query side of content mode (spec 01 §3.0) for one forward call: resolves embeddings (caller
 * map first, then the node's own embedding), projects the query once, and scores keys
 *
 *     c(q, v) = <W_Q e_q, W_K e_v> / sqrt(d),   d = dimension of W_Q e_q,
 *
 * with c = 0 when d = 0. Every embedding must have the query's raw dimension, and projected keys
 * must have dimension d; otherwise DIMENSION_MISMATCH. A node needs an embedding only if it is
 * scored, i.e. inside the mechanism's mask. Confined to one call (not thread-safe).
 */
final class ContentInput {
    final DagSnapshot snapshot;
    final int query;
    private final AttentionConfig config;
    private final Map<Integer, float[]> overrides;
    private final int rawDim;
    private final double[] queryVector;
    private final double invSqrtD;

    ContentInput(DagSnapshot snapshot, int query, AttentionConfig config, Map<Integer, float[]> overrides) {
        this.snapshot = snapshot;
        this.query = query;
        this.config = config;
        this.overrides = Objects.requireNonNull(overrides, "embeddings");
        float[] eq = lookup(query);
        this.rawDim = eq.length;
        this.queryVector = Projection.applyOrIdentity(config.queryProjection(), eq);
        this.invSqrtD = queryVector.length == 0 ? 0.0 : 1.0 / Math.sqrt(queryVector.length);
    }

    private float[] lookup(int index) {
        int id = snapshot.id(index);
        float[] e = overrides.isEmpty() ? null : overrides.get(id);
        if (e == null) {
            e = snapshot.node(index).embedding();
        }
        if (e == null) {
            throw AttentionException.dimension("node " + id + " has no embedding");
        }
        return e;
    }

    /** The raw embedding of an index, checked against the query's dimension. */
    float[] embedding(int index) {
        float[] e = lookup(index);
        if (e.length != rawDim) {
            throw AttentionException.dimension("node " + snapshot.id(index) + " has embedding dimension " + e.length
                    + " but the query node has " + rawDim);
        }
        return e;
    }

    /** c(q, v) with W_K. */
    double score(int v) {
        return dotWith(config.keyProjection(), v);
    }

    /** <W_Q e_q, W_C e_p> / sqrt(d), the ParallelBranch peer term without λ_x. */
    double crossScore(int v) {
        return dotWith(config.crossProjection(), v);
    }

    private double dotWith(@Nullable Projection w, int v) {
        float[] e = embedding(v);
        double s = 0;
        if (w == null) {
            if (e.length != queryVector.length) {
                throw AttentionException.dimension("key dimension " + e.length + " differs from query dimension "
                        + queryVector.length + " (set keyProjection or queryProjection)");
            }
            for (int i = 0; i < e.length; i++) {
                s += queryVector[i] * e[i];
            }
        } else {
            double[] k = w.apply(e);
            if (k.length != queryVector.length) {
                throw AttentionException.dimension(
                        "projected key dimension " + k.length + " differs from query dimension " + queryVector.length);
            }
            for (int i = 0; i < k.length; i++) {
                s += queryVector[i] * k[i];
            }
        }
        return s * invSqrtD;
    }

    /** Σ w_v W_V e_v over the nodes with positive weight. */
    double[] aggregate(double[] w) {
        Projection wv = config.valueProjection();
        int dim = wv == null ? rawDim : wv.rows();
        double[] out = new double[dim];
        for (int v = 0; v < w.length; v++) {
            double wt = w[v];
            if (wt > 0) {
                if (wv == null) {
                    float[] e = embedding(v);
                    for (int i = 0; i < dim; i++) {
                        out[i] += wt * e[i];
                    }
                } else {
                    double[] x = wv.apply(embedding(v));
                    for (int i = 0; i < dim; i++) {
                        out[i] += wt * x[i];
                    }
                }
            }
        }
        return out;
    }

    /** Metadata common to content mode. */
    void describe(Map<String, String> meta) {
        meta.put("mode", "content");
        meta.put("query", Integer.toString(snapshot.id(query)));
    }
}
