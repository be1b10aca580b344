package io.neuraldag.mincut;

import java.util.Objects;

/**
 * An operator whose criticality reaches an {@link AlertLevel} other than {@code NONE}. Immutable.
 *
 * @param operatorId the operator's id
 * @param level {@code INFO}, {@code WARNING} or {@code CRITICAL}
 * @param criticality the criticality that raised it
 * @param message a human-readable summary naming the operator
 */
public record Alert(int operatorId, AlertLevel level, double criticality, String message) {

    /** Validates the references. */
    public Alert {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }
}
