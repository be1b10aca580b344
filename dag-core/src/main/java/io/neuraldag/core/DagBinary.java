package io.neuraldag.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/*
 * The compact binary DAG format of spec 01 §2.9, version 1, big-endian:
 *
 *   "RVDG" | u8 version | i32 n | n x node | i32 m | m x (i32 from, i32 to) | i32 crc32
 *   node  = i32 id | u8 tag | variant fields in declaration order | f64 rows | f64 cost
 *           | 4 x (u8 present [f64]) for actualRows, actualTimeMs, startTimeMs, selectivity
 *           | u8 present [i32 dim, dim x f32] for the embedding
 *   String = i32 byte length + UTF-8; List = i32 count + items; Boolean = u8;
 *     (a Java string may hold an unpaired surrogate, which UTF-8 cannot express: it is written as
 *     its own 3-byte sequence, as in WTF-8, so that every string round-trips; valid Unicode text
 *     is plain UTF-8. The reader rejects malformed or non-shortest sequences.)
 *   optional Integer = u8 present [i32]; enum = u8 ordinal; long = i64.
 *
 * Nodes are written in ascending id order and edges sorted by (from, to), so equal DAGs have equal
 * bytes; the CRC32 covers everything before it. The structural form (fingerprints only, never
 * read back) is "RVDS" | u8 version | i32 n | n x (i32 id, u8 tag, fields) | edges, without
 * estimates, actuals or embeddings.
 *
 * The reader checks every length against the bytes that remain before allocating, so a forged
 * count cannot trigger a large allocation; every failure is a DagException(SERIALIZATION).
 */
final class DagBinary {
    static final int CURRENT_VERSION = 1;
    private static final byte[] MAGIC = {'R', 'V', 'D', 'G'};
    private static final byte[] STRUCTURAL_MAGIC = {'R', 'V', 'D', 'S'};

    private DagBinary() {}

    // ------------------------------------------------------------------ writing

    static byte[] write(DagSnapshot s) {
        Out out = new Out(64 + s.size() * 48 + s.edgeCount() * 8);
        out.bytes(MAGIC);
        out.u8(CURRENT_VERSION);
        out.i32(s.size());
        for (int i = 0; i < s.size(); i++) {
            OperatorNode node = s.node(i);
            out.i32(s.id(i));
            writeOperator(out, node.operator());
            out.f64(node.estimatedRows());
            out.f64(node.estimatedCost());
            optionalDouble(out, node.actualRows());
            optionalDouble(out, node.actualTimeMs());
            optionalDouble(out, node.startTimeMs());
            optionalDouble(out, node.selectivity());
            int dim = node.embeddingDimension();
            if (!node.hasEmbedding()) {
                out.u8(0);
            } else {
                out.u8(1);
                out.i32(dim);
                for (int k = 0; k < dim; k++) {
                    out.f32(node.embeddingAt(k));
                }
            }
        }
        writeEdges(out, s);
        CRC32 crc = new CRC32();
        crc.update(out.buf, 0, out.len);
        out.i32((int) crc.getValue());
        return out.toArray();
    }

    static byte[] writeStructural(DagSnapshot s) {
        Out out = new Out(64 + s.size() * 16 + s.edgeCount() * 8);
        out.bytes(STRUCTURAL_MAGIC);
        out.u8(CURRENT_VERSION);
        out.i32(s.size());
        for (int i = 0; i < s.size(); i++) {
            out.i32(s.id(i));
            writeOperator(out, s.node(i).operator());
        }
        writeEdges(out, s);
        return out.toArray();
    }

    static Fingerprint fingerprint(byte[] bytes) {
        try {
            return Fingerprint.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void writeEdges(Out out, DagSnapshot s) {
        out.i32(s.edgeCount());
        for (int i = 0; i < s.size(); i++) {
            for (int p = s.outStart(i); p < s.outEnd(i); p++) {
                out.i32(s.id(i));
                out.i32(s.id(s.outTarget(p)));
            }
        }
    }

    private static void optionalDouble(Out out, @Nullable Double d) {
        if (d == null) {
            out.u8(0);
        } else {
            out.u8(1);
            out.f64(d);
        }
    }

    private static void optionalInt(Out out, @Nullable Integer d) {
        if (d == null) {
            out.u8(0);
        } else {
            out.u8(1);
            out.i32(d);
        }
    }

    private static void writeOperator(Out out, Operator op) {
        out.u8(op.tag());
        switch (op) {
            case Operator.SeqScan o -> out.str(o.table());
            case Operator.IndexScan o -> {
                out.str(o.index());
                out.str(o.table());
            }
            case Operator.IndexOnlyScan o -> {
                out.str(o.index());
                out.str(o.table());
            }
            case Operator.BitmapScan o -> {
                out.str(o.index());
                out.str(o.table());
            }
            case Operator.HnswScan o -> {
                out.str(o.index());
                out.i32(o.efSearch());
                out.str(o.table());
                optionalInt(out, o.k());
            }
            case Operator.IvfFlatScan o -> {
                out.str(o.index());
                out.i32(o.nprobe());
                out.str(o.table());
                optionalInt(out, o.k());
            }
            case Operator.SubqueryScan o -> out.str(o.alias());
            case Operator.CteScan o -> out.str(o.cteName());
            case Operator.NestedLoopJoin o -> out.u8(joinCode(o.joinType()));
            case Operator.HashJoin o -> {
                out.str(o.hashKey());
                out.u8(joinCode(o.joinType()));
            }
            case Operator.MergeJoin o -> {
                out.str(o.mergeKey());
                out.u8(joinCode(o.joinType()));
            }
            case Operator.Aggregate o -> out.strs(o.functions());
            case Operator.GroupBy o -> out.strs(o.keys());
            case Operator.HashAggregate o -> {
                out.strs(o.keys());
                out.strs(o.functions());
            }
            case Operator.WindowAgg o -> out.strs(o.functions());
            case Operator.Filter o -> out.str(o.predicate());
            case Operator.Project o -> out.strs(o.columns());
            case Operator.Sort o -> {
                out.strs(o.keys());
                out.bools(o.descending());
            }
            case Operator.IncrementalSort o -> {
                out.strs(o.keys());
                out.bools(o.descending());
            }
            case Operator.Limit o -> out.i64(o.count());
            case Operator.Unique o -> out.strs(o.keys());
            case Operator.Append o -> {}
            case Operator.MergeAppend o -> out.strs(o.keys());
            case Operator.Union o -> out.u8(o.all() ? 1 : 0);
            case Operator.Intersect o -> {}
            case Operator.Except o -> {}
            case Operator.VectorDistance o -> out.str(o.metric());
            case Operator.Rerank o -> out.str(o.model());
            case Operator.Materialize o -> {}
            case Operator.Result o -> {}
            case Operator.Gather o -> out.i32(o.workers());
            case Operator.GatherMerge o -> out.i32(o.workers());
        }
    }

    // The format's enum byte: the declaration order of JoinType, spelled out so a reordering of the
    // enum cannot silently change the format.
    private static int joinCode(JoinType t) {
        return switch (t) {
            case INNER -> 0;
            case LEFT -> 1;
            case RIGHT -> 2;
            case FULL -> 3;
            case SEMI -> 4;
            case ANTI -> 5;
        };
    }

    private static final class Out {
        byte[] buf;
        int len;

        Out(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        void u8(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }

        void i32(int v) {
            ensure(4);
            buf[len] = (byte) (v >>> 24);
            buf[len + 1] = (byte) (v >>> 16);
            buf[len + 2] = (byte) (v >>> 8);
            buf[len + 3] = (byte) v;
            len += 4;
        }

        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        void f64(double v) {
            i64(Double.doubleToLongBits(v));
        }

        void f32(float v) {
            i32(Float.floatToIntBits(v));
        }

        // UTF-8, except that an unpaired surrogate is written as its own 3-byte sequence (WTF-8),
        // so every Java string survives the round trip; see the class comment.
        void str(String s) {
            int n = s.length();
            ensure(4 + 3 * n);
            byte[] o = buf;
            int p = len + 4;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    o[p++] = (byte) c;
                } else if (c < 0x800) {
                    o[p++] = (byte) (0xC0 | (c >> 6));
                    o[p++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    o[p++] = (byte) (0xF0 | (cp >> 18));
                    o[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    o[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    o[p++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    o[p++] = (byte) (0xE0 | (c >> 12));
                    o[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    o[p++] = (byte) (0x80 | (c & 0x3F));
                }
            }
            int byteLength = p - len - 4;
            i32(byteLength);
            len = p;
        }

        void strs(List<String> list) {
            i32(list.size());
            for (String s : list) {
                str(s);
            }
        }

        void bools(List<Boolean> list) {
            i32(list.size());
            for (Boolean b : list) {
                u8(b ? 1 : 0);
            }
        }

        byte[] toArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    // ------------------------------------------------------------------ reading

    static QueryDag read(byte[] bytes) {
        if (bytes.length > DagLimits.MAX_INPUT_BYTES) {
            throw fail("input of " + bytes.length + " bytes exceeds the limit of " + DagLimits.MAX_INPUT_BYTES);
        }
        if (bytes.length < MAGIC.length + 1 + 4 + 4 + 4) {
            throw fail("input of " + bytes.length + " bytes is too short for a DAG");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw fail("not a neural-dag binary DAG (bad magic)");
            }
        }
        int version = bytes[4] & 0xFF;
        if (version != CURRENT_VERSION) {
            throw fail("unsupported binary DAG version " + version + " (this reader supports " + CURRENT_VERSION + ")");
        }
        int end = bytes.length - 4;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, end);
        int stored = ((bytes[end] & 0xFF) << 24)
                | ((bytes[end + 1] & 0xFF) << 16)
                | ((bytes[end + 2] & 0xFF) << 8)
                | (bytes[end + 3] & 0xFF);
        if (stored != (int) crc.getValue()) {
            throw fail("checksum mismatch: the data is corrupt or truncated");
        }
        In in = new In(bytes, 5, end);
        int n = in.count("node count", DagLimits.MAX_NODES, 4 + 1 + 16 + 5);
        QueryDag dag = new QueryDag(n, 0);
        for (int k = 0; k < n; k++) {
            int id = in.i32();
            Operator op = readOperator(in);
            double rows = in.f64();
            double cost = in.f64();
            Double actualRows = in.optionalDouble();
            Double actualTime = in.optionalDouble();
            Double start = in.optionalDouble();
            Double sel = in.optionalDouble();
            float[] emb = null;
            if (in.flag()) {
                int dim = in.count("embedding dimension", DagLimits.MAX_EMBEDDING_DIMENSION, 4);
                emb = new float[dim];
                for (int d = 0; d < dim; d++) {
                    emb[d] = in.f32();
                }
            }
            OperatorNode node;
            try {
                node = new OperatorNode(op, rows, cost, actualRows, actualTime, start, sel, emb);
            } catch (IllegalArgumentException e) {
                throw fail("node " + id + ": " + e.getMessage(), e);
            }
            if (id < 0 || id == Integer.MAX_VALUE) {
                throw fail("invalid node id " + id);
            }
            if (dag.containsNode(id)) {
                throw fail("duplicate node id " + id);
            }
            try {
                dag.addNode(id, node);
            } catch (DagException e) {
                throw fail("node " + id + ": " + e.getMessage(), e);
            }
        }
        int m = in.count("edge count", DagLimits.MAX_EDGES, 8);
        for (int k = 0; k < m; k++) {
            int from = in.i32();
            int to = in.i32();
            if (!dag.containsNode(from) || !dag.containsNode(to)) {
                throw fail("edge " + from + "->" + to + " names a missing node");
            }
            if (!dag.addEdgeUnchecked(from, to)) {
                throw fail("edge " + from + "->" + to + " is a duplicate or a self-loop");
            }
        }
        if (in.pos != end) {
            throw fail((end - in.pos) + " unexpected trailing bytes");
        }
        try {
            dag.finishBulkLoad();
        } catch (DagException e) {
            throw fail(e.getMessage() == null ? "cycle" : e.getMessage(), e);
        }
        return dag;
    }

    private static Operator readOperator(In in) {
        int tag = in.u8();
        try {
            return switch (tag) {
                case 0 -> new Operator.SeqScan(in.str());
                case 1 -> new Operator.IndexScan(in.str(), in.str());
                case 2 -> new Operator.IndexOnlyScan(in.str(), in.str());
                case 3 -> new Operator.BitmapScan(in.str(), in.str());
                case 4 -> new Operator.HnswScan(in.str(), in.i32(), in.str(), in.optionalInt());
                case 5 -> new Operator.IvfFlatScan(in.str(), in.i32(), in.str(), in.optionalInt());
                case 6 -> new Operator.SubqueryScan(in.str());
                case 7 -> new Operator.CteScan(in.str());
                case 8 -> new Operator.NestedLoopJoin(in.joinType());
                case 9 -> new Operator.HashJoin(in.str(), in.joinType());
                case 10 -> new Operator.MergeJoin(in.str(), in.joinType());
                case 11 -> new Operator.Aggregate(in.strs());
                case 12 -> new Operator.GroupBy(in.strs());
                case 13 -> new Operator.HashAggregate(in.strs(), in.strs());
                case 14 -> new Operator.WindowAgg(in.strs());
                case 15 -> new Operator.Filter(in.str());
                case 16 -> new Operator.Project(in.strs());
                case 17 -> new Operator.Sort(in.strs(), in.bools());
                case 18 -> new Operator.IncrementalSort(in.strs(), in.bools());
                case 19 -> new Operator.Limit(in.i64());
                case 20 -> new Operator.Unique(in.strs());
                case 21 -> new Operator.Append();
                case 22 -> new Operator.MergeAppend(in.strs());
                case 23 -> new Operator.Union(in.flag());
                case 24 -> new Operator.Intersect();
                case 25 -> new Operator.Except();
                case 26 -> new Operator.VectorDistance(in.str());
                case 27 -> new Operator.Rerank(in.str());
                case 28 -> new Operator.Materialize();
                case 29 -> new Operator.Result();
                case 30 -> new Operator.Gather(in.i32());
                case 31 -> new Operator.GatherMerge(in.i32());
                default -> throw fail("unknown operator tag " + tag);
            };
        } catch (IllegalArgumentException e) {
            if (e instanceof DagException d) {
                throw d;
            }
            throw fail("operator tag " + tag + ": " + e.getMessage(), e);
        }
    }

    static DagException fail(String message) {
        return new DagException(DagException.Kind.SERIALIZATION, "binary DAG: " + message);
    }

    static DagException fail(String message, Throwable cause) {
        return new DagException(DagException.Kind.SERIALIZATION, "binary DAG: " + message, cause);
    }

    private static final class In {
        final byte[] b;
        int pos;
        final int end;

        In(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        private void need(int k) {
            if (end - pos < k) {
                throw fail("truncated at byte " + pos);
            }
        }

        int u8() {
            need(1);
            return b[pos++] & 0xFF;
        }

        boolean flag() {
            int v = u8();
            if (v > 1) {
                throw fail("invalid flag byte " + v + " at " + (pos - 1));
            }
            return v == 1;
        }

        int i32() {
            need(4);
            int v = ((b[pos] & 0xFF) << 24)
                    | ((b[pos + 1] & 0xFF) << 16)
                    | ((b[pos + 2] & 0xFF) << 8)
                    | (b[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long i64() {
            long hi = i32() & 0xFFFFFFFFL;
            long lo = i32() & 0xFFFFFFFFL;
            return (hi << 32) | lo;
        }

        double f64() {
            return Double.longBitsToDouble(i64());
        }

        float f32() {
            return Float.intBitsToFloat(i32());
        }

        /** A count, bounded by the limit and by the bytes left at minBytesEach per item. */
        int count(String what, int limit, int minBytesEach) {
            int c = i32();
            if (c < 0 || c > limit) {
                throw fail(what + " " + c + " is outside [0, " + limit + "]");
            }
            if ((long) c * minBytesEach > end - pos) {
                throw fail(what + " " + c + " exceeds the remaining " + (end - pos) + " bytes");
            }
            return c;
        }

        @Nullable
        Double optionalDouble() {
            return flag() ? f64() : null;
        }

        @Nullable
        Integer optionalInt() {
            return flag() ? i32() : null;
        }

        JoinType joinType() {
            int o = u8();
            return switch (o) {
                case 0 -> JoinType.INNER;
                case 1 -> JoinType.LEFT;
                case 2 -> JoinType.RIGHT;
                case 3 -> JoinType.FULL;
                case 4 -> JoinType.SEMI;
                case 5 -> JoinType.ANTI;
                default -> throw fail("unknown join type " + o);
            };
        }

        String str() {
            int n = count("string length", DagLimits.MAX_STRING_LENGTH * 4, 1);
            int start = pos;
            int stop = start + n;
            boolean ascii = true;
            for (int i = start; i < stop; i++) {
                if (b[i] < 0) {
                    ascii = false;
                    break;
                }
            }
            String s = ascii ? new String(b, start, n, StandardCharsets.ISO_8859_1) : decode(start, stop);
            pos = stop;
            if (s.length() > DagLimits.MAX_STRING_LENGTH) {
                throw fail("string of " + s.length() + " chars exceeds the limit");
            }
            return s;
        }

        /*
         * Strict decoding of the writer's UTF-8: shortest forms only, code points up to U+10FFFF, an
         * unpaired surrogate as its 3-byte sequence; a surrogate pair written as two 3-byte sequences
         * is rejected (the writer always joins a pair into one 4-byte sequence), so each string has
         * exactly one encoding and the fingerprints stay injective.
         */
        private String decode(int start, int stop) {
            char[] out = new char[stop - start];
            int k = 0;
            boolean afterLoneHigh = false;
            for (int i = start; i < stop; ) {
                int c = b[i] & 0xFF;
                int cp;
                int size;
                if (c < 0x80) {
                    cp = c;
                    size = 1;
                } else if (c >= 0xC2 && c <= 0xDF) {
                    size = 2;
                    cp = c & 0x1F;
                } else if (c >= 0xE0 && c <= 0xEF) {
                    size = 3;
                    cp = c & 0x0F;
                } else if (c >= 0xF0 && c <= 0xF4) {
                    size = 4;
                    cp = c & 0x07;
                } else {
                    throw fail("invalid UTF-8 byte 0x" + Integer.toHexString(c) + " at " + i);
                }
                if (i + size > stop) {
                    throw fail("truncated UTF-8 sequence at " + i);
                }
                for (int j = 1; j < size; j++) {
                    int cc = b[i + j] & 0xFF;
                    if ((cc & 0xC0) != 0x80) {
                        throw fail("invalid UTF-8 continuation byte at " + (i + j));
                    }
                    cp = (cp << 6) | (cc & 0x3F);
                }
                if ((size == 3 && cp < 0x800) || (size == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
                    throw fail("overlong or out-of-range UTF-8 sequence at " + i);
                }
                boolean lowSurrogate = size == 3 && Character.isLowSurrogate((char) cp);
                if (afterLoneHigh && lowSurrogate) {
                    throw fail("surrogate pair encoded as two sequences at " + i);
                }
                afterLoneHigh = size == 3 && Character.isHighSurrogate((char) cp);
                if (size == 4) {
                    out[k++] = Character.highSurrogate(cp);
                    out[k++] = Character.lowSurrogate(cp);
                } else {
                    out[k++] = (char) cp;
                }
                i += size;
            }
            return new String(out, 0, k);
        }

        List<String> strs() {
            int n = count("list length", DagLimits.MAX_LIST_LENGTH, 4);
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(str());
            }
            return list;
        }

        List<Boolean> bools() {
            int n = count("list length", DagLimits.MAX_LIST_LENGTH, 1);
            List<Boolean> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(flag());
            }
            return list;
        }
    }
}
