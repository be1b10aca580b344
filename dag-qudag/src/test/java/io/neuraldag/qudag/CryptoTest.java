package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KEM;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.Test;

/**
 * ML-KEM-768, ML-DSA-65, BLAKE3 and ChaCha20-Poly1305 against independent implementations: the
 * JDK's own providers (ML-KEM and ML-DSA from JDK 24 on, ChaCha20-Poly1305 since 11) and published
 * test vectors. Bouncy Castle's ASN.1 helpers only wrap raw keys in X.509/PKCS#8 for the JDK.
 */
class CryptoTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private static void assumeJdkPqc() {
        assumeTrue(
                Runtime.version().feature() >= 24,
                "JDK " + Runtime.version().feature() + " has no ML-KEM/ML-DSA provider (needs JDK 24+)");
    }

    @Test
    void sizesAreThoseOfFips203And204() {
        KemKeyPair kem = QuDagCrypto.kemKeyPair(RNG);
        DsaKeyPair dsa = QuDagCrypto.dsaKeyPair(RNG);
        assertThat(kem.publicKey()).hasSize(1184);
        assertThat(kem.secretKey().length()).isEqualTo(2400);
        assertThat(dsa.publicKey()).hasSize(1952);
        assertThat(dsa.secretKey().length()).isEqualTo(4032);
        try (Encapsulation e = QuDagCrypto.encapsulate(kem.publicKey(), RNG)) {
            assertThat(e.ciphertext()).hasSize(1088);
            assertThat(e.sharedSecret().length()).isEqualTo(32);
            try (SecretBytes ss = QuDagCrypto.decapsulate(kem.secretKey(), e.ciphertext())) {
                assertThat(ss.copy()).isEqualTo(e.sharedSecret().copy());
            }
        }
        assertThat(QuDagCrypto.sign(dsa.secretKey(), new byte[] {1, 2, 3})).hasSize(3309);
        assertThat(QuDagCrypto.PROVIDER_DESCRIPTION).isEqualTo("FIPS 203/204 (Bouncy Castle)");
    }

    @Test
    void mlKemInteroperatesWithTheJdkProviderBothWays() throws Exception {
        assumeJdkPqc();
        // ours -> JDK: JDK encapsulates to our public key, we decapsulate
        KemKeyPair ours = QuDagCrypto.kemKeyPair(RNG);
        byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                        new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, ours.publicKey()))
                .getEncoded();
        PublicKey jdkPk = KeyFactory.getInstance("ML-KEM").generatePublic(new X509EncodedKeySpec(spki));
        KEM.Encapsulated enc = KEM.getInstance("ML-KEM").newEncapsulator(jdkPk).encapsulate();
        try (SecretBytes ss = QuDagCrypto.decapsulate(ours.secretKey(), enc.encapsulation())) {
            assertThat(ss.copy()).isEqualTo(enc.key().getEncoded());
        }
        // our secret key in PKCS#8 decapsulates our ciphertext in the JDK
        byte[] p8 = PrivateKeyInfoFactory.createPrivateKeyInfo(new MLKEMPrivateKeyParameters(
                        MLKEMParameters.ml_kem_768, ours.secretKey().copy()))
                .getEncoded();
        PrivateKey jdkSk = KeyFactory.getInstance("ML-KEM").generatePrivate(new PKCS8EncodedKeySpec(p8));
        try (Encapsulation e = QuDagCrypto.encapsulate(ours.publicKey(), RNG)) {
            byte[] jdkSs = KEM.getInstance("ML-KEM")
                    .newDecapsulator(jdkSk)
                    .decapsulate(e.ciphertext())
                    .getEncoded();
            assertThat(jdkSs).isEqualTo(e.sharedSecret().copy());
        }
        // JDK key pair -> ours
        KeyPair jdk = KeyPairGenerator.getInstance("ML-KEM-768").generateKeyPair();
        byte[] rawPk = ((MLKEMPublicKeyParameters)
                        PublicKeyFactory.createKey(jdk.getPublic().getEncoded()))
                .getEncoded();
        byte[] rawSk = ((MLKEMPrivateKeyParameters)
                        PrivateKeyFactory.createKey(jdk.getPrivate().getEncoded()))
                .withPreferredFormat(MLKEMPrivateKeyParameters.EXPANDED_KEY)
                .getEncoded();
        try (Encapsulation e = QuDagCrypto.encapsulate(rawPk, RNG)) {
            byte[] jdkSs = KEM.getInstance("ML-KEM")
                    .newDecapsulator(jdk.getPrivate())
                    .decapsulate(e.ciphertext())
                    .getEncoded();
            assertThat(jdkSs).isEqualTo(e.sharedSecret().copy());
        }
        KEM.Encapsulated enc2 =
                KEM.getInstance("ML-KEM").newEncapsulator(jdk.getPublic()).encapsulate();
        try (SecretBytes ss = QuDagCrypto.decapsulate(SecretBytes.copyOf(rawSk), enc2.encapsulation())) {
            assertThat(ss.copy()).isEqualTo(enc2.key().getEncoded());
        }
    }

    @Test
    void mlDsaInteroperatesWithTheJdkProviderBothWays() throws Exception {
        assumeJdkPqc();
        byte[] msg = "proposal bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        DsaKeyPair ours = QuDagCrypto.dsaKeyPair(RNG);
        byte[] sig = QuDagCrypto.sign(ours.secretKey(), msg);
        byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
                        new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, ours.publicKey()))
                .getEncoded();
        Signature v = Signature.getInstance("ML-DSA");
        v.initVerify(KeyFactory.getInstance("ML-DSA").generatePublic(new X509EncodedKeySpec(spki)));
        v.update(msg);
        assertThat(v.verify(sig)).isTrue();
        byte[] p8 = PrivateKeyInfoFactory.createPrivateKeyInfo(new MLDSAPrivateKeyParameters(
                        MLDSAParameters.ml_dsa_65, ours.secretKey().copy()))
                .getEncoded();
        Signature s = Signature.getInstance("ML-DSA");
        s.initSign(KeyFactory.getInstance("ML-DSA").generatePrivate(new PKCS8EncodedKeySpec(p8)));
        s.update(msg);
        assertThat(QuDagCrypto.verify(ours.publicKey(), msg, s.sign())).isTrue();
        // JDK key pair signs, we verify; we sign with the JDK's secret key, the JDK verifies
        KeyPair jdk = KeyPairGenerator.getInstance("ML-DSA-65").generateKeyPair();
        Signature js = Signature.getInstance("ML-DSA");
        js.initSign(jdk.getPrivate());
        js.update(msg);
        byte[] jsig = js.sign();
        byte[] rawPk = ((MLDSAPublicKeyParameters)
                        PublicKeyFactory.createKey(jdk.getPublic().getEncoded()))
                .getEncoded();
        assertThat(QuDagCrypto.verify(rawPk, msg, jsig)).isTrue();
        byte[] rawSk = ((MLDSAPrivateKeyParameters)
                        PrivateKeyFactory.createKey(jdk.getPrivate().getEncoded()))
                .withPreferredFormat(MLDSAPrivateKeyParameters.EXPANDED_KEY)
                .getEncoded();
        byte[] oursig = QuDagCrypto.sign(SecretBytes.copyOf(rawSk), msg);
        Signature jv = Signature.getInstance("ML-DSA");
        jv.initVerify(jdk.getPublic());
        jv.update(msg);
        assertThat(jv.verify(oursig)).isTrue();
    }

    @Test
    void signatureRejectsEveryFlippedByteWrongKeyWrongLengthsAndZeros() {
        DsaKeyPair a = QuDagCrypto.dsaKeyPair(RNG);
        DsaKeyPair b = QuDagCrypto.dsaKeyPair(RNG);
        byte[] msg = new byte[64];
        RNG.nextBytes(msg);
        byte[] sig = QuDagCrypto.sign(a.secretKey(), msg);
        assertThat(QuDagCrypto.verify(a.publicKey(), msg, sig)).isTrue();
        assertThat(QuDagCrypto.verify(b.publicKey(), msg, sig)).isFalse();
        assertThat(QuDagCrypto.verify(a.publicKey(), msg, Arrays.copyOf(sig, 3308)))
                .isFalse();
        assertThat(QuDagCrypto.verify(a.publicKey(), msg, Arrays.copyOf(sig, 3310)))
                .isFalse();
        assertThat(QuDagCrypto.verify(a.publicKey(), msg, new byte[3309])).isFalse();
        assertThat(QuDagCrypto.verify(Arrays.copyOf(a.publicKey(), 1951), msg, sig))
                .isFalse();
        // every byte of the message, and a sample of signature positions (one verify is ~0.6 ms)
        for (int i = 0; i < msg.length; i++) {
            byte[] m = msg.clone();
            m[i] ^= 1;
            assertThat(QuDagCrypto.verify(a.publicKey(), m, sig))
                    .as("message byte %d", i)
                    .isFalse();
        }
        for (int i = 0; i < sig.length; i += 13) {
            byte[] s = sig.clone();
            s[i] ^= (byte) (1 << (i % 8));
            assertThat(QuDagCrypto.verify(a.publicKey(), msg, s))
                    .as("signature byte %d", i)
                    .isFalse();
        }
    }

    @Test
    void envelopeRejectsAFlippedBitAtEveryBytePositionAndAnyOtherContext() {
        KemKeyPair kem = QuDagCrypto.kemKeyPair(RNG);
        KemKeyPair other = QuDagCrypto.kemKeyPair(RNG);
        byte[] plain = "signed proposal bytes ‖ signature".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] env = PatternEnvelope.seal(kem.publicKey(), "t", "id1", "qudag_x", plain, RNG);
        assertThat(env).hasSize(PatternEnvelope.OVERHEAD_BYTES + plain.length);
        assertThat(PatternEnvelope.open(kem.secretKey(), "t", "id1", "qudag_x", env))
                .isEqualTo(plain);
        // every byte position of ciphertext, nonce and body
        for (int i = 0; i < env.length; i++) {
            byte[] e = env.clone();
            e[i] ^= (byte) (1 << (i % 8));
            int pos = i;
            assertThatThrownBy(() -> PatternEnvelope.open(kem.secretKey(), "t", "id1", "qudag_x", e))
                    .as("byte %d", pos)
                    .isInstanceOfSatisfying(
                            QuDagException.class,
                            x -> assertThat(x.code()).isEqualTo(QuDagException.Code.RV008_CRYPTO_ERROR));
        }
        // every byte of the associated data
        byte[] aad = PatternEnvelope.aad("t", "id1", "qudag_x");
        assertThat(aad).hasSize(12 + 1 + 3 + 7);
        String[][] contexts = {
            {"u", "id1", "qudag_x"}, {"t", "id2", "qudag_x"}, {"t", "id1", "qudag_y"}, {"t", "id", "1qudag_x"}
        };
        for (String[] c : contexts) {
            assertThatThrownBy(() -> PatternEnvelope.open(kem.secretKey(), c[0], c[1], c[2], env))
                    .isInstanceOf(QuDagException.class);
        }
        assertThatThrownBy(() -> PatternEnvelope.open(other.secretKey(), "t", "id1", "qudag_x", env))
                .isInstanceOf(QuDagException.class);
        for (int cut : new int[] {0, 1, 1087, 1100, env.length - 1}) {
            assertThatThrownBy(
                            () -> PatternEnvelope.open(kem.secretKey(), "t", "id1", "qudag_x", Arrays.copyOf(env, cut)))
                    .isInstanceOf(QuDagException.class);
        }
        assertThatThrownBy(() -> PatternEnvelope.seal(Arrays.copyOf(kem.publicKey(), 1183), "t", "i", "p", plain, RNG))
                .isInstanceOf(QuDagException.class);
        assertThatThrownBy(() -> QuDagCrypto.decapsulate(SecretBytes.copyOf(new byte[2399]), new byte[1088]))
                .isInstanceOf(QuDagException.class);
    }

    @Test
    void aadBitFlipsAreRejectedAtEveryPosition() {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        RNG.nextBytes(key);
        RNG.nextBytes(nonce);
        byte[] aad = PatternEnvelope.aad("neural-dag/qudag/proposal/v1", "ab".repeat(32), "qudag_" + "0".repeat(32));
        byte[] sealed = QuDagCrypto.aeadSeal(key, nonce, aad, new byte[100]);
        for (int i = 0; i < aad.length; i++) {
            byte[] a = aad.clone();
            a[i] ^= (byte) 0x80;
            assertThatThrownBy(() -> QuDagCrypto.aeadOpen(key, nonce, a, sealed))
                    .isInstanceOf(QuDagException.class);
        }
        for (int i = 0; i < nonce.length; i++) {
            byte[] n = nonce.clone();
            n[i] ^= 1;
            assertThatThrownBy(() -> QuDagCrypto.aeadOpen(key, n, aad, sealed)).isInstanceOf(QuDagException.class);
        }
    }

    @Test
    void chacha20Poly1305MatchesTheJdkCipher() throws Exception {
        for (int len : new int[] {0, 1, 63, 64, 65, 1000}) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            byte[] aad = new byte[len % 17];
            byte[] pt = new byte[len];
            RNG.nextBytes(key);
            RNG.nextBytes(nonce);
            RNG.nextBytes(aad);
            RNG.nextBytes(pt);
            Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            c.updateAAD(aad);
            byte[] jdk = c.doFinal(pt);
            assertThat(QuDagCrypto.aeadSeal(key, nonce, aad, pt)).isEqualTo(jdk);
            assertThat(QuDagCrypto.aeadOpen(key, nonce, aad, jdk)).isEqualTo(pt);
        }
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    @Test
    void blake3MatchesTheOfficialTestVectors() {
        assertThat(HEX.formatHex(QuDagCrypto.blake3(pattern(0))))
                .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        assertThat(HEX.formatHex(QuDagCrypto.blake3(pattern(1))))
                .isEqualTo("2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213");
        assertThat(HEX.formatHex(QuDagCrypto.blake3(pattern(1024))))
                .isEqualTo("42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7");
        assertThat(HEX.formatHex(QuDagCrypto.blake3(
                        Arrays.copyOf(pattern(1025), 500), Arrays.copyOfRange(pattern(1025), 500, 1025))))
                .isEqualTo("d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444");
        String ctx = "BLAKE3 2019-12-27 16:29:52 test vectors context";
        assertThat(HEX.formatHex(QuDagCrypto.deriveKey(ctx, pattern(0))))
                .isEqualTo("2cc39783c223154fea8dfb7c1b1660f2ac2dcbd1c1de8277b0b0dd39b7e50d7d");
        assertThat(HEX.formatHex(QuDagCrypto.deriveKey(ctx, pattern(1))))
                .isEqualTo("b3e2e340a117a499c6cf2398a19ee0d29cca2bb7404c73063382693bf66cb06c");
        assertThat(HEX.formatHex(QuDagCrypto.deriveKey(ctx, pattern(1024))))
                .isEqualTo("7356cd7720d5b66b6d0697eb3177d9f8d73a4a5c5e968896eb6a689684302706");
    }

    @Test
    void argon2idMatchesRfc9106() {
        // RFC 9106 §5.3: m = 32 KiB, t = 3, p = 4, P = 32 x 01, S = 16 x 02, K = 8 x 03, X = 12 x 04
        byte[] out = new byte[32];
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(32)
                .withIterations(3)
                .withParallelism(4)
                .withSalt(filled(16, 2))
                .withSecret(filled(8, 3))
                .withAdditional(filled(12, 4))
                .build());
        g.generateBytes(filled(32, 1), out);
        assertThat(HEX.formatHex(out)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void seededKeysAreDeterministicAndSecretsAreRedacted() {
        byte[] seed = filled(32, 7);
        DsaKeyPair a = QuDagCrypto.dsaKeyPairFromSeed(seed);
        DsaKeyPair b = QuDagCrypto.dsaKeyPairFromSeed(seed);
        assertThat(a.publicKey()).isEqualTo(b.publicKey());
        assertThat(a.toString())
                .doesNotContain(HEX.formatHex(a.secretKey().copy()).substring(0, 16));
        assertThat(a.secretKey().toString()).isEqualTo("SecretBytes[redacted, 4032 bytes]");
        a.close();
        assertThat(a.secretKey().isDestroyed()).isTrue();
        assertThatThrownBy(() -> a.secretKey().copy()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QuDagCrypto.dsaKeyPairFromSeed(new byte[31])).isInstanceOf(QuDagException.class);
        assertThatThrownBy(() -> QuDagCrypto.kemKeyPairFromSeed(new byte[63])).isInstanceOf(QuDagException.class);
        assertThat(QuDagCrypto.kemKeyPairFromSeed(filled(64, 1)).publicKey())
                .isEqualTo(QuDagCrypto.kemKeyPairFromSeed(filled(64, 1)).publicKey());
    }
}
