package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EwcPlusPlusTest {

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 104_729 * i + 1);
    }

    private static EwcPlusPlus random(SplittableRandom rnd, int n, float[] anchorOut, double[] fisherOut) {
        EwcPlusPlus ewc = EwcPlusPlus.create(n, 100 + rnd.nextDouble() * 14_900, rnd.nextDouble() * 0.999);
        for (int i = 0; i < n; i++) {
            anchorOut[i] = (float) (rnd.nextDouble() * 4 - 2);
            fisherOut[i] = rnd.nextDouble() * 0.5;
        }
        ewc.consolidate(anchorOut, fisherOut);
        return ewc;
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void penaltyProperties(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 1 + rnd.nextInt(300);
        float[] anchor = new float[n];
        double[] fisher = new double[n];
        EwcPlusPlus ewc = random(rnd, n, anchor, fisher);
        assertThat(ewc.penalty(anchor)).as("P(θ*) = 0, seed %d", seed).isZero();
        float delta = (float) (rnd.nextDouble() * 2 - 1);
        float[] shifted = new float[n];
        double sumF = 0;
        for (int i = 0; i < n; i++) {
            shifted[i] = anchor[i] + delta;
            sumF += fisher[i];
        }
        // the shift is exact only up to float rounding of θ* + δ
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double dd = (double) shifted[i] - anchor[i];
            expected += fisher[i] * dd * dd;
        }
        expected *= ewc.lambda() / 2;
        assertThat(ewc.penalty(shifted)).isCloseTo(expected, within(1e-9 * (1 + expected)));
        assertThat(expected).isCloseTo(ewc.lambda() / 2 * delta * delta * sumF, within(1e-4 * (1 + expected)));
        double[] grad = new double[n];
        ewc.penaltyGradient(shifted, grad);
        for (int i = 0; i < n; i++) {
            assertThat(grad[i]).isCloseTo(ewc.lambda() * fisher[i] * ((double) shifted[i] - anchor[i]), within(1e-9));
        }
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void proximalStepLandsBetweenThetaPrimeAndAnchor(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 1 + rnd.nextInt(300);
        float[] anchor = new float[n];
        double[] fisher = new double[n];
        EwcPlusPlus ewc = random(rnd, n, anchor, fisher);
        float[] prime = new float[n];
        for (int i = 0; i < n; i++) {
            prime[i] = (float) (rnd.nextDouble() * 10 - 5);
        }
        float[] theta = prime.clone();
        double eta = rnd.nextDouble() * 0.1;
        ewc.proximal(theta, eta);
        for (int i = 0; i < n; i++) {
            float lo = Math.min(prime[i], anchor[i]);
            float hi = Math.max(prime[i], anchor[i]);
            assertThat(theta[i]).as("seed %d, i %d", seed, i).isBetween(lo, hi);
        }
        // the proximal point minimises ½‖θ−θ′‖² + ηP(θ): no coordinate nudge improves it
        double best = objective(ewc, theta, prime, eta);
        for (int i = 0; i < Math.min(n, 5); i++) {
            for (float step : new float[] {1e-3f, -1e-3f}) {
                float[] t = theta.clone();
                t[i] += step;
                assertThat(objective(ewc, t, prime, eta)).isGreaterThanOrEqualTo(best - 1e-9);
            }
        }
    }

    private static double objective(EwcPlusPlus ewc, float[] theta, float[] prime, double eta) {
        double s = 0;
        for (int i = 0; i < theta.length; i++) {
            double d = (double) theta[i] - prime[i];
            s += d * d;
        }
        return 0.5 * s + eta * ewc.penalty(theta);
    }

    @Test
    void freshInstanceHasNoEffect() {
        EwcPlusPlus ewc = EwcPlusPlus.create(3, 5000, 0.99);
        float[] theta = {1, 2, 3};
        assertThat(ewc.penalty(theta)).isZero();
        ewc.proximal(theta, 1.0);
        assertThat(theta).containsExactly(1, 2, 3);
        assertThat(ewc.taskCount()).isZero();
    }

    @Test
    void fisherIsTheMeanOfSquaredGradients() {
        EwcPlusPlus ewc = EwcPlusPlus.create(2, 1000, 0.5);
        ewc.accumulateGradient(new float[] {1, 2});
        ewc.accumulateGradient(new float[] {3, 0});
        assertThat(ewc.pendingSamples()).isEqualTo(2);
        assertThat(ewc.pendingFisher()).containsExactly(5.0, 2.0);
        ewc.consolidate(new float[] {0.5f, -1});
        assertThat(ewc.fisher()).containsExactly(5.0, 2.0);
        assertThat(ewc.anchor()).containsExactly(0.5, -1.0);
        assertThat(ewc.pendingSamples()).isZero();
        ewc.accumulateGradient(new float[] {1, 0});
        ewc.consolidate(new float[] {0, 0});
        assertThat(ewc.fisher()).containsExactly(0.5 * 5 + 0.5 * 1, 0.5 * 2);
        EwcPlusPlus copy = ewc.copy();
        ewc.reset();
        assertThat(ewc.taskCount()).isZero();
        assertThat(ewc.fisher()).containsOnly(0.0);
        assertThat(copy.taskCount()).isEqualTo(2);
        assertThat(copy.toString()).contains("tasks=2");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> EwcPlusPlus.create(0, 5000, 0.9)).hasMessageContaining("parameterCount");
        assertThatThrownBy(() -> EwcPlusPlus.create(4, 50, 0.9)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> EwcPlusPlus.create(4, 20_000, 0.9)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> EwcPlusPlus.create(4, 5000, 1.0)).hasMessageContaining("gamma");
        EwcPlusPlus ewc = EwcPlusPlus.create(2, 5000, 0.9);
        assertThatThrownBy(() -> ewc.penalty(new float[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ewc.consolidate(new float[2], new double[] {-1, 0}))
                .hasMessageContaining("fisherNew");
        assertThatThrownBy(() -> ewc.accumulateGradient(new float[] {Float.NaN, 0}))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> ewc.proximal(new float[2], -1)).hasMessageContaining("eta");
        assertThat(ewc.taskCount()).isZero();
        assertThat(ewc.pendingSamples()).isZero();
    }
}
