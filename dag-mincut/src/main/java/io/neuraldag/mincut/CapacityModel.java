package io.neuraldag.mincut;

/**
 * How a plan's operator weights become capacities of its flow network (spec 02 §2.1). The weight
 * {@code w} of an operator is its {@linkplain io.neuraldag.core.OperatorNode#estimatedCost()
 * estimated cost}.
 *
 * <p>Every operator {@code v} becomes an arc {@code v_in -> v_out} of capacity {@link
 * #operatorCapacity(double) c(v)}; every plan edge {@code u -> v} an arc {@code u_out -> v_in} of
 * capacity {@link #edgeCapacity(double, double, EdgeCapacity)}; the super-source feeds every operator
 * without inputs and every operator without consumers feeds the super-sink through {@link
 * #sinkCapacity(double)}, other connectors being infinite.
 *
 * <p>Thread-safe (stateless).
 */
public enum CapacityModel {
    /**
     * The default: {@code c(v) = 1 / max(w, 1)}. Expensive operators are narrow, so the minimum cut
     * is the plan's throughput bottleneck.
     */
    THROUGHPUT,
    /**
     * {@code c(v) = max(w, 1)}, the design documents' literal reading (parity only: on a bowtie the
     * cut falls on the cheap outputs and the expensive join gets criticality 0).
     */
    COST,
    /** {@code c(v) = 1}: the cut counts operators. */
    UNIT,
    /**
     * The original implementation's layout: operators are uncuttable ({@code c(v) = +inf}) and every
     * plan edge {@code u -> v} has capacity {@code max(w(u), 1)}, the producer's cost. So that every
     * S–T path stays finite, an operator without consumers feeds the sink at {@code max(w, 1)} too
     * (ours). Operator criticality is then always 0.
     */
    EDGE_PARENT_COST;

    /**
     * The capacity of an operator's arc.
     *
     * @param weight the operator's weight, finite and {@code >= 0}
     * @return {@code c(v)}, {@code > 0}
     * @throws IllegalArgumentException if the weight is negative, NaN or infinite
     */
    public double operatorCapacity(double weight) {
        checkWeight(weight);
        return switch (this) {
            case THROUGHPUT -> 1.0 / Math.max(weight, 1.0);
            case COST -> Math.max(weight, 1.0);
            case UNIT -> 1.0;
            case EDGE_PARENT_COST -> Double.POSITIVE_INFINITY;
        };
    }

    /**
     * The capacity of a plan edge's arc.
     *
     * @param producerWeight the producing operator's weight, finite and {@code >= 0}
     * @param producerRows the producing operator's estimated rows, finite and {@code >= 0}
     * @param mode the edge mode (ignored by {@link #EDGE_PARENT_COST})
     * @return the capacity: {@code max(w(u), 1)} under {@link #EDGE_PARENT_COST}, otherwise {@code
     *     +inf} or the row count
     * @throws IllegalArgumentException if a number is negative, NaN or infinite
     */
    public double edgeCapacity(double producerWeight, double producerRows, EdgeCapacity mode) {
        checkWeight(producerWeight);
        if (!(producerRows >= 0.0) || producerRows == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("rows must be finite and >= 0: " + producerRows);
        }
        if (this == EDGE_PARENT_COST) {
            return Math.max(producerWeight, 1.0);
        }
        return switch (mode) {
            case INFINITE -> Double.POSITIVE_INFINITY;
            case ROWS -> producerRows;
        };
    }

    /**
     * The capacity of the connector from an operator without consumers to the super-sink.
     *
     * @param weight the operator's weight, finite and {@code >= 0}
     * @return {@code max(w, 1)} under {@link #EDGE_PARENT_COST}, {@code +inf} otherwise
     * @throws IllegalArgumentException if the weight is negative, NaN or infinite
     */
    public double sinkCapacity(double weight) {
        checkWeight(weight);
        return this == EDGE_PARENT_COST ? Math.max(weight, 1.0) : Double.POSITIVE_INFINITY;
    }

    private static void checkWeight(double weight) {
        if (!(weight >= 0.0) || weight == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("weight must be finite and >= 0: " + weight);
        }
    }
}
