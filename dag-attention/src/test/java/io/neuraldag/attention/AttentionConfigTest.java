package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Defaults of spec 01 §3.1–§3.7, validation, and which parameters each configHash covers. */
class AttentionConfigTest {

    @Test
    void defaultsAreTheSpecValues() {
        AttentionConfig c = AttentionConfig.defaults();
        assertThat(c.topologicalDecay()).isEqualTo(0.9);
        assertThat(c.topologicalMaxDepth()).isEqualTo(10);
        assertThat(c.causalDecay()).isEqualTo(0.1);
        assertThat(c.causalMaxHops()).isEqualTo(10);
        assertThat(c.causalTimeWindowMs()).isEqualTo(1000.0);
        assertThat(c.criticalBoost()).isEqualTo(1.5);
        assertThat(c.criticalBoostGrowth()).isEqualTo(1.1);
        assertThat(c.criticalBoostCap()).isEqualTo(5.0);
        assertThat(c.criticalVarianceRatio()).isEqualTo(2.0);
        assertThat(c.gateThreshold()).isEqualTo(0.5);
        assertThat(c.curvature()).isEqualTo(1.0);
        assertThat(c.lorentzTemperature()).isEqualTo(1.0);
        assertThat(c.branchCrossWeight()).isEqualTo(0.5);
        assertThat(c.syncBoost()).isEqualTo(2.0);
        assertThat(c.btspDecay()).isEqualTo(0.95);
        assertThat(c.btspLearningRate()).isEqualTo(0.1);
        assertThat(c.btspPlateauThreshold()).isEqualTo(0.3);
        assertThat(c.btspPlateauMs()).isEqualTo(500);
        assertThat(c.btspPlateauBoost()).isEqualTo(1.5);
        assertThat(c.btspCoincidenceMs()).isEqualTo(50.0);
        assertThat(c.btspCoincidenceBoost()).isEqualTo(1.5);
        assertThat(c.btspTemperature()).isEqualTo(0.1);
        assertThat(c.btspCostScale()).isEqualTo(100.0);
        assertThat(c.btspRowsScale()).isEqualTo(1000.0);
        assertThat(c.btspCostToMs()).isEqualTo(1.0);
        assertThat(c.btspMaxPlans()).isEqualTo(10_000);
        assertThat(c.btspMemory()).isFalse();
        assertThat(c.btspMemoryCapacity()).isEqualTo(1000);
        assertThat(c.btspMemoryEntropy()).isEqualTo(0.5);
        assertThat(c.btspMemoryCosine()).isEqualTo(0.95);
        assertThat(c.queryProjection()).isNull();
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(AttentionConfig.builder().build()).isEqualTo(c);
    }

    static Stream<Arguments> invalid() {
        return Stream.<Object[]>of(
                        new Object[] {
                            "topologicalDecay", (UnaryOperator<AttentionConfig.Builder>) b -> b.topologicalDecay(0)
                        },
                        new Object[] {
                            "topologicalMaxDepth",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.topologicalMaxDepth(-1)
                        },
                        new Object[] {"causalDecay", (UnaryOperator<AttentionConfig.Builder>) b -> b.causalDecay(-0.1)},
                        new Object[] {"causalMaxHops", (UnaryOperator<AttentionConfig.Builder>) b -> b.causalMaxHops(-1)
                        },
                        new Object[] {
                            "causalTimeWindowMs",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.causalTimeWindowMs(Double.NaN)
                        },
                        new Object[] {"criticalBoost", (UnaryOperator<AttentionConfig.Builder>) b -> b.criticalBoost(6)
                        },
                        new Object[] {
                            "criticalBoostGrowth",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.criticalBoostGrowth(0.9)
                        },
                        new Object[] {
                            "criticalBoostCap",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.criticalBoostCap(Double.POSITIVE_INFINITY)
                        },
                        new Object[] {
                            "criticalVarianceRatio",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.criticalVarianceRatio(0)
                        },
                        new Object[] {
                            "gateThreshold", (UnaryOperator<AttentionConfig.Builder>) b -> b.gateThreshold(1.5)
                        },
                        new Object[] {"curvature", (UnaryOperator<AttentionConfig.Builder>) b -> b.curvature(-1)},
                        new Object[] {
                            "lorentzTemperature", (UnaryOperator<AttentionConfig.Builder>) b -> b.lorentzTemperature(0)
                        },
                        new Object[] {
                            "branchCrossWeight",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.branchCrossWeight(Double.NaN)
                        },
                        new Object[] {
                            "syncBoost",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.syncBoost(Double.NEGATIVE_INFINITY)
                        },
                        new Object[] {"btspDecay", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspDecay(1.01)},
                        new Object[] {
                            "btspLearningRate", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspLearningRate(-1)
                        },
                        new Object[] {
                            "btspPlateauThreshold",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.btspPlateauThreshold(Double.NaN)
                        },
                        new Object[] {"btspPlateauMs", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspPlateauMs(-1)
                        },
                        new Object[] {
                            "btspPlateauBoost", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspPlateauBoost(0)
                        },
                        new Object[] {
                            "btspCoincidenceMs", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspCoincidenceMs(-1)
                        },
                        new Object[] {
                            "btspCoincidenceBoost",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.btspCoincidenceBoost(-2)
                        },
                        new Object[] {
                            "btspTemperature", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspTemperature(0)
                        },
                        new Object[] {"btspCostScale", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspCostScale(0)
                        },
                        new Object[] {
                            "btspRowsScale", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspRowsScale(Double.NaN)
                        },
                        new Object[] {"btspCostToMs", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspCostToMs(0)},
                        new Object[] {"btspMaxPlans", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspMaxPlans(0)},
                        new Object[] {
                            "btspMemoryCapacity", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspMemoryCapacity(0)
                        },
                        new Object[] {
                            "btspMemoryCapacity",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.btspMemoryCapacity(1001)
                        },
                        new Object[] {
                            "btspMemoryEntropy", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspMemoryEntropy(0)
                        },
                        new Object[] {
                            "btspMemoryEntropy",
                            (UnaryOperator<AttentionConfig.Builder>) b -> b.btspMemoryEntropy(Double.NaN)
                        },
                        new Object[] {
                            "btspMemoryCosine", (UnaryOperator<AttentionConfig.Builder>) b -> b.btspMemoryCosine(1.5)
                        },
                        new Object[] {
                            "keyProjection rows",
                            (UnaryOperator<AttentionConfig.Builder>) b ->
                                    b.queryProjection(Projection.identity(2)).keyProjection(Projection.identity(3))
                        },
                        new Object[] {
                            "crossProjection rows",
                            (UnaryOperator<AttentionConfig.Builder>) b ->
                                    b.queryProjection(Projection.identity(2)).crossProjection(Projection.identity(3))
                        })
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidFieldsAreNamed(String field, UnaryOperator<AttentionConfig.Builder> change) {
        assertThatThrownBy(() -> change.apply(AttentionConfig.builder()).build())
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.INVALID_CONFIG))
                .hasMessageStartingWith(field);
    }

    @Test
    void configHashCoversOnlyTheMechanismsOwnParameters() {
        AttentionConfig base = AttentionConfig.defaults();
        AttentionConfig gamma = base.toBuilder().topologicalDecay(0.8).build();
        AttentionConfig tau = base.toBuilder().gateThreshold(0.4).build();
        AttentionConfig key =
                base.toBuilder().keyProjection(Projection.identity(2)).build();
        long topo = DagAttention.create(AttentionKind.TOPOLOGICAL, base).configHash();
        assertThat(DagAttention.create(AttentionKind.TOPOLOGICAL, gamma).configHash())
                .isNotEqualTo(topo);
        assertThat(DagAttention.create(AttentionKind.TOPOLOGICAL, tau).configHash())
                .isEqualTo(topo);
        assertThat(DagAttention.create(AttentionKind.TOPOLOGICAL, key).configHash())
                .isNotEqualTo(topo);
        long gate = DagAttention.create(AttentionKind.MINCUT_GATED, base).configHash();
        assertThat(DagAttention.create(AttentionKind.MINCUT_GATED, tau).configHash())
                .isNotEqualTo(gate);
        assertThat(DagAttention.create(AttentionKind.MINCUT_GATED, gamma).configHash())
                .isEqualTo(gate);
        AttentionConfig negZero = base.toBuilder().branchCrossWeight(-0.0).build();
        AttentionConfig posZero = base.toBuilder().branchCrossWeight(0.0).build();
        assertThat(DagAttention.create(AttentionKind.PARALLEL_BRANCH, negZero).configHash())
                .isEqualTo(DagAttention.create(AttentionKind.PARALLEL_BRANCH, posZero)
                        .configHash());
    }

    @Test
    void projectionValidatesAndApplies() {
        Projection p = new Projection(2, 3, new double[] {1, 0, 2, 0, 1, 0});
        assertThat(p.apply(new float[] {1, 2, 3})).containsExactly(7, 2);
        assertThatThrownBy(() -> p.apply(new float[] {1, 2}))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.DIMENSION_MISMATCH));
        assertThatThrownBy(() -> new Projection(0, 1, new double[0])).isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> new Projection(2, 2, new double[3])).isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> new Projection(1, 1, new double[] {Double.NaN}))
                .isInstanceOf(AttentionException.class);
        double[] v = {1, 2};
        Projection q = new Projection(1, 2, v);
        v[0] = 9;
        assertThat(q.values()).containsExactly(1, 2);
        assertThat(q).isEqualTo(new Projection(1, 2, new double[] {1, 2}));
        assertThat(q).hasSameHashCodeAs(new Projection(1, 2, new double[] {1, 2}));
        assertThat(q).isNotEqualTo(Projection.identity(2));
        assertThat(q.toString()).isEqualTo("Projection[1x2]");
    }

    @Test
    void kindsHaveWireNamesInCanonicalOrder() {
        assertThat(AttentionKind.values())
                .extracting(AttentionKind::wireName)
                .containsExactly(
                        "topological",
                        "causal_cone",
                        "critical_path",
                        "mincut_gated",
                        "hierarchical_lorentz",
                        "parallel_branch",
                        "temporal_btsp");
        for (AttentionKind k : AttentionKind.values()) {
            assertThat(AttentionKind.ofIndex(k.index())).isEqualTo(k);
            assertThat(AttentionKind.fromWireName(k.wireName())).isEqualTo(k);
            assertThat(AttentionKind.fromWireName(k.name())).isEqualTo(k);
            assertThat(k.toString()).isEqualTo(k.wireName());
        }
        assertThat(AttentionKind.fromWireName(" Causal-Cone ")).isEqualTo(AttentionKind.CAUSAL_CONE);
        assertThatThrownBy(() -> AttentionKind.fromWireName("flash")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttentionKind.ofIndex(7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttentionKind.ofIndex(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AttentionKind.COUNT).isEqualTo(AttentionKind.values().length);
    }
}
