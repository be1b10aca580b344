package io.neuraldag.benchmarks;

import io.neuraldag.core.testing.RandomDags;
import io.neuraldag.sona.DagReasoningBank;
import io.neuraldag.sona.Pattern;
import io.neuraldag.sona.PatternCandidate;
import io.neuraldag.sona.SonaConfig;
import java.util.ArrayList;
import java.util.List;
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
 * {@code DagReasoningBank.querySimilar} top-5 over 10 000 patterns (a few fewer for {@code plan}) at d = 256 (spec 02 §1.6): IVF
 * with 100 lists and 4 probes, and the exact scan it approximates. Each call takes the next of 256
 * pre-built queries. {@code embedding}:
 *
 * <ul>
 *   <li>{@code dense}: 400 seeded families of 25 noisy unit vectors each filling all 256 slots (as
 *       in the bank's recall test, recall@5 ≥ 0.99 there), queries near a random family;
 *   <li>{@code plan}: the plan vectors of 10 000 seeded random DAGs ({@code RandomDags.random}),
 *       each non-zero slot scaled by a random factor in [0.95, 1.05] so no two coincide (only the 24
 *       feature slots are non-zero, as for every pattern the engine learns), queries the plan
 *       vectors of 256 further random DAGs.
 * </ul>
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt SonaReasoningBankBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SonaReasoningBankBenchmark {

    static final int PATTERNS = 10_000;
    static final int FAMILIES = 400;
    static final int DIM = 256;

    /** Pattern and query kind: {@code dense} or {@code plan}. */
    @Param({"dense", "plan"})
    public String embedding = "dense";

    private DagReasoningBank bank = DagReasoningBank.create(SonaConfig.defaults());
    private double[][] queries = new double[0][];
    private int next;

    /** Fills the bank with 10 000 patterns in batches of 1000 (one cycle's worth each). */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(2024);
        bank = DagReasoningBank.create(SonaConfig.builder().mergeCosine(1.0).build());
        float[][] centres = new float[FAMILIES][];
        for (int f = 0; f < FAMILIES; f++) {
            centres[f] = perturbed(r, new float[DIM], 1.0);
        }
        boolean plan = embedding.equals("plan");
        for (int batch = 0; batch < PATTERNS / 1000; batch++) {
            List<PatternCandidate> candidates = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                float[] c = plan
                        ? jitteredPlanVector(r, 20_000L + batch * 1000L + i)
                        : perturbed(r, centres[r.nextInt(FAMILIES)], 0.5);
                candidates.add(PatternCandidate.of(c, r.nextDouble(), 0.5 + 0.5 * r.nextDouble(), 1));
            }
            bank.storeAll(candidates);
        }
        // a handful of plan vectors of tiny DAGs coincide and merge (cosine >= 1.0)
        if (bank.size() < PATTERNS - 50 || !bank.indexed()) {
            throw new IllegalStateException("bank not built as expected: " + bank);
        }
        queries = new double[256][];
        for (int q = 0; q < queries.length; q++) {
            if (plan) {
                queries[q] = RandomDags.random(90_000L + q).planVector();
                continue;
            }
            float[] v = perturbed(r, centres[r.nextInt(FAMILIES)], 0.5);
            queries[q] = new double[DIM];
            for (int j = 0; j < DIM; j++) {
                queries[q][j] = v[j];
            }
        }
    }

    /** The plan vector of a random DAG with each non-zero slot scaled by a factor in [0.95, 1.05]. */
    private static float[] jitteredPlanVector(SplittableRandom r, long seed) {
        double[] v = RandomDags.random(seed).planVector();
        float[] f = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            f[j] = v[j] == 0 ? 0f : (float) (v[j] * (0.95 + 0.1 * r.nextDouble()));
        }
        return f;
    }

    /** A unit vector: {@code centre} plus Gaussian noise of total size about {@code noise}. */
    private static float[] perturbed(SplittableRandom r, float[] centre, double noise) {
        double s = noise / Math.sqrt(centre.length);
        double[] x = new double[centre.length];
        double n2 = 0;
        for (int i = 0; i < centre.length; i++) {
            double u = 1.0 - r.nextDouble();
            double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
            x[i] = centre[i] + s * g;
            n2 += x[i] * x[i];
        }
        float[] v = new float[centre.length];
        double norm = Math.sqrt(n2);
        for (int i = 0; i < centre.length; i++) {
            v[i] = (float) (x[i] / norm);
        }
        return v;
    }

    /**
     * Top-5 through the IVF index.
     *
     * @return the patterns
     */
    @Benchmark
    public List<Pattern> querySimilar() {
        next = (next + 1) & 255;
        return bank.querySimilar(queries[next], 5);
    }

    /**
     * Top-5 by the exact scan of all 10 000 patterns.
     *
     * @return the patterns
     */
    @Benchmark
    public List<Pattern> querySimilarExact() {
        next = (next + 1) & 255;
        return bank.querySimilarExact(queries[next], 5);
    }
}
