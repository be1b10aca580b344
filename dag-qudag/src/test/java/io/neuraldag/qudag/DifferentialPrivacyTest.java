package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DifferentialPrivacyTest {
    @ParameterizedTest(name = "epsilon={0}")
    @ValueSource(doubles = {0.5, 1.0, 4.0})
    void gaussianNoiseHasTheCalibratedStandardDeviation(double eps) {
        int n = 20;
        float[] zero = new float[1];
        PrivacyParams p = PrivacyParams.gaussian(eps, 1e-5);
        double sigma = DifferentialPrivacy.gaussianSigma(eps, 1e-5, 2.0 / n);
        SplittableRandom r = new SplittableRandom(42);
        int draws = 100_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < draws; i++) {
            double x = DifferentialPrivacy.release(zero, n, p, r)[0];
            sum += x;
            sq += x * x;
        }
        double mean = sum / draws;
        double sd = Math.sqrt(sq / draws - mean * mean);
        assertThat(Math.abs(sd - sigma) / sigma)
                .as("sd %s vs sigma %s (seed 42)", sd, sigma)
                .isLessThan(0.02);
    }

    @Test
    void laplaceMeanIsZeroAndMeanAbsoluteIsTheScale() {
        SplittableRandom r = new SplittableRandom(7);
        double b = 0.37;
        double sum = 0;
        double abs = 0;
        int draws = 100_000;
        for (int i = 0; i < draws; i++) {
            double x = DifferentialPrivacy.laplace(r, b);
            sum += x;
            abs += Math.abs(x);
        }
        assertThat(sum / draws).isCloseTo(0, within(0.01));
        assertThat(abs / draws).isCloseTo(b, within(0.02 * b));
        assertThat(DifferentialPrivacy.laplaceScale(1.0, 2.0 * Math.sqrt(256) / 10))
                .isEqualTo(3.2);
    }

    @Test
    void calibration() {
        // classic bound below epsilon 1
        assertThat(DifferentialPrivacy.gaussianSigma(0.5, 1e-5, 1))
                .isCloseTo(Math.sqrt(2 * Math.log(1.25e5)) / 0.5, within(1e-9));
        // analytic: the achieved delta is the target, and it beats the classic formula
        double s = DifferentialPrivacy.gaussianSigma(1.0, 1e-5, 1);
        assertThat(DifferentialPrivacy.analyticDelta(1.0, s, 1)).isCloseTo(1e-5, within(1e-7));
        assertThat(s).isBetween(3.6, 3.9).isLessThan(Math.sqrt(2 * Math.log(1.25e5)));
        assertThat(DifferentialPrivacy.analyticDelta(1.0, s * 0.95, 1)).isGreaterThan(1e-5);
        // erfc against known values
        assertThat(DifferentialPrivacy.erfc(0)).isCloseTo(1, within(1e-7));
        assertThat(DifferentialPrivacy.erfc(1)).isCloseTo(0.157299207050285, within(1e-7));
        assertThat(DifferentialPrivacy.erfc(-2)).isCloseTo(1.995322265018953, within(1e-7));
    }

    @Test
    void clippingBoundsTheNormAndLeavesShortVectorsAlone() {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 200; t++) {
            float[] v = AcceptanceFlow.vector(t);
            for (int i = 0; i < v.length; i++) {
                v[i] *= (float) (r.nextDouble() * 3);
            }
            float[] c = DifferentialPrivacy.clip(v, 1.0);
            double norm = 0;
            for (float x : c) {
                norm += x * x;
            }
            assertThat(Math.sqrt(norm)).isLessThanOrEqualTo(1.0 + 1e-5);
        }
        float[] small = {0.1f, 0.2f};
        assertThat(DifferentialPrivacy.clip(small, 1)).containsExactly(0.1f, 0.2f);
        assertThatThrownBy(() -> DifferentialPrivacy.clip(new float[] {Float.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parametersAreValidated() {
        for (double e : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 10.5}) {
            assertThatThrownBy(() -> PrivacyParams.gaussian(e, 1e-5)).hasMessageContaining("epsilon");
        }
        for (double d : new double[] {0, -1e-9, 2e-3, Double.NaN}) {
            assertThatThrownBy(() -> PrivacyParams.gaussian(1, d)).hasMessageContaining("delta");
        }
        assertThatThrownBy(() -> new PrivacyParams(PrivacyParams.Mechanism.GAUSSIAN, 1, 1e-5, 0))
                .hasMessageContaining("clipNorm");
        assertThatThrownBy(() -> new PrivacyParams(PrivacyParams.Mechanism.LAPLACE, 1, 1e-5, 1))
                .hasMessageContaining("delta");
        assertThatThrownBy(() ->
                        DifferentialPrivacy.release(new float[4], 9, PrivacyParams.defaults(), new SplittableRandom(1)))
                .hasMessageContaining("10 members");
        assertThatThrownBy(() -> PatternProposal.of(new float[4], 9, 1, java.util.Map.of(), PrivacyParams.defaults()))
                .hasMessageContaining("memberCount");
        int q = DifferentialPrivacy.noisyQualityTenths(0.5, 1000, new SplittableRandom(1));
        assertThat(q).isBetween(0, 10);
    }

    @Test
    void accountantRefusesTheReleaseOverBudgetAndRecordsNothing() {
        VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
        PrivacyAccountant a = PrivacyAccountant.create(clock);
        for (int i = 0; i < 9; i++) {
            assertThat(a.tryCharge(1.1)).isTrue();
        }
        assertThat(a.spent()).isCloseTo(9.9, within(1e-9));
        assertThat(a.tryCharge(1.1)).isFalse();
        assertThat(a.spent()).isCloseTo(9.9, within(1e-9));
        assertThat(a.tryCharge(0.1)).isTrue();
        clock.advance(Duration.ofHours(24));
        assertThat(a.spent()).isZero();
        assertThat(a.remaining()).isEqualTo(10.0);
        assertThatThrownBy(() -> a.tryCharge(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClientNeverSendsAReleaseOverBudget() {
        try (InMemoryNetwork net = InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 2))) {
            QuDagClient c = QuDagClient.connect(net.transport(0), net.identity(0));
            PatternProposal p = PatternProposal.of(
                    AcceptanceFlow.vector(1), 100, 0.9, java.util.Map.of(), PrivacyParams.gaussian(4.9, 1e-5));
            c.proposePattern(p).join();
            c.proposePattern(p).join();
            assertThatThrownBy(() -> c.proposePattern(p).join())
                    .hasCauseInstanceOf(QuDagException.class)
                    .hasMessageContaining("budget");
            assertThat(c.privacyAccountant().spent()).isCloseTo(10.0, within(1e-9));
        }
    }
}
