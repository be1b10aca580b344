package io.neuraldag.benchmarks;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.core.testing.RandomDags;
import io.neuraldag.sona.CycleResult;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.DagTrajectoryBuffer;
import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.QualityFunction;
import io.neuraldag.sona.SonaConfig;
import io.neuraldag.sona.Trajectory;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SONA background cycle (spec 02 §1.8) over a full buffer of 1000 trajectories: drain, keep
 * Q ≥ 0.3, weighted k-means++ with K = min(100, n), one pattern candidate per cluster, store or
 * merge into the bank, task-boundary test, publish.
 *
 * <p>Every invocation starts from a fresh engine (empty bank, seed 42) whose buffer holds the same
 * 1000 pre-built trajectories, so each measured cycle does the same work; building the engine and
 * filling the buffer are outside the measurement.
 *
 * <ul>
 *   <li>{@code distinct}: how many different embeddings the 1000 trajectories have (1000: every
 *       trajectory its own plan; 50: 50 plans run 20 times each, the duplicates collapse into
 *       weighted points before clustering);
 *   <li>{@code embedding}: {@code plan} uses the plan vectors of seeded random DAGs ({@code
 *       RandomDags.random}), as the engine records them (only the 24 feature slots of the 256 are
 *       non-zero); {@code dense} uses seeded Gaussian unit vectors filling all 256 slots, the worst
 *       case for the clustering once learned operator embeddings fill the vector.
 * </ul>
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu ms -bm avgt SonaBackgroundCycleBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SonaBackgroundCycleBenchmark {

    /** Trajectories per cycle: the default buffer capacity. */
    static final int TRAJECTORIES = 1000;

    /** Number of different embeddings among the trajectories. */
    @Param({"1000", "50"})
    public int distinct;

    /** Embedding kind: {@code plan} (plan vectors of random DAGs) or {@code dense} (Gaussian). */
    @Param({"plan", "dense"})
    public String embedding = "plan";

    private Trajectory[] trajectories = new Trajectory[0];
    private SonaConfig config = SonaConfig.defaults();
    private DagSonaEngine engine = DagSonaEngine.create(config);

    /** Builds the trajectories once per trial. */
    @Setup(Level.Trial)
    public void build() {
        config = SonaConfig.defaults();
        int d = config.dimension();
        SplittableRandom r = new SplittableRandom(42);
        float[][] vectors = new float[distinct][];
        for (int i = 0; i < distinct; i++) {
            vectors[i] = embedding.equals("dense") ? gaussianUnit(r, d) : planVector(1000L + i);
        }
        AttentionKind[] kinds = AttentionKind.values();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        trajectories = new Trajectory[TRAJECTORIES];
        for (int i = 0; i < TRAJECTORIES; i++) {
            double base = 20 + 180 * r.nextDouble();
            double exec = base * (0.3 + 0.9 * r.nextDouble());
            ExecutionMetrics m = ExecutionMetrics.of(exec, base);
            double q = QualityFunction.EXECUTION_AND_IMPROVEMENT.quality(m);
            trajectories[i] = new Trajectory(
                    i + 1L,
                    i % distinct,
                    vectors[i % distinct],
                    kinds[r.nextInt(kinds.length)],
                    Map.of(),
                    m,
                    Math.min(1, Math.max(0, q)),
                    t0.plusMillis(i));
        }
    }

    private static float[] planVector(long seed) {
        double[] v = RandomDags.random(seed).planVector();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static float[] gaussianUnit(SplittableRandom r, int d) {
        float[] v = new float[d];
        double n2 = 0;
        double[] g = new double[d];
        for (int i = 0; i < d; i++) {
            g[i] = gaussian(r);
            n2 += g[i] * g[i];
        }
        double norm = Math.sqrt(n2);
        for (int i = 0; i < d; i++) {
            v[i] = (float) (g[i] / norm);
        }
        return v;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** A fresh engine whose buffer holds the 1000 trajectories. */
    @Setup(Level.Invocation)
    public void fill() {
        engine = DagSonaEngine.create(config);
        DagTrajectoryBuffer buffer = engine.trajectoryBuffer();
        for (Trajectory t : trajectories) {
            buffer.record(t);
        }
    }

    /**
     * One background cycle.
     *
     * @return what it did
     */
    @Benchmark
    public CycleResult cycle() {
        return engine.runBackgroundCycle();
    }
}
