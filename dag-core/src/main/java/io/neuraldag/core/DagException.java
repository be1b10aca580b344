package io.neuraldag.core;

import java.util.Objects;

/**
 * A rejected DAG operation or unreadable DAG input. The DAG it was raised for is unchanged.
 *
 * <p>Extends {@link IllegalArgumentException}: every kind describes an argument the DAG cannot
 * accept. Immutable and thread-safe.
 */
public final class DagException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** An operation named a node id the DAG does not contain. */
        NODE_NOT_FOUND,
        /** An explicit node id is already taken. */
        DUPLICATE_NODE,
        /** An edge would close a cycle (self-loops included). */
        CYCLE_DETECTED,
        /** Bulk input contains a cycle. */
        HAS_CYCLES,
        /** The operation is not valid in the DAG's current state or for these arguments. */
        INVALID_OPERATION,
        /** Input could not be read or output could not be written. */
        SERIALIZATION
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind the kind
     * @param message a message naming the offending value
     */
    public DagException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an exception with a cause.
     *
     * @param kind the kind
     * @param message a message naming the offending value
     * @param cause the underlying failure
     */
    public DagException(Kind kind, String message, Throwable cause) {
        super(message, cause);
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

    static DagException nodeNotFound(int id) {
        return new DagException(Kind.NODE_NOT_FOUND, "node " + id + " not found");
    }

    static DagException duplicateNode(int id) {
        return new DagException(Kind.DUPLICATE_NODE, "node " + id + " already exists");
    }

    static DagException cycle(int from, int to) {
        return new DagException(
                Kind.CYCLE_DETECTED,
                from == to
                        ? "edge " + from + "->" + to + " is a self-loop"
                        : "edge " + from + "->" + to + " would create a cycle");
    }
}
