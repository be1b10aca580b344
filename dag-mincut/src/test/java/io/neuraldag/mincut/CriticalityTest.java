package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec 02 §2.3: the check table, the definitions as oracles, and the §6.1 flow invariants. */
class CriticalityTest {
    private static final double EPS = 1e-12;

    static MinCutEngine engine(QueryDag dag) {
        MinCutEngine e = MinCutEngine.create(MinCutConfig.defaults());
        e.buildFrom(dag);
        return e;
    }

    @Test
    void bowtie() {
        MinCutEngine e = engine(Plans.bowtie());
        assertThat(e.lambda()).isCloseTo(0.01, within(EPS));
        assertThat(e.result().cutOperators()).containsExactly(2);
        assertThat(e.criticalities()).containsExactly(new double[] {0, 0, 0.95, 0, 0}, within(EPS));
        assertThat(e.criticality(2)).isCloseTo(0.95, within(EPS));
        assertThat(e.tension()).isCloseTo(0.95, within(EPS));
        assertThat(e.vitality(2)).isCloseTo(1.0, within(EPS));
        assertThat(e.redundancy(2)).isCloseTo(0.0, within(EPS));
    }

    @Test
    void chainWithOneExpensiveOperator() {
        MinCutEngine e = engine(Plans.chain(10, 10, 10, 10, 100));
        assertThat(e.lambda()).isCloseTo(0.01, within(EPS));
        assertThat(e.criticalities()).containsExactly(new double[] {0, 0, 0, 0, 0.9}, within(EPS));
        for (int i = 0; i < 5; i++) {
            assertThat(e.vitality(i)).as("vit(%d)", i).isCloseTo(1.0, within(EPS));
        }
    }

    @Test
    void fanWithUnitCostsHasNoTension() {
        MinCutEngine e = engine(Plans.fan());
        assertThat(e.lambda()).isEqualTo(1.0);
        assertThat(e.criticalities()).containsOnly(0.0);
        assertThat(e.tension()).isZero();
        assertThat(e.vitality(0)).isEqualTo(1.0);
        assertThat(e.vitality(2)).isZero();
        assertThat(e.redundancy(2)).isEqualTo(1.0);
    }

    @Test
    void sampleJoinPlanIsCutAtTheHashJoin() {
        MinCutEngine e = engine(Plans.sampleJoin());
        assertThat(e.lambda()).isCloseTo(0.005, within(EPS));
        assertThat(e.result().cutOperators()).containsExactly(2);
        assertThat(e.criticality(2)).isCloseTo(0.583333, within(1e-6));
        assertThat(e.criticality(2)).isCloseTo(1 - 0.005 / 0.012, within(EPS));
        double[] crit = e.criticalities();
        for (int i = 0; i < 5; i++) {
            if (i != 2) {
                assertThat(crit[i]).isZero();
            }
        }
    }

    @Test
    void uniformChainHasZeroTensionAndEveryVitalityOne() {
        MinCutEngine e = engine(Plans.chain(7, 7, 7, 7, 7, 7));
        assertThat(e.tension()).isZero();
        for (int i = 0; i < 6; i++) {
            assertThat(e.vitality(i)).isCloseTo(1.0, within(EPS));
        }
    }

    @Test
    void providerMatchesTheEngineAndPathDominanceStaysTheDefault() {
        CriticalityProvider mincut = MinCutEngine.criticalityProvider(MinCutConfig.defaults());
        DagSnapshot bowtie = Plans.bowtie().snapshot();
        assertThat(mincut.criticality(bowtie)).containsExactly(new double[] {0, 0, 0.95, 0, 0}, within(EPS));
        // spec 01 §2.6: the bowtie centre alone separates sources from sinks, so kappa = 1
        assertThat(CriticalityProvider.pathDominance().criticality(bowtie)[2]).isEqualTo(1.0);
        DagSnapshot fan = Plans.fan().snapshot();
        assertThat(mincut.criticality(fan)).containsOnly(0.0);
        assertThat(CriticalityProvider.pathDominance().criticality(fan))
                .containsExactly(new double[] {1, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1}, within(EPS));
        assertThat(mincut.criticality(new QueryDag().snapshot())).isEmpty();
    }

    @Test
    void providerCachesTheLastSnapshotForItsTtl() {
        long[] now = {0};
        MinCutCriticality p = new MinCutCriticality(MinCutConfig.defaults(), () -> now[0]);
        DagSnapshot s = Plans.sampleJoin().snapshot();
        double[] first = p.criticality(s);
        first[2] = -1; // callers get copies
        assertThat(p.criticality(s)[2]).isCloseTo(0.583333, within(1e-6));
        now[0] += 301_000_000_000L;
        assertThat(p.criticality(s)[2]).isCloseTo(0.583333, within(1e-6));
        assertThat(p.criticality(Plans.bowtie().snapshot())[2]).isCloseTo(0.95, within(EPS));
    }

    // ------------------------------------------------------------------ definitions as oracles

    /** crit by definition: a fresh solve with c(v) = inf. */
    static double critByDefinition(PlanNetwork p, int index, MinCutSolver solver) {
        FlowNetwork g = p.network().copy();
        double lambda = solver.maxFlow(g, p.source(), p.sink());
        g.setCapacity(p.operatorArc(index), Double.POSITIVE_INFINITY);
        double li = solver.maxFlow(g, p.source(), p.sink());
        if (lambda == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (li == Double.POSITIVE_INFINITY) {
            return 1;
        }
        return li == 0 ? 0 : 1 - lambda / li;
    }

    static double vitByDefinition(PlanNetwork p, int index, MinCutSolver solver) {
        FlowNetwork g = p.network().copy();
        double lambda = solver.maxFlow(g, p.source(), p.sink());
        g.setCapacity(p.operatorArc(index), 0);
        double l0 = solver.maxFlow(g, p.source(), p.sink());
        return lambda == 0 ? 0 : (lambda - l0) / lambda;
    }

    static LongStream planBatches() {
        return LongStream.range(0, 50);
    }

    static MinCutConfig configFor(long seed) {
        return switch ((int) (seed % 6)) {
            case 0, 1 -> MinCutConfig.defaults();
            case 2 -> MinCutConfig.builder().capacityModel(CapacityModel.COST).build();
            case 3 -> MinCutConfig.builder().capacityModel(CapacityModel.UNIT).build();
            case 4 ->
                MinCutConfig.builder()
                        .capacityModel(CapacityModel.EDGE_PARENT_COST)
                        .build();
            default -> MinCutConfig.builder().edgeCapacity(EdgeCapacity.ROWS).build();
        };
    }

    /** Every family of dag-core's shared generator, 1..40 nodes. */
    private static final List<RandomDags.Spec> SPECS = RandomDags.specs(42L, 600, 1, 40);

    /**
     * 50 batches of 12 plans: criticality and vitality of every operator of 600 random plans (the
     * shared generator's families) under all capacity models.
     */
    @ParameterizedTest(name = "batch {0}")
    @MethodSource("planBatches")
    void criticalityAndVitalityMatchTheirDefinitionOnEveryOperator(long batch) {
        MinCutSolver solver = MinCutSolver.create();
        for (int c = (int) batch * 12; c < batch * 12 + 12; c++) {
            RandomDags.Spec spec = SPECS.get(c);
            QueryDag dag = spec.build();
            long seed = c;
            MinCutConfig config = configFor(seed);
            MinCutEngine e = MinCutEngine.create(config);
            e.buildFrom(dag);
            PlanNetwork p = PlanNetwork.build(dag.snapshot(), config.capacityModel(), config.edgeCapacity());
            double[] crit = e.criticalities();
            double[] provided = MinCutEngine.criticalityProvider(config).criticality(dag.snapshot());
            double tension = 0;
            MinCutResult r = e.result();
            for (int i = 0; i < p.operatorCount(); i++) {
                String ctx = spec + " (" + config.capacityModel() + ", " + config.edgeCapacity() + "), operator "
                        + p.operatorId(i);
                double expected = critByDefinition(p, i, solver);
                assertThat(crit[i]).as(ctx).isCloseTo(expected, within(1e-9));
                assertThat(provided[i]).as(ctx + " (provider)").isCloseTo(expected, within(1e-9));
                assertThat(e.vitality(p.operatorId(i)))
                        .as(ctx + " (vitality)")
                        .isCloseTo(vitByDefinition(p, i, solver), within(1e-9));
                // crit > 0 exactly for operators in every minimum cut
                boolean everyCut = r.inMinSourceSide(p.inNode(i)) && !r.inMaxSourceSide(p.outNode(i));
                assertThat(crit[i] > 1e-12).as(ctx + " (every-cut)").isEqualTo(everyCut);
                tension = Math.max(tension, expected);
            }
            assertThat(e.tension()).as(spec.toString()).isCloseTo(tension, within(1e-9));
        }
    }

    // ------------------------------------------------------------------ §6.1 invariants

    static LongStream networkBatches() {
        return LongStream.range(0, 40);
    }

    /** Lambda is monotone in each capacity; scaling all capacities scales lambda and keeps crit. */
    @ParameterizedTest(name = "batch {0}")
    @MethodSource("networkBatches")
    void monotoneAndScaleInvariant(long batch) {
        MinCutSolver solver = MinCutSolver.create();
        for (long seed = batch * 10; seed < batch * 10 + 10; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            QueryDag dag = RandomDags.random(seed);
            PlanNetwork p = PlanNetwork.build(dag.snapshot(), CapacityModel.THROUGHPUT);
            FlowNetwork g = p.network();
            double lambda = solver.maxFlow(g, p.source(), p.sink());
            String ctx = "plan seed " + seed;
            // monotone: raise one random arc
            int a = rnd.nextInt(g.arcCount());
            FlowNetwork up = g.copy();
            up.setCapacity(a, g.capacity(a) + rnd.nextDouble());
            double tol = Certificates.tolerance(lambda);
            assertThat(solver.maxFlow(up, p.source(), p.sink())).as(ctx).isGreaterThanOrEqualTo(lambda - tol);
            FlowNetwork down = g.copy();
            down.setCapacity(a, g.capacity(a) * rnd.nextDouble());
            assertThat(solver.maxFlow(down, p.source(), p.sink())).as(ctx).isLessThanOrEqualTo(lambda + tol);
            // scaling
            double alpha = 0.001 + 1000 * rnd.nextDouble();
            MinCutEngine plain = MinCutEngine.create(MinCutConfig.defaults());
            plain.buildFrom(dag);
            MinCutEngine scaled = MinCutEngine.create(MinCutConfig.defaults());
            scaled.buildFrom(dag);
            for (int id : dag.nodeIds()) {
                scaled.setOperatorCapacity(
                        id,
                        alpha
                                * CapacityModel.THROUGHPUT.operatorCapacity(
                                        dag.node(id).estimatedCost()));
            }
            assertThat(scaled.lambda())
                    .as(ctx)
                    .isCloseTo(alpha * plain.lambda(), within(1e-9 * alpha * plain.lambda()));
            assertThat(scaled.criticalities()).as(ctx).containsExactly(plain.criticalities(), within(1e-9));
            assertThat(scaled.tension()).as(ctx).isCloseTo(plain.tension(), within(1e-9));
        }
    }
}
