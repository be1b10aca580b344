package io.neuraldag.postgres;

import java.util.Objects;

/**
 * An error of the SQL API with its {@link RvCode}. Argument errors ({@link RvCode#INVALID_ATTENTION},
 * {@link RvCode#INVALID_ARGUMENT}, {@link RvCode#PATTERN_NOT_FOUND}) are {@link DagArgumentException}s;
 * every other code is a {@link DagStateException}. Use {@link #of} to get the right one.
 *
 * <p>Immutable and thread-safe once thrown.
 */
public sealed interface RvException permits DagArgumentException, DagStateException {

    /**
     * The error code.
     *
     * @return the code
     */
    RvCode code();

    /**
     * The SQLSTATE of {@link #code()}.
     *
     * @return e.g. {@code "RV011"}
     */
    default String sqlState() {
        return code().sqlState();
    }

    /**
     * A new exception of the kind that fits the code.
     *
     * @param code the code
     * @param message what went wrong, naming the bad value where there is one
     * @param cause the cause, or null
     * @return a {@link DagArgumentException} or a {@link DagStateException}
     */
    static RuntimeException of(RvCode code, String message, @org.jspecify.annotations.Nullable Throwable cause) {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        return switch (code) {
            case INVALID_ATTENTION, INVALID_ARGUMENT, PATTERN_NOT_FOUND ->
                new DagArgumentException(code, message, cause);
            case DAG_DISABLED,
                    LEARNING_FAILED,
                    QUDAG_DISCONNECTED,
                    QUDAG_AUTH_FAILED,
                    INSUFFICIENT_STAKE,
                    CRYPTO_ERROR,
                    REPAIR_FAILED,
                    TRAJECTORY_OVERFLOW,
                    PLAN_PARSE_ERROR -> new DagStateException(code, message, cause);
        };
    }
}
