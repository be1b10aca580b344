package io.neuraldag.attention;

/**
 * Parameters of the UCB1 {@link AttentionSelector} (spec 01 §4.1).
 *
 * <p>Immutable and thread-safe.
 *
 * @param arms number of arms, {@code >= 1}. Default 7 (one per {@link AttentionKind}).
 * @param exploration the UCB constant {@code c} in {@code mean + c·√(ln N / n)}, finite and {@code
 *     >= 0}. Default {@code √2}.
 * @param minSamples pulls every arm gets before the UCB rule applies, {@code >= 1}. Default 1.
 * @param epsilon probability of a uniformly random arm after the initial pulls, in {@code [0, 1]}.
 *     Default 0: a constant ε costs about {@code εT} regret and breaks the {@code O(√T)} goal.
 * @param seed seed of the {@link java.util.SplittableRandom} used for ε exploration. Default 42.
 * @param maxContexts most context keys tracked; the least recently used context is dropped beyond
 *     it, {@code >= 1}. Default 1024.
 */
public record SelectorConfig(int arms, double exploration, int minSamples, double epsilon, long seed, int maxContexts) {

    /** The default ε-exploration seed. */
    public static final long DEFAULT_SEED = 42L;

    private static final SelectorConfig DEFAULTS = new Builder().build();

    /**
     * Validates every field.
     *
     * @throws AttentionException {@code INVALID_CONFIG} naming the first field out of range
     */
    public SelectorConfig {
        if (arms < 1) {
            throw AttentionException.invalidConfig("arms", arms, ">= 1");
        }
        if (!(exploration >= 0) || !Double.isFinite(exploration)) {
            throw AttentionException.invalidConfig("exploration", exploration, "finite and >= 0");
        }
        if (minSamples < 1) {
            throw AttentionException.invalidConfig("minSamples", minSamples, ">= 1");
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw AttentionException.invalidConfig("epsilon", epsilon, "in [0, 1]");
        }
        if (maxContexts < 1) {
            throw AttentionException.invalidConfig("maxContexts", maxContexts, ">= 1");
        }
    }

    /**
     * The defaults: 7 arms, {@code c = √2}, one initial pull, ε = 0.
     *
     * @return the shared defaults
     */
    public static SelectorConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SelectorConfig}; fields start at their defaults. Not thread-safe. */
    public static final class Builder {
        private int arms = AttentionKind.COUNT;
        private double exploration = Math.sqrt(2.0);
        private int minSamples = 1;
        private double epsilon = 0.0;
        private long seed = DEFAULT_SEED;
        private int maxContexts = 1024;

        private Builder() {}

        /**
         * Sets {@link SelectorConfig#arms()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder arms(int value) {
            this.arms = value;
            return this;
        }

        /**
         * Sets {@link SelectorConfig#exploration()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder exploration(double value) {
            this.exploration = value;
            return this;
        }

        /**
         * Sets {@link SelectorConfig#minSamples()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder minSamples(int value) {
            this.minSamples = value;
            return this;
        }

        /**
         * Sets {@link SelectorConfig#epsilon()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder epsilon(double value) {
            this.epsilon = value;
            return this;
        }

        /**
         * Sets {@link SelectorConfig#seed()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets {@link SelectorConfig#maxContexts()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxContexts(int value) {
            this.maxContexts = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws AttentionException {@code INVALID_CONFIG} naming the first field out of range
         */
        public SelectorConfig build() {
            return new SelectorConfig(arms, exploration, minSamples, epsilon, seed, maxContexts);
        }
    }
}
