package io.neuraldag.benchmarks;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.mincut.CapacityModel;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import io.neuraldag.mincut.MinCutResult;
import io.neuraldag.mincut.MinCutSolver;
import io.neuraldag.mincut.PlanNetwork;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The static min-cut operations of dag-mincut on the bench DAGs (spec 02 §2.2–§2.3), under the
 * default configuration (THROUGHPUT capacities, infinite edges).
 *
 * <ul>
 *   <li>{@code solve}: one exact solve of the bench DAG's plan network from zero flow, with the
 *       full certificate ({@link MinCutResult}: flows, S_min, S_max, cut arcs, cut operators);
 *   <li>{@code maxFlow}: the same solve returning the value only;
 *   <li>{@code criticalitiesProvider}: every operator's criticality from {@link
 *       MinCutEngine#criticalityProvider} on a fresh, unmemoized snapshot (plan network built, one
 *       solve, one augmentation per operator in every minimum cut);
 *   <li>{@code criticalitiesEngine}: {@link MinCutEngine#criticalities()} on a built engine right
 *       after {@code setOperatorCapacity} (same value) dropped its criticality cache;
 *   <li>{@code lambda}: {@link MinCutEngine#lambda()} on a built engine.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us MincutStaticBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MincutStaticBenchmark {

    /** The bench DAG's network, a solver, a provider and an engine built on it. */
    @State(Scope.Thread)
    public static class Plans {
        PlanNetwork network = PlanNetwork.build(new io.neuraldag.core.QueryDag().snapshot(), CapacityModel.THROUGHPUT);
        MinCutSolver solver = MinCutSolver.create();
        CriticalityProvider provider = MinCutEngine.criticalityProvider(MinCutConfig.defaults());
        MinCutEngine engine = MinCutEngine.create(MinCutConfig.defaults());
        int touchedId;
        double touchedCapacity;

        /**
         * Builds everything for the graph.
         *
         * @param g the bench graph
         */
        @Setup(Level.Trial)
        public void build(BenchGraph g) {
            network = PlanNetwork.build(g.dag.snapshot(), CapacityModel.THROUGHPUT);
            engine.buildFrom(g.dag);
            touchedId = g.mutatedId;
            touchedCapacity = CapacityModel.THROUGHPUT.operatorCapacity(g.mutatedNode.estimatedCost());
            if (solver.maxFlow(network.network(), network.source(), network.sink()) != engine.lambda()) {
                throw new IllegalStateException("solver and engine disagree for n=" + g.n);
            }
        }
    }

    /**
     * One solve with the full certificate.
     *
     * @param p the state
     * @return the result
     */
    @Benchmark
    public MinCutResult solve(Plans p) {
        return p.solver.solve(p.network);
    }

    /**
     * One solve, value only.
     *
     * @param p the state
     * @return lambda
     */
    @Benchmark
    public double maxFlow(Plans p) {
        return p.solver.maxFlow(p.network.network(), p.network.source(), p.network.sink());
    }

    /**
     * All criticalities of a fresh snapshot through the provider.
     *
     * @param g the bench graph
     * @param p the state
     * @return the criticalities
     */
    @Benchmark
    public double[] criticalitiesProvider(BenchGraph g, Plans p) {
        return p.provider.criticality(g.arrays.freshSnapshot());
    }

    /**
     * All criticalities of the engine after its cache was dropped.
     *
     * @param p the state
     * @return the criticalities
     */
    @Benchmark
    public double[] criticalitiesEngine(Plans p) {
        p.engine.setOperatorCapacity(p.touchedId, p.touchedCapacity);
        return p.engine.criticalities();
    }

    /**
     * The O(1) lambda read.
     *
     * @param p the state
     * @return lambda
     */
    @Benchmark
    public double lambda(Plans p) {
        return p.engine.lambda();
    }
}
