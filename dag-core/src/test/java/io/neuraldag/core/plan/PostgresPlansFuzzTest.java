package io.neuraldag.core.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.neuraldag.core.DagException;
import io.neuraldag.core.QueryDag;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Robustness: seeded mutations of the 24 real plans (byte flips, truncations, deep nesting, huge
 * numbers, wrong value types, renamed keys and node types, duplicated and deleted slices). Whatever
 * the input, the importer either returns a well-formed plan or throws a {@code SERIALIZATION}
 * {@link DagException} naming a line and column; any other throwable (NPE, ClassCastException,
 * StackOverflowError, OutOfMemoryError...) fails the test with the seed that produced it. 24 × 420
 * = 10 080 cases.
 */
class PostgresPlansFuzzTest {
    private static final int CASES_PER_PLAN = 420;
    private static final Pattern POSITION = Pattern.compile("\\(line \\d+, column \\d+\\)");

    private static final String[] KEYS = {
        "Node Type",
        "Plans",
        "Plan",
        "Total Cost",
        "Startup Cost",
        "Plan Rows",
        "Actual Total Time",
        "Actual Rows",
        "Actual Loops",
        "Parent Relationship",
        "Subplan Name",
        "Relation Name",
        "Index Name",
        "Sort Key",
        "Group Key",
        "Strategy",
        "Join Type",
        "Hash Cond",
        "Command",
        "CTE Name",
        "Workers Launched",
        "Workers Planned",
        "Output",
        "Filter",
        "Order By",
        "Schema",
        "Alias",
        "Planning Time",
        "Execution Time",
        "Settings",
        "Grouping Sets"
    };
    private static final String[] NODE_TYPES = {
        "Seq Scan",
        "Index Scan",
        "Index Only Scan",
        "Bitmap Heap Scan",
        "Bitmap Index Scan",
        "BitmapAnd",
        "BitmapOr",
        "Hash",
        "Hash Join",
        "Nested Loop",
        "Merge Join",
        "Aggregate",
        "Group",
        "WindowAgg",
        "Sort",
        "Incremental Sort",
        "Unique",
        "Append",
        "Merge Append",
        "Limit",
        "Recursive Union",
        "SetOp",
        "Subquery Scan",
        "CTE Scan",
        "WorkTable Scan",
        "Named Tuplestore Scan",
        "Materialize",
        "Memoize",
        "Gather",
        "Gather Merge",
        "Result",
        "ModifyTable",
        "Mystery"
    };
    private static final String[] VALUES = {
        "{}",
        "[]",
        "\"s\"",
        "true",
        "false",
        "null",
        "[1, \"a\"]",
        "{\"Node Type\": \"Result\"}",
        "[{\"Node Type\": 5}]",
        "0",
        "-7.5",
        "\"InitPlan\"",
        "\"SubPlan\"",
        "\"CTE cust_rev\"",
        "\"Mixed\"",
        "\"Right Anti\"",
        "\"Except All\"",
        "[\"a DESC\", \"(v <-> '[1]')\"]",
        "\"hnsw_idx\"",
        "\"(v <=> '[1]')\"",
        "[{\"Node Type\": \"CTE Scan\"}]"
    };
    private static final String[] NUMBERS = {
        "1e999",
        "-1e999",
        "1e308",
        "-1",
        "-0",
        "1" + "0".repeat(399),
        "9".repeat(401),
        "1e-400",
        "9223372036854775808",
        "2147483648",
        "-2147483649",
        "NaN",
        "Infinity",
        "1.5",
        "0.0",
        "00",
        "1.",
        ".5",
        "1e",
        "--1"
    };
    private static final String PALETTE = "{}[]\",:0123456789-+eE.tfnul \\\n\t";

    static List<String> examples() {
        return ExamplePlans.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void mutatedPlansOnlyEverThrowDagException(String file) {
        String original = ExamplePlans.read(file);
        int accepted = 0;
        int rejected = 0;
        for (int c = 0; c < CASES_PER_PLAN; c++) {
            long seed = (long) file.hashCode() * 1_000_003L + c;
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder what = new StringBuilder();
            String input = original;
            int rounds = 1 + random.nextInt(3);
            for (int k = 0; k < rounds; k++) {
                input = mutate(input, random, what);
            }
            try {
                ImportedPlan plan = PostgresPlans.fromExplainJson(input);
                checkWellFormed(plan, file, seed);
                accepted++;
            } catch (DagException e) {
                assertEquals(DagException.Kind.SERIALIZATION, e.kind(), "seed " + seed);
                assertTrue(
                        POSITION.matcher(String.valueOf(e.getMessage())).find(),
                        "seed " + seed + " (" + what + "): no position in " + e.getMessage());
                rejected++;
            } catch (Throwable t) {
                fail("seed " + seed + " on " + file + " (" + what + ") threw " + t, t);
            }
        }
        assertEquals(CASES_PER_PLAN, accepted + rejected);
        assertTrue(
                rejected > CASES_PER_PLAN / 10, file + ": only " + rejected + " rejected, the mutations are too weak");
        assertTrue(accepted > 0, file + ": nothing accepted, the mutations are too strong");
    }

    private static void checkWellFormed(ImportedPlan plan, String file, long seed) {
        QueryDag dag = plan.dag();
        int n = dag.nodeCount();
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        String where = file + " seed " + seed;
        assertTrue(n >= 1, where);
        assertArrayEquals(ids, dag.nodeIds(), where);
        assertArrayEquals(new int[] {0}, dag.sinks(), where);
        assertEquals(n, plan.attributes().size(), where);
        assertTrue(dag.edgeCount() >= n - 1, where);
        dag.topologicalSort();
    }

    private static String mutate(String s, SplittableRandom r, StringBuilder what) {
        if (s.isEmpty()) {
            return "[";
        }
        int kind = r.nextInt(9);
        what.append(what.isEmpty() ? "" : ", ");
        switch (kind) {
            case 0 -> {
                int flips = 1 + r.nextInt(8);
                StringBuilder sb = new StringBuilder(s);
                for (int i = 0; i < flips; i++) {
                    char ch = r.nextInt(4) == 0 ? (char) r.nextInt(128) : PALETTE.charAt(r.nextInt(PALETTE.length()));
                    sb.setCharAt(r.nextInt(sb.length()), ch);
                }
                what.append(flips).append(" byte flips");
                return sb.toString();
            }
            case 1 -> {
                int at = r.nextInt(s.length());
                what.append("truncate at ").append(at);
                return s.substring(0, at);
            }
            case 2 -> {
                return deepNesting(s, r, what);
            }
            case 3 -> {
                int at = findNumber(s, r.nextInt(s.length()));
                if (at < 0) {
                    return s;
                }
                int end = valueEnd(s, at);
                String number = NUMBERS[r.nextInt(NUMBERS.length)];
                what.append("number ").append(number.length() > 12 ? number.substring(0, 12) + "..." : number);
                return s.substring(0, at) + number + s.substring(end);
            }
            case 4, 5 -> {
                String key = KEYS[r.nextInt(KEYS.length)];
                int at = findKeyValue(s, key, r);
                if (at < 0) {
                    return s;
                }
                int end = valueEnd(s, at);
                String value = kind == 5 && key.equals("Node Type")
                        ? "\"" + NODE_TYPES[r.nextInt(NODE_TYPES.length)] + "\""
                        : VALUES[r.nextInt(VALUES.length)];
                what.append(key).append(" := ").append(value);
                return s.substring(0, at) + value + s.substring(end);
            }
            case 6 -> {
                String key = KEYS[r.nextInt(KEYS.length)];
                int at = s.indexOf("\"" + key + "\"", r.nextInt(s.length()));
                if (at < 0) {
                    return s;
                }
                String other = KEYS[r.nextInt(KEYS.length)];
                what.append("rename ").append(key).append(" -> ").append(other);
                return s.substring(0, at + 1) + other + s.substring(at + 1 + key.length());
            }
            case 7 -> {
                int from = r.nextInt(s.length());
                int to = Math.min(s.length(), from + 1 + r.nextInt(400));
                int at = r.nextInt(s.length());
                what.append("duplicate [").append(from).append(',').append(to).append(')');
                return s.substring(0, at) + s.substring(from, to) + s.substring(at);
            }
            default -> {
                int from = r.nextInt(s.length());
                int to = Math.min(s.length(), from + 1 + r.nextInt(200));
                what.append("delete [").append(from).append(',').append(to).append(')');
                return s.substring(0, from) + s.substring(to);
            }
        }
    }

    private static String deepNesting(String s, SplittableRandom r, StringBuilder what) {
        int at = r.nextInt(s.length());
        switch (r.nextInt(3)) {
            case 0 -> {
                int depth = 1_000 + r.nextInt(14_000);
                what.append("insert ").append(depth).append(" x [");
                return s.substring(0, at)
                        + "[".repeat(depth)
                        + "]".repeat(r.nextBoolean() ? depth : 0)
                        + s.substring(at);
            }
            case 1 -> {
                int depth = 1_000 + r.nextInt(10_000);
                what.append("insert ").append(depth).append(" x {\"a\":");
                return s.substring(0, at) + "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth) + s.substring(at);
            }
            default -> {
                // a well-formed chain of plan nodes in place of a "Plans" array, 2 JSON levels per
                // node: mostly 100..1000 nodes, and one case in eight right at the 10 000-level limit
                int plans = s.indexOf("\"Plans\": [", at);
                if (plans < 0) {
                    plans = s.indexOf("\"Plans\": [");
                }
                if (plans < 0) {
                    return s;
                }
                int start = plans + "\"Plans\": ".length();
                int end = valueEnd(s, start);
                int depth = r.nextInt(8) == 0 ? 4_985 + r.nextInt(30) : 100 + r.nextInt(900);
                what.append("plan chain of ").append(depth);
                String chain = "[{\"Node Type\": \"Sort\", \"Plans\": ".repeat(depth) + "[]" + "}]".repeat(depth);
                return s.substring(0, start) + chain + s.substring(end);
            }
        }
    }

    /** Start of a number token at or after {@code from}, or -1. */
    private static int findNumber(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || c == '-') {
                int j = i;
                while (j > 0 && (Character.isDigit(s.charAt(j - 1)) || s.charAt(j - 1) == '.')) {
                    j--;
                }
                return j;
            }
        }
        return -1;
    }

    /** Start of the value of a random occurrence of {@code "key":}, or -1. */
    private static int findKeyValue(String s, String key, SplittableRandom r) {
        String needle = "\"" + key + "\":";
        int at = s.indexOf(needle, r.nextInt(s.length()));
        if (at < 0) {
            at = s.indexOf(needle);
        }
        if (at < 0) {
            return -1;
        }
        int v = at + needle.length();
        while (v < s.length() && s.charAt(v) == ' ') {
            v++;
        }
        return v;
    }

    /** End (exclusive) of the JSON value starting at {@code start}; lenient on malformed text. */
    static int valueEnd(String s, int start) {
        if (start >= s.length()) {
            return s.length();
        }
        char c = s.charAt(start);
        if (c == '"') {
            int i = start + 1;
            while (i < s.length() && s.charAt(i) != '"') {
                i += s.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(s.length(), i + 1);
        }
        if (c == '[' || c == '{') {
            int depth = 0;
            boolean inString = false;
            for (int i = start; i < s.length(); i++) {
                char d = s.charAt(i);
                if (inString) {
                    if (d == '\\') {
                        i++;
                    } else if (d == '"') {
                        inString = false;
                    }
                } else if (d == '"') {
                    inString = true;
                } else if (d == '[' || d == '{') {
                    depth++;
                } else if ((d == ']' || d == '}') && --depth == 0) {
                    return i + 1;
                }
            }
            return s.length();
        }
        int i = start;
        while (i < s.length() && ",}] \n\t".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return Math.max(i, start + 1);
    }
}
