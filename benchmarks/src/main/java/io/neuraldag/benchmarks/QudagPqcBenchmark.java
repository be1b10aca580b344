package io.neuraldag.benchmarks;

import io.neuraldag.qudag.DsaKeyPair;
import io.neuraldag.qudag.Encapsulation;
import io.neuraldag.qudag.KemKeyPair;
import io.neuraldag.qudag.QuDagCrypto;
import io.neuraldag.qudag.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.SecretKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ML-KEM-768 (FIPS 203) key generation, encapsulation and decapsulation and ML-DSA-65 (FIPS 204,
 * pure, empty context) key generation, signing and verification, with Bouncy Castle through {@link
 * QuDagCrypto} (what dag-qudag uses) and with the JDK's own providers (SunJCE ML-KEM and SUN
 * ML-DSA, JDK 24 and later) side by side in one run.
 *
 * <p>The {@code bc*} methods call the production API, which takes raw key bytes on every call: the
 * key is parsed (and, for ML-DSA signing, the expanded secret key decoded) inside each call, and the
 * ML-KEM key pair is encoded to its expanded form and zeroed on close. The {@code jdk*} methods use
 * {@link java.security.Key} objects made once, and initialise the {@link Signature} with the key on
 * every call (the key changes per message in a network). Signing is hedged (fresh randomness) in
 * both; the signed message is 1 KiB, the size of a 256-float centroid.
 *
 * <p>Run (repository root, JDK 24 or later; after {@code ./mvnw -B -pl benchmarks -am package
 * -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt QudagPqcBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
@SuppressWarnings("NullAway.Init") // JMH fills the fields in @Setup before any benchmark runs
public class QudagPqcBenchmark {
    private final SecureRandom random = new SecureRandom();
    private final byte[] message = new byte[1024];

    private KemKeyPair bcKem;
    private byte[] bcKemPublic;
    private byte[] bcCiphertext;
    private DsaKeyPair bcDsa;
    private byte[] bcDsaPublic;
    private byte[] bcSignature;

    private KeyPairGenerator jdkKemGenerator;
    private KeyPairGenerator jdkDsaGenerator;
    private KeyPair jdkKemPair;
    private KEM jdkKem;
    private byte[] jdkCiphertext;
    private KeyPair jdkDsaPair;
    private Signature jdkSigner;
    private Signature jdkVerifier;
    private byte[] jdkSignature;

    /**
     * Makes one key pair, ciphertext and signature per implementation.
     *
     * @throws GeneralSecurityException if the JDK has no ML-KEM or ML-DSA provider (JDK 23 or older)
     */
    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        random.nextBytes(message);
        bcKem = QuDagCrypto.kemKeyPair(random);
        bcKemPublic = bcKem.publicKey();
        try (Encapsulation e = QuDagCrypto.encapsulate(bcKemPublic, random)) {
            bcCiphertext = e.ciphertext();
        }
        bcDsa = QuDagCrypto.dsaKeyPair(random);
        bcDsaPublic = bcDsa.publicKey();
        bcSignature = QuDagCrypto.sign(bcDsa.secretKey(), message);

        jdkKemGenerator = KeyPairGenerator.getInstance("ML-KEM-768");
        jdkDsaGenerator = KeyPairGenerator.getInstance("ML-DSA-65");
        jdkKemPair = jdkKemGenerator.generateKeyPair();
        jdkKem = KEM.getInstance("ML-KEM");
        jdkCiphertext =
                jdkKem.newEncapsulator(jdkKemPair.getPublic()).encapsulate().encapsulation();
        jdkDsaPair = jdkDsaGenerator.generateKeyPair();
        jdkSigner = Signature.getInstance("ML-DSA");
        jdkVerifier = Signature.getInstance("ML-DSA");
        jdkSigner.initSign(jdkDsaPair.getPrivate());
        jdkSigner.update(message);
        jdkSignature = jdkSigner.sign();
    }

    /** Zeroes the Bouncy Castle secret keys. */
    @TearDown(Level.Trial)
    public void tearDown() {
        bcKem.close();
        bcDsa.close();
    }

    /**
     * Bouncy Castle ML-KEM-768 key generation (expanded secret key, zeroed again on close).
     *
     * @return the public key length
     */
    @Benchmark
    public int bcKemKeygen() {
        try (KemKeyPair kp = QuDagCrypto.kemKeyPair(random)) {
            return kp.publicKey().length;
        }
    }

    /**
     * JDK ML-KEM-768 key generation.
     *
     * @return the key pair
     */
    @Benchmark
    public KeyPair jdkKemKeygen() {
        return jdkKemGenerator.generateKeyPair();
    }

    /**
     * Bouncy Castle ML-KEM-768 encapsulation to a raw public key.
     *
     * @return the ciphertext
     */
    @Benchmark
    public byte[] bcKemEncaps() {
        try (Encapsulation e = QuDagCrypto.encapsulate(bcKemPublic, random)) {
            return e.ciphertext();
        }
    }

    /**
     * JDK ML-KEM-768 encapsulation (a new encapsulator per call).
     *
     * @return the ciphertext
     * @throws GeneralSecurityException never for a valid key
     */
    @Benchmark
    public byte[] jdkKemEncaps() throws GeneralSecurityException {
        return jdkKem.newEncapsulator(jdkKemPair.getPublic()).encapsulate().encapsulation();
    }

    /**
     * Bouncy Castle ML-KEM-768 decapsulation with the expanded secret key.
     *
     * @return the shared secret's first byte
     */
    @Benchmark
    public byte bcKemDecaps() {
        try (SecretBytes ss = QuDagCrypto.decapsulate(bcKem.secretKey(), bcCiphertext)) {
            return ss.apply(b -> b[0]);
        }
    }

    /**
     * JDK ML-KEM-768 decapsulation (a new decapsulator per call).
     *
     * @return the shared secret
     * @throws GeneralSecurityException never for a valid key
     */
    @Benchmark
    public SecretKey jdkKemDecaps() throws GeneralSecurityException {
        try {
            return jdkKem.newDecapsulator(jdkKemPair.getPrivate()).decapsulate(jdkCiphertext);
        } catch (DecapsulateException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Bouncy Castle ML-DSA-65 key generation.
     *
     * @return the public key length
     */
    @Benchmark
    public int bcDsaKeygen() {
        try (DsaKeyPair kp = QuDagCrypto.dsaKeyPair(random)) {
            return kp.publicKey().length;
        }
    }

    /**
     * JDK ML-DSA-65 key generation.
     *
     * @return the key pair
     */
    @Benchmark
    public KeyPair jdkDsaKeygen() {
        return jdkDsaGenerator.generateKeyPair();
    }

    /**
     * Bouncy Castle ML-DSA-65 signature of 1 KiB (hedged).
     *
     * @return the signature
     */
    @Benchmark
    public byte[] bcDsaSign() {
        return QuDagCrypto.sign(bcDsa.secretKey(), message);
    }

    /**
     * JDK ML-DSA-65 signature of 1 KiB (hedged), the signer initialised with the key per call.
     *
     * @return the signature
     * @throws GeneralSecurityException never for a valid key
     */
    @Benchmark
    public byte[] jdkDsaSign() throws GeneralSecurityException {
        jdkSigner.initSign(jdkDsaPair.getPrivate());
        jdkSigner.update(message);
        return jdkSigner.sign();
    }

    /**
     * Bouncy Castle ML-DSA-65 verification of a 1 KiB message.
     *
     * @return whether it verified (always true)
     */
    @Benchmark
    public boolean bcDsaVerify() {
        return QuDagCrypto.verify(bcDsaPublic, message, bcSignature);
    }

    /**
     * JDK ML-DSA-65 verification of a 1 KiB message, the verifier initialised with the key per call.
     *
     * @return whether it verified (always true)
     * @throws GeneralSecurityException never for a valid key
     */
    @Benchmark
    public boolean jdkDsaVerify() throws GeneralSecurityException {
        jdkVerifier.initVerify(jdkDsaPair.getPublic());
        jdkVerifier.update(message);
        return jdkVerifier.verify(jdkSignature);
    }
}
