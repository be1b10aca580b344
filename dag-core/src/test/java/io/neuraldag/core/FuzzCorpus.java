package io.neuraldag.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * Seeded inputs for the reader robustness tests: random valid documents of every format and
 * mutators that damage them (byte flips, truncations, huge numbers, deep nesting, long strings,
 * cycles, duplicate ids, dangling edges, wrong types). Deterministic for a given random source.
 */
final class FuzzCorpus {
    private FuzzCorpus() {}

    private static final String[] WORDS = {
        "", "users", "orders", "a\"b", "back\\slash", "tab\there", "line\nbreak", "ünïcødé", "emoji \uD83D\uDE00",
        "nul\u0000", "lone \uD800 high", "lone \uDC00 low", "id > 0", "l2", "cosine", "{}", "[1,2]", "count(*)"
    };

    static String word(SplittableRandom r) {
        if (r.nextInt(4) == 0) {
            char[] c = new char[r.nextInt(12)];
            for (int i = 0; i < c.length; i++) {
                c[i] = (char) (r.nextInt(3) == 0 ? r.nextInt(0x20, 0x3000) : r.nextInt('a', 'z' + 1));
            }
            return new String(c);
        }
        return WORDS[r.nextInt(WORDS.length)];
    }

    static List<String> words(SplittableRandom r) {
        List<String> l = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            l.add(word(r));
        }
        return l;
    }

    static List<Boolean> flags(SplittableRandom r, int n) {
        List<Boolean> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(r.nextBoolean());
        }
        return l;
    }

    private static final List<JoinType> JOIN_TYPES = List.copyOf(java.util.EnumSet.allOf(JoinType.class));

    static JoinType joinType(SplittableRandom r) {
        return JOIN_TYPES.get(r.nextInt(JOIN_TYPES.size()));
    }

    /** One operator of any of the 32 kinds, with random fields. */
    static Operator operator(SplittableRandom r) {
        return switch (r.nextInt(Operator.KIND_COUNT)) {
            case 0 -> new Operator.SeqScan(word(r));
            case 1 -> new Operator.IndexScan(word(r), word(r));
            case 2 -> new Operator.IndexOnlyScan(word(r), word(r));
            case 3 -> new Operator.BitmapScan(word(r), word(r));
            case 4 ->
                new Operator.HnswScan(
                        word(r), 1 + r.nextInt(1000), word(r), r.nextBoolean() ? null : 1 + r.nextInt(100));
            case 5 ->
                new Operator.IvfFlatScan(
                        word(r), 1 + r.nextInt(100), word(r), r.nextBoolean() ? null : 1 + r.nextInt(100));
            case 6 -> new Operator.SubqueryScan(word(r));
            case 7 -> new Operator.CteScan(word(r));
            case 8 -> new Operator.NestedLoopJoin(joinType(r));
            case 9 -> new Operator.HashJoin(word(r), joinType(r));
            case 10 -> new Operator.MergeJoin(word(r), joinType(r));
            case 11 -> new Operator.Aggregate(words(r));
            case 12 -> new Operator.GroupBy(words(r));
            case 13 -> new Operator.HashAggregate(words(r), words(r));
            case 14 -> new Operator.WindowAgg(words(r));
            case 15 -> new Operator.Filter(word(r));
            case 16 -> new Operator.Project(words(r));
            case 17 -> {
                List<String> k = words(r);
                yield new Operator.Sort(k, flags(r, k.size()));
            }
            case 18 -> {
                List<String> k = words(r);
                yield new Operator.IncrementalSort(k, flags(r, k.size()));
            }
            case 19 -> new Operator.Limit(r.nextBoolean() ? r.nextInt(100) : r.nextLong(Long.MAX_VALUE));
            case 20 -> new Operator.Unique(words(r));
            case 21 -> new Operator.Append();
            case 22 -> new Operator.MergeAppend(words(r));
            case 23 -> new Operator.Union(r.nextBoolean());
            case 24 -> new Operator.Intersect();
            case 25 -> new Operator.Except();
            case 26 -> new Operator.VectorDistance(word(r));
            case 27 -> new Operator.Rerank(word(r));
            case 28 -> new Operator.Materialize();
            case 29 -> new Operator.Result();
            case 30 -> new Operator.Gather(r.nextInt(16));
            default -> new Operator.GatherMerge(r.nextInt(16));
        };
    }

    static double estimate(SplittableRandom r) {
        return switch (r.nextInt(5)) {
            case 0 -> 0.0;
            case 1 -> r.nextInt(1_000_000);
            case 2 -> r.nextInt(400) * 0.25;
            case 3 -> r.nextDouble() * 1e12;
            default -> Double.longBitsToDouble(r.nextLong(0x7FF0000000000000L)); // any finite >= 0
        };
    }

    /** A random valid DAG: all kinds, optional attributes, one embedding dimension, sparse ids. */
    // NullAway does not see the type-use @Nullable of OperatorNode's float[] component in bytecode
    @SuppressWarnings("NullAway")
    static QueryDag dag(SplittableRandom r, int maxNodes) {
        int n = r.nextInt(maxNodes + 1);
        int dim = r.nextInt(3) == 0 ? -1 : r.nextInt(6);
        QueryDag dag = new QueryDag();
        int[] ids = new int[n];
        int id = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            ids[i] = id;
            float @Nullable [] emb = null;
            if (dim >= 0 && r.nextBoolean()) {
                emb = new float[dim];
                for (int d = 0; d < dim; d++) {
                    emb[d] = (float) (r.nextDouble() * 2 - 1) * (r.nextBoolean() ? 1e-30f : 1e30f);
                }
            }
            dag.addNode(
                    id,
                    new OperatorNode(
                            operator(r),
                            estimate(r),
                            estimate(r),
                            r.nextInt(3) == 0 ? estimate(r) : null,
                            r.nextInt(3) == 0 ? r.nextDouble() * 100 : null,
                            r.nextInt(4) == 0 ? (r.nextDouble() - 0.5) * 1e6 : null,
                            r.nextInt(4) == 0 ? r.nextDouble() : null,
                            emb));
            id += 1 + (r.nextInt(4) == 0 ? r.nextInt(1000) : 0);
        }
        double p = r.nextDouble() * 0.4;
        for (int j = 1; j < n; j++) {
            for (int i = 0; i < j; i++) {
                if (r.nextDouble() < p / Math.sqrt(j)) {
                    dag.addEdge(ids[i], ids[j]);
                }
            }
        }
        if (n > 2 && r.nextInt(4) == 0) {
            dag.removeNode(ids[r.nextInt(n)]);
        }
        return dag;
    }

    /** A random bench-format document (ids 0..n-1, edges from smaller to larger ids). */
    static String benchJson(SplittableRandom r, int maxNodes) {
        int n = r.nextInt(maxNodes + 1);
        StringBuilder sb = new StringBuilder("{\"nodes\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "\n" : ",\n")
                    .append("{\"id\":")
                    .append(i)
                    .append(",\"op\":")
                    .append(r.nextInt(17))
                    .append(",\"cost\":")
                    .append(1 + r.nextInt(397) * 0.25)
                    .append(",\"rows\":")
                    .append(2 + r.nextInt(1_000_000))
                    .append('}');
        }
        sb.append("],\n\"edges\":[");
        boolean first = true;
        for (int j = 1; j < n; j++) {
            for (int k = r.nextInt(3); k > 0; k--) {
                sb.append(first ? "" : ",")
                        .append('[')
                        .append(r.nextInt(j))
                        .append(',')
                        .append(j)
                        .append(']');
                first = false;
            }
        }
        return sb.append("]}").toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String upstreamOperator(SplittableRandom r) {
        return switch (r.nextInt(19)) {
            case 0 -> "{\"SeqScan\":{\"table\":" + quote(word(r)) + "}}";
            case 1 -> "{\"IndexScan\":{\"index\":" + quote(word(r)) + ",\"table\":" + quote(word(r)) + "}}";
            case 2 -> "{\"HnswScan\":{\"index\":" + quote(word(r)) + ",\"ef_search\":" + (1 + r.nextInt(500)) + "}}";
            case 3 -> "{\"IvfFlatScan\":{\"index\":" + quote(word(r)) + ",\"nprobe\":" + (1 + r.nextInt(50)) + "}}";
            case 4 -> "\"NestedLoopJoin\"";
            case 5 -> "{\"HashJoin\":{\"hash_key\":" + quote(word(r)) + "}}";
            case 6 -> "{\"MergeJoin\":{\"merge_key\":" + quote(word(r)) + "}}";
            case 7 -> "{\"Aggregate\":{\"functions\":[" + quote(word(r)) + "]}}";
            case 8 -> "{\"GroupBy\":{\"keys\":[" + quote(word(r)) + "," + quote(word(r)) + "]}}";
            case 9 -> "{\"Filter\":{\"predicate\":" + quote(word(r)) + "}}";
            case 10 -> "{\"Project\":{\"columns\":[]}}";
            case 11 -> "{\"Sort\":{\"keys\":[" + quote(word(r)) + "],\"descending\":[" + r.nextBoolean() + "]}}";
            case 12 -> "{\"Limit\":{\"count\":" + r.nextInt(1000) + "}}";
            case 13 -> "{\"VectorDistance\":{\"metric\":" + quote(word(r)) + "}}";
            case 14 -> "{\"Rerank\":{\"model\":" + quote(word(r)) + "}}";
            case 15 -> "\"Materialize\"";
            case 16 -> "\"Result\"";
            case 17 -> "\"Scan\"";
            default -> "\"Join\"";
        };
    }

    /** A random upstream-shaped document: sparse ids, both edge shapes, repeated edges, root. */
    static String upstreamJson(SplittableRandom r, int maxNodes) {
        int n = r.nextInt(maxNodes + 1);
        int[] ids = new int[n];
        StringBuilder sb = new StringBuilder("{\n  \"nodes\": [");
        int id = 0;
        for (int i = 0; i < n; i++) {
            ids[i] = id;
            sb.append(i == 0 ? "\n    " : ",\n    ")
                    .append("{\"id\": ")
                    .append(id)
                    .append(", \"op_type\": ")
                    .append(upstreamOperator(r))
                    .append(", \"estimated_rows\": ")
                    .append(r.nextInt(100000))
                    .append(".0, \"estimated_cost\": ")
                    .append(r.nextInt(4000) * 0.25);
            if (r.nextBoolean()) {
                sb.append(", \"actual_rows\": ")
                        .append(r.nextBoolean() ? "null" : String.valueOf(r.nextInt(1000)))
                        .append(", \"actual_time_ms\": ")
                        .append(r.nextBoolean() ? "null" : String.valueOf(r.nextDouble()));
            }
            if (r.nextInt(3) == 0) {
                sb.append(", \"embedding\": [0.5, -1.25, 3.0]");
            } else if (r.nextBoolean()) {
                sb.append(", \"embedding\": null");
            }
            sb.append('}');
            id += 1 + r.nextInt(3);
        }
        sb.append("\n  ],\n  \"edges\": [");
        boolean first = true;
        for (int j = 1; j < n; j++) {
            for (int k = r.nextInt(3); k > 0; k--) {
                int from = ids[r.nextInt(j)];
                sb.append(first ? "" : ", ");
                sb.append(
                        r.nextBoolean()
                                ? "[" + from + ", " + ids[j] + "]"
                                : "{\"from\": " + from + ", \"to\": " + ids[j] + "}");
                first = false;
            }
        }
        sb.append("],\n  \"root\": ")
                .append(n == 0 ? "null" : String.valueOf(ids[0]))
                .append("\n}");
        return sb.toString();
    }

    // ------------------------------------------------------------------ text mutations

    private static final String ALPHABET = "{}[],:\"\\0123456789-+.eEtrufalsn xyz\t\n";
    private static final String[] TOKENS = {
        "1e400",
        "-1e400",
        "99999999999",
        "-99999999999",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-1",
        "-0.0",
        "1e-400",
        "NaN",
        "Infinity",
        "-Infinity",
        "null",
        "true",
        "false",
        "\"\"",
        "\"x\"",
        "[]",
        "{}",
        "[1]",
        "{\"a\":1}",
        "0",
        "0.5",
        "1.5",
        "12345678901234567890123",
        "1" + "0".repeat(500),
        "\"\\uD800\"",
        "\"\\u0000\"",
        "\"\\uDFFF\\uD800\"",
        "[[",
        "]]",
        "{{",
        "}}",
        "\"type\"",
        "\"Result\"",
        ",",
        ":",
        "\"op\":",
        "\"id\":0,",
        "\"version\":2,",
        "\"nodes\":[],",
        "\"edges\":[[0,0]],",
        "\"edges\":[[1,0],[0,1]],"
    };
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]++|\\\\.)*+\"");
    private static final Pattern ID = Pattern.compile("\"id\":\\s*(\\d+)");
    private static final Pattern PAIR = Pattern.compile("\\[(\\d+),\\s*(\\d+)]");

    /** A seeded mutant of a JSON text, with one to four damages applied. */
    static String mutate(String s, SplittableRandom r) {
        int rounds = r.nextInt(8) == 0 ? 2 + r.nextInt(3) : 1;
        for (int i = 0; i < rounds; i++) {
            s = mutateOnce(s, r);
        }
        return s;
    }

    private static int pos(String s, SplittableRandom r) {
        return r.nextInt(s.length() + 1);
    }

    private static String mutateOnce(String s, SplittableRandom r) {
        int len = s.length();
        switch (r.nextInt(14)) {
            case 0 -> {
                if (len == 0) {
                    return "x";
                }
                int p = r.nextInt(len);
                return s.substring(0, p) + ALPHABET.charAt(r.nextInt(ALPHABET.length())) + s.substring(p + 1);
            }
            case 1 -> {
                if (len == 0) {
                    return "\u0080";
                }
                int p = r.nextInt(len);
                return s.substring(0, p) + (char) (s.charAt(p) ^ (1 << r.nextInt(16))) + s.substring(p + 1);
            }
            case 2 -> {
                return s.substring(0, truncation(len, r));
            }
            case 3 -> {
                int a = pos(s, r);
                int b = Math.min(len, a + 1 + r.nextInt(20));
                return s.substring(0, a) + s.substring(b);
            }
            case 4 -> {
                int a = pos(s, r);
                int b = Math.min(len, a + r.nextInt(40));
                int at = pos(s, r);
                return s.substring(0, at) + s.substring(a, b) + s.substring(at);
            }
            case 5 -> {
                return replaceMatch(s, NUMBER, TOKENS[r.nextInt(27)], r);
            }
            case 6 -> {
                return replaceMatch(s, STRING, TOKENS[r.nextInt(TOKENS.length)], r);
            }
            case 7 -> {
                int at = pos(s, r);
                return s.substring(0, at) + TOKENS[r.nextInt(TOKENS.length)] + s.substring(at);
            }
            case 8 -> {
                // an extra edge between existing ids (maybe reversed: a cycle), a self-loop or a missing id
                List<String> ids = groups(s, ID);
                int at = s.indexOf("\"edges\"");
                if (at < 0 || ids.isEmpty()) {
                    return mutateOnce(s, r);
                }
                at = s.indexOf('[', at);
                if (at < 0) {
                    return s;
                }
                String a = ids.get(r.nextInt(ids.size()));
                String b =
                        r.nextInt(5) == 0 ? String.valueOf(1_000_000 + r.nextInt(10)) : ids.get(r.nextInt(ids.size()));
                boolean empty = at + 1 < s.length() && s.charAt(at + 1) == ']';
                return s.substring(0, at + 1) + "[" + a + "," + b + "]" + (empty ? "" : ",") + s.substring(at + 1);
            }
            case 9 -> {
                // an id replaced by another existing id: a duplicate
                List<String> ids = groups(s, ID);
                if (ids.isEmpty()) {
                    return mutateOnce(s, r);
                }
                return replaceMatch(s, ID, "\"id\":" + ids.get(r.nextInt(ids.size())), r);
            }
            case 10 -> {
                int depth = switch (r.nextInt(20)) {
                    case 0 -> 100_000;
                    case 1, 2, 3 -> 1000;
                    default -> 60 + r.nextInt(10);
                };
                int at = pos(s, r);
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                return s.substring(0, at) + open.repeat(depth) + s.substring(at);
            }
            case 11 -> {
                int n = r.nextInt(40) == 0 ? DagLimits.MAX_STRING_LENGTH + 1 : r.nextInt(1, 70_000);
                return replaceMatch(s, STRING, "\"" + "x".repeat(n) + "\"", r);
            }
            case 12 -> {
                // reverse an existing edge: a cycle
                Matcher m = PAIR.matcher(s);
                List<int[]> found = new ArrayList<>();
                while (m.find()) {
                    found.add(new int[] {m.end(), m.start(1), m.end(1), m.start(2), m.end(2)});
                }
                if (found.isEmpty()) {
                    return mutateOnce(s, r);
                }
                int[] f = found.get(r.nextInt(found.size()));
                return s.substring(0, f[0]) + ",[" + s.substring(f[3], f[4]) + "," + s.substring(f[1], f[2]) + "]"
                        + s.substring(f[0]);
            }
            default -> {
                // a value of the wrong type: numbers become strings, strings become numbers
                return r.nextBoolean()
                        ? replaceMatch(s, NUMBER, "\"7\"", r)
                        : replaceMatch(s, STRING, TOKENS[r.nextInt(5)], r);
            }
        }
    }

    static int truncation(int len, SplittableRandom r) {
        if (len == 0) {
            return 0;
        }
        return switch (r.nextInt(4)) {
            case 0 -> r.nextInt(Math.min(len, 8) + 1);
            case 1 -> len - 1 - r.nextInt(Math.min(len, 8));
            case 2 -> len / 2;
            default -> r.nextInt(len);
        };
    }

    private static List<String> groups(String s, Pattern p) {
        List<String> l = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            l.add(m.group(1));
        }
        return l;
    }

    private static String replaceMatch(String s, Pattern p, String replacement, SplittableRandom r) {
        Matcher m = p.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return s + replacement;
        }
        int[] sp = spans.get(r.nextInt(spans.size()));
        return s.substring(0, sp[0]) + replacement + s.substring(sp[1]);
    }

    // ------------------------------------------------------------------ byte mutations

    private static final int[] INTS = {
        0,
        1,
        2,
        3,
        -1,
        Integer.MAX_VALUE,
        Integer.MIN_VALUE,
        DagLimits.MAX_NODES,
        DagLimits.MAX_NODES + 1,
        DagLimits.MAX_EMBEDDING_DIMENSION + 1,
        DagLimits.MAX_STRING_LENGTH * 4 + 1,
        1 << 20,
        65536,
        255,
        256
    };
    private static final long[] DOUBLE_BITS = {
        Double.doubleToLongBits(Double.NaN),
        Double.doubleToLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToLongBits(Double.NEGATIVE_INFINITY),
        Double.doubleToLongBits(-1.0),
        Double.doubleToLongBits(-0.0),
        Double.doubleToLongBits(Double.MAX_VALUE),
        Double.doubleToLongBits(Double.MIN_VALUE),
        0x7FF8000000000001L
    };

    /** A seeded mutant of a binary DAG; most mutants get a fresh CRC so the parser sees them. */
    static byte[] mutate(byte[] b, SplittableRandom r) {
        int rounds = r.nextInt(6) == 0 ? 2 + r.nextInt(3) : 1;
        for (int i = 0; i < rounds; i++) {
            b = mutateOnce(b, r);
        }
        if (b.length >= 4 && r.nextInt(5) != 0) {
            b = withCrc(b);
        }
        return b;
    }

    private static byte[] mutateOnce(byte[] b, SplittableRandom r) {
        int len = b.length;
        // keep the mutations off the 4-byte trailer most of the time
        int body = Math.max(1, len - 4);
        switch (r.nextInt(10)) {
            case 0 -> {
                if (len > 0) {
                    b = b.clone();
                    b[r.nextInt(body)] = (byte) r.nextInt(256);
                }
                return b;
            }
            case 1 -> {
                if (len > 0) {
                    b = b.clone();
                    b[r.nextInt(body)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
            case 2 -> {
                return Arrays.copyOf(b, truncation(len, r));
            }
            case 3 -> {
                int a = r.nextInt(len + 1);
                int e = Math.min(len, a + 1 + r.nextInt(16));
                byte[] out = new byte[len - (e - a)];
                System.arraycopy(b, 0, out, 0, a);
                System.arraycopy(b, e, out, a, len - e);
                return out;
            }
            case 4, 5 -> {
                int at = r.nextInt(len + 1);
                byte[] ins;
                if (r.nextBoolean()) {
                    ins = new byte[1 + r.nextInt(16)];
                    r.nextBytes(ins);
                } else {
                    int a = r.nextInt(len + 1);
                    ins = Arrays.copyOfRange(b, a, Math.min(len, a + r.nextInt(32)));
                }
                byte[] out = new byte[len + ins.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, ins.length);
                System.arraycopy(b, at, out, at + ins.length, len - at);
                return out;
            }
            case 6, 7 -> {
                if (len < 4) {
                    return b;
                }
                b = b.clone();
                int v = r.nextInt(3) == 0 ? r.nextInt(40) : INTS[r.nextInt(INTS.length)];
                ByteBuffer.wrap(b).putInt(r.nextInt(len - 3), v);
                return b;
            }
            case 8 -> {
                if (len < 8) {
                    return b;
                }
                b = b.clone();
                ByteBuffer.wrap(b).putLong(r.nextInt(len - 7), DOUBLE_BITS[r.nextInt(DOUBLE_BITS.length)]);
                return b;
            }
            default -> {
                if (len > 0) {
                    b = b.clone();
                    int[] special = {0, 1, 2, 5, 6, 29, 31, 32, 33, 127, 128, 255};
                    b[r.nextInt(body)] = (byte) special[r.nextInt(special.length)];
                }
                return b;
            }
        }
    }

    /** The bytes with their last four replaced by the big-endian CRC32 of the rest. */
    static byte[] withCrc(byte[] b) {
        byte[] out = b.clone();
        CRC32 crc = new CRC32();
        crc.update(out, 0, out.length - 4);
        ByteBuffer.wrap(out).putInt(out.length - 4, (int) crc.getValue());
        return out;
    }
}
