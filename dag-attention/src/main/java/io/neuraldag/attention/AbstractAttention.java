package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/*
 * Template for the seven mechanisms: argument checks, the empty-DAG rule and query resolution live
 * here; subclasses implement the two modes on a non-empty snapshot. Subclasses are immutable apart
 * from the state they document, so instances are thread-safe.
 */
abstract class AbstractAttention implements DagAttention {
    final AttentionConfig config;

    AbstractAttention(AttentionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public final AttentionScores forward(QueryDag dag) {
        DagSnapshot s = Support.nonEmpty(dag);
        return structural(dag, s);
    }

    @Override
    public final AttentionScores forward(QueryDag dag, int query, Map<Integer, float[]> embeddings) {
        DagSnapshot s = Support.nonEmpty(dag);
        int q = s.indexOf(query);
        if (q < 0) {
            throw AttentionException.nodeNotFound(query);
        }
        return content(dag, s, new ContentInput(s, q, config, embeddings));
    }

    abstract AttentionScores structural(QueryDag dag, DagSnapshot s);

    abstract AttentionScores content(QueryDag dag, DagSnapshot s, ContentInput in);

    @Override
    public void update(QueryDag dag, Map<Integer, Double> actualTimeMs) {
        Support.reportedTimes(dag.snapshot(), actualTimeMs);
    }

    @Override
    public void reset() {}

    @Override
    public boolean stateful() {
        return false;
    }

    /** Hash seed for this kind. */
    final long seed() {
        return Hashing.mix(0x4e44_4154_544eL, kind().index());
    }

    /** Mixes a projection (or the identity marker). */
    static long mixProjection(long h, @Nullable Projection p) {
        return Hashing.mix(h, p == null ? 0x1D_E471L : p.contentHash());
    }

    /** Mixes the projections every content-mode mechanism reads. */
    final long mixContent(long h) {
        return mixProjection(
                mixProjection(mixProjection(h, config.queryProjection()), config.keyProjection()),
                config.valueProjection());
    }

    @Override
    public String toString() {
        return kind().wireName() + " attention";
    }
}
