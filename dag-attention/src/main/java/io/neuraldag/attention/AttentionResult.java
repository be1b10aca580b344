package io.neuraldag.attention;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AttentionOptimizer#attend} decided and computed. Immutable.
 *
 * @param chosen the mechanism the policy chose
 * @param reason the rule that chose it
 * @param explanation a human-readable account of the rule, e.g. {@code "cut tension 0.71 > 0.70"}
 * @param scores the scores actually returned: from {@code chosen}, or from Topological after a
 *     failure (empty for an empty DAG)
 * @param failure the kind of the {@link AttentionException} that forced the fallback, or null
 * @param cached whether the scores came from the cache
 * @param context the bandit context key used, or null for the global context
 */
public record AttentionResult(
        AttentionKind chosen,
        SelectionReason reason,
        String explanation,
        AttentionScores scores,
        AttentionException.@Nullable Kind failure,
        boolean cached,
        @Nullable String context) {

    /**
     * Checks for nulls.
     *
     * @throws NullPointerException if a required component is null
     */
    public AttentionResult {
        Objects.requireNonNull(chosen, "chosen");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(scores, "scores");
    }

    /**
     * Whether the chosen mechanism failed and Topological was used instead.
     *
     * @return whether a fallback happened
     */
    public boolean fallback() {
        return failure != null;
    }

    /**
     * The mechanism whose scores were returned.
     *
     * @return {@code scores().kind()}
     */
    public AttentionKind used() {
        return scores.kind();
    }
}
