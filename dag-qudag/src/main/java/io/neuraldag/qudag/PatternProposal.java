package io.neuraldag.qudag;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What a node wants to share, before privacy noise: a centroid of {@code memberCount} learned
 * patterns, their mean quality, the attention type, metadata and the privacy parameters. {@link
 * QuDagClient#proposePattern} clips and noises the centroid, noises the quality, charges the
 * privacy budget, signs and encrypts.
 *
 * @param vector the raw centroid, 1…256 finite values (copied)
 * @param memberCount n ≥ 10 members aggregated in the centroid (sets the sensitivity 2C/n)
 * @param quality mean member quality in [0, 1]
 * @param attention the attention type
 * @param metadata string metadata, ≤ 64 entries of ≤ 4096 chars (copied)
 * @param privacy the privacy parameters
 * @param stakeMicros stake attached to the proposal, micro-rUv ≥ 0 (the proposer's balance must
 *     cover it)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals/hashCode compare contents
public record PatternProposal(
        float[] vector,
        int memberCount,
        double quality,
        AttentionType attention,
        Map<String, String> metadata,
        PrivacyParams privacy,
        long stakeMicros) {

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the field and value
     */
    public PatternProposal {
        Objects.requireNonNull(attention, "attention");
        Objects.requireNonNull(privacy, "privacy");
        if (vector.length == 0 || vector.length > ProposalLimits.MAX_DIMENSION) {
            throw new IllegalArgumentException("vector dimension must be in [1, 256], got " + vector.length);
        }
        for (float x : vector) {
            if (!Float.isFinite(x)) {
                throw new IllegalArgumentException("vector contains a non-finite value");
            }
        }
        if (memberCount < DifferentialPrivacy.MIN_MEMBERS) {
            throw new IllegalArgumentException("memberCount must be at least 10, got " + memberCount);
        }
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1], got " + quality);
        }
        if (stakeMicros < 0) {
            throw new IllegalArgumentException("stakeMicros must be >= 0, got " + stakeMicros);
        }
        metadata = Map.copyOf(metadata);
        CanonicalJson.checkMetadata(metadata);
        vector = vector.clone();
    }

    /**
     * A proposal with the most conservative assumptions: the vector is a centroid of the minimum 10
     * members (the largest noise), quality 1.0, attention {@link AttentionType#AUTO}, no stake.
     *
     * @param vector the centroid
     * @param metadata the metadata
     * @param privacy the privacy parameters
     * @return the proposal
     */
    public static PatternProposal of(float[] vector, Map<String, String> metadata, PrivacyParams privacy) {
        return new PatternProposal(
                vector, DifferentialPrivacy.MIN_MEMBERS, 1.0, AttentionType.AUTO, metadata, privacy, 0);
    }

    /**
     * A proposal with an explicit member count and quality.
     *
     * @param vector the centroid
     * @param memberCount n ≥ 10
     * @param quality mean quality in [0, 1]
     * @param metadata the metadata
     * @param privacy the privacy parameters
     * @return the proposal
     */
    public static PatternProposal of(
            float[] vector, int memberCount, double quality, Map<String, String> metadata, PrivacyParams privacy) {
        return new PatternProposal(vector, memberCount, quality, AttentionType.AUTO, metadata, privacy, 0);
    }

    /**
     * This proposal with a stake.
     *
     * @param micros stake in micro-rUv
     * @return a copy
     */
    public PatternProposal withStake(long micros) {
        return new PatternProposal(vector, memberCount, quality, attention, metadata, privacy, micros);
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PatternProposal p
                && Arrays.equals(vector, p.vector)
                && memberCount == p.memberCount
                && Double.compare(quality, p.quality) == 0
                && attention == p.attention
                && metadata.equals(p.metadata)
                && privacy.equals(p.privacy)
                && stakeMicros == p.stakeMicros;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(vector), memberCount, quality, attention, metadata, privacy, stakeMicros);
    }

    @Override
    public String toString() {
        return "PatternProposal[dim=" + vector.length + ", n=" + memberCount + ", q=" + quality + ", " + privacy + "]";
    }
}
