package io.neuraldag.core;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * An independent writer of the binary DAG format of spec 01 §2.9, built on {@link
 * DataOutputStream} (big-endian by definition) straight from the spec text, for golden tests and
 * for crafting malformed inputs. It writes exactly what it is told, valid or not.
 */
final class HandEncoder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    HandEncoder raw(int... unsignedBytes) {
        for (int b : unsignedBytes) {
            u8(b);
        }
        return this;
    }

    HandEncoder u8(int v) {
        try {
            out.writeByte(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    HandEncoder i32(int v) {
        try {
            out.writeInt(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    HandEncoder i64(long v) {
        try {
            out.writeLong(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    HandEncoder f64(double v) {
        try {
            out.writeDouble(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    HandEncoder f32(float v) {
        try {
            out.writeFloat(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * String = int byte length + UTF-8 by code point; String.codePoints() yields an unpaired
     * surrogate as its own code point, which takes the 3-byte form (WTF-8), as the format specifies.
     */
    HandEncoder str(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        s.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                b.write(cp);
            } else if (cp < 0x800) {
                b.write(0xC0 | (cp >> 6));
                b.write(0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                b.write(0xE0 | (cp >> 12));
                b.write(0x80 | ((cp >> 6) & 0x3F));
                b.write(0x80 | (cp & 0x3F));
            } else {
                b.write(0xF0 | (cp >> 18));
                b.write(0x80 | ((cp >> 12) & 0x3F));
                b.write(0x80 | ((cp >> 6) & 0x3F));
                b.write(0x80 | (cp & 0x3F));
            }
        });
        i32(b.size());
        bytes.writeBytes(b.toByteArray());
        return this;
    }

    /** List = int count + items. */
    HandEncoder strs(List<String> list) {
        i32(list.size());
        for (String s : list) {
            str(s);
        }
        return this;
    }

    HandEncoder bools(List<Boolean> list) {
        i32(list.size());
        for (boolean b : list) {
            u8(b ? 1 : 0);
        }
        return this;
    }

    /** Header: magic "RVDG", version byte, node count. */
    HandEncoder header(int version, int nodeCount) {
        return raw('R', 'V', 'D', 'G').u8(version).i32(nodeCount);
    }

    /** Optional = presence byte, then the value. */
    HandEncoder optional(@Nullable Double d) {
        if (d == null) {
            return u8(0);
        }
        return u8(1).f64(d);
    }

    /** A whole node record: id, tag, fields, estimates, optionals, embedding. */
    HandEncoder node(int id, Operator op, OperatorNode n) {
        i32(id);
        operator(op);
        f64(n.estimatedRows()).f64(n.estimatedCost());
        optional(n.actualRows())
                .optional(n.actualTimeMs())
                .optional(n.startTimeMs())
                .optional(n.selectivity());
        float[] e = n.embedding();
        if (e == null) {
            u8(0);
        } else {
            u8(1).i32(e.length);
            for (float f : e) {
                f32(f);
            }
        }
        return this;
    }

    /** Tag byte then the variant's fields in declared order (enum = ordinal byte). */
    HandEncoder operator(Operator op) {
        u8(op.tag());
        switch (op) {
            case Operator.SeqScan o -> str(o.table());
            case Operator.IndexScan o -> str(o.index()).str(o.table());
            case Operator.IndexOnlyScan o -> str(o.index()).str(o.table());
            case Operator.BitmapScan o -> str(o.index()).str(o.table());
            case Operator.HnswScan o ->
                str(o.index()).i32(o.efSearch()).str(o.table()).optionalInt(o.k());
            case Operator.IvfFlatScan o ->
                str(o.index()).i32(o.nprobe()).str(o.table()).optionalInt(o.k());
            case Operator.SubqueryScan o -> str(o.alias());
            case Operator.CteScan o -> str(o.cteName());
            case Operator.NestedLoopJoin o -> u8(join(o.joinType()));
            case Operator.HashJoin o -> str(o.hashKey()).u8(join(o.joinType()));
            case Operator.MergeJoin o -> str(o.mergeKey()).u8(join(o.joinType()));
            case Operator.Aggregate o -> strs(o.functions());
            case Operator.GroupBy o -> strs(o.keys());
            case Operator.HashAggregate o -> strs(o.keys()).strs(o.functions());
            case Operator.WindowAgg o -> strs(o.functions());
            case Operator.Filter o -> str(o.predicate());
            case Operator.Project o -> strs(o.columns());
            case Operator.Sort o -> strs(o.keys()).bools(o.descending());
            case Operator.IncrementalSort o -> strs(o.keys()).bools(o.descending());
            case Operator.Limit o -> i64(o.count());
            case Operator.Unique o -> strs(o.keys());
            case Operator.Append o -> {}
            case Operator.MergeAppend o -> strs(o.keys());
            case Operator.Union o -> u8(o.all() ? 1 : 0);
            case Operator.Intersect o -> {}
            case Operator.Except o -> {}
            case Operator.VectorDistance o -> str(o.metric());
            case Operator.Rerank o -> str(o.model());
            case Operator.Materialize o -> {}
            case Operator.Result o -> {}
            case Operator.Gather o -> i32(o.workers());
            case Operator.GatherMerge o -> i32(o.workers());
        }
        return this;
    }

    // spec 01 §1.3 lists the join types in this order; the byte is the position in that list
    private static final List<String> JOIN_ORDER = List.of("INNER", "LEFT", "RIGHT", "FULL", "SEMI", "ANTI");

    private static int join(JoinType t) {
        return JOIN_ORDER.indexOf(t.name());
    }

    HandEncoder optionalInt(@Nullable Integer v) {
        return v == null ? u8(0) : u8(1).i32(v);
    }

    HandEncoder edges(int[][] edges) {
        i32(edges.length);
        for (int[] e : edges) {
            i32(e[0]).i32(e[1]);
        }
        return this;
    }

    /** The bytes so far, without a trailer. */
    byte[] body() {
        return bytes.toByteArray();
    }

    /** The bytes so far followed by their CRC32 as a big-endian int. */
    byte[] withCrc() {
        byte[] body = body();
        return withCrc(body);
    }

    static byte[] withCrc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] all = Arrays.copyOf(body, body.length + 4);
        int c = (int) crc.getValue();
        all[body.length] = (byte) (c >>> 24);
        all[body.length + 1] = (byte) (c >>> 16);
        all[body.length + 2] = (byte) (c >>> 8);
        all[body.length + 3] = (byte) c;
        return all;
    }

    static byte[] sha256First16(byte[] data) {
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(data), 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
