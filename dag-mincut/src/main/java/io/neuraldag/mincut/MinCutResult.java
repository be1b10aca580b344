package io.neuraldag.mincut;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A maximum S–T flow together with its minimum cuts: a certificate that can be checked against the
 * network in {@code O(n + m)} (flow conserved at every node but S and T, {@code 0 <= f <= c} on every
 * arc, no residual S→T path, and the capacity leaving {@code S_min} equal to {@code lambda}, all up
 * to a relative tolerance of {@code 1e-9}).
 *
 * <p>When {@code lambda} is {@code +inf} (an S→T path made only of infinite arcs) no cut exists:
 * {@link #unbounded()} is true, every flow is 0 and the node and arc sets are empty.
 *
 * <p>Immutable and thread-safe; arrays are copied in and out.
 *
 * @param lambda the max-flow value, {@code >= 0} or {@code +inf}
 * @param flows the flow on every arc, indexed by arc id
 * @param minSourceSide {@code S_min}: the nodes reachable from S in the residual graph, the source
 *     side of the unique inclusion-minimal minimum cut; ascending node ids, S included
 * @param maxSourceSide {@code S_max}: the nodes that cannot reach T in the residual graph, the source
 *     side of the inclusion-maximal minimum cut; ascending, a superset of {@code minSourceSide}
 * @param cutArcs the arcs of positive capacity leaving {@code S_min}, ascending; their capacities sum
 *     to {@code lambda}
 * @param cutOperators for a plan network, the ids of the operators whose arc {@code v_in -> v_out}
 *     is among {@code cutArcs}, ascending; empty for other networks
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode compare contents
public record MinCutResult(
        double lambda, double[] flows, int[] minSourceSide, int[] maxSourceSide, int[] cutArcs, int[] cutOperators) {

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code lambda} is NaN or negative
     */
    public MinCutResult {
        if (!(lambda >= 0.0)) {
            throw new IllegalArgumentException("lambda must be >= 0: " + lambda);
        }
        flows = flows.clone();
        minSourceSide = minSourceSide.clone();
        maxSourceSide = maxSourceSide.clone();
        cutArcs = cutArcs.clone();
        cutOperators = cutOperators.clone();
    }

    static MinCutResult unbounded(int arcCount) {
        return new MinCutResult(
                Double.POSITIVE_INFINITY, new double[arcCount], new int[0], new int[0], new int[0], new int[0]);
    }

    /**
     * Whether the flow is unbounded, i.e. {@code lambda == +inf}.
     *
     * @return whether no finite cut exists
     */
    public boolean unbounded() {
        return lambda == Double.POSITIVE_INFINITY;
    }

    /**
     * A copy of the per-arc flows.
     *
     * @return a new array indexed by arc id
     */
    @Override
    public double[] flows() {
        return flows.clone();
    }

    /**
     * A copy of {@code S_min}.
     *
     * @return a new ascending array
     */
    @Override
    public int[] minSourceSide() {
        return minSourceSide.clone();
    }

    /**
     * A copy of {@code S_max}.
     *
     * @return a new ascending array
     */
    @Override
    public int[] maxSourceSide() {
        return maxSourceSide.clone();
    }

    /**
     * A copy of the cut arcs.
     *
     * @return a new ascending array
     */
    @Override
    public int[] cutArcs() {
        return cutArcs.clone();
    }

    /**
     * A copy of the cut operators.
     *
     * @return a new ascending array of operator ids
     */
    @Override
    public int[] cutOperators() {
        return cutOperators.clone();
    }

    /**
     * The flow on one arc, without copying.
     *
     * @param arc the arc id
     * @return its flow
     * @throws IndexOutOfBoundsException for an unknown arc
     */
    public double flow(int arc) {
        return flows[arc];
    }

    /**
     * Whether a node is in {@code S_min} ({@code O(log n)}).
     *
     * @param node the node
     * @return membership
     */
    public boolean inMinSourceSide(int node) {
        return Arrays.binarySearch(minSourceSide, node) >= 0;
    }

    /**
     * Whether a node is in {@code S_max} ({@code O(log n)}).
     *
     * @param node the node
     * @return membership
     */
    public boolean inMaxSourceSide(int node) {
        return Arrays.binarySearch(maxSourceSide, node) >= 0;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof MinCutResult r
                && Double.compare(lambda, r.lambda) == 0
                && Arrays.equals(flows, r.flows)
                && Arrays.equals(minSourceSide, r.minSourceSide)
                && Arrays.equals(maxSourceSide, r.maxSourceSide)
                && Arrays.equals(cutArcs, r.cutArcs)
                && Arrays.equals(cutOperators, r.cutOperators);
    }

    @Override
    public int hashCode() {
        int h = Double.hashCode(lambda);
        h = 31 * h + Arrays.hashCode(flows);
        h = 31 * h + Arrays.hashCode(minSourceSide);
        h = 31 * h + Arrays.hashCode(maxSourceSide);
        h = 31 * h + Arrays.hashCode(cutArcs);
        return 31 * h + Arrays.hashCode(cutOperators);
    }

    @Override
    public String toString() {
        return "MinCutResult[lambda=" + lambda + ", arcs=" + flows.length + ", |S_min|=" + minSourceSide.length
                + ", |S_max|=" + maxSourceSide.length + ", cutArcs=" + Arrays.toString(cutArcs) + ", cutOperators="
                + Arrays.toString(cutOperators) + "]";
    }
}
