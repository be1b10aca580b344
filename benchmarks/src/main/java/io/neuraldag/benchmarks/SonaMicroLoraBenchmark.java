package io.neuraldag.benchmarks;

import io.neuraldag.sona.LoraUpdateRule;
import io.neuraldag.sona.MicroLoRA;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * MicroLoRA at d = 256, r = 2 (1024 parameters, spec 02 §1.5): the forward pass {@code y = x +
 * s·(xA)B} into a reused buffer, one one-sided update {@code B += η·s·hᵀĝ}, and both in sequence.
 * The update's sign alternates, so the weights stay bounded however long the run.
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu ns -bm avgt SonaMicroLoraBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SonaMicroLoraBenchmark {

    static final int DIM = 256;
    static final int RANK = 2;

    private MicroLoRA lora = MicroLoRA.create(DIM, RANK, 1.0, LoraUpdateRule.ONE_SIDED, 42);
    private final float[] x = new float[DIM];
    private final float[] g = new float[DIM];
    private final float[] y = new float[DIM];
    private double eta = 1e-3;

    /** Seeded input and signal; a fresh adapter (seed 42). */
    @Setup(Level.Trial)
    public void setUp() {
        lora = MicroLoRA.create(DIM, RANK, 1.0, LoraUpdateRule.ONE_SIDED, 42);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < DIM; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
            g[i] = (float) (r.nextDouble() * 2 - 1);
        }
    }

    /**
     * The forward pass.
     *
     * @return the output buffer
     */
    @Benchmark
    public float[] forward() {
        lora.forward(x, y);
        return y;
    }

    /**
     * One update.
     *
     * @return whether the weights changed
     */
    @Benchmark
    public boolean adapt() {
        eta = -eta;
        return lora.adapt(x, g, eta);
    }

    /**
     * The forward pass followed by one update.
     *
     * @return the output buffer
     */
    @Benchmark
    public float[] forwardAndAdapt() {
        lora.forward(x, y);
        eta = -eta;
        lora.adapt(x, g, eta);
        return y;
    }
}
