package io.neuraldag.benchmarks;

import io.neuraldag.core.DagFormats;
import io.neuraldag.core.QueryDag;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JSON on a bench DAG: {@code toJson} (canonical writer, snapshot already memoized), {@code
 * fromJson} (canonical reader with validation of ids, endpoints and acyclicity) and {@code
 * fromBenchJson} (the bench-format reader on the original file text).
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt CoreJsonBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreJsonBenchmark {

    /**
     * Canonical JSON writer.
     *
     * @param g the graph
     * @return the text
     */
    @Benchmark
    public String toJson(BenchGraph g) {
        return g.dag.toJson();
    }

    /**
     * Canonical JSON reader.
     *
     * @param g the graph
     * @return the DAG
     */
    @Benchmark
    public QueryDag fromJson(BenchGraph g) {
        return QueryDag.fromJson(g.canonicalJson);
    }

    /**
     * Bench-format reader.
     *
     * @param g the graph
     * @return the DAG
     */
    @Benchmark
    public QueryDag fromBenchJson(BenchGraph g) {
        return DagFormats.fromBenchJson(g.benchJson);
    }
}
