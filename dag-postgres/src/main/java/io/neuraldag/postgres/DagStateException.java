package io.neuraldag.postgres;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure that is not the caller's argument, with its {@link RvCode}: a disabled engine (RV001), a
 * failed learning cycle or store write (RV004), an unreadable plan (RV012), and the QuDAG, crypto and
 * repair codes.
 */
public final class DagStateException extends IllegalStateException implements RvException {
    private static final long serialVersionUID = 1L;

    private final RvCode code;

    /**
     * Creates the exception.
     *
     * @param code the code
     * @param message what failed
     * @param cause the cause, or null
     */
    public DagStateException(RvCode code, String message, @Nullable Throwable cause) {
        super("[" + code.sqlState() + "] " + message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    @Override
    public RvCode code() {
        return code;
    }
}
