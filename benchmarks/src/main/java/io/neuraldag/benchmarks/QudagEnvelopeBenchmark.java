package io.neuraldag.benchmarks;

import io.neuraldag.qudag.NodeIdentity;
import io.neuraldag.qudag.PatternEnvelope;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * Sealing and opening a pattern envelope for a 256-float pattern (1024 bytes of float32): ML-KEM-768
 * encapsulation to the recipient, BLAKE3 key derivation and ChaCha20-Poly1305 with the tag, id and
 * proposer as associated data; opening decapsulates, derives and authenticates. The envelope is
 * 1024 + {@value PatternEnvelope#OVERHEAD_BYTES} bytes.
 *
 * <p>Run (repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt QudagEnvelopeBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
@SuppressWarnings("NullAway.Init") // JMH fills the fields in @Setup before any benchmark runs
public class QudagEnvelopeBenchmark {
    private static final String TAG = "neural-dag/qudag/proposal/v1";
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private final SecureRandom random = new SecureRandom();
    private NodeIdentity recipient;
    private byte[] recipientKey;
    private byte[] pattern;
    private byte[] envelope;

    /** Makes the recipient, the pattern and one envelope to open. */
    @Setup(Level.Trial)
    public void setUp() {
        recipient = NodeIdentity.fromSeed(42);
        recipientKey = recipient.publicIdentity().kemPublicKey();
        SplittableRandom r = new SplittableRandom(42);
        ByteBuffer b = ByteBuffer.allocate(256 * Float.BYTES);
        for (int i = 0; i < 256; i++) {
            b.putFloat((float) r.nextGaussian());
        }
        pattern = b.array();
        envelope = PatternEnvelope.seal(recipientKey, TAG, ID, recipient.nodeId(), pattern, random);
    }

    /** Zeroes the recipient's secret keys. */
    @TearDown(Level.Trial)
    public void tearDown() {
        recipient.close();
    }

    /**
     * Seals the 256-float pattern.
     *
     * @return the envelope
     */
    @Benchmark
    public byte[] seal() {
        return PatternEnvelope.seal(recipientKey, TAG, ID, recipient.nodeId(), pattern, random);
    }

    /**
     * Opens the envelope with the recipient's key.
     *
     * @return the pattern bytes
     */
    @Benchmark
    public byte[] open() {
        return recipient.open(TAG, ID, recipient.nodeId(), envelope);
    }
}
