package io.neuraldag.core.plan;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Names the access method ({@code "btree"}, {@code "hnsw"}, {@code "ivfflat"}, ...) of an index that
 * a plan scans. PostgreSQL's EXPLAIN prints only the index name, so the plan importer asks a resolver
 * to tell pgvector's HNSW and IVFFlat indexes from ordinary ones.
 *
 * <p>The importer calls {@link #accessMethod} at most once per distinct (schema, index) pair of a
 * plan. Implementations used from several threads must be thread-safe; the ones returned by the
 * static factories here are immutable and thread-safe.
 */
@FunctionalInterface
public interface AccessMethodResolver {

    /**
     * Looks up the access method of an index.
     *
     * @param schema the index's schema as printed by {@code EXPLAIN (VERBOSE)} (the schema of the
     *     scanned table), or {@code ""} when the plan does not say
     * @param indexName the index name as printed in {@code "Index Name"}, never empty
     * @return the access method name (compared case-insensitively), or empty when unknown; an unknown
     *     access method imports as an ordinary {@code IndexScan}
     */
    Optional<String> accessMethod(String schema, String indexName);

    /**
     * This resolver, falling back to another one where this one does not know the index.
     *
     * @param fallback the resolver asked second
     * @return the combined resolver
     * @throws NullPointerException if {@code fallback} is null
     */
    default AccessMethodResolver orElse(AccessMethodResolver fallback) {
        Objects.requireNonNull(fallback, "fallback");
        return (schema, index) -> {
            Optional<String> first = accessMethod(schema, index);
            return first.isPresent() ? first : fallback.accessMethod(schema, index);
        };
    }

    /**
     * The offline default: an index whose name contains {@code "hnsw"} is an HNSW index, one whose
     * name contains {@code "ivfflat"} an IVFFlat index (case-insensitive); any other index is
     * unknown. This matches the common naming habit (and pgvector's documentation examples), not a
     * guarantee.
     *
     * @return the name-based resolver
     */
    static AccessMethodResolver nameHeuristic() {
        return (schema, index) -> {
            String lower = index.toLowerCase(Locale.ROOT);
            if (lower.contains("hnsw")) {
                return Optional.of("hnsw");
            }
            if (lower.contains("ivfflat")) {
                return Optional.of("ivfflat");
            }
            return Optional.empty();
        };
    }

    /**
     * A fixed map from index to access method, e.g. captured once from {@code pg_class ⋈ pg_am}. A
     * key is either {@code "schema.index"} or a bare {@code "index"}; the qualified key is tried
     * first. Combine with {@link #orElse} to add the name heuristic.
     *
     * @param accessMethods index name (optionally schema-qualified) to access method; copied
     * @return the map-based resolver
     * @throws NullPointerException if the map or any key or value is null
     */
    static AccessMethodResolver of(Map<String, String> accessMethods) {
        Map<String, String> copy = LinkedHashMap.newLinkedHashMap(accessMethods.size());
        accessMethods.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value")));
        return (schema, index) -> {
            if (!schema.isEmpty()) {
                String qualified = copy.get(schema + "." + index);
                if (qualified != null) {
                    return Optional.of(qualified);
                }
            }
            return Optional.ofNullable(copy.get(index));
        };
    }
}
