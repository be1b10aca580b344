package io.neuraldag.sona;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one {@link DagSonaEngine#runBackgroundCycle()} did. Immutable and thread-safe.
 */
public sealed interface CycleResult permits CycleResult.Skipped, CycleResult.Completed {

    /**
     * Fewer than {@link SonaConfig#minTrajectories()} trajectories were buffered; nothing was
     * drained.
     *
     * @param buffered trajectories in the buffer
     * @param required the minimum
     */
    record Skipped(int buffered, int required) implements CycleResult {}

    /**
     * The cycle ran.
     *
     * @param drained trajectories drained
     * @param kept trajectories with quality {@code >= }{@link SonaConfig#minQuality()}
     * @param clusters k-means clusters formed
     * @param stored clusters stored as new patterns
     * @param merged clusters merged into existing patterns
     * @param rejected clusters below the store confidence
     * @param evicted patterns evicted
     * @param patterns patterns in the bank afterwards
     * @param boundaryZ the task-boundary statistic z, or NaN if too few trajectories to test
     * @param distributionShift the shift detected, or null
     * @param elapsedNanos wall time of the cycle
     */
    record Completed(
            int drained,
            int kept,
            int clusters,
            int stored,
            int merged,
            int rejected,
            int evicted,
            int patterns,
            double boundaryZ,
            @Nullable DistributionShift distributionShift,
            long elapsedNanos)
            implements CycleResult {

        /**
         * The distribution shift, if one was detected.
         *
         * @return the shift or empty
         */
        public Optional<DistributionShift> shift() {
            return Optional.ofNullable(distributionShift);
        }
    }
}
