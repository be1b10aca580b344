package io.neuraldag.qudag;

/**
 * The attention mechanism a shared pattern was learned under; its ordinal is part of the signed
 * proposal bytes, so constants may only ever be appended.
 */
public enum AttentionType {
    /** Topological attention. */
    TOPOLOGICAL,
    /** Causal-cone attention. */
    CAUSAL_CONE,
    /** Critical-path attention. */
    CRITICAL_PATH,
    /** Min-cut gated attention. */
    MINCUT_GATED,
    /** Hierarchical Lorentz attention. */
    HIERARCHICAL_LORENTZ,
    /** Parallel-branch attention. */
    PARALLEL_BRANCH,
    /** Temporal BTSP attention. */
    TEMPORAL_BTSP,
    /** Automatic selection. */
    AUTO
}
