package io.neuraldag.qudag;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Blake3Parameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * The primitives of spec 03 §3.3 on Bouncy Castle's lightweight API: ML-KEM-768 (FIPS 203), ML-DSA-65
 * (FIPS 204, pure mode, empty context), BLAKE3 hashing and key derivation, and ChaCha20-Poly1305
 * (RFC 8439).
 *
 * <p>Keys travel as raw FIPS encodings (secret keys in the expanded form of the standards). Every
 * length is checked before a key or ciphertext reaches the library; a wrong length, a wrong key or
 * tampered bytes raise {@link QuDagException} with {@link QuDagException.Code#RV008_CRYPTO_ERROR},
 * and no partial plaintext is ever returned. ML-KEM decapsulation with a wrong key does not fail by
 * itself (implicit rejection yields an unrelated secret); the AEAD step that follows detects it.
 *
 * <p>Costs on one core (Bouncy Castle 1.87, order of magnitude): ML-DSA-65 keygen 1 ms, sign 2 ms,
 * verify 0.6 ms; ML-KEM-768 keygen 0.5 ms, encapsulate and decapsulate 0.3 ms. Stateless and
 * thread-safe.
 */
public final class QuDagCrypto {
    /** The startup self-description: the FIPS 203/204 algorithms and their provider. */
    public static final String PROVIDER_DESCRIPTION = "FIPS 203/204 (Bouncy Castle)";
    /** ML-KEM-768 encapsulation key, bytes. */
    public static final int KEM_PUBLIC_KEY_BYTES = 1184;
    /** ML-KEM-768 decapsulation key (expanded), bytes. */
    public static final int KEM_SECRET_KEY_BYTES = 2400;
    /** ML-KEM-768 ciphertext, bytes. */
    public static final int KEM_CIPHERTEXT_BYTES = 1088;
    /** ML-KEM shared secret, bytes. */
    public static final int SHARED_SECRET_BYTES = 32;
    /** ML-DSA-65 public key, bytes. */
    public static final int DSA_PUBLIC_KEY_BYTES = 1952;
    /** ML-DSA-65 secret key (expanded), bytes. */
    public static final int DSA_SECRET_KEY_BYTES = 4032;
    /** ML-DSA-65 signature, bytes. */
    public static final int SIGNATURE_BYTES = 3309;
    /** ChaCha20-Poly1305 nonce, bytes. */
    public static final int NONCE_BYTES = 12;
    /** ChaCha20-Poly1305 key, bytes. */
    public static final int AEAD_KEY_BYTES = 32;
    /** Poly1305 tag, bytes. */
    public static final int AEAD_TAG_BYTES = 16;
    /** BLAKE3 output used throughout, bytes. */
    public static final int HASH_BYTES = 32;

    private QuDagCrypto() {}

    // ------------------------------------------------------------------ ML-KEM-768

    /**
     * Generates an ML-KEM-768 key pair.
     *
     * @param random the randomness source
     * @return the key pair (public 1184 bytes, secret 2400 bytes)
     */
    public static KemKeyPair kemKeyPair(SecureRandom random) {
        MLKEMKeyPairGenerator g = new MLKEMKeyPairGenerator();
        g.init(new MLKEMKeyGenerationParameters(Objects.requireNonNull(random, "random"), MLKEMParameters.ml_kem_768));
        AsymmetricCipherKeyPair kp = g.generateKeyPair();
        return kemPair((MLKEMPrivateKeyParameters) kp.getPrivate());
    }

    /**
     * Derives an ML-KEM-768 key pair from a 64-byte seed (d ‖ z of FIPS 203), deterministically.
     *
     * @param seed 64 bytes
     * @return the key pair
     * @throws QuDagException RV008 if the seed is not 64 bytes
     */
    public static KemKeyPair kemKeyPairFromSeed(byte[] seed) {
        checkLength("ML-KEM seed", seed, 64);
        return kemPair(new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, seed.clone()));
    }

    private static KemKeyPair kemPair(MLKEMPrivateKeyParameters sk) {
        MLKEMPrivateKeyParameters expanded = sk.withPreferredFormat(MLKEMPrivateKeyParameters.EXPANDED_KEY);
        return new KemKeyPair(sk.getPublicKey(), SecretBytes.adopt(expanded.getEncoded()));
    }

    /**
     * Encapsulates a fresh shared secret to {@code publicKey}.
     *
     * @param publicKey an ML-KEM-768 encapsulation key
     * @param random the randomness source
     * @return the ciphertext (1088 bytes) and the shared secret (32 bytes)
     * @throws QuDagException RV008 if the key has the wrong length or is not a valid key
     */
    public static Encapsulation encapsulate(byte[] publicKey, SecureRandom random) {
        checkLength("ML-KEM public key", publicKey, KEM_PUBLIC_KEY_BYTES);
        MLKEMPublicKeyParameters pk;
        try {
            pk = new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, publicKey.clone());
        } catch (IllegalArgumentException e) {
            throw QuDagException.crypto("ML-KEM public key rejected");
        }
        SecretWithEncapsulation swe =
                new MLKEMGenerator(Objects.requireNonNull(random, "random")).generateEncapsulated(pk);
        byte[] secret = swe.getSecret();
        byte[] ct = swe.getEncapsulation();
        try {
            swe.destroy();
        } catch (javax.security.auth.DestroyFailedException ignored) {
            // Bouncy Castle zeroes its copy; a failure leaves only our own copy, which we own.
        }
        return new Encapsulation(ct, SecretBytes.adopt(secret));
    }

    /**
     * Decapsulates {@code ciphertext} with {@code secretKey}. A wrong key yields an unrelated secret
     * (implicit rejection, FIPS 203 §6.3); authenticate what the secret protects.
     *
     * @param secretKey an expanded ML-KEM-768 decapsulation key
     * @param ciphertext 1088 bytes
     * @return the shared secret
     * @throws QuDagException RV008 on a wrong length
     */
    public static SecretBytes decapsulate(SecretBytes secretKey, byte[] ciphertext) {
        checkLength("ML-KEM ciphertext", ciphertext, KEM_CIPHERTEXT_BYTES);
        if (secretKey.length() != KEM_SECRET_KEY_BYTES) {
            throw QuDagException.crypto(
                    "ML-KEM secret key must be " + KEM_SECRET_KEY_BYTES + " bytes, got " + secretKey.length());
        }
        return secretKey.apply(sk -> {
            MLKEMPrivateKeyParameters p;
            try {
                p = new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, sk);
            } catch (IllegalArgumentException e) {
                throw QuDagException.crypto("ML-KEM secret key rejected");
            }
            try {
                return SecretBytes.adopt(new MLKEMExtractor(p).extractSecret(ciphertext));
            } finally {
                p.destroy();
            }
        });
    }

    // ------------------------------------------------------------------ ML-DSA-65

    /**
     * Generates an ML-DSA-65 key pair.
     *
     * @param random the randomness source
     * @return the key pair (public 1952 bytes, secret 4032 bytes)
     */
    public static DsaKeyPair dsaKeyPair(SecureRandom random) {
        MLDSAKeyPairGenerator g = new MLDSAKeyPairGenerator();
        g.init(new MLDSAKeyGenerationParameters(Objects.requireNonNull(random, "random"), MLDSAParameters.ml_dsa_65));
        return dsaPair((MLDSAPrivateKeyParameters) g.generateKeyPair().getPrivate());
    }

    /**
     * Derives an ML-DSA-65 key pair from a 32-byte seed (ξ of FIPS 204), deterministically.
     *
     * @param seed 32 bytes
     * @return the key pair
     * @throws QuDagException RV008 if the seed is not 32 bytes
     */
    public static DsaKeyPair dsaKeyPairFromSeed(byte[] seed) {
        checkLength("ML-DSA seed", seed, 32);
        return dsaPair(new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed.clone()));
    }

    private static DsaKeyPair dsaPair(MLDSAPrivateKeyParameters sk) {
        MLDSAPrivateKeyParameters expanded = sk.withPreferredFormat(MLDSAPrivateKeyParameters.EXPANDED_KEY);
        return new DsaKeyPair(sk.getPublicKey(), SecretBytes.adopt(expanded.getEncoded()));
    }

    /**
     * Signs {@code message} with ML-DSA-65 in pure mode with an empty context (hedged: fresh
     * randomness per signature).
     *
     * @param secretKey an expanded ML-DSA-65 secret key
     * @param message the message
     * @return the 3309-byte signature
     * @throws QuDagException RV008 if the key is malformed
     */
    public static byte[] sign(SecretBytes secretKey, byte[] message) {
        Objects.requireNonNull(message, "message");
        if (secretKey.length() != DSA_SECRET_KEY_BYTES) {
            throw QuDagException.crypto(
                    "ML-DSA secret key must be " + DSA_SECRET_KEY_BYTES + " bytes, got " + secretKey.length());
        }
        return secretKey.apply(sk -> {
            MLDSAPrivateKeyParameters p;
            try {
                p = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, sk);
            } catch (IllegalArgumentException e) {
                throw QuDagException.crypto("ML-DSA secret key rejected");
            }
            try {
                MLDSASigner s = new MLDSASigner();
                s.init(true, new ParametersWithRandom(p, RANDOM));
                s.update(message, 0, message.length);
                return s.generateSignature();
            } catch (CryptoException e) {
                throw new QuDagException(QuDagException.Code.RV008_CRYPTO_ERROR, "ML-DSA signing failed", e);
            } finally {
                p.destroy();
            }
        });
    }

    /**
     * Verifies an ML-DSA-65 signature (pure mode, empty context). Lengths are checked first; a
     * public key or signature of the wrong length verifies as {@code false}.
     *
     * @param publicKey the signer's 1952-byte public key
     * @param message the message
     * @param signature the 3309-byte signature
     * @return whether the signature is valid
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        if (publicKey.length != DSA_PUBLIC_KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            MLDSASigner s = new MLDSASigner();
            s.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, publicKey));
            s.update(message, 0, message.length);
            return s.verifySignature(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ BLAKE3

    /**
     * BLAKE3-256 of the concatenation of {@code parts}.
     *
     * @param parts the input pieces
     * @return 32 bytes
     */
    public static byte[] blake3(byte[]... parts) {
        Blake3Digest d = new Blake3Digest(HASH_BYTES * 8);
        for (byte[] p : parts) {
            d.update(p, 0, p.length);
        }
        byte[] out = new byte[HASH_BYTES];
        d.doFinal(out, 0);
        return out;
    }

    /**
     * BLAKE3 in derive-key mode: a 32-byte key for {@code context} from {@code material}.
     *
     * @param context a hard-coded, globally unique context string
     * @param material the key material
     * @return 32 bytes (owned by the caller)
     */
    public static byte[] deriveKey(String context, byte[] material) {
        Blake3Digest d = new Blake3Digest(HASH_BYTES * 8);
        d.init(Blake3Parameters.context(Bytes.utf8(context)));
        d.update(material, 0, material.length);
        byte[] out = new byte[HASH_BYTES];
        d.doFinal(out, 0);
        return out;
    }

    // ------------------------------------------------------------------ ChaCha20-Poly1305

    /**
     * Encrypts and authenticates with ChaCha20-Poly1305.
     *
     * @param key 32 bytes
     * @param nonce 12 bytes, never reused with the same key
     * @param aad associated data (authenticated, not encrypted)
     * @param plaintext the plaintext
     * @return ciphertext ‖ 16-byte tag
     * @throws QuDagException RV008 on a wrong key or nonce length
     */
    public static byte[] aeadSeal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        ChaCha20Poly1305 c = aead(true, key, nonce, aad);
        byte[] out = new byte[c.getOutputSize(plaintext.length)];
        int n = c.processBytes(plaintext, 0, plaintext.length, out, 0);
        try {
            c.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new QuDagException(QuDagException.Code.RV008_CRYPTO_ERROR, "AEAD encryption failed", e);
        }
        return out;
    }

    /**
     * Decrypts and verifies ChaCha20-Poly1305 output; nothing is returned unless the tag verifies.
     *
     * @param key 32 bytes
     * @param nonce 12 bytes
     * @param aad the associated data used when sealing
     * @param sealed ciphertext ‖ tag
     * @return the plaintext
     * @throws QuDagException RV008 if the tag does not verify or a length is wrong
     */
    public static byte[] aeadOpen(byte[] key, byte[] nonce, byte[] aad, byte[] sealed) {
        if (sealed.length < AEAD_TAG_BYTES) {
            throw QuDagException.crypto("AEAD input shorter than the tag: " + sealed.length + " bytes");
        }
        ChaCha20Poly1305 c = aead(false, key, nonce, aad);
        byte[] out = new byte[c.getOutputSize(sealed.length)];
        try {
            int n = c.processBytes(sealed, 0, sealed.length, out, 0);
            c.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            Arrays.fill(out, (byte) 0);
            throw QuDagException.crypto("AEAD authentication failed");
        }
        return out;
    }

    private static ChaCha20Poly1305 aead(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
        checkLength("AEAD key", key, AEAD_KEY_BYTES);
        checkLength("AEAD nonce", nonce, NONCE_BYTES);
        ChaCha20Poly1305 c = new ChaCha20Poly1305();
        c.init(encrypt, new AEADParameters(new KeyParameter(key), AEAD_TAG_BYTES * 8, nonce, aad));
        return c;
    }

    static void checkLength(String what, byte[] b, int expected) {
        if (Objects.requireNonNull(b, what).length != expected) {
            throw QuDagException.crypto(what + " must be " + expected + " bytes, got " + b.length);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    static SecureRandom defaultRandom() {
        return RANDOM;
    }
}
