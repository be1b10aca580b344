package io.neuraldag.sona;

import java.util.Objects;

/**
 * The attention mechanisms the engine chooses among, in canonical order (spec 01 §3.0), with their
 * wire names. Thread-safe.
 */
public enum Mechanism {
    /** Topological attention; the default mechanism. */
    TOPOLOGICAL("topological"),
    /** Causal-cone attention. */
    CAUSAL_CONE("causal_cone"),
    /** Critical-path attention. */
    CRITICAL_PATH("critical_path"),
    /** Min-cut gated attention. */
    MINCUT_GATED("mincut_gated"),
    /** Hierarchical Lorentz attention. */
    HIERARCHICAL_LORENTZ("hierarchical_lorentz"),
    /** Parallel-branch attention. */
    PARALLEL_BRANCH("parallel_branch"),
    /** Temporal BTSP attention. */
    TEMPORAL_BTSP("temporal_btsp");

    private static final Mechanism[] VALUES = values();

    private final String wireName;

    Mechanism(String wireName) {
        this.wireName = wireName;
    }

    /**
     * The stable lower-case name used in persisted state.
     *
     * @return the wire name, e.g. {@code causal_cone}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * The mechanism with a wire name.
     *
     * @param wireName the name
     * @return the mechanism
     * @throws IllegalArgumentException if no mechanism has this name
     */
    public static Mechanism fromWireName(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        for (Mechanism m : VALUES) {
            if (m.wireName.equals(wireName)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mechanism: " + wireName);
    }

    /**
     * The mechanism at a canonical index.
     *
     * @param index 0..6
     * @return the mechanism
     * @throws IndexOutOfBoundsException if the index is out of range
     */
    static Mechanism at(int index) {
        return VALUES[index];
    }

    /** Number of mechanisms. */
    static final int COUNT = 7;

    /**
     * The canonical index of a mechanism (its position in declaration order).
     *
     * @param m the mechanism
     * @return 0..6
     */
    @SuppressWarnings("EnumOrdinal") // canonical order is part of this enum's contract
    static int index(Mechanism m) {
        return m.ordinal();
    }
}
