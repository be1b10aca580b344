package io.neuraldag.qudag;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A node's long-term keys: an ML-DSA-65 signing key pair and an ML-KEM-768 key pair, and the node id
 * bound to the signing key ({@code qudag_} + hex of 16 bytes of BLAKE3(ML-DSA public key)).
 *
 * <p>Secret keys are held in {@link SecretBytes}; {@link #close()} zeroes them, and {@link
 * #toString()} shows the node id only. Persist with {@link FileKeystore}. Thread-safe.
 */
public final class NodeIdentity implements AutoCloseable {
    private final PublicIdentity publicIdentity;
    private final SecretBytes dsaSecret;
    private final SecretBytes kemSecret;

    NodeIdentity(DsaKeyPair dsa, KemKeyPair kem) {
        this.publicIdentity =
                new PublicIdentity(PublicIdentity.nodeIdOf(dsa.publicKey()), dsa.publicKey(), kem.publicKey());
        this.dsaSecret = dsa.secretKey();
        this.kemSecret = kem.secretKey();
    }

    /**
     * Generates a fresh identity from the platform {@link SecureRandom}.
     *
     * @return the identity (about 2 ms)
     */
    public static NodeIdentity generate() {
        return generate(QuDagCrypto.defaultRandom());
    }

    /**
     * Generates a fresh identity.
     *
     * @param random the randomness source
     * @return the identity
     */
    public static NodeIdentity generate(SecureRandom random) {
        return new NodeIdentity(QuDagCrypto.dsaKeyPair(random), QuDagCrypto.kemKeyPair(random));
    }

    /**
     * Derives an identity deterministically from a seed, for simulations and tests only: anyone who
     * knows the seed has the keys.
     *
     * @param seed the seed
     * @return the identity
     */
    public static NodeIdentity fromSeed(long seed) {
        byte[] material = Bytes.longBytes(seed);
        byte[] dsaSeed = QuDagCrypto.deriveKey("neural-dag qudag 2026 simulation identity dsa seed", material);
        byte[] kemSeed = Bytes.concat(
                QuDagCrypto.deriveKey("neural-dag qudag 2026 simulation identity kem seed d", material),
                QuDagCrypto.deriveKey("neural-dag qudag 2026 simulation identity kem seed z", material));
        try {
            return new NodeIdentity(QuDagCrypto.dsaKeyPairFromSeed(dsaSeed), QuDagCrypto.kemKeyPairFromSeed(kemSeed));
        } finally {
            Arrays.fill(dsaSeed, (byte) 0);
            Arrays.fill(kemSeed, (byte) 0);
        }
    }

    static NodeIdentity fromKeys(byte[] dsaPk, SecretBytes dsaSk, byte[] kemPk, SecretBytes kemSk) {
        return new NodeIdentity(new DsaKeyPair(dsaPk, dsaSk), new KemKeyPair(kemPk, kemSk));
    }

    /**
     * The node id.
     *
     * @return {@code qudag_…}
     */
    public String nodeId() {
        return publicIdentity.nodeId();
    }

    /**
     * The public keys and id.
     *
     * @return the public identity
     */
    public PublicIdentity publicIdentity() {
        return publicIdentity;
    }

    /**
     * Signs {@code message} with this node's ML-DSA-65 key.
     *
     * @param message the message
     * @return a 3309-byte signature
     * @throws IllegalStateException if the identity was closed
     */
    public byte[] sign(byte[] message) {
        return QuDagCrypto.sign(dsaSecret, Objects.requireNonNull(message, "message"));
    }

    /**
     * Opens an envelope sealed to this node's KEM key.
     *
     * @param tag the expected tag
     * @param id the expected id
     * @param proposer the expected proposer
     * @param envelope the envelope
     * @return the plaintext
     * @throws QuDagException RV008 if it does not authenticate
     */
    public byte[] open(String tag, String id, String proposer, byte[] envelope) {
        return PatternEnvelope.open(kemSecret, tag, id, proposer, envelope);
    }

    SecretBytes dsaSecret() {
        return dsaSecret;
    }

    SecretBytes kemSecret() {
        return kemSecret;
    }

    /** Zeroes both secret keys; the identity can no longer sign or open. */
    @Override
    public void close() {
        dsaSecret.destroy();
        kemSecret.destroy();
    }

    @Override
    public String toString() {
        return "NodeIdentity[" + nodeId() + ", secrets redacted]";
    }
}
