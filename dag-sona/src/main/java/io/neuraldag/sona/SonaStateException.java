package io.neuraldag.sona;

import java.util.Objects;

/**
 * Learned state that cannot be read: a state file or pattern record that is truncated, corrupt, of
 * an unknown version, or made for another shape. Whatever was loaded before is unchanged.
 *
 * <p>Extends {@link IllegalArgumentException}: the bytes are a bad argument. Immutable and
 * thread-safe.
 */
public final class SonaStateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the input. */
    public enum Kind {
        /** The input does not start with the expected magic number. */
        BAD_MAGIC,
        /** The format version is not one this library reads. */
        UNSUPPORTED_VERSION,
        /** The input ends before the declared content. */
        TRUNCATED,
        /** The content does not match its CRC-32. */
        CHECKSUM_MISMATCH,
        /** The content is structurally invalid (bad length, value out of range, unknown name). */
        MALFORMED,
        /** The state is valid but was made for another dimension, rank or parameter count. */
        INCOMPATIBLE
    }

    private final Kind kind;

    /**
     * Creates an exception.
     *
     * @param kind the kind
     * @param message what is wrong, naming the offending value
     */
    public SonaStateException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Creates an exception with a cause.
     *
     * @param kind the kind
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public SonaStateException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * What is wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
