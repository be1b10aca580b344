package io.neuraldag.attention;

import java.util.List;
import java.util.OptionalInt;

/**
 * A multi-armed bandit that learns which attention mechanism improves queries: UCB1 (Auer,
 * Cesa-Bianchi and Fischer, "Finite-time analysis of the multiarmed bandit problem", Machine
 * Learning 47, 2002), spec 01 §4.1.
 *
 * <p>{@link #select()} returns the first arm with fewer than {@code minSamples} pulls, else
 * {@code argmax_i mean_i + c·√(ln N / n_i)} with {@code N = Σ n_i} (ties: the lowest index); with
 * probability ε (default 0) a uniformly random arm instead, drawn from a seeded generator. {@link
 * #update} clamps the reward to {@code [0, 1]}. With ε = 0 the expected regret after T rounds is
 * {@code O(√(K·T·ln T))} in the worst case and {@code O(Σ ln T / Δ_i)} for fixed gaps.
 *
 * <p>Statistics are kept per optional <em>context key</em> (e.g. a query pattern); the methods
 * without a context use one global context. Call order: {@code select → (execute) → update}, any
 * number of times; {@link #reset()} forgets everything.
 *
 * <p>Thread-safe: each context is updated under its own lock, so concurrent select/update pairs
 * never lose a pull. {@code select} and {@code update} are {@code O(K)}.
 *
 * {@snippet :
 * AttentionSelector selector = AttentionSelector.ucb1(AttentionKind.COUNT);
 * int arm = selector.select();
 * selector.update(arm, AttentionSelector.reward(120.0, 95.0));
 * }
 */
public interface AttentionSelector {

    /**
     * The number of arms.
     *
     * @return K
     */
    int arms();

    /**
     * Chooses an arm in the global context.
     *
     * @return an arm index in {@code [0, arms())}
     */
    int select();

    /**
     * Chooses an arm in a context.
     *
     * @param context the context key
     * @return an arm index
     */
    int select(String context);

    /**
     * Records a reward in the global context.
     *
     * @param arm the arm that was played
     * @param reward the reward; clamped to {@code [0, 1]}
     * @throws IllegalArgumentException if the arm is out of range or the reward is NaN
     */
    void update(int arm, double reward);

    /**
     * Records a reward in a context.
     *
     * @param context the context key
     * @param arm the arm that was played
     * @param reward the reward; clamped to {@code [0, 1]}
     * @throws IllegalArgumentException if the arm is out of range or the reward is NaN
     */
    void update(String context, int arm, double reward);

    /**
     * The arm with the best mean among those with at least {@code minSamples} pulls (ties: lowest
     * index), in the global context.
     *
     * @return the arm, or empty before any arm has enough samples
     */
    OptionalInt bestArm();

    /**
     * Like {@link #bestArm()} in a context.
     *
     * @param context the context key
     * @return the arm, or empty
     */
    OptionalInt bestArm(String context);

    /**
     * Per-arm statistics of the global context, by arm index.
     *
     * @return an immutable list of {@link #arms()} entries
     */
    List<ArmStats> stats();

    /**
     * Per-arm statistics of a context.
     *
     * @param context the context key
     * @return an immutable list of {@link #arms()} entries (zeros for an unseen context)
     */
    List<ArmStats> stats(String context);

    /** Forgets all statistics of all contexts. */
    void reset();

    /**
     * A UCB1 selector with the default parameters ({@code c = √2}, one initial pull, ε = 0).
     *
     * @param arms the number of arms, {@code >= 1}
     * @return a new selector
     * @throws AttentionException {@code INVALID_CONFIG} if {@code arms < 1}
     */
    static AttentionSelector ucb1(int arms) {
        return create(SelectorConfig.builder().arms(arms).build());
    }

    /**
     * A UCB1 selector.
     *
     * @param config the parameters
     * @return a new selector
     */
    static AttentionSelector create(SelectorConfig config) {
        return new Ucb1Selector(config);
    }

    /**
     * The improvement reward of spec 01 §4.1: {@code clamp((1 + (baseline - actual)/baseline)/2, 0,
     * 1)} {@code = 1 - actual/(2·baseline)}: 0.5 means no change, 1 an instant query, 0 a time of
     * twice the baseline or more.
     *
     * @param baselineMs the time without (or before) attention, finite and {@code > 0}
     * @param actualMs the measured time, finite and {@code >= 0}
     * @return the reward in {@code [0, 1]}
     * @throws IllegalArgumentException if a time is out of range
     */
    static double reward(double baselineMs, double actualMs) {
        if (!(baselineMs > 0) || !Double.isFinite(baselineMs)) {
            throw new IllegalArgumentException("baselineMs must be finite and > 0: " + baselineMs);
        }
        if (!(actualMs >= 0) || !Double.isFinite(actualMs)) {
            throw new IllegalArgumentException("actualMs must be finite and >= 0: " + actualMs);
        }
        double r = (1 + (baselineMs - actualMs) / baselineMs) / 2;
        return Math.max(0.0, Math.min(1.0, r));
    }
}
