package io.neuraldag.benchmarks;

import io.neuraldag.core.CriticalPath;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The maximum-cost source-to-sink path of a bench DAG (spec 01 §2.5: forward and backward cost
 * passes in topological order, the critical set, the canonical path).
 *
 * <ul>
 *   <li>{@code algorithm}: on a fresh, unmemoized snapshot over the graph's CSR arrays, so the
 *       topological order, the levels and both cost passes are all computed in the call;
 *   <li>{@code algorithmRelabelled}: the same on the graph with randomly permuted ids;
 *   <li>{@code afterMutation}: the public {@code dag.criticalPath()} right after {@code
 *       replaceNode} of one node (same payload) dropped the snapshot: rebuild included.
 * </ul>
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt CoreCriticalPathBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreCriticalPathBenchmark {

    /**
     * The critical path on a fresh snapshot of the bench graph.
     *
     * @param g the graph
     * @return the path
     */
    @Benchmark
    public CriticalPath algorithm(BenchGraph g) {
        return g.arrays.criticalPath();
    }

    /**
     * The critical path on a fresh snapshot of the relabelled graph.
     *
     * @param g the graph
     * @return the path
     */
    @Benchmark
    public CriticalPath algorithmRelabelled(BenchGraph g) {
        return g.relabelled.criticalPath();
    }

    /**
     * Mutation, then the public critical path (snapshot rebuild included).
     *
     * @param g the graph
     * @return the path
     */
    @Benchmark
    public CriticalPath afterMutation(BenchGraph g) {
        g.dag.replaceNode(g.mutatedId, g.mutatedNode);
        return g.dag.criticalPath();
    }
}
