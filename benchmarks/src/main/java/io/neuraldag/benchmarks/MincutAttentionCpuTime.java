package io.neuraldag.benchmarks;

import io.neuraldag.attention.AttentionCache;
import io.neuraldag.attention.AttentionConfig;
import io.neuraldag.attention.AttentionKind;
import io.neuraldag.attention.AttentionSelector;
import io.neuraldag.attention.DagAttention;
import io.neuraldag.core.BenchDags;
import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.SnapshotBench;
import io.neuraldag.mincut.CapacityModel;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import io.neuraldag.mincut.MinCutSolver;
import io.neuraldag.mincut.PlanNetwork;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A cross-check of the JMH results that a busy machine cannot inflate: the <b>thread CPU time</b>
 * and the bytes allocated per call ({@code com.sun.management.ThreadMXBean}) of the attention and
 * min-cut operations on one bench DAG. Wall-clock JMH scores include the time the benchmark thread
 * waits for a core; CPU time does not (it still includes cache and memory-bandwidth contention).
 * Each operation runs {@code reps} times to warm up and {@code reps} times measured; the whole list
 * runs twice and only the second round is printed. Not a replacement for JMH (no dead-code or
 * fork control beyond keeping the last result), only a sanity check of its order of magnitude.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.MincutAttentionCpuTime 1000 4000
 * }</pre>
 */
public final class MincutAttentionCpuTime {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @SuppressWarnings("unused")
    private static volatile Object sink = new Object();

    private MincutAttentionCpuTime() {}

    /**
     * Runs the list.
     *
     * @param args bench DAG size (10, 100, 500, 1000) and repetitions
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        for (int round = 0; round < 2; round++) {
            run(n, reps, round == 1);
        }
    }

    private static void run(int n, int reps, boolean print) {
        QueryDag dag = BenchDags.load(n);
        int mid = dag.nodeIds()[dag.nodeCount() / 2];
        OperatorNode node = dag.node(mid);
        SnapshotBench arrays = SnapshotBench.of(dag.snapshot());
        time(print, "topological sort, algorithm", arrays::topologicalOrder, reps);
        time(
                print,
                "topological sort, after a mutation",
                () -> {
                    dag.replaceNode(mid, node);
                    return dag.topologicalSort();
                },
                reps / 4);
        for (AttentionKind k : AttentionKind.values()) {
            DagAttention m = DagAttention.create(k, AttentionConfig.defaults());
            time(print, k.wireName() + " forward", () -> m.forward(dag), reps);
            time(
                    print,
                    k.wireName() + " after a mutation",
                    () -> {
                        dag.replaceNode(mid, node);
                        return m.forward(dag);
                    },
                    reps / 4);
        }
        AttentionCache cache = AttentionCache.create();
        DagAttention cp = DagAttention.create(AttentionKind.CRITICAL_PATH, AttentionConfig.defaults());
        cache.getOrCompute(cp, dag);
        time(print, "cache hit", () -> cache.getOrCompute(cp, dag), reps * 10);
        AttentionSelector selector = AttentionSelector.ucb1(AttentionKind.COUNT);
        for (int i = 0; i < 1000; i++) {
            int arm = selector.select();
            selector.update(arm, (arm + 1) / (double) AttentionKind.COUNT * ((i * 7919) % 100) / 100.0);
        }
        time(print, "selector select", selector::select, reps * 10);
        PlanNetwork p = PlanNetwork.build(dag.snapshot(), CapacityModel.THROUGHPUT);
        MinCutSolver solver = MinCutSolver.create();
        time(print, "min-cut solve (certificate)", () -> solver.solve(p), reps / 4);
        time(print, "min-cut maxFlow (value)", () -> solver.maxFlow(p.network(), p.source(), p.sink()), reps / 4);
        CriticalityProvider provider = MinCutEngine.criticalityProvider(MinCutConfig.defaults());
        time(
                print,
                "all criticalities (provider, fresh snapshot)",
                () -> provider.criticality(arrays.freshSnapshot()),
                Math.max(10, reps / 50));
    }

    private static void time(boolean print, String name, Supplier<Object> op, int reps) {
        for (int i = 0; i < reps; i++) {
            sink = op.get();
        }
        long a0 = MX.getCurrentThreadAllocatedBytes();
        long t0 = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            sink = op.get();
        }
        long t1 = MX.getCurrentThreadCpuTime();
        long a1 = MX.getCurrentThreadAllocatedBytes();
        if (print) {
            System.out.printf(
                    Locale.ROOT,
                    "%-48s cpu %10.3f us/op  alloc %9.0f B/op%n",
                    name,
                    (t1 - t0) / 1e3 / reps,
                    (a1 - a0) / (double) reps);
        }
    }
}
