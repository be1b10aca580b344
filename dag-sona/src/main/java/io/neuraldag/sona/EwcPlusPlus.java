package io.neuraldag.sona;

/**
 * Online elastic weight consolidation (EWC++; Kirkpatrick et al., "Overcoming catastrophic
 * forgetting in neural networks", PNAS 2017; Chaudhry et al., "Riemannian Walk for Incremental
 * Learning", ECCV 2018) over a flat parameter vector θ (spec 02 §1.7).
 *
 * <p>State: the diagonal Fisher F, the anchor θ* and the task count. The penalty is {@code P(θ) =
 * (λ/2)·Σ F_i(θ_i − θ*_i)²}. Fisher samples {@code g⊙g} are accumulated from the gradients seen
 * since the last consolidation; {@link #consolidate(float[])} sets {@code F ← γF + (1−γ)F_new} (the
 * first time {@code F ← F_new}), {@code θ* ← θ} and counts one task. Defaults: λ = 5000, γ = 0.99.
 *
 * <p>It is applied to an optimiser as the {@linkplain #proximal proximal step} {@code θ_i ←
 * (θ′_i + ηλF_iθ*_i)/(1 + ηλF_i)}, the exact minimiser of {@code ½‖θ−θ′‖² + ηP(θ)}: stable for any
 * λ, where a plain gradient step overshoots once {@code ηλF_i > 2}.
 *
 * <p>Call order: {@link #accumulateGradient}… → {@link #consolidate(float[])} at a task boundary →
 * {@link #proximal} after each optimiser update. Thread-safe: all methods are serialised on this
 * object; {@link #penalty} costs O(n), 256 parameters in well under a microsecond.
 */
public interface EwcPlusPlus {

    /** Default λ (spec 02 §1.7). */
    double DEFAULT_LAMBDA = 5000.0;

    /** Smallest accepted λ. */
    double MIN_LAMBDA = 100.0;

    /** Largest accepted λ. */
    double MAX_LAMBDA = 15_000.0;

    /** Default γ. */
    double DEFAULT_GAMMA = 0.99;

    /**
     * A fresh instance with F = 0, θ* = 0 and no task.
     *
     * @param parameterCount n, {@code >= 1}
     * @param lambda λ in {@code [100, 15 000]}
     * @param gamma γ in {@code [0, 1)}
     * @return the instance
     * @throws IllegalArgumentException if a value is out of range
     */
    static EwcPlusPlus create(int parameterCount, double lambda, double gamma) {
        if (parameterCount < 1) {
            throw new IllegalArgumentException("parameterCount must be >= 1: " + parameterCount);
        }
        if (!(lambda >= MIN_LAMBDA && lambda <= MAX_LAMBDA)) {
            throw new IllegalArgumentException("lambda must be in [100, 15000]: " + lambda);
        }
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1): " + gamma);
        }
        return new DiagonalEwc(parameterCount, lambda, gamma);
    }

    /**
     * Number of parameters n.
     *
     * @return n
     */
    int parameterCount();

    /**
     * λ.
     *
     * @return λ
     */
    double lambda();

    /**
     * γ.
     *
     * @return γ
     */
    double gamma();

    /**
     * Consolidations so far.
     *
     * @return the task count
     */
    int taskCount();

    /**
     * {@code P(θ) = (λ/2)·Σ F_i(θ_i − θ*_i)²}; 0 before the first consolidation.
     *
     * @param theta θ of length n
     * @return P
     * @throws IllegalArgumentException if the length is wrong
     */
    double penalty(float[] theta);

    /**
     * {@code ∇P = λF⊙(θ − θ*)} into a caller buffer.
     *
     * @param theta θ of length n
     * @param out output of length n; overwritten
     * @throws IllegalArgumentException if a length is wrong
     */
    void penaltyGradient(float[] theta, double[] out);

    /**
     * Adds one Fisher sample {@code g⊙g}.
     *
     * @param gradient a gradient of length n, finite
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    void accumulateGradient(float[] gradient);

    /**
     * Fisher samples accumulated since the last consolidation.
     *
     * @return the count
     */
    long pendingSamples();

    /**
     * The mean of the pending Fisher samples, {@code F_new} (all zero without samples).
     *
     * @return a new array of length n
     */
    double[] pendingFisher();

    /**
     * Consolidates with {@code F_new = }{@link #pendingFisher()}, then clears the pending samples.
     *
     * @param theta the current θ, the new anchor; length n
     * @throws IllegalArgumentException if the length is wrong
     */
    void consolidate(float[] theta);

    /**
     * Consolidates with an explicit {@code F_new}, then clears the pending samples.
     *
     * @param theta the new anchor, length n, finite
     * @param fisherNew F_new, length n, finite and {@code >= 0}
     * @throws IllegalArgumentException if a length is wrong or a value is out of range
     */
    void consolidate(float[] theta, double[] fisherNew);

    /**
     * The proximal step in place: {@code θ_i ← (θ′_i + ηλF_iθ*_i)/(1 + ηλF_i)}. The result lies
     * between θ′ and θ* in every coordinate. Identity before the first consolidation.
     *
     * @param thetaPrime θ′ of length n, overwritten with θ
     * @param eta the optimiser's learning rate η, finite and {@code >= 0}
     * @throws IllegalArgumentException if the length is wrong or η is out of range
     */
    void proximal(float[] thetaPrime, double eta);

    /**
     * A copy of F.
     *
     * @return a new array of length n
     */
    double[] fisher();

    /**
     * A copy of θ*.
     *
     * @return a new array of length n
     */
    double[] anchor();

    /**
     * Forgets everything: F = 0, θ* = 0, no task, no pending sample.
     */
    void reset();

    /**
     * An independent copy with the same state.
     *
     * @return the copy
     */
    EwcPlusPlus copy();
}
