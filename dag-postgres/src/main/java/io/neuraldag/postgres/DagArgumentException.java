package io.neuraldag.postgres;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A bad argument or setting, with its {@link RvCode} (RV002, RV003 or RV011). The message names the
 * setting and the rejected value. Thrown before any state changes.
 */
public final class DagArgumentException extends IllegalArgumentException implements RvException {
    private static final long serialVersionUID = 1L;

    private final RvCode code;

    /**
     * Creates the exception.
     *
     * @param code the code
     * @param message what was rejected
     * @param cause the cause, or null
     */
    public DagArgumentException(RvCode code, String message, @Nullable Throwable cause) {
        super("[" + code.sqlState() + "] " + message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * An RV011 exception for a rejected setting.
     *
     * @param message what was rejected
     * @return the exception
     */
    public static DagArgumentException invalid(String message) {
        return new DagArgumentException(RvCode.INVALID_ARGUMENT, message, null);
    }

    @Override
    public RvCode code() {
        return code;
    }
}
