package io.neuraldag.benchmarks;

import io.neuraldag.sona.EwcPlusPlus;
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
 * EWC++ over 256 parameters (spec 02 §1.7) after one consolidation (λ = 5000, γ = 0.99, seeded
 * Fisher diagonal and anchor): the penalty {@code (λ/2)·Σ F_i(θ_i − θ*_i)²} and its gradient into a
 * reused buffer.
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu ns -bm avgt SonaEwcBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SonaEwcBenchmark {

    static final int PARAMETERS = 256;

    private EwcPlusPlus ewc = EwcPlusPlus.create(PARAMETERS, 5000, 0.99);
    private final float[] theta = new float[PARAMETERS];
    private final double[] gradient = new double[PARAMETERS];

    /** One consolidation at a seeded anchor and Fisher diagonal; θ a seeded nearby point. */
    @Setup(Level.Trial)
    public void setUp() {
        ewc = EwcPlusPlus.create(PARAMETERS, 5000, 0.99);
        SplittableRandom r = new SplittableRandom(5);
        float[] anchor = new float[PARAMETERS];
        double[] fisher = new double[PARAMETERS];
        for (int i = 0; i < PARAMETERS; i++) {
            anchor[i] = (float) (r.nextDouble() * 0.02 - 0.01);
            fisher[i] = r.nextDouble() * 0.2;
            theta[i] = anchor[i] + (float) (r.nextDouble() * 0.002 - 0.001);
        }
        ewc.consolidate(anchor, fisher);
    }

    /**
     * The penalty at θ.
     *
     * @return the penalty
     */
    @Benchmark
    public double penalty() {
        return ewc.penalty(theta);
    }

    /**
     * The penalty's gradient at θ.
     *
     * @return the gradient buffer
     */
    @Benchmark
    public double[] penaltyGradient() {
        ewc.penaltyGradient(theta, gradient);
        return gradient;
    }
}
