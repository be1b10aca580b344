package io.neuraldag.core;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The payload of one {@link QueryDag} node: an {@link Operator} plus planner estimates and,
 * optionally, measured actuals, a start timestamp, a selectivity estimate and an embedding.
 *
 * <p>The node id is not part of the payload; the DAG maps ids to payloads. Depth, level,
 * criticality and critical-path membership are computed from the DAG, never stored here.
 *
 * <p>Immutable and thread-safe: the embedding is copied in and out.
 *
 * @param operator the operator, never null
 * @param estimatedRows planner row estimate, finite and {@code >= 0} (default 0)
 * @param estimatedCost planner cost of this operator alone, finite and {@code >= 0} (default 0),
 *     in the planner's abstract cost units
 * @param actualRows measured rows, finite and {@code >= 0}, or null when not executed
 * @param actualTimeMs measured time of this operator in milliseconds, finite and {@code >= 0}, or
 *     null
 * @param startTimeMs start timestamp in milliseconds on the caller's clock, finite, or null
 * @param selectivity estimated fraction of input rows kept, in {@code [0, 1]}, or null
 * @param embedding a feature vector of finite floats, or null; all embeddings of one DAG share a
 *     dimension
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode compare contents
public record OperatorNode(
        Operator operator,
        double estimatedRows,
        double estimatedCost,
        @Nullable Double actualRows,
        @Nullable Double actualTimeMs,
        @Nullable Double startTimeMs,
        @Nullable Double selectivity,
        float @Nullable [] embedding) {

    /**
     * Validates every field and copies the embedding.
     *
     * @throws NullPointerException if {@code operator} is null
     * @throws IllegalArgumentException if a number is out of range or not finite
     */
    public OperatorNode {
        Objects.requireNonNull(operator, "operator");
        nonNegative("estimatedRows", estimatedRows);
        nonNegative("estimatedCost", estimatedCost);
        if (actualRows != null) {
            nonNegative("actualRows", actualRows);
        }
        if (actualTimeMs != null) {
            nonNegative("actualTimeMs", actualTimeMs);
        }
        if (startTimeMs != null && !Double.isFinite(startTimeMs)) {
            throw new IllegalArgumentException("startTimeMs must be finite: " + startTimeMs);
        }
        if (selectivity != null && !(selectivity >= 0.0 && selectivity <= 1.0)) {
            throw new IllegalArgumentException("selectivity must be in [0,1]: " + selectivity);
        }
        // -0.0 and 0.0 are the same quantity: store +0.0 so that equality, JSON and fingerprints agree
        estimatedRows += 0.0;
        estimatedCost += 0.0;
        actualRows = positiveZero(actualRows);
        actualTimeMs = positiveZero(actualTimeMs);
        startTimeMs = positiveZero(startTimeMs);
        selectivity = positiveZero(selectivity);
        if (embedding != null) {
            embedding = embedding.clone();
            for (int i = 0; i < embedding.length; i++) {
                if (!Float.isFinite(embedding[i])) {
                    throw new IllegalArgumentException("embedding[" + i + "] is not finite: " + embedding[i]);
                }
                embedding[i] += 0.0f;
            }
        }
    }

    /**
     * A node with zero estimates and no optional attributes.
     *
     * @param operator the operator
     * @return the node
     */
    public static OperatorNode of(Operator operator) {
        return new OperatorNode(operator, 0.0, 0.0, null, null, null, null, null);
    }

    /**
     * A node with the given estimates and no optional attributes.
     *
     * @param operator the operator
     * @param estimatedRows row estimate, finite and {@code >= 0}
     * @param estimatedCost cost estimate, finite and {@code >= 0}
     * @return the node
     */
    public static OperatorNode of(Operator operator, double estimatedRows, double estimatedCost) {
        return new OperatorNode(operator, estimatedRows, estimatedCost, null, null, null, null, null);
    }

    /**
     * A copy of the embedding, or null.
     *
     * @return the embedding copy
     */
    @Override
    public float @Nullable [] embedding() {
        return embedding == null ? null : embedding.clone();
    }

    /**
     * Whether the node carries an embedding (possibly of dimension 0).
     *
     * @return whether an embedding is present
     */
    public boolean hasEmbedding() {
        return embedding != null;
    }

    /**
     * The embedding dimension, or 0 without an embedding.
     *
     * @return the dimension
     */
    public int embeddingDimension() {
        return embedding == null ? 0 : embedding.length;
    }

    /**
     * Reads one embedding component without copying.
     *
     * @param i component index
     * @return the component
     * @throws IllegalStateException if there is no embedding
     * @throws IndexOutOfBoundsException if {@code i} is out of range
     */
    public float embeddingAt(int i) {
        if (embedding == null) {
            throw new IllegalStateException("node has no embedding");
        }
        return embedding[i];
    }

    /**
     * This node with another operator.
     *
     * @param newOperator the operator
     * @return the new node
     */
    public OperatorNode withOperator(Operator newOperator) {
        return new OperatorNode(
                newOperator,
                estimatedRows,
                estimatedCost,
                actualRows,
                actualTimeMs,
                startTimeMs,
                selectivity,
                embedding);
    }

    /**
     * This node with other estimates.
     *
     * @param rows row estimate
     * @param cost cost estimate
     * @return the new node
     */
    public OperatorNode withEstimates(double rows, double cost) {
        return new OperatorNode(operator, rows, cost, actualRows, actualTimeMs, startTimeMs, selectivity, embedding);
    }

    /**
     * This node with other measured actuals.
     *
     * @param rows measured rows, or null
     * @param timeMs measured milliseconds, or null
     * @return the new node
     */
    public OperatorNode withActuals(@Nullable Double rows, @Nullable Double timeMs) {
        return new OperatorNode(
                operator, estimatedRows, estimatedCost, rows, timeMs, startTimeMs, selectivity, embedding);
    }

    /**
     * This node with another start timestamp.
     *
     * @param timeMs start time in milliseconds, or null
     * @return the new node
     */
    public OperatorNode withStartTimeMs(@Nullable Double timeMs) {
        return new OperatorNode(
                operator, estimatedRows, estimatedCost, actualRows, actualTimeMs, timeMs, selectivity, embedding);
    }

    /**
     * This node with another selectivity.
     *
     * @param newSelectivity selectivity in [0,1], or null
     * @return the new node
     */
    public OperatorNode withSelectivity(@Nullable Double newSelectivity) {
        return new OperatorNode(
                operator,
                estimatedRows,
                estimatedCost,
                actualRows,
                actualTimeMs,
                startTimeMs,
                newSelectivity,
                embedding);
    }

    /**
     * This node with another embedding.
     *
     * @param newEmbedding the embedding (copied), or null
     * @return the new node
     */
    public OperatorNode withEmbedding(float @Nullable [] newEmbedding) {
        return new OperatorNode(
                operator,
                estimatedRows,
                estimatedCost,
                actualRows,
                actualTimeMs,
                startTimeMs,
                selectivity,
                newEmbedding);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof OperatorNode other
                && operator.equals(other.operator)
                && Double.compare(estimatedRows, other.estimatedRows) == 0
                && Double.compare(estimatedCost, other.estimatedCost) == 0
                && Objects.equals(actualRows, other.actualRows)
                && Objects.equals(actualTimeMs, other.actualTimeMs)
                && Objects.equals(startTimeMs, other.startTimeMs)
                && Objects.equals(selectivity, other.selectivity)
                && Arrays.equals(embedding, other.embedding);
    }

    @Override
    public int hashCode() {
        int h = operator.hashCode();
        h = 31 * h + Double.hashCode(estimatedRows);
        h = 31 * h + Double.hashCode(estimatedCost);
        h = 31 * h + Objects.hash(actualRows, actualTimeMs, startTimeMs, selectivity);
        return 31 * h + Arrays.hashCode(embedding);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("OperatorNode[").append(operator);
        sb.append(", rows=").append(estimatedRows).append(", cost=").append(estimatedCost);
        if (actualRows != null) {
            sb.append(", actualRows=").append(actualRows);
        }
        if (actualTimeMs != null) {
            sb.append(", actualTimeMs=").append(actualTimeMs);
        }
        if (startTimeMs != null) {
            sb.append(", startTimeMs=").append(startTimeMs);
        }
        if (selectivity != null) {
            sb.append(", selectivity=").append(selectivity);
        }
        if (embedding != null) {
            sb.append(", embedding=float[").append(embedding.length).append(']');
        }
        return sb.append(']').toString();
    }

    private static @Nullable Double positiveZero(@Nullable Double v) {
        return v != null && v == 0.0 ? Double.valueOf(0.0) : v;
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0: " + value);
        }
    }
}
