package io.neuraldag.sona;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pattern to store or merge into a {@link DagReasoningBank}: usually one k-means cluster of
 * trajectories. Immutable and thread-safe; the centroid is copied in and out.
 *
 * @param centroid direction of the pattern, any non-zero finite vector; the bank normalises it
 * @param quality mean member quality in {@code [0, 1]}
 * @param confidence confidence in {@code [0, 1]} (spec 02 §1.6)
 * @param sampleCount members, {@code >= 1}
 * @param tally mechanisms the members ran and the quality they earned
 * @param params mechanism parameters of the best member (possibly empty); copied
 * @param meanMetrics mean of the members' metrics
 */
@SuppressWarnings("ArrayRecordComponent") // the centroid is copied in and out; equals/hashCode compare contents
public record PatternCandidate(
        float[] centroid,
        double quality,
        double confidence,
        int sampleCount,
        MechanismTally tally,
        Map<String, Double> params,
        ExecutionMetrics meanMetrics) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a value is out of range or the centroid is zero or not
     *     finite
     * @throws NullPointerException if a reference is null
     */
    public PatternCandidate {
        Objects.requireNonNull(centroid, "centroid");
        Objects.requireNonNull(tally, "tally");
        Objects.requireNonNull(meanMetrics, "meanMetrics");
        centroid = centroid.clone();
        double n2 = 0;
        for (int i = 0; i < centroid.length; i++) {
            if (!Float.isFinite(centroid[i])) {
                throw new IllegalArgumentException("centroid[" + i + "] is not finite: " + centroid[i]);
            }
            n2 += (double) centroid[i] * centroid[i];
        }
        if (!(n2 > 0)) {
            throw new IllegalArgumentException("centroid must be non-zero");
        }
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1]: " + quality);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
        if (sampleCount < 1) {
            throw new IllegalArgumentException("sampleCount must be >= 1: " + sampleCount);
        }
        params = Trajectory.copyParams(params);
    }

    /**
     * A candidate with no tally, parameters or metrics: for callers that only have a direction and
     * its statistics.
     *
     * @param centroid the direction
     * @param quality mean quality
     * @param confidence confidence
     * @param sampleCount members
     * @return the candidate
     */
    public static PatternCandidate of(float[] centroid, double quality, double confidence, int sampleCount) {
        return new PatternCandidate(
                centroid,
                quality,
                confidence,
                sampleCount,
                MechanismTally.empty(),
                Map.of(),
                ExecutionMetrics.of(0, 0));
    }

    /**
     * A copy of the centroid.
     *
     * @return a new array
     */
    @Override
    public float[] centroid() {
        return centroid.clone();
    }

    float[] centroidRef() {
        return centroid;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PatternCandidate p
                && Arrays.equals(centroid, p.centroid)
                && Double.compare(quality, p.quality) == 0
                && Double.compare(confidence, p.confidence) == 0
                && sampleCount == p.sampleCount
                && tally.equals(p.tally)
                && params.equals(p.params)
                && meanMetrics.equals(p.meanMetrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(centroid), quality, confidence, sampleCount, tally, params, meanMetrics);
    }

    @Override
    public String toString() {
        return "PatternCandidate[d=" + centroid.length + ", quality=" + quality + ", confidence=" + confidence
                + ", sampleCount=" + sampleCount + ", tally=" + tally + "]";
    }
}
