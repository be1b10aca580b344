package io.neuraldag.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToDoubleFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HintAdvisorTest {
    private static final HintArm DEFAULT = HintArm.defaultArm();
    private static final HintArm NO_NL = HintArm.plannerArms().get(1);
    private static final HintArm NO_MERGE = HintArm.plannerArms().get(4);
    private static final List<HintArm> ARMS = List.of(DEFAULT, NO_NL, NO_MERGE);

    /** Default plans a nested loop; no_nestloop a hash join; no_merge keeps the nested loop. */
    private static final List<String> PLANS = List.of(
            HintPlans.nestedLoop(120, 50, 40),
            HintPlans.hashJoin(300, 50, 40, 5000),
            HintPlans.nestedLoop(120, 50, 40));

    static LongStream seeds() {
        return LongStream.of(1, 2, 3, 17, 4242);
    }

    private static LearnedHintAdvisor advisor(int guard, long seed) {
        return (LearnedHintAdvisor) HintAdvisor.builder()
                .arms(ARMS)
                .guardMinSamples(guard)
                .seed(seed)
                .build();
    }

    private static HintAdvisor.Choice choose(LearnedHintAdvisor a, String template) {
        return a.decide(template, a.planOffline(PLANS), System.nanoTime());
    }

    private static HintAdvisor.Choice choose(LearnedHintAdvisor a, String template, List<?> binds) {
        return a.decide(template, binds, a.planOffline(PLANS), System.nanoTime());
    }

    // ------------------------------------------------------------------ featurization

    @Test
    void featuresFollowTheDocumentedLayout() {
        PlanFeaturizer f = new PlanFeaturizer();
        String json = HintPlans.nestedLoop(120, 50, 40);
        ImportedPlan plan = PostgresPlans.fromExplainJson(json);
        double[] x = f.features(plan, DEFAULT);
        assertEquals(PlanFeaturizer.DIMENSION, x.length);
        for (double v : x) {
            assertTrue(Double.isFinite(v));
        }
        // the estimates as written into the JSON above
        assertEquals(Math.log1p(120), x[24], 1e-12);
        assertEquals(Math.log1p(50), x[25], 1e-12);
        assertEquals(Math.log1p(3), x[26], 1e-12);
        // attention weights are a distribution over the three nodes: the group block sums to 1
        double groups = 0;
        for (int g = 0; g < PlanFeaturizer.GROUPS; g++) {
            assertTrue(x[27 + g] >= 0);
            groups += x[27 + g];
        }
        assertEquals(1.0, groups, 1e-9);
        assertTrue(x[27 + 4] > 0, "nested loop group");
        assertEquals(0.0, x[27 + 5], "no hash join");
        // Σ ln(1 + rows) per operator kind: the NL root has 50 rows, the seq scan 40, the index scan 1
        assertEquals(Math.log1p(50), x[41], 1e-12);
        assertEquals(0.0, x[42]);
        assertEquals(Math.log1p(40), x[44], 1e-12);
        assertEquals(Math.log1p(1), x[45], 1e-12);
        assertArrayEquals(Arrays.copyOf(plan.dag().planVector(), 24), Arrays.copyOf(x, 24), 0.0);
        assertEquals(0.0, x[46]);
        assertEquals(0.0, x[47]);
    }

    @Test
    void vectorArmsChangeTheirFeatures() {
        PlanFeaturizer f = new PlanFeaturizer();
        ImportedPlan plan = PostgresPlans.fromExplainJson(HintPlans.scan(10, 10));
        HintArm ef80 = HintArm.vectorArms().stream()
                .filter(a -> a.name().equals("ef_search_80"))
                .findFirst()
                .orElseThrow();
        HintArm probes10 = HintArm.vectorArms().stream()
                .filter(a -> a.name().equals("probes_10"))
                .findFirst()
                .orElseThrow();
        assertEquals(Math.log1p(80), f.features(plan, ef80)[46], 1e-12);
        assertEquals(Math.log1p(10), f.features(plan, probes10)[47], 1e-12);
        double[] a = f.features(plan, ef80);
        double[] b = f.features(plan, DEFAULT);
        assertArrayEquals(Arrays.copyOf(a, 46), Arrays.copyOf(b, 46), 0.0);
    }

    @Test
    void differentJoinPlansGetDifferentFeatures() {
        PlanFeaturizer f = new PlanFeaturizer();
        double[] nl = f.features(PostgresPlans.fromExplainJson(HintPlans.nestedLoop(100, 10, 10)), DEFAULT);
        double[] hj = f.features(PostgresPlans.fromExplainJson(HintPlans.hashJoin(100, 10, 10, 10)), DEFAULT);
        double[] mj = f.features(PostgresPlans.fromExplainJson(HintPlans.mergeJoin(100, 10)), DEFAULT);
        assertFalse(Arrays.equals(nl, hj));
        assertFalse(Arrays.equals(nl, mj));
        assertTrue(hj[27 + 5] > 0);
        assertTrue(mj[27 + 6] > 0);
        assertEquals(Math.log1p(10), mj[43], 1e-12);
    }

    // ------------------------------------------------------------------ model

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void choleskySolveMatchesGaussianElimination(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int p = 2 + r.nextInt(12);
        double[][] m = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                m[i][j] = r.nextDouble(-1, 1);
            }
        }
        double[] a = new double[p * p];
        double[][] full = new double[p][p + 1];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                double s = i == j ? 0.5 : 0;
                for (int k = 0; k < p; k++) {
                    s += m[i][k] * m[j][k];
                }
                a[i * p + j] = j <= i ? s : 0;
                full[i][j] = s;
            }
        }
        double[] b = new double[p];
        for (int i = 0; i < p; i++) {
            b[i] = r.nextDouble(-3, 3);
            full[i][p] = b[i];
        }
        double[] w = LatencyEnsemble.solveSpd(a, b, p);
        // Gauss-Jordan with partial pivoting on the full matrix
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int i = c + 1; i < p; i++) {
                if (Math.abs(full[i][c]) > Math.abs(full[piv][c])) {
                    piv = i;
                }
            }
            double[] t = full[c];
            full[c] = full[piv];
            full[piv] = t;
            for (int i = 0; i < p; i++) {
                if (i != c) {
                    double f = full[i][c] / full[c][c];
                    for (int j = c; j <= p; j++) {
                        full[i][j] -= f * full[c][j];
                    }
                }
            }
        }
        for (int i = 0; i < p; i++) {
            assertEquals(full[i][p] / full[i][i], w[i], 1e-8);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void ensembleLearnsASyntheticLatencyFunction(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = PlanFeaturizer.DIMENSION;
        double[] truth = new double[d];
        for (int j = 0; j < 8; j++) {
            truth[r.nextInt(d)] = r.nextDouble(-1, 1);
        }
        ToDoubleFunction<double[]> f = x -> {
            double s = 1.5;
            for (int j = 0; j < d; j++) {
                s += truth[j] * x[j];
            }
            return s;
        };
        int n = 600;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = point(r, d);
            y[i] = f.applyAsDouble(x[i]) + 0.05 * (r.nextDouble() - 0.5);
        }
        LatencyEnsemble m = LatencyEnsemble.fit(x, y, 10, seed);
        double se = 0;
        double var = 0;
        int tests = 300;
        double[] ty = new double[tests];
        for (int i = 0; i < tests; i++) {
            double[] t = point(r, d);
            ty[i] = f.applyAsDouble(t);
            double e = m.meanLog(t) - ty[i];
            se += e * e;
        }
        double mean = Arrays.stream(ty).average().orElseThrow();
        for (double v : ty) {
            var += (v - mean) * (v - mean);
        }
        double r2 = 1 - se / var;
        assertTrue(r2 > 0.97, "R² on fresh points " + r2);
        assertTrue(Math.sqrt(se / tests) < 0.1, "RMSE " + Math.sqrt(se / tests));
    }

    private static double[] point(SplittableRandom r, int d) {
        double[] p = new double[d];
        for (int j = 0; j < d; j++) {
            p[j] = r.nextDouble(0, 2);
        }
        return p;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void membersDisagreeFarFromTheDataAndAgreeNearIt(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 6;
        int n = 400;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextDouble(0, 1);
            y[i] = 2 * x[i][0];
        }
        LatencyEnsemble m = LatencyEnsemble.fit(x, y, 10, seed);
        double[] near = {0.5, 0, 0, 0, 0, 0};
        double[] far = {0.5, 5, 5, 5, 5, 5};
        assertTrue(spread(m, far) > 10 * spread(m, near), "far " + spread(m, far) + " near " + spread(m, near));
    }

    private static double spread(LatencyEnsemble m, double[] x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < m.members(); k++) {
            lo = Math.min(lo, m.predictLog(k, x));
            hi = Math.max(hi, m.predictLog(k, x));
        }
        return hi - lo;
    }

    @Test
    void fitRejectsInconsistentData() {
        assertThrows(IllegalArgumentException.class, () -> LatencyEnsemble.fit(new double[0][], new double[0], 3, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> LatencyEnsemble.fit(new double[][] {{1}, {1, 2}}, new double[2], 3, 1));
    }

    // ------------------------------------------------------------------ policy

    @Test
    void untrainedAdvisorChoosesTheDefault() {
        LearnedHintAdvisor a = advisor(0, 9);
        for (int i = 0; i < 20; i++) {
            HintAdvisor.Choice c = choose(a, "t");
            assertEquals(DEFAULT, c.chosen());
            assertTrue(Double.isNaN(c.predictedMillis()));
            assertFalse(c.guarded());
            assertEquals(ARMS.size(), c.candidates().size());
            assertEquals(120.0, c.candidates().get(0).totalCost());
            assertEquals(300.0, c.candidates().get(1).totalCost());
        }
        assertEquals(0, a.retrain().samples());
        assertEquals(DEFAULT, choose(a, "t").chosen());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void thompsonSamplingExploresAnUncertainModel(long seed) {
        LearnedHintAdvisor a = advisor(0, seed);
        a.observe(choose(a, "t"), 10, false);
        a.retrain();
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            chosen.add(choose(a, "t").chosen().name());
        }
        assertTrue(chosen.size() >= 2, "one observation leaves the model uncertain, yet only " + chosen + " ran");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theSameSeedGivesTheSameChoices(long seed) {
        List<String> first = run(seed);
        assertEquals(first, run(seed));
    }

    private static List<String> run(long seed) {
        LearnedHintAdvisor a = advisor(2, seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            HintAdvisor.Choice c = choose(a, "t" + (i % 2));
            out.add(c.chosen().name());
            a.observe(c, c.chosen().equals(NO_NL) ? 5 : 20, false);
            if (i % 10 == 9) {
                a.retrain();
            }
        }
        return out;
    }

    /** Runs a deterministic sequence where each arm has a fixed latency; returns the choices. */
    private static List<HintAdvisor.Choice> sequence(LearnedHintAdvisor a, double defaultMs, double noNlMs, int n) {
        List<HintAdvisor.Choice> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HintAdvisor.Choice c = choose(a, "trap");
            double ms = c.chosen().equals(NO_NL) ? noNlMs : defaultMs;
            a.observe(c, ms, false);
            out.add(c);
            if (i % 5 == 4) {
                a.retrain();
            }
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void guardBlocksAWorseArm(long seed) {
        int m = 3;
        LearnedHintAdvisor a = advisor(m, seed);
        List<HintAdvisor.Choice> choices = sequence(a, 10, 40, 150);
        long worse = choices.stream().filter(c -> c.chosen().equals(NO_NL)).count();
        assertTrue(worse <= m, "the slower arm ran " + worse + " times, the guard allows " + m + " trials");
        for (int i = 0; i < m; i++) {
            assertEquals(DEFAULT, choices.get(i).chosen(), "the default runs first");
        }
        if (worse == m) {
            assertEquals(LearnedHintAdvisor.GuardState.BLOCKED, a.guardStateOf("trap", NO_NL));
        }
    }

    @Test
    void aLossBeyondTheTemplatesMeanDefaultLatencyEndsTheTrialEarly() {
        // default latencies 10, 10 and 40 ms: mean 20, median 10 (the untrained guard's estimate)
        for (double armMs : new double[] {15, 29.9, 30.1, 80}) {
            LearnedHintAdvisor a = advisor(3, 1);
            HintAdvisor.Choice first = choose(a, "t");
            List<Integer> binds = List.of(1);
            for (double ms : new double[] {10, 10, 40}) {
                a.observe(
                        new HintAdvisor.Choice("t", DEFAULT, Double.NaN, first.candidates(), 0, false, binds),
                        ms,
                        false);
            }
            assertEquals(LearnedHintAdvisor.GuardState.TRIAL, a.guardStateOf("t", NO_NL));
            a.observe(
                    new HintAdvisor.Choice("t", NO_NL, Double.NaN, first.candidates(), 0, false, binds), armMs, false);
            // blocked once armMs - 10 > 1.0 x 20
            assertEquals(
                    armMs - 10 > LearnedHintAdvisor.TRIAL_LOSS_BUDGET * 20
                            ? LearnedHintAdvisor.GuardState.BLOCKED
                            : LearnedHintAdvisor.GuardState.TRIAL,
                    a.guardStateOf("t", NO_NL),
                    "arm at " + armMs + " ms");
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void guardReleasesABetterArm(long seed) {
        LearnedHintAdvisor a = advisor(3, seed);
        List<HintAdvisor.Choice> choices = sequence(a, 40, 10, 150);
        assertEquals(LearnedHintAdvisor.GuardState.RELEASED, a.guardStateOf("trap", NO_NL));
        long late = choices.subList(100, 150).stream()
                .filter(c -> c.chosen().equals(NO_NL))
                .count();
        assertTrue(late >= 40, "the faster arm ran " + late + " of the last 50 times");
        // the guard is per template: a new template starts held
        assertEquals(LearnedHintAdvisor.GuardState.HELD, a.guardStateOf("other", NO_NL));
        assertEquals(LearnedHintAdvisor.GuardState.DEFAULT, a.guardStateOf("other", DEFAULT));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void otherArmsArePlannedOnlyWhenTheyCouldBePicked(long seed) {
        int m = 3;
        LearnedHintAdvisor a = advisor(m, seed);
        assertFalse(a.othersEligible("trap"), "untrained: only the default can be picked");
        List<HintAdvisor.Choice> choices = sequence(a, 40, 10, 60);
        assertTrue(a.othersEligible("trap"), "trained, and the default has its guard samples");
        // a template whose default has fewer than m observations holds every other arm back
        HintAdvisor.Choice first = choices.get(0);
        choose(a, "fresh");
        for (int i = 0; i < m; i++) {
            assertFalse(a.othersEligible("fresh"), "after " + i + " default observations");
            a.observe(new HintAdvisor.Choice("fresh", DEFAULT, Double.NaN, first.candidates(), 0, false), 20, false);
        }
        assertTrue(a.othersEligible("fresh"));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("manySeeds")
    void armsWithOnePlanShapeShareThePredictionAndTheDefaultWinsTheTie(long seed) {
        LearnedHintAdvisor a = advisor(0, seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 30; i++) {
            HintAdvisor.Choice c = choose(a, "t", List.of(r.nextInt(100)));
            a.observe(c, 10 * Math.exp(r.nextGaussian()), false);
            if ((i + 1) % 10 == 0) {
                a.retrain();
            }
        }
        assertEquals(
                LearnedHintAdvisor.shape(a.planOffline(PLANS).get(0).plan()),
                LearnedHintAdvisor.shape(a.planOffline(PLANS).get(2).plan()),
                "default and no_merge plan the same nested loop");
        assertNotEquals(
                LearnedHintAdvisor.shape(a.planOffline(PLANS).get(0).plan()),
                LearnedHintAdvisor.shape(a.planOffline(PLANS).get(1).plan()));
        for (int i = 0; i < 50; i++) {
            HintAdvisor.Choice c = choose(a, "t", List.of(r.nextInt(100)));
            assertEquals(
                    c.candidates().get(0).predictedMillis(),
                    c.candidates().get(2).predictedMillis(),
                    "seed " + seed);
            assertNotEquals(NO_MERGE, c.chosen(), "seed " + seed + ": the default wins a tie");
        }
    }

    /*
     * Query i of a simulated workload: chooses for the binds, observes nlMs when no_nestloop ran and
     * otherwise defaultMs (the other arm runs the default's plan), each with 10 % log-normal noise,
     * retrains after every tenth; returns whether no_nestloop ran.
     */
    private static boolean simulate(
            LearnedHintAdvisor a, String t, List<?> binds, double nlMs, double defaultMs, SplittableRandom r, int i) {
        HintAdvisor.Choice c = choose(a, t, binds);
        boolean nl = c.chosen().equals(NO_NL);
        a.observe(c, (nl ? nlMs : defaultMs) * Math.exp(0.1 * r.nextGaussian()), false);
        if ((i + 1) % 10 == 0) {
            a.retrain();
        }
        return nl;
    }

    static LongStream manySeeds() {
        return LongStream.rangeClosed(1, 40);
    }

    /*
     * One template, the very same plans for every instance, and two kinds of instance told apart only
     * by the bind value: at 1 the default is a trap (500 ms against 50 ms under no_nestloop), at 100
     * the default is right (1 ms against 100 ms). No plan feature can separate them; the instance
     * memory can. Bao-style Thompson sampling with the paired guard, retraining every 10 queries.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("manySeeds")
    void theInstanceMemoryLearnsWhichInstancesAreTraps(long seed) {
        LearnedHintAdvisor a = advisor(3, seed);
        SplittableRandom r = new SplittableRandom(seed);
        int late = 0;
        int lateRight = 0;
        double lateTotal = 0;
        double lateDefault = 0;
        for (int i = 0; i < 300; i++) {
            boolean trap = r.nextBoolean();
            List<Integer> binds = List.of(trap ? 1 : 100);
            boolean nl = simulate(a, "k", binds, trap ? 50 : 100, trap ? 500 : 1, r, i);
            double ms = trap ? (nl ? 50 : 500) : (nl ? 100 : 1);
            if (i >= 200) {
                late++;
                lateRight += (trap == nl) ? 1 : 0;
                lateTotal += ms;
                lateDefault += trap ? 500 : 1;
            }
        }
        assertEquals(LearnedHintAdvisor.GuardState.RELEASED, a.guardStateOf("k", NO_NL), "seed " + seed);
        assertTrue(lateRight >= 0.9 * late, "seed " + seed + ": right arm in " + lateRight + " of " + late);
        assertTrue(lateTotal <= 0.25 * lateDefault, "seed " + seed + ": " + lateTotal + " vs " + lateDefault);
        // the prediction follows the instance, not the template's average
        double trapDefault = choose(a, "k", List.of(1)).candidates().get(0).predictedMillis();
        double fineDefault = choose(a, "k", List.of(100)).candidates().get(0).predictedMillis();
        assertTrue(trapDefault > 50 * fineDefault, "seed " + seed + ": " + trapDefault + " vs " + fineDefault);
    }

    /*
     * corr_cross_join's pattern: binds (k, 100 + k2), a trap where the two disagree (default 500 ms,
     * no_nestloop 250 ms), harmless where they agree (default 1 ms, no_nestloop 300 ms); the same plans
     * throughout. The first 30 instances are all traps, so the model's estimate of the default is the
     * traps' 500 ms everywhere and no_nestloop passes the guard. On the first harmless instances the
     * default must still run (it has not run near them under the relation between the binds), or
     * no_nestloop would seem to win there too and run on them for good.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("manySeeds")
    void theDefaultRunsFirstWhereItHasNotRunNearAnInstance(long seed) {
        LearnedHintAdvisor a = advisor(3, seed);
        SplittableRandom r = new SplittableRandom(seed);
        int lateFast = 0;
        int lateFastDefault = 0;
        int lateTraps = 0;
        int lateTrapsNl = 0;
        for (int i = 0; i < 300; i++) {
            int k = r.nextInt(10);
            boolean trap = i < 30 || r.nextBoolean();
            int k2 = trap ? (k + 1 + r.nextInt(9)) % 10 : k;
            boolean nl = simulate(a, "x", List.of(k, 100 + k2), trap ? 250 : 300, trap ? 500 : 1, r, i);
            if (i >= 200) {
                if (trap) {
                    lateTraps++;
                    lateTrapsNl += nl ? 1 : 0;
                } else {
                    lateFast++;
                    lateFastDefault += nl ? 0 : 1;
                }
            }
        }
        assertTrue(
                lateFastDefault >= 0.9 * lateFast,
                "seed " + seed + ": default on " + lateFastDefault + " of " + lateFast + " harmless instances");
        assertTrue(
                lateTrapsNl >= 0.8 * lateTraps,
                "seed " + seed + ": no_nestloop on " + lateTrapsNl + " of " + lateTraps + " traps");
    }

    /*
     * limit_corr's pattern before any other arm ran: only the default has run, slow (300 ms) at bind 1
     * and fast (0.5 ms) at 100, with the same plan. The model's estimate of the default lies between
     * the two, so the instance memory puts the trap's default far above it: the model is wrong there,
     * and the shape the template never ran (no_nestloop's hash join; no_merge has the default's shape)
     * goes first, whatever the model's draw says of it.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("manySeeds")
    void aShapeNeverRunGoesFirstWhereTheModelIsWrongAboutTheDefault(long seed) {
        LearnedHintAdvisor a = advisor(3, seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 40; i++) {
            boolean trap = i % 2 == 0;
            HintAdvisor.Choice c = choose(a, "y", List.of(trap ? 1 : 100));
            HintAdvisor.Choice asDefault =
                    new HintAdvisor.Choice("y", DEFAULT, Double.NaN, c.candidates(), 0, false, c.binds());
            a.observe(asDefault, (trap ? 300 : 0.5) * Math.exp(0.1 * r.nextGaussian()), false);
            if ((i + 1) % 10 == 0) {
                a.retrain();
            }
        }
        HintAdvisor.Choice atTrap = choose(a, "y", List.of(1));
        assertEquals(NO_NL, atTrap.chosen(), "seed " + seed);
        // once it has run there (30 ms), the memory corrects the model for it like for any other shape
        a.observe(atTrap, 30, false);
        a.retrain();
        List<HintAdvisor.Candidate> after = choose(a, "y", List.of(1)).candidates();
        assertTrue(
                after.get(1).predictedMillis() < after.get(0).predictedMillis() / 3,
                "seed " + seed + ": " + after.get(1).predictedMillis() + " vs "
                        + after.get(0).predictedMillis());
    }

    /*
     * corr_limit_country's pattern: binds (k, 100 + k, year), slow (300 ms) for the old years whatever
     * k, fast (0.5 ms) for 2024. Planning the other arms costs 1 ms each. Once the instance memory has
     * learnt that the year alone matters, an instance of 2024 skips planning and one of 2015 plans,
     * also for a k never seen with that year; the template's median alone could not tell them apart.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("manySeeds")
    void planningIsSkippedForTheFastInstancesOfATemplateWithSlowOnes(long seed) {
        LearnedHintAdvisor a = advisor(3, seed);
        SplittableRandom r = new SplittableRandom(seed);
        a.notePlanning(1_000_000L * (ARMS.size() - 1), ARMS.size() - 1);
        int slow = 0;
        for (int i = 0; i < 40; i++) {
            int k = r.nextInt(9);
            boolean old = r.nextBoolean();
            slow += old ? 1 : 0;
            List<Integer> binds = List.of(k, 100 + k, old ? 2015 + r.nextInt(2) : 2024);
            a.decide("lc", binds, a.planOffline(PLANS), System.nanoTime());
            HintAdvisor.Choice nothingPlanned =
                    new HintAdvisor.Choice("lc", DEFAULT, Double.NaN, List.of(), 0, false, binds);
            a.observe(nothingPlanned, (old ? 300 : 0.5) * Math.exp(0.1 * r.nextGaussian()), false);
        }
        a.retrain();
        // k = 9 was never drawn: only the year can make a neighbour
        assertFalse(a.planningPays("lc", List.of(9, 109, 2024)), "seed " + seed + ", " + slow + " slow of 40");
        assertTrue(a.planningPays("lc", List.of(9, 109, 2015)), "seed " + seed);
        assertTrue(a.planningPays("lc", List.of(9, 109, 2016)), "seed " + seed);
    }

    /*
     * Planning every arm costs 4 ms (1 ms per other arm). On a 100 ms control where no arm ever beats
     * the default, the expected saving (rate of wins × their gain × 100 ms, Laplace-smoothed, prior
     * gain 0.5) falls below the 4 ms after a few plannings, and planning stops; on a 100 ms template
     * where no_nestloop wins (10 ms) it never does.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void planningStopsWhereItNeverHelpsAndGoesOnWhereItDoes(long seed) {
        for (boolean helps : new boolean[] {false, true}) {
            LearnedHintAdvisor a = advisor(3, seed);
            a.notePlanning(1_000_000L * (ARMS.size() - 1), ARMS.size() - 1);
            SplittableRandom r = new SplittableRandom(seed);
            int plannings = 0;
            int lastPlanned = -1;
            for (int i = 0; i < 80; i++) {
                List<Integer> binds = List.of(r.nextInt(1000));
                boolean plan = !a.othersEligible("t") || a.planningPays("t", binds);
                if (!plan) {
                    // choose() returns the default without planning: the guard and the memory learn its latency
                    a.decide("t", binds, a.planOffline(PLANS), System.nanoTime());
                    a.observe(new HintAdvisor.Choice("t", DEFAULT, Double.NaN, List.of(), 0, true, binds), 100, false);
                    continue;
                }
                plannings += a.othersEligible("t") ? 1 : 0;
                lastPlanned = i;
                HintAdvisor.Choice c = a.decide("t", binds, a.planOffline(PLANS), System.nanoTime());
                double ms = c.chosen().equals(NO_NL)
                        ? (helps ? 10 : 400)
                        : c.chosen().isDefault() ? 100 : 400;
                a.observe(c, ms * Math.exp(0.05 * r.nextGaussian()), false);
                if (i % 10 == 9) {
                    a.retrain();
                }
            }
            if (helps) {
                assertEquals(79, lastPlanned, "seed " + seed + ": planning goes on where it pays");
            } else {
                assertTrue(plannings <= 30, "seed " + seed + ": " + plannings + " plannings, last at " + lastPlanned);
                assertTrue(lastPlanned < 60, "seed " + seed + ": still planning at query " + lastPlanned);
                assertFalse(a.planningPays("t", List.of(5)), "seed " + seed);
            }
        }
    }

    @Test
    void queryTextsAreCheckedOnceAndRememberedWithinBounds() {
        LearnedHintAdvisor a = advisor(3, 1);
        for (int i = 0; i < 2 * LearnedHintAdvisor.CHECKED_TEXTS + 7; i++) {
            a.checkText("SELECT " + i);
            assertTrue(a.checkedTextCount() <= LearnedHintAdvisor.CHECKED_TEXTS, "after " + i);
        }
        assertTrue(a.checkedTextCount() > 0);
        int before = a.checkedTextCount();
        a.checkText("SELECT " + (2 * LearnedHintAdvisor.CHECKED_TEXTS + 6));
        assertEquals(before, a.checkedTextCount(), "a remembered text is not added again");
        // invalid texts are rejected every time and never remembered
        for (int k = 0; k < 2; k++) {
            assertThrows(DagStateException.class, () -> a.checkText("SELECT 1; SELECT 2"));
            assertThrows(DagStateException.class, () -> a.checkText("DROP TABLE t"));
        }
        assertEquals(before, a.checkedTextCount());
        String longText = "SELECT 1 " + " ".repeat(LearnedHintAdvisor.CHECKED_TEXT_LIMIT);
        a.checkText(longText);
        assertEquals(before, a.checkedTextCount(), "a text over the limit is checked but not remembered");
    }

    /*
     * An arm tried on a trap before the default had run anywhere near it: the default's estimate
     * there is the harmless instances' 1 ms (same plan), so no_nestloop's 700 ms looks like a loss
     * and blocks it. Once the default has run at the trap (1000 ms), the next retrain judges the
     * trial against those runs: no_nestloop is back on trial, and one more win releases it.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRetrainJudgesATrialAgainstWhatIsNowKnownOfTheDefault(long seed) {
        LearnedHintAdvisor a = advisor(3, seed);
        List<Integer> trap = List.of(1);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 12; i++) {
            List<Integer> binds = List.of(100 + i);
            HintAdvisor.Choice c = choose(a, "g", binds);
            a.observe(at(c, DEFAULT), Math.exp(0.05 * r.nextGaussian()), false);
        }
        a.retrain();
        for (int i = 0; i < 2; i++) {
            a.observe(at(choose(a, "g", trap), NO_NL), 700, false);
        }
        assertEquals(LearnedHintAdvisor.GuardState.BLOCKED, a.guardStateOf("g", NO_NL), "seed " + seed);
        for (int i = 0; i < 5; i++) {
            a.observe(at(choose(a, "g", trap), DEFAULT), 1000 * Math.exp(0.05 * r.nextGaussian()), false);
        }
        assertEquals(
                LearnedHintAdvisor.GuardState.BLOCKED,
                a.guardStateOf("g", NO_NL),
                "seed " + seed + ": nothing changes before the retrain");
        a.retrain();
        assertEquals(LearnedHintAdvisor.GuardState.TRIAL, a.guardStateOf("g", NO_NL), "seed " + seed);
        a.observe(at(choose(a, "g", trap), NO_NL), 700, false);
        assertEquals(LearnedHintAdvisor.GuardState.RELEASED, a.guardStateOf("g", NO_NL), "seed " + seed);
    }

    /* The choice c with arm as the one that ran. */
    private static HintAdvisor.Choice at(HintAdvisor.Choice c, HintArm arm) {
        return new HintAdvisor.Choice(
                c.templateId(), arm, Double.NaN, c.candidates(), c.planningNanos(), c.guarded(), c.binds());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void guardOverridesTheModelOnATemplateWhereTheArmLost(long seed) {
        LearnedHintAdvisor a = advisor(1, seed);
        HintAdvisor.Choice first = choose(a, "good");
        // on "good", no_nestloop is 10x faster: the model learns to prefer its plan
        for (int i = 0; i < 40; i++) {
            HintArm arm = i % 2 == 0 ? DEFAULT : NO_NL;
            a.observe(
                    new HintAdvisor.Choice("good", arm, Double.NaN, first.candidates(), 0, false),
                    arm.equals(NO_NL) ? 5 : 50,
                    false);
        }
        a.retrain();
        // on "bad" it lost once against the default: blocked there, whatever the model says (the
        // observations are of another instance than the choices below, which the instance memory
        // therefore leaves to the model)
        choose(a, "bad");
        List<Integer> seen = List.of(1);
        a.observe(new HintAdvisor.Choice("bad", DEFAULT, Double.NaN, first.candidates(), 0, false, seen), 10, false);
        a.observe(new HintAdvisor.Choice("bad", NO_NL, Double.NaN, first.candidates(), 0, false, seen), 40, false);
        assertEquals(LearnedHintAdvisor.GuardState.RELEASED, a.guardStateOf("good", NO_NL));
        assertEquals(LearnedHintAdvisor.GuardState.BLOCKED, a.guardStateOf("bad", NO_NL));
        int guarded = 0;
        for (int i = 0; i < 30; i++) {
            HintAdvisor.Choice good = choose(a, "good");
            HintAdvisor.Choice bad = choose(a, "bad", List.of(2));
            assertEquals(NO_NL, good.chosen(), "the model prefers no_nestloop");
            assertFalse(good.guarded());
            assertNotEquals(NO_NL, bad.chosen());
            guarded += bad.guarded() ? 1 : 0;
            assertTrue(bad.candidates().get(1).predictedMillis()
                    < bad.candidates().get(0).predictedMillis());
        }
        assertEquals(30, guarded, "every choice on the bad template was overridden");
    }

    @Test
    void timeoutsAreChargedTheFactor() {
        LearnedHintAdvisor a = (LearnedHintAdvisor) HintAdvisor.builder()
                .arms(ARMS)
                .guardMinSamples(1)
                .timeoutChargeFactor(3.0)
                .build();
        HintAdvisor.Choice d = choose(a, "t");
        a.observe(d, 100, false);
        // a hand-made choice of no_nestloop on the same template: 40 ms timed out = 120 ms charged > 100 ms
        HintAdvisor.Choice n = new HintAdvisor.Choice("t", NO_NL, Double.NaN, d.candidates(), 0, false);
        a.observe(n, 40, true);
        assertEquals(LearnedHintAdvisor.GuardState.BLOCKED, a.guardStateOf("t", NO_NL));
        LearnedHintAdvisor b = (LearnedHintAdvisor) HintAdvisor.builder()
                .arms(ARMS)
                .guardMinSamples(1)
                .timeoutChargeFactor(2.0)
                .build();
        HintAdvisor.Choice d2 = choose(b, "t");
        b.observe(d2, 100, false);
        b.observe(new HintAdvisor.Choice("t", NO_NL, Double.NaN, d2.candidates(), 0, false), 40, true);
        assertEquals(LearnedHintAdvisor.GuardState.RELEASED, b.guardStateOf("t", NO_NL));
    }

    @Test
    void qErrorsAreRecordedForTrainedPredictions() {
        LearnedHintAdvisor a = advisor(0, 5);
        a.observe(choose(a, "t"), 10, false);
        assertEquals(0, a.qErrors().length, "no prediction before training");
        a.retrain();
        HintAdvisor.Choice c = choose(a, "t");
        double p = c.predictedMillis();
        assertTrue(Double.isFinite(p) && p > 0);
        a.observe(c, 7, false);
        double[] q = a.qErrors();
        assertEquals(1, q.length);
        assertEquals(Math.max(p / 7, 7 / p), q[0], 1e-12);
        a.observe(choose(a, "t"), 7, true);
        assertEquals(1, a.qErrors().length, "a timeout has no actual latency");
        HintAdvisor.PredictionStats s = a.predictionStats();
        assertEquals(1, s.count());
        assertEquals(q[0], s.median());
        assertTrue(Double.isNaN(advisor(0, 1).predictionStats().median()));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void templatesWithAlikePlansGetTheirOwnIntercept(long seed) {
        // two templates with the very same plans, one 100 times slower: only an intercept per
        // template can tell them apart
        LearnedHintAdvisor a = advisor(0, seed);
        for (int i = 0; i < 20; i++) {
            a.observe(choose(a, "fast"), 1.0, false);
            a.observe(choose(a, "slow"), 100.0, false);
        }
        a.retrain();
        // the default arm's plan, the one observed (an untrained advisor runs the default)
        double fast = choose(a, "fast").candidates().get(0).predictedMillis();
        double slow = choose(a, "slow").candidates().get(0).predictedMillis();
        // shrinkage 20 / (20 + 3) of the ±ln 10 offsets: within a factor 10^(3/23) ≈ 1.35
        assertTrue(fast > 1 / 1.5 && fast < 1.5, "fast " + fast);
        assertTrue(slow > 100 / 1.5 && slow < 150, "slow " + slow);
        // an unseen template gets the ensemble alone, between the two
        double unseen = choose(a, "new").candidates().get(0).predictedMillis();
        assertTrue(unseen > 2 && unseen < 50, "unseen " + unseen);
        // the intercept moves every arm alike: the choice is the ensemble's (on an instance the
        // instance memory has no neighbour for: the observations had no binds)
        HintAdvisor.Choice c = choose(a, "slow", List.of(1));
        double ratio0 =
                c.candidates().get(0).predictedMillis() / c.candidates().get(1).predictedMillis();
        HintAdvisor.Choice u = choose(a, "new", List.of(1));
        double ratio1 =
                u.candidates().get(0).predictedMillis() / u.candidates().get(1).predictedMillis();
        assertEquals(ratio1, ratio0, 1e-9 * Math.abs(ratio1));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nearestRankPercentilesMatchACountingOracle(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[1 + r.nextInt(300)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(1, 10);
        }
        Arrays.sort(v);
        for (double p : new double[] {0.5, 0.9, 0.99}) {
            double q = LearnedHintAdvisor.rank(v, p);
            long atMost = Arrays.stream(v).filter(x -> x <= q).count();
            long below = Arrays.stream(v).filter(x -> x < q).count();
            assertTrue(atMost >= p * v.length, "at least p of the values are <= the percentile");
            assertTrue(below < p * v.length, "fewer than p are below it");
        }
    }

    @Test
    void badObservationsAreRejectedAndChangeNothing() {
        LearnedHintAdvisor a = advisor(1, 3);
        HintAdvisor.Choice c = choose(a, "t");
        a.observe(c, 5, false);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1}) {
            DagArgumentException e = assertThrows(DagArgumentException.class, () -> a.observe(c, bad, false));
            assertEquals(RvCode.INVALID_ARGUMENT, e.code());
        }
        HintAdvisor.Choice unknownTemplate = new HintAdvisor.Choice("never", DEFAULT, 1, c.candidates(), 0, false);
        assertThrows(DagArgumentException.class, () -> a.observe(unknownTemplate, 5, false));
        HintArm foreign = new HintArm("foreign", List.of(new HintArm.Setting("enable_hashjoin", "off")));
        HintAdvisor.Choice foreignArm = new HintAdvisor.Choice("t", foreign, 1, c.candidates(), 0, false);
        assertThrows(DagArgumentException.class, () -> a.observe(foreignArm, 5, false));
        HintAdvisor.Choice noCandidate =
                new HintAdvisor.Choice("t", NO_NL, 1, List.of(c.candidates().get(0)), 0, false);
        assertThrows(DagArgumentException.class, () -> a.observe(noCandidate, 5, false));
        HintAdvisor.Choice badPlan = new HintAdvisor.Choice(
                "t", DEFAULT, 1, List.of(new HintAdvisor.Candidate(DEFAULT, "not json", 1, 1, 1)), 0, false);
        DagStateException pe = assertThrows(DagStateException.class, () -> a.observe(badPlan, 5, false));
        assertEquals(RvCode.PLAN_PARSE_ERROR, pe.code());
        assertEquals(1, a.observations());
        assertEquals(1, a.retrain().samples());
        assertThrows(DagArgumentException.class, () -> a.decide(" ", a.planOffline(PLANS), 0));
        assertThrows(DagArgumentException.class, () -> a.decide("x".repeat(201), a.planOffline(PLANS), 0));
        assertThrows(IllegalArgumentException.class, () -> a.planOffline(PLANS.subList(0, 1)));
        assertEquals(1, a.observations());
    }

    // ------------------------------------------------------------------ bounded memory

    @Test
    void historyLimitIsValidated() {
        for (int bad : new int[] {-1, 0, 99, 1_000_001}) {
            DagArgumentException e = assertThrows(
                    DagArgumentException.class, () -> HintAdvisor.builder().historyLimit(bad));
            assertEquals(RvCode.INVALID_ARGUMENT, e.code());
            assertTrue(String.valueOf(e.getMessage()).contains("historyLimit"), e.getMessage());
        }
        HintAdvisor.builder().historyLimit(100).historyLimit(1_000_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theModelTrainsOnTheMostRecentObservations(long seed) {
        LearnedHintAdvisor windowed = (LearnedHintAdvisor) HintAdvisor.builder()
                .arms(ARMS)
                .guardMinSamples(0)
                .seed(seed)
                .historyLimit(100)
                .build();
        LearnedHintAdvisor unbounded = (LearnedHintAdvisor) HintAdvisor.builder()
                .arms(ARMS)
                .guardMinSamples(0)
                .seed(seed)
                .historyLimit(1_000_000)
                .build();
        for (LearnedHintAdvisor a : List.of(windowed, unbounded)) {
            // the template was slow (100 ms), then became fast (10 ms)
            for (int i = 0; i < 300; i++) {
                a.observe(at(choose(a, "t"), DEFAULT), i < 200 ? 100 : 10, false);
            }
        }
        assertEquals(100, windowed.retrain().samples());
        assertEquals(300, unbounded.retrain().samples());
        assertEquals(100, windowed.observations());
        assertEquals(100, windowed.memoryCount("t", LearnedHintAdvisor.ARM_KEY + DEFAULT.name()));
        assertEquals(300, unbounded.memoryCount("t", LearnedHintAdvisor.ARM_KEY + DEFAULT.name()));
        double now = choose(windowed, "t").candidates().get(0).predictedMillis();
        double mixed = choose(unbounded, "t").candidates().get(0).predictedMillis();
        assertTrue(now > 8 && now < 12.5, "the window holds only the fast runs: " + now + " ms, seed " + seed);
        assertTrue(mixed > 20, "the whole history mixes both: " + mixed + " ms, seed " + seed);
    }

    @Test
    void theGuardComparesAnArmOverItsMostRecentPairedObservations() {
        LearnedHintAdvisor a = advisor(3, 7);
        HintAdvisor.Choice c = choose(a, "t");
        for (int i = 0; i < 3; i++) {
            a.observe(at(c, DEFAULT), 10, false);
        }
        // untrained: each run of no_nestloop is paired with the default's median, 10 ms
        for (int i = 0; i < 100; i++) {
            a.observe(at(c, NO_NL), 40, false);
        }
        assertEquals(LearnedHintAdvisor.GuardState.BLOCKED, a.guardStateOf("t", NO_NL));
        int w = LearnedHintAdvisor.PAIRED_WINDOW;
        for (int i = 0; i < w + 50; i++) {
            a.observe(at(c, NO_NL), 5, false);
        }
        // over all of them (w = 256): 4 000 + 1 530 ms against 4 060 ms (blocked); over the w most
        // recent, all at 5 ms: 5 w against 10 w ms
        assertEquals(LearnedHintAdvisor.GuardState.RELEASED, a.guardStateOf("t", NO_NL));
        for (int i = 0; i < 200; i++) {
            a.observe(at(c, NO_NL), 40, false);
        }
        // w − 200 at 5 and 200 at 40 ms: 5 w + 7 000 against 10 w ms
        assertEquals(LearnedHintAdvisor.GuardState.BLOCKED, a.guardStateOf("t", NO_NL));
    }

    @Test
    void theLeastRecentlyUsedTemplateIsEvictedBeyondTheLimit() {
        for (int bad : new int[] {0, 1_000_001}) {
            assertThrows(DagArgumentException.class, () -> HintAdvisor.builder().templateLimit(bad));
        }
        LearnedHintAdvisor a = (LearnedHintAdvisor) HintAdvisor.builder()
                .arms(ARMS)
                .guardMinSamples(1)
                .seed(3)
                .templateLimit(2)
                .build();
        HintAdvisor.Choice t1 = choose(a, "t1");
        a.observe(at(t1, DEFAULT), 10, false);
        a.observe(at(t1, NO_NL), 5, false);
        assertEquals(LearnedHintAdvisor.GuardState.RELEASED, a.guardStateOf("t1", NO_NL));
        HintAdvisor.Choice t2 = choose(a, "t2");
        a.observe(at(t2, DEFAULT), 10, false);
        // t1 is used again, so the third template evicts t2, the least recently used
        a.observe(at(choose(a, "t1"), DEFAULT), 10, false);
        HintAdvisor.Choice t3 = choose(a, "t3");
        assertEquals(2, a.templateCount());
        assertEquals(0, a.memoryCount("t2", LearnedHintAdvisor.ARM_KEY + DEFAULT.name()));
        assertEquals(2, a.memoryCount("t1", LearnedHintAdvisor.ARM_KEY + DEFAULT.name()));
        assertEquals(LearnedHintAdvisor.GuardState.RELEASED, a.guardStateOf("t1", NO_NL));
        DagArgumentException e = assertThrows(DagArgumentException.class, () -> a.observe(t2, 10, false));
        assertTrue(String.valueOf(e.getMessage()).contains("evicted"), e.getMessage());
        // t2 comes back as a new template: nothing of its past is kept
        a.observe(at(choose(a, "t2"), DEFAULT), 10, false);
        assertEquals(1, a.memoryCount("t2", LearnedHintAdvisor.ARM_KEY + DEFAULT.name()));
        assertEquals(0, a.memoryCount("t1", LearnedHintAdvisor.ARM_KEY + DEFAULT.name()), "t1 was the eldest");
        assertEquals(LearnedHintAdvisor.GuardState.HELD, a.guardStateOf("t1", NO_NL));
        assertEquals(2, a.templateCount());
        a.observe(at(t3, DEFAULT), 10, false);
        assertEquals(2, a.templateCount(), "an observe admits its template like a choose");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theTrainingWindowKeepsItsMostRecentRowsInOrder(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            int limit = 1 + r.nextInt(100);
            LearnedHintAdvisor.TrainingWindow w = new LearnedHintAdvisor.TrainingWindow(limit);
            List<double[]> xs = new ArrayList<>();
            int n = r.nextInt(300);
            String why = "seed " + seed + ", round " + round + ", limit " + limit + ", n " + n;
            for (int i = 0; i < n; i++) {
                double[] x = {i, r.nextDouble()};
                xs.add(x);
                assertEquals(i, w.add(x, i + 0.5, "t" + i), why);
            }
            int kept = Math.min(n, limit);
            assertEquals(kept, w.size(), why);
            assertEquals(n - kept, w.first(), why);
            double[][] f = w.features();
            double[] y = w.targets();
            String[] t = w.templates();
            assertEquals(kept, f.length, why);
            for (int k = 0; k < kept; k++) {
                int i = n - kept + k;
                assertTrue(f[k] == xs.get(i), why + ": row " + k + " is observation " + i);
                assertEquals(i + 0.5, y[k], why);
                assertEquals("t" + i, t[k], why);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void samplesKeepTheirMostRecentValues(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            int limit = 1 + r.nextInt(20);
            LearnedHintAdvisor.Samples s = new LearnedHintAdvisor.Samples(limit);
            List<Double> all = new ArrayList<>();
            int n = r.nextInt(60);
            for (int i = 0; i < n; i++) {
                double x = r.nextInt(100);
                s.add(x);
                all.add(x);
                if (r.nextInt(4) == 0) {
                    s.median(); // a cached median must not survive the next add
                }
            }
            double[] last = all.subList(Math.max(0, n - limit), n).stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
            String why = "seed " + seed + ", round " + round + ", limit " + limit + ", n " + n;
            assertArrayEquals(last, s.toArray(), why);
            assertEquals(last.length, s.size(), why);
            double[] sorted = last.clone();
            Arrays.sort(sorted);
            int k = sorted.length;
            double median = k == 0 ? Double.NaN : k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
            assertEquals(median, s.median(), 1e-12, why);
            assertEquals(Arrays.stream(last).average().orElse(Double.NaN), s.mean(), 1e-9, why);
        }
    }

    @Test
    void concurrentUseKeepsEveryObservation() throws Exception {
        LearnedHintAdvisor a = advisor(2, 11);
        int threads = 4;
        int per = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String template = "t" + t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < per; i++) {
                        HintAdvisor.Choice c = choose(a, template);
                        a.observe(c, c.chosen().equals(NO_NL) ? 3 : 9, false);
                        if (i % 10 == 0) {
                            a.retrain();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * per, a.observations());
        assertEquals(threads * per, a.retrain().samples());
    }
}
