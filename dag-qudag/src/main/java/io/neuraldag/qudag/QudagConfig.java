package io.neuraldag.qudag;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a QuDAG node or simulated network.
 *
 * @param snowball Snowball parameters (default {@link SnowballParams#defaults()}); k is capped at
 *     n − 1 per network
 * @param minValidators distinct validators a decision needs, ≥ 1 (default 5). In a network of n
 *     nodes it is capped at {@link #minValidatorsFor(int) n − 1 − ⌊(n − 1)/3⌋}, the number of
 *     honest peers every honest node has when f &lt; n/3 (so 4 for n = 7, 2 for n = 3; n ≥ 9 keeps
 *     5): a quorum that only a Byzantine voter could complete would stall the honest nodes without
 *     adding safety.
 * @param tokens token rules (default {@link TokenConfig#defaults()})
 * @param genesisMicros funds each member node starts with, micro-rUv ≥ 0 (default 1000 rUv)
 * @param requestTimeout bound on one network request (default 5000 ms)
 * @param syncLimit most patterns one sync call returns, 1…10 000 (default 1000)
 */
public record QudagConfig(
        SnowballParams snowball,
        int minValidators,
        TokenConfig tokens,
        long genesisMicros,
        Duration requestTimeout,
        int syncLimit) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and value
     */
    public QudagConfig {
        Objects.requireNonNull(snowball, "snowball");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (minValidators < 1 || minValidators > 1000) {
            throw new IllegalArgumentException("minValidators must be in [1, 1000], got " + minValidators);
        }
        if (genesisMicros < 0) {
            throw new IllegalArgumentException("genesisMicros must be >= 0, got " + genesisMicros);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.toMillis() > 600_000) {
            throw new IllegalArgumentException("requestTimeout must be in (0, 10 min], got " + requestTimeout);
        }
        if (syncLimit < 1 || syncLimit > 10_000) {
            throw new IllegalArgumentException("syncLimit must be in [1, 10000], got " + syncLimit);
        }
    }

    /**
     * The distinct validators a decision needs in a network of {@code networkSize} nodes: {@code
     * min(minValidators, n − 1 − ⌊(n − 1)/3⌋)}. With f ≤ ⌊(n − 1)/3⌋ Byzantine nodes every honest
     * node has at least that many honest peers, so the honest nodes alone can always meet it, and it
     * is at least f + 1 whenever minValidators is, so a decision still counts an honest voter
     * besides the node itself.
     *
     * @param networkSize n, ≥ 2
     * @return the effective minimum, ≥ 1
     * @throws IllegalArgumentException if networkSize &lt; 2
     */
    public int minValidatorsFor(int networkSize) {
        if (networkSize < 2) {
            throw new IllegalArgumentException("a network needs at least 2 nodes, got " + networkSize);
        }
        int honestPeers = networkSize - 1 - (networkSize - 1) / 3;
        return Math.max(1, Math.min(minValidators, honestPeers));
    }

    /**
     * The defaults listed on the components.
     *
     * @return the defaults
     */
    public static QudagConfig defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link QudagConfig}; each setter may be called once. Not thread-safe. */
    public static final class Builder {
        private SnowballParams snowball = SnowballParams.defaults();
        private int minValidators = 5;
        private TokenConfig tokens = TokenConfig.defaults();
        private long genesisMicros = 1000 * TokenConfig.MICROS_PER_RUV;
        private Duration requestTimeout = Duration.ofSeconds(5);
        private int syncLimit = 1000;

        private Builder() {}

        /**
         * Sets the Snowball parameters.
         *
         * @param p the parameters
         * @return this
         */
        public Builder snowball(SnowballParams p) {
            this.snowball = Objects.requireNonNull(p, "snowball");
            return this;
        }

        /**
         * Sets the minimum distinct validators.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder minValidators(int n) {
            this.minValidators = n;
            return this;
        }

        /**
         * Sets the token rules.
         *
         * @param t the rules
         * @return this
         */
        public Builder tokens(TokenConfig t) {
            this.tokens = Objects.requireNonNull(t, "tokens");
            return this;
        }

        /**
         * Sets the genesis funds per member.
         *
         * @param micros ≥ 0
         * @return this
         */
        public Builder genesisMicros(long micros) {
            this.genesisMicros = micros;
            return this;
        }

        /**
         * Sets the request timeout.
         *
         * @param d the timeout
         * @return this
         */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
            return this;
        }

        /**
         * Sets the sync limit.
         *
         * @param n 1…10 000
         * @return this
         */
        public Builder syncLimit(int n) {
            this.syncLimit = n;
            return this;
        }

        /**
         * Builds and validates.
         *
         * @return the config
         * @throws IllegalArgumentException naming the bad field
         */
        public QudagConfig build() {
            return new QudagConfig(snowball, minValidators, tokens, genesisMicros, requestTimeout, syncLimit);
        }
    }
}
