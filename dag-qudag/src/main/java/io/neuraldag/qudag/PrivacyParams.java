package io.neuraldag.qudag;

import java.util.Objects;

/**
 * Differential-privacy parameters of one pattern release (spec 03 §3.2).
 *
 * @param mechanism Gaussian (default; (ε, δ)-DP) or Laplace (pure ε-DP)
 * @param epsilon ε, in (0, 10]
 * @param delta δ, in (0, 1e-3] for Gaussian, exactly 0 for Laplace
 * @param clipNorm C, the L2 norm every centroid is clipped to before noise, &gt; 0 and finite
 *     (default 1)
 */
public record PrivacyParams(Mechanism mechanism, double epsilon, double delta, double clipNorm) {
    /** Largest ε a single release may use; also the 24-hour budget of {@link PrivacyAccountant}. */
    public static final double MAX_EPSILON = 10.0;
    /** Largest δ a Gaussian release may use. */
    public static final double MAX_DELTA = 1e-3;

    /** The noise mechanism. */
    public enum Mechanism {
        /** Gaussian noise calibrated to the L2 sensitivity 2C/n. */
        GAUSSIAN,
        /** Laplace noise calibrated to the L1 sensitivity 2C√d/n. */
        LAPLACE
    }

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field and value
     */
    public PrivacyParams {
        Objects.requireNonNull(mechanism, "mechanism");
        if (!(epsilon > 0) || !(epsilon <= MAX_EPSILON)) {
            throw new IllegalArgumentException("epsilon must be in (0, 10], got " + epsilon);
        }
        switch (mechanism) {
            case GAUSSIAN -> {
                if (!(delta > 0) || !(delta <= MAX_DELTA)) {
                    throw new IllegalArgumentException("delta must be in (0, 1e-3], got " + delta);
                }
            }
            case LAPLACE -> {
                if (delta != 0) {
                    throw new IllegalArgumentException("delta must be 0 for the Laplace mechanism, got " + delta);
                }
            }
        }
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be positive and finite, got " + clipNorm);
        }
    }

    /**
     * Gaussian mechanism with C = 1.
     *
     * @param epsilon ε in (0, 10]
     * @param delta δ in (0, 1e-3]
     * @return the parameters
     */
    public static PrivacyParams gaussian(double epsilon, double delta) {
        return new PrivacyParams(Mechanism.GAUSSIAN, epsilon, delta, 1.0);
    }

    /**
     * Laplace mechanism with C = 1.
     *
     * @param epsilon ε in (0, 10]
     * @return the parameters
     */
    public static PrivacyParams laplace(double epsilon) {
        return new PrivacyParams(Mechanism.LAPLACE, epsilon, 0.0, 1.0);
    }

    /**
     * The defaults: Gaussian, ε = 1, δ = 1e-5, C = 1.
     *
     * @return the defaults
     */
    public static PrivacyParams defaults() {
        return gaussian(1.0, 1e-5);
    }
}
