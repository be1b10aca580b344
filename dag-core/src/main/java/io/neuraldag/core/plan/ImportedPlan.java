package io.neuraldag.core.plan;

import io.neuraldag.core.DagException;
import io.neuraldag.core.QueryDag;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL plan read by {@link PostgresPlans#fromExplainJson(String)}: the DAG plus everything
 * the DAG's operators and node attributes do not hold.
 *
 * <p>Node ids are dense, {@code 0 .. dag.nodeCount()-1}, in pre-order of the plan tree after folding
 * (id 0 is the plan's top node, the DAG's only sink). {@link #attributes()} has one entry per node
 * id; each value is an unmodifiable map, in the JSON's field order, whose values are {@link String}s
 * or {@link Number}s ({@link Long} for JSON integers, {@link Double} otherwise). It holds every field
 * of the plan node as read, except {@code "Plans"}: JSON strings as strings, numbers as numbers,
 * booleans as {@code "true"}/{@code "false"}, arrays and objects as compact JSON text (e.g. {@code
 * "Output"}, {@code "Sort Key"}, {@code "Workers"}); then the derived entries of {@link
 * PostgresPlans}: {@code "Hash ..."} statistics of a folded Hash, {@code "bitmapTree"}, {@code
 * "rawNodeType"}, {@code "vectorMetric"} and {@code "exactVectorSearch"}.
 *
 * <p>The record's maps are unmodifiable and thread-safe; the {@link QueryDag} is a fresh mutable
 * instance owned by the caller (changing it does not change the attributes).
 *
 * @param dag the plan as a DAG
 * @param attributes node id to that node's attributes, ascending by id
 * @param planningTimeMs top-level {@code "Planning Time"} in milliseconds, or null when absent
 * @param executionTimeMs top-level {@code "Execution Time"} in milliseconds (ANALYZE only), or null
 * @param settings the top-level {@code "Settings"} object ({@code EXPLAIN (SETTINGS)}: the planner
 *     settings that differ from their defaults) as name to value text, in JSON order; empty when
 *     absent
 */
public record ImportedPlan(
        QueryDag dag,
        Map<Integer, Map<String, Object>> attributes,
        @Nullable Double planningTimeMs,
        @Nullable Double executionTimeMs,
        Map<String, String> settings) {

    /**
     * Validates and copies the maps.
     *
     * @throws NullPointerException if {@code dag}, a map, a key or a value is null
     * @throws IllegalArgumentException if an attribute value is neither a String nor a Number
     */
    public ImportedPlan {
        Objects.requireNonNull(dag, "dag");
        attributes = attributes instanceof ValidatedMap<Integer, Map<String, Object>> trusted
                ? trusted
                : copyAttributes(attributes);
        Map<String, String> s = LinkedHashMap.newLinkedHashMap(settings.size());
        settings.forEach((k, v) -> s.put(Objects.requireNonNull(k, "setting"), Objects.requireNonNull(v, "value")));
        settings = Collections.unmodifiableMap(s);
    }

    private static Map<Integer, Map<String, Object>> copyAttributes(Map<Integer, Map<String, Object>> attributes) {
        Map<Integer, Map<String, Object>> attrs = LinkedHashMap.newLinkedHashMap(attributes.size());
        attributes.forEach((id, m) -> {
            Objects.requireNonNull(id, "attributes key");
            Map<String, Object> copy = LinkedHashMap.newLinkedHashMap(m.size());
            m.forEach((k, v) -> {
                Objects.requireNonNull(k, "attribute name");
                Objects.requireNonNull(v, "attribute value");
                if (!(v instanceof String) && !(v instanceof Number)) {
                    throw new IllegalArgumentException(
                            "attribute " + k + " of node " + id + " is neither a String nor a Number: " + v);
                }
                copy.put(k, v);
            });
            attrs.put(id, Collections.unmodifiableMap(copy));
        });
        return Collections.unmodifiableMap(attrs);
    }

    /**
     * The attributes of one node.
     *
     * @param id the node id
     * @return its unmodifiable attribute map
     * @throws DagException {@code NODE_NOT_FOUND} if no node has this id
     */
    public Map<String, Object> attributesOf(int id) {
        Map<String, Object> m = attributes.get(id);
        if (m == null) {
            throw new DagException(DagException.Kind.NODE_NOT_FOUND, "node " + id + " not found");
        }
        return m;
    }
}
