package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fingerprints (spec 01 §2.8) and the binary form they hash (§2.9), checked byte for byte. */
class FingerprintTest {

    /** Nodes 3, 7, 10, 12 with edges 3->7, 3->12, 7->10, 10->12, inserted out of order. */
    static QueryDag golden() {
        QueryDag d = new QueryDag();
        d.addNode(12, new Operator.Result());
        d.addNode(
                3,
                new OperatorNode(
                        new Operator.HnswScan("emb", 64, "items", 10), 100.0, 12.5, 90.0, null, 5.0, 0.5, new float[] {
                            0.25f, -1f
                        }));
        d.addNode(10, OperatorNode.of(new Operator.Sort(List.of("a", "b"), List.of(true, false)), 0, 2.0));
        d.addNode(7, OperatorNode.of(new Operator.HashJoin("k", JoinType.LEFT), 1.0, 0.25));
        d.addEdge(10, 12);
        d.addEdge(3, 12);
        d.addEdge(7, 10);
        d.addEdge(3, 7);
        return d;
    }

    static byte[] goldenBytes() {
        HandEncoder e = new HandEncoder().header(1, 4);
        // node 3
        e.i32(3).u8(4).str("emb").i32(64).str("items").u8(1).i32(10);
        e.f64(100.0).f64(12.5);
        e.u8(1).f64(90.0).u8(0).u8(1).f64(5.0).u8(1).f64(0.5);
        e.u8(1).i32(2).f32(0.25f).f32(-1f);
        // node 7: HashJoin(key, LEFT = ordinal 1)
        e.i32(7).u8(9).str("k").u8(1);
        e.f64(1.0).f64(0.25).u8(0).u8(0).u8(0).u8(0).u8(0);
        // node 10: Sort(keys, descending)
        e.i32(10).u8(17).i32(2).str("a").str("b").i32(2).u8(1).u8(0);
        e.f64(0.0).f64(2.0).u8(0).u8(0).u8(0).u8(0).u8(0);
        // node 12: Result
        e.i32(12).u8(29);
        e.f64(0.0).f64(0.0).u8(0).u8(0).u8(0).u8(0).u8(0);
        e.edges(new int[][] {{3, 7}, {3, 12}, {7, 10}, {10, 12}});
        return e.withCrc();
    }

    @Test
    void binaryFormIsTheSpecLayout() {
        assertThat(golden().toBytes()).isEqualTo(goldenBytes());
        assertThat(QueryDag.fromBytes(goldenBytes())).isEqualTo(golden());
    }

    @Test
    void fullFingerprintIsSha256OfTheBinaryForm() {
        Fingerprint f = golden().fullFingerprint();
        assertThat(f.toBytes()).isEqualTo(HandEncoder.sha256First16(goldenBytes()));
    }

    @Test
    void fingerprintsAreStableAcrossVersionsOfThisCode() {
        // pinned: a change here breaks every persisted fingerprint (pattern stores, caches)
        assertThat(golden().fullFingerprint().toHex())
                .isEqualTo(HexFormat.of().formatHex(HandEncoder.sha256First16(goldenBytes())));
        assertThat(golden().fullFingerprint().toHex()).isEqualTo(PINNED_FULL);
        assertThat(golden().structuralFingerprint().toHex()).isEqualTo(PINNED_STRUCTURAL);
    }

    static final String PINNED_FULL = "31440e6ba81783b4d542f934c8e94ad3";
    static final String PINNED_STRUCTURAL = "a44eb06742a8c274e69cbf438fe5fc74";

    @Test
    void structuralFingerprintHashesIdsOperatorsAndEdges() {
        HandEncoder e = new HandEncoder().raw('R', 'V', 'D', 'S').u8(1).i32(4);
        e.i32(3).u8(4).str("emb").i32(64).str("items").u8(1).i32(10);
        e.i32(7).u8(9).str("k").u8(1);
        e.i32(10).u8(17).i32(2).str("a").str("b").i32(2).u8(1).u8(0);
        e.i32(12).u8(29);
        e.edges(new int[][] {{3, 7}, {3, 12}, {7, 10}, {10, 12}});
        assertThat(golden().structuralFingerprint().toBytes()).isEqualTo(HandEncoder.sha256First16(e.body()));
    }

    @Test
    void structuralIgnoresEstimatesActualsAndEmbeddings() {
        QueryDag a = golden();
        QueryDag b = golden();
        b.replaceNode(
                3,
                OperatorNode.of(new Operator.HnswScan("emb", 64, "items", 10)).withEmbedding(new float[] {9f}));
        b.replaceNode(7, b.node(7).withEstimates(5, 5).withActuals(1.0, 2.0).withSelectivity(0.1));
        assertThat(b.structuralFingerprint()).isEqualTo(a.structuralFingerprint());
        assertThat(b.fullFingerprint()).isNotEqualTo(a.fullFingerprint());
        b.replaceNode(7, b.node(7).withOperator(new Operator.HashJoin("k", JoinType.RIGHT)));
        assertThat(b.structuralFingerprint()).isNotEqualTo(a.structuralFingerprint());
    }

    @Test
    void memoizedAndClearedOnMutation() {
        QueryDag d = golden();
        Fingerprint f = d.fullFingerprint();
        assertThat(d.fullFingerprint()).isSameAs(f);
        Fingerprint s = d.structuralFingerprint();
        assertThat(d.structuralFingerprint()).isSameAs(s);
        d.removeEdge(3, 12);
        assertThat(d.fullFingerprint()).isNotEqualTo(f);
        assertThat(d.structuralFingerprint()).isNotEqualTo(s);
        d.addEdge(3, 12);
        assertThat(d.fullFingerprint()).isEqualTo(f);
        assertThat(d.structuralFingerprint()).isEqualTo(s);
    }

    @Test
    void emptyDagFingerprint() {
        byte[] empty = new HandEncoder().header(1, 0).i32(0).withCrc();
        assertThat(new QueryDag().toBytes()).isEqualTo(empty);
        assertThat(new QueryDag().fullFingerprint().toBytes()).isEqualTo(HandEncoder.sha256First16(empty));
        assertThat(new QueryDag().structuralFingerprint()).isNotEqualTo(new QueryDag().fullFingerprint());
    }

    @Test
    void hexRoundTrip() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 1000; i++) {
            Fingerprint f = new Fingerprint(r.nextLong(), r.nextLong());
            String hex = f.toHex();
            assertThat(hex).hasSize(32).matches("[0-9a-f]{32}");
            assertThat(Fingerprint.fromHex(hex)).isEqualTo(f);
            assertThat(Fingerprint.fromHex(hex.toUpperCase(java.util.Locale.ROOT)))
                    .isEqualTo(f);
            assertThat(f.toString()).isEqualTo(hex);
            assertThat(HexFormat.of().formatHex(f.toBytes())).isEqualTo(hex);
        }
        Fingerprint f = new Fingerprint(0x0123456789abcdefL, 0xfedcba9876543210L);
        assertThat(f.toHex()).isEqualTo("0123456789abcdeffedcba9876543210");
        assertThat(f.toBytes()[0]).isEqualTo((byte) 0x01);
        assertThat(f.toBytes()[15]).isEqualTo((byte) 0x10);
        assertThat(new Fingerprint(0, 0).toHex()).isEqualTo("0".repeat(32));
        assertThat(new Fingerprint(-1, -1).toHex()).isEqualTo("f".repeat(32));
    }

    @Test
    void badHexIsRejected() {
        assertThatThrownBy(() -> Fingerprint.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.fromHex("0".repeat(33))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.fromHex("g".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fingerprint.fromHex("")).isInstanceOf(IllegalArgumentException.class);
    }
}
