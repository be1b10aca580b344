package io.neuraldag.sona;

import java.util.Objects;

/**
 * A rank-r adapter on d-dimensional vectors, {@code y = x + s·(xA)B} with {@code A ∈ ℝ^{d×r}} and
 * {@code B ∈ ℝ^{r×d}} (spec 02 §1.5; Hu et al., "LoRA: Low-Rank Adaptation of Large Language
 * Models", ICLR 2022). The defaults are d = 256, r = 2 (1024 parameters) and s = 1.
 *
 * <p>A fresh adapter from {@link #create} has {@code A ~ U(±0.005)} and {@code B = 0}, so it is the
 * identity until its first update. Parameters are exposed as one flat vector {@code θ = (A, B)},
 * both row-major: {@code θ[i·r + j] = A[i, j]} and {@code θ[d·r + j·d + i] = B[j, i]}.
 *
 * <p>Call order for batched learning, as the engine does it: {@link #direction} per signal (summing
 * the directions elsewhere), then once per batch {@link #parameters()} → add {@code η·mean} → an
 * optional EWC proximal step ({@link EwcPlusPlus#proximal}) → {@link #setParameters}. {@link #adapt}
 * is the unbatched single step.
 *
 * <p>Thread-safe: the weights are published as an immutable pair through a volatile reference, so
 * {@link #forward} never blocks and always sees one consistent (A, B); updates are serialised.
 * Costs: forward and direction O(d·r); updates also copy the 2·d·r weights.
 */
public interface MicroLoRA {

    /** Bound of the uniform initialisation of A. */
    double INIT_BOUND = 0.005;

    /** Signals with {@code ‖g‖} below this are skipped. */
    double MIN_SIGNAL_NORM = 1e-8;

    /**
     * A fresh adapter: {@code A ~ U(±0.005)} from a {@link java.util.SplittableRandom} with this
     * seed, {@code B = 0}.
     *
     * @param dim d, {@code >= 1}
     * @param rank r in {@code [1, 16]}
     * @param scale s, finite and {@code > 0}
     * @param rule the update rule
     * @param seed the seed
     * @return the adapter
     * @throws IllegalArgumentException if a value is out of range
     */
    static MicroLoRA create(int dim, int rank, double scale, LoraUpdateRule rule, long seed) {
        LowRankAdapter.check(dim, rank, scale, rule);
        return LowRankAdapter.random(dim, rank, scale, rule, seed);
    }

    /**
     * An adapter with given weights.
     *
     * @param dim d
     * @param rank r in {@code [1, 16]}
     * @param scale s, finite and {@code > 0}
     * @param rule the update rule
     * @param a A, row-major d×r, finite; copied
     * @param b B, row-major r×d, finite; copied
     * @return the adapter
     * @throws IllegalArgumentException if a value is out of range or an array has the wrong length
     */
    static MicroLoRA of(int dim, int rank, double scale, LoraUpdateRule rule, float[] a, float[] b) {
        LowRankAdapter.check(dim, rank, scale, rule);
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.length != dim * rank || b.length != rank * dim) {
            throw new IllegalArgumentException(
                    "A and B must have d*r = " + dim * rank + " entries: " + a.length + ", " + b.length);
        }
        LowRankAdapter.checkFinite(a, "a");
        LowRankAdapter.checkFinite(b, "b");
        return new LowRankAdapter(dim, rank, scale, rule, a.clone(), b.clone());
    }

    /**
     * The dimension d.
     *
     * @return d
     */
    int dim();

    /**
     * The rank r.
     *
     * @return r
     */
    int rank();

    /**
     * The scale s.
     *
     * @return s
     */
    double scale();

    /**
     * The update rule.
     *
     * @return the rule
     */
    LoraUpdateRule rule();

    /**
     * Number of parameters, {@code 2·d·r}.
     *
     * @return the count
     */
    int parameterCount();

    /**
     * {@code y = x + s·(xA)B}.
     *
     * @param x input of length d
     * @return a new array of length d
     * @throws IllegalArgumentException if x has the wrong length
     */
    float[] forward(float[] x);

    /**
     * {@code y = x + s·(xA)B} into a caller buffer (no allocation).
     *
     * @param x input of length d
     * @param out output of length d; may not be {@code x}
     * @throws IllegalArgumentException if a length is wrong or {@code out == x}
     */
    void forward(float[] x, float[] out);

    /**
     * The update direction of this adapter's rule for input x and signal g, in θ layout: with
     * {@code ĝ = g/‖g‖} and {@code h = xA}, {@code ∂⟨ĝ,y⟩/∂B = s·hᵀĝ}; for {@link
     * LoraUpdateRule#TWO_SIDED} also {@code ∂⟨ĝ,y⟩/∂A = s·xᵀ(ĝBᵀ)}; for {@link
     * LoraUpdateRule#LEGACY_UPSTREAM} {@code colsum(A)ᵀĝ} in the B block. Other entries are 0.
     *
     * @param x input of length d
     * @param g signal of length d
     * @param out θ-shaped output of length {@link #parameterCount()}; overwritten
     * @return false (and {@code out} all zero) if {@code ‖g‖ < 1e-8}
     * @throws IllegalArgumentException if a length is wrong
     */
    boolean direction(float[] x, float[] g, float[] out);

    /**
     * One immediate update {@code θ += η·direction(x, g)}; skipped if {@code ‖g‖ < 1e-8}.
     *
     * @param x input of length d
     * @param g signal of length d
     * @param eta learning rate η, finite
     * @return whether the weights changed
     * @throws IllegalArgumentException if a length is wrong or η is not finite
     */
    boolean adapt(float[] x, float[] g, double eta);

    /**
     * A copy of θ = (A, B).
     *
     * @return a new array of length {@link #parameterCount()}
     */
    float[] parameters();

    /**
     * Replaces θ atomically.
     *
     * @param theta new parameters of length {@link #parameterCount()}, finite; copied
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    void setParameters(float[] theta);

    /**
     * A new adapter with the same shape, rule and current weights, independent of this one.
     *
     * @return the copy
     */
    MicroLoRA copy();
}
