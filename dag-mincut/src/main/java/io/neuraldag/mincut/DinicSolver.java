package io.neuraldag.mincut;

import java.util.Arrays;

/** {@link MinCutSolver} by Dinic's algorithm with a reusable workspace. */
final class DinicSolver implements MinCutSolver {
    /*
     * The flow buffer and the mark arrays grow to the largest network seen and are reused. After
     * maxFlow from zero, the last (failed) BFS has labelled S_min in dinic.queue; S_max comes from
     * one reverse BFS from the sink.
     */
    private static final int[] NO_OPERATORS = new int[0];

    private final Dinic dinic = new Dinic();
    private double[] flow = new double[0];
    private int[] sminMark = new int[0];
    private int[] smaxMark = new int[0];
    private int epoch;

    @Override
    public MinCutResult solve(FlowNetwork network, int source, int sink) {
        return solve(network, source, sink, NO_OPERATORS);
    }

    @Override
    public MinCutResult solve(PlanNetwork plan) {
        return solve(plan.network(), plan.source(), plan.sink(), plan.operatorIdOfArc());
    }

    @Override
    public double maxFlow(FlowNetwork network, int source, int sink) {
        checkTerminals(network, source, sink);
        double[] f = zeroFlow(network.arcCount);
        double pushed = dinic.maxFlow(network, f, source, sink, Double.POSITIVE_INFINITY);
        return pushed == Double.POSITIVE_INFINITY ? pushed : Math.max(0.0, Dinic.netOutflow(network, f, source));
    }

    private MinCutResult solve(FlowNetwork network, int source, int sink, int[] operatorIdOfArc) {
        checkTerminals(network, source, sink);
        int m = network.arcCount;
        double[] f = zeroFlow(m);
        double pushed = dinic.maxFlow(network, f, source, sink, Double.POSITIVE_INFINITY);
        if (pushed == Double.POSITIVE_INFINITY) {
            return MinCutResult.unbounded(m);
        }
        double lambda = Math.max(0.0, Dinic.netOutflow(network, f, source));
        int n = network.nodeCount;
        if (sminMark.length < n) {
            sminMark = new int[Math.max(n, sminMark.length * 2)];
            smaxMark = new int[sminMark.length];
            epoch = 0;
        }
        if (epoch == Integer.MAX_VALUE) {
            Arrays.fill(sminMark, 0);
            Arrays.fill(smaxMark, 0);
            epoch = 0;
        }
        int e = ++epoch;
        int[] q = dinic.queue;
        for (int i = 0, k = dinic.visited; i < k; i++) {
            sminMark[q[i]] = e;
        }
        dinic.reverseReach(network, f, sink, smaxMark, e);
        return FlowState.buildResult(network, f, lambda, sminMark, e, smaxMark, e, operatorIdOfArc);
    }

    private double[] zeroFlow(int m) {
        if (flow.length < m) {
            flow = new double[Math.max(m, flow.length * 2)];
        } else {
            Arrays.fill(flow, 0, m, 0.0);
        }
        return flow;
    }

    static void checkTerminals(FlowNetwork network, int source, int sink) {
        network.checkNode(source);
        network.checkNode(sink);
        if (source == sink) {
            throw new MinCutException(MinCutException.Kind.SAME_TERMINALS, "source equals sink: " + source);
        }
    }
}
