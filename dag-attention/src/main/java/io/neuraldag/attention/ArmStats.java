package io.neuraldag.attention;

/**
 * Statistics of one selector arm in one context. Immutable.
 *
 * @param arm the arm index (for the attention selector, {@link AttentionKind#index()})
 * @param pulls how often it was updated
 * @param meanReward mean of the clamped rewards, 0 before the first pull
 */
public record ArmStats(int arm, long pulls, double meanReward) {}
