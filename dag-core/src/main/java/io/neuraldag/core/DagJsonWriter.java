package io.neuraldag.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * The canonical JSON writer (format of DagJson), encoding UTF-8 straight into a byte buffer.
 *
 * Its output is, character for character, what Jackson's JsonGenerator (DagJson.writeWithJackson,
 * the reference) writes for the same snapshot with the default features: no whitespace; strings
 * with '"', '\\' and the control characters below 0x20 escaped (\b \t \n \f \r, else \\u00XX with
 * upper-case hex), everything else verbatim; int and long in plain decimal; a double as
 * Double.toString and a float as Float.toString. The writer skips Jackson's per-token state checks
 * and, for the estimates and times of real plans, Double.toString itself (see appendDouble).
 *
 * A Java string may hold an unpaired surrogate, which UTF-8 cannot carry but Jackson's character
 * output writes verbatim; on meeting one, write() returns null and DagJson falls back to the
 * reference writer, so the text is the same in every case.
 *
 * The buffer is per thread and reused across calls (buffers above MAX_RETAINED are not kept);
 * instances are confined to one call. Not thread-safe.
 */
final class DagJsonWriter {
    private static final int MAX_RETAINED = 1 << 20;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);

    // ESCAPE[c] for c < 128: 0 = verbatim, 'u' = \\u00XX, else the character after the backslash
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 'u';
        }
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
    }

    private static final byte[] HEX = bytes("0123456789ABCDEF");
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    private static final long[] LONG_POW10 = {
        1L, 10L, 100L, 1000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L
    };

    private static final byte[] HEAD = bytes("{\"version\":" + DagJson.CURRENT_VERSION + ",\"nodes\":[");
    private static final byte[] ID = bytes("{\"id\":");
    private static final byte[] OP = bytes(",\"op\":");
    private static final byte[] ROWS = bytes(",\"estimated_rows\":");
    private static final byte[] COST = bytes(",\"estimated_cost\":");
    private static final byte[] ACTUAL_ROWS = bytes(",\"actual_rows\":");
    private static final byte[] ACTUAL_TIME = bytes(",\"actual_time_ms\":");
    private static final byte[] START_TIME = bytes(",\"start_time_ms\":");
    private static final byte[] SELECTIVITY = bytes(",\"selectivity\":");
    private static final byte[] EMBEDDING = bytes(",\"embedding\":[");
    private static final byte[] EDGES = bytes("],\"edges\":[");

    private byte[] b;
    private int p;

    private DagJsonWriter(byte[] buffer) {
        this.b = buffer;
    }

    /** The canonical text, or null if a string holds an unpaired surrogate (see the class comment). */
    static @Nullable String write(DagSnapshot s) {
        DagJsonWriter w = new DagJsonWriter(BUFFER.get());
        boolean done = w.dag(s);
        if (w.b.length <= MAX_RETAINED) {
            BUFFER.set(w.b);
        }
        return done ? new String(w.b, 0, w.p, StandardCharsets.UTF_8) : null;
    }

    private boolean dag(DagSnapshot s) {
        int[] ids = s.idArray();
        OperatorNode[] nodes = s.nodeArray();
        int n = ids.length;
        raw(HEAD);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                ch(',');
            }
            OperatorNode node = nodes[i];
            raw(ID);
            lng(ids[i]);
            raw(OP);
            if (!operator(node.operator())) {
                return false;
            }
            raw(ROWS);
            dbl(node.estimatedRows());
            raw(COST);
            dbl(node.estimatedCost());
            optional(ACTUAL_ROWS, node.actualRows());
            optional(ACTUAL_TIME, node.actualTimeMs());
            optional(START_TIME, node.startTimeMs());
            optional(SELECTIVITY, node.selectivity());
            if (node.hasEmbedding()) {
                raw(EMBEDDING);
                for (int k = 0, dim = node.embeddingDimension(); k < dim; k++) {
                    if (k > 0) {
                        ch(',');
                    }
                    ascii(Float.toString(node.embeddingAt(k)));
                }
                ch(']');
            }
            ch('}');
        }
        raw(EDGES);
        int[] off = s.outOffsets();
        int[] adj = s.outTargets();
        boolean first = true;
        for (int i = 0; i < n; i++) {
            int from = ids[i];
            for (int q = off[i], end = off[i + 1]; q < end; q++) {
                ensure(26);
                if (!first) {
                    b[p++] = ',';
                }
                first = false;
                b[p++] = '[';
                lng(from);
                b[p++] = ',';
                lng(ids[adj[q]]);
                b[p++] = ']';
            }
        }
        ch(']');
        ch('}');
        return true;
    }

    private void optional(byte[] name, @Nullable Double v) {
        if (v != null) {
            raw(name);
            dbl(v);
        }
    }

    // One case per kind, in DagJson.writeOperator's field order; false on an unpaired surrogate.
    private boolean operator(Operator op) {
        return switch (op) {
            case Operator.SeqScan o -> type("SeqScan") && str("table", o.table()) && end();
            case Operator.IndexScan o ->
                type("IndexScan") && str("index", o.index()) && str("table", o.table()) && end();
            case Operator.IndexOnlyScan o ->
                type("IndexOnlyScan") && str("index", o.index()) && str("table", o.table()) && end();
            case Operator.BitmapScan o ->
                type("BitmapScan") && str("index", o.index()) && str("table", o.table()) && end();
            case Operator.HnswScan o ->
                type("HnswScan")
                        && str("index", o.index())
                        && num("ef_search", o.efSearch())
                        && (o.table().isEmpty() || str("table", o.table()))
                        && optionalInt("k", o.k())
                        && end();
            case Operator.IvfFlatScan o ->
                type("IvfFlatScan")
                        && str("index", o.index())
                        && num("nprobe", o.nprobe())
                        && (o.table().isEmpty() || str("table", o.table()))
                        && optionalInt("k", o.k())
                        && end();
            case Operator.SubqueryScan o -> type("SubqueryScan") && str("alias", o.alias()) && end();
            case Operator.CteScan o -> type("CteScan") && str("cte_name", o.cteName()) && end();
            case Operator.NestedLoopJoin o ->
                type("NestedLoopJoin") && str("join_type", o.joinType().name()) && end();
            case Operator.HashJoin o ->
                type("HashJoin")
                        && str("hash_key", o.hashKey())
                        && str("join_type", o.joinType().name())
                        && end();
            case Operator.MergeJoin o ->
                type("MergeJoin")
                        && str("merge_key", o.mergeKey())
                        && str("join_type", o.joinType().name())
                        && end();
            case Operator.Aggregate o -> type("Aggregate") && strs("functions", o.functions()) && end();
            case Operator.GroupBy o -> type("GroupBy") && strs("keys", o.keys()) && end();
            case Operator.HashAggregate o ->
                type("HashAggregate") && strs("keys", o.keys()) && strs("functions", o.functions()) && end();
            case Operator.WindowAgg o -> type("WindowAgg") && strs("functions", o.functions()) && end();
            case Operator.Filter o -> type("Filter") && str("predicate", o.predicate()) && end();
            case Operator.Project o -> type("Project") && strs("columns", o.columns()) && end();
            case Operator.Sort o -> type("Sort") && strs("keys", o.keys()) && bools(o.descending()) && end();
            case Operator.IncrementalSort o ->
                type("IncrementalSort") && strs("keys", o.keys()) && bools(o.descending()) && end();
            case Operator.Limit o -> type("Limit") && num("count", o.count()) && end();
            case Operator.Unique o -> type("Unique") && strs("keys", o.keys()) && end();
            case Operator.Append o -> type("Append") && end();
            case Operator.MergeAppend o -> type("MergeAppend") && strs("keys", o.keys()) && end();
            case Operator.Union o -> type("Union") && bool("all", o.all()) && end();
            case Operator.Intersect o -> type("Intersect") && end();
            case Operator.Except o -> type("Except") && end();
            case Operator.VectorDistance o -> type("VectorDistance") && str("metric", o.metric()) && end();
            case Operator.Rerank o -> type("Rerank") && str("model", o.model()) && end();
            case Operator.Materialize o -> type("Materialize") && end();
            case Operator.Result o -> type("Result") && end();
            case Operator.Gather o -> type("Gather") && num("workers", o.workers()) && end();
            case Operator.GatherMerge o -> type("GatherMerge") && num("workers", o.workers()) && end();
        };
    }

    // ------------------------------------------------------------------ tokens

    private boolean type(String name) {
        ensure(12 + name.length());
        b[p++] = '{';
        fieldName("type");
        b[p++] = '"';
        for (int i = 0; i < name.length(); i++) {
            b[p++] = (byte) name.charAt(i);
        }
        b[p++] = '"';
        return true;
    }

    private boolean end() {
        ch('}');
        return true;
    }

    // ,"name":  (every operator field follows "type", so always after a comma)
    private void field(String name) {
        ensure(4 + name.length());
        b[p++] = ',';
        fieldName(name);
    }

    private void fieldName(String name) {
        b[p++] = '"';
        for (int i = 0; i < name.length(); i++) {
            b[p++] = (byte) name.charAt(i);
        }
        b[p++] = '"';
        b[p++] = ':';
    }

    private boolean str(String name, String value) {
        field(name);
        return string(value);
    }

    private boolean num(String name, long value) {
        field(name);
        lng(value);
        return true;
    }

    private boolean optionalInt(String name, @Nullable Integer value) {
        return value == null || num(name, value);
    }

    private boolean bool(String name, boolean value) {
        field(name);
        ascii(value ? "true" : "false");
        return true;
    }

    private boolean strs(String name, List<String> values) {
        field(name);
        ch('[');
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                ch(',');
            }
            if (!string(values.get(i))) {
                return false;
            }
        }
        ch(']');
        return true;
    }

    private boolean bools(List<Boolean> values) {
        field("descending");
        ch('[');
        for (int i = 0, n = values.size(); i < n; i++) {
            if (i > 0) {
                ch(',');
            }
            ascii(values.get(i) ? "true" : "false");
        }
        ch(']');
        return true;
    }

    /** A quoted, escaped string in UTF-8; false on an unpaired surrogate. */
    private boolean string(String s) {
        int n = s.length();
        ensure((int) Math.min(Integer.MAX_VALUE, 2L + 6L * n));
        byte[] o = b;
        int q = p;
        o[q++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte e = ESCAPE[c];
                if (e == 0) {
                    o[q++] = (byte) c;
                } else if (e != 'u') {
                    o[q++] = '\\';
                    o[q++] = e;
                } else {
                    o[q++] = '\\';
                    o[q++] = 'u';
                    o[q++] = '0';
                    o[q++] = '0';
                    o[q++] = HEX[c >> 4];
                    o[q++] = HEX[c & 0xF];
                }
            } else if (c < 0x800) {
                o[q++] = (byte) (0xC0 | (c >> 6));
                o[q++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                o[q++] = (byte) (0xE0 | (c >> 12));
                o[q++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                o[q++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                o[q++] = (byte) (0xF0 | (cp >> 18));
                o[q++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                o[q++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                o[q++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                return false;
            }
        }
        o[q++] = '"';
        p = q;
        return true;
    }

    private void dbl(double v) {
        ensure(32);
        if (v >= 1e-3 && v < 1e7) {
            if (plainDecimal(v)) {
                return;
            }
        } else if (v <= -1e-3 && v > -1e7) {
            int mark = p;
            b[p++] = '-';
            if (plainDecimal(-v)) {
                return;
            }
            p = mark;
        } else if (Double.doubleToRawLongBits(v) == 0) {
            b[p++] = '0';
            b[p++] = '.';
            b[p++] = '0';
            return;
        }
        ascii(Double.toString(v));
    }

    /*
     * Writes v in [1e-3, 1e7) as Double.toString would, when v is the double nearest to a decimal
     * N / 10^k with k <= 8; returns false (writing nothing) otherwise.
     *
     * Why this is Double.toString's text: N < 1e15 has at most 15 significant digits, and two
     * distinct decimals of at most 15 significant digits never round to the same double (10^15 <
     * 2^53). So the decimal found with the smallest k is the only one of its length or shorter that
     * rounds to v, which makes it the shortest decimal that Double.toString (Raffaello Giulietti's
     * algorithm, JDK 19+) selects; in [1e-3, 1e7) that method writes it in plain notation with at
     * least one digit after the point. The candidate N = rint(v * 10^k) is exact whenever a fitting
     * decimal exists (the product's relative error is below 2^-52 and N < 2^50), and the division,
     * being correctly rounded, checks the candidate exactly: nothing unverified is written.
     */
    private boolean plainDecimal(double v) {
        for (int k = 0; k < POW10.length; k++) {
            double scaled = Math.rint(v * POW10[k]);
            if (scaled / POW10[k] == v) {
                long digits = (long) scaled;
                long unit = LONG_POW10[k];
                long whole = digits / unit;
                long frac = digits - whole * unit;
                lng(whole);
                b[p++] = '.';
                if (k == 0) {
                    b[p++] = '0';
                } else {
                    for (int d = k - 1; d >= 0; d--) {
                        long u = LONG_POW10[d];
                        b[p++] = (byte) ('0' + (frac / u));
                        frac %= u;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Plain decimal, as Long.toString. */
    private void lng(long v) {
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii(Long.toString(v));
                return;
            }
            b[p++] = '-';
            v = -v;
        }
        if (v < 10) {
            b[p++] = (byte) ('0' + v);
            return;
        }
        int len = 1;
        for (long t = v / 10; t > 0; t /= 10) {
            len++;
        }
        int q = p + len;
        p = q;
        while (v > 0) {
            b[--q] = (byte) ('0' + (v % 10));
            v /= 10;
        }
    }

    private void ch(char c) {
        ensure(1);
        b[p++] = (byte) c;
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, b, p, bytes.length);
        p += bytes.length;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            b[p++] = (byte) s.charAt(i);
        }
    }

    private void ensure(int extra) {
        if (extra > b.length - p) {
            long cap = Math.max(2L * b.length, (long) p + extra);
            if (cap > Integer.MAX_VALUE - 16) {
                throw new DagException(DagException.Kind.SERIALIZATION, "JSON DAG: the text would exceed 2 GiB");
            }
            b = Arrays.copyOf(b, (int) cap);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Test hook: the writer's text for one double, as appended to the JSON. */
    static String formatDouble(double v) {
        DagJsonWriter w = new DagJsonWriter(new byte[8]);
        w.dbl(v);
        return new String(w.b, 0, w.p, StandardCharsets.US_ASCII);
    }
}
