package io.neuraldag.qudag;

import java.util.Map;
import java.util.Objects;

/**
 * A signed token or governance operation of one account. Signed bytes are {@code tag(kind) ‖
 * f(account) ‖ f(u64 sequence) ‖ f(u64 timestamp ms) ‖ f(RFC 8785 params)}; stakes, claims,
 * unstakes and governance votes each have their own tag. Nodes check the signature against the
 * account's key, the timestamp window of {@link ProposalLimits} and a strictly increasing sequence
 * per account (replays are refused with RV006). Immutable and thread-safe.
 *
 * @param kind the operation
 * @param account the acting node id
 * @param sequence strictly increasing per account, ≥ 1
 * @param timestampMillis epoch ms
 * @param params operation parameters (strings, longs, booleans)
 * @param signature ML-DSA-65 over the signed bytes (copied in and out)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out
public record LedgerRequest(
        Kind kind, String account, long sequence, long timestampMillis, Map<String, Object> params, byte[] signature) {
    /** Ledger operations. */
    public enum Kind {
        /** Read the balance. */
        BALANCE(Tags.LEDGER_READ),
        /** Stake {@code amount} micro-rUv for {@code lock_days}. */
        STAKE(Tags.STAKE),
        /** Return an unlocked stake. */
        UNSTAKE(Tags.UNSTAKE),
        /** Claim pending rewards. */
        CLAIM(Tags.CLAIM),
        /** Read staking info. */
        STAKING_INFO(Tags.LEDGER_READ),
        /** Open a governance proposal ({@code type}, {@code description}). */
        GOVERNANCE_CREATE(Tags.GOVERNANCE_CREATE),
        /** Vote ({@code id}, {@code choice}, {@code weight}). */
        GOVERNANCE_VOTE(Tags.GOVERNANCE_VOTE),
        /** Read a tally ({@code id}). */
        GOVERNANCE_TALLY(Tags.LEDGER_READ),
        /** Finalize ({@code id}). */
        GOVERNANCE_FINALIZE(Tags.GOVERNANCE_FINALIZE);

        private final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }

    /** Validates and copies. */
    public LedgerRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(account, "account");
        params = Map.copyOf(params);
        signature = signature.clone();
    }

    static byte[] signedBytes(Kind kind, String account, long sequence, long ts, Map<String, Object> params) {
        return new Wire.Writer(256)
                .raw(Bytes.utf8(kind.tag()))
                .string(kind.name())
                .string(account)
                .u64(sequence)
                .u64(ts)
                .field(CanonicalJson.bytes(params))
                .toByteArray();
    }

    static LedgerRequest sign(NodeIdentity who, Kind kind, long sequence, long ts, Map<String, Object> params) {
        byte[] sig = who.sign(signedBytes(kind, who.nodeId(), sequence, ts, params));
        return new LedgerRequest(kind, who.nodeId(), sequence, ts, params, sig);
    }

    boolean verify(byte[] accountKey) {
        return account.equals(PublicIdentity.nodeIdOf(accountKey))
                && QuDagCrypto.verify(
                        accountKey, signedBytes(kind, account, sequence, timestampMillis, params), signature);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerRequest r
                && kind == r.kind
                && account.equals(r.account)
                && sequence == r.sequence
                && timestampMillis == r.timestampMillis
                && params.equals(r.params)
                && java.util.Arrays.equals(signature, r.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, account, sequence);
    }

    @Override
    public String toString() {
        return "LedgerRequest[" + kind + ", " + account + ", seq " + sequence + "]";
    }
}
