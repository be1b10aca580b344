package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HierarchicalLorentz attention, spec 01 §3.5. */
class HierarchicalLorentzAttentionTest extends DagAttentionContractTest {
    @Override
    AttentionKind kind() {
        return AttentionKind.HIERARCHICAL_LORENTZ;
    }

    @Test
    void chain4() {
        assertWeights(create().forward(TestDags.chain(4)), 0.4, 0.3, 0.2, 0.1);
    }

    @Test
    void chain4WithHalfTemperature() {
        AttentionScores s = create(
                        AttentionConfig.builder().lorentzTemperature(0.5).build())
                .forward(TestDags.chain(4));
        assertWeights(s, 0.533333, 0.3, 0.133333, 0.033333);
    }

    @Test
    void radiusIsLogOfDepthPlusOne() {
        AttentionScores s =
                create(AttentionConfig.builder().curvature(4).build()).forward(TestDags.chain(4));
        assertThat(s.auxiliary("radius", 0)).isCloseTo(Math.log(4) / 2, offset(1e-15));
        assertThat(s.auxiliary("radius", 3)).isZero();
    }

    @Test
    void unitChecksOfTheGeometry() {
        double r = Math.log(2);
        double[] onAxis = HierarchicalLorentzAttention.point(r, new double[] {1, 0}, 1);
        double[] orthogonal = HierarchicalLorentzAttention.point(r, new double[] {0, 1}, 1);
        double[] xi = {1, 0};
        assertThat(-HierarchicalLorentzAttention.busemann(onAxis, xi, 1)).isCloseTo(0.693147, offset(1e-6));
        assertThat(-HierarchicalLorentzAttention.busemann(orthogonal, xi, 1)).isCloseTo(-0.223144, offset(1e-6));
        assertThat(HierarchicalLorentzAttention.distance(onAxis, orthogonal, 1)).isCloseTo(1.016348, offset(1e-6));
    }

    @ParameterizedTest(name = "c = {0}")
    @ValueSource(doubles = {0.25, 1, 3})
    void pointsLieOnTheHyperboloidAtDistanceR(double c) {
        double[] o = HierarchicalLorentzAttention.point(0, new double[] {1, 0, 0}, c);
        double[] x = HierarchicalLorentzAttention.point(1.7, new double[] {0.6, 0, 0.8}, c);
        assertThat(HierarchicalLorentzAttention.inner(x, x)).isCloseTo(-1 / c, offset(1e-12));
        assertThat(HierarchicalLorentzAttention.distance(o, x, c)).isCloseTo(1.7, offset(1e-9));
        assertThat(HierarchicalLorentzAttention.busemann(x, new double[] {0.6, 0, 0.8}, c))
                .isCloseTo(-1.7, offset(1e-9));
    }

    @Test
    void contentModeHandExample() {
        // scans 0, 1 -> join 2 = q. r0 = r1 = ln 2; x0 on ξ's axis, x1 orthogonal, x2 at the origin:
        // -B = ln 2, -ln 1.25, 0 -> e^z = 2, 0.8, 1
        QueryDag dag = TestDags.withEmbeddings(
                TestDags.scansJoin(), new float[] {3, 0}, new float[] {0, 5}, new float[] {1, 0});
        AttentionScores s = create().forward(dag, 2);
        assertWeights(s, 2 / 3.8, 0.8 / 3.8, 1 / 3.8);
        double[] mu = java.util.Objects.requireNonNull(s.aggregated());
        assertThat(mu).hasSize(3);
        assertThat(HierarchicalLorentzAttention.inner(mu, mu)).isCloseTo(-1.0, offset(1e-9));
        assertThat(mu[0]).isPositive();
    }

    @Test
    void zeroEmbeddingPointsAlongTheFirstAxis() {
        QueryDag dag = TestDags.withEmbeddings(
                TestDags.scansJoin(), new float[] {0, 0}, new float[] {0, 5}, new float[] {0, 0});
        AttentionScores s = create().forward(dag, 2);
        // ξ = e1 and u0 = e1: node 0 on the axis (2), node 1 orthogonal (0.8), q at the origin (1)
        assertWeights(s, 2 / 3.8, 0.8 / 3.8, 1 / 3.8);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void otherCurvatureAndTemperatureMatchTheOracle(long seed) {
        AttentionConfig c =
                AttentionConfig.builder().curvature(2.5).lorentzTemperature(0.4).build();
        QueryDag dag = TestDags.withRandomEmbeddings(RandomDags.random(seed), 4, seed);
        int q = dag.nodeIds()[dag.nodeCount() - 1];
        Oracle o = new Oracle(dag);
        assertMatches(o.structural(kind(), c), create(c).forward(dag), 1e-9, "seed " + seed);
        assertMatches(o.content(kind(), c, q), create(c).forward(dag, q), 1e-9, "seed " + seed);
    }

    @Test
    void projectionChangesDirections() {
        // P swaps the axes: node 0 becomes orthogonal to ξ, node 1 aligned
        AttentionConfig c = AttentionConfig.builder()
                .lorentzProjection(new Projection(2, 2, new double[] {0, 1, 1, 0}))
                .build();
        QueryDag dag = TestDags.scansJoin();
        Map<Integer, float[]> e = Map.of(0, new float[] {3, 0}, 1, new float[] {0, 5}, 2, new float[] {0, 1});
        AttentionScores s = create(c).forward(dag, 2, e);
        assertWeights(s, 0.8 / 3.8, 2 / 3.8, 1 / 3.8);
    }
}
