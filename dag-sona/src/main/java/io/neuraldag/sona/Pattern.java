package io.neuraldag.sona;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A learned plan family (spec 02 §1.6): a unit centroid in plan-vector space with the statistics of
 * the trajectories merged into it. A value as of the moment it was read from the bank; immutable and
 * thread-safe; the centroid is copied in and out.
 *
 * @param id bank-assigned identifier, stable across merges and persistence
 * @param centroid unit-length direction; copied
 * @param quality sample-weighted mean quality in {@code [0, 1]}
 * @param confidence sample-weighted confidence in {@code [0, 1]}
 * @param sampleCount trajectories merged in, {@code >= 1}
 * @param usageCount times {@code preQuery} returned this pattern, {@code >= 0}
 * @param tally mechanisms the members ran and the quality they earned
 * @param params mechanism parameters of the best member; copied
 * @param meanMetrics sample-weighted mean metrics
 * @param createdAt when the pattern was first stored
 * @param lastUsedAt when {@code preQuery} last returned it (initially {@code createdAt})
 */
@SuppressWarnings("ArrayRecordComponent") // the centroid is copied in and out; equals/hashCode compare contents
public record Pattern(
        long id,
        float[] centroid,
        double quality,
        double confidence,
        int sampleCount,
        long usageCount,
        MechanismTally tally,
        Map<String, Double> params,
        ExecutionMetrics meanMetrics,
        Instant createdAt,
        Instant lastUsedAt) {

    /** Version of the binary record written by {@link #toBytes()}. */
    public static final int RECORD_VERSION = 1;

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a value is out of range
     * @throws NullPointerException if a reference is null
     */
    public Pattern {
        Objects.requireNonNull(centroid, "centroid");
        Objects.requireNonNull(tally, "tally");
        Objects.requireNonNull(meanMetrics, "meanMetrics");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        centroid = centroid.clone();
        if (centroid.length == 0) {
            throw new IllegalArgumentException("centroid must not be empty");
        }
        LowRankAdapter.checkFinite(centroid, "centroid");
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1]: " + quality);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1]: " + confidence);
        }
        if (sampleCount < 1) {
            throw new IllegalArgumentException("sampleCount must be >= 1: " + sampleCount);
        }
        if (usageCount < 0) {
            throw new IllegalArgumentException("usageCount must be >= 0: " + usageCount);
        }
        params = Trajectory.copyParams(params);
    }

    /**
     * A copy of the centroid.
     *
     * @return a new unit-length array
     */
    @Override
    public float[] centroid() {
        return centroid.clone();
    }

    float[] centroidRef() {
        return centroid;
    }

    /**
     * The mechanism this pattern recommends: {@link MechanismTally#best()}.
     *
     * @return the mechanism
     */
    public Mechanism bestMechanism() {
        return tally.best();
    }

    /**
     * The versioned binary record of this pattern (format {@value #RECORD_VERSION}),
     * the same record the state file uses; a store keyed by {@link #id()} can keep these bytes.
     *
     * @return a new array
     */
    public byte[] toBytes() {
        return StateCodec.patternToBytes(this);
    }

    /**
     * Reads a record written by {@link #toBytes()}.
     *
     * @param bytes the record
     * @return the pattern
     * @throws SonaStateException if the record is truncated, malformed or of an unknown version
     */
    public static Pattern fromBytes(byte[] bytes) {
        return StateCodec.patternFromBytes(bytes);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Pattern p
                && id == p.id
                && Arrays.equals(centroid, p.centroid)
                && Double.compare(quality, p.quality) == 0
                && Double.compare(confidence, p.confidence) == 0
                && sampleCount == p.sampleCount
                && usageCount == p.usageCount
                && tally.equals(p.tally)
                && params.equals(p.params)
                && meanMetrics.equals(p.meanMetrics)
                && createdAt.equals(p.createdAt)
                && lastUsedAt.equals(p.lastUsedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(centroid), quality, confidence, sampleCount, usageCount, tally);
    }

    @Override
    public String toString() {
        return "Pattern[id=" + id + ", quality=" + quality + ", confidence=" + confidence + ", sampleCount="
                + sampleCount + ", usageCount=" + usageCount + ", best=" + bestMechanism() + "]";
    }
}
