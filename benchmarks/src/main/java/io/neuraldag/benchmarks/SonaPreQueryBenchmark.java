package io.neuraldag.benchmarks;

import io.neuraldag.core.BenchDags;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.PatternCandidate;
import io.neuraldag.sona.PreQueryResult;
import io.neuraldag.sona.SonaConfig;
import java.util.ArrayList;
import java.util.List;
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
 * SONA's instant-loop recommendation, {@code DagSonaEngine.preQuery}, warm on the 100-node bench
 * DAG: the plan vector (memoized by the DAG's snapshot), top-5 search in the bank, the MicroLoRA
 * forward pass (d = 256, r = 2), the learning signal and the choice of mechanism.
 *
 * <p>The bank holds 1000 patterns (so the IVF index is on): the plan vectors of 999 seeded random
 * DAGs and one pattern at the bench DAG's own plan vector. {@code path} sets that pattern's
 * confidence: {@code applied} (0.9, above the 0.8 threshold: {@code PatternApplied}) or {@code
 * adapted} (0.6: {@code DefaultWithAdaptation} with a UCB1 choice in the pattern's context).
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt SonaPreQueryBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SonaPreQueryBenchmark {

    /** Which result the bench DAG gets: {@code applied} or {@code adapted}. */
    @Param({"applied", "adapted"})
    public String path = "applied";

    private DagSonaEngine engine = DagSonaEngine.create(SonaConfig.defaults());
    private QueryDag dag = new QueryDag();

    /** Loads the bench DAG and fills the bank. */
    @Setup(Level.Trial)
    public void setUp() {
        engine = DagSonaEngine.create(SonaConfig.defaults());
        dag = BenchDags.load(100);
        List<PatternCandidate> candidates = new ArrayList<>();
        candidates.add(PatternCandidate.of(toFloat(dag.planVector()), 0.8, path.equals("applied") ? 0.9 : 0.6, 10));
        for (int i = 0; i < 999; i++) {
            candidates.add(
                    PatternCandidate.of(toFloat(RandomDags.random(7000L + i).planVector()), 0.7, 0.7, 3));
        }
        engine.reasoningBank().storeAll(candidates);
        PreQueryResult first = engine.preQuery(dag);
        boolean applied = first instanceof PreQueryResult.PatternApplied;
        if (applied != path.equals("applied")) {
            throw new IllegalStateException("unexpected preQuery result " + first);
        }
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /**
     * One recommendation for the bench DAG.
     *
     * @return the recommendation
     */
    @Benchmark
    public PreQueryResult preQuery() {
        return engine.preQuery(dag);
    }
}
