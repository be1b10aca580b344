package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link DagAttention} must meet (spec 01 §3.0 and §7 items 1, 9, 10). Each
 * mechanism's test extends this class and adds its worked examples. Property tests run over 1000
 * seeded random DAGs of 1–200 nodes; the seed is in the display name and in every failure message.
 */
abstract class DagAttentionContractTest {
    static final int CASES = 1000;
    static final double ORACLE_TOLERANCE = 1e-9;

    /** The mechanism under test. */
    abstract AttentionKind kind();

    /** Factory hook; TemporalBTSP overrides it with a fake clock. */
    DagAttention create(AttentionConfig config) {
        return DagAttention.create(kind(), config);
    }

    final DagAttention create() {
        return create(AttentionConfig.defaults());
    }

    /** 1000 specs of dag-core's shared families (chains, diamonds, trees, random, layered, sparse). */
    static List<RandomDags.Spec> cases() {
        return TestDags.cases(0x5EED_A77EL);
    }

    /** Every id of the DAG scored once, weights in [0, 1], sum 1 within 1e-9. Plain loops: hot. */
    static void assertDistribution(AttentionScores s, QueryDag dag, String where) {
        int[] ids = dag.nodeIds();
        if (!Arrays.equals(s.nodeIds(), ids)) {
            fail(where + ": scored ids " + Arrays.toString(s.nodeIds()) + " != " + Arrays.toString(ids));
        }
        double sum = 0;
        for (int id : ids) {
            double w = s.weight(id);
            if (!(w >= 0.0 && w <= 1.0)) {
                fail(where + ": weight of " + id + " = " + w);
            }
            sum += w;
        }
        if (!(Math.abs(sum - 1.0) <= 1e-9)) {
            fail(where + ": weights sum to " + sum);
        }
    }

    static void assertMatches(Map<Integer, Double> expected, AttentionScores s, double tol, String where) {
        for (Map.Entry<Integer, Double> e : expected.entrySet()) {
            double got = s.weight(e.getKey());
            if (!(Math.abs(got - e.getValue()) <= tol)) {
                fail(where + ": node " + e.getKey() + " weight " + got + ", oracle " + e.getValue());
            }
        }
    }

    static void assertWeights(AttentionScores s, double... expected) {
        assertThat(s.size()).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], s.weight(i), 1e-6, "weight of node " + i + " in " + s);
        }
    }

    // ------------------------------------------------------------------ properties

    /**
     * Spec 01 §7 items 1 and 10 on one random DAG per seed: a distribution equal to the oracle's
     * (§3 formulas recomputed naively), bit-identical under another insertion order, moving with the
     * ids under renumbering, finite with extreme costs (0 and 1e300) on the same shape, and 1.0 for
     * a single node with random attributes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void structuralProperties(RandomDags.Spec spec) {
        long seed = spec.seed();
        String where = kind() + " " + spec;
        QueryDag dag = spec.build();
        AttentionScores a = create().forward(dag);
        assertThat(a.kind()).isEqualTo(kind());
        assertDistribution(a, dag, where);
        assertMatches(new Oracle(dag).structural(kind(), AttentionConfig.defaults()), a, ORACLE_TOLERANCE, where);

        SplittableRandom rnd = new SplittableRandom(seed);
        QueryDag shuffled = RandomDags.shuffledCopy(dag, seed);
        if (!create().forward(shuffled).equals(a)) {
            fail(where + ": another insertion order changed the scores");
        }

        int[] newIds = TestDags.randomIds(dag.nodeCount(), rnd);
        AttentionScores b = create().forward(TestDags.relabel(dag, newIds));
        int[] oldIds = dag.nodeIds();
        for (int p = 0; p < oldIds.length; p++) {
            if (!(Math.abs(b.weight(newIds[p]) - a.weight(oldIds[p])) <= 1e-12)) {
                fail(where + ": renumbering moved weight of position " + p);
            }
        }

        QueryDag big = TestDags.withExtremeEstimates(dag, seed);
        assertDistribution(create().forward(big), big, where + " (extreme costs)");

        QueryDag one = single(seed);
        int id = one.nodeIds()[0];
        if (create().forward(one).weight(id) != 1.0 || create().forward(one, id).weight(id) != 1.0) {
            fail(where + ": a single node did not get 1.0");
        }
    }

    private static QueryDag single(long seed) {
        SplittableRandom rnd = new SplittableRandom(~seed);
        double cost = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(3) == 0 ? 1e300 : rnd.nextDouble() * 500;
        double rows = rnd.nextInt(3) == 0 ? 0 : rnd.nextDouble() * 1e6;
        QueryDag dag = new QueryDag();
        OperatorNode node = OperatorNode.of(new Operator.Filter("p"), rows, cost)
                .withEmbedding(new float[] {(float) rnd.nextDouble(), -1f});
        if (rnd.nextBoolean()) {
            node = node.withStartTimeMs((double) rnd.nextInt(10_000));
        }
        dag.addNode(rnd.nextInt(1000), node);
        return dag;
    }

    /** Content mode against the oracle, with the mask (weight 0 elsewhere) and the aggregate. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void contentProperties(RandomDags.Spec spec) {
        long seed = spec.seed();
        QueryDag dag = TestDags.withRandomEmbeddings(spec.build(), 3, seed);
        int[] ids = dag.nodeIds();
        int q = ids[new SplittableRandom(seed).nextInt(ids.length)];
        AttentionScores s = create().forward(dag, q);
        String where = kind() + " " + spec + " query " + q;
        assertDistribution(s, dag, where);
        assertMatches(new Oracle(dag).content(kind(), AttentionConfig.defaults(), q), s, ORACLE_TOLERANCE, where);
        if (!"content".equals(s.metadata().get("mode"))
                || !Integer.toString(q).equals(s.metadata().get("query"))
                || s.aggregated() == null) {
            fail(where + ": content metadata or aggregate missing: " + s.metadata());
        }
    }

    // ------------------------------------------------------------------ errors and contract

    @Test
    void emptyDagFailsWithEmptyDag() {
        DagAttention m = create();
        QueryDag empty = new QueryDag();
        assertThatThrownBy(() -> m.forward(empty))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.EMPTY_DAG));
        assertThatThrownBy(() -> m.forward(empty, 0))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.EMPTY_DAG));
    }

    @Test
    void unknownQueryFailsWithNodeNotFound() {
        QueryDag dag = TestDags.chain(3);
        assertThatThrownBy(() -> create().forward(dag, 9))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.NODE_NOT_FOUND));
    }

    @Test
    void missingOrMismatchedEmbeddingFailsWithDimensionMismatch() {
        QueryDag dag = TestDags.chain(3);
        DagAttention m = create();
        assertThatThrownBy(() -> m.forward(dag, 2))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.DIMENSION_MISMATCH));
        Map<Integer, float[]> bad = Map.of(0, new float[] {1, 0}, 1, new float[] {1, 0, 0}, 2, new float[] {0, 1});
        assertThatThrownBy(() -> m.forward(dag, 2, bad))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.DIMENSION_MISMATCH));
    }

    @Test
    void callerEmbeddingsOverrideNodeEmbeddings() {
        QueryDag stored =
                TestDags.withEmbeddings(TestDags.chain(3), new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1});
        Map<Integer, float[]> given = Map.of(0, new float[] {1, 0}, 1, new float[] {0, 1}, 2, new float[] {1, 1});
        AttentionScores a = create().forward(stored, 2);
        AttentionScores b = create().forward(TestDags.chain(3), 2, given);
        assertThat(b.weights()).containsExactly(a.weights());
        assertThat(b.aggregated()).containsExactly(a.aggregated());
    }

    @Test
    void projectionsOfTheWrongShapeFailWithDimensionMismatch() {
        AttentionConfig c = AttentionConfig.builder()
                .queryProjection(Projection.identity(3))
                .keyProjection(Projection.identity(3))
                .lorentzProjection(Projection.identity(3))
                .crossProjection(Projection.identity(3))
                .build();
        QueryDag dag =
                TestDags.withEmbeddings(TestDags.chain(3), new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 1});
        assertThatThrownBy(() -> create(c).forward(dag, 2))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.DIMENSION_MISMATCH));
    }

    @Test
    void badFeedbackIsRejectedAndChangesNothing() {
        QueryDag dag = TestDags.withCosts(TestDags.diamond(), 10, 5, 1, 2);
        DagAttention m = create();
        AttentionScores before = m.forward(dag);
        long hash = m.configHash();
        assertThatThrownBy(() -> m.update(dag, Map.of(0, 1.0, 42, 3.0)))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.NODE_NOT_FOUND));
        assertThatThrownBy(() -> m.update(dag, Map.of(0, 100.0, 1, -1.0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.update(dag, Map.of(0, 100.0, 1, Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(m.forward(dag)).isEqualTo(before);
        assertThat(m.configHash()).isEqualTo(hash);
    }

    @Test
    void forwardLeavesTheDagUnchanged() {
        QueryDag dag = TestDags.withRandomEmbeddings(
                new RandomDags.Spec(RandomDags.Family.LAYERED, 50, RandomDags.Payloads.FULL, true, 5).build(), 2, 5);
        QueryDag copy = dag.copy();
        create().forward(dag);
        create().forward(dag, dag.nodeIds()[0]);
        assertThat(dag).isEqualTo(copy);
    }

    @Test
    void configHashIsDeterministicAndNamesTheKind() {
        assertThat(create().configHash()).isEqualTo(create().configHash());
        assertThat(create().kind()).isEqualTo(kind());
        for (AttentionKind other : AttentionKind.values()) {
            if (other != kind()) {
                assertThat(DagAttention.create(other, AttentionConfig.defaults())
                                .configHash())
                        .isNotEqualTo(create().configHash());
            }
        }
        assertThat(create().toString()).contains(kind().wireName());
    }

    @Test
    void resetThenForwardEqualsAFreshMechanism() {
        QueryDag dag = TestDags.withCosts(TestDags.diamond(), 10, 5, 1, 2);
        DagAttention m = create();
        m.update(dag, Map.of(0, 1.0, 1, 50.0, 2, 1.0, 3, 1.0));
        m.reset();
        assertThat(m.forward(dag)).isEqualTo(create().forward(dag));
        assertThat(m.configHash()).isEqualTo(create().configHash());
    }

    @Test
    void concurrentForwardIsConsistent() throws Exception {
        List<QueryDag> dags = new ArrayList<>();
        List<AttentionScores> expected = new ArrayList<>();
        DagAttention m = create();
        for (long seed = 0; seed < 16; seed++) {
            QueryDag d = RandomDags.random(seed);
            d.snapshot();
            dags.add(d);
            expected.add(m.forward(d));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int r = 0; r < 50; r++) {
                        for (int i = 0; i < dags.size(); i++) {
                            if (!m.forward(dags.get(i)).equals(expected.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The first 200 contract specs, for the memo test. */
    static List<RandomDags.Spec> memoCases() {
        return cases().subList(0, 200);
    }

    /** A DAG with the same nodes and edges, built from scratch (no snapshot reuse of any kind). */
    static QueryDag rebuilt(QueryDag dag) {
        QueryDag fresh = new QueryDag();
        for (int id : dag.nodeIds()) {
            fresh.addNode(id, dag.node(id));
        }
        for (io.neuraldag.core.Edge e : dag.edges()) {
            fresh.addEdge(e.from(), e.to());
        }
        return fresh;
    }

    /**
     * Repeated forward on an unchanged DAG returns equal scores (the very same instance for the
     * memoizing mechanisms); after a payload change and after an edge removal the scores equal those
     * of a new mechanism on a DAG rebuilt from scratch, so no memo survives a mutation.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("memoCases")
    void repeatedForwardAndForwardAfterAMutation(RandomDags.Spec spec) {
        DagAttention m = create();
        if (m.stateful()) {
            return;
        }
        QueryDag dag = spec.build();
        SplittableRandom r = new SplittableRandom(spec.seed() ^ 0x3E30L);
        AttentionScores first = m.forward(dag);
        AttentionScores again = m.forward(dag);
        assertThat(again).isEqualTo(first);
        boolean memoizes = kind() != AttentionKind.CRITICAL_PATH;
        if (memoizes) {
            assertThat(again).isSameAs(first);
        }
        int[] ids = dag.nodeIds();
        for (int round = 0; round < 3; round++) {
            int id = ids[r.nextInt(ids.length)];
            OperatorNode node = dag.node(id);
            dag.replaceNode(id, node.withEstimates(node.estimatedRows() + 1, r.nextInt(1000) * 0.5));
            AttentionScores changed = m.forward(dag);
            assertThat(changed).as("%s after replaceNode(%d)", spec, id).isEqualTo(create().forward(rebuilt(dag)));
            if (dag.edgeCount() > 0) {
                io.neuraldag.core.Edge e = dag.edges().get(r.nextInt(dag.edgeCount()));
                dag.removeEdge(e.from(), e.to());
                assertThat(m.forward(dag)).as("%s after removeEdge", spec).isEqualTo(create().forward(rebuilt(dag)));
            }
        }
    }
}
