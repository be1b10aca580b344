package io.neuraldag.cli;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/*
 * Short human-readable details of an operator for reports: the table of a scan, the key of a join,
 * the predicate of a filter, and so on. Whitespace runs collapse to one space and a detail longer
 * than MAX_DETAIL characters is cut with "...". The switch is exhaustive over the sealed Operator
 * type, so a new kind fails compilation here until it has a label.
 */
final class OperatorLabels {
    static final int MAX_DETAIL = 48;

    private OperatorLabels() {}

    static String detail(Operator op) {
        String d = switch (op) {
            case Operator.SeqScan s -> s.table();
            case Operator.IndexScan s -> using(s.table(), s.index());
            case Operator.IndexOnlyScan s -> using(s.table(), s.index());
            case Operator.BitmapScan s -> using(s.table(), s.index());
            case Operator.HnswScan s -> join(using(s.table(), s.index()), "ef_search=" + s.efSearch(), k(s.k()));
            case Operator.IvfFlatScan s -> join(using(s.table(), s.index()), "nprobe=" + s.nprobe(), k(s.k()));
            case Operator.SubqueryScan s -> s.alias();
            case Operator.CteScan s -> s.cteName();
            case Operator.NestedLoopJoin j -> joinType(j.joinType());
            case Operator.HashJoin j -> join(joinType(j.joinType()), on(j.hashKey()));
            case Operator.MergeJoin j -> join(joinType(j.joinType()), on(j.mergeKey()));
            case Operator.Aggregate a -> list(a.functions());
            case Operator.GroupBy g -> by(g.keys());
            case Operator.HashAggregate a -> join(by(a.keys()), list(a.functions()));
            case Operator.WindowAgg w -> list(w.functions());
            case Operator.Filter f -> f.predicate();
            case Operator.Project p -> list(p.columns());
            case Operator.Sort s -> sortKeys(s.keys(), s.descending());
            case Operator.IncrementalSort s -> sortKeys(s.keys(), s.descending());
            case Operator.Limit l -> Long.toString(l.count());
            case Operator.Unique u -> list(u.keys());
            case Operator.Append a -> "";
            case Operator.MergeAppend m -> list(m.keys());
            case Operator.Union u -> u.all() ? "all" : "distinct";
            case Operator.Intersect i -> "";
            case Operator.Except e -> "";
            case Operator.VectorDistance v -> v.metric();
            case Operator.Rerank r -> r.model();
            case Operator.Materialize m -> "";
            case Operator.Result r -> "";
            case Operator.Gather g -> "workers=" + g.workers();
            case Operator.GatherMerge g -> "workers=" + g.workers();
        };
        return shorten(d);
    }

    static String shorten(String s) {
        String t = CliException.oneLine(s);
        if (t.length() <= MAX_DETAIL) {
            return t;
        }
        int cut = MAX_DETAIL - 3;
        if (Character.isHighSurrogate(t.charAt(cut - 1))) {
            cut--;
        }
        return t.substring(0, cut) + "...";
    }

    private static String using(String table, String index) {
        if (table.isEmpty()) {
            return index;
        }
        return index.isEmpty() ? table : table + " using " + index;
    }

    private static String k(@Nullable Integer k) {
        return k == null ? "" : "k=" + k;
    }

    private static String on(String key) {
        return key.isEmpty() ? "" : "on " + key;
    }

    private static String by(List<String> keys) {
        return keys.isEmpty() ? "" : "by " + list(keys);
    }

    private static String joinType(JoinType t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static String list(List<String> items) {
        return String.join(", ", items);
    }

    private static String sortKeys(List<String> keys, List<Boolean> descending) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(keys.get(i));
            if (descending.get(i)) {
                b.append(" DESC");
            }
        }
        return b.toString();
    }

    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                if (b.length() > 0) {
                    b.append(' ');
                }
                b.append(p);
            }
        }
        return b.toString();
    }
}
