package io.neuraldag.sona;

/**
 * Counters of a {@link DagSonaEngine} at one moment (spec 02 §1.8). Immutable and thread-safe; each
 * counter is read atomically, the set is not a single atomic snapshot.
 *
 * @param queries {@code preQuery} calls
 * @param hits {@code preQuery} calls that applied a pattern
 * @param misses {@code preQuery} calls that fell back to the bandit
 * @param hitRate {@code hits / queries}, 0 without queries
 * @param meanExecutionMs mean execution time reported to {@code postQuery}, 0 without any
 * @param recorded trajectories recorded by {@code postQuery}
 * @param cycles background cycles completed
 * @param skippedCycles background cycles skipped for lack of trajectories
 * @param cycleFailures scheduled cycles that threw
 * @param patterns patterns in the bank
 * @param patternsEvicted patterns evicted from the bank by background cycles
 * @param dropped trajectories dropped by the buffer
 * @param ewcTasks EWC++ consolidations
 * @param adapterUpdates batched MicroLoRA updates applied
 * @param distributionShifts task boundaries detected
 * @param banditContextsEvicted bandit contexts evicted (least recently used)
 */
public record SonaMetrics(
        long queries,
        long hits,
        long misses,
        double hitRate,
        double meanExecutionMs,
        long recorded,
        long cycles,
        long skippedCycles,
        long cycleFailures,
        int patterns,
        long patternsEvicted,
        long dropped,
        int ewcTasks,
        long adapterUpdates,
        long distributionShifts,
        long banditContextsEvicted) {}
