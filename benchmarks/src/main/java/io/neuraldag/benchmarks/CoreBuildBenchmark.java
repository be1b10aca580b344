package io.neuraldag.benchmarks;

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
 * Building a bench DAG through the public API: {@code new QueryDag()}, {@code addNode} for every
 * node, then {@code addEdge} for every edge in file order, each edge with its duplicate and cycle
 * check (the incremental topological order of {@link QueryDag}). This is the operation the
 * original's "build" figure measures.
 *
 * <ul>
 *   <li>{@code build}: a default-sized DAG that grows as nodes and edges arrive;
 *   <li>{@code buildPresized}: {@code new QueryDag(n, m)} with exact capacities.
 * </ul>
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt CoreBuildBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreBuildBenchmark {

    /**
     * New DAG, all nodes, all edges with cycle checks.
     *
     * @param g the graph
     * @return the built DAG
     */
    @Benchmark
    public QueryDag build(BenchGraph g) {
        QueryDag d = new QueryDag();
        int[] ids = g.ids;
        for (int i = 0; i < ids.length; i++) {
            d.addNode(ids[i], g.nodes[i]);
        }
        int[] from = g.from;
        int[] to = g.to;
        for (int k = 0; k < from.length; k++) {
            d.addEdge(from[k], to[k]);
        }
        return d;
    }

    /**
     * As {@link #build} with exact capacities.
     *
     * @param g the graph
     * @return the built DAG
     */
    @Benchmark
    public QueryDag buildPresized(BenchGraph g) {
        int[] ids = g.ids;
        int[] from = g.from;
        QueryDag d = new QueryDag(ids.length, from.length);
        for (int i = 0; i < ids.length; i++) {
            d.addNode(ids[i], g.nodes[i]);
        }
        int[] to = g.to;
        for (int k = 0; k < from.length; k++) {
            d.addEdge(from[k], to[k]);
        }
        return d;
    }
}
