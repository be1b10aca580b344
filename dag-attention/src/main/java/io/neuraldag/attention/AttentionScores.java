package io.neuraldag.attention;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The result of one attention {@code forward}: a weight for every node of the DAG, plus metadata and
 * optional per-node auxiliary values.
 *
 * <p>Weights are stored by position in {@link #nodeIds()}, which lists the DAG's ids ascending (the
 * {@link io.neuraldag.core.DagSnapshot} index order). Every weight lies in {@code [0, 1]} and, unless
 * the DAG was empty, they sum to 1 within {@code 1e-9}. Nodes outside a content-mode mask have weight
 * 0. An empty value (no nodes) is produced only by {@link AttentionOptimizer} for an empty DAG.
 *
 * <p>Auxiliary maps hold one value per node in the same order, e.g. MinCutGated's {@code "gate"} and
 * {@code "criticality"}, TemporalBTSP's {@code "trace"}, HierarchicalLorentz's {@code "radius"}.
 * {@link #aggregated()} is the content-mode output vector ({@code Σ w_v W_V e_v}, or the Lorentz
 * centroid), null in structural mode.
 *
 * <p>Immutable and thread-safe: arrays are copied in and out, so a cached value can be shared.
 *
 * @param kind the mechanism that produced the weights
 * @param nodeIds the node ids, strictly ascending
 * @param weights one weight per id, in {@code [0, 1]}, summing to 1 within {@code 1e-9}
 * @param metadata mechanism-specific facts (mode, parameters in effect), sorted by key
 * @param auxiliary named per-node value arrays, each of length {@code nodeIds.length}
 * @param aggregated the content-mode output vector, or null
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode compare contents
public record AttentionScores(
        AttentionKind kind,
        int[] nodeIds,
        double[] weights,
        Map<String, String> metadata,
        Map<String, double[]> auxiliary,
        double @Nullable [] aggregated) {

    /** Largest accepted deviation of the weight sum from 1. */
    public static final double SUM_TOLERANCE = 1e-9;

    /**
     * Validates and copies every component.
     *
     * @throws NullPointerException if a component other than {@code aggregated} is null
     * @throws AttentionException {@code COMPUTATION_FAILED} if the lengths differ, ids are not strictly
     *     ascending, a weight is outside {@code [0, 1]} or not finite, or the sum is not 1 within
     *     {@link #SUM_TOLERANCE}
     */
    public AttentionScores {
        Objects.requireNonNull(kind, "kind");
        nodeIds = nodeIds.clone();
        weights = weights.clone();
        int n = nodeIds.length;
        if (weights.length != n) {
            throw AttentionException.failed(n + " node ids but " + weights.length + " weights");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && nodeIds[i] <= nodeIds[i - 1]) {
                throw AttentionException.failed("node ids are not strictly ascending at position " + i);
            }
            double w = weights[i];
            if (!(w >= 0.0 && w <= 1.0)) {
                throw AttentionException.failed("weight of node " + nodeIds[i] + " is not in [0,1]: " + w);
            }
            sum += w;
        }
        if (n > 0 && !(Math.abs(sum - 1.0) <= SUM_TOLERANCE)) {
            throw AttentionException.failed("weights sum to " + sum + ", not 1");
        }
        metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
        TreeMap<String, double[]> aux = new TreeMap<>();
        for (Map.Entry<String, double[]> e : auxiliary.entrySet()) {
            double[] v = e.getValue();
            if (v.length != n) {
                throw AttentionException.failed(
                        "auxiliary '" + e.getKey() + "' has " + v.length + " values for " + n + " nodes");
            }
            aux.put(e.getKey(), v.clone());
        }
        auxiliary = Collections.unmodifiableMap(aux);
        aggregated = aggregated == null ? null : aggregated.clone();
    }

    /** An empty result for an empty DAG (optimizer fallback only). */
    static AttentionScores empty(AttentionKind kind, Map<String, String> metadata) {
        return new AttentionScores(kind, new int[0], new double[0], metadata, Map.of(), null);
    }

    /**
     * The number of nodes scored.
     *
     * @return n
     */
    public int size() {
        return nodeIds.length;
    }

    /**
     * A copy of the ids, ascending.
     *
     * @return a new array
     */
    @Override
    public int[] nodeIds() {
        return nodeIds.clone();
    }

    /**
     * A copy of the weights, in {@link #nodeIds()} order.
     *
     * @return a new array
     */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /**
     * A copy of the auxiliary maps (arrays copied).
     *
     * @return a new map, sorted by name
     */
    @Override
    public Map<String, double[]> auxiliary() {
        LinkedHashMap<String, double[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : auxiliary.entrySet()) {
            m.put(e.getKey(), e.getValue().clone());
        }
        return m;
    }

    /**
     * A copy of the aggregated vector, or null in structural mode.
     *
     * @return a new array or null
     */
    @Override
    public double @Nullable [] aggregated() {
        return aggregated == null ? null : aggregated.clone();
    }

    /**
     * The weight of a node, {@code O(log n)} ({@code O(1)} when the ids are {@code 0..n-1}).
     *
     * @param nodeId the id
     * @return the weight in {@code [0, 1]}
     * @throws AttentionException {@code NODE_NOT_FOUND} if the id was not scored
     */
    public double weight(int nodeId) {
        return weights[position(nodeId)];
    }

    /**
     * The weight at a position of {@link #nodeIds()}.
     *
     * @param position in {@code [0, size())}
     * @return the weight
     */
    public double weightAt(int position) {
        return weights[position];
    }

    /**
     * The id at a position of {@link #nodeIds()}.
     *
     * @param position in {@code [0, size())}
     * @return the id
     */
    public int nodeIdAt(int position) {
        return nodeIds[position];
    }

    /**
     * Whether an auxiliary map is present.
     *
     * @param name the map name, e.g. {@code "gate"}
     * @return whether it exists
     */
    public boolean hasAuxiliary(String name) {
        return auxiliary.containsKey(name);
    }

    /**
     * One node's value in an auxiliary map.
     *
     * @param name the map name, e.g. {@code "gate"}
     * @param nodeId the id
     * @return the value
     * @throws IllegalArgumentException if there is no such map
     * @throws AttentionException {@code NODE_NOT_FOUND} if the id was not scored
     */
    public double auxiliary(String name, int nodeId) {
        double[] v = auxiliary.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no auxiliary map '" + name + "'; present: " + auxiliary.keySet());
        }
        return v[position(nodeId)];
    }

    /**
     * The ids of the {@code k} largest weights, heaviest first (ties: smaller id first), in {@code
     * O(n log n)}.
     *
     * @param k how many, {@code >= 0}; fewer are returned when the DAG is smaller
     * @return a new array of at most {@code k} ids
     * @throws IllegalArgumentException if {@code k < 0}
     */
    public int[] topNodes(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0: " + k);
        }
        int n = nodeIds.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(weights[b], weights[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int m = Math.min(k, n);
        int[] r = new int[m];
        for (int i = 0; i < m; i++) {
            r[i] = nodeIds[order[i]];
        }
        return r;
    }

    private int position(int nodeId) {
        int n = nodeIds.length;
        int p;
        if (n > 0 && nodeIds[n - 1] == n - 1) {
            p = nodeId >= 0 && nodeId < n ? nodeId : -1;
        } else {
            p = Arrays.binarySearch(nodeIds, nodeId);
        }
        if (p < 0) {
            throw AttentionException.nodeNotFound(nodeId);
        }
        return p;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (!(o instanceof AttentionScores s)) {
            return false;
        }
        if (kind != s.kind
                || !Arrays.equals(nodeIds, s.nodeIds)
                || !Arrays.equals(weights, s.weights)
                || !metadata.equals(s.metadata)
                || !Arrays.equals(aggregated, s.aggregated)
                || !auxiliary.keySet().equals(s.auxiliary.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : auxiliary.entrySet()) {
            if (!Arrays.equals(e.getValue(), s.auxiliary.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = kind.hashCode();
        h = 31 * h + Arrays.hashCode(nodeIds);
        h = 31 * h + Arrays.hashCode(weights);
        h = 31 * h + metadata.hashCode();
        for (Map.Entry<String, double[]> e : auxiliary.entrySet()) {
            h = 31 * h + e.getKey().hashCode() + 7 * Arrays.hashCode(e.getValue());
        }
        return 31 * h + Arrays.hashCode(aggregated);
    }

    @Override
    public String toString() {
        StringBuilder b =
                new StringBuilder("AttentionScores[").append(kind.wireName()).append(' ');
        int n = Math.min(nodeIds.length, 16);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "{" : ", ")
                    .append(nodeIds[i])
                    .append('=')
                    .append(String.format(Locale.ROOT, "%.6f", weights[i]));
        }
        if (nodeIds.length > n) {
            b.append(", ... ").append(nodeIds.length - n).append(" more");
        }
        return b.append(n == 0 ? "{}" : "}").append(']').toString();
    }
}
