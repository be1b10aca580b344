package io.neuraldag.mincut;

/**
 * The alert level of an operator's criticality (spec 02 §2.6): above 0.9 {@link #CRITICAL}, above
 * 0.8 {@link #WARNING}, above 0.7 {@link #INFO}, otherwise {@link #NONE}.
 */
public enum AlertLevel {
    /** Criticality at most 0.7. */
    NONE,
    /** Criticality above 0.7. */
    INFO,
    /** Criticality above 0.8. */
    WARNING,
    /** Criticality above 0.9. */
    CRITICAL;

    /**
     * The level of a criticality value.
     *
     * @param criticality a value in {@code [0, 1]}
     * @return its level
     */
    public static AlertLevel of(double criticality) {
        if (criticality > 0.9) {
            return CRITICAL;
        }
        if (criticality > 0.8) {
            return WARNING;
        }
        if (criticality > 0.7) {
            return INFO;
        }
        return NONE;
    }
}
