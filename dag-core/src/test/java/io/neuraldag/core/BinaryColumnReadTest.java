package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.testing.RandomDags;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The binary reader keeps the payloads of a canonical encoding in columns (operator, estimates) and
 * builds a node's {@link OperatorNode} on first read; runs of common nodes (an operator equal to
 * the last of its kind, no optional values) are decoded by a loop of their own. These tests pin
 * what that must not change: the same checks and messages as {@link OperatorNode}'s constructor,
 * {@code -0.0} read as {@code +0.0}, every node decoded right wherever a run breaks, and payloads
 * that are the same from every thread that reads a shared snapshot.
 */
class BinaryColumnReadTest {

    private static final Operator SCAN = new Operator.SeqScan("orders");
    private static final int[] STRIDES = {1, 3, 7, 9};

    // the constructor's own message for these estimates: the oracle for the reader's
    private static String constructorMessage(double rows, double cost) {
        try {
            OperatorNode.of(SCAN, rows, cost);
        } catch (IllegalArgumentException e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError("estimates " + rows + ", " + cost + " were accepted");
    }

    // three nodes of one operator, ids 0..2, edges 0->1->2; node 1 has the given estimates, and
    // optional values when general (so that it is read by the general code, not the common loop)
    private static byte[] threeNodes(double rows, double cost, boolean general) {
        HandEncoder e = new HandEncoder().header(DagBinary.CURRENT_VERSION, 3);
        OperatorNode plain = OperatorNode.of(SCAN, 10, 5);
        e.node(0, SCAN, plain);
        e.i32(1).operator(SCAN).f64(rows).f64(cost);
        if (general) {
            e.optional(7.0);
        } else {
            e.optional(null);
        }
        e.optional(null).optional(null).optional(null).u8(0);
        e.node(2, SCAN, plain);
        return e.edges(new int[][] {{0, 1}, {1, 2}}).withCrc();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            doubles = {
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                -1.0,
                -Double.MIN_VALUE,
                -Double.MAX_VALUE
            })
    void badEstimatesAreRejectedWithTheConstructorsMessageOnBothPaths(double bad) {
        for (boolean general : new boolean[] {false, true}) {
            String rowsMessage = "binary DAG: node 1: " + constructorMessage(bad, 1.0);
            assertThatThrownBy(() -> QueryDag.fromBytes(threeNodes(bad, 1.0, general)))
                    .as("rows %s, general %s", bad, general)
                    .isInstanceOfSatisfying(
                            DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION))
                    .hasMessage(rowsMessage);
            String costMessage = "binary DAG: node 1: " + constructorMessage(1.0, bad);
            assertThatThrownBy(() -> QueryDag.fromBytes(threeNodes(1.0, bad, general)))
                    .as("cost %s, general %s", bad, general)
                    .isInstanceOf(DagException.class)
                    .hasMessage(costMessage);
        }
    }

    @Test
    void negativeZeroEstimatesAreReadAsPositiveZero() {
        for (boolean general : new boolean[] {false, true}) {
            QueryDag d = QueryDag.fromBytes(threeNodes(-0.0, -0.0, general));
            OperatorNode n = d.node(1);
            assertThat(Double.doubleToRawLongBits(n.estimatedRows())).isZero();
            assertThat(Double.doubleToRawLongBits(n.estimatedCost())).isZero();
            DagSnapshot s = d.snapshot();
            assertThat(Double.doubleToRawLongBits(s.estimatedRows(1))).isZero();
            assertThat(Double.doubleToRawLongBits(s.estimatedCost(1))).isZero();
            assertThat(s.node(1)).isEqualTo(n);
            // written back, the estimates are +0.0 as well: the same bytes as a DAG built with 0.0
            QueryDag built = new QueryDag();
            built.addNode(0, OperatorNode.of(SCAN, 10, 5));
            built.addNode(1, general ? OperatorNode.of(SCAN).withActuals(7.0, null) : OperatorNode.of(SCAN));
            built.addNode(2, OperatorNode.of(SCAN, 10, 5));
            built.addEdge(0, 1);
            built.addEdge(1, 2);
            assertThat(d.toBytes()).isEqualTo(built.toBytes());
            assertThat(d).isEqualTo(built).hasSameHashCodeAs(built);
        }
    }

    static Stream<Named<Long>> seeds() {
        return RandomDags.namedSeeds(0xC01_0000L, 300);
    }

    /*
     * Node sequences that break the common loop in every way it stops: a new operator of a kind, a
     * repeated one whose encoding is longer than 16 bytes, a different operator of the same kind,
     * optional values, an embedding, -0.0 estimates, ids that skip. Every payload read must equal
     * the one written, in the DAG, in its snapshot and in the snapshot's columns.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("seeds")
    void everyNodeIsReadRightWhereverARunOfCommonNodesBreaks(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Operator> pool = new ArrayList<>();
        pool.add(SCAN);
        pool.add(new Operator.Filter("x > 1"));
        pool.add(new Operator.HashJoin("a.id = b.a_id and a.tenant = b.tenant", JoinType.INNER));
        pool.add(new Operator.SeqScan("a_table_with_a_name_longer_than_sixteen_bytes"));
        pool.add(new Operator.Result());
        int n = 1 + r.nextInt(120);
        int dim = 1 + r.nextInt(4);
        QueryDag built = new QueryDag();
        int id = r.nextInt(3) == 0 ? r.nextInt(5) : 0;
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Operator op = r.nextInt(6) == 0 ? RandomDags.randomOperator(r) : pool.get(r.nextInt(pool.size()));
            double rows = r.nextInt(8) == 0 ? -0.0 : r.nextInt(100_000);
            double cost = r.nextInt(8) == 0 ? -0.0 : r.nextInt(4000) * 0.25;
            OperatorNode node = OperatorNode.of(op, rows, cost);
            switch (r.nextInt(8)) {
                case 0 -> node = node.withActuals(r.nextDouble() * 100, null);
                case 1 -> node = node.withSelectivity(r.nextDouble());
                case 2 -> node = node.withEmbedding(embedding(r, dim));
                default -> {}
            }
            built.addNode(id, node);
            ids.add(id);
            id += r.nextInt(4) == 0 ? 2 + r.nextInt(1000) : 1;
        }
        for (int k = 1; k < n; k++) {
            built.addEdge(ids.get(r.nextInt(k)), ids.get(k));
        }
        QueryDag read = QueryDag.fromBytes(built.toBytes());
        String context = "seed " + seed;
        for (int k = 0; k < n; k++) {
            assertThat(read.node(ids.get(k))).as(context).isEqualTo(built.node(ids.get(k)));
        }
        DagSnapshot s = QueryDag.fromBytes(built.toBytes()).snapshot();
        for (int i = 0; i < n; i++) {
            OperatorNode expected = built.node(ids.get(i));
            assertThat(s.tag(i)).as(context).isEqualTo(expected.operator().tag());
            assertThat(s.estimatedRows(i)).as(context).isEqualTo(expected.estimatedRows());
            assertThat(s.estimatedCost(i)).as(context).isEqualTo(expected.estimatedCost());
            assertThat(s.node(i)).as(context).isEqualTo(expected);
        }
        assertThat(read).as(context).isEqualTo(built);
        assertThat(read.toBytes()).as(context).isEqualTo(built.toBytes());
        assertThat(read.toJson()).as(context).isEqualTo(built.toJson());
    }

    private static float[] embedding(SplittableRandom r, int dim) {
        float[] e = new float[dim];
        for (int i = 0; i < dim; i++) {
            e[i] = (float) r.nextDouble();
        }
        return e;
    }

    @Test
    void payloadsBuiltOnFirstReadAreEqualFromEveryThread() throws Exception {
        QueryDag original = BenchDags.load(1000);
        int threads = STRIDES.length;
        for (int round = 0; round < 20; round++) {
            DagSnapshot shared = QueryDag.fromBytes(original.toBytes()).snapshot();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<OperatorNode[]>> seen = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int stride = STRIDES[t];
                    seen.add(pool.submit(() -> {
                        start.await();
                        int size = shared.size();
                        OperatorNode[] got = new OperatorNode[size];
                        // each thread walks the nodes in its own order (a stride coprime to 1000)
                        for (int k = 0, i = 0; k < size; k++, i = (i + stride) % size) {
                            got[i] = shared.node(i);
                        }
                        return got;
                    }));
                }
                start.countDown();
                for (Future<OperatorNode[]> f : seen) {
                    OperatorNode[] got = f.get();
                    for (int i = 0; i < got.length; i++) {
                        assertThat(got[i]).as("round %d, node %d", round, i).isEqualTo(original.node(shared.id(i)));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(QueryDag.fromSnapshot(shared)).isEqualTo(original);
        }
    }
}
