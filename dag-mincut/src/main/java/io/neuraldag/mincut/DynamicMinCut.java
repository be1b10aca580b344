package io.neuraldag.mincut;

/**
 * An exact maximum S–T flow and minimum cut of a {@link FlowNetwork}, kept up to date under
 * capacity changes and arc insertions (spec 02 §2.4).
 *
 * <p>Each update restores a maximum flow from the current one rather than solving afresh:
 *
 * <ul>
 *   <li>A change that leaves the set of residual arcs as it is (an increase of an unsaturated arc, a
 *       decrease to {@code c' > f}) costs {@code O(1)}.
 *   <li><b>Increase</b> of a saturated arc {@code u -> v} (including a new arc): if {@code u} is
 *       outside {@code S_min} or {@code v} inside it, or {@code v} cannot reach T, or {@code u} can,
 *       lambda is unchanged ({@code O(1)} once the sets are known); otherwise the flow is augmented.
 *   <li><b>Decrease</b> to {@code c' < f} (capacity 0 deletes): the surplus {@code f - c'} is
 *       rerouted from {@code u} to {@code v} through the residual graph, the rest is returned to S
 *       and T, and the flow is augmented again.
 * </ul>
 *
 * {@code S_min} is kept exact after every update as a tree of residual arcs: a new residual arc
 * extends it by a search over the nodes it makes reachable, and a tree arc that loses its residual
 * has its subtree re-hung on another residual arc (or, failing that, re-searched), as in Even and
 * Shiloach's decremental trees. The set of nodes that reach T ({@code S_max} is its complement) is
 * kept lazily, recomputed by one BFS when a certificate or a what-if query needs it. Apart
 * from the {@code O(1)} cases an update costs at most one max-flow computation; {@link #lambda()}
 * is a field read.
 *
 * <p>After every update, {@link #lambda()} equals the max-flow value of the current network and
 * {@link #result()} is a valid certificate (see {@link MinCutResult}). An S–T path of infinite arcs
 * gives {@code +inf}; the tracker leaves that state as soon as a change removes the path.
 *
 * <p>Thread-safe: every method is synchronized except {@link #lambda()}, which reads a volatile copy
 * and never blocks. A rejected call throws {@link MinCutException} and changes nothing.
 */
public interface DynamicMinCut {

    /**
     * Solves a copy of the network; later changes go through this tracker. {@code O(max-flow)}.
     * The copy has room for {@code arcCount() / 8 + 16} more arcs before its arrays grow (each growth
     * doubles them and copies every arc), so the first insertions into a large network do not
     * copy it. Inside the copy the arcs are stored grouped by tail node, so the searches of an
     * update read each node's arcs from neighbouring memory; arc ids seen through this interface
     * are the network's own, unchanged.
     *
     * @param network the network (copied)
     * @param source S
     * @param sink T, {@code != source}
     * @return the tracker
     * @throws MinCutException {@code UNKNOWN_NODE} or {@code SAME_TERMINALS}
     */
    static DynamicMinCut create(FlowNetwork network, int source, int sink) {
        DinicSolver.checkTerminals(network, source, sink);
        return new IncrementalDinic(network, source, sink);
    }

    /**
     * The current max-flow value, {@code O(1)}, lock-free.
     *
     * @return lambda, {@code >= 0} or {@code +inf}
     */
    double lambda();

    /**
     * S.
     *
     * @return the source node
     */
    int source();

    /**
     * T.
     *
     * @return the sink node
     */
    int sink();

    /**
     * The node count.
     *
     * @return the number of nodes
     */
    int nodeCount();

    /**
     * The arc count.
     *
     * @return the number of arcs
     */
    int arcCount();

    /**
     * Adds an isolated node ({@code O(1)}, lambda unchanged).
     *
     * @return its id
     */
    int addNode();

    /**
     * Adds an arc and restores a maximum flow.
     *
     * @param tail the tail node
     * @param head the head node, {@code != tail}
     * @param capacity {@code >= 0} or {@code +inf}
     * @return the new arc's id
     * @throws MinCutException {@code UNKNOWN_NODE}, {@code SELF_LOOP} or {@code INVALID_CAPACITY}
     */
    int addArc(int tail, int head, double capacity);

    /**
     * Changes an arc's capacity (0 deletes it) and restores a maximum flow.
     *
     * @param arc the arc id
     * @param capacity {@code >= 0} or {@code +inf}
     * @throws MinCutException {@code UNKNOWN_ARC} or {@code INVALID_CAPACITY}
     */
    void setCapacity(int arc, double capacity);

    /**
     * An arc's current capacity.
     *
     * @param arc the arc id
     * @return the capacity
     * @throws MinCutException {@code UNKNOWN_ARC}
     */
    double capacity(int arc);

    /**
     * Whether a node is in {@code S_min} of the current flow (one BFS if stale, then {@code O(1)}).
     *
     * @param node the node
     * @return membership; false for every node while lambda is infinite
     * @throws MinCutException {@code UNKNOWN_NODE}
     */
    boolean inMinSourceSide(int node);

    /**
     * The max-flow value if the arc's capacity were {@code +inf}; nothing changes. {@code O(1)}
     * unless the arc lies in every minimum cut ({@code tail in S_min}, {@code head} outside {@code
     * S_max}), otherwise one augmentation from a copy of the current flow.
     *
     * @param arc the arc id
     * @return {@code lambda_a^inf >= lambda}
     * @throws MinCutException {@code UNKNOWN_ARC}
     */
    double lambdaWithInfiniteCapacity(int arc);

    /**
     * The max-flow value if the arc were deleted; nothing changes. {@code O(1)} if it carries no
     * flow, otherwise one decrease on a copy of the current flow.
     *
     * @param arc the arc id
     * @return {@code lambda_a^0 <= lambda}
     * @throws MinCutException {@code UNKNOWN_ARC}
     */
    double lambdaWithoutArc(int arc);

    /**
     * The certificate of the current flow ({@code O(n + m)}, plus the lazy BFS runs).
     *
     * @return the result ({@code cutOperators} empty)
     */
    MinCutResult result();

    /**
     * A copy of the current network.
     *
     * @return the copy
     */
    FlowNetwork network();
}
