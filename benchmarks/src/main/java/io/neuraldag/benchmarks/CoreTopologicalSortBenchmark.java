package io.neuraldag.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lexicographically smallest topological order (Kahn with a min-heap on the id) of a bench DAG.
 *
 * <ul>
 *   <li>{@code algorithm}: the algorithm alone on the snapshot's CSR arrays, nothing memoized. The
 *       bench files number nodes by layer, so every edge goes from a smaller to a larger id and the
 *       O(m) identity check answers without the heap;
 *   <li>{@code algorithmRelabelled}: the same graph with randomly permuted ids, so the heap runs;
 *   <li>{@code afterMutation}: the public {@code dag.topologicalSort()} right after a payload-only
 *       mutation ({@code replaceNode} of one node by the same payload): the new snapshot is derived
 *       from the previous one (structure and structure-only results shared), so the call is the
 *       payload copy and the id mapping;
 *   <li>{@code afterEdgeMutation}: the same after one edge is removed and added back: the edits
 *       cancel, so the snapshot is derived from the previous one with everything shared;
 *   <li>{@code afterEdgeToggle}: the same after a structural mutation (that edge removed on one
 *       call, added back on the next), so the call includes deriving the CSR arrays with the edit
 *       and checking that the smallest topological order still holds, and the id mapping.
 * </ul>
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us -bm avgt CoreTopologicalSortBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CoreTopologicalSortBenchmark {

    /**
     * The sort on the bench graph's arrays.
     *
     * @param g the graph
     * @return the order, as indices
     */
    @Benchmark
    public int[] algorithm(BenchGraph g) {
        return g.arrays.topologicalOrder();
    }

    /**
     * The sort on the relabelled graph's arrays (heap path).
     *
     * @param g the graph
     * @return the order, as indices
     */
    @Benchmark
    public int[] algorithmRelabelled(BenchGraph g) {
        return g.relabelled.topologicalOrder();
    }

    /**
     * Mutation, then the public sort (snapshot rebuild included).
     *
     * @param g the graph
     * @return the order, as ids
     */
    @Benchmark
    public int[] afterMutation(BenchGraph g) {
        g.dag.replaceNode(g.mutatedId, g.mutatedNode);
        return g.dag.topologicalSort();
    }

    /**
     * Edge removed and added back, then the public sort (full snapshot rebuild included).
     *
     * @param g the graph
     * @return the order, as ids
     */
    @Benchmark
    public int[] afterEdgeMutation(BenchGraph g) {
        g.dag.removeEdge(g.removedFrom, g.removedTo);
        g.dag.addEdge(g.removedFrom, g.removedTo);
        return g.dag.topologicalSort();
    }

    /**
     * One edge removed or added back (alternately), then the public sort.
     *
     * @param g the graph
     * @return the order, as ids
     */
    @Benchmark
    public int[] afterEdgeToggle(BenchGraph g) {
        g.toggleEdge();
        return g.dag.topologicalSort();
    }
}
