package io.neuraldag.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/*
 * The fast reader of the canonical JSON format (DagJson), working on the text's bytes.
 *
 * It reads the documents the canonical writers produce, and anything close to them (whitespace,
 * fields in any order), and hands everything else back: read() returns null for any input it does
 * not accept, and DagJson then runs the reference reader on Jackson's parser, which gives the
 * result or the error with its line and column. So a document this reader accepts is one the
 * reference reader accepts with the same DAG (checked by the differential tests on random DAGs and
 * mutated documents), and every error message is the reference reader's.
 *
 * Handed back: escapes in strings and names, unknown or repeated fields, nested values inside an
 * operator, node ids that do not ascend, integers beyond the long range, numbers over 400 characters, and
 * every syntax error or rejected value. What it accepts is a subset of JSON read exactly as
 * Jackson reads it: an integer without fraction or exponent is an integer token (a Long in the
 * operator's fields), a number's double value is correctly rounded (Clinger's exact fast path for
 * digits below 2^53 and a power of ten within 1e22, else Double.parseDouble), and string values are
 * taken from the original text, so every character, a lone surrogate too, is kept.
 *
 * The text is scanned as ISO-8859-1 bytes: one byte per char, a char above U+00FF becomes '?',
 * which is never structural, and string values are cut from the String itself (so the byte and
 * char positions must agree: when the encoder has joined a surrogate pair into one '?', the bytes
 * are mapped char by char). Not thread-safe;
 * one instance per call.
 */
final class DagJsonReader {
    private static final int MAX_NUMBER_LENGTH = 400;
    private static final int MAX_NAME_LENGTH = 4096;
    private static final long EXACT_LIMIT = 1L << 53;
    private static final double[] POW10 = new double[23];

    static {
        double v = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = v;
            v *= 10;
        }
    }

    // node fields
    private static final int F_ID = 1;
    private static final int F_OP = 2;
    private static final int F_ROWS = 4;
    private static final int F_COST = 8;
    private static final int F_ACTUAL_ROWS = 16;
    private static final int F_ACTUAL_TIME = 32;
    private static final int F_START = 64;
    private static final int F_SELECTIVITY = 128;
    private static final int F_EMBEDDING = 256;

    /** The strings an operator object usually holds: field names, type names, join types. */
    private static final String[] CONSTANTS = constants();

    private static String[] constants() {
        List<String> c = new ArrayList<>(List.of(
                "type",
                "table",
                "index",
                "ef_search",
                "k",
                "nprobe",
                "probes",
                "alias",
                "cte_name",
                "join_type",
                "hash_key",
                "key",
                "merge_key",
                "functions",
                "keys",
                "predicate",
                "columns",
                "descending",
                "count",
                "all",
                "metric",
                "model",
                "workers",
                "Scan",
                "Join"));
        for (JoinType t : JoinType.values()) {
            c.add(t.name());
        }
        for (Class<?> k : Operator.class.getPermittedSubclasses()) {
            c.add(k.getSimpleName());
        }
        return c.toArray(new String[0]);
    }

    private static final byte[][] CONSTANT_BYTES = constantBytes();

    private static byte[][] constantBytes() {
        byte[][] b = new byte[CONSTANTS.length][];
        for (int i = 0; i < b.length; i++) {
            b[i] = CONSTANTS[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return b;
    }

    // CONSTANTS by (length, first byte), a small open-addressing table of indices + 1
    private static final int[] CONSTANT_TABLE = constantTable();

    private static int constantHash(int length, int first, int last) {
        return (length * 31 + first) * 31 + last;
    }

    private static int[] constantTable() {
        int[] t = new int[256];
        for (int i = 0; i < CONSTANT_BYTES.length; i++) {
            byte[] b = CONSTANT_BYTES[i];
            int h = constantHash(b.length, b[0], b[b.length - 1]) & 255;
            while (t[h] != 0) {
                h = (h + 1) & 255;
            }
            t[h] = i + 1;
        }
        return t;
    }

    /** Thrown to hand the document back to the reference reader; carries no stack trace. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    // hands an error of Operators back as well: the reference reader reports it with its position
    private static final DagJson.Errors HAND_BACK = message -> {
        throw new Unsupported();
    };

    private final String text;
    private final byte[] b;
    private final int n;
    private int p;

    /**
     * The growing arrays of one read, kept per thread between reads (up to MAX_RETAINED entries),
     * so a reader of many documents does not grow them from scratch each time.
     */
    private static final class Scratch {
        final DagJson.FieldBuffer fields = new DagJson.FieldBuffer();
        int[] ids = new int[64];
        OperatorNode[] nodes = new OperatorNode[64];
        int[] from = new int[64];
        int[] to = new int[64];
    }

    private static final int MAX_RETAINED = 1 << 16;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final DagJson.FieldBuffer fields;
    private int[] ids;
    private OperatorNode[] nodes;
    private int nodeCount;
    private int embeddingDim = -1;
    private int[] from;
    private int[] to;
    private int edgeCount;

    private DagJsonReader(String text, Scratch scratch) {
        this.text = text;
        this.fields = scratch.fields;
        this.ids = scratch.ids;
        this.nodes = scratch.nodes;
        this.from = scratch.from;
        this.to = scratch.to;
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length != text.length()) {
            // the encoder turned a surrogate pair into one '?': map char by char instead
            bytes = new byte[text.length()];
            for (int i = 0; i < bytes.length; i++) {
                char c = text.charAt(i);
                bytes[i] = c <= 0xFF ? (byte) c : (byte) '?';
            }
        }
        this.b = bytes;
        this.n = bytes.length;
    }

    /** The DAG of a canonical document, or null when the reference reader must decide. */
    static @Nullable QueryDag read(String json) {
        Scratch scratch = SCRATCH.get();
        DagJsonReader reader = new DagJsonReader(json, scratch);
        try {
            return reader.dag();
        } catch (Unsupported | IllegalArgumentException e) {
            // a rejected value (IllegalArgumentException, DagException included): the reference
            // reader reports it with the document position
            return null;
        } finally {
            reader.release(scratch);
        }
    }

    /** Hands the arrays back for the next read, without references to this read's nodes. */
    private void release(Scratch scratch) {
        Arrays.fill(nodes, 0, nodeCount, null);
        if (scratch.nodes != nodes) {
            // outgrown: the old array still holds the nodes copied out of it
            Arrays.fill(scratch.nodes, null);
        }
        fields.clear();
        if (ids.length <= MAX_RETAINED) {
            scratch.ids = ids;
            scratch.nodes = nodes;
        }
        if (from.length <= MAX_RETAINED) {
            scratch.from = from;
            scratch.to = to;
        }
    }

    private static Unsupported unsupported() {
        return new Unsupported();
    }

    // ------------------------------------------------------------------ structure

    private QueryDag dag() {
        expect('{');
        boolean version = false;
        boolean sawNodes = false;
        boolean sawEdges = false;
        do {
            int nameStart = name();
            int len = p - 1 - nameStart;
            expect(':');
            if (is(nameStart, len, "version") && !version) {
                if (integer() != DagJson.CURRENT_VERSION) {
                    throw unsupported();
                }
                version = true;
            } else if (is(nameStart, len, "nodes") && !sawNodes) {
                sawNodes = true;
                expect('[');
                if (!consume(']')) {
                    do {
                        node();
                    } while (separator(']'));
                }
            } else if (is(nameStart, len, "edges") && !sawEdges) {
                sawEdges = true;
                expect('[');
                if (!consume(']')) {
                    do {
                        edge();
                    } while (separator(']'));
                }
            } else {
                throw unsupported();
            }
        } while (separator('}'));
        skipWhitespace();
        if (p != n || !version || !sawNodes) {
            throw unsupported();
        }
        QueryDag dag = QueryDag.ofNodes(ids, nodes, nodeCount, edgeCount);
        if (dag.linkEdges(from, to, edgeCount, false) >= 0) {
            throw unsupported();
        }
        dag.finishBulkLoad();
        return dag;
    }

    private void node() {
        expect('{');
        int seen = 0;
        int id = 0;
        Operator op = null;
        double rows = 0;
        double cost = 0;
        Double actualRows = null;
        Double actualTime = null;
        Double start = null;
        Double sel = null;
        float[] emb = null;
        do {
            int s = name();
            int len = p - 1 - s;
            expect(':');
            int field = nodeField(s, len);
            if (field == 0 || (seen & field) != 0) {
                throw unsupported();
            }
            seen |= field;
            switch (field) {
                case F_ID -> id = integer();
                case F_OP -> op = operator();
                case F_ROWS -> rows = number();
                case F_COST -> cost = number();
                case F_ACTUAL_ROWS -> actualRows = nullableNumber();
                case F_ACTUAL_TIME -> actualTime = nullableNumber();
                case F_START -> start = nullableNumber();
                case F_SELECTIVITY -> sel = nullableNumber();
                default -> emb = embedding();
            }
        } while (separator('}'));
        if (op == null || (seen & F_ID) == 0) {
            throw unsupported();
        }
        if (id < 0 || id == Integer.MAX_VALUE || (nodeCount > 0 && id <= ids[nodeCount - 1])) {
            throw unsupported();
        }
        if (nodeCount >= DagLimits.MAX_NODES) {
            throw unsupported();
        }
        if (emb != null) {
            if (embeddingDim >= 0 && emb.length != embeddingDim) {
                throw unsupported();
            }
            embeddingDim = emb.length;
        }
        OperatorNode node = new OperatorNode(op, rows, cost, actualRows, actualTime, start, sel, emb);
        if (nodeCount == ids.length) {
            ids = Arrays.copyOf(ids, nodeCount * 2);
            nodes = Arrays.copyOf(nodes, nodeCount * 2);
        }
        ids[nodeCount] = id;
        nodes[nodeCount++] = node;
    }

    private int nodeField(int s, int len) {
        return switch (len) {
            case 2 -> b[s] == 'i' && b[s + 1] == 'd' ? F_ID : b[s] == 'o' && b[s + 1] == 'p' ? F_OP : 0;
            case 14 ->
                is(s, len, "estimated_rows")
                        ? F_ROWS
                        : is(s, len, "estimated_cost") ? F_COST : is(s, len, "actual_time_ms") ? F_ACTUAL_TIME : 0;
            case 11 -> is(s, len, "actual_rows") ? F_ACTUAL_ROWS : is(s, len, "selectivity") ? F_SELECTIVITY : 0;
            case 13 -> is(s, len, "start_time_ms") ? F_START : 0;
            case 9 -> is(s, len, "embedding") ? F_EMBEDDING : 0;
            default -> 0;
        };
    }

    private void edge() {
        expect('[');
        int f = integer();
        expect(',');
        int t = integer();
        expect(']');
        if (edgeCount >= DagLimits.MAX_EDGES) {
            throw unsupported();
        }
        if (edgeCount == from.length) {
            from = Arrays.copyOf(from, edgeCount * 2);
            to = Arrays.copyOf(to, edgeCount * 2);
        }
        from[edgeCount] = f;
        to[edgeCount++] = t;
    }

    private float @Nullable [] embedding() {
        if (literal("null")) {
            return null;
        }
        expect('[');
        if (consume(']')) {
            return new float[0];
        }
        float[] v = new float[8];
        int k = 0;
        do {
            if (k >= DagLimits.MAX_EMBEDDING_DIMENSION) {
                throw unsupported();
            }
            if (k == v.length) {
                v = Arrays.copyOf(v, k * 2);
            }
            v[k++] = (float) number();
        } while (separator(']'));
        return Arrays.copyOf(v, k);
    }

    // ------------------------------------------------------------------ operators

    private Operator operator() {
        expect('{');
        DagJson.FieldBuffer f = fields;
        f.clear();
        if (!consume('}')) {
            do {
                int s = name();
                int len = p - 1 - s;
                String name = stringAt(s, len);
                if (f.get(name) != null) {
                    throw unsupported();
                }
                expect(':');
                f.add(name, value(true));
            } while (separator('}'));
        }
        if (!(f.get("type") instanceof String type)) {
            throw unsupported();
        }
        Operator op = Operators.fromFields(type, f, HAND_BACK);
        f.clear();
        return op;
    }

    /** A field value: string, number (Long or Double), boolean, null, or a flat list of these. */
    private Object value(boolean listAllowed) {
        skipWhitespace();
        if (p >= n) {
            throw unsupported();
        }
        int c = b[p];
        if (c == '"') {
            p++;
            int s = stringBody();
            return stringAt(s, p - 1 - s);
        }
        if (c == '[' && listAllowed) {
            p++;
            if (consume(']')) {
                return List.of();
            }
            List<Object> list = new ArrayList<>();
            do {
                if (list.size() >= DagLimits.MAX_LIST_LENGTH) {
                    throw unsupported();
                }
                list.add(value(false));
            } while (separator(']'));
            return list;
        }
        if (c == 't' && literal("true")) {
            return true;
        }
        if (c == 'f' && literal("false")) {
            return false;
        }
        if (c == 'n' && literal("null")) {
            return Operators.NULL;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return numberValue();
        }
        throw unsupported();
    }

    // ------------------------------------------------------------------ tokens

    private void skipWhitespace() {
        byte[] a = b;
        int i = p;
        while (i < n) {
            byte c = a[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        p = i;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw unsupported();
        }
    }

    private boolean consume(char c) {
        skipWhitespace();
        if (p < n && b[p] == c) {
            p++;
            return true;
        }
        return false;
    }

    /** After a member: true for a comma, false for the closing character, else hand back. */
    private boolean separator(char close) {
        skipWhitespace();
        if (p < n) {
            byte c = b[p++];
            if (c == ',') {
                return true;
            }
            if (c == close) {
                return false;
            }
        }
        throw unsupported();
    }

    /** A literal followed by a non-letter; false (nothing consumed) if it is not there. */
    private boolean literal(String word) {
        skipWhitespace();
        int len = word.length();
        if (n - p < len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[p + i] != word.charAt(i)) {
                return false;
            }
        }
        if (p + len < n && isTokenChar(b[p + len])) {
            throw unsupported();
        }
        p += len;
        return true;
    }

    private static boolean isTokenChar(byte c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-'
                || c == '+'
                || c == '.'
                || c < 0;
    }

    /** A field name; returns its first byte's index, p after its closing quote. */
    private int name() {
        expect('"');
        int s = stringBody();
        if (p - 1 - s > MAX_NAME_LENGTH) {
            throw unsupported();
        }
        return s;
    }

    /** The body of a string after its opening quote, without escapes; p after the closing quote. */
    private int stringBody() {
        byte[] a = b;
        int s = p;
        int i = s;
        while (true) {
            if (i >= n) {
                throw unsupported();
            }
            byte c = a[i];
            if (c == '"') {
                break;
            }
            if (c == '\\' || (c >= 0 && c < 0x20)) {
                throw unsupported();
            }
            i++;
        }
        if (i - s > DagLimits.MAX_STRING_LENGTH) {
            throw unsupported();
        }
        p = i + 1;
        return s;
    }

    private boolean is(int s, int len, String word) {
        if (len != word.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[s + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The string of the text's chars [s, s + len): a shared constant when it is one. */
    private String stringAt(int s, int len) {
        if (len == 0) {
            return "";
        }
        int h = constantHash(len, b[s], b[s + len - 1]) & 255;
        for (int k; (k = CONSTANT_TABLE[h]) != 0; h = (h + 1) & 255) {
            byte[] c = CONSTANT_BYTES[k - 1];
            if (c.length == len && Arrays.equals(b, s, s + len, c, 0, len)) {
                return CONSTANTS[k - 1];
            }
        }
        return text.substring(s, s + len);
    }

    // ------------------------------------------------------------------ numbers

    // the scanned number: [numStart, p), its digits as a long while they fit, whether it is an integer
    private int numStart;
    private long mantissa;
    private int scale;
    private boolean negative;
    private boolean integral;
    private boolean exact;

    private void scanNumber() {
        skipWhitespace();
        byte[] a = b;
        int i = p;
        numStart = i;
        negative = i < n && a[i] == '-';
        if (negative) {
            i++;
        }
        long m = 0;
        boolean kept = true;
        int intStart = i;
        while (i < n && a[i] >= '0' && a[i] <= '9') {
            int d = a[i] - '0';
            if (m <= (Long.MAX_VALUE - d) / 10) {
                m = m * 10 + d;
            } else {
                kept = false;
            }
            i++;
        }
        int intLen = i - intStart;
        if (intLen == 0 || (intLen > 1 && a[intStart] == '0')) {
            throw unsupported();
        }
        int fracDigits = 0;
        boolean fraction = i < n && a[i] == '.';
        if (fraction) {
            i++;
            int fs = i;
            while (i < n && a[i] >= '0' && a[i] <= '9') {
                int d = a[i] - '0';
                if (kept && m <= (Long.MAX_VALUE - d) / 10) {
                    m = m * 10 + d;
                    fracDigits++;
                } else {
                    kept = false;
                }
                i++;
            }
            if (i == fs) {
                throw unsupported();
            }
        }
        int exponent = 0;
        boolean hasExponent = i < n && (a[i] == 'e' || a[i] == 'E');
        if (hasExponent) {
            i++;
            boolean expNegative = false;
            if (i < n && (a[i] == '+' || a[i] == '-')) {
                expNegative = a[i] == '-';
                i++;
            }
            int es = i;
            while (i < n && a[i] >= '0' && a[i] <= '9') {
                if (exponent < 10_000) {
                    exponent = exponent * 10 + (a[i] - '0');
                }
                i++;
            }
            if (i == es) {
                throw unsupported();
            }
            if (expNegative) {
                exponent = -exponent;
            }
        }
        if (i - numStart > MAX_NUMBER_LENGTH || (i < n && isTokenChar(a[i]))) {
            throw unsupported();
        }
        p = i;
        mantissa = m;
        scale = exponent - fracDigits;
        integral = !fraction && !hasExponent;
        exact = kept;
    }

    /** An int token (no fraction, no exponent) in the int range. */
    private int integer() {
        scanNumber();
        if (!integral || !exact) {
            throw unsupported();
        }
        long v = negative ? -mantissa : mantissa;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw unsupported();
        }
        return (int) v;
    }

    /** Any number, as its correctly rounded double. */
    private double number() {
        scanNumber();
        return doubleValue();
    }

    private @Nullable Double nullableNumber() {
        return literal("null") ? null : number();
    }

    /** An operator field's number: a Long for an integer token, else a Double. */
    private Object numberValue() {
        scanNumber();
        if (integral) {
            if (!exact) {
                throw unsupported();
            }
            return negative ? -mantissa : mantissa;
        }
        return doubleValue();
    }

    private double doubleValue() {
        double v;
        if (exact && mantissa < EXACT_LIMIT && scale >= -22 && scale <= 22) {
            // both operands exact, so the one rounding of * or / is the correctly rounded value
            v = scale >= 0 ? mantissa * POW10[scale] : mantissa / POW10[-scale];
            return negative ? -v : v;
        }
        return Double.parseDouble(text.substring(numStart, p));
    }
}
