package io.neuraldag.core;

/** The logical kind of a join. {@link #INNER} is the default. Immutable and thread-safe. */
public enum JoinType {
    /** Rows that match on both sides. */
    INNER,
    /** All rows of the left input, matched where possible. */
    LEFT,
    /** All rows of the right input, matched where possible. */
    RIGHT,
    /** All rows of both inputs. */
    FULL,
    /** Left rows that have at least one match. */
    SEMI,
    /** Left rows that have no match. */
    ANTI
}
