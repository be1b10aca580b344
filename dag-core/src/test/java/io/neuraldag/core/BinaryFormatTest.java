package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rejection of the binary reader (spec 01 §2.9), on inputs crafted with {@link HandEncoder}. */
class BinaryFormatTest {

    /** Enough zero bytes that the node-count check passes and the error under test is reached. */
    static final int[] PAD = new int[32];

    static void rejects(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> QueryDag.fromBytes(bytes))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION))
                .hasMessageContaining(messagePart);
    }

    /** A node record of a Result with default attributes. */
    static HandEncoder result(HandEncoder e, int id) {
        return e.i32(id).u8(29).f64(0).f64(0).u8(0).u8(0).u8(0).u8(0).u8(0);
    }

    static byte[] twoResults(int[][] edges) {
        HandEncoder e = new HandEncoder().header(1, 2);
        result(e, 0);
        result(e, 1);
        return e.edges(edges).withCrc();
    }

    @Test
    void acceptsAHandWrittenDag() {
        QueryDag d = QueryDag.fromBytes(twoResults(new int[][] {{1, 0}}));
        assertThat(d.edges()).containsExactly(new Edge(1, 0));
        assertThat(d.topologicalSort()).containsExactly(1, 0);
        assertThat(d.nextId()).isEqualTo(2);
    }

    @Test
    void headerErrors() {
        rejects(new byte[0], "too short");
        rejects(new byte[16], "too short");
        rejects(
                HandEncoder.withCrc(new HandEncoder()
                        .raw('R', 'V', 'D', 'X')
                        .u8(1)
                        .i32(0)
                        .i32(0)
                        .body()),
                "bad magic");
        rejects(new HandEncoder().header(2, 0).i32(0).withCrc(), "unsupported binary DAG version 2");
        rejects(new HandEncoder().header(0, 0).i32(0).withCrc(), "version 0");
        byte[] good = new QueryDag().toBytes();
        byte[] flipped = good.clone();
        flipped[10] ^= 1;
        rejects(flipped, "checksum mismatch");
        rejects(Arrays.copyOf(good, good.length - 1), "too short");
        rejects(new byte[DagLimits.MAX_INPUT_BYTES + 1], "exceeds the limit");
    }

    @Test
    void countErrors() {
        rejects(new HandEncoder().header(1, -1).i32(0).withCrc(), "node count -1 is outside");
        rejects(new HandEncoder().header(1, DagLimits.MAX_NODES + 1).i32(0).withCrc(), "node count 100001");
        rejects(new HandEncoder().header(1, 1000).i32(0).withCrc(), "exceeds the remaining");
        rejects(new HandEncoder().header(1, 0).i32(-5).withCrc(), "edge count -5");
        rejects(new HandEncoder().header(1, 0).i32(10).withCrc(), "edge count 10 exceeds the remaining");
        HandEncoder e = new HandEncoder()
                .header(1, 1)
                .i32(0)
                .u8(0)
                .i32(Integer.MAX_VALUE)
                .raw(PAD);
        rejects(e.withCrc(), "string length");
        HandEncoder list = new HandEncoder()
                .header(1, 1)
                .i32(0)
                .u8(11)
                .i32(DagLimits.MAX_LIST_LENGTH + 1)
                .raw(PAD);
        rejects(list.withCrc(), "list length 65537 is outside");
        HandEncoder emb = new HandEncoder()
                .header(1, 1)
                .i32(0)
                .u8(29)
                .f64(0)
                .f64(0)
                .u8(0)
                .u8(0)
                .u8(0)
                .u8(0);
        emb.u8(1).i32(DagLimits.MAX_EMBEDDING_DIMENSION + 1);
        rejects(emb.withCrc(), "embedding dimension 65537");
    }

    @Test
    void valueErrors() {
        rejects(new HandEncoder().header(1, 1).i32(0).u8(32).raw(PAD).withCrc(), "unknown operator tag 32");
        rejects(new HandEncoder().header(1, 1).i32(0).u8(255).raw(PAD).withCrc(), "unknown operator tag 255");
        HandEncoder flag =
                new HandEncoder().header(1, 1).i32(0).u8(29).f64(0).f64(0).u8(2);
        rejects(flag.u8(0).u8(0).u8(0).u8(0).i32(0).withCrc(), "invalid flag byte 2");
        rejects(new HandEncoder().header(1, 1).i32(0).u8(8).u8(6).raw(PAD).withCrc(), "unknown join type 6");
        HandEncoder hnsw = new HandEncoder().header(1, 1).i32(0).operator(new Operator.HnswScan("i", 1));
        byte[] bad = hnsw.body();
        // patch ef_search (after id 4, tag 1, string length 4 + 1 byte) to 0
        int at = 9 + 4 + 1 + 4 + 1;
        bad[at + 3] = 0;
        rejects(
                HandEncoder.withCrc(concat(
                        bad,
                        new HandEncoder()
                                .f64(0)
                                .f64(0)
                                .raw(0, 0, 0, 0, 0)
                                .i32(0)
                                .body())),
                "efSearch");
        HandEncoder sort =
                new HandEncoder().header(1, 1).i32(0).u8(17).strs(List.of("a")).bools(List.of());
        rejects(sort.f64(0).f64(0).raw(0, 0, 0, 0, 0).i32(0).withCrc(), "flags for 1 keys");
        HandEncoder nan = new HandEncoder()
                .header(1, 1)
                .i32(0)
                .u8(29)
                .f64(Double.NaN)
                .f64(0)
                .raw(0, 0, 0, 0, 0);
        rejects(nan.i32(0).withCrc(), "node 0: estimatedRows");
        HandEncoder neg =
                new HandEncoder().header(1, 1).i32(-4).u8(29).f64(0).f64(0).raw(0, 0, 0, 0, 0);
        rejects(neg.i32(0).withCrc(), "invalid node id -4");
        HandEncoder max = new HandEncoder()
                .header(1, 1)
                .i32(Integer.MAX_VALUE)
                .u8(29)
                .f64(0)
                .f64(0);
        rejects(max.raw(0, 0, 0, 0, 0).i32(0).withCrc(), "invalid node id");
        HandEncoder infEmb =
                new HandEncoder().header(1, 1).i32(0).u8(29).f64(0).f64(0).raw(0, 0, 0, 0, 1);
        rejects(infEmb.i32(1).f32(Float.POSITIVE_INFINITY).i32(0).withCrc(), "not finite");
        HandEncoder longString = new HandEncoder().header(1, 1).i32(0).u8(0);
        longString
                .str("a".repeat(DagLimits.MAX_STRING_LENGTH + 1))
                .f64(0)
                .f64(0)
                .raw(0, 0, 0, 0, 0)
                .i32(0);
        rejects(longString.withCrc(), "chars exceeds the limit");
        HandEncoder utf = new HandEncoder().header(1, 1).i32(0).u8(0).i32(2).raw(0xC3, 0xA9);
        assertThat(QueryDag.fromBytes(
                                utf.f64(0).f64(0).raw(0, 0, 0, 0, 0).i32(0).withCrc())
                        .node(0)
                        .operator())
                .isEqualTo(new Operator.SeqScan("\u00e9"));
    }

    @Test
    void graphErrors() {
        HandEncoder dup = new HandEncoder().header(1, 2);
        result(dup, 3);
        result(dup, 3);
        rejects(dup.i32(0).withCrc(), "duplicate node id 3");
        rejects(twoResults(new int[][] {{0, 2}}), "edge 0->2 names a missing node");
        rejects(twoResults(new int[][] {{-1, 0}}), "names a missing node");
        rejects(twoResults(new int[][] {{0, 1}, {0, 1}}), "duplicate or a self-loop");
        rejects(twoResults(new int[][] {{1, 1}}), "duplicate or a self-loop");
        rejects(twoResults(new int[][] {{0, 1}, {1, 0}}), "cycle");
        HandEncoder trailing = new HandEncoder().header(1, 0).i32(0).u8(7);
        rejects(trailing.withCrc(), "1 unexpected trailing bytes");
        HandEncoder truncated = new HandEncoder().header(1, 1).i32(0).u8(29).f64(0);
        rejects(truncated.withCrc(), "node count 1 exceeds the remaining");
        HandEncoder cut = new HandEncoder()
                .header(1, 1)
                .i32(0)
                .u8(0)
                .str("abc")
                .f64(0)
                .f64(0)
                .u8(0);
        rejects(cut.withCrc(), "truncated at byte");
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
