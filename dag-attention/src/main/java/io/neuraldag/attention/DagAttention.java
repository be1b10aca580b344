package io.neuraldag.attention;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.QueryDag;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * An attention mechanism over a query-plan DAG (spec 01 §3.0): it assigns every operator a weight
 * in {@code [0, 1]}, the weights summing to 1.
 *
 * <p><b>Structural mode</b>, {@link #forward(QueryDag)}: one score per node from the plan's shape
 * and estimates alone. Each mechanism defines logits {@code z_v} ({@code -∞} = excluded) and returns
 * {@code softmax(z)}, except MinCutGated, which normalizes its gates linearly.
 *
 * <p><b>Content mode</b>, {@link #forward(QueryDag, int, Map)}: attention from one query node
 * {@code q} over its mask {@code M(q) = anc(q) ∪ {q}} (ParallelBranch adds the other nodes of
 * {@code q}'s level). Each mechanism adds {@code c(q,v) = <W_Q e_q, W_K e_v>/√d} to a
 * mechanism-specific bias (HierarchicalLorentz uses the Busemann function instead), nodes outside
 * the mask get weight 0, and {@link AttentionScores#aggregated()} is {@code Σ w_v W_V e_v}. The
 * projections come from {@link AttentionConfig} (identity by default).
 *
 * <p><b>Feedback</b>, {@link #update(QueryDag, Map)}: measured per-node times after execution.
 * CriticalPath grows its boost and TemporalBTSP learns eligibility traces; the others only validate
 * the input. A mechanism whose output depends on past updates in a way {@link #configHash()} does
 * not capture reports {@link #stateful()} {@code true} and is never cached.
 *
 * <p>Instances made by the factories are thread-safe: {@code forward} only reads the immutable
 * snapshot, and mutable state (CriticalPath's boost, BTSP traces) is updated atomically. The
 * {@link QueryDag} passed in must not be mutated concurrently (it is not thread-safe itself).
 *
 * {@snippet :
 * DagAttention topo = DagAttention.create(AttentionKind.TOPOLOGICAL, AttentionConfig.defaults());
 * AttentionScores scores = topo.forward(dag);
 * double w = scores.weight(3);
 * }
 */
public interface DagAttention {

    /**
     * Which mechanism this is.
     *
     * @return the kind
     */
    AttentionKind kind();

    /**
     * Structural scores for every node, {@code O(n + m)} on a fresh snapshot and {@code O(n)} once
     * the snapshot's derived data (depth, critical set, criticality) is memoized.
     *
     * @param dag the DAG
     * @return the scores
     * @throws AttentionException {@code EMPTY_DAG} for a DAG without nodes, {@code
     *     COMPUTATION_FAILED} if the result is not a finite distribution
     */
    AttentionScores forward(QueryDag dag);

    /**
     * Content-mode scores from one query node, {@code O(n + m + |M|·d)} for embedding dimension
     * {@code d}.
     *
     * @param dag the DAG
     * @param query the query node id
     * @param embeddings per-node embeddings by id; a node missing here uses its own {@link
     *     io.neuraldag.core.OperatorNode#embedding()}
     * @return the scores; weight 0 outside the mask
     * @throws AttentionException {@code EMPTY_DAG}, {@code NODE_NOT_FOUND} if the query is not in
     *     the DAG, {@code DIMENSION_MISMATCH} if a masked node has no embedding or dimensions
     *     disagree, {@code COMPUTATION_FAILED}
     */
    AttentionScores forward(QueryDag dag, int query, Map<Integer, float[]> embeddings);

    /**
     * Content mode with the embeddings stored on the nodes.
     *
     * @param dag the DAG
     * @param query the query node id
     * @return the scores
     * @throws AttentionException as {@link #forward(QueryDag, int, Map)}
     */
    default AttentionScores forward(QueryDag dag, int query) {
        return forward(dag, query, Map.of());
    }

    /**
     * Feeds back measured per-node execution times. Validates everything before changing state.
     *
     * @param dag the executed DAG
     * @param actualTimeMs measured time in milliseconds by node id (finite, {@code >= 0}); nodes not
     *     listed were not measured
     * @throws AttentionException {@code NODE_NOT_FOUND} for an id not in the DAG
     * @throws IllegalArgumentException for a negative or non-finite time
     */
    void update(QueryDag dag, Map<Integer, Double> actualTimeMs);

    /**
     * Feeds back the {@link io.neuraldag.core.OperatorNode#actualTimeMs()} recorded on the DAG's
     * nodes.
     *
     * @param dag the executed DAG
     */
    default void update(QueryDag dag) {
        update(dag, Support.nodeActuals(dag));
    }

    /** Forgets everything learned by {@link #update}; the configuration stays. */
    void reset();

    /**
     * Whether scores depend on learned state that {@link #configHash()} does not capture, so that
     * they must not be cached (TemporalBTSP).
     *
     * @return whether the mechanism is stateful
     */
    boolean stateful();

    /**
     * A 64-bit hash of the kind, the parameters this mechanism reads and any learned parameter that
     * changes its output (CriticalPath's current boost); part of the cache key. Stable across
     * processes for the default providers.
     *
     * @return the hash
     */
    long configHash();

    /**
     * Creates a mechanism with the default providers: path-dominance criticality for MinCutGated
     * and the system clock for TemporalBTSP.
     *
     * @param kind the mechanism
     * @param config the parameters
     * @return a new thread-safe mechanism
     */
    static DagAttention create(AttentionKind kind, AttentionConfig config) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(config, "config");
        return switch (kind) {
            case TOPOLOGICAL -> new TopologicalAttention(config);
            case CAUSAL_CONE -> new CausalConeAttention(config);
            case CRITICAL_PATH -> new CriticalPathAttention(config);
            case MINCUT_GATED -> new MinCutGatedAttention(config, null);
            case HIERARCHICAL_LORENTZ -> new HierarchicalLorentzAttention(config);
            case PARALLEL_BRANCH -> new ParallelBranchAttention(config);
            case TEMPORAL_BTSP -> new TemporalBtspAttention(config, InstantSource.system());
        };
    }

    /**
     * Creates MinCutGated attention with a criticality provider, e.g. an exact min-cut engine.
     * Exceptions and out-of-range values from the provider become {@code COMPUTATION_FAILED}.
     *
     * @param config the parameters
     * @param provider the criticality source; must be thread-safe if the mechanism is shared
     * @return a new mechanism
     */
    static DagAttention minCutGated(AttentionConfig config, CriticalityProvider provider) {
        return new MinCutGatedAttention(
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(provider, "provider"));
    }

    /**
     * Creates TemporalBTSP attention on an injected clock (plateau timing).
     *
     * @param config the parameters
     * @param clock the clock, e.g. a fake one in tests
     * @return a new mechanism
     */
    static DagAttention temporalBtsp(AttentionConfig config, InstantSource clock) {
        return new TemporalBtspAttention(
                Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"));
    }
}
