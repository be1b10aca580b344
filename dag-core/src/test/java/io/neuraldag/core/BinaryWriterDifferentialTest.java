package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
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

    /** The format written the slow way, by the spec-text encoder of the golden tests. */
    static final class Reference {
        static byte[] full(QueryDag dag) {
            int[] ids = dag.nodeIds();
            Arrays.sort(ids);
            HandEncoder w = new HandEncoder().header(1, ids.length);
            for (int id : ids) {
                w.node(id, dag.node(id).operator(), dag.node(id));
            }
            return w.edges(sortedEdges(dag)).withCrc();
        }

        static byte[] structural(QueryDag dag) {
            int[] ids = dag.nodeIds();
            Arrays.sort(ids);
            HandEncoder w = new HandEncoder().raw('R', 'V', 'D', 'S').u8(1).i32(ids.length);
            for (int id : ids) {
                w.i32(id).operator(dag.node(id).operator());
            }
            return w.edges(sortedEdges(dag)).body();
        }

        private static int[][] sortedEdges(QueryDag dag) {
            List<Edge> edges = new ArrayList<>(dag.edges());
            edges.sort((a, b) ->
                    a.from() != b.from() ? Integer.compare(a.from(), b.from()) : Integer.compare(a.to(), b.to()));
            int[][] out = new int[edges.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new int[] {edges.get(i).from(), edges.get(i).to()};
            }
            return out;
        }
    }
}
