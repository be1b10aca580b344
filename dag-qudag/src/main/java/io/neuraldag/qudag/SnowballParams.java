package io.neuraldag.qudag;

import java.time.Duration;
import java.util.Objects;

/**
 * Snowball parameters (spec 03 §3.7): sample size k, quorum α, decision threshold β (consecutive
 * successful rounds), the round limit after which a proposal is reported undecided, and the round
 * timeout (virtual time in the in-memory network).
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
 */
public record SnowballParams(int k, int alpha, int beta, int maxRounds, Duration roundTimeout) {
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
    }

    /**
     * k 20, α 12, β 15, 100 rounds, 100 ms.
     *
     * @return the default preset
     */
    public static SnowballParams defaults() {
        return new SnowballParams(20, 12, 15, 100, Duration.ofMillis(100));
    }

    /**
     * k 15, α 9, β 8, 50 rounds, 50 ms.
     *
     * @return the fast preset
     */
    public static SnowballParams fast() {
        return new SnowballParams(15, 9, 8, 50, Duration.ofMillis(50));
    }

    /**
     * k 30, α 21, β 25, 200 rounds, 200 ms.
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
        int a2 = Math.max(k2 / 2 + 1, (int) Math.ceil((double) alpha * k2 / k));
        return new SnowballParams(k2, Math.min(a2, k2), beta, maxRounds, roundTimeout);
    }
}
