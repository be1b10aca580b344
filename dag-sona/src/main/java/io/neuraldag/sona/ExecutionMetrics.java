package io.neuraldag.sona;

/**
 * What one execution of a plan measured: execution time, the baseline it is compared with, and
 * optionally rows, memory and cache-hit ratio. Immutable and thread-safe.
 *
 * <p>The optional fields use sentinels rather than {@code Optional}: {@link #UNKNOWN} for {@code
 * rows} and {@code memoryBytes}, {@code NaN} for {@code cacheHitRatio}.
 *
 * @param executionMs measured execution time in milliseconds, finite and {@code >= 0}
 * @param baselineMs the time to compare with in milliseconds (for example the plan's previous or
 *     default-mechanism time), finite; a value {@code <= 0} means "no baseline" and gives an
 *     improvement of 0
 * @param rows rows produced, {@code >= 0}, or {@link #UNKNOWN}
 * @param memoryBytes peak memory in bytes, {@code >= 0}, or {@link #UNKNOWN}
 * @param cacheHitRatio buffer-cache hit ratio in {@code [0, 1]}, or {@code NaN} when unknown
 */
public record ExecutionMetrics(
        double executionMs, double baselineMs, long rows, long memoryBytes, double cacheHitRatio) {

    /** Sentinel for an unknown {@link #rows()} or {@link #memoryBytes()}. */
    public static final long UNKNOWN = -1L;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the first field out of range
     */
    public ExecutionMetrics {
        if (!Double.isFinite(executionMs) || executionMs < 0) {
            throw new IllegalArgumentException("executionMs must be finite and >= 0: " + executionMs);
        }
        if (!Double.isFinite(baselineMs)) {
            throw new IllegalArgumentException("baselineMs must be finite: " + baselineMs);
        }
        if (rows < UNKNOWN) {
            throw new IllegalArgumentException("rows must be >= 0 or UNKNOWN: " + rows);
        }
        if (memoryBytes < UNKNOWN) {
            throw new IllegalArgumentException("memoryBytes must be >= 0 or UNKNOWN: " + memoryBytes);
        }
        if (!Double.isNaN(cacheHitRatio) && !(cacheHitRatio >= 0 && cacheHitRatio <= 1)) {
            throw new IllegalArgumentException("cacheHitRatio must be in [0, 1] or NaN: " + cacheHitRatio);
        }
    }

    /**
     * The common case: execution and baseline time, nothing else known.
     *
     * @param executionMs measured execution time in milliseconds
     * @param baselineMs baseline time in milliseconds ({@code <= 0}: none)
     * @return the metrics
     * @throws IllegalArgumentException if a value is out of range
     */
    public static ExecutionMetrics of(double executionMs, double baselineMs) {
        return new ExecutionMetrics(executionMs, baselineMs, UNKNOWN, UNKNOWN, Double.NaN);
    }

    /**
     * A copy with the row count set.
     *
     * @param value rows, {@code >= 0} or {@link #UNKNOWN}
     * @return the copy
     */
    public ExecutionMetrics withRows(long value) {
        return new ExecutionMetrics(executionMs, baselineMs, value, memoryBytes, cacheHitRatio);
    }

    /**
     * A copy with the memory set.
     *
     * @param value bytes, {@code >= 0} or {@link #UNKNOWN}
     * @return the copy
     */
    public ExecutionMetrics withMemoryBytes(long value) {
        return new ExecutionMetrics(executionMs, baselineMs, rows, value, cacheHitRatio);
    }

    /**
     * A copy with the cache-hit ratio set.
     *
     * @param value ratio in {@code [0, 1]} or {@code NaN}
     * @return the copy
     */
    public ExecutionMetrics withCacheHitRatio(double value) {
        return new ExecutionMetrics(executionMs, baselineMs, rows, memoryBytes, value);
    }

    /**
     * The improvement {@code r = (baseline - exec) / baseline}, or 0 when {@code baseline <= 0}
     * (spec 02 §1.3). Unbounded below: an execution three times slower than its baseline gives −2.
     *
     * @return r
     */
    public double improvement() {
        return baselineMs > 0 ? (baselineMs - executionMs) / baselineMs : 0.0;
    }

    /**
     * Whether {@link #rows()} is known.
     *
     * @return true if rows {@code >= 0}
     */
    public boolean hasRows() {
        return rows != UNKNOWN;
    }

    /**
     * Whether {@link #memoryBytes()} is known.
     *
     * @return true if memory {@code >= 0}
     */
    public boolean hasMemoryBytes() {
        return memoryBytes != UNKNOWN;
    }

    /**
     * Whether {@link #cacheHitRatio()} is known.
     *
     * @return true if the ratio is not NaN
     */
    public boolean hasCacheHitRatio() {
        return !Double.isNaN(cacheHitRatio);
    }
}
