package io.neuraldag.attention;

import java.util.Locale;

/**
 * The seven attention mechanisms, in canonical order: the order of {@link #values()} is the arm
 * order of the {@link AttentionSelector} and of every per-mechanism table.
 *
 * <p>Each kind has a stable wire name ({@code causal_cone}, ...) used in configuration files, the
 * command line and persisted statistics.
 */
public enum AttentionKind {
    /** Depth-discounted attention, spec 01 §3.1. */
    TOPOLOGICAL("topological", 0),
    /** Hop-decayed attention over the causal cone of the plan output, spec 01 §3.2. */
    CAUSAL_CONE("causal_cone", 1),
    /** Boost for the nodes on a maximum-cost path, spec 01 §3.3. */
    CRITICAL_PATH("critical_path", 2),
    /** Criticality-gated attention, spec 01 §3.4. */
    MINCUT_GATED("mincut_gated", 3),
    /** Hyperbolic (Lorentz model) attention by plan depth, spec 01 §3.5. */
    HIERARCHICAL_LORENTZ("hierarchical_lorentz", 4),
    /** Attention to parallel branches and synchronization points, spec 01 §3.6. */
    PARALLEL_BRANCH("parallel_branch", 5),
    /** Eligibility-trace attention learned from execution feedback, spec 01 §3.7. */
    TEMPORAL_BTSP("temporal_btsp", 6);

    /** Number of kinds (7). */
    public static final int COUNT = 7;

    private static final AttentionKind[] BY_INDEX = values();

    private final String wireName;
    private final int index;

    AttentionKind(String wireName, int index) {
        this.wireName = wireName;
        this.index = index;
    }

    /**
     * The stable lower-case wire name, e.g. {@code causal_cone}.
     *
     * @return the wire name
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The position in canonical order, 0–6: the selector arm of this kind.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    /**
     * The kind at a canonical position.
     *
     * @param index in {@code [0, 7)}
     * @return the kind
     * @throws IllegalArgumentException if the index is out of range
     */
    public static AttentionKind ofIndex(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("attention kind index out of range [0,7): " + index);
        }
        return BY_INDEX[index];
    }

    /**
     * Parses a wire name ({@code causal_cone}) or constant name ({@code CAUSAL_CONE}),
     * case-insensitively; {@code -} is accepted for {@code _}.
     *
     * @param name the name
     * @return the kind
     * @throws IllegalArgumentException if no kind has that name
     */
    public static AttentionKind fromWireName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (AttentionKind k : BY_INDEX) {
            if (k.wireName.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown attention kind: " + name);
    }

    @Override
    public String toString() {
        return wireName;
    }
}
