package io.neuraldag.qudag;

import java.util.Arrays;
import java.util.Objects;

/**
 * A signed proposal sealed to the network's KEM key: what a client submits. The id and proposer
 * are visible (they are the envelope's associated data); the patterns are not.
 *
 * @param id the proposal id (hex BLAKE3 of the signed bytes)
 * @param proposer the proposer's node id
 * @param sealed the {@link PatternEnvelope} bytes (copied in and out)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals/hashCode compare contents
public record SignedEnvelope(String id, String proposer, byte[] sealed) {
    /** Validates the fields. */
    public SignedEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(proposer, "proposer");
        if (sealed.length > ProposalLimits.MAX_PROPOSAL_BYTES + 8192) {
            throw QuDagException.invalid("envelope exceeds the proposal limit: " + sealed.length + " bytes");
        }
        sealed = sealed.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedEnvelope e
                && id.equals(e.id)
                && proposer.equals(e.proposer)
                && Arrays.equals(sealed, e.sealed);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SignedEnvelope[" + id + ", " + proposer + ", " + sealed.length + " bytes]";
    }
}
