package io.neuraldag.attention;

import java.util.Objects;

/**
 * Parameters of the {@link AttentionOptimizer}: the mechanisms, the bandit, the cache and the
 * selection policy of spec 01 §4.2, whose rules are tried in order (the first match wins):
 *
 * <ol>
 *   <li>a forced mechanism ({@link PolicyHints#forced()});
 *   <li>cut tension above {@link #tensionThreshold()} → MinCutGated, sticky for {@link
 *       #stickySelections()} further selections of the same structural fingerprint;
 *   <li>p99 above {@link #latencySpread()}·p50 over the last {@link #latencyWindow()} latencies
 *       (at least {@link #minLatencySamples()}) → CriticalPath;
 *   <li>maximum depth above {@link #deepPlanDepth()} → HierarchicalLorentz;
 *   <li>branch count above {@link #wideBranchCount()} → ParallelBranch;
 *   <li>start timestamps present and a BTSP trace above {@link #traceThreshold()} → TemporalBTSP;
 *   <li>a write-heavy hint → CausalCone;
 *   <li>otherwise the UCB1 bandit, or Topological when {@link #banditEnabled()} is false.
 * </ol>
 *
 * <p>Immutable and thread-safe.
 *
 * @param attention parameters of the seven mechanisms. Default {@link AttentionConfig#defaults()}.
 * @param selector bandit parameters; must have 7 arms. Default {@link SelectorConfig#defaults()}.
 * @param cache score cache parameters. Default {@link CacheConfig#defaults()}.
 * @param cacheEnabled whether scores of stateless mechanisms are cached. Default true.
 * @param banditEnabled whether rule 8 asks the UCB1 bandit; when false it picks Topological. Default true.
 * @param tensionThreshold rule 2: a cut tension above this selects MinCutGated. Default 0.7.
 * @param stickySelections rule 2: after a tension trigger, the next this-many non-forced selections of the same structural fingerprint stay on MinCutGated. Default 10.
 * @param latencyWindow rule 3: how many recent query latencies are kept. Default 100.
 * @param minLatencySamples rule 3: fewest latencies before the rule applies. Default 20.
 * @param latencySpread rule 3: p99 above this multiple of p50 selects CriticalPath. Default 2.
 * @param deepPlanDepth rule 4: a maximum depth above this selects HierarchicalLorentz. Default 10.
 * @param wideBranchCount rule 5: a branch count (widest level) above this selects ParallelBranch. Default 3.
 * @param traceThreshold rule 6: with timestamps present, a BTSP trace above this selects TemporalBTSP. Default 0.01.
 * @param maxStickyPlans most structural fingerprints whose stickiness is remembered (least recently used dropped). Default 10 000.
 */
public record OptimizerConfig(
        AttentionConfig attention,
        SelectorConfig selector,
        CacheConfig cache,
        boolean cacheEnabled,
        boolean banditEnabled,
        double tensionThreshold,
        int stickySelections,
        int latencyWindow,
        int minLatencySamples,
        double latencySpread,
        int deepPlanDepth,
        int wideBranchCount,
        double traceThreshold,
        int maxStickyPlans) {

    /**
     * Validates every field.
     *
     * @throws NullPointerException if a nested configuration is null
     * @throws AttentionException {@code INVALID_CONFIG} naming the first field out of range
     */
    public OptimizerConfig {
        Objects.requireNonNull(attention, "attention");
        if (!(selector.arms() == AttentionKind.COUNT)) {
            throw AttentionException.invalidConfig("selector", selector.arms(), "7 arms");
        }
        Objects.requireNonNull(cache, "cache");
        if (!Double.isFinite(tensionThreshold)) {
            throw AttentionException.invalidConfig("tensionThreshold", tensionThreshold, "finite");
        }
        if (!(stickySelections >= 0)) {
            throw AttentionException.invalidConfig("stickySelections", stickySelections, ">= 0");
        }
        if (!(latencyWindow >= 1)) {
            throw AttentionException.invalidConfig("latencyWindow", latencyWindow, ">= 1");
        }
        if (!(minLatencySamples >= 1 && minLatencySamples <= latencyWindow)) {
            throw AttentionException.invalidConfig("minLatencySamples", minLatencySamples, "in [1, latencyWindow]");
        }
        if (!(latencySpread > 0 && Double.isFinite(latencySpread))) {
            throw AttentionException.invalidConfig("latencySpread", latencySpread, "finite and > 0");
        }
        if (!(deepPlanDepth >= 0)) {
            throw AttentionException.invalidConfig("deepPlanDepth", deepPlanDepth, ">= 0");
        }
        if (!(wideBranchCount >= 0)) {
            throw AttentionException.invalidConfig("wideBranchCount", wideBranchCount, ">= 0");
        }
        if (!(traceThreshold >= 0 && Double.isFinite(traceThreshold))) {
            throw AttentionException.invalidConfig("traceThreshold", traceThreshold, "finite and >= 0");
        }
        if (!(maxStickyPlans >= 1)) {
            throw AttentionException.invalidConfig("maxStickyPlans", maxStickyPlans, ">= 1");
        }
    }

    /**
     * The spec defaults.
     *
     * @return the defaults
     */
    public static OptimizerConfig defaults() {
        return new Builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link OptimizerConfig}; fields start at their defaults. Not thread-safe. */
    public static final class Builder {
        private AttentionConfig attention = AttentionConfig.defaults();
        private SelectorConfig selector = SelectorConfig.defaults();
        private CacheConfig cache = CacheConfig.defaults();
        private boolean cacheEnabled = true;
        private boolean banditEnabled = true;
        private double tensionThreshold = 0.7;
        private int stickySelections = 10;
        private int latencyWindow = 100;
        private int minLatencySamples = 20;
        private double latencySpread = 2.0;
        private int deepPlanDepth = 10;
        private int wideBranchCount = 3;
        private double traceThreshold = 0.01;
        private int maxStickyPlans = 10_000;

        private Builder() {}

        /**
         * Sets {@link OptimizerConfig#attention()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder attention(AttentionConfig value) {
            this.attention = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#selector()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder selector(SelectorConfig value) {
            this.selector = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#cache()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder cache(CacheConfig value) {
            this.cache = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#cacheEnabled()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder cacheEnabled(boolean value) {
            this.cacheEnabled = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#banditEnabled()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder banditEnabled(boolean value) {
            this.banditEnabled = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#tensionThreshold()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder tensionThreshold(double value) {
            this.tensionThreshold = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#stickySelections()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder stickySelections(int value) {
            this.stickySelections = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#latencyWindow()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder latencyWindow(int value) {
            this.latencyWindow = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#minLatencySamples()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder minLatencySamples(int value) {
            this.minLatencySamples = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#latencySpread()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder latencySpread(double value) {
            this.latencySpread = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#deepPlanDepth()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder deepPlanDepth(int value) {
            this.deepPlanDepth = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#wideBranchCount()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder wideBranchCount(int value) {
            this.wideBranchCount = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#traceThreshold()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder traceThreshold(double value) {
            this.traceThreshold = value;
            return this;
        }

        /**
         * Sets {@link OptimizerConfig#maxStickyPlans()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxStickyPlans(int value) {
            this.maxStickyPlans = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws AttentionException {@code INVALID_CONFIG} naming the first field out of range
         */
        public OptimizerConfig build() {
            return new OptimizerConfig(
                    attention,
                    selector,
                    cache,
                    cacheEnabled,
                    banditEnabled,
                    tensionThreshold,
                    stickySelections,
                    latencyWindow,
                    minLatencySamples,
                    latencySpread,
                    deepPlanDepth,
                    wideBranchCount,
                    traceThreshold,
                    maxStickyPlans);
        }
    }
}
