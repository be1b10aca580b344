package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The binary writer's memo of operator encodings by instance (identity-hash slots, kept with the
 * scratch buffer from one write to the next) and the reader's one-check path for a node without
 * optional values, against the reference encoder of {@link BinaryWriterDifferentialTest}: equal
 * bytes on seeded random DAGs whose operators come from pools of shared, equal-but-distinct and
 * long-encoded instances, instances that share a slot, writes that alternate between DAGs sharing
 * instances, and the reader's messages on malformed nodes.
 */
class BinaryInstanceMemoTest {

    static IntStream seeds() {
        return IntStream.range(0, 120);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void pooledOperatorsMatchTheReferenceEncoder(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag dag = pooledDag(r, pool(r));
        byte[] expected = BinaryWriterDifferentialTest.Reference.full(dag);
        assertThat(dag.toBytes()).isEqualTo(expected);
        assertThat(dag.toBytes()).as("a second write, memo reset").isEqualTo(expected);
        assertThat(DagBinary.writeStructural(dag.snapshot()))
                .isEqualTo(BinaryWriterDifferentialTest.Reference.structural(dag));
        QueryDag back = QueryDag.fromBytes(expected);
        assertThat(back).isEqualTo(dag);
        for (int id : dag.nodeIds()) {
            assertThat(back.node(id)).isEqualTo(dag.node(id));
        }
        assertThat(back.toBytes()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void alternatingWritesOfDagsSharingInstancesMatchTheReference(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Operator> shared = pool(r);
        QueryDag a = pooledDag(r, shared);
        QueryDag b = pooledDag(r, shared);
        byte[] ea = BinaryWriterDifferentialTest.Reference.full(a);
        byte[] eb = BinaryWriterDifferentialTest.Reference.full(b);
        for (int round = 0; round < 3; round++) {
            assertThat(a.toBytes()).isEqualTo(ea);
            // the structural writer and the fingerprints share the scratch Out
            assertThat(DagBinary.writeStructural(b.snapshot()))
                    .isEqualTo(BinaryWriterDifferentialTest.Reference.structural(b));
            assertThat(b.toBytes()).isEqualTo(eb);
            assertThat(QueryDag.fromBytes(eb).fullFingerprint()).isEqualTo(b.fullFingerprint());
        }
    }

    @Test
    void instancesInOneSlotEncodeAsThemselves() {
        // two different instances and a third equal to the first, all in one memo slot
        List<Operator> sameSlot = new ArrayList<>();
        int slot = -1;
        for (int i = 0; sameSlot.size() < 3; i++) {
            Operator op = i % 3 == 0 ? new Operator.SeqScan("t" + i) : new Operator.Filter("p" + i + " > " + i);
            if (slot < 0) {
                slot = DagBinary.seenSlot(op);
                sameSlot.add(op);
            } else if (DagBinary.seenSlot(op) == slot) {
                sameSlot.add(op);
            }
        }
        Operator equalCopy = copyOf(sameSlot.get(0));
        assertThat(equalCopy).isEqualTo(sameSlot.get(0)).isNotSameAs(sameSlot.get(0));
        QueryDag dag = new QueryDag();
        Operator[] cycle = {sameSlot.get(0), sameSlot.get(1), sameSlot.get(0), equalCopy, sameSlot.get(2)};
        for (int i = 0; i < 40; i++) {
            dag.addNode(i, OperatorNode.of(cycle[i % cycle.length], i, 2 * i));
            if (i > 0) {
                dag.addEdge(i - 1, i);
            }
        }
        byte[] expected = BinaryWriterDifferentialTest.Reference.full(dag);
        assertThat(dag.toBytes()).isEqualTo(expected);
        assertThat(QueryDag.fromBytes(expected)).isEqualTo(dag);
    }

    @Test
    void bareNodeValuesAreValidatedOnTheOneCheckPath() {
        byte[] negativeRows = new HandEncoder()
                .header(1, 1)
                .i32(0)
                .u8(29)
                .f64(-1.0)
                .f64(2.0)
                .raw(0, 0, 0, 0, 0)
                .i32(0)
                .withCrc();
        rejects(negativeRows, "binary DAG: node 0: estimatedRows must be finite and >= 0: -1.0");
        byte[] nanCost = new HandEncoder()
                .header(1, 1)
                .i32(3)
                .u8(29)
                .f64(1.0)
                .f64(Double.NaN)
                .raw(0, 0, 0, 0, 0)
                .i32(0)
                .withCrc();
        rejects(nanCost, "binary DAG: node 3: estimatedCost must be finite and >= 0: NaN");
        byte[] badId = new HandEncoder()
                .header(1, 1)
                .i32(-5)
                .u8(29)
                .f64(1.0)
                .f64(1.0)
                .raw(0, 0, 0, 0, 0)
                .i32(0)
                .withCrc();
        rejects(badId, "binary DAG: invalid node id -5");
        byte[] ok = new HandEncoder()
                .header(1, 1)
                .i32(7)
                .u8(29)
                .f64(-0.0)
                .f64(3.5)
                .raw(0, 0, 0, 0, 0)
                .i32(0)
                .withCrc();
        QueryDag one = QueryDag.fromBytes(ok);
        assertThat(one.node(7)).isEqualTo(OperatorNode.of(new Operator.Result(), 0.0, 3.5));
        assertThat(Double.doubleToRawLongBits(one.node(7).estimatedRows())).isZero();
    }

    @Test
    void aNodeCutInsideItsFlagsIsTruncatedAtTheFirstMissingByte() {
        // header 9 bytes, id 4, SeqScan("abcdefgh") 13, estimates 16, three of the five flag bytes
        byte[] cut = new HandEncoder()
                .header(1, 1)
                .i32(0)
                .u8(0)
                .str("abcdefgh")
                .f64(1.0)
                .f64(1.0)
                .raw(0, 0, 0)
                .withCrc();
        rejects(cut, "binary DAG: truncated at byte 45");
        // the same node cut after its estimates
        byte[] cutAfterEstimates = new HandEncoder()
                .header(1, 1)
                .i32(0)
                .u8(0)
                .str("abcdefghijklmnop")
                .f64(1.0)
                .f64(1.0)
                .withCrc();
        rejects(cutAfterEstimates, "binary DAG: truncated at byte 50");
        // a second node cut inside its id: header 9, first node 4 + 45 + 16 + 5, then two bytes
        byte[] cutId = new HandEncoder()
                .header(1, 2)
                .i32(0)
                .u8(0)
                .str("x".repeat(40))
                .f64(1.0)
                .f64(1.0)
                .raw(0, 0, 0, 0, 0)
                .raw(0, 1)
                .withCrc();
        rejects(cutId, "binary DAG: truncated at byte 79");
    }

    @Test
    void bareAndFullNodesInterleaved() {
        QueryDag dag = new QueryDag();
        Operator scan = new Operator.SeqScan("orders");
        for (int i = 0; i < 30; i++) {
            OperatorNode node = OperatorNode.of(scan, i, i + 1);
            switch (i % 4) {
                case 1 -> node = node.withActuals(2.0 * i, 0.5);
                case 2 -> node = node.withEmbedding(new float[] {i, -i, 0.25f});
                case 3 -> node = node.withSelectivity(0.5).withStartTimeMs(-3.0);
                default -> {}
            }
            dag.addNode(i, node);
        }
        // a mixed DAG needs one embedding dimension: nodes 2, 6, ... carry three floats
        byte[] expected = BinaryWriterDifferentialTest.Reference.full(dag);
        assertThat(dag.toBytes()).isEqualTo(expected);
        QueryDag back = QueryDag.fromBytes(expected);
        assertThat(back).isEqualTo(dag);
        for (int id : dag.nodeIds()) {
            assertThat(back.node(id)).isEqualTo(dag.node(id));
        }
    }

    private static void rejects(byte[] bytes, String message) {
        assertThatThrownBy(() -> QueryDag.fromBytes(bytes))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION))
                .hasMessage(message);
    }

    // 1 to 600 instances: random ones, equal-but-distinct copies, and encodings past 16 bytes
    private static List<Operator> pool(SplittableRandom r) {
        int[] sizes = {1, 3, 17, 40, 300, 600};
        int size = sizes[r.nextInt(sizes.length)];
        List<Operator> pool = new ArrayList<>();
        while (pool.size() < size) {
            switch (r.nextInt(4)) {
                case 0 -> pool.add(pool.isEmpty() ? FuzzCorpus.operator(r) : copyOf(pool.get(r.nextInt(pool.size()))));
                case 1 -> pool.add(new Operator.Filter("col_" + r.nextInt(1000) + " > " + "9".repeat(r.nextInt(40))));
                default -> pool.add(FuzzCorpus.operator(r));
            }
        }
        return pool;
    }

    private static QueryDag pooledDag(SplittableRandom r, List<Operator> pool) {
        int n = 1 + r.nextInt(400);
        QueryDag dag = new QueryDag();
        int id = r.nextInt(3);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = id;
            OperatorNode node =
                    OperatorNode.of(pool.get(r.nextInt(pool.size())), FuzzCorpus.estimate(r), FuzzCorpus.estimate(r));
            if (r.nextInt(8) == 0) {
                node = node.withActuals(FuzzCorpus.estimate(r), null);
            }
            dag.addNode(id, node);
            id += 1 + (r.nextInt(5) == 0 ? r.nextInt(1000) : 0);
        }
        for (int i = 1; i < n; i++) {
            for (int k = r.nextInt(3); k > 0; k--) {
                int from = ids[r.nextInt(i)];
                if (!dag.hasEdge(from, ids[i])) {
                    dag.addEdge(from, ids[i]);
                }
            }
        }
        return dag;
    }

    // an equal operator that is another instance (records compare by value)
    private static Operator copyOf(Operator op) {
        return switch (op) {
            case Operator.SeqScan o -> new Operator.SeqScan(o.table());
            case Operator.Filter o -> new Operator.Filter(o.predicate());
            case Operator.IndexScan o -> new Operator.IndexScan(o.index(), o.table());
            case Operator.HashJoin o -> new Operator.HashJoin(o.hashKey(), o.joinType());
            case Operator.Project o -> new Operator.Project(List.copyOf(o.columns()));
            case Operator.Limit o -> new Operator.Limit(o.count());
            case Operator.Gather o -> new Operator.Gather(o.workers());
            default -> op;
        };
    }
}
