package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MicroLoRATest {

    static LongStream seeds() {
        return LongStream.range(0, 200).map(i -> 7919 * i + 13);
    }

    @Test
    void freshAdapterIsTheIdentityAndChangesAfterOneUpdate() {
        MicroLoRA lora = MicroLoRA.create(256, 2, 1.0, LoraUpdateRule.ONE_SIDED, 42);
        assertThat(lora.parameterCount()).isEqualTo(1024);
        SplittableRandom rnd = new SplittableRandom(1);
        float[] x = Dags.randomUnit(rnd, 256);
        assertThat(lora.forward(x)).containsExactly(x);
        float[] theta = lora.parameters();
        for (int i = 0; i < 512; i++) {
            assertThat(Math.abs(theta[i])).isLessThanOrEqualTo(0.005f);
        }
        for (int i = 512; i < 1024; i++) {
            assertThat(theta[i]).isZero();
        }
        lora.adapt(x, Dags.randomUnit(rnd, 256), 0.5);
        assertThat(lora.forward(x)).isNotEqualTo(x);
    }

    @Test
    void sameSeedSameWeights() {
        float[] a = MicroLoRA.create(64, 3, 1.0, LoraUpdateRule.ONE_SIDED, 9).parameters();
        float[] b = MicroLoRA.create(64, 3, 1.0, LoraUpdateRule.ONE_SIDED, 9).parameters();
        float[] c = MicroLoRA.create(64, 3, 1.0, LoraUpdateRule.ONE_SIDED, 10).parameters();
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    /** {@code adapt(x, g, η)} is {@code θ + η·direction(x, g)}, float for float, under every rule. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void adaptAddsEtaTimesTheDirection(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 1 + rnd.nextInt(80);
        int r = 1 + rnd.nextInt(16);
        LoraUpdateRule rule = switch (rnd.nextInt(3)) {
            case 0 -> LoraUpdateRule.ONE_SIDED;
            case 1 -> LoraUpdateRule.TWO_SIDED;
            default -> LoraUpdateRule.LEGACY_UPSTREAM;
        };
        MicroLoRA lora = MicroLoRA.create(d, r, 0.25 + rnd.nextDouble(), rule, seed);
        lora.adapt(Dags.randomUnit(rnd, d), Dags.randomUnit(rnd, d), 0.7); // a non-zero B
        float[] x = Dags.randomUnit(rnd, d);
        float[] g = Dags.randomUnit(rnd, d);
        float eta = (float) (rnd.nextDouble() * 2 - 1);
        float[] dir = new float[lora.parameterCount()];
        assertThat(lora.direction(x, g, dir)).isTrue();
        float[] expected = lora.parameters();
        for (int i = 0; i < expected.length; i++) {
            expected[i] += eta * dir[i];
        }
        assertThat(lora.adapt(x, g, eta)).isTrue();
        assertThat(lora.parameters()).as("seed %d, rule %s", seed, rule).containsExactly(expected);
    }

    /** One adapt step is gradient ascent on ⟨ĝ, y⟩ and moves the output toward the signal. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void adaptMovesOutputTowardTheSignal(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 8 + rnd.nextInt(64);
        int r = 1 + rnd.nextInt(4);
        LoraUpdateRule rule = rnd.nextBoolean() ? LoraUpdateRule.ONE_SIDED : LoraUpdateRule.TWO_SIDED;
        MicroLoRA lora = MicroLoRA.create(d, r, 0.5 + rnd.nextDouble(), rule, seed);
        // a non-zero B so the two-sided A update is exercised too
        lora.adapt(Dags.randomUnit(rnd, d), Dags.randomUnit(rnd, d), 1.0);
        float[] x = Dags.randomUnit(rnd, d);
        float[] g = Dags.randomUnit(rnd, d);
        for (int i = 0; i < d; i++) {
            g[i] *= 3; // any scale: ĝ is normalised
        }
        double before = dot(g, lora.forward(x));
        assertThat(lora.adapt(x, g, 0.3)).isTrue();
        double after = dot(g, lora.forward(x));
        assertThat(after).as("seed %d", seed).isGreaterThan(before);
    }

    /** The one-sided change of y is exactly η·s²·‖h‖²·ĝ, h = xA (closed form of the §1.5 rule). */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void oneSidedChangeMatchesClosedForm(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 4 + rnd.nextInt(40);
        int r = 1 + rnd.nextInt(3);
        double s = 0.5 + rnd.nextDouble();
        MicroLoRA lora = MicroLoRA.create(d, r, s, LoraUpdateRule.ONE_SIDED, seed);
        float[] x = Dags.randomUnit(rnd, d);
        float[] g = Dags.randomUnit(rnd, d);
        float[] theta = lora.parameters();
        double h2 = 0;
        for (int j = 0; j < r; j++) {
            double h = 0;
            for (int i = 0; i < d; i++) {
                h += x[i] * theta[i * r + j];
            }
            h2 += h * h;
        }
        float[] y0 = lora.forward(x);
        double eta = 10;
        lora.adapt(x, g, eta);
        float[] y1 = lora.forward(x);
        for (int i = 0; i < d; i++) {
            assertThat((double) y1[i] - y0[i]).isCloseTo(eta * s * s * h2 * g[i], within(1e-6));
        }
    }

    @Test
    void tinySignalIsSkipped() {
        MicroLoRA lora = MicroLoRA.create(4, 1, 1.0, LoraUpdateRule.ONE_SIDED, 1);
        float[] before = lora.parameters();
        assertThat(lora.adapt(new float[] {1, 0, 0, 0}, new float[] {0, 0, 0, 1e-9f}, 1.0))
                .isFalse();
        assertThat(lora.parameters()).containsExactly(before);
        float[] dir = new float[8];
        assertThat(lora.direction(new float[] {1, 0, 0, 0}, new float[4], dir)).isFalse();
        assertThat(dir).containsOnly(0f);
    }

    @Test
    void twoSidedUsesTheOldB() {
        float[] a = {0.1f, 0.2f, 0f, -0.1f};
        float[] b = {0f, 0f, 0.5f, 0f};
        MicroLoRA lora = MicroLoRA.of(4, 1, 1.0, LoraUpdateRule.TWO_SIDED, a, b);
        float[] x = {1, 0, 1, 0};
        lora.adapt(x, new float[] {0, 0, 3, 4}, 0.5);
        float[] theta = lora.parameters();
        // u = ĝ·Bᵀ = 0.6·0.5 = 0.3 with the old B; A += 0.5·x·0.3
        assertThat(theta[0]).isCloseTo(0.1f + 0.15f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(theta[1]).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(theta[2]).isCloseTo(0.15f, org.assertj.core.data.Offset.offset(1e-7f));
        // B += 0.5·h·ĝ with the old A: h = 0.1
        assertThat(theta[6]).isCloseTo(0.5f + 0.03f, org.assertj.core.data.Offset.offset(1e-7f));
        assertThat(theta[7]).isCloseTo(0.04f, org.assertj.core.data.Offset.offset(1e-7f));
    }

    @Test
    void parametersRoundTripAndCopyIsIndependent() {
        MicroLoRA lora = MicroLoRA.create(16, 2, 1.0, LoraUpdateRule.ONE_SIDED, 3);
        MicroLoRA copy = lora.copy();
        float[] theta = lora.parameters();
        theta[40] = 0.25f;
        lora.setParameters(theta);
        assertThat(lora.parameters()).containsExactly(theta);
        assertThat(copy.parameters()[40]).isZero();
        float[] out = new float[16];
        float[] x = new float[16];
        x[0] = 1;
        copy.forward(x, out);
        assertThat(out).containsExactly(x);
        assertThat(lora.toString()).contains("r=2");
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> MicroLoRA.create(4, 0, 1, LoraUpdateRule.ONE_SIDED, 1))
                .hasMessageContaining("rank");
        assertThatThrownBy(() -> MicroLoRA.create(4, 17, 1, LoraUpdateRule.ONE_SIDED, 1))
                .hasMessageContaining("rank");
        assertThatThrownBy(() -> MicroLoRA.create(0, 1, 1, LoraUpdateRule.ONE_SIDED, 1))
                .hasMessageContaining("dim");
        assertThatThrownBy(() -> MicroLoRA.create(4, 1, 0, LoraUpdateRule.ONE_SIDED, 1))
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> MicroLoRA.of(4, 1, 1, LoraUpdateRule.ONE_SIDED, new float[3], new float[4]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        MicroLoRA.of(4, 1, 1, LoraUpdateRule.ONE_SIDED, new float[] {Float.NaN, 0, 0, 0}, new float[4]))
                .hasMessageContaining("not finite");
        MicroLoRA lora = MicroLoRA.create(4, 1, 1, LoraUpdateRule.ONE_SIDED, 1);
        float[] before = lora.parameters();
        assertThatThrownBy(() -> lora.forward(new float[3])).isInstanceOf(IllegalArgumentException.class);
        float[] same = new float[4];
        assertThatThrownBy(() -> lora.forward(same, same)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lora.adapt(new float[4], new float[4], Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lora.setParameters(new float[7])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lora.direction(new float[4], new float[4], new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(lora.parameters()).containsExactly(before);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
