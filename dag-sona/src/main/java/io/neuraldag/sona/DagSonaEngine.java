package io.neuraldag.sona;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The SONA engine (spec 02 §1.8): learns, per plan family, which attention mechanism makes queries
 * fast, and adapts plan embeddings toward high-quality patterns.
 *
 * <p><b>Instant loop</b>, per query:
 *
 * <ol>
 *   <li>{@link #preQuery}: embed the plan ({@link QueryDag#planVector()}), find the 5 most similar
 *       patterns; if the best has confidence above 0.8 return {@link PreQueryResult.PatternApplied}
 *       with its best mechanism, else {@link PreQueryResult.DefaultWithAdaptation} with a UCB1 choice
 *       (c = 1.414, ε = 0.1) in the context of the best match (or, with none, of the plan's query
 *       hash). Both carry the MicroLoRA output and the learning signal ĝ. Read-only apart from usage
 *       counts; never blocks on the background loop.
 *   <li>{@link #postQuery}: score the execution with the {@link QualityFunction}, record the
 *       trajectory, reward the bandit in the same context, and accumulate {@code (Q − Q̄)·∂⟨ĝ,y⟩/∂θ}
 *       (Q̄ an exponential moving average, α = 0.05). Every 100 signals the averaged update is
 *       applied to the adapter, followed by the EWC++ proximal step.
 * </ol>
 *
 * <p><b>Background loop</b>, {@link #runBackgroundCycle()}: skip if fewer than {@link
 * SonaConfig#minTrajectories()} are buffered; otherwise drain, keep Q ≥ 0.3, cluster with weighted
 * k-means++ (K = min(100, n), duplicates collapsed), turn each cluster into a pattern candidate
 * (confidence {@code max(0, 1 − σ_Q)·(1 − 1/(m+1))}), store or merge them, test for a task boundary
 * and consolidate EWC++ at one, then evict, reindex and publish. {@link #start()} runs it every
 * {@link SonaConfig#backgroundInterval()} on a daemon thread.
 *
 * <p>Thread-safe: any number of threads may call {@code preQuery} and {@code postQuery}; cycles are
 * serialised. Learned state (bank, adapter, EWC++) saves to a versioned, checksummed binary file.
 *
 * <p>Example (the M3 acceptance test, compiled and run as {@code M3AcceptanceTest}):
 *
 * {@snippet :
 * DagSonaEngine sona = DagSonaEngine.create(SonaConfig.builder().minTrajectories(1).build());
 * QueryDag dag = createQueryDag();
 * PreQueryResult pre = sona.preQuery(dag); // sealed: PatternApplied | DefaultWithAdaptation
 * sona.postQuery(dag, ExecutionMetrics.of(12.5, 20.0), pre); // execution ms, baseline ms
 * sona.runBackgroundCycle();
 * List<Pattern> patterns = sona.reasoningBank().querySimilar(dag.planVector(), 1);
 * assertFalse(patterns.isEmpty());
 * }
 */
public interface DagSonaEngine extends AutoCloseable {

    /** Version of the state file written by {@link #saveState(Path)}. */
    int STATE_VERSION = 1;

    /**
     * Creates an engine with an empty bank, a fresh adapter and no EWC task.
     *
     * @param config the configuration; its dimension must be {@value DagSnapshot#PLAN_VECTOR_DIMENSION}
     * @return the engine, not started
     * @throws IllegalArgumentException if {@code config.dimension()} is not the plan-vector length
     */
    static DagSonaEngine create(SonaConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.dimension() != DagSnapshot.PLAN_VECTOR_DIMENSION) {
            throw new IllegalArgumentException("SonaConfig.dimension must be " + DagSnapshot.PLAN_VECTOR_DIMENSION
                    + " (the plan-vector length) for the engine: " + config.dimension());
        }
        return new TwoLoopSonaEngine(config);
    }

    /**
     * Recommends a mechanism for a plan. Once warm, well under 100 µs for a 100-node plan.
     *
     * @param dag the plan
     * @return the recommendation
     */
    PreQueryResult preQuery(QueryDag dag);

    /**
     * Learns from an execution that followed {@code pre}.
     *
     * @param dag the plan
     * @param metrics what was measured
     * @param pre what {@link #preQuery} returned for this execution
     * @return the recorded trajectory
     */
    Trajectory postQuery(QueryDag dag, ExecutionMetrics metrics, PreQueryResult pre);

    /**
     * Like {@link #postQuery(QueryDag, ExecutionMetrics, PreQueryResult)}, recording the mechanism
     * parameters the caller actually used.
     *
     * @param dag the plan
     * @param metrics what was measured
     * @param pre what {@link #preQuery} returned
     * @param params mechanism parameters, finite values
     * @return the recorded trajectory
     * @throws IllegalArgumentException if a parameter is not finite
     */
    Trajectory postQuery(QueryDag dag, ExecutionMetrics metrics, PreQueryResult pre, Map<String, Double> params);

    /**
     * Learns from an execution without a preceding {@link #preQuery}: the context and signal are
     * computed as {@code preQuery} would (without counting pattern usage).
     *
     * @param dag the plan
     * @param executionMs measured time in milliseconds
     * @param baselineMs baseline time in milliseconds ({@code <= 0}: none)
     * @param mechanism the mechanism that ran
     * @return the recorded trajectory
     * @throws IllegalArgumentException if a time is out of range
     */
    Trajectory postQuery(QueryDag dag, double executionMs, double baselineMs, Mechanism mechanism);

    /**
     * Runs one background cycle on the calling thread; concurrent calls are serialised.
     *
     * @return what the cycle did
     */
    CycleResult runBackgroundCycle();

    /**
     * Starts running {@link #runBackgroundCycle()} every {@link SonaConfig#backgroundInterval()} on a
     * daemon thread. A cycle that throws is counted in {@link SonaMetrics#cycleFailures()}; the
     * schedule continues.
     *
     * @throws IllegalStateException if already started or closed
     */
    void start();

    /**
     * Stops the background schedule, waiting up to 10 s for a running cycle. The instant loop keeps
     * working; the engine cannot be started again. Idempotent.
     */
    @Override
    void close();

    /**
     * Current counters.
     *
     * @return the metrics
     */
    SonaMetrics metrics();

    /**
     * The pattern bank (live, thread-safe).
     *
     * @return the bank
     */
    DagReasoningBank reasoningBank();

    /**
     * The trajectory buffer (live, thread-safe).
     *
     * @return the buffer
     */
    DagTrajectoryBuffer trajectoryBuffer();

    /**
     * The adapter (live, thread-safe). Changing it directly bypasses batching and EWC++.
     *
     * @return the adapter
     */
    MicroLoRA microLora();

    /**
     * The EWC++ state of the adapter (live, thread-safe).
     *
     * @return the EWC++ instance
     */
    EwcPlusPlus ewc();

    /**
     * The configuration.
     *
     * @return the configuration
     */
    SonaConfig config();

    /**
     * The learned state (bank, adapter weights, EWC++) as a state file, format {@value
     * #STATE_VERSION}. Taken between cycles and adapter updates, so it is consistent.
     *
     * @return the bytes
     */
    byte[] saveState();

    /**
     * Writes {@link #saveState()} to a file atomically (temporary file, then rename).
     *
     * @param file the target
     * @throws java.io.UncheckedIOException if writing fails
     */
    void saveState(Path file);

    /**
     * Replaces the learned state with one read from {@link #saveState()} bytes. Buffered
     * trajectories, bandit statistics and metrics are kept; pending adapter signals are dropped.
     *
     * @param bytes the state file
     * @throws SonaStateException if the bytes are truncated, corrupt, of an unknown version, or made
     *     for another dimension, rank, scale or quality function; the loaded state is then unchanged
     */
    void loadState(byte[] bytes);

    /**
     * Reads a state file written by {@link #saveState(Path)}.
     *
     * @param file the file
     * @throws SonaStateException as {@link #loadState(byte[])}
     * @throws java.io.UncheckedIOException if reading fails
     */
    void loadState(Path file);
}
