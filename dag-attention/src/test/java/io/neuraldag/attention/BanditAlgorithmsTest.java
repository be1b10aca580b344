package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * KL-UCB and Thompson sampling next to UCB1 (spec 01 §4.1, issue 5's selector criterion): indices
 * against an independent bisection oracle, reproducibility, and the seven-arm Bernoulli bandit.
 */
class BanditAlgorithmsTest {
    private static final double[] GAPS = {0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30};
    private static final int T = 10_000;
    private static final int SEEDS = 20;

    /** Bernoulli divergence, written out independently of the implementation. */
    private static double klOracle(double p, double q) {
        double r = 0;
        if (p > 0) {
            r += p * Math.log(p / q);
        }
        if (p < 1) {
            r += (1 - p) * Math.log((1 - p) / (1 - q));
        }
        return r;
    }

    /** sup{q ∈ [p, 1] : kl(p, q) <= target} by 200 bisection steps. */
    private static double upperOracle(double p, double target) {
        if (target == 0) {
            // kl(p, q) > 0 for every q != p; in floating point it rounds to 0 within ~1e-9 of p
            return p;
        }
        double lo = p;
        double hi = 1.0;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (mid >= 1.0 || klOracle(p, mid) > target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    @Test
    void klUcbIndexMatchesBisection() {
        double[] ps = {0.0, 1e-9, 0.01, 0.2, 0.5, 0.8, 0.85, 0.999, 1 - 1e-9, 1.0};
        double[] targets = {0.0, 1e-9, 1e-4, 0.01, 0.1, 0.5, 2.0, 9.21, 50.0};
        for (double p : ps) {
            for (double t : targets) {
                double u = KlUcbSelector.upperBound(p, t);
                double oracle = upperOracle(p, t);
                assertThat(u).as("p=%s target=%s", p, t).isCloseTo(oracle, offset(1e-9));
                if (u < 1.0) {
                    // at or right of the root: kl(p, u) >= target, up to rounding
                    assertThat(klOracle(p, u))
                            .as("p=%s target=%s", p, t)
                            .isGreaterThanOrEqualTo(t * (1 - 1e-9) - 1e-15);
                }
                assertThat(u).isBetween(p, 1.0);
            }
        }
        // hand-computed: p = 0 has the closed form 1 - e^(-t); ln 2 gives 1/2
        assertThat(KlUcbSelector.upperBound(0.0, Math.log(2))).isCloseTo(0.5, offset(1e-15));
        assertThat(KlUcbSelector.kl(0.5, 0.5)).isZero();
        assertThat(KlUcbSelector.kl(1.0, 0.5)).isCloseTo(Math.log(2), offset(1e-15));
    }

    /** After one pull each with rewards 1 and 0: N = 2, indices 1 and 1 - e^(-ln 2) = 0.5. */
    @Test
    void klUcbHandExample() {
        AttentionSelector sel = AttentionSelector.klUcb(2);
        assertThat(sel.select()).isZero();
        sel.update(0, 1.0);
        assertThat(sel.select()).isEqualTo(1);
        sel.update(1, 0.0);
        assertThat(sel.select()).isZero();
        assertThat(sel.bestArm()).hasValue(0);
        assertThat(sel.toString()).contains("KL-UCB").contains("2 arms");
    }

    /** select equals the argmax of the oracle indices on seeded random statistics, c = 0 and c = 3. */
    @ParameterizedTest(name = "c = {0}")
    @ValueSource(doubles = {0.0, 3.0})
    void klUcbSelectsTheOracleArgmax(double c) {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int k = 2 + rnd.nextInt(6);
            AttentionSelector sel = AttentionSelector.create(SelectorConfig.builder()
                    .arms(k)
                    .algorithm(SelectorConfig.Algorithm.KL_UCB)
                    .klExploration(c)
                    .build());
            int pulls = k + rnd.nextInt(300);
            for (int i = 0; i < pulls; i++) {
                int arm = i < k ? i : rnd.nextInt(k);
                sel.update(arm, rnd.nextInt(4) == 0 ? rnd.nextDouble() : rnd.nextInt(2));
            }
            List<ArmStats> st = sel.stats();
            long n = 0;
            for (ArmStats a : st) {
                n += a.pulls();
            }
            double total = (double) n;
            double f = Math.log(total) + (total > Math.E ? c * Math.log(Math.log(total)) : 0.0);
            double[] index = new double[k];
            int best = 0;
            for (ArmStats a : st) {
                index[a.arm()] = upperOracle(a.meanReward(), f / a.pulls());
                if (index[a.arm()] > index[best]) {
                    best = a.arm();
                }
            }
            int chosen = sel.select();
            // equal up to the oracle's precision: the chosen arm's index is the maximum
            assertThat(index[chosen])
                    .as("seed %d, indices %s", seed, Arrays.toString(index))
                    .isCloseTo(index[best], offset(1e-9));
        }
    }

    /** KL-UCB+: the argmax of the oracle indices with the per-arm budget max(0, ln(N/n_i)) + c·ln ln N. */
    @ParameterizedTest(name = "c = {0}")
    @ValueSource(doubles = {0.0, 3.0})
    void klUcbPlusSelectsTheOracleArgmax(double c) {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int k = 2 + rnd.nextInt(6);
            AttentionSelector sel = AttentionSelector.create(SelectorConfig.builder()
                    .arms(k)
                    .algorithm(SelectorConfig.Algorithm.KL_UCB_PLUS)
                    .klExploration(c)
                    .build());
            int pulls = k + rnd.nextInt(300);
            for (int i = 0; i < pulls; i++) {
                int arm = i < k ? i : rnd.nextInt(k);
                sel.update(arm, rnd.nextInt(4) == 0 ? rnd.nextDouble() : rnd.nextInt(2));
            }
            List<ArmStats> st = sel.stats();
            long n = 0;
            for (ArmStats a : st) {
                n += a.pulls();
            }
            double total = (double) n;
            double lnLn = total > Math.E ? c * Math.log(Math.log(total)) : 0.0;
            double[] index = new double[k];
            int best = 0;
            for (ArmStats a : st) {
                double f = Math.max(0.0, Math.log(total / a.pulls())) + lnLn;
                index[a.arm()] = upperOracle(a.meanReward(), f / a.pulls());
                if (index[a.arm()] > index[best]) {
                    best = a.arm();
                }
            }
            int chosen = sel.select();
            assertThat(index[chosen])
                    .as("seed %d, indices %s", seed, Arrays.toString(index))
                    .isCloseTo(index[best], offset(1e-9));
        }
    }

    /**
     * Arm 0 pulled 9 times (6 ones), arm 1 once (a zero), N = 10. Arm 1's index is 1 - e^(-ln 10) =
     * 0.9 under both rules (n = 1). Arm 0's is above 0.9 with KL-UCB's budget ln 10 / 9 but below
     * it with KL-UCB+'s ln(10/9) / 9, so the two rules pick different arms.
     */
    @Test
    void klUcbPlusHandExample() {
        assertThat(upperOracle(2.0 / 3.0, Math.log(10.0) / 9)).isGreaterThan(0.9);
        assertThat(upperOracle(2.0 / 3.0, Math.log(10.0 / 9.0) / 9)).isLessThan(0.9);
        AttentionSelector plus = AttentionSelector.create(SelectorConfig.builder()
                .arms(2)
                .algorithm(SelectorConfig.Algorithm.KL_UCB_PLUS)
                .build());
        AttentionSelector plain = AttentionSelector.klUcb(2);
        for (AttentionSelector sel : List.of(plus, plain)) {
            for (int i = 0; i < 9; i++) {
                sel.update(0, i < 6 ? 1.0 : 0.0);
            }
            sel.update(1, 0.0);
        }
        assertThat(plus.select()).isEqualTo(1);
        assertThat(plain.select()).isZero();
        assertThat(plus.toString()).startsWith("KL-UCB+ selector");
        assertThat(plain.toString()).startsWith("KL-UCB selector");
    }

    @Test
    void thompsonIsReproducibleAndUsesTheInjectedGenerator() {
        SelectorConfig config = SelectorConfig.builder()
                .arms(5)
                .algorithm(SelectorConfig.Algorithm.THOMPSON)
                .build();
        AttentionSelector a = AttentionSelector.create(config, new SplittableRandom(7));
        AttentionSelector b = AttentionSelector.create(config, new SplittableRandom(7));
        AttentionSelector seeded = AttentionSelector.create(config);
        AttentionSelector seededToo = AttentionSelector.thompson(5);
        SplittableRandom rewards = new SplittableRandom(3);
        List<Integer> picksA = new ArrayList<>();
        List<Integer> picksB = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int x = a.select();
            int y = b.select();
            int s = seeded.select();
            assertThat(seededToo.select()).isEqualTo(s);
            double r = rewards.nextDouble();
            a.update(x, r);
            b.update(y, r);
            seeded.update(s, r);
            seededToo.update(s, r);
            picksA.add(x);
            picksB.add(y);
        }
        assertThat(picksA).isEqualTo(picksB);
        assertThat(a.toString()).contains("Thompson");
    }

    @Test
    void thompsonFollowsAClearPosterior() {
        AttentionSelector sel = AttentionSelector.thompson(2);
        for (int i = 0; i < 100; i++) {
            sel.update(0, 0.0);
            sel.update(1, 1.0);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(sel.select()).isEqualTo(1);
        }
        assertThat(sel.bestArm()).hasValue(1);
    }

    /** Marsaglia–Tsang Gamma(a) draws: sample mean a and variance a within 3 %. */
    @ParameterizedTest(name = "shape {0}")
    @ValueSource(doubles = {1.0, 1.5, 7.0, 400.0})
    void gammaDrawsHaveTheRightMoments(double shape) {
        SplittableRandom rnd = new SplittableRandom(11);
        int m = 40_000;
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < m; i++) {
            double x = ThompsonSelector.gamma(rnd, shape);
            assertThat(x).isPositive();
            sum += x;
            sq += x * x;
        }
        double mean = sum / m;
        double var = sq / m - mean * mean;
        assertThat(mean).isCloseTo(shape, offset(0.03 * shape));
        assertThat(var).isCloseTo(shape, offset(0.05 * shape));
    }

    @Test
    @SuppressWarnings("NullAway") // a null algorithm is the point of the check
    void configSelectsTheAlgorithm() {
        assertThat(SelectorConfig.defaults().algorithm()).isEqualTo(SelectorConfig.Algorithm.UCB1);
        assertThat(SelectorConfig.defaults().klExploration()).isZero();
        assertThat(AttentionSelector.create(SelectorConfig.defaults()).toString())
                .startsWith("UCB1");
        assertThatThrownBy(() -> SelectorConfig.builder().klExploration(-1).build())
                .isInstanceOf(AttentionException.class)
                .hasMessageStartingWith("klExploration");
        assertThatThrownBy(() -> SelectorConfig.builder()
                        .klExploration(Double.POSITIVE_INFINITY)
                        .build())
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> SelectorConfig.builder().algorithm(null).build())
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AttentionSelector.klUcb(0)).isInstanceOf(AttentionException.class);
    }

    // ------------------------------------------------------------------ the seven-arm bandit

    /** Best-arm pulls in the last 1000 rounds per seed, asserting the regret bound on each. */
    private static int[] sevenArms(LongFunction<AttentionSelector> factory) {
        double bound = Math.sqrt(7.0 * T * Math.log(T));
        int[] shares = new int[SEEDS];
        for (int seed = 1; seed <= SEEDS; seed++) {
            int[] perm = TestDags.shuffled(7, new SplittableRandom(seed ^ 0xABCDL));
            double[] means = new double[7];
            for (int i = 0; i < 7; i++) {
                means[perm[i]] = 0.85 - GAPS[i];
            }
            AttentionSelectorTest.Run run = AttentionSelectorTest.play(factory.apply(seed), means, T, seed);
            assertThat(run.regret()).as("seed %d", seed).isLessThan(bound);
            shares[seed - 1] = run.bestInLast1000();
        }
        Arrays.sort(shares);
        return shares;
    }

    /** One seed of the seven-arm bandit (arm means a seeded permutation of 0.85 - GAPS). */
    private static AttentionSelectorTest.Run sevenArmRun(AttentionSelector selector, long seed) {
        int[] perm = TestDags.shuffled(7, new SplittableRandom(seed ^ 0xABCDL));
        double[] means = new double[7];
        for (int i = 0; i < 7; i++) {
            means[perm[i]] = 0.85 - GAPS[i];
        }
        return AttentionSelectorTest.play(selector, means, T, seed);
    }

    private static final int PLUS_SEEDS = 200;
    private static final Map<Long, AttentionSelectorTest.Run> PLUS_RUNS = new ConcurrentHashMap<>();

    private static AttentionSelectorTest.Run klUcbPlusRun(long seed) {
        return PLUS_RUNS.computeIfAbsent(
                seed,
                s -> sevenArmRun(
                        AttentionSelector.create(SelectorConfig.builder()
                                .arms(7)
                                .algorithm(SelectorConfig.Algorithm.KL_UCB_PLUS)
                                .build()),
                        s));
    }

    static LongStream plusSeeds() {
        return LongStream.rangeClosed(1, PLUS_SEEDS);
    }

    /** KL-UCB+ on seeds 1–200, one case per seed: cumulative regret below √(K·T·ln T). */
    @ParameterizedTest(name = "KL-UCB+ seven arms, seed {0}")
    @MethodSource("plusSeeds")
    void klUcbPlusRegretOnSevenArms(long seed) {
        assertThat(klUcbPlusRun(seed).regret()).isLessThan(Math.sqrt(7.0 * T * Math.log(T)));
    }

    /**
     * KL-UCB+ on the same 200 runs: the best arm in at least 90 % of the last 1000 rounds is met on
     * all of seeds 1–200 but not on every seed in general (973 of seeds 1–1000, measured), so this
     * asserts the measured rate with a margin, at least 190 of 200, and a median share of at least
     * 990, rather than every seed.
     */
    @Test
    void klUcbPlusBestArmShareOnSevenArms() {
        int[] s = new int[PLUS_SEEDS];
        for (int seed = 1; seed <= PLUS_SEEDS; seed++) {
            s[seed - 1] = klUcbPlusRun(seed).bestInLast1000();
        }
        Arrays.sort(s);
        assertThat(Arrays.stream(s).filter(x -> x >= 900).count())
                .as("shares %s", Arrays.toString(s))
                .isGreaterThanOrEqualTo(190);
        assertThat(median(s)).isGreaterThanOrEqualTo(990);
    }

    private static double median(int[] sorted) {
        return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }

    private static double mean(int[] a) {
        return Arrays.stream(a).average().orElseThrow();
    }

    /**
     * KL-UCB on seeds 1–20: regret below √(K·T·ln T) on every seed; best-arm share of the last 1000
     * pulls min 879, median 992, mean 971, at least 900 on 18 of the 20 seeds (on seeds 1–100: 95).
     */
    @Test
    void klUcbOnSevenArms() {
        int[] s = sevenArms(seed -> AttentionSelector.klUcb(7));
        assertThat(median(s)).isGreaterThanOrEqualTo(900);
        assertThat(mean(s)).isGreaterThanOrEqualTo(900);
        assertThat(s[0]).as("min %s", Arrays.toString(s)).isGreaterThanOrEqualTo(850);
        assertThat(Arrays.stream(s).filter(x -> x >= 900).count()).isGreaterThanOrEqualTo(18);
    }

    /**
     * Thompson sampling (generator seed 31·seed) on seeds 1–20: regret below √(K·T·ln T) on every
     * seed; best-arm share min 890, median 994.5, mean 985, at least 900 on 19 of the 20 seeds (on
     * seeds 1–100: 99).
     */
    @Test
    void thompsonOnSevenArms() {
        SelectorConfig c = SelectorConfig.builder()
                .arms(7)
                .algorithm(SelectorConfig.Algorithm.THOMPSON)
                .build();
        int[] s = sevenArms(seed -> AttentionSelector.create(c, new SplittableRandom(31 * seed)));
        assertThat(median(s)).isGreaterThanOrEqualTo(900);
        assertThat(mean(s)).isGreaterThanOrEqualTo(900);
        assertThat(s[0]).as("min %s", Arrays.toString(s)).isGreaterThanOrEqualTo(850);
        assertThat(Arrays.stream(s).filter(x -> x >= 900).count()).isGreaterThanOrEqualTo(19);
    }

    /**
     * UCB1 (c = √2) on the same runs: regret below the bound on every seed, but a best-arm share of
     * only min 576, median 798, mean 789 (at least 900 on 4 of 20 seeds): its Hoeffding width √(2 ln N/n)
     * keeps sampling the 0.05-gap arm.
     */
    @Test
    void ucb1OnSevenArmsMeetsTheRegretBoundOnly() {
        int[] s = sevenArms(seed -> AttentionSelector.ucb1(7));
        assertThat(median(s)).isBetween(700.0, 900.0);
        assertThat(s[0]).isGreaterThan(500);
    }
}
