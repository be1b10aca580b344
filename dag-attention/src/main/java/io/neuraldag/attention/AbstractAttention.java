package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/*
 * Template for the seven mechanisms: argument checks, the empty-DAG rule and query resolution live
 * here; subclasses implement the two modes on a non-empty snapshot. Subclasses are immutable apart
 * from the state they document, so instances are thread-safe.
 *
 * Structural memo: a mechanism whose structural scores are a function of the snapshot and its
 * immutable configuration alone (memoizesStructural() true) keeps the last result with a weak
 * reference to its snapshot. A snapshot never changes and a DAG keeps returning the same one until
 * it is mutated, so repeated forward(dag) on an unchanged DAG returns the same immutable scores
 * without recomputing; a mutation yields another snapshot and a recomputation. The memo is one
 * volatile reference to an immutable pair: a race computes twice, never returns a half-built or
 * foreign result. The weak reference keeps the memo from holding a dropped plan alive.
 */
abstract class AbstractAttention implements DagAttention {
    final AttentionConfig config;

    private record Memo(WeakReference<DagSnapshot> snapshot, AttentionScores scores) {}

    private volatile @Nullable Memo memo;

    AbstractAttention(AttentionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public final AttentionScores forward(QueryDag dag) {
        DagSnapshot s = Support.nonEmpty(dag);
        if (!memoizesStructural()) {
            return structural(dag, s);
        }
        Memo m = memo;
        if (m != null && m.snapshot.get() == s) {
            return m.scores;
        }
        AttentionScores scores = structural(dag, s);
        memo = new Memo(new WeakReference<>(s), scores);
        return scores;
    }

    /**
     * Whether structural scores depend on the snapshot and the immutable configuration alone, so
     * that the last result may be returned again for the same snapshot.
     */
    boolean memoizesStructural() {
        return false;
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
