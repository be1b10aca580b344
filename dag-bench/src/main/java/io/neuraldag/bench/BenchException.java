package io.neuraldag.bench;

/** A benchmark could not run: the database failed or answered something unexpected. */
public final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure with a cause.
     *
     * @param message what failed
     * @param cause the underlying failure
     */
    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * A failure without a cause.
     *
     * @param message what failed
     */
    public BenchException(String message) {
        super(message);
    }
}
