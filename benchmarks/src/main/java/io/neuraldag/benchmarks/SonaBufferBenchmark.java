package io.neuraldag.benchmarks;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.sona.DagTrajectoryBuffer;
import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.OverflowPolicy;
import io.neuraldag.sona.Trajectory;
import java.time.Instant;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code DagTrajectoryBuffer.record} (spec 02 §1.4) in its steady state: the default buffer
 * (capacity 1000, drop-oldest) is full, so every record removes the oldest entry and stores the new
 * one. {@code record}: one thread, time per call; {@code record4Threads}: four threads recording into
 * the same buffer, total throughput (the machine has 2 cores, so this measures contention, not
 * scaling).
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s SonaBufferBenchmark
 * }</pre>
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SonaBufferBenchmark {

    private DagTrajectoryBuffer buffer = DagTrajectoryBuffer.create(1000, OverflowPolicy.DROP_OLDEST);
    private Trajectory trajectory = trajectory();

    private static Trajectory trajectory() {
        return new Trajectory(
                1,
                42,
                new float[256],
                AttentionKind.TOPOLOGICAL,
                Map.of(),
                ExecutionMetrics.of(12.5, 20.0),
                0.8,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A full buffer of capacity 1000. */
    @Setup(Level.Trial)
    public void setUp() {
        buffer = DagTrajectoryBuffer.create(1000, OverflowPolicy.DROP_OLDEST);
        trajectory = trajectory();
        for (int i = 0; i < buffer.capacity(); i++) {
            buffer.record(trajectory);
        }
    }

    /**
     * One record into the full buffer, one thread.
     *
     * @return whether it was stored
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public boolean record() {
        return buffer.record(trajectory);
    }

    /**
     * One record into the full buffer, four threads at once.
     *
     * @return whether it was stored
     */
    @Benchmark
    @Threads(4)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean record4Threads() {
        return buffer.record(trajectory);
    }
}
