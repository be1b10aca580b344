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
    // for comparing bytes, where the order does not matter: the machine's own, no byte swap
    private static final VarHandle W64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private DagBinary() {}

    // ------------------------------------------------------------------ writing

    static byte[] write(DagSnapshot s) {
        Out out = writeFull(s);
        byte[] bytes = Arrays.copyOf(out.buf, out.len);
        out.release();
        return bytes;
    }

    /** The full form of {@code s}, CRC32 trailer included, in a scratch buffer the caller releases. */
    private static Out writeFull(DagSnapshot s) {
        // one pass into a reused scratch buffer; write() copies the result out, which costs less than
        // sizing every node first (a second dispatch on every operator kind) and zeroing a new array
        Out out = Out.scratch(MAGIC.length + 1 + 4 + 4 + 8L * s.edgeCount() + 4 + 40L * s.size());
        writeFull(out, s);
        return out;
    }

    private static void writeFull(Out out, DagSnapshot s) {
        int n = s.size();
        int[] ids = s.idArray();
        OperatorNode[] nodes = s.nodeArray();
        out.bytes(MAGIC);
        out.u8(CURRENT_VERSION);
        out.i32(n);
        @Nullable Operator[] seenOp = out.seenOp;
        int[] seenAt = out.seenAt;
        int[] seenLen = out.seenLen;
        for (int i = 0; i < n; i++) {
            OperatorNode node = nodes[i];
            Operator op = node.operator();
            int h = seenSlot(op);
            int opLen = seenLen[h];
            byte[] b;
            int p;
            Double actualRows = node.actualRows();
            Double actualTime = node.actualTimeMs();
            Double start = node.startTimeMs();
            Double sel = node.selectivity();
            boolean bare =
                    actualRows == null && actualTime == null && start == null && sel == null && !node.hasEmbedding();
            if (seenOp[h] == op && opLen <= 16) {
                // the usual case: the id, the repeated operator (two words, see Out.repeat) and the
                // rest of the node in one reservation of 4 + opLen + 16 + 5 bytes for a node without
                // optional values, else of room for all four doubles (the two words end at p + 20,
                // inside the node either way)
                out.ensure((bare ? 25 : 56) + opLen);
                b = out.buf;
                p = out.len;
                int at = seenAt[h];
                I32.set(b, p, ids[i]);
                I64.set(b, p + 4, (long) I64.get(b, at));
                I64.set(b, p + 12, (long) I64.get(b, at + 8));
                p += 4 + opLen;
            } else {
                out.i32(ids[i]);
                int at = out.len;
                writeOperator(out, op, tagOf(op));
                seenOp[h] = op;
                seenAt[h] = at;
                seenLen[h] = out.len - at;
                // estimates, then the four optional doubles and the embedding flag: at most 16 + 36 + 1
                out.ensure(bare ? 21 : 53);
                b = out.buf;
                p = out.len;
            }
            // the values are finite (OperatorNode rejects NaN), so the raw bits are the canonical ones
            I64.set(b, p, Double.doubleToRawLongBits(node.estimatedRows()));
            I64.set(b, p + 8, Double.doubleToRawLongBits(node.estimatedCost()));
            p += 16;
            if (bare) {
                // the common case: five absent flags in one int and one byte
                I32.set(b, p, 0);
                b[p + 4] = 0;
                out.len = p + 5;
                continue;
            }
            p = optionalDouble(b, p, actualRows);
            p = optionalDouble(b, p, actualTime);
            p = optionalDouble(b, p, start);
            p = optionalDouble(b, p, sel);
            out.len = p;
            if (!node.hasEmbedding()) {
                out.u8(0);
            } else {
                int dim = node.embeddingDimension();
                out.u8(1);
                out.i32(dim);
                out.ensure(4L * dim);
                byte[] e = out.buf;
                int q = out.len;
                for (int k = 0; k < dim; k++) {
                    I32.set(e, q, Float.floatToIntBits(node.embeddingAt(k)));
                    q += 4;
                }
                out.len = q;
            }
        }
        writeEdges(out, s);
        CRC32 crc = new CRC32();
        crc.update(out.buf, 0, out.len);
        out.i32((int) crc.getValue());
    }

    // u8 present [f64], into a buffer with room for the 9 bytes
    private static int optionalDouble(byte[] b, int p, @Nullable Double d) {
        if (d == null) {
            b[p] = 0;
            return p + 1;
        }
        b[p] = 1;
        I64.set(b, p + 1, Double.doubleToRawLongBits(d));
        return p + 9;
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
        Out out = writeStructuralForm(s);
        byte[] bytes = Arrays.copyOf(out.buf, out.len);
        out.release();
        return bytes;
    }

    private static Out writeStructuralForm(DagSnapshot s) {
        int n = s.size();
        int[] ids = s.idArray();
        OperatorNode[] nodes = s.nodeArray();
        Out out = Out.scratch(64 + 16L * n + 8L * s.edgeCount());
        out.bytes(STRUCTURAL_MAGIC);
        out.u8(CURRENT_VERSION);
        out.i32(n);
        for (int i = 0; i < n; i++) {
            out.i32(ids[i]);
            writeOperator(out, nodes[i].operator());
        }
        writeEdges(out, s);
        return out;
    }

    /** SHA-256 of the full form, digested straight from the scratch buffer. */
    static Fingerprint fullFingerprint(DagSnapshot s) {
        Out out = writeFull(s);
        Fingerprint f = fingerprint(out.buf, out.len);
        out.release();
        return f;
    }

    /** SHA-256 of the structural form, digested straight from the scratch buffer. */
    static Fingerprint structuralFingerprint(DagSnapshot s) {
        Out out = writeStructuralForm(s);
        Fingerprint f = fingerprint(out.buf, out.len);
        out.release();
        return f;
    }

    static Fingerprint fingerprint(byte[] bytes) {
        return fingerprint(bytes, bytes.length);
    }

    private static Fingerprint fingerprint(byte[] bytes, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, len);
            return Fingerprint.of(md.digest());
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
        out.ensure(8L * adj.length);
        byte[] b = out.buf;
        int pos = out.len;
        // each pair as one big-endian long: from in the high half, to in the low half
        if (n == 0 || ids[n - 1] == n - 1) {
            // ids 0..n-1 (the snapshot's ids ascend): an index is its id
            for (int i = 0; i < n; i++) {
                long from = (long) i << 32;
                for (int p = off[i], end = off[i + 1]; p < end; p++) {
                    I64.set(b, pos, from | adj[p]);
                    pos += 8;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                long from = (long) ids[i] << 32;
                for (int p = off[i], end = off[i + 1]; p < end; p++) {
                    I64.set(b, pos, from | ids[adj[p]]);
                    pos += 8;
                }
            }
        }
        out.len = pos;
    }

    private static void optionalInt(Out out, @Nullable Integer d) {
        if (d == null) {
            out.u8(0);
        } else {
            out.u8(1);
            out.i32(d);
        }
    }

    /*
     * The operator's encoding, tag included. Operators are immutable records, and one instance often
     * serves many nodes (the bench and plan readers share them): when op is the very instance last
     * written for its kind, its encoding is copied from there instead of encoded again, which skips
     * the switch on the kind (an indirect jump that interleaved kinds mostly mispredict) and the
     * per-field writes.
     */
    private static void writeOperator(Out out, Operator op) {
        writeOperator(out, op, tagOf(op));
    }

    private static void writeOperator(Out out, Operator op, int tag) {
        if (out.memoOp[tag] == op) {
            out.repeat(out.memoAt[tag], out.memoLen[tag]);
            return;
        }
        int at = out.len;
        encodeOperator(out, op, tag);
        out.memoOp[tag] = op;
        out.memoAt[tag] = at;
        out.memoLen[tag] = out.len - at;
    }

    /*
     * One dispatch per node: the tag and a table switch on it. A pattern switch over the 32 record
     * kinds tests them one after the other, so its cost grows with the tag; the casts below are exact
     * class checks of final classes.
     */
    private static void encodeOperator(Out out, Operator op, int tag) {
        out.u8(tag);
        switch (tag) {
            case 0 -> out.str(((Operator.SeqScan) op).table());
            case 1 -> {
                Operator.IndexScan o = (Operator.IndexScan) op;
                out.str(o.index());
                out.str(o.table());
            }
            case 2 -> {
                Operator.IndexOnlyScan o = (Operator.IndexOnlyScan) op;
                out.str(o.index());
                out.str(o.table());
            }
            case 3 -> {
                Operator.BitmapScan o = (Operator.BitmapScan) op;
                out.str(o.index());
                out.str(o.table());
            }
            case 4 -> {
                Operator.HnswScan o = (Operator.HnswScan) op;
                out.str(o.index());
                out.i32(o.efSearch());
                out.str(o.table());
                optionalInt(out, o.k());
            }
            case 5 -> {
                Operator.IvfFlatScan o = (Operator.IvfFlatScan) op;
                out.str(o.index());
                out.i32(o.nprobe());
                out.str(o.table());
                optionalInt(out, o.k());
            }
            case 6 -> out.str(((Operator.SubqueryScan) op).alias());
            case 7 -> out.str(((Operator.CteScan) op).cteName());
            case 8 -> out.u8(joinCode(((Operator.NestedLoopJoin) op).joinType()));
            case 9 -> {
                Operator.HashJoin o = (Operator.HashJoin) op;
                out.str(o.hashKey());
                out.u8(joinCode(o.joinType()));
            }
            case 10 -> {
                Operator.MergeJoin o = (Operator.MergeJoin) op;
                out.str(o.mergeKey());
                out.u8(joinCode(o.joinType()));
            }
            case 11 -> out.strs(((Operator.Aggregate) op).functions());
            case 12 -> out.strs(((Operator.GroupBy) op).keys());
            case 13 -> {
                Operator.HashAggregate o = (Operator.HashAggregate) op;
                out.strs(o.keys());
                out.strs(o.functions());
            }
            case 14 -> out.strs(((Operator.WindowAgg) op).functions());
            case 15 -> out.str(((Operator.Filter) op).predicate());
            case 16 -> out.strs(((Operator.Project) op).columns());
            case 17 -> {
                Operator.Sort o = (Operator.Sort) op;
                out.strs(o.keys());
                out.bools(o.descending());
            }
            case 18 -> {
                Operator.IncrementalSort o = (Operator.IncrementalSort) op;
                out.strs(o.keys());
                out.bools(o.descending());
            }
            case 19 -> out.i64(((Operator.Limit) op).count());
            case 20 -> out.strs(((Operator.Unique) op).keys());
            case 22 -> out.strs(((Operator.MergeAppend) op).keys());
            case 23 -> out.u8(((Operator.Union) op).all() ? 1 : 0);
            case 26 -> out.str(((Operator.VectorDistance) op).metric());
            case 27 -> out.str(((Operator.Rerank) op).model());
            case 30 -> out.i32(((Operator.Gather) op).workers());
            case 31 -> out.i32(((Operator.GatherMerge) op).workers());
            default -> {
                // Append, Intersect, Except, Materialize and Result have no fields
            }
        }
    }

    // The 32 record kinds in tag order, and an open-addressing table from a kind's class (by its
    // identity hash) to its tag: a lookup in it costs less than the megamorphic call op.tag().
    private static final Class<?>[] KINDS = {
        Operator.SeqScan.class, Operator.IndexScan.class, Operator.IndexOnlyScan.class, Operator.BitmapScan.class,
        Operator.HnswScan.class, Operator.IvfFlatScan.class, Operator.SubqueryScan.class, Operator.CteScan.class,
        Operator.NestedLoopJoin.class, Operator.HashJoin.class, Operator.MergeJoin.class, Operator.Aggregate.class,
        Operator.GroupBy.class, Operator.HashAggregate.class, Operator.WindowAgg.class, Operator.Filter.class,
        Operator.Project.class, Operator.Sort.class, Operator.IncrementalSort.class, Operator.Limit.class,
        Operator.Unique.class, Operator.Append.class, Operator.MergeAppend.class, Operator.Union.class,
        Operator.Intersect.class, Operator.Except.class, Operator.VectorDistance.class, Operator.Rerank.class,
        Operator.Materialize.class, Operator.Result.class, Operator.Gather.class, Operator.GatherMerge.class
    };
    private static final int KIND_TABLE_BITS = 8;
    private static final int KIND_MULTIPLIER = kindMultiplier();
    private static final @Nullable Class<?>[] KIND_KEYS = new Class<?>[1 << KIND_TABLE_BITS];
    private static final byte[] KIND_TAGS = new byte[1 << KIND_TABLE_BITS];

    static {
        for (int t = 0; t < KINDS.length; t++) {
            int i = kindSlot(KINDS[t]);
            while (KIND_KEYS[i] != null) {
                i = (i + 1) & (KIND_KEYS.length - 1);
            }
            KIND_KEYS[i] = KINDS[t];
            KIND_TAGS[i] = (byte) t;
        }
    }

    private static int kindSlot(Class<?> c) {
        return kindSlot(c, KIND_MULTIPLIER);
    }

    private static int kindSlot(Class<?> c, int multiplier) {
        return (System.identityHashCode(c) * multiplier) >>> (32 - KIND_TABLE_BITS);
    }

    /*
     * A multiplier under which the 32 kinds, by this run's identity hashes, fall into 32 different
     * slots if one of the candidates achieves it (about one in seven does), else the one with the
     * fewest collisions: every lookup then ends at its first probe, a branch that never
     * mispredicts. Linear probing keeps the table right in every case.
     */
    static int kindMultiplier() {
        int best = 0x9E3779B9;
        int bestCollisions = Integer.MAX_VALUE;
        int candidate = 0x9E3779B9;
        for (int attempt = 0; attempt < 256 && bestCollisions > 0; attempt++) {
            boolean[] taken = new boolean[1 << KIND_TABLE_BITS];
            int collisions = 0;
            for (Class<?> k : KINDS) {
                int slot = kindSlot(k, candidate);
                if (taken[slot]) {
                    collisions++;
                }
                taken[slot] = true;
            }
            if (collisions < bestCollisions) {
                best = candidate;
                bestCollisions = collisions;
            }
            candidate = (candidate * 0x2C9277B5 + 0xAC564B05) | 1;
        }
        return best;
    }

    /** {@code op.tag()}, looked up by class. */
    static int tagOf(Operator op) {
        Class<?> c = op.getClass();
        for (int i = kindSlot(c); ; i = (i + 1) & (KIND_KEYS.length - 1)) {
            Class<?> k = KIND_KEYS[i];
            if (k == c) {
                return KIND_TAGS[i];
            }
            if (k == null) {
                return op.tag();
            }
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

    /*
     * A growable output buffer with the writers' operator memos. The writers take it from a
     * per-thread scratch Out and give it back when done, so a repeated write allocates only its
     * result; an Out whose buffer grew past SCRATCH_KEEP_BYTES is dropped instead of kept. Nothing
     * the writers call can re-enter them, so one scratch Out per thread is enough (a nested use
     * would only allocate a fresh one).
     */
    private static final int SCRATCH_KEEP_BYTES = 1 << 20;

    private static final ThreadLocal<@Nullable Out> SCRATCH = new ThreadLocal<>();

    // The full writer's operator memo by instance: SEEN_SLOTS slots, indexed by the identity hash.
    private static final int SEEN_BITS = 8;
    private static final int SEEN_SLOTS = 1 << SEEN_BITS;

    /*
     * The slot of op in the writer's memo by instance: the identity hash, which the JIT reads from
     * the object header, mixed (its low bits alone are not spread well) and cut to SEEN_BITS bits.
     */
    static int seenSlot(Operator op) {
        return (System.identityHashCode(op) * 0x9E3779B9) >>> (32 - SEEN_BITS);
    }

    private static final class Out {
        byte[] buf;
        int len;
        // per kind: the operator instance last encoded into buf, and where its encoding lies
        final @Nullable Operator[] memoOp = new Operator[Operator.KIND_COUNT];
        final int[] memoAt = new int[Operator.KIND_COUNT];
        final int[] memoLen = new int[Operator.KIND_COUNT];
        // the same by instance, for the full writer: the operator last encoded whose identity hash
        // falls in a slot, so that a repeated instance is found without looking up its kind (a
        // collision only costs the other instance the lookup and the memo by kind)
        final @Nullable Operator[] seenOp = new Operator[SEEN_SLOTS];
        final int[] seenAt = new int[SEEN_SLOTS];
        final int[] seenLen = new int[SEEN_SLOTS];

        private Out(byte[] buf) {
            this.buf = buf;
        }

        // The thread's scratch Out (buffer and memo arrays), taken until release(); a fresh one
        // when there is none (first use, or a nested use while the thread's own is taken).
        static Out scratch(long expected) {
            Out o = SCRATCH.get();
            if (o == null) {
                return new Out(new byte[(int) Math.min(Math.max(expected, 256), SCRATCH_KEEP_BYTES)]);
            }
            SCRATCH.set(null);
            return o;
        }

        // Forgets this write (the memo holds no operator past it) and hands the Out back to the
        // thread, unless its buffer grew past SCRATCH_KEEP_BYTES.
        void release() {
            len = 0;
            Arrays.fill(memoOp, null);
            Arrays.fill(seenOp, null);
            if (buf.length <= SCRATCH_KEEP_BYTES) {
                SCRATCH.set(this);
            }
        }

        void ensure(long extra) {
            long need = len + extra;
            if (need > buf.length) {
                grow(need);
            }
        }

        private void grow(long need) {
            if (need > Integer.MAX_VALUE - 16) {
                throw new DagException(
                        DagException.Kind.SERIALIZATION,
                        "binary DAG: the DAG needs more than " + (Integer.MAX_VALUE - 16)
                                + " bytes, too many for one array");
            }
            buf = Arrays.copyOf(buf, (int) Math.min(Math.max(2L * buf.length, need), Integer.MAX_VALUE - 16));
        }

        /*
         * Appends a copy of buf[at, at + n), which lies before len, in eight-byte words, at least
         * two. The words may carry up to 15 bytes past the copy into buf beyond the new len, where
         * the next writes land anyway (what lies beyond len is never output); the source bytes that
         * matter all lie below the destination, so no store overwrites one before it is read.
         */
        void repeat(int at, int n) {
            ensure(n + 16L);
            byte[] b = buf;
            int p = len;
            // two words whatever n is, when that is enough: no loop exit for mixed kinds to mispredict
            I64.set(b, p, (long) I64.get(b, at));
            I64.set(b, p + 8, (long) I64.get(b, at + 8));
            for (int k = 16; k < n; k += 8) {
                I64.set(b, p + k, (long) I64.get(b, at + k));
            }
            len = p + n;
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

        // UTF-8, except that an unpaired surrogate is written as its own 3-byte sequence (WTF-8),
        // so every Java string survives the round trip; see the class comment.
        void str(String s) {
            int n = s.length();
            if (n == 0) {
                i32(0);
                return;
            }
            if (len + 4 + 3L * n > buf.length) {
                ensure(strSize(s));
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
        // exactly n long: the canonical path hands them to the DAG, whose snapshot shares them
        int[] ids = new int[n];
        // the payloads in columns (QueryDag.ofCanonical): a node without optional values is
        // only its operator and estimates here, and its record is built on first read
        @Nullable OperatorNode @Nullable [] nodes = null;
        // the distinct operators decoded, and per node the index of its own: ints, so the loop
        // stores no references (no GC write barrier per node)
        Operator[] table = new Operator[16];
        int tableSize = 0;
        int[] opIndex = new int[n];
        double[] rowCol = new double[n];
        double[] costCol = new double[n];
        // ids that arrive strictly ascending (as written) are distinct without a lookup; the first
        // out-of-order id switches to a set of the ids seen so far
        IntIntMap seen = null;
        int prev = -1;
        int embeddingDim = -1;
        int embedded = 0;
        // The last operator read of each kind, with the offset and length of its encoding (tag
        // included). The encoding is prefix-free and the decoder deterministic, so bytes equal to a
        // decoded encoding decode to an equal operator, of that length: the immutable instance is
        // shared instead of decoded again. A compare stops at the first differing byte, which the
        // decoder would read too, so the cache at most doubles the work on a miss.
        int[] memo = new int[Operator.KIND_COUNT];
        int[] memoAt = new int[Operator.KIND_COUNT];
        int[] memoLen = new int[Operator.KIND_COUNT];
        // per kind, the masks of the encoding's first 16 bytes in two native-order words
        long[] memoMask = new long[2 * Operator.KIND_COUNT];
        int wordEnd = bytes.length - 16;
        // the read position lives in a local through the common case (a repeated operator, no
        // optional values) and goes through in.pos only around the general reads, so the loop does
        // not store and reload a field per value
        int pos = in.pos;
        for (int k = 0; k < n; k++) {
            if (seen == null) {
                // the run of common nodes from k on, in a loop of its own (few live values), up
                // to the first node it does not take, which the general code below reads
                long run = commonNodes(
                        bytes, pos, end, wordEnd, k, n, prev, ids, opIndex, rowCol, costCol, memo, memoAt, memoLen,
                        memoMask);
                int next = (int) (run >>> 32);
                if (next > k) {
                    k = next;
                    pos = (int) run;
                    prev = ids[k - 1];
                    if (k == n) {
                        break;
                    }
                }
            }
            if (end - pos < 4) {
                throw fail("truncated at byte " + pos);
            }
            int id = (int) I32.get(bytes, pos);
            int at = pos + 4;
            int tag = at < end ? bytes[at] & 0xFF : -1;
            int oi;
            if (tag >= 0
                    && tag < Operator.KIND_COUNT
                    && memoLen[tag] != 0
                    && end - at >= memoLen[tag]
                    && (at <= wordEnd
                            ? sameEncoding(
                                    bytes, at, memoAt[tag], memoLen[tag], memoMask[2 * tag], memoMask[2 * tag + 1])
                            : sameBytes(bytes, at, memoAt[tag], memoLen[tag]))) {
                oi = memo[tag];
                pos = at + memoLen[tag];
            } else {
                in.pos = at;
                Operator op = readOperator(in);
                pos = in.pos;
                int len = pos - at;
                if (tableSize == table.length) {
                    table = Arrays.copyOf(table, 2 * tableSize);
                }
                oi = tableSize++;
                table[oi] = op;
                memo[tag] = oi;
                memoAt[tag] = at;
                memoLen[tag] = len;
                // the first min(len, 16) bytes of two native-order words (len >= 1, the tag)
                memoMask[2 * tag] = wordMask(Math.min(len, 8));
                memoMask[2 * tag + 1] = len <= 8 ? 0L : wordMask(Math.min(len - 8, 8));
            }
            float[] emb = null;
            if (end - pos >= 21
                    && (int) I32.get(bytes, pos + 16) == 0
                    && bytes[pos + 20] == 0
                    && plainEstimate((long) I64.get(bytes, pos))
                    && plainEstimate((long) I64.get(bytes, pos + 8))) {
                // no optional values, with one bounds check: the two estimates, then five zero
                // flag bytes (no actuals, start, selectivity or embedding); the record is built on
                // first read. Anything else, bad estimates too, goes through the constructor.
                opIndex[k] = oi;
                rowCol[k] = Double.longBitsToDouble((long) I64.get(bytes, pos));
                costCol[k] = Double.longBitsToDouble((long) I64.get(bytes, pos + 8));
                pos += 21;
            } else {
                OperatorNode node;
                in.pos = pos;
                double rows = in.f64();
                double cost = in.f64();
                Double actualRows = in.optionalDouble();
                Double actualTime = in.optionalDouble();
                Double start = in.optionalDouble();
                Double sel = in.optionalDouble();
                if (in.flag()) {
                    int dim = in.count("embedding dimension", DagLimits.MAX_EMBEDDING_DIMENSION, 4);
                    emb = new float[dim];
                    for (int d = 0; d < dim; d++) {
                        emb[d] = in.f32();
                    }
                }
                pos = in.pos;
                try {
                    node = new OperatorNode(table[oi], rows, cost, actualRows, actualTime, start, sel, emb);
                } catch (IllegalArgumentException e) {
                    throw fail("node " + id + ": " + e.getMessage(), e);
                }
                if (nodes == null) {
                    nodes = new OperatorNode[n];
                }
                nodes[k] = node;
                opIndex[k] = oi;
                rowCol[k] = node.estimatedRows();
                costCol[k] = node.estimatedCost();
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
                embedded++;
            }
            ids[k] = id;
        }
        in.pos = pos;
        int m = in.count("edge count", DagLimits.MAX_EDGES, 8);
        if (seen == null) {
            QueryDag dag = canonicalEdges(
                    bytes, in.pos, end, ids, nodes, table, opIndex, rowCol, costCol, n, embedded, embeddingDim, m);
            if (dag != null) {
                return dag;
            }
        }
        int[] from = new int[m];
        int[] to = new int[m];
        in.pairs(from, to, m);
        QueryDag dag = QueryDag.ofNodes(
                ids,
                new PayloadColumns(table, opIndex, rowCol, costCol).fill(nodes == null ? new OperatorNode[n] : nodes),
                n,
                m);
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

    /*
     * The common nodes of a canonical encoding from node k at pos on: ids above prev (ascending), an
     * operator of at most 16 bytes equal to the last one decoded of its kind (memo, see read), valid
     * estimates and no optional values. Each is stored as read does; the loop stops at the first
     * node that is not common, or is truncated or invalid, which read then decodes in full (and
     * reports). Returns the next node's index and position as (k << 32) | pos.
     */
    private static long commonNodes(
            byte[] b,
            int pos,
            int end,
            int wordEnd,
            int k,
            int n,
            int prev,
            int[] ids,
            int[] opIndex,
            double[] rows,
            double[] cost,
            int[] memo,
            int[] memoAt,
            int[] memoLen,
            long[] memoMask) {
        int p = pos;
        int last = prev;
        int i = k;
        for (; i < n; i++) {
            int at = p + 4;
            if (at > wordEnd) {
                break;
            }
            int id = (int) I32.get(b, p);
            int tag = b[at] & 0xFF;
            if (id <= last || id == Integer.MAX_VALUE || tag >= Operator.KIND_COUNT) {
                break;
            }
            int len = memoLen[tag];
            if (len == 0 || len > 16) {
                break;
            }
            int from = memoAt[tag];
            long d0 = ((long) W64.get(b, at) ^ (long) W64.get(b, from)) & memoMask[2 * tag];
            long d1 = ((long) W64.get(b, at + 8) ^ (long) W64.get(b, from + 8)) & memoMask[2 * tag + 1];
            int q = at + len;
            // q + 21 <= end also bounds the operator's bytes (at + len <= end); the five flag bytes
            // q + 16 .. q + 20 are the low five of the big-endian word at q + 13
            if ((d0 | d1) != 0 || end - q < 21 || ((long) I64.get(b, q + 13) & 0xFF_FFFF_FFFFL) != 0) {
                break;
            }
            long rb = (long) I64.get(b, q);
            long cb = (long) I64.get(b, q + 8);
            if (!plainEstimate(rb) || !plainEstimate(cb)) {
                break;
            }
            ids[i] = id;
            opIndex[i] = memo[tag];
            rows[i] = Double.longBitsToDouble(rb);
            cost[i] = Double.longBitsToDouble(cb);
            last = id;
            p = q + 21;
        }
        return ((long) i << 32) | p;
    }

    /*
     * An estimate OperatorNode's constructor keeps as it is: finite, >= 0 and not -0.0 (which it
     * turns into +0.0), so the sign bit is clear and the exponent below that of infinity and NaN.
     */
    private static boolean plainEstimate(long bits) {
        return (bits >>> 52) < 0x7FF;
    }

    /*
     * The edges of a canonical encoding, whose node ids came strictly ascending: the m pairs at p,
     * which count() has checked are there, decoded straight into out-lists (CSR) over the node
     * indices. When they are strictly ascending by (from, to) and name two different nodes each,
     * nothing can repeat, and the DAG adopts the arrays in compact form; otherwise null (the arrays
     * are dropped, nothing else was touched), and the general path reads the edges again and
     * reports the first bad one.
     */
    private static @Nullable QueryDag canonicalEdges(
            byte[] b,
            int p,
            int end,
            int[] ids,
            @Nullable OperatorNode @Nullable [] nodes,
            Operator[] table,
            int[] opIndex,
            double[] rows,
            double[] cost,
            int n,
            int embedded,
            int dim,
            int m) {
        int[] off = new int[n + 1];
        int[] adj = new int[m];
        boolean dense = n == 0 || ids[n - 1] == n - 1;
        // (from << 32) | to of the previous edge; every valid pair is above -1 (from >= 0)
        long prev = -1;
        // index order is a topological order when every edge goes to a higher index
        boolean ordered = true;
        int q = p;
        for (int k = 0; k < m; k++, q += 8) {
            // the big-endian pair read as one long is the (from << 32) | to key
            long key = (long) I64.get(b, q);
            int f = (int) (key >>> 32);
            int t = (int) key;
            if (dense) {
                // ascending ids 0..n-1: index == id, valid when in [0, n)
                if (Integer.compareUnsigned(f, n) >= 0 || Integer.compareUnsigned(t, n) >= 0) {
                    return null;
                }
            } else {
                f = Arrays.binarySearch(ids, 0, n, f);
                t = Arrays.binarySearch(ids, 0, n, t);
                if (f < 0 || t < 0) {
                    return null;
                }
            }
            if (f == t || key <= prev) {
                return null;
            }
            prev = key;
            // the sources ascend: the last edge out of f leaves the end of its row here
            off[f + 1] = k + 1;
            adj[k] = t;
            ordered &= f < t;
        }
        // a row without edges ends where the one before it does (its entry is still 0)
        int rowEnd = 0;
        for (int i = 1; i <= n; i++) {
            rowEnd = Math.max(rowEnd, off[i]);
            off[i] = rowEnd;
        }
        if (q != end) {
            throw fail((end - q) + " unexpected trailing bytes");
        }
        try {
            return QueryDag.ofCanonical(
                    ids, nodes, new PayloadColumns(table, opIndex, rows, cost), off, adj, embedded, dim, ordered);
        } catch (DagException e) {
            throw fail(e.getMessage() == null ? "cycle" : e.getMessage(), e);
        }
    }

    /*
     * b[i, i + len) equals b[j, j + len), for j < i <= b.length - 16: the first 16 bytes as two
     * masked words whatever len is (no loop exit that depends on the kind, so nothing for
     * interleaved kinds to mispredict), the rest, if any, by sameBytes.
     */
    private static boolean sameEncoding(byte[] b, int i, int j, int len, long mask0, long mask1) {
        long d0 = ((long) W64.get(b, i) ^ (long) W64.get(b, j)) & mask0;
        long d1 = ((long) W64.get(b, i + 8) ^ (long) W64.get(b, j + 8)) & mask1;
        return (d0 | d1) == 0 && (len <= 16 || sameBytes(b, i + 16, j + 16, len - 16));
    }

    // the mask of the first k bytes (1 <= k <= 8) of a word read in native order
    private static long wordMask(int k) {
        long low = k == 8 ? -1L : (1L << (8 * k)) - 1;
        return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? low : Long.reverseBytes(low);
    }

    // b[i, i + len) equals b[j, j + len); both ranges lie inside b. Encodings are mostly a few
    // bytes, for which eight-byte words beat the general Arrays.equals.
    private static boolean sameBytes(byte[] b, int i, int j, int len) {
        int k = 0;
        for (; k + 8 <= len; k += 8) {
            if ((long) W64.get(b, i + k) != (long) W64.get(b, j + k)) {
                return false;
            }
        }
        for (; k < len; k++) {
            if (b[i + k] != b[j + k]) {
                return false;
            }
        }
        return true;
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
