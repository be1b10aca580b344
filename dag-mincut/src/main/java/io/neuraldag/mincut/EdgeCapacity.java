package io.neuraldag.mincut;

/**
 * The capacity of the arc {@code u_out -> v_in} of a plan edge (spec 02 §2.1), unless the {@link
 * CapacityModel} sets it ({@link CapacityModel#EDGE_PARENT_COST}).
 */
public enum EdgeCapacity {
    /** The default: plan edges are uncuttable, so every cut consists of operators. */
    INFINITE,
    /** The producer's estimated row count: edges carrying few rows become cuttable. */
    ROWS
}
