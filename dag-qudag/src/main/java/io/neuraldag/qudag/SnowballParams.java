package io.neuraldag.qudag;

import java.time.Duration;
import java.util.Objects;

/**
 * Snowball parameters (spec 03 §3.7): sample size k, quorum α, decision threshold β (consecutive
 * successful rounds), the round limit after which a proposal is reported undecided, and the round
 * timeout (virtual time in the in-memory network), and the bounded retransmission of polls within a
 * round.
 *
 * <p><b>Retransmission.</b> A round sends one poll to each sampled peer. A poll whose answer has not
 * arrived after the per-try timeout {@code roundTimeout / (maxRetries + 1)} is sent again to the same
 * peer, at most {@code maxRetries} times, so every try lies within the round timeout (virtual clock
 * in {@link InMemoryNetwork}, wall clock over sockets). Retrying the same peer keeps the sample what
 * it was when the round started, a uniform draw made before any answer is seen, so which peers vote
 * does not depend on which of them answer. Retransmission only recovers answers lost on the way; a
 * voter answering several tries is counted once per round (answers are deduplicated by voter id),
 * and two different signed answers from one voter prove it Byzantine. The default of 3 retries is
 * the original network's default.
 *
 * <p><b>Effective sample.</b> Each round samples {@code k_eff = min(k, available)} peers, where
 * {@code available} excludes the node itself and peers it has proven Byzantine, and needs {@code
 * α_eff = alphaFor(k_eff) = max(⌊k_eff/2⌋ + 1, ⌈(α/k)·k_eff⌉)} matching answers. Keeping {@code
 * α_eff > k_eff/2} is what the safety argument needs: two values cannot both reach α_eff among the
 * distinct voters of one sample, so a successful round has one winner, and a decision still needs
 * β consecutive such majorities of distinct, validly signed, sampled voters. A Byzantine minority
 * (f &lt; n/3) that is excluded only shrinks the honest sample; it never lowers the share of honest
 * answers needed below a majority.
 *
 * <p>Thread-safe (immutable).
 *
 * <table>
 *   <caption>Presets</caption>
 *   <tr><th>preset</th><th>k</th><th>α</th><th>β</th><th>maxRounds</th><th>roundTimeout</th></tr>
 *   <tr><td>{@link #defaults()}</td><td>20</td><td>12</td><td>15</td><td>100</td><td>100 ms</td></tr>
 *   <tr><td>{@link #fast()}</td><td>15</td><td>9</td><td>8</td><td>50</td><td>50 ms</td></tr>
 *   <tr><td>{@link #highSecurity()}</td><td>30</td><td>21</td><td>25</td><td>200</td><td>200 ms</td></tr>
 * </table>
 *
 * @param k peers sampled per round, ≥ 1
 * @param alpha answers for one value needed to count a round, k/2 &lt; α ≤ k
 * @param beta consecutive successful rounds to decide, ≥ 1
 * @param maxRounds rounds after which the proposal is reported undecided, ≥ β
 * @param roundTimeout how long a round waits for answers, &gt; 0
 * @param maxRetries retransmissions of an unanswered poll within a round, 0…10 (default {@value
 *     #DEFAULT_MAX_RETRIES}); the per-try timeout {@code roundTimeout / (maxRetries + 1)} must be at
 *     least 1 ms
 */
public record SnowballParams(int k, int alpha, int beta, int maxRounds, Duration roundTimeout, int maxRetries) {
    /** Retransmissions of an unanswered poll within a round unless set otherwise. */
    public static final int DEFAULT_MAX_RETRIES = 3;

    /** Most retransmissions per poll and round. */
    public static final int MAX_RETRIES_LIMIT = 10;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and value
     */
    public SnowballParams {
        Objects.requireNonNull(roundTimeout, "roundTimeout");
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (2 * alpha <= k || alpha > k) {
            throw new IllegalArgumentException("alpha must satisfy k/2 < alpha <= k, got alpha=" + alpha + ", k=" + k);
        }
        if (beta < 1) {
            throw new IllegalArgumentException("beta must be >= 1, got " + beta);
        }
        if (maxRounds < beta) {
            throw new IllegalArgumentException("maxRounds must be >= beta, got " + maxRounds);
        }
        if (roundTimeout.isNegative() || roundTimeout.isZero()) {
            throw new IllegalArgumentException("roundTimeout must be positive, got " + roundTimeout);
        }
        if (maxRetries < 0 || maxRetries > MAX_RETRIES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxRetries must be in [0, " + MAX_RETRIES_LIMIT + "], got " + maxRetries);
        }
        if (roundTimeout.toMillis() / (maxRetries + 1) < 1) {
            throw new IllegalArgumentException("maxRetries " + maxRetries + " leaves a per-try timeout under 1 ms in "
                    + roundTimeout + " (roundTimeout must be >= maxRetries + 1 ms)");
        }
    }

    /**
     * Parameters with the default {@value #DEFAULT_MAX_RETRIES} retransmissions.
     *
     * @param k peers sampled per round
     * @param alpha quorum
     * @param beta decision threshold
     * @param maxRounds round limit
     * @param roundTimeout round timeout
     * @throws IllegalArgumentException naming the field and value
     */
    public SnowballParams(int k, int alpha, int beta, int maxRounds, Duration roundTimeout) {
        this(k, alpha, beta, maxRounds, roundTimeout, DEFAULT_MAX_RETRIES);
    }

    /**
     * These parameters with another retransmission bound.
     *
     * @param retries 0…10
     * @return a copy
     * @throws IllegalArgumentException if out of range
     */
    public SnowballParams withMaxRetries(int retries) {
        return new SnowballParams(k, alpha, beta, maxRounds, roundTimeout, retries);
    }

    /**
     * How long one try of a poll waits for its answer before it is sent again: {@code roundTimeout
     * / (maxRetries + 1)}, truncated to whole milliseconds.
     *
     * @return the per-try timeout, ≥ 1 ms
     */
    public Duration tryTimeout() {
        return Duration.ofMillis(roundTimeout.toMillis() / (maxRetries + 1));
    }

    /**
     * The quorum for a round that could sample only {@code sampleSize} peers: {@code max(⌊s/2⌋ + 1,
     * ⌈(α/k)·s⌉)}, capped at s. Always a strict majority of the sample; equal to α when s = k.
     *
     * @param sampleSize the effective sample size, 1…k
     * @return α_eff with sampleSize/2 &lt; α_eff ≤ sampleSize
     * @throws IllegalArgumentException if sampleSize is outside [1, k]
     */
    public int alphaFor(int sampleSize) {
        if (sampleSize < 1 || sampleSize > k) {
            throw new IllegalArgumentException("sampleSize must be in [1, " + k + "], got " + sampleSize);
        }
        if (sampleSize == k) {
            return alpha;
        }
        int scaled = (int) Math.ceil((double) alpha * sampleSize / k - 1e-9);
        return Math.min(sampleSize, Math.max(sampleSize / 2 + 1, scaled));
    }

    /**
     * k 20, α 12, β 15, 100 rounds, 100 ms, 3 retries.
     *
     * @return the default preset
     */
    public static SnowballParams defaults() {
        return new SnowballParams(20, 12, 15, 100, Duration.ofMillis(100));
    }

    /**
     * k 15, α 9, β 8, 50 rounds, 50 ms, 3 retries.
     *
     * @return the fast preset
     */
    public static SnowballParams fast() {
        return new SnowballParams(15, 9, 8, 50, Duration.ofMillis(50));
    }

    /**
     * k 30, α 21, β 25, 200 rounds, 200 ms, 3 retries.
     *
     * @return the high-security preset
     */
    public static SnowballParams highSecurity() {
        return new SnowballParams(30, 21, 25, 200, Duration.ofMillis(200));
    }

    /**
     * These parameters for a network of {@code n} nodes: k capped at n − 1, α scaled to keep its
     * fraction of k (and stay above k/2).
     *
     * @param n the network size, ≥ 2
     * @return the effective parameters
     */
    public SnowballParams forNetworkSize(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a network needs at least 2 nodes, got " + n);
        }
        int k2 = Math.min(k, n - 1);
        if (k2 == k) {
            return this;
        }
        return new SnowballParams(k2, alphaFor(k2), beta, maxRounds, roundTimeout, maxRetries);
    }
}
