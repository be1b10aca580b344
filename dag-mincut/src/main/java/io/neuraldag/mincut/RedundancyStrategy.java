package io.neuraldag.mincut;

/** How a {@link RedundancySuggestion} adds a bypass around a critical operator (spec 02 §2.6). */
public enum RedundancyStrategy {
    /** Read a sequentially scanned table through a known index (speed-up 10). */
    INDEX,
    /** Run a nested-loop join as a hash join (speed-up 5). */
    HASH_JOIN,
    /** Read the sort's input from an index in sort order (speed-up 3). */
    SORTED_INDEX,
    /** Fallback for scans: materialize the scan's result. */
    MATERIALIZE,
    /** Fallback for HNSW scans: prefetch the index. */
    PREFETCH,
    /** Fallback for any other operator: replicate it. */
    REPLICATE
}
