package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The binary writer (one pass into a reused scratch buffer, kinds looked up by class) and the
 * reader (operators shared when their bytes repeat, edges linked in an ascending fast path) against
 * a slow reference encoder written from the format comment of {@code DagBinary}: byte-for-byte
 * equal output, fingerprints over the same bytes, and round trips, on seeded random DAGs with
 * hostile strings (lone surrogates, astral characters, NUL, long multi-byte runs).
 */
class BinaryWriterDifferentialTest {

    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void writerMatchesTheReferenceEncoder(int seed) {
        QueryDag dag = hostileDag(new SplittableRandom(seed));
        byte[] expected = Reference.full(dag);
        assertThat(dag.toBytes()).isEqualTo(expected);
        assertThat(dag.toBytes())
                .as("a second write from the reused scratch buffer")
                .isEqualTo(expected);
        assertThat(dag.fullFingerprint().toBytes()).isEqualTo(HandEncoder.sha256First16(expected));
        assertThat(dag.structuralFingerprint().toBytes())
                .isEqualTo(HandEncoder.sha256First16(Reference.structural(dag)));
        assertThat(DagBinary.writeStructural(dag.snapshot())).isEqualTo(Reference.structural(dag));

        QueryDag back = QueryDag.fromBytes(expected);
        assertThat(back).isEqualTo(dag);
        assertThat(back.nodeIds()).isEqualTo(dag.nodeIds());
        for (int id : dag.nodeIds()) {
            assertThat(back.node(id)).isEqualTo(dag.node(id));
        }
        assertThat(back.toBytes()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void tagLookupAgreesWithTag(int seed) {
        Operator op = FuzzCorpus.operator(new SplittableRandom(seed));
        assertThat(DagBinary.tagOf(op)).isEqualTo(op.tag());
    }

    @Test
    void repeatedAndNearlyRepeatedOperatorsDecodeToTheirOwnValues() {
        // same kind, same length prefix, bytes that differ late; and a longer encoding after a
        // shorter one of the same kind, so a stale cache entry would be a prefix of the new bytes
        List<Operator> ops = List.of(
                new Operator.SeqScan("users"),
                new Operator.SeqScan("users"),
                new Operator.SeqScan("userz"),
                new Operator.SeqScan("users"),
                new Operator.SeqScan("users_archive"),
                new Operator.SeqScan("users"),
                new Operator.SeqScan(""),
                new Operator.Sort(List.of("a", "b"), List.of(true, false)),
                new Operator.Sort(List.of("a", "b"), List.of(true, true)),
                new Operator.Sort(List.of("a"), List.of(true)),
                new Operator.HnswScan("idx", 40, "t", null),
                new Operator.HnswScan("idx", 40, "t", 5),
                new Operator.HnswScan("idx", 41, "t", 5),
                new Operator.Result(),
                new Operator.Result());
        QueryDag dag = new QueryDag();
        for (int i = 0; i < ops.size(); i++) {
            dag.addNode(i, OperatorNode.of(ops.get(i), i, i));
        }
        QueryDag back = QueryDag.fromBytes(dag.toBytes());
        for (int i = 0; i < ops.size(); i++) {
            assertThat(back.node(i).operator()).as("node %d", i).isEqualTo(ops.get(i));
        }
        // the reader keeps the last operator of each kind: a repeat right after it is shared
        assertThat(back.node(1).operator()).isSameAs(back.node(0).operator());
        assertThat(back.node(14).operator()).isSameAs(back.node(13).operator());
        assertThat(back.node(3).operator()).isNotSameAs(back.node(2).operator());
    }

    @Test
    void aTruncatedRepeatOfAnOperatorIsRejected() {
        // the second node's SeqScan("users") is cut inside its string: the bytes left are fewer than
        // the first node's encoding, and the CRC is valid, so only the length check stands in the way
        byte[] body = new HandEncoder()
                .header(1, 2)
                .i32(0)
                .u8(0)
                .str("users")
                .f64(0)
                .f64(0)
                .raw(0, 0, 0, 0, 0)
                .i32(1)
                .u8(0)
                .i32(5)
                .raw('u', 's')
                .body();
        assertThatThrownBy(() -> QueryDag.fromBytes(HandEncoder.withCrc(body)))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION))
                .hasMessageContaining("binary DAG");
    }

    @Test
    void edgesAfterAnAscendingPrefixAreStillChecked() {
        assertRejected(new int[][] {{0, 1}, {0, 2}, {1, 2}, {0, 2}}, "edge 0->2 is a duplicate");
        assertRejected(new int[][] {{0, 1}, {1, 2}, {1, 9}}, "edge 1->9 names a missing node");
        assertRejected(new int[][] {{0, 1}, {2, 2}}, "edge 2->2 is a duplicate or a self-loop");
        assertRejected(new int[][] {{0, 2}, {1, 2}, {0, 1}, {2, 1}}, "cycle");
        // out of order but valid: the general loop takes over and checks for repeats
        QueryDag d = QueryDag.fromBytes(results(3, new int[][] {{0, 2}, {1, 2}, {0, 1}}));
        assertThat(d.edges()).containsExactlyInAnyOrder(new Edge(0, 1), new Edge(0, 2), new Edge(1, 2));
        assertThat(d.topologicalSort()).containsExactly(0, 1, 2);
        d.addNode(3, new Operator.Result());
        d.addEdge(2, 3);
        assertThat(d.edgeCount()).isEqualTo(4);
    }

    @Test
    void embeddingDimensionIsTrackedAfterABulkRead() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.Result()).withEmbedding(new float[] {1, 2, 3}));
        dag.addNode(1, OperatorNode.of(new Operator.Result()));
        QueryDag back = QueryDag.fromBytes(dag.toBytes());
        assertThatThrownBy(() ->
                        back.addNode(2, OperatorNode.of(new Operator.Result()).withEmbedding(new float[2])))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.INVALID_OPERATION));
        back.addNode(2, OperatorNode.of(new Operator.Result()).withEmbedding(new float[3]));
        assertThat(back.nodeCount()).isEqualTo(3);

        QueryDag plain = QueryDag.fromBytes(new QueryDag().toBytes());
        plain.addNode(0, OperatorNode.of(new Operator.Result()).withEmbedding(new float[7]));
        assertThat(plain.node(0).embeddingDimension()).isEqualTo(7);
    }

    @Test
    void outputsLargerThanTheKeptScratchBufferAreExact() {
        // 2.5 MiB of embeddings and a 300 KB string: both grow the buffer past what is kept
        QueryDag big = new QueryDag();
        float[] emb = new float[65_536];
        Arrays.fill(emb, 0.5f);
        for (int i = 0; i < 10; i++) {
            big.addNode(i, OperatorNode.of(new Operator.Result()).withEmbedding(emb));
        }
        big.addNode(10, OperatorNode.of(new Operator.Filter("\u20AC".repeat(100_000))));
        big.addEdge(0, 10);
        QueryDag small = FuzzCorpus.dag(new SplittableRandom(7), 20);
        byte[] smallBefore = small.toBytes();
        assertThat(big.toBytes()).isEqualTo(Reference.full(big));
        assertThat(small.toBytes()).isEqualTo(smallBefore).isEqualTo(Reference.full(small));
        assertThat(QueryDag.fromBytes(big.toBytes())).isEqualTo(big);
    }

    private static void assertRejected(int[][] edges, String message) {
        assertThatThrownBy(() -> QueryDag.fromBytes(results(3, edges)))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION))
                .hasMessageContaining(message);
    }

    private static byte[] results(int n, int[][] edges) {
        HandEncoder e = new HandEncoder().header(1, n);
        for (int i = 0; i < n; i++) {
            BinaryFormatTest.result(e, i);
        }
        return e.edges(edges).withCrc();
    }

    private static final String[] HOSTILE = {
        "\uD800",
        "\uDFFF",
        "a\uDBFF",
        "\uDC00b",
        "\uD83D\uDE00",
        "\uDBFF\uDFFF",
        "\u0000",
        "\u007F",
        "\u0080",
        "\u07FF",
        "\u0800",
        "\uFFFF",
        "\uD800\uD800",
        "\uDC00\uD800",
        "\"\\/\n",
        "x".repeat(300)
    };

    private static String hostileWord(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> HOSTILE[r.nextInt(HOSTILE.length)];
            case 1 -> {
                StringBuilder sb = new StringBuilder();
                for (int i = r.nextInt(40); i > 0; i--) {
                    sb.append((char) r.nextInt(0x10000));
                }
                yield sb.toString();
            }
            default -> FuzzCorpus.word(r);
        };
    }

    private static List<String> hostileWords(SplittableRandom r) {
        List<String> l = new ArrayList<>();
        for (int i = r.nextInt(5); i > 0; i--) {
            l.add(hostileWord(r));
        }
        return l;
    }

    // FuzzCorpus's DAG with its string fields replaced by hostile ones on half of the nodes, and
    // every operator of some nodes repeated, so the reader's cache sees hits and near misses
    private static QueryDag hostileDag(SplittableRandom r) {
        QueryDag base = FuzzCorpus.dag(r, 40);
        QueryDag dag = new QueryDag();
        Operator previous = new Operator.Result();
        for (int id : base.nodeIds()) {
            OperatorNode node = base.node(id);
            Operator op = switch (r.nextInt(3)) {
                case 0 -> hostile(node.operator(), r);
                case 1 -> previous;
                default -> node.operator();
            };
            previous = op;
            dag.addNode(id, node.withOperator(op));
        }
        for (Edge e : base.edges()) {
            dag.addEdge(e.from(), e.to());
        }
        return dag;
    }

    private static Operator hostile(Operator op, SplittableRandom r) {
        return switch (op) {
            case Operator.SeqScan o -> new Operator.SeqScan(hostileWord(r));
            case Operator.IndexScan o -> new Operator.IndexScan(hostileWord(r), hostileWord(r));
            case Operator.HnswScan o -> new Operator.HnswScan(hostileWord(r), o.efSearch(), hostileWord(r), o.k());
            case Operator.IvfFlatScan o -> new Operator.IvfFlatScan(hostileWord(r), o.nprobe(), hostileWord(r), o.k());
            case Operator.HashJoin o -> new Operator.HashJoin(hostileWord(r), o.joinType());
            case Operator.Filter o -> new Operator.Filter(hostileWord(r));
            case Operator.Project o -> new Operator.Project(hostileWords(r));
            case Operator.HashAggregate o -> new Operator.HashAggregate(hostileWords(r), hostileWords(r));
            case Operator.Sort o -> {
                List<String> keys = hostileWords(r);
                yield new Operator.Sort(keys, FuzzCorpus.flags(r, keys.size()));
            }
            case Operator.Rerank o -> new Operator.Rerank(hostileWord(r));
            default -> op;
        };
    }

    /** The format written the slow way: DataOutputStream, code points, a type switch. */
    static final class Reference {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        static byte[] full(QueryDag dag) {
            Reference w = new Reference();
            int[] ids = dag.nodeIds();
            Arrays.sort(ids);
            w.raw('R', 'V', 'D', 'G').u8(1).i32(ids.length);
            for (int id : ids) {
                OperatorNode n = dag.node(id);
                w.i32(id).operator(n.operator()).f64(n.estimatedRows()).f64(n.estimatedCost());
                w.optional(n.actualRows()).optional(n.actualTimeMs()).optional(n.startTimeMs());
                w.optional(n.selectivity());
                float[] e = n.embedding();
                if (e == null) {
                    w.u8(0);
                } else {
                    w.u8(1).i32(e.length);
                    for (float f : e) {
                        w.i32(Float.floatToIntBits(f));
                    }
                }
            }
            w.edges(dag);
            return HandEncoder.withCrc(w.bytes.toByteArray());
        }

        static byte[] structural(QueryDag dag) {
            Reference w = new Reference();
            int[] ids = dag.nodeIds();
            Arrays.sort(ids);
            w.raw('R', 'V', 'D', 'S').u8(1).i32(ids.length);
            for (int id : ids) {
                w.i32(id).operator(dag.node(id).operator());
            }
            w.edges(dag);
            return w.bytes.toByteArray();
        }

        private void edges(QueryDag dag) {
            List<Edge> edges = new ArrayList<>(dag.edges());
            edges.sort((a, b) ->
                    a.from() != b.from() ? Integer.compare(a.from(), b.from()) : Integer.compare(a.to(), b.to()));
            i32(edges.size());
            for (Edge e : edges) {
                i32(e.from()).i32(e.to());
            }
        }

        private Reference raw(int... b) {
            for (int x : b) {
                u8(x);
            }
            return this;
        }

        private Reference u8(int v) {
            bytes.write(v);
            return this;
        }

        private Reference i32(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private Reference i64(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private Reference f64(double v) {
            return i64(Double.doubleToLongBits(v));
        }

        private Reference optional(@Nullable Double d) {
            return d == null ? u8(0) : u8(1).f64(d);
        }

        private Reference optionalInt(@Nullable Integer v) {
            return v == null ? u8(0) : u8(1).i32(v);
        }

        // UTF-8 by code point; String.codePoints() yields an unpaired surrogate as its own code
        // point, which then takes the 3-byte form (WTF-8), as the format specifies
        private Reference str(String s) {
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

        private Reference strs(List<String> l) {
            i32(l.size());
            l.forEach(this::str);
            return this;
        }

        private Reference bools(List<Boolean> l) {
            i32(l.size());
            l.forEach(x -> u8(x ? 1 : 0));
            return this;
        }

        // the join type's position in spec 01 §1.3
        private static int join(JoinType t) {
            return List.of("INNER", "LEFT", "RIGHT", "FULL", "SEMI", "ANTI").indexOf(t.name());
        }

        private Reference operator(Operator op) {
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
    }
}
