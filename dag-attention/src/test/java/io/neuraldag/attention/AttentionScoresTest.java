package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scores record: validation, lookups, copies. */
@SuppressWarnings(
        "NullAway") // NullAway does not read the type-use @Nullable of array record components from class files
class AttentionScoresTest {
    private static AttentionScores sparse() {
        return new AttentionScores(
                AttentionKind.CAUSAL_CONE,
                new int[] {2, 5, 9},
                new double[] {0.2, 0.5, 0.3},
                Map.of("mode", "structural"),
                Map.of("gate", new double[] {1, 2, 3}),
                null);
    }

    @Test
    void lookupsBySparseAndDenseIds() {
        AttentionScores s = sparse();
        assertThat(s.weight(5)).isEqualTo(0.5);
        assertThat(s.weightAt(2)).isEqualTo(0.3);
        assertThat(s.nodeIdAt(0)).isEqualTo(2);
        assertThat(s.auxiliary("gate", 9)).isEqualTo(3);
        assertThat(s.hasAuxiliary("gate")).isTrue();
        assertThat(s.hasAuxiliary("trace")).isFalse();
        assertThatThrownBy(() -> s.weight(3))
                .isInstanceOfSatisfying(
                        AttentionException.class,
                        e -> assertThat(e.kind()).isEqualTo(AttentionException.Kind.NODE_NOT_FOUND));
        assertThatThrownBy(() -> s.auxiliary("trace", 2)).isInstanceOf(IllegalArgumentException.class);
        AttentionScores dense = new AttentionScores(
                AttentionKind.TOPOLOGICAL, new int[] {0, 1}, new double[] {0.5, 0.5}, Map.of(), Map.of(), null);
        assertThat(dense.weight(1)).isEqualTo(0.5);
        assertThatThrownBy(() -> dense.weight(2)).isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> dense.weight(-1)).isInstanceOf(AttentionException.class);
    }

    @Test
    void topNodesAreHeaviestFirstWithIdTieBreak() {
        AttentionScores s = new AttentionScores(
                AttentionKind.TOPOLOGICAL,
                new int[] {1, 4, 6, 8},
                new double[] {0.3, 0.1, 0.3, 0.3},
                Map.of(),
                Map.of(),
                null);
        assertThat(s.topNodes(3)).containsExactly(1, 6, 8);
        assertThat(s.topNodes(10)).containsExactly(1, 6, 8, 4);
        assertThat(s.topNodes(0)).isEmpty();
        assertThatThrownBy(() -> s.topNodes(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void componentsAreCopied() {
        int[] ids = {0, 1};
        double[] w = {0.25, 0.75};
        double[] agg = {1, 2};
        AttentionScores s = new AttentionScores(AttentionKind.TOPOLOGICAL, ids, w, Map.of(), Map.of(), agg);
        ids[0] = 5;
        w[0] = 0.9;
        agg[0] = 7;
        assertThat(s.nodeIds()).containsExactly(0, 1);
        assertThat(s.weights()).containsExactly(0.25, 0.75);
        assertThat(s.aggregated()).containsExactly(1, 2);
        s.weights()[0] = 3;
        s.auxiliary().put("x", new double[2]);
        assertThat(s.weight(0)).isEqualTo(0.25);
        assertThat(s.hasAuxiliary("x")).isFalse();
    }

    @Test
    void invalidContentIsRejected() {
        Map<String, String> m = Map.of();
        Map<String, double[]> a = Map.of();
        AttentionKind k = AttentionKind.TOPOLOGICAL;
        assertThatThrownBy(() -> new AttentionScores(k, new int[] {0}, new double[] {0.5, 0.5}, m, a, null))
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> new AttentionScores(k, new int[] {1, 0}, new double[] {0.5, 0.5}, m, a, null))
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> new AttentionScores(k, new int[] {0, 1}, new double[] {0.5, 0.6}, m, a, null))
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> new AttentionScores(k, new int[] {0, 1}, new double[] {-0.5, 1.5}, m, a, null))
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> new AttentionScores(k, new int[] {0}, new double[] {Double.NaN}, m, a, null))
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() ->
                        new AttentionScores(k, new int[] {0}, new double[] {1}, m, Map.of("g", new double[2]), null))
                .isInstanceOf(AttentionException.class);
        assertThat(AttentionScores.empty(k, m).size()).isZero();
    }

    @Test
    void equalityComparesContents() {
        assertThat(sparse()).isEqualTo(sparse()).hasSameHashCodeAs(sparse());
        AttentionScores other = new AttentionScores(
                AttentionKind.CAUSAL_CONE,
                new int[] {2, 5, 9},
                new double[] {0.2, 0.5, 0.3},
                Map.of("mode", "structural"),
                Map.of("gate", new double[] {1, 2, 4}),
                null);
        assertThat(other).isNotEqualTo(sparse());
        assertThat(sparse()).isNotEqualTo("scores");
        assertThat(sparse().toString()).contains("causal_cone").contains("5=0.500000");
        assertThat(sparse().metadata()).containsEntry("mode", "structural");
    }

    @Test
    void longScoresAreAbbreviatedInToString() {
        int n = 20;
        int[] ids = new int[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            w[i] = 1.0 / n;
        }
        AttentionScores s = new AttentionScores(AttentionKind.TOPOLOGICAL, ids, w, Map.of(), Map.of(), null);
        assertThat(s.toString()).contains("4 more");
    }
}
