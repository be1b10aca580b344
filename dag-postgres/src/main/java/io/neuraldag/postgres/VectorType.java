package io.neuraldag.postgres;

/**
 * How the {@code ruvector} tables store 256-dimensional embeddings (spec 03 §1.3).
 *
 * <p>Immutable and thread-safe.
 */
public enum VectorType {
    /** pgvector's {@code vector(256)}, with an HNSW cosine index on pattern centroids. */
    PGVECTOR,
    /** A plain {@code real[]} (the pgvector extension is not available). */
    REAL_ARRAY
}
