package io.neuraldag.benchmarks;

import io.neuraldag.qudag.LoopbackCluster;
import io.neuraldag.qudag.NodeStatus;
import io.neuraldag.qudag.QuDagTransport;
import io.neuraldag.qudag.QudagConfig;
import java.util.List;
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
 * One request round trip over the loopback {@code SocketTransport} of a 2-node {@link
 * LoopbackCluster} on 127.0.0.1: the client signs the request with ML-DSA-65, frames it (4-byte
 * length + JSON) on its persistent connection, the node checks the timestamp and replay window and
 * verifies the signature, answers with a signed response, and the client verifies that. Sample
 * mode, so JMH reports the distribution (p50, p90, p99) of single calls.
 *
 * <ul>
 *   <li>{@code status}: {@code node.status}, the smallest request (the reply carries the network
 *       key, 1184 bytes);
 *   <li>{@code peers}: {@code node.peers}.
 * </ul>
 *
 * <p>Run (repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm sample QudagSocketRoundTripBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // JMH fills the fields in @Setup before any benchmark runs
public class QudagSocketRoundTripBenchmark {
    private LoopbackCluster cluster;
    private QuDagTransport transport;

    /** Starts the cluster and opens the connection. */
    @Setup(Level.Trial)
    public void setUp() {
        cluster =
                LoopbackCluster.start(2, QudagConfig.builder().minValidators(1).build(), 42);
        transport = cluster.transport(0);
        transport.status().join();
    }

    /** Stops the cluster. */
    @TearDown(Level.Trial)
    public void tearDown() {
        cluster.close();
    }

    /**
     * A signed {@code node.status} round trip.
     *
     * @return the status
     */
    @Benchmark
    public NodeStatus status() {
        return transport.status().join();
    }

    /**
     * A signed {@code node.peers} round trip.
     *
     * @return the peers
     */
    @Benchmark
    public List<String> peers() {
        return transport.peers().join();
    }
}
