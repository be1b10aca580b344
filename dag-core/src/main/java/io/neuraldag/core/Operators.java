package io.neuraldag.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Builds operators from loosely typed field maps (the JSON readers' intermediate form) and names
 * the variants. Missing string fields become "" (spec 01 §1.3: strings are never null), missing
 * counts take the neutral defaults of the benchmark format (ef_search 40, nprobe 10, limit 10), and
 * a present field of the wrong type is an error, never silently replaced.
 */
final class Operators {
    /** Marker for an explicit JSON null in a field map. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    static final int DEFAULT_EF_SEARCH = 40;
    static final int DEFAULT_NPROBE = 10;
    static final long DEFAULT_LIMIT = 10;

    private Operators() {}

    /** Field lookup by name: the value (or {@link #NULL} for an explicit null), null when absent. */
    interface Fields {
        @Nullable
        Object get(String name);
    }

    static Operator fromFields(String type, Map<String, Object> f, DagJson.Errors errors) {
        return fromFields(type, f::get, errors);
    }

    static Operator fromFields(String type, Fields f, DagJson.Errors errors) {
        try {
            return switch (type) {
                case "SeqScan" -> new Operator.SeqScan(str(f, "table", errors));
                case "IndexScan" -> new Operator.IndexScan(str(f, "index", errors), str(f, "table", errors));
                case "IndexOnlyScan" -> new Operator.IndexOnlyScan(str(f, "index", errors), str(f, "table", errors));
                case "BitmapScan" -> new Operator.BitmapScan(str(f, "index", errors), str(f, "table", errors));
                case "HnswScan" ->
                    new Operator.HnswScan(
                            str(f, "index", errors),
                            (int) integer(f, "ef_search", DEFAULT_EF_SEARCH, errors),
                            str(f, "table", errors),
                            optionalInt(f, "k", errors));
                case "IvfFlatScan" ->
                    new Operator.IvfFlatScan(
                            str(f, "index", errors),
                            (int) integer(f, (f.get("probes") != null) ? "probes" : "nprobe", DEFAULT_NPROBE, errors),
                            str(f, "table", errors),
                            optionalInt(f, "k", errors));
                case "SubqueryScan" -> new Operator.SubqueryScan(str(f, "alias", errors));
                case "CteScan" -> new Operator.CteScan(str(f, "cte_name", errors));
                case "NestedLoopJoin" -> new Operator.NestedLoopJoin(joinType(f, errors));
                case "HashJoin" ->
                    new Operator.HashJoin(
                            str(f, (f.get("key") != null) ? "key" : "hash_key", errors), joinType(f, errors));
                case "MergeJoin" ->
                    new Operator.MergeJoin(
                            str(f, (f.get("key") != null) ? "key" : "merge_key", errors), joinType(f, errors));
                case "Aggregate" -> new Operator.Aggregate(strs(f, "functions", errors));
                case "GroupBy" -> new Operator.GroupBy(strs(f, "keys", errors));
                case "HashAggregate" ->
                    new Operator.HashAggregate(strs(f, "keys", errors), strs(f, "functions", errors));
                case "WindowAgg" -> new Operator.WindowAgg(strs(f, "functions", errors));
                case "Filter" -> new Operator.Filter(str(f, "predicate", errors));
                case "Project" -> new Operator.Project(strs(f, "columns", errors));
                case "Sort" -> {
                    List<String> keys = strs(f, "keys", errors);
                    yield (f.get("descending") != null)
                            ? new Operator.Sort(keys, bools(f, "descending", errors))
                            : new Operator.Sort(keys);
                }
                case "IncrementalSort" -> {
                    List<String> keys = strs(f, "keys", errors);
                    yield (f.get("descending") != null)
                            ? new Operator.IncrementalSort(keys, bools(f, "descending", errors))
                            : new Operator.IncrementalSort(keys);
                }
                case "Limit" -> new Operator.Limit(integer(f, "count", DEFAULT_LIMIT, errors));
                case "Unique" -> new Operator.Unique(strs(f, "keys", errors));
                case "Append" -> new Operator.Append();
                case "MergeAppend" -> new Operator.MergeAppend(strs(f, "keys", errors));
                case "Union" -> new Operator.Union(bool(f, "all", errors));
                case "Intersect" -> new Operator.Intersect();
                case "Except" -> new Operator.Except();
                case "VectorDistance" -> new Operator.VectorDistance(str(f, "metric", errors));
                case "Rerank" -> new Operator.Rerank(str(f, "model", errors));
                case "Materialize" -> new Operator.Materialize();
                case "Result" -> new Operator.Result();
                case "Gather" -> new Operator.Gather((int) integer(f, "workers", 0, errors));
                case "GatherMerge" -> new Operator.GatherMerge((int) integer(f, "workers", 0, errors));
                // upstream's deprecated generic kinds, accepted on read only
                case "Scan" -> new Operator.SeqScan("");
                case "Join" -> new Operator.NestedLoopJoin(JoinType.INNER);
                default -> throw errors.error("unknown operator type \"" + type + "\"");
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof DagException d) {
                throw d;
            }
            throw errors.error(type + ": " + e.getMessage());
        }
    }

    static String str(Fields f, String name, DagJson.Errors errors) {
        Object v = f.get(name);
        if (v == null || v == NULL) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        throw errors.error("field \"" + name + "\" must be a string, found " + v);
    }

    static long integer(Fields f, String name, long dflt, DagJson.Errors errors) {
        Object v = f.get(name);
        if (v == null || v == NULL) {
            return dflt;
        }
        if (v instanceof Long l) {
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                if (!name.equals("count")) {
                    throw errors.error("field \"" + name + "\" is out of range: " + l);
                }
            }
            return l;
        }
        throw errors.error("field \"" + name + "\" must be an integer, found " + v);
    }

    static @Nullable Integer optionalInt(Fields f, String name, DagJson.Errors errors) {
        Object v = f.get(name);
        if (v == null || v == NULL) {
            return null;
        }
        return (int) integer(f, name, 0, errors);
    }

    static boolean bool(Fields f, String name, DagJson.Errors errors) {
        Object v = f.get(name);
        if (v == null || v == NULL) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw errors.error("field \"" + name + "\" must be a boolean, found " + v);
    }

    static List<String> strs(Fields f, String name, DagJson.Errors errors) {
        Object v = f.get(name);
        if (v == null || v == NULL) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw errors.error("field \"" + name + "\" must hold strings, found " + o);
                }
                out.add(s);
            }
            return out;
        }
        throw errors.error("field \"" + name + "\" must be a list of strings, found " + v);
    }

    static List<Boolean> bools(Fields f, String name, DagJson.Errors errors) {
        Object v = f.get(name);
        if (v instanceof List<?> list) {
            List<Boolean> out = new ArrayList<>(list.size());
            for (Object o : list) {
                if (!(o instanceof Boolean b)) {
                    throw errors.error("field \"" + name + "\" must hold booleans, found " + o);
                }
                out.add(b);
            }
            return out;
        }
        throw errors.error("field \"" + name + "\" must be a list of booleans, found " + v);
    }

    static JoinType joinType(Fields f, DagJson.Errors errors) {
        Object v = f.get("join_type");
        if (v == null || v == NULL) {
            return JoinType.INNER;
        }
        if (v instanceof String s) {
            try {
                return JoinType.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw errors.error("unknown join type \"" + s + "\"");
            }
        }
        throw errors.error("field \"join_type\" must be a string, found " + v);
    }
}
