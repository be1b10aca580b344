package io.neuraldag.sona;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One executed query as the learner sees it (spec 02 §1.3): the plan embedding, the mechanism that
 * ran, what was measured and the quality it earned. Immutable and thread-safe; the embedding is
 * copied in and out.
 *
 * @param id engine-assigned sequence number
 * @param queryHash first 8 bytes of the plan's structural fingerprint, stable across JVM runs
 * @param embedding the plan vector (spec 02 §1.2), finite; copied
 * @param mechanism the attention mechanism used
 * @param params mechanism parameters the caller ran with (possibly empty); copied
 * @param metrics what was measured
 * @param quality {@code Q} in {@code [0, 1]} from the engine's {@link QualityFunction}
 * @param timestamp when the trajectory was recorded
 */
@SuppressWarnings("ArrayRecordComponent") // the embedding is copied in and out; equals/hashCode compare contents
public record Trajectory(
        long id,
        long queryHash,
        float[] embedding,
        Mechanism mechanism,
        Map<String, Double> params,
        ExecutionMetrics metrics,
        double quality,
        Instant timestamp) {

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if a reference is null
     * @throws IllegalArgumentException if the embedding is empty or not finite, a parameter value is
     *     not finite, or quality is outside {@code [0, 1]}
     */
    public Trajectory {
        Objects.requireNonNull(embedding, "embedding");
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(timestamp, "timestamp");
        if (embedding.length == 0) {
            throw new IllegalArgumentException("embedding must not be empty");
        }
        embedding = embedding.clone();
        for (int i = 0; i < embedding.length; i++) {
            if (!Float.isFinite(embedding[i])) {
                throw new IllegalArgumentException("embedding[" + i + "] is not finite: " + embedding[i]);
            }
        }
        params = copyParams(params);
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1]: " + quality);
        }
    }

    /**
     * A copy of the embedding.
     *
     * @return a new array
     */
    @Override
    public float[] embedding() {
        return embedding.clone();
    }

    /** The embedding without a copy; callers in this package must not modify it. */
    float[] embeddingRef() {
        return embedding;
    }

    /**
     * Measured execution time.
     *
     * @return milliseconds
     */
    public double executionMs() {
        return metrics.executionMs();
    }

    /**
     * Baseline time.
     *
     * @return milliseconds
     */
    public double baselineMs() {
        return metrics.baselineMs();
    }

    /**
     * The improvement {@code r} over the baseline (spec 02 §1.3).
     *
     * @return r, 0 without a baseline
     */
    public double improvement() {
        return metrics.improvement();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Trajectory t
                && id == t.id
                && queryHash == t.queryHash
                && Arrays.equals(embedding, t.embedding)
                && mechanism == t.mechanism
                && params.equals(t.params)
                && metrics.equals(t.metrics)
                && Double.compare(quality, t.quality) == 0
                && timestamp.equals(t.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, queryHash, Arrays.hashCode(embedding), mechanism, params, metrics, quality, timestamp);
    }

    @Override
    public String toString() {
        return "Trajectory[id=" + id + ", queryHash=" + Long.toHexString(queryHash) + ", mechanism=" + mechanism
                + ", executionMs=" + metrics.executionMs() + ", baselineMs=" + metrics.baselineMs() + ", quality="
                + quality + "]";
    }

    /** Validates and copies a parameter map into an immutable, key-sorted map. */
    static Map<String, Double> copyParams(Map<String, Double> params) {
        Objects.requireNonNull(params, "params");
        if (params.isEmpty()) {
            return Map.of();
        }
        TreeMap<String, Double> sorted = new TreeMap<>();
        for (Map.Entry<String, Double> e : params.entrySet()) {
            String k = Objects.requireNonNull(e.getKey(), "params key");
            Double v = Objects.requireNonNull(e.getValue(), "params value");
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("params[" + k + "] is not finite: " + v);
            }
            sorted.put(k, v);
        }
        return java.util.Collections.unmodifiableMap(sorted);
    }
}
