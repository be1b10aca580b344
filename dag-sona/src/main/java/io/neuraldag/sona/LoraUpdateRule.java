package io.neuraldag.sona;

/**
 * How {@link MicroLoRA#adapt} turns a signal into a weight update (spec 02 §1.5). Thread-safe.
 */
public enum LoraUpdateRule {
    /**
     * The default: with {@code ĝ = g/‖g‖} and {@code h = xA}, {@code B += η·s·hᵀĝ}. Gradient ascent
     * on {@code ⟨ĝ, y⟩} with respect to B; O(d·r).
     */
    ONE_SIDED,
    /**
     * {@link #ONE_SIDED} plus {@code A += η·s·xᵀ(ĝBᵀ)}, computed with the B from before the update.
     */
    TWO_SIDED,
    /**
     * The rule of the original implementation, {@code B[i,:] += η·(Σ_j A[j,i])·ĝ}. It ignores the
     * input and exists only to reproduce old results; never the default.
     */
    LEGACY_UPSTREAM
}
