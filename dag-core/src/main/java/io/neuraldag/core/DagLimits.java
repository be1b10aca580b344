package io.neuraldag.core;

/**
 * Hard limits every reader of this module enforces on untrusted input. Input beyond a limit is
 * rejected with a {@link DagException} of kind {@code SERIALIZATION} before anything large is
 * allocated, so hostile input cannot exhaust memory.
 *
 * <p>The PostgreSQL plan reader applies the same byte, node and string limits and its own nesting
 * limit, {@link #MAX_PLAN_NESTING_DEPTH}, since plan trees nest one level per operator.
 */
public final class DagLimits {
    /** Largest accepted input: 16 MiB (bytes, or UTF-16 chars for a {@code String}). */
    public static final int MAX_INPUT_BYTES = 16 * 1024 * 1024;

    /** Largest accepted node count: 100 000. */
    public static final int MAX_NODES = 100_000;

    /** Largest accepted edge count: 1 000 000. */
    public static final int MAX_EDGES = 1_000_000;

    /** Longest accepted string value: 1 MiB characters. */
    public static final int MAX_STRING_LENGTH = 1024 * 1024;

    /** Deepest accepted JSON nesting for the DAG formats: 64 levels. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** Deepest accepted JSON nesting for PostgreSQL plans: 10 000 levels. */
    public static final int MAX_PLAN_NESTING_DEPTH = 10_000;

    /** Largest accepted embedding dimension: 65 536. */
    public static final int MAX_EMBEDDING_DIMENSION = 65_536;

    /** Largest accepted list (keys, functions, columns) inside one operator: 65 536 items. */
    public static final int MAX_LIST_LENGTH = 65_536;

    private DagLimits() {}
}
