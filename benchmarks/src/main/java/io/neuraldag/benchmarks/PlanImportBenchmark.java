package io.neuraldag.benchmarks;

import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * EXPLAIN (FORMAT JSON) import of the 24 bundled plans in {@code examples/plans} with dag-core's
 * reader (the step the capture runs on every plan-cache miss): the mean time per plan.
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s PlanImportBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // JMH fills the @Param fields and @Setup the others before any benchmark runs
public class PlanImportBenchmark {
    private static final int PLANS = 24;

    private List<String> plans;

    /** Reads the plan files. */
    @Setup
    public void read() {
        try (Stream<Path> files = Files.list(Path.of("examples", "plans"))) {
            plans = files.filter(p -> p.toString().endsWith(".json"))
                    .sorted()
                    .map(PlanImportBenchmark::text)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (plans.size() != PLANS) {
            throw new IllegalStateException("expected " + PLANS + " plans in examples/plans, found " + plans.size());
        }
    }

    private static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Imports every bundled plan once, for loops outside JMH.
     *
     * @return the total node count
     */
    long importAll() {
        long nodes = 0;
        for (String json : plans) {
            nodes += PostgresPlans.fromExplainJson(json).dag().nodeCount();
        }
        return nodes;
    }

    /**
     * Imports every bundled plan once.
     *
     * @param bh sink for the imported plans
     */
    @Benchmark
    @OperationsPerInvocation(PLANS)
    public void importBundledPlans(Blackhole bh) {
        for (String json : plans) {
            ImportedPlan p = PostgresPlans.fromExplainJson(json);
            bh.consume(p);
        }
    }
}
