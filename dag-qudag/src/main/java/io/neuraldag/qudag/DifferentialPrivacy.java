package io.neuraldag.qudag;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The noise of spec 03 §3.2. A pattern centroid of {@code n ≥ 10} members is clipped to L2 norm C;
 * replacing one member moves the centroid by at most 2C/n in L2 (and 2C√d/n in L1), which is the
 * sensitivity the noise is calibrated to.
 *
 * <ul>
 *   <li>Gaussian: σ = √(2 ln(1.25/δ))·Δ₂/ε for ε &lt; 1 (Dwork–Roth, Thm. A.1); for ε ≥ 1, where
 *       that bound does not hold, the analytic calibration of Balle and Wang, "Improving the
 *       Gaussian Mechanism for Differential Privacy" (ICML 2018): the smallest σ with Φ(Δ/2σ −
 *       εσ/Δ) − e^ε Φ(−Δ/2σ − εσ/Δ) ≤ δ, found by bisection.
 *   <li>Laplace: b = Δ₁/ε, drawn as −b·sgn(u)·ln(1 − 2|u|), u ~ U(−½, ½), with the log argument
 *       clamped away from 0.
 *   <li>Quality: Laplace with ε = 0.1 and Δ = 1/n, clamped to [0, 1], then rounded to tenths.
 * </ul>
 *
 * <p>Production uses {@link java.security.SecureRandom}; a seeded generator only in simulations.
 * Costs O(d) per release. Stateless and thread-safe (the generator passed in must not be shared
 * across threads unless it is itself thread-safe).
 */
public final class DifferentialPrivacy {
    /** Smallest number of members a released centroid may aggregate. */
    public static final int MIN_MEMBERS = 10;
    /** ε spent on the noisy quality of each release. */
    public static final double QUALITY_EPSILON = 0.1;

    private DifferentialPrivacy() {}

    /**
     * Scales {@code v} down to L2 norm {@code c} if it is longer (a copy; the input is unchanged).
     *
     * @param v the vector, finite values
     * @param c the bound, &gt; 0
     * @return the clipped copy
     * @throws IllegalArgumentException on a non-finite value or c ≤ 0
     */
    public static float[] clip(float[] v, double c) {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("clip norm must be positive and finite, got " + c);
        }
        double sq = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("vector contains a non-finite value: " + x);
            }
            sq += (double) x * x;
        }
        double norm = Math.sqrt(sq);
        float[] out = v.clone();
        if (norm > c) {
            double s = c / norm;
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) (out[i] * s);
            }
        }
        return out;
    }

    /**
     * The Gaussian noise scale for (ε, δ) and L2 sensitivity Δ.
     *
     * @param epsilon ε &gt; 0
     * @param delta δ in (0, 1)
     * @param sensitivity Δ &gt; 0
     * @return σ
     */
    public static double gaussianSigma(double epsilon, double delta, double sensitivity) {
        if (!(epsilon > 0) || !(delta > 0 && delta < 1) || !(sensitivity > 0)) {
            throw new IllegalArgumentException("need epsilon > 0, delta in (0,1), sensitivity > 0; got " + epsilon
                    + ", " + delta + ", " + sensitivity);
        }
        if (epsilon < 1) {
            return Math.sqrt(2 * Math.log(1.25 / delta)) * sensitivity / epsilon;
        }
        // analytic Gaussian mechanism: privacy loss profile decreasing in sigma; bisect in log space
        double lo = 1e-6 * sensitivity;
        double hi = 1e3 * sensitivity;
        for (int i = 0; i < 200; i++) {
            double mid = Math.sqrt(lo * hi);
            if (analyticDelta(epsilon, mid, sensitivity) <= delta) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * The δ that Gaussian noise of scale σ achieves at ε for sensitivity Δ (Balle–Wang, Thm. 8).
     *
     * @param epsilon ε
     * @param sigma σ
     * @param sensitivity Δ
     * @return δ(ε)
     */
    static double analyticDelta(double epsilon, double sigma, double sensitivity) {
        double a = sensitivity / (2 * sigma);
        double b = epsilon * sigma / sensitivity;
        return phi(a - b) - Math.exp(epsilon) * phi(-a - b);
    }

    /**
     * The Laplace scale for ε and L1 sensitivity Δ.
     *
     * @param epsilon ε &gt; 0
     * @param sensitivity Δ &gt; 0
     * @return b = Δ/ε
     */
    public static double laplaceScale(double epsilon, double sensitivity) {
        if (!(epsilon > 0) || !(sensitivity > 0)) {
            throw new IllegalArgumentException(
                    "need epsilon > 0 and sensitivity > 0; got " + epsilon + ", " + sensitivity);
        }
        return sensitivity / epsilon;
    }

    /**
     * One Laplace(0, b) draw.
     *
     * @param random the generator
     * @param b the scale
     * @return the draw
     */
    public static double laplace(RandomGenerator random, double b) {
        double u = random.nextDouble() - 0.5;
        double arg = Math.max(1 - 2 * Math.abs(u), Double.MIN_NORMAL);
        return -b * Math.signum(u) * Math.log(arg);
    }

    /**
     * Releases a centroid of {@code memberCount} members: clip to C, add calibrated noise.
     *
     * @param centroid the centroid
     * @param memberCount n ≥ {@value #MIN_MEMBERS}
     * @param params the privacy parameters
     * @param random the noise source
     * @return the noisy centroid (a new array)
     * @throws IllegalArgumentException if n &lt; 10, the vector is empty or contains non-finite values
     */
    public static float[] release(float[] centroid, int memberCount, PrivacyParams params, RandomGenerator random) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(random, "random");
        if (memberCount < MIN_MEMBERS) {
            throw new IllegalArgumentException(
                    "a centroid needs at least 10 members to be released, got " + memberCount);
        }
        if (centroid.length == 0) {
            throw new IllegalArgumentException("centroid is empty");
        }
        float[] out = clip(centroid, params.clipNorm());
        switch (params.mechanism()) {
            case GAUSSIAN -> {
                double sigma = gaussianSigma(params.epsilon(), params.delta(), 2 * params.clipNorm() / memberCount);
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (out[i] + sigma * random.nextGaussian());
                }
            }
            case LAPLACE -> {
                double b = laplaceScale(params.epsilon(), 2 * params.clipNorm() * Math.sqrt(out.length) / memberCount);
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (out[i] + laplace(random, b));
                }
            }
        }
        return out;
    }

    /**
     * The released quality: Laplace noise with ε = 0.1 and Δ = 1/n, clamped to [0, 1], in tenths.
     *
     * @param quality the mean member quality in [0, 1]
     * @param memberCount n ≥ 10
     * @param random the noise source
     * @return 0…10
     */
    public static int noisyQualityTenths(double quality, int memberCount, RandomGenerator random) {
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1], got " + quality);
        }
        if (memberCount < MIN_MEMBERS) {
            throw new IllegalArgumentException("memberCount must be at least 10, got " + memberCount);
        }
        double q = quality + laplace(random, laplaceScale(QUALITY_EPSILON, 1.0 / memberCount));
        q = Math.min(1, Math.max(0, q));
        return (int) Math.round(q * 10);
    }

    /**
     * The ε one release spends: the centroid's ε plus {@value #QUALITY_EPSILON} for its quality.
     *
     * @param params the centroid's parameters
     * @return total ε
     */
    public static double epsilonOfRelease(PrivacyParams params) {
        return params.epsilon() + QUALITY_EPSILON;
    }

    /** Standard normal CDF via erfc. */
    static double phi(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /*
     * Complementary error function by the Chebyshev fit of Numerical Recipes (erfcc), fractional
     * error below 1.2e-7 everywhere, which keeps the relative accuracy in the tails that the analytic
     * calibration needs.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
