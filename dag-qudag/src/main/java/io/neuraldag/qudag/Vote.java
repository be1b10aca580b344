package io.neuraldag.qudag;

import java.util.Arrays;
import java.util.Objects;

/**
 * A signed poll answer: the voter's verdict on a proposal. Signed bytes are {@code
 * "neural-dag/qudag/vote/v1" ‖ f(proposalId) ‖ f(voter) ‖ f(u8 accept)}. An honest node's vote on a
 * proposal never changes; two validly signed votes with different verdicts from one voter prove it
 * Byzantine. Immutable and thread-safe.
 */
public final class Vote {
    private final String proposalId;
    private final String voter;
    private final boolean accept;
    private final byte[] signature;

    Vote(String proposalId, String voter, boolean accept, byte[] signature) {
        this.proposalId = Objects.requireNonNull(proposalId, "proposalId");
        this.voter = Objects.requireNonNull(voter, "voter");
        this.accept = accept;
        this.signature = signature.clone();
    }

    static byte[] signedBytes(String proposalId, String voter, boolean accept) {
        return new Wire.Writer(160)
                .raw(Bytes.utf8(Tags.VOTE))
                .string(proposalId)
                .string(voter)
                .u8(accept ? 1 : 0)
                .toByteArray();
    }

    static Vote sign(NodeIdentity voter, String proposalId, boolean accept) {
        return new Vote(
                proposalId, voter.nodeId(), accept, voter.sign(signedBytes(proposalId, voter.nodeId(), accept)));
    }

    /**
     * Whether the signature verifies under {@code voterKey} and the key is the voter's.
     *
     * @param voterKey the voter's ML-DSA public key
     * @return whether it verifies
     */
    public boolean verify(byte[] voterKey) {
        return voter.equals(PublicIdentity.nodeIdOf(voterKey))
                && QuDagCrypto.verify(voterKey, signedBytes(proposalId, voter, accept), signature);
    }

    /**
     * The proposal voted on.
     *
     * @return the id
     */
    public String proposalId() {
        return proposalId;
    }

    /**
     * The voter.
     *
     * @return the node id
     */
    public String voter() {
        return voter;
    }

    /**
     * The verdict.
     *
     * @return true to accept
     */
    public boolean accept() {
        return accept;
    }

    /**
     * The signature (a copy).
     *
     * @return 3309 bytes
     */
    public byte[] signature() {
        return signature.clone();
    }

    byte[] signatureRef() {
        return signature;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vote v
                && proposalId.equals(v.proposalId)
                && voter.equals(v.voter)
                && accept == v.accept
                && Arrays.equals(signature, v.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(proposalId, voter, accept);
    }

    @Override
    public String toString() {
        return "Vote[" + voter + (accept ? " accepts " : " rejects ")
                + proposalId.substring(0, Math.min(12, proposalId.length())) + "]";
    }
}
