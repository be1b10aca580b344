package io.neuraldag.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The UCB1 selector, spec 01 §4.1 and §7 item 14. */
class AttentionSelectorTest {

    /** Result of one bandit run. */
    record Run(double regret, int bestInLast1000, int bestEstimateInLast1000) {}

    /** Plays T rounds on Bernoulli arms with the given means; rewards drawn from a seeded RNG. */
    static Run play(AttentionSelector sel, double[] means, int rounds, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int best = 0;
        for (int i = 1; i < means.length; i++) {
            if (means[i] > means[best]) {
                best = i;
            }
        }
        double regret = 0;
        int last = 0;
        int estimate = 0;
        for (int t = 0; t < rounds; t++) {
            int arm = sel.select();
            sel.update(arm, rnd.nextDouble() < means[arm] ? 1.0 : 0.0);
            regret += means[best] - means[arm];
            if (t >= rounds - 1000) {
                if (arm == best) {
                    last++;
                }
                if (sel.bestArm().orElse(-1) == best) {
                    estimate++;
                }
            }
        }
        return new Run(regret, last, estimate);
    }

    @Test
    void twoStepExampleOfSection41() {
        AttentionSelector sel = AttentionSelector.ucb1(3);
        double[] rewards = {0.2, 0.5, 0.9};
        for (int i = 0; i < 3; i++) {
            assertThat(sel.select()).isEqualTo(i);
            sel.update(i, rewards[i]);
        }
        assertThat(ucb(sel)).containsExactly(new double[] {1.682304, 1.982304, 2.382304}, offset(1e-6));
        assertThat(sel.select()).isEqualTo(2);
        sel.update(2, 0.9);
        assertThat(ucb(sel)).containsExactly(new double[] {1.865109, 2.165109, 2.077410}, offset(1e-6));
        assertThat(sel.select()).isEqualTo(1);
    }

    private static double[] ucb(AttentionSelector sel) {
        List<ArmStats> st = sel.stats();
        long total = 0;
        for (ArmStats a : st) {
            total += a.pulls();
        }
        double[] r = new double[st.size()];
        for (ArmStats a : st) {
            r[a.arm()] = a.meanReward() + Math.sqrt(2) * Math.sqrt(Math.log((double) total) / a.pulls());
        }
        return r;
    }

    @Test
    void everyArmIsTriedFirstAndTiesGoToTheLowestIndex() {
        AttentionSelector sel = AttentionSelector.ucb1(7);
        for (int i = 0; i < 7; i++) {
            assertThat(sel.select()).isEqualTo(i);
            sel.update(i, 0.5);
        }
        assertThat(sel.select()).isZero();
        assertThat(sel.bestArm()).hasValue(0);
    }

    @Test
    void minSamplesRepeatsTheFirstArm() {
        AttentionSelector sel = AttentionSelector.create(
                SelectorConfig.builder().arms(2).minSamples(3).build());
        for (int i = 0; i < 3; i++) {
            assertThat(sel.select()).isZero();
            sel.update(0, 1.0);
        }
        assertThat(sel.bestArm()).hasValue(0);
        assertThat(sel.select()).isEqualTo(1);
    }

    @Test
    void rewardsAreClampedAndNanIsRejected() {
        AttentionSelector sel = AttentionSelector.ucb1(2);
        sel.update(0, 5);
        sel.update(1, -3);
        assertThat(sel.stats().get(0).meanReward()).isEqualTo(1.0);
        assertThat(sel.stats().get(1).meanReward()).isZero();
        assertThatThrownBy(() -> sel.update(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sel.update(2, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sel.update(-1, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sel.update("ctx", 9, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(sel.stats().get(0).pulls()).isEqualTo(1);
    }

    @Test
    void bestArmIsEmptyBeforeAnySample() {
        AttentionSelector sel = AttentionSelector.ucb1(3);
        assertThat(sel.bestArm()).isEmpty();
        assertThat(sel.stats()).extracting(ArmStats::pulls).containsOnly(0L);
        assertThat(sel.arms()).isEqualTo(3);
        assertThat(sel.toString()).contains("3 arms");
    }

    @Test
    void contextsAreIndependentAndBounded() {
        AttentionSelector sel = AttentionSelector.create(
                SelectorConfig.builder().arms(2).maxContexts(2).build());
        sel.update("a", 1, 1.0);
        assertThat(sel.stats().get(1).pulls()).isZero();
        assertThat(sel.stats("a").get(1).pulls()).isEqualTo(1);
        assertThat(sel.bestArm("a")).hasValue(1);
        assertThat(sel.select("a")).isZero();
        assertThat(sel.select("")).isZero();
        sel.update("b", 0, 1.0);
        sel.update("c", 0, 1.0);
        // "a" was least recently used and is gone
        assertThat(sel.stats("a").get(1).pulls()).isZero();
        sel.reset();
        assertThat(sel.stats("c").get(0).pulls()).isZero();
    }

    @Test
    void epsilonExplorationIsSeededAndReproducible() {
        SelectorConfig c = SelectorConfig.builder().arms(4).epsilon(1.0).seed(7).build();
        AttentionSelector a = AttentionSelector.create(c);
        AttentionSelector b = AttentionSelector.create(c);
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            int x = a.select();
            assertThat(b.select()).isEqualTo(x);
            a.update(x, 0.0);
            b.update(x, 0.0);
            if (i >= 4) {
                counts[x]++;
            }
        }
        for (int k : counts) {
            assertThat(k).isBetween(850, 1150);
        }
    }

    @Test
    void rewardOfSection41() {
        assertThat(AttentionSelector.reward(100, 100)).isEqualTo(0.5);
        assertThat(AttentionSelector.reward(100, 50)).isEqualTo(0.75);
        assertThat(AttentionSelector.reward(100, 0)).isEqualTo(1.0);
        assertThat(AttentionSelector.reward(100, 300)).isZero();
        assertThatThrownBy(() -> AttentionSelector.reward(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttentionSelector.reward(1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttentionSelector.reward(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AttentionSelector.reward(1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> SelectorConfig.builder().arms(0).build()).isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> SelectorConfig.builder().exploration(-1).build())
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(
                        () -> SelectorConfig.builder().exploration(Double.NaN).build())
                .isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> SelectorConfig.builder().minSamples(0).build()).isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> SelectorConfig.builder().epsilon(1.5).build()).isInstanceOf(AttentionException.class);
        assertThatThrownBy(() -> SelectorConfig.builder().maxContexts(0).build())
                .isInstanceOf(AttentionException.class);
        SelectorConfig d = SelectorConfig.defaults();
        assertThat(d.arms()).isEqualTo(7);
        assertThat(d.exploration()).isEqualTo(Math.sqrt(2));
        assertThat(d.epsilon()).isZero();
        assertThat(d.minSamples()).isEqualTo(1);
    }

    /**
     * Seven Bernoulli arms with gaps 0.05 to 0.3 (issue 5): regret below √(K·T·ln T) on every seed.
     * The selector's best-arm estimate is the true best arm in at least 90 % of the last 1000 rounds.
     * The pull share of the best arm there is about 80 % (UCB1 with c = √2 still explores the
     * 0.05-gap arm at a rate of roughly 2/(Δ²t) ≈ 8 % per round at t = 10^4), so only its plurality is
     * asserted.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void sevenArmBanditRegretIsBelowTheWorstCaseBound(long seed) {
        double[] gaps = {0.0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30};
        int[] perm = TestDags.shuffled(7, new SplittableRandom(seed ^ 0xABCDL));
        double[] means = new double[7];
        for (int i = 0; i < 7; i++) {
            means[perm[i]] = 0.85 - gaps[i];
        }
        int t = 10_000;
        Run run = play(AttentionSelector.ucb1(7), means, t, seed);
        double bound = Math.sqrt(7.0 * t * Math.log(t));
        assertThat(run.regret()).as("seed %d", seed).isLessThan(bound);
        assertThat(run.bestEstimateInLast1000()).as("seed %d", seed).isGreaterThanOrEqualTo(900);
        assertThat(run.bestInLast1000()).as("seed %d", seed).isGreaterThan(500);
    }

    /** Spec 01 §7 item 14: arms 0.2, 0.5, 0.8 over 20 seeds, against the Auer et al. bound. */
    @Test
    void threeArmBanditMeetsTheAuerBound() {
        double[] means = {0.2, 0.5, 0.8};
        int t = 10_000;
        double lnT = Math.log(t);
        double[] gaps = {0.6, 0.3};
        double bound = 0;
        for (double d : gaps) {
            bound += 8 * lnT / d + (1 + Math.PI * Math.PI / 3) * d;
        }
        assertThat(bound).isCloseTo(372.3, offset(0.1));
        double total = 0;
        for (long seed = 1; seed <= 20; seed++) {
            AttentionSelector sel = AttentionSelector.ucb1(3);
            Run run = play(sel, means, t, seed);
            total += run.regret();
            assertThat(run.bestInLast1000()).as("seed %d", seed).isGreaterThanOrEqualTo(900);
            assertThat(sel.bestArm()).hasValue(2);
        }
        assertThat(total / 20).isLessThanOrEqualTo(bound);
    }

    @Test
    void fourThreadsKeepConsistentCounts() throws Exception {
        AttentionSelector sel = AttentionSelector.ucb1(7);
        AtomicLongArray updates = new AtomicLongArray(7);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int th = 0; th < 4; th++) {
                long seed = th;
                fs.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    for (int i = 0; i < 5000; i++) {
                        String ctx = i % 2 == 0 ? "" : "ctx" + (i % 3);
                        int arm = ctx.isEmpty() ? sel.select() : sel.select(ctx);
                        if (ctx.isEmpty()) {
                            sel.update(arm, rnd.nextDouble());
                            updates.incrementAndGet(arm);
                        } else {
                            sel.update(ctx, arm, rnd.nextDouble());
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long total = 0;
        for (ArmStats a : sel.stats()) {
            assertThat(a.pulls()).isEqualTo(updates.get(a.arm()));
            assertThat(a.meanReward()).isBetween(0.0, 1.0);
            total += a.pulls();
        }
        assertThat(total).isEqualTo(4 * 2500);
        long ctx = 0;
        for (String c : new String[] {"ctx0", "ctx1", "ctx2"}) {
            for (ArmStats a : sel.stats(c)) {
                ctx += a.pulls();
            }
        }
        assertThat(ctx).isEqualTo(4 * 2500);
    }
}
