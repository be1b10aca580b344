package io.neuraldag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Quantiles against a brute-force rank definition, q-error and running sums. */
class StatsTest {

    static Stream<Long> seeds() {
        return LongStream.range(1, 21).boxed();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void quantilesMatchTheClosestRankDefinitionAtTheRanks(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(200);
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            v.add(r.nextDouble() * 1000);
        }
        List<Double> sorted = new ArrayList<>(v);
        Collections.sort(sorted);
        for (int k = 0; k < n; k++) {
            double q = n == 1 ? 0.5 : (double) k / (n - 1);
            // at q = k/(n-1) the interpolated quantile is exactly the k-th smallest value
            assertThat(Stats.quantile(v, q)).isCloseTo(n == 1 ? sorted.get(0) : sorted.get(k), within(1e-9));
        }
        double med = Stats.median(v);
        long below = v.stream().filter(x -> x < med).count();
        long above = v.stream().filter(x -> x > med).count();
        assertThat(below).isLessThanOrEqualTo(n / 2);
        assertThat(above).isLessThanOrEqualTo(n / 2);
        assertThat(Stats.quantile(v, 0.9)).isBetween(sorted.get(0), sorted.get(n - 1));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void qErrorIsSymmetricAtLeastOneAndFloored(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double p = r.nextDouble() * 100;
        double a = r.nextDouble() * 100;
        double q = Stats.qError(p, a, 0.1);
        assertThat(q).isGreaterThanOrEqualTo(1.0);
        assertThat(Stats.qError(a, p, 0.1)).isCloseTo(q, within(1e-12));
        double pf = Math.max(p, 0.1);
        double af = Math.max(a, 0.1);
        assertThat(q).isCloseTo(Math.max(pf / af, af / pf), within(1e-12));
        assertThat(Stats.qError(0.0, 0.05, 0.1)).isEqualTo(1.0);
    }

    @Test
    void emptyInputHasNoQuantileAndSumsRun() {
        assertThat(Stats.median(List.of())).isNaN();
        assertThat(Stats.cumulative(List.of(1.0, 2.0, 3.5))).containsExactly(1.0, 3.0, 6.5);
        assertThat(Stats.sum(List.of(1.0, 2.0, 3.5))).isEqualTo(6.5);
    }
}
