package io.neuraldag.mincut;

import java.util.Objects;

/**
 * A rejected min-cut input: a bad capacity, an unknown node or arc, a self-loop, or an invalid
 * source/sink pair. The network, tracker or engine it was raised for is unchanged.
 *
 * <p>Extends {@link IllegalArgumentException}. Plan-level errors of {@link MinCutEngine} (unknown
 * operator id, an edge that would close a cycle) are reported as {@link
 * io.neuraldag.core.DagException} instead, as by {@link io.neuraldag.core.QueryDag}. Immutable and
 * thread-safe.
 */
public final class MinCutException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Kind {
        /** A capacity was NaN or negative (including {@code -inf}). */
        INVALID_CAPACITY,
        /** A node id outside {@code [0, nodeCount)}. */
        UNKNOWN_NODE,
        /** An arc id outside {@code [0, arcCount)}. */
        UNKNOWN_ARC,
        /** An arc whose tail equals its head. */
        SELF_LOOP,
        /** The source equals the sink. */
        SAME_TERMINALS,
        /** Any other out-of-range argument (a negative radius or bound, a NaN bound). */
        INVALID_ARGUMENT
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind the kind
     * @param message a message naming the offending value
     */
    public MinCutException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * The kind of failure.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    static MinCutException badCapacity(String what, double capacity) {
        return new MinCutException(
                Kind.INVALID_CAPACITY, what + " must be >= 0 or +Infinity, not NaN or negative: " + capacity);
    }

    static MinCutException unknownNode(int node, int nodeCount) {
        return new MinCutException(Kind.UNKNOWN_NODE, "node " + node + " not in [0, " + nodeCount + ")");
    }

    static MinCutException unknownArc(int arc, int arcCount) {
        return new MinCutException(Kind.UNKNOWN_ARC, "arc " + arc + " not in [0, " + arcCount + ")");
    }
}
