package io.neuraldag.postgres;

/**
 * How {@link NeuralDagDataSource} learns what an execution cost (spec 03 §1.2, the executor hooks of
 * the original extension).
 *
 * <p>Immutable and thread-safe.
 */
public enum CaptureMode {
    /**
     * The default: the plan comes from {@code EXPLAIN (FORMAT JSON, VERBOSE, SETTINGS)}, the cost
     * from timing {@code execute*} on the client and counting the rows read.
     */
    TIMING,
    /**
     * Per-connection {@code auto_explain} with {@code log_analyze}, {@code log_buffers}, JSON format
     * and {@code log_level = notice}: the executed plan, with actual rows, memory and buffers,
     * arrives as an {@link java.sql.SQLWarning} of the statement, so each query runs once. Needs the
     * privilege to {@code LOAD 'auto_explain'} (or {@code session_preload_libraries}).
     */
    AUTO_EXPLAIN_NOTICE,
    /**
     * Only {@link NeuralDagDataSource#analyzeExecuted(java.sql.Connection, String)} captures: it runs
     * {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON, VERBOSE, SETTINGS)}, a statement other than a
     * query inside {@code BEGIN … ROLLBACK}. Ordinary statements pass through uncaptured.
     */
    EXPLAIN_ANALYZE,
    /**
     * Like {@link #TIMING}, with baselines from {@code pg_stat_statements}: the server's mean
     * execution time ({@code sum(total_exec_time) / sum(calls)}, top-level calls of this database)
     * of the statement's query id, read with the plan (once per plan TTL, before the execution) in
     * the EXPLAIN's rolled-back transaction. Before the statement's first recorded call, or without a
     * query id ({@code compute_query_id} off), the baseline is the client-side moving average as in
     * TIMING. Needs the extension installed and in {@code shared_preload_libraries}.
     */
    STAT_STATEMENTS
}
