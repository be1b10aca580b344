package io.neuraldag.mincut;

import java.util.Objects;

/**
 * A way to add redundancy around an operator whose criticality exceeds the redundancy threshold
 * (spec 02 §2.6). Immutable.
 *
 * <p>For {@link RedundancyStrategy#INDEX}, {@link RedundancyStrategy#HASH_JOIN} and {@link
 * RedundancyStrategy#SORTED_INDEX} the gain is {@code (1 - 1/speedup) * crit}, a share of the
 * operator's criticality, at no additional cost. For the fallbacks it is {@code 0.3 * impact}
 * ({@code impact = cost * crit}, in cost units) at an additional cost of 10% of the operator's cost.
 *
 * @param operatorId the operator
 * @param strategy the strategy
 * @param description a one-line human-readable description
 * @param expectedGain the expected gain, see above
 * @param additionalCost the expected extra cost, in the plan's cost units
 * @param redundancy {@code redundancy(v) = 1 - vitality(v)}: the share of flow that already bypasses
 *     the operator, in {@code [0, 1]}
 */
public record RedundancySuggestion(
        int operatorId,
        RedundancyStrategy strategy,
        String description,
        double expectedGain,
        double additionalCost,
        double redundancy) {

    /** Validates the references. */
    public RedundancySuggestion {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(description, "description");
    }
}
