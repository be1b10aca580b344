package io.neuraldag.benchmarks;

import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.DynamicMinCut;
import io.neuraldag.mincut.FlowNetwork;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spec 02 §2.4(b): the amortized cost of one dynamic min-cut update, over 1000 seeded random updates
 * applied to a freshly solved network of size {@code n} (the fresh solve is done in an
 * invocation-level setup and not timed). The score is µs per update ({@code
 * OperationsPerInvocation = 1000}).
 *
 * <ul>
 *   <li>{@code network}: {@link DynamicMinCut} on a banded random network of {@code n} nodes and
 *       about {@code 3n} arcs (see {@code MincutNetworks}); updates are capacity changes, deletions
 *       (capacity 0) and arc insertions;
 *   <li>{@code plan}: {@link MinCutEngine#updateEdge} on a layered plan of {@code n} operators and
 *       about {@code 2n} edges (its network has {@code 2n + 2} nodes and about {@code 3n} arcs plus
 *       the connectors), in the M3 acceptance's mix of inserts, re-weights and deletes; each call
 *       also maintains the engine's own plan copy and its cycle check.
 * </ul>
 *
 * After the run, {@code MincutSlope} fits the log–log slope of µs per update against {@code n}:
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json -rff mincut.json MincutDynamicBenchmark
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.MincutSlope mincut.json
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MincutDynamicBenchmark {
    /** Updates per invocation. */
    static final int UPDATES = 1000;

    /** A random network, its update sequence and a tracker solved afresh before every invocation. */
    @State(Scope.Thread)
    public static class NetworkState {
        /** Node count. */
        @Param({"100", "500", "1000", "5000", "20000"})
        public int n;

        FlowNetwork network = new FlowNetwork();
        double[][] updates = new double[4][0];
        DynamicMinCut tracker = DynamicMinCut.create(network0(), 0, 1);

        private static FlowNetwork network0() {
            FlowNetwork f = new FlowNetwork();
            f.addNodes(2);
            return f;
        }

        /** Generates the network (seed 11) and the updates (seed 12). */
        @Setup(Level.Trial)
        public void generate() {
            network = MincutNetworks.randomNetwork(n, 11);
            updates = MincutNetworks.networkUpdates(n, network.arcCount(), UPDATES, 12);
        }

        /** A fresh tracker on the original network (untimed). */
        @Setup(Level.Invocation)
        public void solve() {
            tracker = DynamicMinCut.create(network, 0, n - 1);
        }
    }

    /** A layered plan, its update sequence and an engine rebuilt before every invocation. */
    @State(Scope.Thread)
    public static class PlanState {
        /** Operator count. */
        @Param({"100", "500", "1000", "5000", "20000"})
        public int n;

        QueryDag plan = new QueryDag();
        double[][] updates = new double[3][0];
        MinCutEngine engine = MinCutEngine.create(MinCutConfig.defaults());

        /** Generates the plan (seed 21) and the updates (seed 22). */
        @Setup(Level.Trial)
        public void generate() {
            plan = MincutNetworks.layeredPlan(n, 21);
            updates = MincutNetworks.planUpdates(plan, UPDATES, 22);
        }

        /** A fresh engine on the original plan (untimed). */
        @Setup(Level.Invocation)
        public void build() {
            engine = MinCutEngine.create(MinCutConfig.defaults());
            engine.buildFrom(plan);
        }
    }

    /**
     * 1000 updates of a {@link DynamicMinCut}.
     *
     * @param s the state
     * @return the final lambda
     */
    @Benchmark
    @OperationsPerInvocation(UPDATES)
    public double network(NetworkState s) {
        DynamicMinCut t = s.tracker;
        double[] arc = s.updates[0];
        double[] tail = s.updates[1];
        double[] head = s.updates[2];
        double[] cap = s.updates[3];
        for (int i = 0; i < UPDATES; i++) {
            if (arc[i] < 0) {
                t.addArc((int) tail[i], (int) head[i], cap[i]);
            } else {
                t.setCapacity((int) arc[i], cap[i]);
            }
        }
        return t.lambda();
    }

    /**
     * 1000 plan-edge updates of a {@link MinCutEngine}.
     *
     * @param s the state
     * @return the final lambda
     */
    @Benchmark
    @OperationsPerInvocation(UPDATES)
    public double plan(PlanState s) {
        MinCutEngine e = s.engine;
        double[] from = s.updates[0];
        double[] to = s.updates[1];
        double[] cap = s.updates[2];
        for (int i = 0; i < UPDATES; i++) {
            e.updateEdge((int) from[i], (int) to[i], cap[i]);
        }
        return e.lambda();
    }
}
