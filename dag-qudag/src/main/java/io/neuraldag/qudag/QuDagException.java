package io.neuraldag.qudag;

import java.util.Objects;

/**
 * A refused network, crypto or ledger operation. Whatever the call would have changed is unchanged.
 *
 * <p>Extends {@link IllegalStateException}: the node, key or ledger is not in a state that allows the
 * operation (disconnected, authentication failed, not enough stake, bytes that do not verify).
 * Argument errors that are not tied to network state are plain {@link IllegalArgumentException}s.
 * Immutable and thread-safe.
 */
public final class QuDagException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** The error codes of the SQL API (spec 03 §2) that this module raises. */
    public enum Code {
        /** RV005: not connected, or the transport has no network behind it. */
        RV005_QUDAG_DISCONNECTED("RV005"),
        /** RV006: a request, proposal or ledger operation failed authentication or replay checks. */
        RV006_QUDAG_AUTH_FAILED("RV006"),
        /** RV007: the balance or stake does not cover the operation. */
        RV007_INSUFFICIENT_STAKE("RV007"),
        /** RV008: a key, ciphertext, envelope or signature is malformed or does not verify. */
        RV008_CRYPTO_ERROR("RV008"),
        /** RV011: a value is outside its documented range or a message is malformed. */
        RV011_INVALID_ARGUMENT("RV011");

        private final String sqlState;

        Code(String sqlState) {
            this.sqlState = sqlState;
        }

        /**
         * The short code, e.g. {@code "RV008"}.
         *
         * @return the code
         */
        public String sqlState() {
            return sqlState;
        }
    }

    private final Code code;

    /**
     * Creates an exception.
     *
     * @param code the error code
     * @param message a message naming the offending value (never secret material)
     */
    public QuDagException(Code code, String message) {
        super(Objects.requireNonNull(code, "code").sqlState() + ": " + message);
        this.code = code;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param code the error code
     * @param message a message naming the offending value (never secret material)
     * @param cause the underlying failure
     */
    public QuDagException(Code code, String message, Throwable cause) {
        super(Objects.requireNonNull(code, "code").sqlState() + ": " + message, cause);
        this.code = code;
    }

    /**
     * The error code.
     *
     * @return the code
     */
    public Code code() {
        return code;
    }

    static QuDagException crypto(String message) {
        return new QuDagException(Code.RV008_CRYPTO_ERROR, message);
    }

    static QuDagException auth(String message) {
        return new QuDagException(Code.RV006_QUDAG_AUTH_FAILED, message);
    }

    static QuDagException invalid(String message) {
        return new QuDagException(Code.RV011_INVALID_ARGUMENT, message);
    }

    static QuDagException disconnected(String message) {
        return new QuDagException(Code.RV005_QUDAG_DISCONNECTED, message);
    }

    static QuDagException stake(String message) {
        return new QuDagException(Code.RV007_INSUFFICIENT_STAKE, message);
    }
}
