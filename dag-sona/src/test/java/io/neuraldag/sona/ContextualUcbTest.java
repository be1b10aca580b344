package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContextualUcbTest {

    private static final List<Mechanism> ABC =
            List.of(Mechanism.TOPOLOGICAL, Mechanism.CAUSAL_CONE, Mechanism.CRITICAL_PATH);

    @Test
    void specExample() {
        // spec 01 §4.1: rewards 0.2, 0.5, 0.9 → UCB 1.682304, 1.982304, 2.382304 → C; C earns 0.9 again → B
        ContextualUcb ucb = new ContextualUcb(ABC, Math.sqrt(2), 0, 10, 1);
        assertThat(ucb.select(7)).isEqualTo(Mechanism.TOPOLOGICAL);
        ucb.update(7, Mechanism.TOPOLOGICAL, 0.2);
        assertThat(ucb.select(7)).isEqualTo(Mechanism.CAUSAL_CONE);
        ucb.update(7, Mechanism.CAUSAL_CONE, 0.5);
        assertThat(ucb.select(7)).isEqualTo(Mechanism.CRITICAL_PATH);
        ucb.update(7, Mechanism.CRITICAL_PATH, 0.9);
        assertThat(0.9 + Math.sqrt(2) * Math.sqrt(Math.log(3))).isCloseTo(2.382304, within(1e-6));
        assertThat(ucb.select(7)).isEqualTo(Mechanism.CRITICAL_PATH);
        ucb.update(7, Mechanism.CRITICAL_PATH, 0.9);
        assertThat(ucb.select(7)).isEqualTo(Mechanism.CAUSAL_CONE);
        assertThat(ucb.bestArm(7)).contains(Mechanism.CRITICAL_PATH);
        assertThat(ucb.pulls(7, Mechanism.CRITICAL_PATH)).isEqualTo(2);
    }

    @Test
    void contextsAreIndependentAndBounded() {
        ContextualUcb ucb = new ContextualUcb(ABC, 1.414, 0, 2, 1);
        ucb.update(1, Mechanism.CRITICAL_PATH, 1.0);
        assertThat(ucb.pulls(2, Mechanism.CRITICAL_PATH)).isZero();
        assertThat(ucb.bestArm(2)).isEmpty();
        ucb.update(2, Mechanism.TOPOLOGICAL, 5.0); // clamped to 1
        ucb.update(3, Mechanism.TOPOLOGICAL, 0.5);
        assertThat(ucb.contexts()).isEqualTo(2);
        assertThat(ucb.evicted()).isEqualTo(1);
        assertThat(ucb.pulls(1, Mechanism.CRITICAL_PATH)).isZero(); // the eldest was evicted
        ucb.update(3, Mechanism.TEMPORAL_BTSP, 0.5); // not an arm: ignored
        assertThat(ucb.pulls(3, Mechanism.TEMPORAL_BTSP)).isZero();
        assertThatThrownBy(() -> ucb.update(3, Mechanism.TOPOLOGICAL, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        ucb.reset();
        assertThat(ucb.contexts()).isZero();
    }

    @Test
    void epsilonExploresWithASeededSource() {
        ContextualUcb a = new ContextualUcb(List.of(Mechanism.values()), 1.414, 1.0, 10, 5);
        ContextualUcb b = new ContextualUcb(List.of(Mechanism.values()), 1.414, 1.0, 10, 5);
        int[] counts = new int[7];
        for (int i = 0; i < 7000; i++) {
            Mechanism m = a.select(0);
            assertThat(b.select(0)).isEqualTo(m);
            counts[Mechanism.index(m)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(800, 1200);
        }
    }
}
