package io.neuraldag.mincut;

import io.neuraldag.core.Operator;
import java.util.Objects;

/**
 * An operator whose criticality exceeds the bottleneck threshold (spec 02 §2.6). Immutable.
 *
 * @param operatorId the operator's id
 * @param operator the operator
 * @param cost its weight (estimated cost)
 * @param criticality {@code crit(v)} in {@code (0, 1]}
 * @param impact {@code cost * criticality}
 * @param alert the alert level of the criticality
 */
public record Bottleneck(
        int operatorId, Operator operator, double cost, double criticality, double impact, AlertLevel alert) {

    /** Validates the references. */
    public Bottleneck {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(alert, "alert");
    }
}
