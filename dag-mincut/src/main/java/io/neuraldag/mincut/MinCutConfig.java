package io.neuraldag.mincut;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of a {@link MinCutEngine}. Immutable and thread-safe.
 *
 * {@snippet :
 * MinCutConfig config = MinCutConfig.builder()
 *         .capacityModel(CapacityModel.THROUGHPUT)
 *         .bottleneckThreshold(0.6)
 *         .build();
 * }
 *
 * @param capacityModel how operator weights become capacities; default {@link
 *     CapacityModel#THROUGHPUT}
 * @param edgeCapacity the capacity of plan-edge arcs; default {@link EdgeCapacity#INFINITE}
 * @param criticalityTtl how long computed criticalities are reused when nothing changes (any update
 *     invalidates them at once); positive, default 300 s
 * @param bottleneckThreshold an operator is a bottleneck when its criticality exceeds this; in
 *     {@code [0, 1)}, default 0.5
 * @param redundancyThreshold redundancy strategies are suggested for operators whose criticality
 *     exceeds this; in {@code [0, 1)}, default 0.7
 */
public record MinCutConfig(
        CapacityModel capacityModel,
        EdgeCapacity edgeCapacity,
        Duration criticalityTtl,
        double bottleneckThreshold,
        double redundancyThreshold) {

    /** Default {@link #criticalityTtl()}: 300 seconds (5 minutes). */
    public static final Duration DEFAULT_CRITICALITY_TTL = Duration.ofMinutes(5);

    /** Default {@link #bottleneckThreshold()}: 0.5. */
    public static final double DEFAULT_BOTTLENECK_THRESHOLD = 0.5;

    /** Default {@link #redundancyThreshold()}: 0.7. */
    public static final double DEFAULT_REDUNDANCY_THRESHOLD = 0.7;

    /**
     * Validates every field.
     *
     * @throws NullPointerException if a reference is null
     * @throws IllegalArgumentException naming the field if a value is out of range
     */
    public MinCutConfig {
        Objects.requireNonNull(capacityModel, "capacityModel");
        Objects.requireNonNull(edgeCapacity, "edgeCapacity");
        Objects.requireNonNull(criticalityTtl, "criticalityTtl");
        if (criticalityTtl.isNegative() || criticalityTtl.isZero()) {
            throw new IllegalArgumentException("criticalityTtl must be positive: " + criticalityTtl);
        }
        threshold("bottleneckThreshold", bottleneckThreshold);
        threshold("redundancyThreshold", redundancyThreshold);
    }

    private static void threshold(String field, double value) {
        if (!(value >= 0.0 && value < 1.0)) {
            throw new IllegalArgumentException(field + " must be in [0, 1): " + value);
        }
    }

    /**
     * The default configuration.
     *
     * @return THROUGHPUT capacities, infinite edges, 300 s TTL, thresholds 0.5 and 0.7
     */
    public static MinCutConfig defaults() {
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

    /** A mutable builder of {@link MinCutConfig}; not thread-safe. */
    public static final class Builder {
        private CapacityModel capacityModel = CapacityModel.THROUGHPUT;
        private EdgeCapacity edgeCapacity = EdgeCapacity.INFINITE;
        private Duration criticalityTtl = DEFAULT_CRITICALITY_TTL;
        private double bottleneckThreshold = DEFAULT_BOTTLENECK_THRESHOLD;
        private double redundancyThreshold = DEFAULT_REDUNDANCY_THRESHOLD;

        private Builder() {}

        /**
         * Sets {@link MinCutConfig#capacityModel()}.
         *
         * @param value the model
         * @return this builder
         */
        public Builder capacityModel(CapacityModel value) {
            this.capacityModel = value;
            return this;
        }

        /**
         * Sets {@link MinCutConfig#edgeCapacity()}.
         *
         * @param value the edge mode
         * @return this builder
         */
        public Builder edgeCapacity(EdgeCapacity value) {
            this.edgeCapacity = value;
            return this;
        }

        /**
         * Sets {@link MinCutConfig#criticalityTtl()}.
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder criticalityTtl(Duration value) {
            this.criticalityTtl = value;
            return this;
        }

        /**
         * Sets {@link MinCutConfig#bottleneckThreshold()}.
         *
         * @param value in {@code [0, 1)}
         * @return this builder
         */
        public Builder bottleneckThreshold(double value) {
            this.bottleneckThreshold = value;
            return this;
        }

        /**
         * Sets {@link MinCutConfig#redundancyThreshold()}.
         *
         * @param value in {@code [0, 1)}
         * @return this builder
         */
        public Builder redundancyThreshold(double value) {
            this.redundancyThreshold = value;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws NullPointerException if a reference was set to null
         * @throws IllegalArgumentException naming the field if a value is out of range
         */
        public MinCutConfig build() {
            return new MinCutConfig(
                    capacityModel, edgeCapacity, criticalityTtl, bottleneckThreshold, redundancyThreshold);
        }
    }
}
