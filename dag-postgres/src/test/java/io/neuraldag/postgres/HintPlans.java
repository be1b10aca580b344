package io.neuraldag.postgres;

import java.util.Locale;

/** Small synthetic EXPLAIN (FORMAT JSON) documents for the hint advisor's unit tests. */
final class HintPlans {
    private HintPlans() {}

    static String seq(String table, double cost, double rows) {
        return String.format(
                Locale.ROOT,
                "{\"Node Type\": \"Seq Scan\", \"Relation Name\": \"%s\", \"Schema\": \"public\","
                        + " \"Total Cost\": %s, \"Plan Rows\": %s}",
                table,
                cost,
                rows);
    }

    static String index(String table, double cost, double rows) {
        return String.format(
                Locale.ROOT,
                "{\"Node Type\": \"Index Scan\", \"Index Name\": \"%s_pkey\", \"Relation Name\": \"%s\","
                        + " \"Schema\": \"public\", \"Total Cost\": %s, \"Plan Rows\": %s}",
                table,
                table,
                cost,
                rows);
    }

    /** A nested loop over an outer sequential scan and an inner index scan. */
    static String nestedLoop(double cost, double rows, double outerRows) {
        return String.format(
                Locale.ROOT,
                "[{\"Plan\": {\"Node Type\": \"Nested Loop\", \"Join Type\": \"Inner\", \"Total Cost\": %s,"
                        + " \"Plan Rows\": %s, \"Plans\": [%s, %s]}}]",
                cost,
                rows,
                seq("a", cost / 2, outerRows),
                index("b", 0.5, 1));
    }

    /** A hash join of two sequential scans. */
    static String hashJoin(double cost, double rows, double outerRows, double innerRows) {
        return String.format(
                Locale.ROOT,
                "[{\"Plan\": {\"Node Type\": \"Hash Join\", \"Join Type\": \"Inner\", \"Hash Cond\":"
                        + " \"(a.id = b.id)\", \"Total Cost\": %s, \"Plan Rows\": %s, \"Plans\": [%s,"
                        + " {\"Node Type\": \"Hash\", \"Total Cost\": %s, \"Plan Rows\": %s, \"Plans\": [%s]}]}}]",
                cost,
                rows,
                seq("a", cost / 3, outerRows),
                cost / 3,
                innerRows,
                seq("b", cost / 3, innerRows));
    }

    /** A merge join of two index scans. */
    static String mergeJoin(double cost, double rows) {
        return String.format(
                Locale.ROOT,
                "[{\"Plan\": {\"Node Type\": \"Merge Join\", \"Join Type\": \"Inner\", \"Merge Cond\":"
                        + " \"(a.id = b.id)\", \"Total Cost\": %s, \"Plan Rows\": %s, \"Plans\": [%s, %s]}}]",
                cost,
                rows,
                index("a", cost / 2, rows),
                index("b", cost / 2, rows));
    }

    /** A single sequential scan. */
    static String scan(double cost, double rows) {
        return "[{\"Plan\": " + seq("a", cost, rows) + "}]";
    }
}
