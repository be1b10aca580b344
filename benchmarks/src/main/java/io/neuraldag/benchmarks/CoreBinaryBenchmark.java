package io.neuraldag.benchmarks;

import io.neuraldag.core.DagSnapshot;
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
 * The compact binary format on a bench DAG: {@code toBytes} (snapshot already memoized, CRC32
 * trailer included) and {@code fromBytes} (checksum, bounds and value checks, bulk load and one
 * acyclicity check).
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt CoreBinaryBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreBinaryBenchmark {

    /**
     * Binary writer.
     *
     * @param g the graph
     * @return the bytes
     */
    @Benchmark
    public byte[] toBytes(BenchGraph g) {
        return g.dag.toBytes();
    }

    /**
     * Binary reader.
     *
     * @param g the graph
     * @return the DAG
     */
    @Benchmark
    public QueryDag fromBytes(BenchGraph g) {
        return QueryDag.fromBytes(g.bytes);
    }

    /**
     * Binary reader, then every node's payload read once through the snapshot: the whole cost of a
     * read whose user looks at every {@code OperatorNode} (a read DAG builds them on first access).
     *
     * @param g the graph
     * @return the sum of the estimated rows
     */
    @Benchmark
    public double fromBytesEveryNode(BenchGraph g) {
        DagSnapshot s = QueryDag.fromBytes(g.bytes).snapshot();
        double sum = 0;
        for (int i = 0; i < s.size(); i++) {
            sum += s.node(i).estimatedRows();
        }
        return sum;
    }
}
