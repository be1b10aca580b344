package io.neuraldag.qudag;

import java.util.Arrays;
import java.util.Objects;

/**
 * One released pattern: the noisy centroid, its attention type, the noisy quality in tenths and the
 * count bucket. This is what travels; exact counts and raw centroids never do.
 *
 * @param centroid the noisy centroid, 1…256 finite values (copied in and out)
 * @param attention the attention type
 * @param qualityTenths the noisy quality, 0…10
 * @param bucket the member-count bucket
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals/hashCode compare contents
public record NoisyPattern(float[] centroid, AttentionType attention, int qualityTenths, CountBucket bucket) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and value
     */
    public NoisyPattern {
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(bucket, "bucket");
        if (centroid.length == 0 || centroid.length > ProposalLimits.MAX_DIMENSION) {
            throw new IllegalArgumentException("centroid dimension must be in [1, 256], got " + centroid.length);
        }
        for (float x : centroid) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("centroid contains a non-finite value");
            }
        }
        if (qualityTenths < 0 || qualityTenths > 10) {
            throw new IllegalArgumentException("qualityTenths must be in [0, 10], got " + qualityTenths);
        }
        centroid = centroid.clone();
    }

    @Override
    public float[] centroid() {
        return centroid.clone();
    }

    float[] centroidRef() {
        return centroid;
    }

    /**
     * The quality as a fraction.
     *
     * @return qualityTenths / 10
     */
    public double quality() {
        return qualityTenths / 10.0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoisyPattern p
                && Arrays.equals(centroid, p.centroid)
                && attention == p.attention
                && qualityTenths == p.qualityTenths
                && bucket == p.bucket;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(centroid), attention, qualityTenths, bucket);
    }

    @Override
    public String toString() {
        return "NoisyPattern[dim=" + centroid.length + ", " + attention + ", q=" + quality() + ", " + bucket + "]";
    }
}
