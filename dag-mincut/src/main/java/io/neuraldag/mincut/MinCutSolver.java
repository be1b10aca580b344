package io.neuraldag.mincut;

/**
 * Exact static maximum S–T flow and minimum cut (spec 02 §2.2).
 *
 * <p>The implementation is Dinic's algorithm (Dinic 1970) with current-arc pointers and an
 * iterative blocking-flow search on the primitive arrays of the network, {@code O(n^2 m)} in the
 * worst case and far faster on plan networks. The workspace is kept between calls, so repeated
 * solves of networks of similar size allocate only the returned record ({@link #maxFlow} allocates
 * nothing once warm).
 *
 * <p>Infinite capacities are supported: an S→T path made only of infinite arcs gives {@code lambda
 * = +inf} and an {@linkplain MinCutResult#unbounded() unbounded} result.
 *
 * <p><b>Not thread-safe</b> (the workspace is shared between calls); use one solver per thread.
 */
public interface MinCutSolver {

    /**
     * A new solver with an empty workspace.
     *
     * @return the solver
     */
    static MinCutSolver create() {
        return new DinicSolver();
    }

    /**
     * Solves from zero flow. The network is not modified.
     *
     * @param network the network
     * @param source S
     * @param sink T, {@code != source}
     * @return the flow, both extreme minimum cuts and the cut arcs ({@code cutOperators} empty)
     * @throws MinCutException {@code UNKNOWN_NODE} or {@code SAME_TERMINALS}
     */
    MinCutResult solve(FlowNetwork network, int source, int sink);

    /**
     * Solves a plan network between its super-source and super-sink, naming the cut operators.
     *
     * @param plan the plan network
     * @return the result, with {@code cutOperators} filled in
     */
    MinCutResult solve(PlanNetwork plan);

    /**
     * The max-flow value only.
     *
     * @param network the network
     * @param source S
     * @param sink T, {@code != source}
     * @return lambda, {@code >= 0} or {@code +inf}
     * @throws MinCutException {@code UNKNOWN_NODE} or {@code SAME_TERMINALS}
     */
    double maxFlow(FlowNetwork network, int source, int sink);
}
