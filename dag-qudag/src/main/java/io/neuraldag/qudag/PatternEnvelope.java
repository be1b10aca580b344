package io.neuraldag.qudag;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Hybrid encryption of a payload to an ML-KEM-768 key (spec 03 §3.3): encapsulate, derive a
 * ChaCha20-Poly1305 key with BLAKE3 derive-key, encrypt with a random nonce. The envelope is
 *
 * <pre>{@code ct (1088) ‖ nonce (12) ‖ AEAD(plaintext) (|plaintext| + 16)}</pre>
 *
 * and the associated data binds it to its context: {@code u32(|tag|) ‖ tag ‖ u32(|id|) ‖ id ‖
 * u32(|proposer|) ‖ proposer} (UTF-8, length-prefixed so no two contexts share bytes). Proposals are
 * signed first and the signed bytes encrypted (sign, then encrypt).
 *
 * <p>A wrong secret key, any flipped bit in ciphertext, nonce, body or associated data, or a
 * truncated envelope fails authentication: {@link QuDagException} RV008, and no plaintext. Stateless
 * and thread-safe.
 */
public final class PatternEnvelope {
    /** The BLAKE3 derive-key context of envelope keys. */
    static final String KDF_CONTEXT = "neural-dag qudag 2026 pattern envelope key v1";
    /** Overhead of an envelope over its plaintext, bytes. */
    public static final int OVERHEAD_BYTES =
            QuDagCrypto.KEM_CIPHERTEXT_BYTES + QuDagCrypto.NONCE_BYTES + QuDagCrypto.AEAD_TAG_BYTES;

    private PatternEnvelope() {}

    /**
     * Seals {@code plaintext} to {@code recipientPublicKey}.
     *
     * @param recipientPublicKey an ML-KEM-768 encapsulation key
     * @param tag the message-type tag
     * @param id the message id
     * @param proposer the proposer's node id
     * @param plaintext the payload
     * @param random the randomness source (KEM and nonce)
     * @return the envelope
     * @throws QuDagException RV008 if the key is malformed
     */
    public static byte[] seal(
            byte[] recipientPublicKey, String tag, String id, String proposer, byte[] plaintext, SecureRandom random) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] aad = aad(tag, id, proposer);
        try (Encapsulation enc = QuDagCrypto.encapsulate(recipientPublicKey, random)) {
            byte[] key = enc.sharedSecret().apply(ss -> QuDagCrypto.deriveKey(KDF_CONTEXT, ss));
            try {
                byte[] nonce = new byte[QuDagCrypto.NONCE_BYTES];
                random.nextBytes(nonce);
                byte[] body = QuDagCrypto.aeadSeal(key, nonce, aad, plaintext);
                return Bytes.concat(enc.ciphertext(), nonce, body);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /**
     * Opens an envelope.
     *
     * @param recipientSecretKey the recipient's ML-KEM-768 decapsulation key
     * @param tag the expected tag
     * @param id the expected id
     * @param proposer the expected proposer
     * @param envelope the envelope
     * @return the plaintext
     * @throws QuDagException RV008 on a wrong key, tampering, truncation or another context
     */
    public static byte[] open(SecretBytes recipientSecretKey, String tag, String id, String proposer, byte[] envelope) {
        if (envelope.length < OVERHEAD_BYTES) {
            throw QuDagException.crypto("envelope too short: " + envelope.length + " bytes");
        }
        byte[] aad = aad(tag, id, proposer);
        byte[] ct = Arrays.copyOfRange(envelope, 0, QuDagCrypto.KEM_CIPHERTEXT_BYTES);
        byte[] nonce = Arrays.copyOfRange(
                envelope, QuDagCrypto.KEM_CIPHERTEXT_BYTES, QuDagCrypto.KEM_CIPHERTEXT_BYTES + QuDagCrypto.NONCE_BYTES);
        byte[] body = Arrays.copyOfRange(
                envelope, QuDagCrypto.KEM_CIPHERTEXT_BYTES + QuDagCrypto.NONCE_BYTES, envelope.length);
        try (SecretBytes ss = QuDagCrypto.decapsulate(recipientSecretKey, ct)) {
            byte[] key = ss.apply(s -> QuDagCrypto.deriveKey(KDF_CONTEXT, s));
            try {
                return QuDagCrypto.aeadOpen(key, nonce, aad, body);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    static byte[] aad(String tag, String id, String proposer) {
        Wire.Writer w = new Wire.Writer(64);
        w.string(Objects.requireNonNull(tag, "tag"));
        w.string(Objects.requireNonNull(id, "id"));
        w.string(Objects.requireNonNull(proposer, "proposer"));
        return w.toByteArray();
    }
}
