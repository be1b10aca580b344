package io.neuraldag.postgres;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.sona.EwcPlusPlus;
import io.neuraldag.sona.SonaConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one engine scope (spec 03 §1.1, the {@code ruvector.*} settings of the original
 * extension). Immutable and thread-safe; make one with {@link #builder()} or take {@link
 * #defaults()}. Every value is checked when the record is made: a value out of its range, NaN or
 * ±∞ is rejected with a {@link DagArgumentException} of code {@link RvCode#INVALID_ARGUMENT} (RV011)
 * that names the setting and the value.
 *
 * <table>
 *   <caption>Settings, defaults and ranges</caption>
 *   <tr><th>Component</th><th>{@code ruvector.} setting</th><th>Default</th><th>Range</th></tr>
 *   <tr><td>{@link #enabled()}</td><td>neural_dag_enabled</td><td>true</td><td></td></tr>
 *   <tr><td>{@link #learningRate()}</td><td>dag_learning_rate</td><td>0.002</td><td>[1e-4, 1]</td></tr>
 *   <tr><td>{@link #patternClusters()}</td><td>dag_pattern_clusters</td><td>100</td><td>[10, 1000]</td></tr>
 *   <tr><td>{@link #qualityThreshold()}</td><td>dag_quality_threshold</td><td>0.3</td><td>[0, 1]</td></tr>
 *   <tr><td>{@link #maxTrajectories()}</td><td>dag_max_trajectories</td><td>1000</td><td>[10, 1 000 000]</td></tr>
 *   <tr><td>{@link #attention()}</td><td>dag_attention_type</td><td>auto</td><td>auto or a mechanism (RV002)</td></tr>
 *   <tr><td>{@link #attentionExploration()}</td><td>dag_attention_exploration</td><td>0.1</td><td>[0, 1]</td></tr>
 *   <tr><td>{@link #ewcLambda()}</td><td>dag_ewc_lambda</td><td>5000</td><td>[100, 50 000], ≤ ewcMaxLambda</td></tr>
 *   <tr><td>{@link #ewcMaxLambda()}</td><td>dag_ewc_max_lambda</td><td>15 000</td><td>[100, 50 000]</td></tr>
 *   <tr><td>{@link #mincutEnabled()}</td><td>dag_mincut_enabled</td><td>true</td><td></td></tr>
 *   <tr><td>{@link #mincutThreshold()}</td><td>dag_mincut_threshold</td><td>0.5</td><td>[0, 1]</td></tr>
 *   <tr><td>{@link #backgroundInterval()}</td><td>dag_background_interval_ms</td><td>1 h (3.6e6 ms)</td>
 *       <td>[60 s, 24 h]; whole milliseconds</td></tr>
 *   <tr><td>{@link #microLoraRank()}</td><td>(09) micro_lora_rank</td><td>2</td><td>[1, 4]</td></tr>
 *   <tr><td>{@link #baseLoraRank()}</td><td>(09) base_lora_rank</td><td>8</td><td>[4, 16]</td></tr>
 *   <tr><td>{@link #qudagEnabled()}</td><td>dag_qudag_enabled</td><td>false</td><td></td></tr>
 *   <tr><td>{@link #qudagNodeUrl()}</td><td>dag_qudag_node_url</td><td>unset</td>
 *       <td>an absolute URI of at most 2048 characters</td></tr>
 *   <tr><td>{@link #qudagDpEpsilon()}</td><td>dag_qudag_dp_epsilon</td><td>1.0</td><td>(0, 10]</td></tr>
 *   <tr><td>{@link #qudagSyncInterval()}</td><td>dag_qudag_sync_interval</td><td>3600 s</td><td>[60 s, 24 h]</td></tr>
 *   <tr><td>{@link #qudagMinStake()}</td><td>dag_qudag_min_stake</td><td>10 rUv</td><td>[10, 1000]</td></tr>
 * </table>
 *
 * <p>How the settings reach the SONA engine is {@link #toSonaConfig(SonaConfig)}.
 *
 * @param enabled whether the scope captures and learns at all
 * @param learningRate MicroLoRA learning rate η
 * @param patternClusters upper bound on the k-means clusters of a learning cycle
 * @param qualityThreshold trajectories with a lower quality are not clustered
 * @param maxTrajectories capacity of the trajectory buffer, in entries
 * @param attention the mechanism to use, or auto
 * @param attentionExploration probability of a uniformly random mechanism on the bandit path
 * @param ewcLambda EWC++ strength λ
 * @param ewcMaxLambda the largest λ the adaptive EWC++ may reach
 * @param mincutEnabled whether min-cut criticality is computed for captured plans
 * @param mincutThreshold criticality above which an operator counts as a bottleneck
 * @param backgroundInterval delay between learning cycles
 * @param microLoraRank rank of the instant-loop adapter
 * @param baseLoraRank rank of the base adapter
 * @param qudagEnabled whether patterns are shared over QuDAG
 * @param qudagNodeUrl the QuDAG node to talk to, or null when unset
 * @param qudagDpEpsilon differential-privacy ε of shared patterns
 * @param qudagSyncInterval delay between pattern synchronisations
 * @param qudagMinStake the smallest stake, in rUv, a proposal is made with
 */
public record DagConfig(
        boolean enabled,
        double learningRate,
        int patternClusters,
        double qualityThreshold,
        int maxTrajectories,
        AttentionMechanism attention,
        double attentionExploration,
        double ewcLambda,
        double ewcMaxLambda,
        boolean mincutEnabled,
        double mincutThreshold,
        Duration backgroundInterval,
        int microLoraRank,
        int baseLoraRank,
        boolean qudagEnabled,
        @Nullable String qudagNodeUrl,
        double qudagDpEpsilon,
        Duration qudagSyncInterval,
        double qudagMinStake) {

    /** Smallest background interval: 60 s. */
    public static final Duration MIN_BACKGROUND_INTERVAL = Duration.ofSeconds(60);

    /** Largest background interval: 24 h. */
    public static final Duration MAX_BACKGROUND_INTERVAL = Duration.ofHours(24);

    private static final DagConfig DEFAULTS = builder().build();

    /**
     * Validates every setting.
     *
     * @throws NullPointerException if {@code attention} or a duration is null
     * @throws DagArgumentException RV011 naming the first setting out of range
     */
    public DagConfig {
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(backgroundInterval, "backgroundInterval");
        Objects.requireNonNull(qudagSyncInterval, "qudagSyncInterval");
        range("learning_rate", learningRate, 1e-4, 1);
        range("pattern_clusters", patternClusters, 10, 1000);
        range("quality_threshold", qualityThreshold, 0, 1);
        range("max_trajectories", maxTrajectories, 10, 1_000_000);
        range("attention_exploration", attentionExploration, 0, 1);
        range("ewc_lambda", ewcLambda, 100, 50_000);
        range("ewc_max_lambda", ewcMaxLambda, 100, 50_000);
        if (ewcLambda > ewcMaxLambda) {
            throw DagArgumentException.invalid(
                    "ewc_lambda " + ewcLambda + " must not exceed ewc_max_lambda " + ewcMaxLambda);
        }
        range("mincut_threshold", mincutThreshold, 0, 1);
        duration("background_interval", backgroundInterval);
        if (backgroundInterval.toNanos() % 1_000_000 != 0) {
            throw DagArgumentException.invalid("background_interval must be whole milliseconds: " + backgroundInterval);
        }
        range("micro_lora_rank", microLoraRank, 1, 4);
        range("base_lora_rank", baseLoraRank, 4, 16);
        if (qudagNodeUrl != null) {
            checkUrl(qudagNodeUrl);
        }
        if (!(qudagDpEpsilon > 0 && qudagDpEpsilon <= 10)) {
            throw DagArgumentException.invalid("qudag_dp_epsilon must be in (0, 10]: " + qudagDpEpsilon);
        }
        duration("qudag_sync_interval", qudagSyncInterval);
        range("qudag_min_stake", qudagMinStake, 10, 1000);
    }

    /**
     * The defaults of the table above.
     *
     * @return the default settings
     */
    public static DagConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.learningRate = learningRate;
        b.patternClusters = patternClusters;
        b.qualityThreshold = qualityThreshold;
        b.maxTrajectories = maxTrajectories;
        b.attention = attention;
        b.attentionExploration = attentionExploration;
        b.ewcLambda = ewcLambda;
        b.ewcMaxLambda = ewcMaxLambda;
        b.mincutEnabled = mincutEnabled;
        b.mincutThreshold = mincutThreshold;
        b.backgroundInterval = backgroundInterval;
        b.microLoraRank = microLoraRank;
        b.baseLoraRank = baseLoraRank;
        b.qudagEnabled = qudagEnabled;
        b.qudagNodeUrl = qudagNodeUrl;
        b.qudagDpEpsilon = qudagDpEpsilon;
        b.qudagSyncInterval = qudagSyncInterval;
        b.qudagMinStake = qudagMinStake;
        return b;
    }

    /**
     * The QuDAG node URL.
     *
     * @return the URL, or empty when unset
     */
    public Optional<String> qudagNode() {
        return Optional.ofNullable(qudagNodeUrl);
    }

    /**
     * {@link #backgroundInterval()} in milliseconds, as the {@code dag_background_interval_ms}
     * setting reads.
     *
     * @return milliseconds
     */
    public long backgroundIntervalMs() {
        return backgroundInterval.toMillis();
    }

    /**
     * The SONA engine configuration these settings give, on top of {@code base} (which keeps every
     * field this record has no setting for: seed, thresholds, clock, minimum trajectories per cycle,
     * …).
     *
     * <ul>
     *   <li>learningRate → {@link SonaConfig#learningRate()}; microLoraRank → {@link
     *       SonaConfig#loraRank()}; patternClusters → {@link SonaConfig#maxClusters()};
     *       qualityThreshold → {@link SonaConfig#minQuality()}; maxTrajectories → {@link
     *       SonaConfig#bufferCapacity()}; attentionExploration → {@link SonaConfig#epsilon()};
     *       backgroundInterval → {@link SonaConfig#backgroundInterval()}.
     *   <li>ewcLambda → {@link SonaConfig#ewcLambda()}, capped at the engine's largest λ ({@value
     *       EwcPlusPlus#MAX_LAMBDA}).
     *   <li>attention: {@link AttentionMechanism#AUTO} keeps {@code base}'s mechanisms; a fixed one
     *       becomes the only mechanism and the default.
     * </ul>
     *
     * @param base the engine settings to start from; its dimension must be 256 for an engine
     * @return the engine configuration
     * @throws NullPointerException if {@code base} is null
     */
    public SonaConfig toSonaConfig(SonaConfig base) {
        Objects.requireNonNull(base, "base");
        SonaConfig.Builder b = base.toBuilder()
                .learningRate(learningRate)
                .loraRank(microLoraRank)
                .maxClusters(patternClusters)
                .minQuality(qualityThreshold)
                .bufferCapacity(maxTrajectories)
                .epsilon(attentionExploration)
                .ewcLambda(Math.min(ewcLambda, EwcPlusPlus.MAX_LAMBDA))
                .backgroundInterval(backgroundInterval);
        Optional<AttentionKind> fixed = attention.kind();
        if (fixed.isPresent()) {
            b.mechanisms(List.of(fixed.get())).defaultMechanism(fixed.get());
        }
        return b.build();
    }

    private static void range(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw DagArgumentException.invalid(name + " must be in [" + num(min) + ", " + num(max) + "]: " + value);
        }
    }

    private static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw DagArgumentException.invalid(name + " must be in [" + min + ", " + max + "]: " + value);
        }
    }

    private static void duration(String name, Duration d) {
        if (d.compareTo(MIN_BACKGROUND_INTERVAL) < 0 || d.compareTo(MAX_BACKGROUND_INTERVAL) > 0) {
            throw DagArgumentException.invalid(name + " must be in [60 s, 24 h]: " + d);
        }
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static void checkUrl(String url) {
        if (url.isBlank() || url.length() > 2048) {
            throw DagArgumentException.invalid(
                    "qudag_node_url must be 1 to 2048 characters: '" + Texts.clip(url) + "'");
        }
        try {
            URI uri = new URI(url);
            if (!uri.isAbsolute()) {
                throw DagArgumentException.invalid("qudag_node_url must be an absolute URI: '" + Texts.clip(url) + "'");
            }
        } catch (URISyntaxException e) {
            throw new DagArgumentException(
                    RvCode.INVALID_ARGUMENT, "qudag_node_url is not a URI: '" + Texts.clip(url) + "'", e);
        }
    }

    /** Mutable builder of {@link DagConfig}; not thread-safe. Values are checked by {@link #build()}. */
    public static final class Builder {
        private boolean enabled = true;
        private double learningRate = 0.002;
        private int patternClusters = 100;
        private double qualityThreshold = 0.3;
        private int maxTrajectories = 1000;
        private AttentionMechanism attention = AttentionMechanism.AUTO;
        private double attentionExploration = 0.1;
        private double ewcLambda = 5000;
        private double ewcMaxLambda = 15_000;
        private boolean mincutEnabled = true;
        private double mincutThreshold = 0.5;
        private Duration backgroundInterval = Duration.ofHours(1);
        private int microLoraRank = 2;
        private int baseLoraRank = 8;
        private boolean qudagEnabled = false;
        private @Nullable String qudagNodeUrl = null;
        private double qudagDpEpsilon = 1.0;
        private Duration qudagSyncInterval = Duration.ofHours(1);
        private double qudagMinStake = 10;

        private Builder() {}

        /**
         * Sets {@link DagConfig#enabled()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder enabled(boolean value) {
            this.enabled = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#learningRate()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder learningRate(double value) {
            this.learningRate = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#patternClusters()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder patternClusters(int value) {
            this.patternClusters = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#qualityThreshold()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder qualityThreshold(double value) {
            this.qualityThreshold = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#maxTrajectories()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder maxTrajectories(int value) {
            this.maxTrajectories = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#attention()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder attention(AttentionMechanism value) {
            this.attention = Objects.requireNonNull(value, "attention");
            return this;
        }

        /**
         * Sets {@link DagConfig#attention()} from its SQL name.
         *
         * @param sqlName e.g. {@code "auto"} or {@code "critical_path"}
         * @return this builder
         * @throws DagArgumentException RV002 for an unknown name (the builder is unchanged)
         */
        public Builder attention(String sqlName) {
            this.attention = AttentionMechanism.parse(sqlName);
            return this;
        }

        /**
         * Sets {@link DagConfig#attentionExploration()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder attentionExploration(double value) {
            this.attentionExploration = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#ewcLambda()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder ewcLambda(double value) {
            this.ewcLambda = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#ewcMaxLambda()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder ewcMaxLambda(double value) {
            this.ewcMaxLambda = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#mincutEnabled()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder mincutEnabled(boolean value) {
            this.mincutEnabled = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#mincutThreshold()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder mincutThreshold(double value) {
            this.mincutThreshold = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#backgroundInterval()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder backgroundInterval(Duration value) {
            this.backgroundInterval = Objects.requireNonNull(value, "backgroundInterval");
            return this;
        }

        /**
         * Sets {@link DagConfig#backgroundInterval()} in milliseconds.
         *
         * @param ms the value
         * @return this builder
         */
        public Builder backgroundIntervalMs(long ms) {
            this.backgroundInterval = Duration.ofMillis(ms);
            return this;
        }

        /**
         * Sets {@link DagConfig#microLoraRank()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder microLoraRank(int value) {
            this.microLoraRank = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#baseLoraRank()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder baseLoraRank(int value) {
            this.baseLoraRank = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#qudagEnabled()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder qudagEnabled(boolean value) {
            this.qudagEnabled = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#qudagNodeUrl()}.
         *
         * @param value the URL, or null to unset it
         * @return this builder
         */
        public Builder qudagNodeUrl(@Nullable String value) {
            this.qudagNodeUrl = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#qudagDpEpsilon()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder qudagDpEpsilon(double value) {
            this.qudagDpEpsilon = value;
            return this;
        }

        /**
         * Sets {@link DagConfig#qudagSyncInterval()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder qudagSyncInterval(Duration value) {
            this.qudagSyncInterval = Objects.requireNonNull(value, "qudagSyncInterval");
            return this;
        }

        /**
         * Sets {@link DagConfig#qudagMinStake()}.
         *
         * @param value the value
         * @return this builder
         */
        public Builder qudagMinStake(double value) {
            this.qudagMinStake = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the settings
         * @throws DagArgumentException RV011 naming the first setting out of range
         */
        public DagConfig build() {
            return new DagConfig(
                    enabled,
                    learningRate,
                    patternClusters,
                    qualityThreshold,
                    maxTrajectories,
                    attention,
                    attentionExploration,
                    ewcLambda,
                    ewcMaxLambda,
                    mincutEnabled,
                    mincutThreshold,
                    backgroundInterval,
                    microLoraRank,
                    baseLoraRank,
                    qudagEnabled,
                    qudagNodeUrl,
                    qudagDpEpsilon,
                    qudagSyncInterval,
                    qudagMinStake);
        }
    }
}
