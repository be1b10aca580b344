package io.neuraldag.sona;

import java.time.Instant;
import java.util.Objects;

/**
 * A task boundary found by a background cycle (spec 02 §1.7): the cycle's mean plan embedding moved
 * more than {@link SonaConfig#boundaryZ()} pooled spreads from the current task's, so EWC++
 * consolidated and a new task began. Immutable and thread-safe.
 *
 * @param z {@code ‖μ_r − μ_h‖ / (½·√(σ²_h + σ²_r))}, possibly infinite when both spreads are 0
 * @param taskCount EWC tasks after the consolidation
 * @param at when it was detected
 */
public record DistributionShift(double z, int taskCount, Instant at) {

    /**
     * Validates.
     *
     * @throws NullPointerException if {@code at} is null
     */
    public DistributionShift {
        Objects.requireNonNull(at, "at");
    }
}
