package io.neuraldag.sona;

import io.neuraldag.attention.AttentionKind;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link DagSonaEngine} and of the parts it is made of (spec 02 §1). Immutable
 * and thread-safe. Every default is documented at its component and comes from spec 02.
 *
 * <p>Build one with {@link #builder()} or take {@link #defaults()}; the constructor validates every
 * field and rejects a bad one with an {@link IllegalArgumentException} naming the field and value.
 *
 * @param seed Seed of every random choice (adapter init, k-means++, ε-exploration). Default 42.
 * @param dimension Embedding dimension d; the engine needs 256, the plan-vector length. Default 256.
 * @param bufferCapacity Trajectory buffer capacity in entries. Default 1000.
 * @param overflowPolicy What a full buffer does. Default {@link OverflowPolicy#DROP_OLDEST}.
 * @param loraRank MicroLoRA rank r in [1, 16]. Default 2.
 * @param loraScale MicroLoRA scale s, &gt; 0. Default 1.
 * @param loraRule MicroLoRA update rule. Default {@link LoraUpdateRule#ONE_SIDED}.
 * @param learningRate Adapter learning rate η, &gt; 0. Default 0.002.
 * @param updateBatchSize Signals averaged into one adapter update. Default 100.
 * @param ewcLambda EWC strength λ in [100, 15 000]. Default 5000.
 * @param ewcGamma EWC++ Fisher decay γ in [0, 1). Default 0.99.
 * @param maxTasks Task summaries kept for boundary detection. Default 10.
 * @param boundaryZ Task-boundary threshold on z, &gt; 0. Default 2.
 * @param boundaryMinTrajectories Trajectories needed, in the cycle and in the history, before the boundary test runs. Default 50.
 * @param minTrajectories Buffered trajectories a background cycle needs, else it is skipped. Default 100.
 * @param minQuality Trajectories with Q below this are not clustered; in [0, 1]. Default 0.3.
 * @param searchK Patterns {@code preQuery} retrieves. Default 5.
 * @param similarityThreshold Minimum cosine score of a search result, in [-1, 1]. Default 0.7.
 * @param applyConfidence {@code preQuery} applies the best match when its confidence exceeds this; in [0, 1]. Default 0.8.
 * @param storeConfidence Minimum confidence for a cluster to become a pattern; in [0, 1]. Default 0.5.
 * @param mergeCosine A cluster within this cosine of a pattern is merged into it; in [-1, 1]. Default 0.95.
 * @param maxPatterns Patterns kept before eviction. Default 10 000.
 * @param maxClusters Upper bound on k for k-means (cycles and IVF). Default 100.
 * @param ivfThreshold Bank size from which searches use the IVF index. Default 1000.
 * @param ivfProbes IVF lists probed per search at least (nprobe; more when the nearest lists are
 *     short, until 2·nprobe mean lists' worth of rows are scanned). Default 4.
 * @param kmeansMaxIterations Lloyd iterations at most. Default 100.
 * @param kmeansTolerance Lloyd stops when every centre moves less than this, &gt;= 0. Default 1e-3.
 * @param ucbExploration UCB1 exploration constant c, &gt;= 0. Default 1.414.
 * @param epsilon Probability of a uniformly random mechanism on the default path; in [0, 1]. Default 0.1.
 * @param qualityEmaAlpha Smoothing α of the quality baseline Q̄; in (0, 1]. Default 0.05.
 * @param qualityFunction How executions are scored. Default {@link QualityFunction#EXECUTION_AND_IMPROVEMENT}.
 * @param mechanisms The mechanisms to choose among, distinct, non-empty. Default all seven.
 * @param defaultMechanism The fallback mechanism, one of {@link #mechanisms()}. Default {@link AttentionKind#TOPOLOGICAL}.
 * @param maxBanditContexts Contexts the bandit keeps statistics for (least recently used evicted). Default 10 000.
 * @param backgroundInterval Delay between background cycles after {@link DagSonaEngine#start()}; positive. Default 1 h.
 * @param clock Source of timestamps. Default the system clock.
 */
public record SonaConfig(
        long seed,
        int dimension,
        int bufferCapacity,
        OverflowPolicy overflowPolicy,
        int loraRank,
        double loraScale,
        LoraUpdateRule loraRule,
        double learningRate,
        int updateBatchSize,
        double ewcLambda,
        double ewcGamma,
        int maxTasks,
        double boundaryZ,
        int boundaryMinTrajectories,
        int minTrajectories,
        double minQuality,
        int searchK,
        double similarityThreshold,
        double applyConfidence,
        double storeConfidence,
        double mergeCosine,
        int maxPatterns,
        int maxClusters,
        int ivfThreshold,
        int ivfProbes,
        int kmeansMaxIterations,
        double kmeansTolerance,
        double ucbExploration,
        double epsilon,
        double qualityEmaAlpha,
        QualityFunction qualityFunction,
        List<AttentionKind> mechanisms,
        AttentionKind defaultMechanism,
        int maxBanditContexts,
        Duration backgroundInterval,
        InstantSource clock) {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the first bad field and its value
     * @throws NullPointerException if a reference field is null
     */
    public SonaConfig {
        if (dimension < 1) {
            throw new IllegalArgumentException("SonaConfig.dimension must be >= 1: " + dimension);
        }
        if (bufferCapacity < 1) {
            throw new IllegalArgumentException("SonaConfig.bufferCapacity must be >= 1: " + bufferCapacity);
        }
        Objects.requireNonNull(overflowPolicy, "SonaConfig.overflowPolicy");
        if (loraRank < 1 || loraRank > 16) {
            throw new IllegalArgumentException("SonaConfig.loraRank must be in [1, 16]: " + loraRank);
        }
        if (!Double.isFinite(loraScale) || loraScale <= 0) {
            throw new IllegalArgumentException("SonaConfig.loraScale must be finite and > 0: " + loraScale);
        }
        Objects.requireNonNull(loraRule, "SonaConfig.loraRule");
        if (!Double.isFinite(learningRate) || learningRate <= 0) {
            throw new IllegalArgumentException("SonaConfig.learningRate must be finite and > 0: " + learningRate);
        }
        if (updateBatchSize < 1) {
            throw new IllegalArgumentException("SonaConfig.updateBatchSize must be >= 1: " + updateBatchSize);
        }
        if (!(ewcLambda >= EwcPlusPlus.MIN_LAMBDA && ewcLambda <= EwcPlusPlus.MAX_LAMBDA)) {
            throw new IllegalArgumentException("SonaConfig.ewcLambda must be in [100, 15000]: " + ewcLambda);
        }
        if (!(ewcGamma >= 0 && ewcGamma < 1)) {
            throw new IllegalArgumentException("SonaConfig.ewcGamma must be in [0, 1): " + ewcGamma);
        }
        if (maxTasks < 1) {
            throw new IllegalArgumentException("SonaConfig.maxTasks must be >= 1: " + maxTasks);
        }
        if (!Double.isFinite(boundaryZ) || boundaryZ <= 0) {
            throw new IllegalArgumentException("SonaConfig.boundaryZ must be finite and > 0: " + boundaryZ);
        }
        if (boundaryMinTrajectories < 1) {
            throw new IllegalArgumentException(
                    "SonaConfig.boundaryMinTrajectories must be >= 1: " + boundaryMinTrajectories);
        }
        if (minTrajectories < 1) {
            throw new IllegalArgumentException("SonaConfig.minTrajectories must be >= 1: " + minTrajectories);
        }
        if (!(minQuality >= 0 && minQuality <= 1)) {
            throw new IllegalArgumentException("SonaConfig.minQuality must be in [0, 1]: " + minQuality);
        }
        if (searchK < 1) {
            throw new IllegalArgumentException("SonaConfig.searchK must be >= 1: " + searchK);
        }
        if (!(similarityThreshold >= -1 && similarityThreshold <= 1)) {
            throw new IllegalArgumentException(
                    "SonaConfig.similarityThreshold must be in [-1, 1]: " + similarityThreshold);
        }
        if (!(applyConfidence >= 0 && applyConfidence <= 1)) {
            throw new IllegalArgumentException("SonaConfig.applyConfidence must be in [0, 1]: " + applyConfidence);
        }
        if (!(storeConfidence >= 0 && storeConfidence <= 1)) {
            throw new IllegalArgumentException("SonaConfig.storeConfidence must be in [0, 1]: " + storeConfidence);
        }
        if (!(mergeCosine >= -1 && mergeCosine <= 1)) {
            throw new IllegalArgumentException("SonaConfig.mergeCosine must be in [-1, 1]: " + mergeCosine);
        }
        if (maxPatterns < 1) {
            throw new IllegalArgumentException("SonaConfig.maxPatterns must be >= 1: " + maxPatterns);
        }
        if (maxClusters < 1) {
            throw new IllegalArgumentException("SonaConfig.maxClusters must be >= 1: " + maxClusters);
        }
        if (ivfThreshold < 1) {
            throw new IllegalArgumentException("SonaConfig.ivfThreshold must be >= 1: " + ivfThreshold);
        }
        if (ivfProbes < 1) {
            throw new IllegalArgumentException("SonaConfig.ivfProbes must be >= 1: " + ivfProbes);
        }
        if (kmeansMaxIterations < 1) {
            throw new IllegalArgumentException("SonaConfig.kmeansMaxIterations must be >= 1: " + kmeansMaxIterations);
        }
        if (!Double.isFinite(kmeansTolerance) || kmeansTolerance < 0) {
            throw new IllegalArgumentException(
                    "SonaConfig.kmeansTolerance must be finite and >= 0: " + kmeansTolerance);
        }
        if (!Double.isFinite(ucbExploration) || ucbExploration < 0) {
            throw new IllegalArgumentException("SonaConfig.ucbExploration must be finite and >= 0: " + ucbExploration);
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("SonaConfig.epsilon must be in [0, 1]: " + epsilon);
        }
        if (!(qualityEmaAlpha > 0 && qualityEmaAlpha <= 1)) {
            throw new IllegalArgumentException("SonaConfig.qualityEmaAlpha must be in (0, 1]: " + qualityEmaAlpha);
        }
        Objects.requireNonNull(qualityFunction, "SonaConfig.qualityFunction");
        Objects.requireNonNull(mechanisms, "SonaConfig.mechanisms");
        mechanisms = List.copyOf(mechanisms);
        if (mechanisms.isEmpty() || new java.util.HashSet<>(mechanisms).size() != mechanisms.size()) {
            throw new IllegalArgumentException("SonaConfig.mechanisms must be non-empty and distinct: " + mechanisms);
        }
        Objects.requireNonNull(defaultMechanism, "SonaConfig.defaultMechanism");
        if (maxBanditContexts < 1) {
            throw new IllegalArgumentException("SonaConfig.maxBanditContexts must be >= 1: " + maxBanditContexts);
        }
        Objects.requireNonNull(backgroundInterval, "SonaConfig.backgroundInterval");
        if (backgroundInterval.isNegative() || backgroundInterval.isZero()) {
            throw new IllegalArgumentException("SonaConfig.backgroundInterval must be positive: " + backgroundInterval);
        }
        Objects.requireNonNull(clock, "SonaConfig.clock");
        if (!mechanisms.contains(defaultMechanism)) {
            throw new IllegalArgumentException(
                    "SonaConfig.defaultMechanism must be one of mechanisms: " + defaultMechanism);
        }
    }

    /**
     * The defaults of spec 02.
     *
     * @return the default configuration
     */
    public static SonaConfig defaults() {
        return builder().build();
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
        b.seed = seed;
        b.dimension = dimension;
        b.bufferCapacity = bufferCapacity;
        b.overflowPolicy = overflowPolicy;
        b.loraRank = loraRank;
        b.loraScale = loraScale;
        b.loraRule = loraRule;
        b.learningRate = learningRate;
        b.updateBatchSize = updateBatchSize;
        b.ewcLambda = ewcLambda;
        b.ewcGamma = ewcGamma;
        b.maxTasks = maxTasks;
        b.boundaryZ = boundaryZ;
        b.boundaryMinTrajectories = boundaryMinTrajectories;
        b.minTrajectories = minTrajectories;
        b.minQuality = minQuality;
        b.searchK = searchK;
        b.similarityThreshold = similarityThreshold;
        b.applyConfidence = applyConfidence;
        b.storeConfidence = storeConfidence;
        b.mergeCosine = mergeCosine;
        b.maxPatterns = maxPatterns;
        b.maxClusters = maxClusters;
        b.ivfThreshold = ivfThreshold;
        b.ivfProbes = ivfProbes;
        b.kmeansMaxIterations = kmeansMaxIterations;
        b.kmeansTolerance = kmeansTolerance;
        b.ucbExploration = ucbExploration;
        b.epsilon = epsilon;
        b.qualityEmaAlpha = qualityEmaAlpha;
        b.qualityFunction = qualityFunction;
        b.mechanisms = mechanisms;
        b.defaultMechanism = defaultMechanism;
        b.maxBanditContexts = maxBanditContexts;
        b.backgroundInterval = backgroundInterval;
        b.clock = clock;
        return b;
    }

    /** Mutable builder of {@link SonaConfig}; not thread-safe. Values are checked by {@link #build()}. */
    public static final class Builder {
        private long seed = 42L;
        private int dimension = 256;
        private int bufferCapacity = 1000;
        private OverflowPolicy overflowPolicy = OverflowPolicy.DROP_OLDEST;
        private int loraRank = 2;
        private double loraScale = 1.0;
        private LoraUpdateRule loraRule = LoraUpdateRule.ONE_SIDED;
        private double learningRate = 0.002;
        private int updateBatchSize = 100;
        private double ewcLambda = EwcPlusPlus.DEFAULT_LAMBDA;
        private double ewcGamma = EwcPlusPlus.DEFAULT_GAMMA;
        private int maxTasks = 10;
        private double boundaryZ = 2.0;
        private int boundaryMinTrajectories = 50;
        private int minTrajectories = 100;
        private double minQuality = 0.3;
        private int searchK = 5;
        private double similarityThreshold = 0.7;
        private double applyConfidence = 0.8;
        private double storeConfidence = 0.5;
        private double mergeCosine = 0.95;
        private int maxPatterns = 10_000;
        private int maxClusters = 100;
        private int ivfThreshold = 1000;
        private int ivfProbes = 4;
        private int kmeansMaxIterations = 100;
        private double kmeansTolerance = 1e-3;
        private double ucbExploration = 1.414;
        private double epsilon = 0.1;
        private double qualityEmaAlpha = 0.05;
        private QualityFunction qualityFunction = QualityFunction.EXECUTION_AND_IMPROVEMENT;
        private List<AttentionKind> mechanisms = List.of(AttentionKind.values());
        private AttentionKind defaultMechanism = AttentionKind.TOPOLOGICAL;
        private int maxBanditContexts = 10_000;
        private Duration backgroundInterval = Duration.ofHours(1);
        private InstantSource clock = InstantSource.system();

        private Builder() {}

        /**
         * Sets {@link SonaConfig#seed()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#dimension()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder dimension(int value) {
            this.dimension = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#bufferCapacity()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder bufferCapacity(int value) {
            this.bufferCapacity = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#overflowPolicy()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder overflowPolicy(OverflowPolicy value) {
            this.overflowPolicy = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#loraRank()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder loraRank(int value) {
            this.loraRank = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#loraScale()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder loraScale(double value) {
            this.loraScale = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#loraRule()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder loraRule(LoraUpdateRule value) {
            this.loraRule = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#learningRate()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder learningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#updateBatchSize()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder updateBatchSize(int value) {
            this.updateBatchSize = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#ewcLambda()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder ewcLambda(double value) {
            this.ewcLambda = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#ewcGamma()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder ewcGamma(double value) {
            this.ewcGamma = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#maxTasks()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxTasks(int value) {
            this.maxTasks = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#boundaryZ()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder boundaryZ(double value) {
            this.boundaryZ = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#boundaryMinTrajectories()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder boundaryMinTrajectories(int value) {
            this.boundaryMinTrajectories = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#minTrajectories()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder minTrajectories(int value) {
            this.minTrajectories = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#minQuality()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder minQuality(double value) {
            this.minQuality = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#searchK()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder searchK(int value) {
            this.searchK = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#similarityThreshold()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder similarityThreshold(double value) {
            this.similarityThreshold = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#applyConfidence()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder applyConfidence(double value) {
            this.applyConfidence = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#storeConfidence()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder storeConfidence(double value) {
            this.storeConfidence = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#mergeCosine()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder mergeCosine(double value) {
            this.mergeCosine = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#maxPatterns()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxPatterns(int value) {
            this.maxPatterns = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#maxClusters()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxClusters(int value) {
            this.maxClusters = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#ivfThreshold()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder ivfThreshold(int value) {
            this.ivfThreshold = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#ivfProbes()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder ivfProbes(int value) {
            this.ivfProbes = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#kmeansMaxIterations()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder kmeansMaxIterations(int value) {
            this.kmeansMaxIterations = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#kmeansTolerance()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder kmeansTolerance(double value) {
            this.kmeansTolerance = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#ucbExploration()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder ucbExploration(double value) {
            this.ucbExploration = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#epsilon()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder epsilon(double value) {
            this.epsilon = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#qualityEmaAlpha()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder qualityEmaAlpha(double value) {
            this.qualityEmaAlpha = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#qualityFunction()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder qualityFunction(QualityFunction value) {
            this.qualityFunction = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#mechanisms()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder mechanisms(List<AttentionKind> value) {
            this.mechanisms = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#defaultMechanism()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder defaultMechanism(AttentionKind value) {
            this.defaultMechanism = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#maxBanditContexts()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxBanditContexts(int value) {
            this.maxBanditContexts = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#backgroundInterval()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder backgroundInterval(Duration value) {
            this.backgroundInterval = value;
            return this;
        }

        /**
         * Sets {@link SonaConfig#clock()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder clock(InstantSource value) {
            this.clock = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first bad field and its value
         */
        public SonaConfig build() {
            return new SonaConfig(
                    seed,
                    dimension,
                    bufferCapacity,
                    overflowPolicy,
                    loraRank,
                    loraScale,
                    loraRule,
                    learningRate,
                    updateBatchSize,
                    ewcLambda,
                    ewcGamma,
                    maxTasks,
                    boundaryZ,
                    boundaryMinTrajectories,
                    minTrajectories,
                    minQuality,
                    searchK,
                    similarityThreshold,
                    applyConfidence,
                    storeConfidence,
                    mergeCosine,
                    maxPatterns,
                    maxClusters,
                    ivfThreshold,
                    ivfProbes,
                    kmeansMaxIterations,
                    kmeansTolerance,
                    ucbExploration,
                    epsilon,
                    qualityEmaAlpha,
                    qualityFunction,
                    mechanisms,
                    defaultMechanism,
                    maxBanditContexts,
                    backgroundInterval,
                    clock);
        }
    }
}
