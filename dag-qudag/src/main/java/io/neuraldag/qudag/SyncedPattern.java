package io.neuraldag.qudag;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A finalized pattern as received by sync, ready for a pattern bank ({@link PatternSink}). Latency
 * and memory statistics are not shared (0 on import).
 *
 * @param id {@code proposalId#index}, the idempotency key
 * @param proposalId the proposal it came from
 * @param proposer the proposer's node id
 * @param vector the noisy centroid (copied in and out)
 * @param metadata the proposal's metadata
 * @param quality the released quality in [0, 1]
 * @param confidence the consensus confidence in [0, 1]
 * @param samples the lower bound of the count bucket (10, 51 or 201)
 * @param attention the attention type
 * @param round the global round in which it was finalized
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals/hashCode compare contents
public record SyncedPattern(
        String id,
        String proposalId,
        String proposer,
        float[] vector,
        Map<String, String> metadata,
        double quality,
        double confidence,
        int samples,
        AttentionType attention,
        long round) {
    /** Validates and copies. */
    public SyncedPattern {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(proposalId, "proposalId");
        Objects.requireNonNull(proposer, "proposer");
        Objects.requireNonNull(attention, "attention");
        if (vector.length == 0 || vector.length > ProposalLimits.MAX_DIMENSION) {
            throw new IllegalArgumentException("vector dimension must be in [1, 256], got " + vector.length);
        }
        if (!(quality >= 0 && quality <= 1) || !(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("quality and confidence must be in [0, 1]");
        }
        vector = vector.clone();
        metadata = Map.copyOf(metadata);
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncedPattern p
                && id.equals(p.id)
                && proposer.equals(p.proposer)
                && Arrays.equals(vector, p.vector)
                && metadata.equals(p.metadata)
                && Double.compare(quality, p.quality) == 0
                && Double.compare(confidence, p.confidence) == 0
                && samples == p.samples
                && attention == p.attention
                && round == p.round;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(vector), round);
    }

    @Override
    public String toString() {
        return "SyncedPattern[" + id.substring(0, Math.min(16, id.length())) + "…, q=" + quality + ", conf="
                + confidence + ", round " + round + "]";
    }

    static int samplesOf(CountBucket b) {
        return switch (b) {
            case FEW -> 0;
            case SOME -> 10;
            case MANY -> 51;
            case LOTS -> 201;
        };
    }
}
