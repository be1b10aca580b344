package io.neuraldag.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private DagBinary() {}

    // ------------------------------------------------------------------ writing

    static byte[] write(DagSnapshot s) {
        int n = s.size();
        int[] ids = s.idArray();
        OperatorNode[] nodes = s.nodeArray();
        int m = s.edgeCount();
        // exact size first, so the bytes are written once into the array that is returned
        long size = MAGIC.length + 1 + 4 + 4 + 8L * m + 4;
        for (int i = 0; i < n; i++) {
            OperatorNode node = nodes[i];
            size += 4 + operatorSize(node.operator()) + 16 + 4 + 1;
            size += optionalSize(node.actualRows())
                    + optionalSize(node.actualTimeMs())
                    + optionalSize(node.startTimeMs())
                    + optionalSize(node.selectivity());
            if (node.hasEmbedding()) {
                size += 4 + 4L * node.embeddingDimension();
            }
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new DagException(
                    DagException.Kind.SERIALIZATION,
                    "binary DAG: the DAG needs " + size + " bytes, too many for one array");
        }
        Out out = new Out(new byte[(int) size]);
        out.bytes(MAGIC);
        out.u8(CURRENT_VERSION);
        out.i32(n);
        for (int i = 0; i < n; i++) {
            OperatorNode node = nodes[i];
            out.i32(ids[i]);
            writeOperator(out, node.operator());
            out.f64(node.estimatedRows());
            out.f64(node.estimatedCost());
            optionalDouble(out, node.actualRows());
            optionalDouble(out, node.actualTimeMs());
            optionalDouble(out, node.startTimeMs());
            optionalDouble(out, node.selectivity());
            if (!node.hasEmbedding()) {
                out.u8(0);
            } else {
                int dim = node.embeddingDimension();
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
        if (out.len != out.buf.length) {
            throw new IllegalStateException("binary DAG: wrote " + out.len + " bytes, sized " + out.buf.length);
        }
        return out.buf;
    }

    private static int optionalSize(@Nullable Double d) {
        return d == null ? 0 : 8;
    }

    // The encoded size of writeOperator's output, tag byte included; the two must agree.
    private static long operatorSize(Operator op) {
        return 1
                + switch (op) {
                    case Operator.SeqScan o -> strSize(o.table());
                    case Operator.IndexScan o -> strSize(o.index()) + strSize(o.table());
                    case Operator.IndexOnlyScan o -> strSize(o.index()) + strSize(o.table());
                    case Operator.BitmapScan o -> strSize(o.index()) + strSize(o.table());
                    case Operator.HnswScan o -> strSize(o.index()) + 4 + strSize(o.table()) + (o.k() == null ? 1 : 5);
                    case Operator.IvfFlatScan o ->
                        strSize(o.index()) + 4 + strSize(o.table()) + (o.k() == null ? 1 : 5);
                    case Operator.SubqueryScan o -> strSize(o.alias());
                    case Operator.CteScan o -> strSize(o.cteName());
                    case Operator.NestedLoopJoin o -> 1;
                    case Operator.HashJoin o -> strSize(o.hashKey()) + 1;
                    case Operator.MergeJoin o -> strSize(o.mergeKey()) + 1;
                    case Operator.Aggregate o -> strsSize(o.functions());
                    case Operator.GroupBy o -> strsSize(o.keys());
                    case Operator.HashAggregate o -> strsSize(o.keys()) + strsSize(o.functions());
                    case Operator.WindowAgg o -> strsSize(o.functions());
                    case Operator.Filter o -> strSize(o.predicate());
                    case Operator.Project o -> strsSize(o.columns());
                    case Operator.Sort o ->
                        strsSize(o.keys()) + 4 + o.descending().size();
                    case Operator.IncrementalSort o ->
                        strsSize(o.keys()) + 4 + o.descending().size();
                    case Operator.Limit o -> 8;
                    case Operator.Unique o -> strsSize(o.keys());
                    case Operator.Append o -> 0;
                    case Operator.MergeAppend o -> strsSize(o.keys());
                    case Operator.Union o -> 1;
                    case Operator.Intersect o -> 0;
                    case Operator.Except o -> 0;
                    case Operator.VectorDistance o -> strSize(o.metric());
                    case Operator.Rerank o -> strSize(o.model());
                    case Operator.Materialize o -> 0;
                    case Operator.Result o -> 0;
                    case Operator.Gather o -> 4;
                    case Operator.GatherMerge o -> 4;
                };
    }

    private static long strsSize(List<String> list) {
        long size = 4;
        for (int i = 0, n = list.size(); i < n; i++) {
            size += strSize(list.get(i));
        }
        return size;
    }

    // 4 length bytes + the byte count of Out.str's encoding (UTF-8, a lone surrogate in 3 bytes).
    private static long strSize(String s) {
        int n = s.length();
        long size = 4L + n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    size += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    size += 2; // 4 bytes for 2 chars
                    i++;
                } else {
                    size += 2;
                }
            }
        }
        return size;
    }

    static byte[] writeStructural(DagSnapshot s) {
        Out out = new Out(new byte[64 + s.size() * 16 + s.edgeCount() * 8]);
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
        int[] ids = s.idArray();
        int[] off = s.outOffsets();
        int[] adj = s.outTargets();
        int n = ids.length;
        out.i32(adj.length);
        out.ensure(8 * adj.length);
        byte[] b = out.buf;
        int pos = out.len;
        for (int i = 0; i < n; i++) {
            int from = ids[i];
            for (int p = off[i], end = off[i + 1]; p < end; p++) {
                I32.set(b, pos, from);
                I32.set(b, pos + 4, ids[adj[p]]);
                pos += 8;
            }
        }
        out.len = pos;
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

        Out(byte[] buf) {
            this.buf = buf;
        }

        void ensure(int extra) {
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
            I32.set(buf, len, v);
            len += 4;
        }

        void i64(long v) {
            ensure(8);
            I64.set(buf, len, v);
            len += 8;
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
            if (n == 0) {
                i32(0);
                return;
            }
            if (len + 4 + 3L * n > buf.length) {
                ensure(Math.toIntExact(strSize(s)));
            }
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
            I32.set(o, len, p - len - 4);
            len = p;
        }

        void strs(List<String> list) {
            int n = list.size();
            i32(n);
            for (int i = 0; i < n; i++) {
                str(list.get(i));
            }
        }

        void bools(List<Boolean> list) {
            int n = list.size();
            i32(n);
            for (int i = 0; i < n; i++) {
                u8(list.get(i) ? 1 : 0);
            }
        }

        byte[] toArray() {
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
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
        int[] ids = new int[n];
        OperatorNode[] nodes = new OperatorNode[n];
        // ids that arrive strictly ascending (as written) are distinct without a lookup; the first
        // out-of-order id switches to a set of the ids seen so far
        IntIntMap seen = null;
        int prev = -1;
        int embeddingDim = -1;
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
            if (seen == null && id <= prev) {
                seen = new IntIntMap(n);
                for (int j = 0; j < k; j++) {
                    seen.put(ids[j], j);
                }
            }
            if (seen != null) {
                if (seen.get(id) >= 0) {
                    throw fail("duplicate node id " + id);
                }
                seen.put(id, k);
            }
            prev = id;
            if (emb != null) {
                if (embeddingDim >= 0 && emb.length != embeddingDim) {
                    throw fail("node " + id + ": embedding of dimension " + emb.length
                            + " in a DAG whose embeddings have dimension " + embeddingDim);
                }
                embeddingDim = emb.length;
            }
            ids[k] = id;
            nodes[k] = node;
        }
        int m = in.count("edge count", DagLimits.MAX_EDGES, 8);
        int[] from = new int[m];
        int[] to = new int[m];
        in.pairs(from, to, m);
        QueryDag dag = QueryDag.ofNodes(ids, nodes, n, m);
        long rejected = dag.linkEdges(from, to, m, false);
        if (rejected >= 0) {
            int k = (int) (rejected >>> 2);
            String edge = "edge " + from[k] + "->" + to[k];
            throw fail(
                    (rejected & 3) == QueryDag.EDGE_MISSING_NODE
                            ? edge + " names a missing node"
                            : edge + " is a duplicate or a self-loop");
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
            int v = (int) I32.get(b, pos);
            pos += 4;
            return v;
        }

        long i64() {
            need(8);
            long v = (long) I64.get(b, pos);
            pos += 8;
            return v;
        }

        /** m (from, to) pairs; count() has checked that the 8 * m bytes are there. */
        void pairs(int[] from, int[] to, int m) {
            need(8 * m);
            byte[] a = b;
            int p = pos;
            for (int k = 0; k < m; k++) {
                from[k] = (int) I32.get(a, p);
                to[k] = (int) I32.get(a, p + 4);
                p += 8;
            }
            pos = p;
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
            if (n == 0) {
                return "";
            }
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

        // immutable lists, so the operators' List.copyOf keeps them without another copy
        List<String> strs() {
            int n = count("list length", DagLimits.MAX_LIST_LENGTH, 4);
            if (n == 0) {
                return List.of();
            }
            String[] a = new String[n];
            for (int i = 0; i < n; i++) {
                a[i] = str();
            }
            return List.of(a);
        }

        List<Boolean> bools() {
            int n = count("list length", DagLimits.MAX_LIST_LENGTH, 1);
            if (n == 0) {
                return List.of();
            }
            Boolean[] a = new Boolean[n];
            for (int i = 0; i < n; i++) {
                a[i] = flag();
            }
            return List.of(a);
        }
    }
}
