package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.neuraldag.core.DagException;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MinCutEngineTest {

    /** A layered random plan of n operators whose ids follow a topological order. */
    static QueryDag largeDag(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        QueryDag dag = new QueryDag(n, 2 * n);
        int layer = Math.max(2, (int) Math.sqrt(n));
        for (int i = 0; i < n; i++) {
            Operator op = i < layer
                    ? new Operator.SeqScan("t" + i)
                    : new Operator.HashJoin("k", io.neuraldag.core.JoinType.INNER);
            dag.addNode(i, OperatorNode.of(op, 1 + rnd.nextInt(100_000), 1 + rnd.nextInt(400) / 4.0));
        }
        for (int v = layer; v < n; v++) {
            int lo = Math.max(0, v - 2 * layer);
            int k = 1 + rnd.nextInt(2);
            for (int j = 0; j < k; j++) {
                dag.addEdge(lo + rnd.nextInt(v - lo), v);
            }
        }
        return dag;
    }

    /** The max flow of a fresh, independent solve of the engine's current network. */
    static double freshMaxFlow(MinCutEngine mincut) {
        PlanNetwork p = mincut.network();
        return MinCutSolver.create().maxFlow(p.network(), p.source(), p.sink());
    }

    /** The M3 acceptance of the milestone plan, as written there. */
    @Test
    void m3Acceptance() {
        QueryDag largeDag = largeDag(42, 1000);
        SplittableRandom rnd = new SplittableRandom(7);
        Map<Long, Double> weights = new HashMap<>();
        MinCutEngine mincut = MinCutEngine.create(MinCutConfig.defaults());
        mincut.buildFrom(largeDag);
        assertEquals(freshMaxFlow(mincut), mincut.lambda(), 1e-9 * Math.max(1, mincut.lambda()));
        int n = largeDag.nodeCount();
        for (int i = 0; i < 1000; i++) {
            int u;
            int v;
            if (i % 3 == 0) {
                // an existing edge: re-weight or delete
                List<io.neuraldag.core.Edge> edges = mincut.snapshot().edgeCount() > 0 ? largeDag.edges() : List.of();
                io.neuraldag.core.Edge e = edges.get(rnd.nextInt(edges.size()));
                u = e.from();
                v = e.to();
            } else {
                u = rnd.nextInt(n - 1);
                v = u + 1 + rnd.nextInt(Math.min(60, n - 1 - u));
            }
            double weight = rnd.nextInt(4) == 0
                    ? 0.0
                    : rnd.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : 1e-3 * (1 + rnd.nextInt(40));
            mincut.updateEdge(u, v, weight);
            if (weight == 0) {
                largeDag.removeEdge(u, v);
            } else {
                largeDag.addEdge(u, v);
            }
            weights.put(((long) u << 32) | v, weight);
            assertEquals(freshMaxFlow(mincut), mincut.lambda(), 1e-9 * Math.max(1, mincut.lambda()));
        }
        // the engine's plan and network match an independent mirror
        assertThat(mincut.snapshot().edgeCount()).isEqualTo(largeDag.edgeCount());
        PlanNetwork mirror = PlanNetwork.build(largeDag.snapshot(), CapacityModel.THROUGHPUT);
        for (int p = 0; p < mirror.edgeCount(); p++) {
            int a = mirror.edgeArc(p);
            int u = mirror.operatorId((mirror.network().tail(a) - 1) / 2);
            int v = mirror.operatorId(mirror.network().head(a) / 2);
            Double w = weights.get(((long) u << 32) | v);
            if (w != null) {
                mirror.network().setCapacity(a, w);
            }
        }
        double expected = MinCutSolver.create().maxFlow(mirror.network(), mirror.source(), mirror.sink());
        assertEquals(expected, mincut.lambda(), 1e-9 * Math.max(1, expected));
        Certificates.check("M3 final", mincut.network().network(), mirror.source(), mirror.sink(), mincut.result());
    }

    // ------------------------------------------------------------------ random plan operations

    /** An independent mirror of the engine: plan, explicit edge and operator capacities. */
    static final class Mirror {
        final QueryDag dag = new QueryDag();
        final Map<Long, Double> edgeCap = new HashMap<>();
        final Map<Integer, Double> opCap = new HashMap<>();
        final MinCutConfig config;

        Mirror(MinCutConfig config) {
            this.config = config;
        }

        PlanNetwork network() {
            PlanNetwork p = PlanNetwork.build(dag.snapshot(), config.capacityModel(), config.edgeCapacity());
            FlowNetwork g = p.network();
            for (int i = 0; i < p.operatorCount(); i++) {
                Double c = opCap.get(p.operatorId(i));
                if (c != null) {
                    g.setCapacity(p.operatorArc(i), c);
                }
            }
            for (int pos = 0; pos < p.edgeCount(); pos++) {
                int a = p.edgeArc(pos);
                long key = ((long) p.operatorId((g.tail(a) - 1) / 2) << 32) | p.operatorId(g.head(a) / 2);
                Double c = edgeCap.get(key);
                if (c != null) {
                    g.setCapacity(a, c);
                }
            }
            return p;
        }
    }

    static LongStream batches() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void randomPlanOperationsMatchAFreshSolve(long batch) {
        for (long seed = batch * 10; seed < batch * 10 + 10; seed++) {
            runPlanSequence(seed, 1 + (int) (seed % 15), 40);
        }
    }

    @Tag("slow")
    @ParameterizedTest(name = "batch {0}")
    @MethodSource("batches")
    void longRandomPlanSequences(long batch) {
        for (long seed = batch * 5; seed < batch * 5 + 5; seed++) {
            runPlanSequence(5_000_000 + seed, 50 + (int) (seed % 200), 800);
        }
    }

    static void runPlanSequence(long seed, int n0, int steps) {
        SplittableRandom rnd = new SplittableRandom(seed);
        MinCutConfig config = CriticalityTest.configFor(seed);
        Mirror m = new Mirror(config);
        QueryDag start = RandomNetworks.plan(rnd, n0, 0.3);
        for (int id : start.nodeIds()) {
            m.dag.addNode(id, start.node(id));
        }
        for (io.neuraldag.core.Edge e : start.edges()) {
            m.dag.addEdge(e.from(), e.to());
        }
        MinCutEngine e = MinCutEngine.create(config);
        e.buildFrom(start);
        MinCutSolver solver = MinCutSolver.create();
        int nextId = start.nextId();
        for (int step = 0; step < steps; step++) {
            String ctx = "plan sequence seed " + seed + ", step " + step;
            int[] ids = m.dag.nodeIds();
            double p = rnd.nextDouble();
            if (ids.length < 2 || p < 0.12) {
                int id = nextId++;
                OperatorNode node =
                        OperatorNode.of(new Operator.Filter("f"), rnd.nextInt(1000), rnd.nextInt(200) / 2.0);
                e.addOperator(id, node);
                m.dag.addNode(id, node);
            } else if (p < 0.2) {
                int id = ids[rnd.nextInt(ids.length)];
                e.removeOperator(id);
                m.dag.removeNode(id);
                m.opCap.remove(id);
                m.edgeCap.keySet().removeIf(k -> (int) (k >>> 32) == id || (int) (long) k == id);
            } else {
                // ids grow along every edge, so u < v never closes a cycle
                int a = rnd.nextInt(ids.length - 1);
                int b = a + 1 + rnd.nextInt(ids.length - 1 - a);
                int u = ids[a];
                int v = ids[b];
                long key = ((long) u << 32) | v;
                double q = rnd.nextDouble();
                if (q < 0.25) {
                    boolean added = e.addEdge(u, v);
                    assertThat(added).as(ctx).isEqualTo(m.dag.addEdge(u, v));
                } else if (q < 0.4) {
                    boolean removed = e.removeEdge(u, v);
                    assertThat(removed).as(ctx).isEqualTo(m.dag.removeEdge(u, v));
                    m.edgeCap.remove(key);
                } else if (q < 0.65) {
                    double c = rnd.nextInt(4) == 0 ? 0 : RandomNetworks.capacity(rnd) / 50;
                    e.updateEdge(u, v, c);
                    if (c == 0) {
                        m.dag.removeEdge(u, v);
                        m.edgeCap.remove(key);
                    } else {
                        m.dag.addEdge(u, v);
                        m.edgeCap.put(key, c);
                    }
                } else if (q < 0.85) {
                    double w = rnd.nextInt(300) / 2.0;
                    e.updateOperatorWeight(u, w);
                    m.dag.replaceNode(
                            u, m.dag.node(u).withEstimates(m.dag.node(u).estimatedRows(), w));
                    m.opCap.remove(u);
                    if (config.capacityModel() == CapacityModel.EDGE_PARENT_COST) {
                        m.edgeCap.keySet().removeIf(k -> (int) (k >>> 32) == u);
                    }
                } else {
                    double c = RandomNetworks.capacity(rnd) / 20;
                    e.setOperatorCapacity(v, c);
                    m.opCap.put(v, c);
                }
            }
            PlanNetwork mirror = m.network();
            double expected = solver.maxFlow(mirror.network(), mirror.source(), mirror.sink());
            Oracles.assertClose(ctx, expected, e.lambda());
            assertThat(e.operatorCount()).as(ctx).isEqualTo(m.dag.nodeCount());
            if (step % 5 == 0 || step == steps - 1) {
                assertThat(e.snapshot().edgeCount()).as(ctx).isEqualTo(m.dag.edgeCount());
                PlanNetwork exported = e.network();
                FlowNetwork g = exported.network();
                assertThat(g.arcCount()).as(ctx).isEqualTo(mirror.network().arcCount());
                for (int a = 0; a < g.arcCount(); a++) {
                    assertThat(g.capacity(a))
                            .as(ctx + " arc " + a)
                            .isEqualTo(mirror.network().capacity(a));
                }
                Certificates.check(ctx, mirror.network(), mirror.source(), mirror.sink(), e.result());
            }
        }
    }

    @Test
    void removalsAndReinsertionsReuseSlotsAndCompact() {
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        e.buildFrom(Plans.sampleJoin());
        for (int round = 0; round < 400; round++) {
            int id = 100 + round;
            e.addOperator(id, OperatorNode.of(new Operator.Filter("x"), 10, 4));
            e.addEdge(3, id);
            e.updateEdge(id, 4, 0.5);
            e.removeOperator(id);
            assertThat(e.lambda()).isCloseTo(0.005, within(1e-15));
        }
        e.removeOperator(2);
        // 0 and 1 now drain to T directly: 0.002 + 0.01; 3 and 4 are fed by S: min(0.02, 1) limited by 3
        assertThat(e.lambda()).isCloseTo(0.012 + 0.02, within(1e-12));
        assertThat(e.criticality(3)).isGreaterThan(0.0);
        Certificates.check(
                "after removals",
                e.network().network(),
                e.network().source(),
                e.network().sink(),
                e.result());
    }

    @Test
    void manyRemovalsCompactTheNetworkAndKeepItExact() {
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        e.buildFrom(Plans.sampleJoin());
        QueryDag mirror = Plans.sampleJoin();
        SplittableRandom rnd = new SplittableRandom(3);
        for (int id = 10; id < 710; id++) {
            OperatorNode node = OperatorNode.of(new Operator.Filter("f"), 10, 1 + rnd.nextInt(100));
            e.addOperator(id, node);
            mirror.addNode(id, node);
            int from = rnd.nextInt(5);
            e.addEdge(from, id);
            mirror.addEdge(from, id);
            if (id > 10) {
                e.addEdge(id - 1, id);
                mirror.addEdge(id - 1, id);
            }
        }
        for (int id = 10; id < 700; id++) {
            e.removeOperator(id);
            mirror.removeNode(id);
            if (id % 97 == 0) {
                PlanNetwork p = PlanNetwork.build(mirror.snapshot(), CapacityModel.THROUGHPUT);
                Oracles.assertClose(
                        "after removing " + id,
                        MinCutSolver.create().maxFlow(p.network(), p.source(), p.sink()),
                        e.lambda());
            }
        }
        PlanNetwork p = PlanNetwork.build(mirror.snapshot(), CapacityModel.THROUGHPUT);
        Oracles.assertClose("compacted", MinCutSolver.create().maxFlow(p.network(), p.source(), p.sink()), e.lambda());
        Certificates.check("compacted", p.network(), p.source(), p.sink(), e.result());
        e.updateEdge(0, 705, 1e-4);
        mirror.addEdge(0, 705);
        assertThat(e.snapshot().edgeCount()).isEqualTo(mirror.edgeCount());
        assertThat(e.operatorCount()).isEqualTo(15);
    }

    @Test
    void edgesWithTheirOwnCapacityCanCarryTheCut() {
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        e.buildFrom(Plans.sampleJoin());
        e.updateEdge(2, 3, 0.001); // narrower than the join
        assertThat(e.lambda()).isCloseTo(0.001, within(1e-15));
        assertThat(e.result().cutOperators()).isEmpty();
        assertThat(e.criticality(2)).isZero();
        e.updateEdge(2, 3, Double.POSITIVE_INFINITY);
        assertThat(e.lambda()).isCloseTo(0.005, within(1e-15));
        e.setOperatorCapacity(2, Double.POSITIVE_INFINITY);
        assertThat(e.lambda()).isCloseTo(0.012, within(1e-15));
        e.updateOperatorWeight(2, 200);
        assertThat(e.lambda()).isCloseTo(0.005, within(1e-15));
        assertThat(e.snapshot().node(2).estimatedCost()).isEqualTo(200.0);
    }

    @Test
    void anInfiniteOperatorPathMakesLambdaInfinite() {
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        e.buildFrom(Plans.chain(5, 5));
        e.setOperatorCapacity(0, Double.POSITIVE_INFINITY);
        e.setOperatorCapacity(1, Double.POSITIVE_INFINITY);
        assertThat(e.lambda()).isInfinite();
        assertThat(e.result().unbounded()).isTrue();
        assertThat(e.criticalities()).containsOnly(0.0);
        assertThat(e.vitality(0)).isEqualTo(1.0);
        e.setOperatorCapacity(1, 2);
        assertThat(e.lambda()).isEqualTo(2.0);
        assertThat(e.criticality(1)).isEqualTo(1.0);
    }

    @Test
    void emptyEngine() {
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        assertThat(e.lambda()).isZero();
        assertThat(e.operatorCount()).isZero();
        assertThat(e.criticalities()).isEmpty();
        assertThat(e.tension()).isZero();
        assertThat(e.result().lambda()).isZero();
        assertThat(e.analyze().health()).isEqualTo(1.0);
        assertThat(e.config()).isEqualTo(MinCutConfig.defaults());
        e.addOperator(5, OperatorNode.of(new Operator.SeqScan("t"), 1, 4));
        assertThat(e.lambda()).isEqualTo(0.25);
        assertThat(e.criticality(5)).isEqualTo(1.0);
        assertThat(e.toString()).contains("operators=1");
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badInputIsRejectedAndTheEngineIsUnchanged() {
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        e.buildFrom(Plans.sampleJoin());
        MinCutResult before = e.result();
        double[] crit = e.criticalities();
        List<Runnable> bad = new ArrayList<>();
        bad.add(() -> e.updateEdge(0, 9, 1));
        bad.add(() -> e.updateEdge(9, 0, 1));
        bad.add(() -> e.updateEdge(2, 2, 1));
        bad.add(() -> e.updateEdge(4, 0, 1));
        bad.add(() -> e.updateEdge(0, 1, Double.NaN));
        bad.add(() -> e.updateEdge(0, 1, -1));
        bad.add(() -> e.addEdge(3, 3));
        bad.add(() -> e.addEdge(4, 2));
        bad.add(() -> e.removeEdge(0, 9));
        bad.add(() -> e.addOperator(2, OperatorNode.of(new Operator.Result())));
        bad.add(() -> e.addOperator(-1, OperatorNode.of(new Operator.Result())));
        bad.add(() -> e.removeOperator(9));
        bad.add(() -> e.updateOperatorWeight(9, 1));
        bad.add(() -> e.updateOperatorWeight(2, -1));
        bad.add(() -> e.updateOperatorWeight(2, Double.NaN));
        bad.add(() -> e.setOperatorCapacity(2, Double.NEGATIVE_INFINITY));
        bad.add(() -> e.setOperatorCapacity(9, 1));
        bad.add(() -> e.criticality(9));
        bad.add(() -> e.vitality(9));
        for (Runnable r : bad) {
            assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class);
            assertThat(e.result()).isEqualTo(before);
            assertThat(e.criticalities()).containsExactly(crit);
            assertThat(e.snapshot().edgeCount()).isEqualTo(4);
            assertThat(e.operatorCount()).isEqualTo(5);
        }
        assertThatThrownBy(() -> e.updateEdge(0, 9, 1))
                .isInstanceOfSatisfying(
                        DagException.class, x -> assertThat(x.kind()).isEqualTo(DagException.Kind.NODE_NOT_FOUND));
        assertThatThrownBy(() -> e.updateEdge(2, 2, 1))
                .isInstanceOfSatisfying(
                        DagException.class, x -> assertThat(x.kind()).isEqualTo(DagException.Kind.CYCLE_DETECTED));
        assertThatThrownBy(() -> e.updateEdge(0, 1, Double.NaN))
                .isInstanceOfSatisfying(
                        MinCutException.class,
                        x -> assertThat(x.kind()).isEqualTo(MinCutException.Kind.INVALID_CAPACITY));
        assertThatThrownBy(() -> e.addOperator(2, OperatorNode.of(new Operator.Result())))
                .isInstanceOfSatisfying(
                        DagException.class, x -> assertThat(x.kind()).isEqualTo(DagException.Kind.DUPLICATE_NODE));
        assertThat(e.removeEdge(0, 1)).isFalse();
        assertThat(e.addEdge(0, 2)).isFalse();
    }

    @Test
    void buildFromCopiesThePlan() {
        QueryDag dag = Plans.sampleJoin();
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        e.buildFrom(dag);
        dag.removeNode(2);
        assertThat(e.operatorCount()).isEqualTo(5);
        assertThat(e.lambda()).isCloseTo(0.005, within(1e-15));
        e.buildFrom(dag.snapshot());
        assertThat(e.operatorCount()).isEqualTo(4);
    }

    // ------------------------------------------------------------------ cache and config

    @Test
    void criticalityCacheHasATtlAndEveryUpdateInvalidatesIt() {
        long[] now = {0};
        PlanMinCutEngine e = new PlanMinCutEngine(MinCutConfig.defaults(), () -> now[0]);
        e.buildFrom(Plans.sampleJoin());
        e.criticalities();
        assertThat(e.criticalityComputations).isEqualTo(1);
        e.criticalities();
        e.tension();
        e.criticality(2);
        assertThat(e.criticalityComputations).isEqualTo(1);
        now[0] += Duration.ofSeconds(299).toNanos();
        e.analyze();
        assertThat(e.criticalityComputations).isEqualTo(1);
        now[0] += Duration.ofSeconds(2).toNanos();
        e.criticalities();
        assertThat(e.criticalityComputations).isEqualTo(2);
        e.updateEdge(3, 4, 5);
        assertThat(e.criticality(2)).isCloseTo(0.583333, within(1e-6)); // computed alone, not cached
        assertThat(e.criticalityComputations).isEqualTo(2);
        e.criticalities();
        assertThat(e.criticalityComputations).isEqualTo(3);
        e.updateOperatorWeight(2, 100);
        assertThat(e.tension()).isCloseTo(1 - 0.01 / 0.012, within(1e-12));
        assertThat(e.criticalityComputations).isEqualTo(4);
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose
    void configBuilderValidatesAndNamesTheField() {
        MinCutConfig d = MinCutConfig.defaults();
        assertThat(d.capacityModel()).isEqualTo(CapacityModel.THROUGHPUT);
        assertThat(d.edgeCapacity()).isEqualTo(EdgeCapacity.INFINITE);
        assertThat(d.criticalityTtl().toSeconds()).isEqualTo(300);
        assertThat(d.bottleneckThreshold()).isEqualTo(0.5);
        assertThat(d.redundancyThreshold()).isEqualTo(0.7);
        MinCutConfig c = MinCutConfig.builder()
                .capacityModel(CapacityModel.UNIT)
                .edgeCapacity(EdgeCapacity.ROWS)
                .criticalityTtl(Duration.ofSeconds(1))
                .bottleneckThreshold(0.25)
                .redundancyThreshold(0)
                .build();
        assertThat(c.capacityModel()).isEqualTo(CapacityModel.UNIT);
        assertThat(c.bottleneckThreshold()).isEqualTo(0.25);
        assertThatThrownBy(() -> MinCutConfig.builder().bottleneckThreshold(1.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bottleneckThreshold")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() ->
                        MinCutConfig.builder().redundancyThreshold(Double.NaN).build())
                .hasMessageContaining("redundancyThreshold");
        assertThatThrownBy(() ->
                        MinCutConfig.builder().criticalityTtl(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("criticalityTtl");
        assertThatThrownBy(() -> new MinCutConfig(null, EdgeCapacity.INFINITE, Duration.ofSeconds(1), 0.5, 0.5))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("capacityModel");
    }
}
