package io.neuraldag.postgres;

/**
 * Counters of a {@link NeuralDagDataSource}, each read atomically (the set is not one snapshot).
 * Immutable and thread-safe.
 *
 * <p>Every statement executed through the wrapper is counted once in {@code statements} and, once
 * it has finished and been learned from ({@link NeuralDagDataSource#awaitLearning}), in exactly one
 * of {@code captured}, {@code optedOut}, {@code unsampled}, {@code passedThrough}, {@code
 * learningFailures} or {@code learningDropped}.
 *
 * @param statements statements executed through the wrapper
 * @param captured executions the engine learned from (a trajectory was recorded)
 * @param optedOut statements with a {@code /* nodag *}{@code /} comment, or run while the scope is
 *     disabled
 * @param unsampled statements the sampling left out
 * @param passedThrough statements that cannot be captured: not a single SELECT/INSERT/UPDATE/
 *     DELETE/MERGE/VALUES/TABLE/WITH statement, a batch, binds the wrapper cannot replay, or an
 *     execution that failed
 * @param learningFailures executions whose capture failed on the learning side (the statement ran
 *     and returned its result regardless)
 * @param learningDropped executions not learned from because the learner's queue was full
 * @param explains EXPLAIN statements run
 * @param explainFailures EXPLAIN statements that failed (counted in {@code learningFailures} too)
 * @param planCacheHits executions that reused a cached plan
 * @param paramsApplied executions with {@code SET LOCAL} settings applied ({@code applyParams})
 */
public record CaptureStats(
        long statements,
        long captured,
        long optedOut,
        long unsampled,
        long passedThrough,
        long learningFailures,
        long learningDropped,
        long explains,
        long explainFailures,
        long planCacheHits,
        long paramsApplied) {}
