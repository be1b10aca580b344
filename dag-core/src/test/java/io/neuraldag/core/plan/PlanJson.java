package io.neuraldag.core.plan;

/** Builds small EXPLAIN (FORMAT JSON) documents for hand-written cases. */
final class PlanJson {
    private PlanJson() {}

    /**
     * One plan node.
     *
     * @param type the "Node Type"
     * @param fields further fields as JSON members without braces, e.g. {@code "\"Plan Rows\": 5"},
     *     or ""
     * @param children child nodes made by this method
     */
    static String node(String type, String fields, String... children) {
        StringBuilder sb = new StringBuilder("{\"Node Type\": \"").append(type).append('"');
        if (!fields.isEmpty()) {
            sb.append(", ").append(fields);
        }
        if (children.length > 0) {
            sb.append(", \"Plans\": [").append(String.join(", ", children)).append(']');
        }
        return sb.append('}').toString();
    }

    /** The array form PostgreSQL prints, with optional top-level members. */
    static String explain(String root, String topFields) {
        return "[{\"Plan\": " + root + (topFields.isEmpty() ? "" : ", " + topFields) + "}]";
    }

    static String explain(String root) {
        return explain(root, "");
    }

    /** Cost, row and ANALYZE fields in PostgreSQL's order. */
    static String stats(double totalCost, double planRows, double actualTotalTime, double actualRows, double loops) {
        return "\"Total Cost\": " + totalCost + ", \"Plan Rows\": " + planRows + ", \"Actual Total Time\": "
                + actualTotalTime + ", \"Actual Rows\": " + actualRows + ", \"Actual Loops\": " + loops;
    }

    static String cost(double totalCost, double planRows) {
        return "\"Total Cost\": " + totalCost + ", \"Plan Rows\": " + planRows;
    }
}
