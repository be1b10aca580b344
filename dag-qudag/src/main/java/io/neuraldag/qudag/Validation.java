package io.neuraldag.qudag;

/** The outcome of validating a proposal by spec 03 §3.5. */
public sealed interface Validation {
    /**
     * The validating node.
     *
     * @return its node id
     */
    String validator();

    /**
     * Accepted.
     *
     * @param quality the mean released quality
     * @param improvementEstimate quality above the best similar finalized pattern (cosine ≥ 0.8),
     *     in [0, 1]; 0 when there is none
     * @param validator the validating node
     */
    record Accepted(double quality, double improvementEstimate, String validator) implements Validation {}

    /**
     * Rejected.
     *
     * @param reason why, e.g. "mean quality 0.2 below 0.3"
     * @param validator the validating node
     */
    record Rejected(String reason, String validator) implements Validation {}
}
