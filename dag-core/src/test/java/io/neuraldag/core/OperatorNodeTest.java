package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.testing.TestDags;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Node attributes of spec 01 §1.4: defaults, validation, copies, equality. */
class OperatorNodeTest {
    static final Operator OP = new Operator.SeqScan("t");

    static OperatorNode node(
            double rows,
            double cost,
            @Nullable Double actualRows,
            @Nullable Double actualTime,
            @Nullable Double start,
            @Nullable Double selectivity) {
        return OperatorNode.of(OP, rows, cost)
                .withActuals(actualRows, actualTime)
                .withStartTimeMs(start)
                .withSelectivity(selectivity);
    }

    @Test
    void defaults() {
        OperatorNode n = OperatorNode.of(OP);
        assertThat(n.operator()).isEqualTo(OP);
        assertThat(n.estimatedRows()).isZero();
        assertThat(n.estimatedCost()).isZero();
        assertThat(n.actualRows()).isNull();
        assertThat(n.actualTimeMs()).isNull();
        assertThat(n.startTimeMs()).isNull();
        assertThat(n.selectivity()).isNull();
        assertThat(n.embedding()).isNull();
        assertThat(n.hasEmbedding()).isFalse();
        assertThat(n.embeddingDimension()).isZero();
        assertThat(OperatorNode.of(OP, 3, 4)).isEqualTo(node(3, 4, null, null, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(doubles = {Double.NaN, -1.0, -Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void estimatesMustBeFiniteAndNonNegative(double bad) {
        assertThatThrownBy(() -> OperatorNode.of(OP, bad, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("estimatedRows");
        assertThatThrownBy(() -> OperatorNode.of(OP, 0, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("estimatedCost");
        assertThatThrownBy(() -> node(0, 0, bad, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actualRows");
        assertThatThrownBy(() -> node(0, 0, null, bad, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actualTimeMs");
    }

    @Test
    void startTimeMayBeNegativeButMustBeFinite() {
        assertThat(node(0, 0, null, null, -5.0, null).startTimeMs()).isEqualTo(-5.0);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> node(0, 0, null, null, bad, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("startTimeMs");
        }
    }

    @Test
    void selectivityIsInTheUnitInterval() {
        assertThat(node(0, 0, null, null, null, 0.0).selectivity()).isEqualTo(0.0);
        assertThat(node(0, 0, null, null, null, 1.0).selectivity()).isEqualTo(1.0);
        for (double bad : new double[] {-0.001, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> node(0, 0, null, null, null, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("selectivity");
        }
    }

    @Test
    void embeddingIsCopiedInAndOutAndMustBeFinite() {
        float[] e = {1f, 2f, 3f};
        OperatorNode n = OperatorNode.of(OP).withEmbedding(e);
        e[0] = 99f;
        assertThat(n.embedding()).containsExactly(1f, 2f, 3f);
        float[] out = Objects.requireNonNull(n.embedding());
        out[1] = 99f;
        assertThat(n.embedding()).containsExactly(1f, 2f, 3f);
        assertThat(n.embeddingAt(2)).isEqualTo(3f);
        assertThat(n.embeddingDimension()).isEqualTo(3);
        assertThat(n.hasEmbedding()).isTrue();
        assertThatThrownBy(() -> n.embeddingAt(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> OperatorNode.of(OP).embeddingAt(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OperatorNode.of(OP).withEmbedding(new float[] {1f, Float.NaN}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedding[1]");
        assertThatThrownBy(() -> OperatorNode.of(OP).withEmbedding(new float[] {Float.NEGATIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class);
        OperatorNode empty = OperatorNode.of(OP).withEmbedding(new float[0]);
        assertThat(empty.hasEmbedding()).isTrue();
        assertThat(empty.embeddingDimension()).isZero();
        assertThat(empty).isNotEqualTo(OperatorNode.of(OP));
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose
    void operatorIsRequired() {
        assertThatThrownBy(() -> OperatorNode.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void withersChangeOneField() {
        OperatorNode full = TestDags.fullNode(OP);
        assertThat(full.withOperator(new Operator.Result()).operator()).isEqualTo(new Operator.Result());
        assertThat(full.withOperator(new Operator.Result()).selectivity()).isEqualTo(full.selectivity());
        OperatorNode est = full.withEstimates(7, 8);
        assertThat(est.estimatedRows()).isEqualTo(7);
        assertThat(est.estimatedCost()).isEqualTo(8);
        assertThat(est.embedding()).isEqualTo(full.embedding());
        OperatorNode act = full.withActuals(null, 2.0);
        assertThat(act.actualRows()).isNull();
        assertThat(act.actualTimeMs()).isEqualTo(2.0);
        assertThat(full.withStartTimeMs(null).startTimeMs()).isNull();
        assertThat(full.withSelectivity(0.75).selectivity()).isEqualTo(0.75);
        assertThat(full.withEmbedding(null).hasEmbedding()).isFalse();
        assertThat(full.withEstimates(full.estimatedRows(), full.estimatedCost()))
                .isEqualTo(full)
                .hasSameHashCodeAs(full);
        assertThatThrownBy(() -> full.withSelectivity(2.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void equalityCoversEveryField() {
        OperatorNode a = TestDags.fullNode(OP);
        OperatorNode b = TestDags.fullNode(OP);
        assertThat(a)
                .isEqualTo(b)
                .hasSameHashCodeAs(b)
                .isEqualTo(a)
                .isNotEqualTo(null)
                .isNotEqualTo(OP);
        assertThat(a).isNotEqualTo(a.withOperator(new Operator.SeqScan("u")));
        assertThat(a).isNotEqualTo(a.withEstimates(a.estimatedRows() + 1, a.estimatedCost()));
        assertThat(a).isNotEqualTo(a.withEstimates(a.estimatedRows(), a.estimatedCost() + 0.25));
        assertThat(a).isNotEqualTo(a.withActuals(1.0, a.actualTimeMs()));
        assertThat(a).isNotEqualTo(a.withActuals(a.actualRows(), 1.0));
        assertThat(a).isNotEqualTo(a.withStartTimeMs(1.0));
        assertThat(a).isNotEqualTo(a.withSelectivity(0.5));
        assertThat(a).isNotEqualTo(a.withEmbedding(new float[] {0.5f, -1.25f, 3e-7f}));
        assertThat(a.withEmbedding(new float[] {1f}))
                .isEqualTo(b.withEmbedding(new float[] {1f}))
                .hasSameHashCodeAs(b.withEmbedding(new float[] {1f}));
    }

    @Test
    void negativeZeroIsZero() {
        OperatorNode n = new OperatorNode(OP, -0.0, -0.0, -0.0, -0.0, -0.0, -0.0, new float[] {-0.0f});
        OperatorNode p = new OperatorNode(OP, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, new float[] {0.0f});
        assertThat(n).isEqualTo(p).hasSameHashCodeAs(p);
        assertThat(Double.doubleToRawLongBits(n.estimatedCost())).isZero();
        QueryDag a = new QueryDag();
        a.addNode(0, n);
        QueryDag b = new QueryDag();
        b.addNode(0, p);
        assertThat(a.fullFingerprint()).isEqualTo(b.fullFingerprint());
        assertThat(a.toJson()).isEqualTo(b.toJson());
    }

    @Test
    void toStringNamesThePresentFields() {
        assertThat(OperatorNode.of(OP).toString()).isEqualTo("OperatorNode[SeqScan[table=t], rows=0.0, cost=0.0]");
        assertThat(TestDags.fullNode(OP).toString())
                .contains("actualRows=1200.0")
                .contains("actualTimeMs=3.5")
                .contains("startTimeMs=")
                .contains("selectivity=0.125")
                .contains("embedding=float[3]");
    }
}
