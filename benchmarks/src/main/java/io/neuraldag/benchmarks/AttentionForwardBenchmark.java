package io.neuraldag.benchmarks;

import io.neuraldag.attention.AttentionConfig;
import io.neuraldag.attention.AttentionKind;
import io.neuraldag.attention.AttentionScores;
import io.neuraldag.attention.DagAttention;
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
 * Structural {@link DagAttention#forward(io.neuraldag.core.QueryDag)} of each of the seven mechanisms
 * (spec 01 §3.1–§3.7, default {@link AttentionConfig}, default providers: path-dominance criticality
 * for MinCutGated, the system clock for TemporalBTSP) on the four bench DAGs.
 *
 * <ul>
 *   <li>{@code forward}: repeated calls on the unchanged DAG, so the snapshot and its memoized
 *       derived data (depths, topological order, critical set, path dominance) are reused, and the
 *       mechanisms that memoize their structural scores per snapshot return them again;
 *   <li>{@code afterMutation}: {@code replaceNode} of one node (same payload) first, as a plan whose
 *       estimates changed: a new snapshot derived from the old one (structure-only results shared,
 *       cost-dependent ones recomputed) and the mechanism's full computation on it;
 *   <li>{@code afterEdgeMutation}: one edge removed and added back first: the two edits cancel,
 *       so the new snapshot is derived from the old one with every memoized result shared, and the
 *       mechanism computes its scores on it (no memo hit: it is another snapshot);
 *   <li>{@code afterEdgeToggle}: that edge removed on one call and added back on the next, as a
 *       plan whose shape changed: the CSR arrays are derived from the previous snapshot's with the
 *       one edit, the topological order kept when it is still the smallest, levels and depths
 *       updated where they change, the rest recomputed.
 * </ul>
 *
 * Compare with {@code CoreTopologicalSortBenchmark} in the same run:
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us \
 *   'AttentionForwardBenchmark|CoreTopologicalSortBenchmark.(algorithm|afterMutation|afterEdgeMutation|afterEdgeToggle)$'
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class AttentionForwardBenchmark {
    /** The mechanism. */
    @Param
    public AttentionKind kind = AttentionKind.TOPOLOGICAL;

    DagAttention mechanism = DagAttention.create(AttentionKind.TOPOLOGICAL, AttentionConfig.defaults());

    /** Creates the mechanism. */
    @Setup(Level.Trial)
    public void create() {
        mechanism = DagAttention.create(kind, AttentionConfig.defaults());
    }

    /**
     * Forward on the unchanged DAG.
     *
     * @param g the bench graph
     * @return the scores
     */
    @Benchmark
    public AttentionScores forward(BenchGraph g) {
        return mechanism.forward(g.dag);
    }

    /**
     * Mutation, then forward (snapshot rebuild included).
     *
     * @param g the bench graph
     * @return the scores
     */
    @Benchmark
    public AttentionScores afterMutation(BenchGraph g) {
        g.dag.replaceNode(g.mutatedId, g.mutatedNode);
        return mechanism.forward(g.dag);
    }

    /**
     * Edge removed and added back, then forward (full snapshot rebuild included).
     *
     * @param g the bench graph
     * @return the scores
     */
    @Benchmark
    public AttentionScores afterEdgeMutation(BenchGraph g) {
        g.dag.removeEdge(g.removedFrom, g.removedTo);
        g.dag.addEdge(g.removedFrom, g.removedTo);
        return mechanism.forward(g.dag);
    }

    /**
     * One edge removed or added back (alternately), then forward.
     *
     * @param g the bench graph
     * @return the scores
     */
    @Benchmark
    public AttentionScores afterEdgeToggle(BenchGraph g) {
        g.toggleEdge();
        return mechanism.forward(g.dag);
    }
}
