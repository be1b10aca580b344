package io.neuraldag.qudag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A pattern proposal as signed by its proposer (spec 03 §3.1). The signed bytes are
 *
 * <pre>{@code
 * "neural-dag/qudag/proposal/v1"
 * ‖ f(proposer) ‖ f(u64 sequence) ‖ f(u64 timestamp ms) ‖ f(u64 stake micro-rUv) ‖ f(i32 count)
 * ‖ per pattern: f(i32 dim) ‖ f(float32 BE values) ‖ f(u8 attention) ‖ f(u8 quality tenths) ‖ f(u8 bucket)
 * ‖ f(RFC 8785 metadata)
 * }</pre>
 *
 * where {@code f(x) = u32 BE length ‖ x}. The id is the hex BLAKE3-256 of the signed bytes; the
 * signature is ML-DSA-65 over them. Decoding checks every length against the limits of {@link
 * ProposalLimits} and rejects non-canonical metadata, so one content has exactly one id. Immutable
 * and thread-safe.
 */
@SuppressWarnings("EnumOrdinal") // ordinals of the append-only enums are the wire format
public final class SignedProposal {
    private final String proposer;
    private final long sequence;
    private final long timestampMillis;
    private final long stakeMicros;
    private final List<NoisyPattern> patterns;
    private final Map<String, String> metadata;
    private final byte[] signedBytes;
    private final byte[] signature;
    private final String id;

    private SignedProposal(
            String proposer,
            long sequence,
            long timestampMillis,
            long stakeMicros,
            List<NoisyPattern> patterns,
            Map<String, String> metadata,
            byte[] signedBytes,
            byte[] signature) {
        this.proposer = proposer;
        this.sequence = sequence;
        this.timestampMillis = timestampMillis;
        this.stakeMicros = stakeMicros;
        this.patterns = List.copyOf(patterns);
        this.metadata = Map.copyOf(metadata);
        this.signedBytes = signedBytes;
        this.signature = signature;
        this.id = Bytes.hex(QuDagCrypto.blake3(signedBytes));
    }

    /**
     * Encodes and signs a proposal.
     *
     * @param identity the proposer
     * @param sequence strictly increasing per proposer, ≥ 1
     * @param timestampMillis epoch milliseconds
     * @param stakeMicros stake ≥ 0
     * @param patterns 1…100 released patterns
     * @param metadata canonicalizable metadata
     * @return the signed proposal
     * @throws IllegalArgumentException on a limit violation
     */
    public static SignedProposal sign(
            NodeIdentity identity,
            long sequence,
            long timestampMillis,
            long stakeMicros,
            List<NoisyPattern> patterns,
            Map<String, String> metadata) {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be >= 1, got " + sequence);
        }
        if (stakeMicros < 0) {
            throw new IllegalArgumentException("stake must be >= 0, got " + stakeMicros);
        }
        if (patterns.isEmpty() || patterns.size() > ProposalLimits.MAX_PATTERNS) {
            throw new IllegalArgumentException("a proposal carries 1..100 patterns, got " + patterns.size());
        }
        CanonicalJson.checkMetadata(metadata);
        byte[] bytes = encode(identity.nodeId(), sequence, timestampMillis, stakeMicros, patterns, metadata);
        if (bytes.length > ProposalLimits.MAX_PROPOSAL_BYTES) {
            throw new IllegalArgumentException("signed proposal exceeds 1 MiB: " + bytes.length + " bytes");
        }
        return new SignedProposal(
                identity.nodeId(),
                sequence,
                timestampMillis,
                stakeMicros,
                patterns,
                metadata,
                bytes,
                identity.sign(bytes));
    }

    static byte[] encode(
            String proposer,
            long sequence,
            long timestampMillis,
            long stakeMicros,
            List<NoisyPattern> patterns,
            Map<String, String> metadata) {
        Wire.Writer w = new Wire.Writer(256 + patterns.size() * 1040);
        w.raw(Bytes.utf8(Tags.PROPOSAL));
        w.string(proposer).u64(sequence).u64(timestampMillis).u64(stakeMicros).i32(patterns.size());
        for (NoisyPattern p : patterns) {
            float[] c = p.centroidRef();
            w.i32(c.length)
                    .floats(c)
                    .u8(p.attention().ordinal())
                    .u8(p.qualityTenths())
                    .u8(p.bucket().ordinal());
        }
        w.field(CanonicalJson.bytes(metadata));
        return w.toByteArray();
    }

    /**
     * Decodes signed bytes and attaches a signature (not yet verified: see {@link #verify}).
     *
     * @param signedBytes the signed bytes
     * @param signature the signature
     * @return the proposal
     * @throws QuDagException RV011 on malformed or over-limit bytes
     */
    public static SignedProposal decode(byte[] signedBytes, byte[] signature) {
        if (signedBytes.length > ProposalLimits.MAX_PROPOSAL_BYTES) {
            throw QuDagException.invalid("signed proposal exceeds 1 MiB: " + signedBytes.length + " bytes");
        }
        Wire.Reader r = new Wire.Reader(signedBytes);
        r.expectRaw(Bytes.utf8(Tags.PROPOSAL), "proposal");
        String proposer = r.string("proposer", 64);
        long sequence = r.u64("sequence");
        long ts = r.u64("timestamp");
        long stake = r.u64("stake");
        int count = r.i32("pattern count");
        if (sequence < 1 || stake < 0 || ts < 0) {
            throw QuDagException.invalid("sequence, timestamp or stake out of range");
        }
        if (count < 1 || count > ProposalLimits.MAX_PATTERNS) {
            throw QuDagException.invalid("pattern count must be in [1, 100], got " + count);
        }
        List<NoisyPattern> patterns = new ArrayList<>(count);
        AttentionType[] attentions = AttentionType.values();
        CountBucket[] buckets = CountBucket.values();
        for (int i = 0; i < count; i++) {
            int dim = r.i32("dimension");
            float[] c = r.floats("centroid", ProposalLimits.MAX_DIMENSION);
            int att = r.u8("attention");
            int q = r.u8("quality");
            int b = r.u8("bucket");
            if (dim != c.length || att >= attentions.length || b >= buckets.length) {
                throw QuDagException.invalid("pattern " + i + ": dimension, attention or bucket out of range");
            }
            try {
                patterns.add(new NoisyPattern(c, attentions[att], q, buckets[b]));
            } catch (IllegalArgumentException e) {
                throw QuDagException.invalid("pattern " + i + ": " + e.getMessage());
            }
        }
        Map<String, String> metadata =
                CanonicalJson.parseMetadata(r.field("metadata", ProposalLimits.MAX_PROPOSAL_BYTES));
        r.expectEnd("proposal");
        return new SignedProposal(
                proposer, sequence, ts, stake, patterns, metadata, signedBytes.clone(), signature.clone());
    }

    /**
     * Whether the signature verifies under {@code proposerKey} and that key is the proposer's (id
     * binding).
     *
     * @param proposerKey the claimed proposer's ML-DSA public key
     * @return whether both hold
     */
    public boolean verify(byte[] proposerKey) {
        return proposer.equals(PublicIdentity.nodeIdOf(proposerKey))
                && QuDagCrypto.verify(proposerKey, signedBytes, signature);
    }

    /**
     * Sign, then encrypt: seals {@code u32(|bytes|) ‖ bytes ‖ signature} to the network key.
     *
     * @param networkKemKey the network's ML-KEM-768 key
     * @param random randomness for KEM and nonce
     * @return the envelope to submit
     */
    public SignedEnvelope seal(byte[] networkKemKey, java.security.SecureRandom random) {
        byte[] plain = new Wire.Writer(signedBytes.length + signature.length + 8)
                .field(signedBytes)
                .raw(signature)
                .toByteArray();
        return new SignedEnvelope(
                id, proposer, PatternEnvelope.seal(networkKemKey, Tags.PROPOSAL, id, proposer, plain, random));
    }

    /**
     * Opens and decodes an envelope; checks that the id is the content hash and matches the
     * envelope's id and proposer. The signature is not verified here.
     *
     * @param networkIdentity holder of the network KEM secret
     * @param envelope the envelope
     * @return the proposal
     * @throws QuDagException RV008 if it does not decrypt, RV011 if malformed, RV006 if the id or
     *     proposer does not match
     */
    static SignedProposal open(NodeIdentity networkIdentity, SignedEnvelope envelope) {
        byte[] plain = networkIdentity.open(Tags.PROPOSAL, envelope.id(), envelope.proposer(), envelope.sealed());
        Wire.Reader r = new Wire.Reader(plain);
        byte[] bytes = r.field("signed proposal", ProposalLimits.MAX_PROPOSAL_BYTES);
        int sigLen = plain.length - 4 - bytes.length;
        if (sigLen != QuDagCrypto.SIGNATURE_BYTES) {
            throw QuDagException.crypto("signature must be 3309 bytes, got " + sigLen);
        }
        byte[] sig = Arrays.copyOfRange(plain, 4 + bytes.length, plain.length);
        SignedProposal p = decode(bytes, sig);
        if (!p.id.equals(envelope.id())) {
            throw QuDagException.auth("envelope id " + envelope.id() + " is not the content hash " + p.id);
        }
        if (!p.proposer.equals(envelope.proposer())) {
            throw QuDagException.auth("envelope proposer differs from the signed proposer");
        }
        return p;
    }

    /**
     * The id: hex BLAKE3-256 of the signed bytes.
     *
     * @return 64 hex characters
     */
    public String id() {
        return id;
    }

    /**
     * The proposer's node id.
     *
     * @return the node id
     */
    public String proposer() {
        return proposer;
    }

    /**
     * The proposer's sequence number.
     *
     * @return ≥ 1
     */
    public long sequence() {
        return sequence;
    }

    /**
     * When it was signed.
     *
     * @return epoch ms
     */
    public long timestampMillis() {
        return timestampMillis;
    }

    /**
     * The attached stake.
     *
     * @return micro-rUv
     */
    public long stakeMicros() {
        return stakeMicros;
    }

    /**
     * The released patterns.
     *
     * @return 1…100 patterns
     */
    public List<NoisyPattern> patterns() {
        return patterns;
    }

    /**
     * The metadata.
     *
     * @return an unmodifiable map
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The signed bytes (a copy).
     *
     * @return the bytes
     */
    public byte[] signedBytes() {
        return signedBytes.clone();
    }

    /**
     * The signature (a copy).
     *
     * @return 3309 bytes
     */
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * The mean released quality.
     *
     * @return in [0, 1]
     */
    public double meanQuality() {
        double s = 0;
        for (NoisyPattern p : patterns) {
            s += p.quality();
        }
        return s / patterns.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedProposal p && id.equals(p.id) && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "SignedProposal[" + id.substring(0, 12) + "…, " + proposer + ", seq " + sequence + "]";
    }
}
