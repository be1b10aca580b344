package io.neuraldag.benchmarks;

import io.neuraldag.core.BenchDags;
import io.neuraldag.mincut.CapacityModel;
import io.neuraldag.mincut.FlowNetwork;
import io.neuraldag.mincut.MinCutResult;
import io.neuraldag.mincut.MinCutSolver;
import io.neuraldag.mincut.PlanNetwork;
import java.util.concurrent.TimeUnit;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.DinicMFImpl;
import org.jgrapht.alg.flow.EdmondsKarpMFImpl;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
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
 * dag-mincut's static solver side by side with JGraphT's maximum-flow algorithms on exactly the same
 * finite networks in the same run.
 *
 * <p>Networks ({@code network} parameter): {@code benchN} is the plan network of bench DAG {@code N}
 * (THROUGHPUT capacities; {@code 2N + 2} nodes), {@code randomN} the banded random network of {@code
 * N} nodes and about {@code 3N} arcs of {@code MincutNetworks}. In both, every infinite capacity is
 * replaced by one more than the sum of the finite ones, so JGraphT sees the same max-flow problem;
 * the trial setup checks that all four solvers agree on the value.
 *
 * <ul>
 *   <li>{@code ours}: {@link MinCutSolver#solve(FlowNetwork, int, int)}, value, flows, both extreme
 *       cuts and the cut arcs;
 *   <li>{@code oursValue}: {@link MinCutSolver#maxFlow}, the value only;
 *   <li>{@code jgraphtPushRelabel}, {@code jgraphtDinic}, {@code jgraphtEdmondsKarp}: {@code
 *       getMaximumFlowValue(S, T)} of {@link PushRelabelMFImpl}, {@link DinicMFImpl} and {@link
 *       EdmondsKarpMFImpl}, each instance created once per trial on a {@code
 *       DirectedWeightedMultigraph} (the call rebuilds JGraphT's internal residual network, as
 *       ours resets its workspace).
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu us MincutJGraphTBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MincutJGraphTBenchmark {
    /** Which network. */
    @Param({"bench100", "bench500", "bench1000", "random1000"})
    public String network = "bench1000";

    FlowNetwork net = new FlowNetwork();
    int source;
    int sink;
    MinCutSolver solver = MinCutSolver.create();

    @SuppressWarnings("NullAway.Init")
    PushRelabelMFImpl<Integer, DefaultWeightedEdge> pushRelabel;

    @SuppressWarnings("NullAway.Init")
    DinicMFImpl<Integer, DefaultWeightedEdge> dinic;

    @SuppressWarnings("NullAway.Init")
    EdmondsKarpMFImpl<Integer, DefaultWeightedEdge> edmondsKarp;

    /** Builds the network in both forms and checks that every solver gets the same value. */
    @Setup(Level.Trial)
    public void build() {
        if (network.startsWith("bench")) {
            int n = Integer.parseInt(network.substring("bench".length()));
            PlanNetwork p = PlanNetwork.build(BenchDags.load(n).snapshot(), CapacityModel.THROUGHPUT);
            net = MincutNetworks.finite(p.network());
            source = p.source();
            sink = p.sink();
        } else {
            int n = Integer.parseInt(network.substring("random".length()));
            net = MincutNetworks.finite(MincutNetworks.randomNetwork(n, 11));
            source = 0;
            sink = n - 1;
        }
        Graph<Integer, DefaultWeightedEdge> g = MincutNetworks.toJGraphT(net);
        pushRelabel = new PushRelabelMFImpl<>(g);
        dinic = new DinicMFImpl<>(g);
        edmondsKarp = new EdmondsKarpMFImpl<>(g);
        double ours = solver.maxFlow(net, source, sink);
        double[] theirs = {
            pushRelabel.getMaximumFlowValue(source, sink),
            dinic.getMaximumFlowValue(source, sink),
            edmondsKarp.getMaximumFlowValue(source, sink)
        };
        for (double t : theirs) {
            if (Math.abs(t - ours) > 1e-9 * Math.max(1.0, ours)) {
                throw new IllegalStateException(network + ": lambda " + ours + " vs JGraphT " + t);
            }
        }
    }

    /**
     * Our solve with the certificate.
     *
     * @return the result
     */
    @Benchmark
    public MinCutResult ours() {
        return solver.solve(net, source, sink);
    }

    /**
     * Our solve, value only.
     *
     * @return lambda
     */
    @Benchmark
    public double oursValue() {
        return solver.maxFlow(net, source, sink);
    }

    /**
     * JGraphT push-relabel.
     *
     * @return lambda
     */
    @Benchmark
    public double jgraphtPushRelabel() {
        return pushRelabel.getMaximumFlowValue(source, sink);
    }

    /**
     * JGraphT Dinic.
     *
     * @return lambda
     */
    @Benchmark
    public double jgraphtDinic() {
        return dinic.getMaximumFlowValue(source, sink);
    }

    /**
     * JGraphT Edmonds–Karp.
     *
     * @return lambda
     */
    @Benchmark
    public double jgraphtEdmondsKarp() {
        return edmondsKarp.getMaximumFlowValue(source, sink);
    }
}
