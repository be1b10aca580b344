package io.neuraldag.attention;

import org.jspecify.annotations.Nullable;

/**
 * What the caller knows about a query beyond its plan, for the selection policy of {@link
 * OptimizerConfig}. Immutable.
 *
 * @param forced a mechanism to use regardless of the other rules, or null
 * @param cutTension the min-cut engine's tension of the plan in {@code [0, 1]}, or NaN when unknown
 * @param writeHeavy whether the workload is write-heavy (no write operator exists in plans, so
 *     only this hint can trigger CausalCone)
 * @param context the bandit context key (e.g. a query pattern), or null for the global context
 */
public record PolicyHints(
        @Nullable AttentionKind forced,
        double cutTension,
        boolean writeHeavy,
        @Nullable String context) {

    private static final PolicyHints NONE = new PolicyHints(null, Double.NaN, false, null);

    /**
     * Validates the tension.
     *
     * @throws IllegalArgumentException if the tension is infinite
     */
    public PolicyHints {
        if (Double.isInfinite(cutTension)) {
            throw new IllegalArgumentException("cutTension must be finite or NaN: " + cutTension);
        }
    }

    /**
     * No hints.
     *
     * @return the empty hints
     */
    public static PolicyHints none() {
        return NONE;
    }

    /**
     * These hints with a forced mechanism.
     *
     * @param kind the mechanism, or null to clear
     * @return new hints
     */
    public PolicyHints withForced(@Nullable AttentionKind kind) {
        return new PolicyHints(kind, cutTension, writeHeavy, context);
    }

    /**
     * These hints with a cut tension.
     *
     * @param tension the tension, or NaN when unknown
     * @return new hints
     */
    public PolicyHints withCutTension(double tension) {
        return new PolicyHints(forced, tension, writeHeavy, context);
    }

    /**
     * These hints with the write-heavy flag.
     *
     * @param value the flag
     * @return new hints
     */
    public PolicyHints withWriteHeavy(boolean value) {
        return new PolicyHints(forced, cutTension, value, context);
    }

    /**
     * These hints with a bandit context key.
     *
     * @param key the key, or null for the global context
     * @return new hints
     */
    public PolicyHints withContext(@Nullable String key) {
        return new PolicyHints(forced, cutTension, writeHeavy, key);
    }
}
