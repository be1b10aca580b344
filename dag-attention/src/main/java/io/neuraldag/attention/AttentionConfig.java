package io.neuraldag.attention;

import org.jspecify.annotations.Nullable;

/**
 * Every parameter of the seven attention mechanisms (spec 01 §3.1–§3.7), with the spec's defaults.
 *
 * <p>Build with {@link #builder()} or take {@link #defaults()}; the canonical constructor validates
 * every field. Fields are grouped by mechanism through their prefix; a mechanism's {@link
 * DagAttention#configHash()} covers only the fields it reads, so changing one mechanism's parameters
 * does not invalidate another's cached scores.
 *
 * <p>Immutable and thread-safe.
 *
 * @param topologicalDecay Topological decay γ per level of depth (§3.1): {@code w ∝ γ^min(depth, H)}. Default 0.9.
 * @param topologicalMaxDepth Topological depth cap H (§3.1), in levels. Default 10.
 * @param causalDecay CausalCone decay λ per hop (§3.2): logit {@code -λ·hops}. Default 0.1.
 * @param causalMaxHops CausalCone horizon H in hops (§3.2); farther nodes get weight 0. Default 10.
 * @param causalTimeWindowMs CausalCone time window W in milliseconds (§3.2): a node that started more than W before the reference time gets weight 0 (only when both times exist). {@code +∞} disables it. Default 1000 ms.
 * @param criticalBoost CriticalPath logit boost β for members of the critical set (§3.3). Default 1.5.
 * @param criticalBoostGrowth Factor by which {@code update} grows β when the latency spread exceeds {@link #criticalVarianceRatio()} (§3.3). Default 1.1.
 * @param criticalBoostCap Upper bound of β under {@code update} (§3.3). Default 5.
 * @param criticalVarianceRatio {@code update} grows β when max/mean of the reported node times exceeds this ratio (§3.3). Default 2.
 * @param gateThreshold MinCutGated threshold τ (§3.4): gate {@code g = 1 if κ > τ else κ/τ}. Default 0.5.
 * @param curvature HierarchicalLorentz curvature magnitude c; the space has curvature {@code -c} (§3.5). Default 1.
 * @param lorentzTemperature HierarchicalLorentz temperature T (§3.5). Default 1.
 * @param branchCrossWeight ParallelBranch weight λ_x of wide levels and of cross-branch peers (§3.6). Default 0.5.
 * @param syncBoost ParallelBranch boost β of synchronization points (forks and merges) (§3.6). Default 2.
 * @param btspDecay TemporalBTSP trace decay δ per feedback (§3.7). Default 0.95.
 * @param btspLearningRate TemporalBTSP trace learning rate: {@code e ← clamp(δe + rate·r, 0, 1)} (§3.7). Default 0.1.
 * @param btspPlateauThreshold TemporalBTSP surprise {@code r} above which a plateau opens (§3.7). Default 0.3.
 * @param btspPlateauMs TemporalBTSP plateau duration in milliseconds of the injected clock (§3.7). Default 500 ms.
 * @param btspPlateauBoost TemporalBTSP score factor while a node's plateau is open (§3.7). Default 1.5.
 * @param btspCoincidenceMs TemporalBTSP coincidence window in milliseconds: {@code |t_v - t_ref| < window} (§3.7). Default 50 ms.
 * @param btspCoincidenceBoost TemporalBTSP score factor for coincident nodes (§3.7). Default 1.5.
 * @param btspTemperature TemporalBTSP softmax temperature T (§3.7). Default 0.1.
 * @param btspCostScale TemporalBTSP cost scale: base score uses {@code min(cost/scale, 1)} (§3.7). Default 100 cost units.
 * @param btspRowsScale TemporalBTSP rows scale: base score uses {@code min(rows/scale, 1)} (§3.7). Default 1000 rows.
 * @param btspCostToMs TemporalBTSP conversion of planner cost units to milliseconds for the surprise ratio {@code ρ = actual/(cost·costToMs)} (§3.7). Default 1 ms per unit.
 * @param btspMaxPlans Most plans (structural fingerprints) whose TemporalBTSP traces are kept; the least recently used plan is dropped beyond it. Default 10 000.
 * @param btspMemory Whether TemporalBTSP keeps its one-shot memory (§3.7): in structural mode a confident result ({@code H(w)/ln n < btspMemoryEntropy}) is stored as a pattern under the plan's structural fingerprint, and a plan whose own result is not confident recalls the stored weights of the most similar pattern of the same structure (equal node count, plan-vector cosine {@code >= btspMemoryCosine}). Content mode never reads or writes it. Default false (off).
 * @param btspMemoryCapacity Most patterns of the TemporalBTSP memory over all plans, in {@code [1, 1000]}; beyond it the least recently stored or recalled pattern is dropped. Default 1000.
 * @param btspMemoryEntropy Normalized-entropy threshold in {@code (0, 1]} below which a TemporalBTSP result is stored: {@code H(w)/ln n < threshold}, natural logarithms, for {@code n >= 2} nodes. Default 0.5.
 * @param btspMemoryCosine Least plan-vector cosine in {@code [-1, 1]} for a TemporalBTSP recall. Default 0.95.
 * @param queryProjection Content-mode query projection {@code W_Q}; null = identity. Default null.
 * @param keyProjection Content-mode key projection {@code W_K}; null = identity. Default null.
 * @param valueProjection Content-mode value projection {@code W_V} of the aggregated vector; null = identity. Default null.
 * @param crossProjection ParallelBranch content-mode peer projection {@code W_C}; null = identity. Default null.
 * @param lorentzProjection HierarchicalLorentz content-mode direction projection {@code P}; null = identity. Default null.
 */
public record AttentionConfig(
        double topologicalDecay,
        int topologicalMaxDepth,
        double causalDecay,
        int causalMaxHops,
        double causalTimeWindowMs,
        double criticalBoost,
        double criticalBoostGrowth,
        double criticalBoostCap,
        double criticalVarianceRatio,
        double gateThreshold,
        double curvature,
        double lorentzTemperature,
        double branchCrossWeight,
        double syncBoost,
        double btspDecay,
        double btspLearningRate,
        double btspPlateauThreshold,
        long btspPlateauMs,
        double btspPlateauBoost,
        double btspCoincidenceMs,
        double btspCoincidenceBoost,
        double btspTemperature,
        double btspCostScale,
        double btspRowsScale,
        double btspCostToMs,
        int btspMaxPlans,
        boolean btspMemory,
        int btspMemoryCapacity,
        double btspMemoryEntropy,
        double btspMemoryCosine,
        @Nullable Projection queryProjection,
        @Nullable Projection keyProjection,
        @Nullable Projection valueProjection,
        @Nullable Projection crossProjection,
        @Nullable Projection lorentzProjection) {

    /** The largest {@link #btspMemoryCapacity()}: spec 01 §3.7 bounds the memory at 1000 patterns. */
    public static final int MAX_BTSP_MEMORY_CAPACITY = 1000;

    private static final AttentionConfig DEFAULTS = new Builder().build();

    /**
     * Validates every field.
     *
     * @throws AttentionException {@code INVALID_CONFIG} naming the first field out of range
     */
    public AttentionConfig {
        if (!positive(topologicalDecay)) {
            throw AttentionException.invalidConfig("topologicalDecay", topologicalDecay, "finite and > 0");
        }
        if (!(topologicalMaxDepth >= 0)) {
            throw AttentionException.invalidConfig("topologicalMaxDepth", topologicalMaxDepth, ">= 0");
        }
        if (!nonNegative(causalDecay)) {
            throw AttentionException.invalidConfig("causalDecay", causalDecay, "finite and >= 0");
        }
        if (!(causalMaxHops >= 0)) {
            throw AttentionException.invalidConfig("causalMaxHops", causalMaxHops, ">= 0");
        }
        if (!window(causalTimeWindowMs)) {
            throw AttentionException.invalidConfig("causalTimeWindowMs", causalTimeWindowMs, ">= 0 and not NaN");
        }
        if (!(finite(criticalBoost) && criticalBoost <= criticalBoostCap)) {
            throw AttentionException.invalidConfig("criticalBoost", criticalBoost, "finite and <= criticalBoostCap");
        }
        if (!(finite(criticalBoostGrowth) && criticalBoostGrowth >= 1.0)) {
            throw AttentionException.invalidConfig("criticalBoostGrowth", criticalBoostGrowth, "finite and >= 1");
        }
        if (!finite(criticalBoostCap)) {
            throw AttentionException.invalidConfig("criticalBoostCap", criticalBoostCap, "finite");
        }
        if (!positive(criticalVarianceRatio)) {
            throw AttentionException.invalidConfig("criticalVarianceRatio", criticalVarianceRatio, "finite and > 0");
        }
        if (!(gateThreshold > 0.0 && gateThreshold <= 1.0)) {
            throw AttentionException.invalidConfig("gateThreshold", gateThreshold, "in (0, 1]");
        }
        if (!positive(curvature)) {
            throw AttentionException.invalidConfig("curvature", curvature, "finite and > 0");
        }
        if (!positive(lorentzTemperature)) {
            throw AttentionException.invalidConfig("lorentzTemperature", lorentzTemperature, "finite and > 0");
        }
        if (!finite(branchCrossWeight)) {
            throw AttentionException.invalidConfig("branchCrossWeight", branchCrossWeight, "finite");
        }
        if (!finite(syncBoost)) {
            throw AttentionException.invalidConfig("syncBoost", syncBoost, "finite");
        }
        if (!(btspDecay >= 0.0 && btspDecay <= 1.0)) {
            throw AttentionException.invalidConfig("btspDecay", btspDecay, "in [0, 1]");
        }
        if (!nonNegative(btspLearningRate)) {
            throw AttentionException.invalidConfig("btspLearningRate", btspLearningRate, "finite and >= 0");
        }
        if (!finite(btspPlateauThreshold)) {
            throw AttentionException.invalidConfig("btspPlateauThreshold", btspPlateauThreshold, "finite");
        }
        if (!(btspPlateauMs >= 0)) {
            throw AttentionException.invalidConfig("btspPlateauMs", btspPlateauMs, ">= 0");
        }
        if (!positive(btspPlateauBoost)) {
            throw AttentionException.invalidConfig("btspPlateauBoost", btspPlateauBoost, "finite and > 0");
        }
        if (!window(btspCoincidenceMs)) {
            throw AttentionException.invalidConfig("btspCoincidenceMs", btspCoincidenceMs, ">= 0 and not NaN");
        }
        if (!positive(btspCoincidenceBoost)) {
            throw AttentionException.invalidConfig("btspCoincidenceBoost", btspCoincidenceBoost, "finite and > 0");
        }
        if (!positive(btspTemperature)) {
            throw AttentionException.invalidConfig("btspTemperature", btspTemperature, "finite and > 0");
        }
        if (!positive(btspCostScale)) {
            throw AttentionException.invalidConfig("btspCostScale", btspCostScale, "finite and > 0");
        }
        if (!positive(btspRowsScale)) {
            throw AttentionException.invalidConfig("btspRowsScale", btspRowsScale, "finite and > 0");
        }
        if (!positive(btspCostToMs)) {
            throw AttentionException.invalidConfig("btspCostToMs", btspCostToMs, "finite and > 0");
        }
        if (!(btspMaxPlans >= 1)) {
            throw AttentionException.invalidConfig("btspMaxPlans", btspMaxPlans, ">= 1");
        }
        if (!(btspMemoryCapacity >= 1 && btspMemoryCapacity <= MAX_BTSP_MEMORY_CAPACITY)) {
            throw AttentionException.invalidConfig("btspMemoryCapacity", btspMemoryCapacity, "in [1, 1000]");
        }
        if (!(btspMemoryEntropy > 0.0 && btspMemoryEntropy <= 1.0)) {
            throw AttentionException.invalidConfig("btspMemoryEntropy", btspMemoryEntropy, "in (0, 1]");
        }
        if (!(btspMemoryCosine >= -1.0 && btspMemoryCosine <= 1.0)) {
            throw AttentionException.invalidConfig("btspMemoryCosine", btspMemoryCosine, "in [-1, 1]");
        }
        if (queryProjection != null && keyProjection != null && queryProjection.rows() != keyProjection.rows()) {
            throw AttentionException.invalidConfig(
                    "keyProjection rows",
                    keyProjection.rows(),
                    "equal to queryProjection rows " + queryProjection.rows());
        }
        if (queryProjection != null && crossProjection != null && queryProjection.rows() != crossProjection.rows()) {
            throw AttentionException.invalidConfig(
                    "crossProjection rows",
                    crossProjection.rows(),
                    "equal to queryProjection rows " + queryProjection.rows());
        }
    }

    private static boolean finite(double x) {
        return Double.isFinite(x);
    }

    private static boolean positive(double x) {
        return Double.isFinite(x) && x > 0;
    }

    private static boolean nonNegative(double x) {
        return Double.isFinite(x) && x >= 0;
    }

    private static boolean window(double x) {
        return x >= 0;
    }

    /**
     * The spec defaults.
     *
     * @return the shared default configuration
     */
    public static AttentionConfig defaults() {
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

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.topologicalDecay = topologicalDecay;
        b.topologicalMaxDepth = topologicalMaxDepth;
        b.causalDecay = causalDecay;
        b.causalMaxHops = causalMaxHops;
        b.causalTimeWindowMs = causalTimeWindowMs;
        b.criticalBoost = criticalBoost;
        b.criticalBoostGrowth = criticalBoostGrowth;
        b.criticalBoostCap = criticalBoostCap;
        b.criticalVarianceRatio = criticalVarianceRatio;
        b.gateThreshold = gateThreshold;
        b.curvature = curvature;
        b.lorentzTemperature = lorentzTemperature;
        b.branchCrossWeight = branchCrossWeight;
        b.syncBoost = syncBoost;
        b.btspDecay = btspDecay;
        b.btspLearningRate = btspLearningRate;
        b.btspPlateauThreshold = btspPlateauThreshold;
        b.btspPlateauMs = btspPlateauMs;
        b.btspPlateauBoost = btspPlateauBoost;
        b.btspCoincidenceMs = btspCoincidenceMs;
        b.btspCoincidenceBoost = btspCoincidenceBoost;
        b.btspTemperature = btspTemperature;
        b.btspCostScale = btspCostScale;
        b.btspRowsScale = btspRowsScale;
        b.btspCostToMs = btspCostToMs;
        b.btspMaxPlans = btspMaxPlans;
        b.btspMemory = btspMemory;
        b.btspMemoryCapacity = btspMemoryCapacity;
        b.btspMemoryEntropy = btspMemoryEntropy;
        b.btspMemoryCosine = btspMemoryCosine;
        b.queryProjection = queryProjection;
        b.keyProjection = keyProjection;
        b.valueProjection = valueProjection;
        b.crossProjection = crossProjection;
        b.lorentzProjection = lorentzProjection;
        return b;
    }

    /** Builds an {@link AttentionConfig}; every field starts at its default. Not thread-safe. */
    public static final class Builder {
        private double topologicalDecay = 0.9;
        private int topologicalMaxDepth = 10;
        private double causalDecay = 0.1;
        private int causalMaxHops = 10;
        private double causalTimeWindowMs = 1000.0;
        private double criticalBoost = 1.5;
        private double criticalBoostGrowth = 1.1;
        private double criticalBoostCap = 5.0;
        private double criticalVarianceRatio = 2.0;
        private double gateThreshold = 0.5;
        private double curvature = 1.0;
        private double lorentzTemperature = 1.0;
        private double branchCrossWeight = 0.5;
        private double syncBoost = 2.0;
        private double btspDecay = 0.95;
        private double btspLearningRate = 0.1;
        private double btspPlateauThreshold = 0.3;
        private long btspPlateauMs = 500L;
        private double btspPlateauBoost = 1.5;
        private double btspCoincidenceMs = 50.0;
        private double btspCoincidenceBoost = 1.5;
        private double btspTemperature = 0.1;
        private double btspCostScale = 100.0;
        private double btspRowsScale = 1000.0;
        private double btspCostToMs = 1.0;
        private int btspMaxPlans = 10_000;
        private boolean btspMemory = false;
        private int btspMemoryCapacity = MAX_BTSP_MEMORY_CAPACITY;
        private double btspMemoryEntropy = 0.5;
        private double btspMemoryCosine = 0.95;
        private @Nullable Projection queryProjection = null;
        private @Nullable Projection keyProjection = null;
        private @Nullable Projection valueProjection = null;
        private @Nullable Projection crossProjection = null;
        private @Nullable Projection lorentzProjection = null;

        private Builder() {}

        /**
         * Sets {@link AttentionConfig#topologicalDecay()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder topologicalDecay(double value) {
            this.topologicalDecay = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#topologicalMaxDepth()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder topologicalMaxDepth(int value) {
            this.topologicalMaxDepth = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#causalDecay()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder causalDecay(double value) {
            this.causalDecay = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#causalMaxHops()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder causalMaxHops(int value) {
            this.causalMaxHops = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#causalTimeWindowMs()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder causalTimeWindowMs(double value) {
            this.causalTimeWindowMs = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#criticalBoost()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder criticalBoost(double value) {
            this.criticalBoost = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#criticalBoostGrowth()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder criticalBoostGrowth(double value) {
            this.criticalBoostGrowth = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#criticalBoostCap()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder criticalBoostCap(double value) {
            this.criticalBoostCap = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#criticalVarianceRatio()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder criticalVarianceRatio(double value) {
            this.criticalVarianceRatio = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#gateThreshold()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder gateThreshold(double value) {
            this.gateThreshold = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#curvature()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder curvature(double value) {
            this.curvature = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#lorentzTemperature()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder lorentzTemperature(double value) {
            this.lorentzTemperature = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#branchCrossWeight()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder branchCrossWeight(double value) {
            this.branchCrossWeight = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#syncBoost()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder syncBoost(double value) {
            this.syncBoost = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspDecay()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspDecay(double value) {
            this.btspDecay = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspLearningRate()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspLearningRate(double value) {
            this.btspLearningRate = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspPlateauThreshold()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspPlateauThreshold(double value) {
            this.btspPlateauThreshold = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspPlateauMs()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspPlateauMs(long value) {
            this.btspPlateauMs = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspPlateauBoost()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspPlateauBoost(double value) {
            this.btspPlateauBoost = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspCoincidenceMs()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspCoincidenceMs(double value) {
            this.btspCoincidenceMs = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspCoincidenceBoost()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspCoincidenceBoost(double value) {
            this.btspCoincidenceBoost = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspTemperature()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspTemperature(double value) {
            this.btspTemperature = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspCostScale()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspCostScale(double value) {
            this.btspCostScale = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspRowsScale()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspRowsScale(double value) {
            this.btspRowsScale = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspCostToMs()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspCostToMs(double value) {
            this.btspCostToMs = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspMaxPlans()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspMaxPlans(int value) {
            this.btspMaxPlans = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspMemory()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspMemory(boolean value) {
            this.btspMemory = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspMemoryCapacity()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspMemoryCapacity(int value) {
            this.btspMemoryCapacity = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspMemoryEntropy()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspMemoryEntropy(double value) {
            this.btspMemoryEntropy = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#btspMemoryCosine()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder btspMemoryCosine(double value) {
            this.btspMemoryCosine = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#queryProjection()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder queryProjection(@Nullable Projection value) {
            this.queryProjection = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#keyProjection()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder keyProjection(@Nullable Projection value) {
            this.keyProjection = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#valueProjection()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder valueProjection(@Nullable Projection value) {
            this.valueProjection = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#crossProjection()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder crossProjection(@Nullable Projection value) {
            this.crossProjection = value;
            return this;
        }

        /**
         * Sets {@link AttentionConfig#lorentzProjection()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder lorentzProjection(@Nullable Projection value) {
            this.lorentzProjection = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws AttentionException {@code INVALID_CONFIG} naming the first field out of range
         */
        public AttentionConfig build() {
            return new AttentionConfig(
                    topologicalDecay,
                    topologicalMaxDepth,
                    causalDecay,
                    causalMaxHops,
                    causalTimeWindowMs,
                    criticalBoost,
                    criticalBoostGrowth,
                    criticalBoostCap,
                    criticalVarianceRatio,
                    gateThreshold,
                    curvature,
                    lorentzTemperature,
                    branchCrossWeight,
                    syncBoost,
                    btspDecay,
                    btspLearningRate,
                    btspPlateauThreshold,
                    btspPlateauMs,
                    btspPlateauBoost,
                    btspCoincidenceMs,
                    btspCoincidenceBoost,
                    btspTemperature,
                    btspCostScale,
                    btspRowsScale,
                    btspCostToMs,
                    btspMaxPlans,
                    btspMemory,
                    btspMemoryCapacity,
                    btspMemoryEntropy,
                    btspMemoryCosine,
                    queryProjection,
                    keyProjection,
                    valueProjection,
                    crossProjection,
                    lorentzProjection);
        }
    }
}
