package io.neuraldag.attention;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An attention computation that could not produce scores, or an invalid attention configuration
 * (spec 01 §1.5). The mechanism, selector or cache it was raised by is unchanged.
 *
 * <p>Extends {@link IllegalArgumentException}: every kind describes an input (DAG, query,
 * embeddings, configuration) that the mechanism cannot accept. The {@link AttentionOptimizer} treats
 * every kind as non-fatal and falls back to topological attention. Immutable and thread-safe.
 */
public final class AttentionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The DAG has no nodes. */
        EMPTY_DAG,
        /** The input graph contains a cycle. */
        CYCLE_DETECTED,
        /** A query or reported node id is not in the DAG. */
        NODE_NOT_FOUND,
        /** An embedding is missing or its dimension does not match a projection or the others. */
        DIMENSION_MISMATCH,
        /** A configuration value is out of range. */
        INVALID_CONFIG,
        /** The result would not be a finite probability distribution, or a provider failed. */
        COMPUTATION_FAILED
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind the kind
     * @param message a message naming the offending value
     */
    public AttentionException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an exception with a cause.
     *
     * @param kind the kind
     * @param message a message naming the offending value
     * @param cause the underlying failure, or null
     */
    public AttentionException(Kind kind, String message, @Nullable Throwable cause) {
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

    static AttentionException emptyDag() {
        return new AttentionException(Kind.EMPTY_DAG, "the DAG has no nodes");
    }

    static AttentionException nodeNotFound(int id) {
        return new AttentionException(Kind.NODE_NOT_FOUND, "node " + id + " not found");
    }

    static AttentionException invalidConfig(String field, Object value, String rule) {
        return new AttentionException(Kind.INVALID_CONFIG, field + " must be " + rule + ": " + value);
    }

    static AttentionException dimension(String message) {
        return new AttentionException(Kind.DIMENSION_MISMATCH, message);
    }

    static AttentionException failed(String message) {
        return new AttentionException(Kind.COMPUTATION_FAILED, message);
    }
}
