package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.QueryDag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Learning demonstrated by numbers on seeded synthetic workloads. Each test prints what it measured
 * so the figures can be quoted.
 */
class LearningTest {

    /**
     * Seeded cost model: family f has a base latency; each mechanism multiplies it; the best
     * mechanism differs between families; multiplicative log-normal noise (σ = 0.1).
     */
    static final class CostModel {
        final int families;
        final double[] base;
        final double[][] multiplier;
        final Mechanism[] best;

        CostModel(int families, long seed) {
            this.families = families;
            SplittableRandom rnd = new SplittableRandom(seed);
            base = new double[families];
            multiplier = new double[families][Mechanism.COUNT];
            best = new Mechanism[families];
            Mechanism[] winners = {
                Mechanism.CRITICAL_PATH,
                Mechanism.CAUSAL_CONE,
                Mechanism.HIERARCHICAL_LORENTZ,
                Mechanism.PARALLEL_BRANCH,
                Mechanism.MINCUT_GATED,
                Mechanism.TEMPORAL_BTSP
            };
            for (int f = 0; f < families; f++) {
                base[f] = 20 + 25 * f;
                best[f] = winners[f % winners.length];
                for (int m = 0; m < Mechanism.COUNT; m++) {
                    multiplier[f][m] = 0.8 + 0.7 * rnd.nextDouble();
                }
                multiplier[f][Mechanism.index(Mechanism.TOPOLOGICAL)] = 1.0;
                multiplier[f][Mechanism.index(best[f])] = 0.4;
            }
        }

        double latency(int family, Mechanism m, SplittableRandom noise) {
            return base[family] * multiplier[family][Mechanism.index(m)] * Math.exp(0.1 * Dags.gaussian(noise));
        }
    }

    @Test
    void contextualChoicePerPlanFamily() {
        int families = 5;
        int queries = 1000;
        CostModel model = new CostModel(families, 7);
        List<QueryDag> dags = Dags.families(families);
        for (int a = 0; a < families; a++) {
            for (int b = a + 1; b < families; b++) {
                double cos = cosine(dags.get(a).planVector(), dags.get(b).planVector());
                assertThat(cos).as("families %d and %d must not merge", a, b).isLessThan(0.95);
            }
        }
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults());
        ContextualUcb contextFree = new ContextualUcb(List.of(Mechanism.values()), Math.sqrt(2), 0, 1, 42);
        SplittableRandom workload = new SplittableRandom(11);
        SplittableRandom noiseEngine = new SplittableRandom(12);
        SplittableRandom noiseUcb = new SplittableRandom(13);
        SplittableRandom noiseTopo = new SplittableRandom(14);
        double engineTotal = 0;
        double ucbTotal = 0;
        double topoTotal = 0;
        int[] lastPicks = new int[families];
        int[] lastBest = new int[families];
        int lastWindowBest = 0;
        int applied = 0;
        for (int q = 0; q < queries; q++) {
            int f = workload.nextInt(families);
            QueryDag dag = dags.get(f);
            double baseline = model.base[f];

            PreQueryResult pre = sona.preQuery(dag);
            double t = model.latency(f, pre.mechanism(), noiseEngine);
            sona.postQuery(dag, ExecutionMetrics.of(t, baseline), pre);
            engineTotal += t;
            if (pre instanceof PreQueryResult.PatternApplied) {
                applied++;
            }

            Mechanism u = contextFree.select(0);
            double tu = model.latency(f, u, noiseUcb);
            contextFree.update(
                    0, u, QualityFunction.EXECUTION_AND_IMPROVEMENT.quality(ExecutionMetrics.of(tu, baseline)));
            ucbTotal += tu;

            topoTotal += model.latency(f, Mechanism.TOPOLOGICAL, noiseTopo);

            if (q >= queries - 200) {
                lastPicks[f]++;
                if (pre.mechanism() == model.best[f]) {
                    lastBest[f]++;
                    lastWindowBest++;
                }
            }
            if ((q + 1) % 100 == 0) {
                sona.runBackgroundCycle();
            }
        }
        StringBuilder perFamily = new StringBuilder();
        for (int f = 0; f < families; f++) {
            perFamily.append(String.format(
                    Locale.ROOT, " f%d(%s)=%d/%d", f, model.best[f].wireName(), lastBest[f], lastPicks[f]));
        }
        System.out.printf(
                Locale.ROOT,
                "contextual choice: %d families, %d queries; best mechanism in last 200: %.1f%%;%s%n",
                families,
                queries,
                100.0 * lastWindowBest / 200,
                perFamily);
        System.out.printf(
                Locale.ROOT,
                "contextual choice: total latency engine %.0f ms, always-topological %.0f ms (ratio %.3f), "
                        + "context-free UCB1 %.0f ms (ratio %.3f); patterns %d, applied %d%n",
                engineTotal,
                topoTotal,
                engineTotal / topoTotal,
                ucbTotal,
                ucbTotal / topoTotal,
                sona.reasoningBank().size(),
                applied);
        for (int f = 0; f < families; f++) {
            assertThat((double) lastBest[f] / lastPicks[f]).as("family %d", f).isGreaterThanOrEqualTo(0.9);
        }
        assertThat(engineTotal).isLessThanOrEqualTo(0.8 * topoTotal);
        assertThat(engineTotal).isLessThan(ucbTotal);
    }

    /**
     * The accumulated MicroLoRA update of one family's signals, applied as the engine applies a
     * batch, lowers the loss ‖y − t‖² on held-out queries of the same family (t: the family's target
     * pattern, ĝ = unit(t − x)).
     */
    @Test
    void accumulatedAdaptationLowersHeldOutLoss() {
        SplittableRandom rnd = new SplittableRandom(21);
        int d = 256;
        float[] centre = Dags.randomUnit(rnd, d);
        float[] target = Dags.perturbed(rnd, centre, 1.0);
        MicroLoRA lora = MicroLoRA.create(d, 2, 1.0, LoraUpdateRule.ONE_SIDED, 42);
        List<float[]> heldOut = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            heldOut.add(Dags.perturbed(rnd, centre, 0.3));
        }
        double before = loss(lora, heldOut, target);
        double eta = 500;
        float[] dir = new float[lora.parameterCount()];
        double[] trace = new double[11];
        trace[0] = before;
        for (int batch = 1; batch <= 10; batch++) {
            float[] sum = new float[lora.parameterCount()];
            for (int i = 0; i < 100; i++) {
                float[] x = Dags.perturbed(rnd, centre, 0.3);
                float[] g = new float[d];
                for (int j = 0; j < d; j++) {
                    g[j] = target[j] - x[j];
                }
                lora.direction(x, g, dir);
                for (int j = 0; j < dir.length; j++) {
                    sum[j] += dir[j];
                }
            }
            float[] theta = lora.parameters();
            for (int j = 0; j < theta.length; j++) {
                theta[j] += (float) (eta * sum[j] / 100);
            }
            lora.setParameters(theta);
            trace[batch] = loss(lora, heldOut, target);
            assertThat(trace[batch]).as("batch %d", batch).isLessThan(trace[batch - 1]);
        }
        System.out.printf(
                Locale.ROOT,
                "MicroLoRA held-out loss ‖y − t‖²: %.6f → %.6f after 10 batches (-%.2f%%)%n",
                before,
                trace[10],
                100 * (1 - trace[10] / before));
        assertThat(trace[10]).isLessThan(before);
    }

    private static double loss(MicroLoRA lora, List<float[]> xs, float[] target) {
        double s = 0;
        for (float[] x : xs) {
            float[] y = lora.forward(x);
            for (int j = 0; j < y.length; j++) {
                double e = (double) y[j] - target[j];
                s += e * e;
            }
        }
        return s / xs.size();
    }

    /**
     * M3 exit: two conflicting quadratic tasks on the adapter's θ ∈ ℝ^1024, Fisher 1 on task A's
     * half. Retention = 1 − L_A(after B) / L_A(start).
     */
    @Test
    void ewcRetainsTheFirstTask() {
        double with = retention(true);
        double without = retention(false);
        System.out.printf(
                Locale.ROOT, "EWC retention on the two-task test: %.4f with EWC, %.4f without%n", with, without);
        assertThat(with).isGreaterThan(0.8);
        assertThat(without).isLessThan(0.5);
    }

    private static double retention(boolean useEwc) {
        MicroLoRA lora = MicroLoRA.create(256, 2, 1.0, LoraUpdateRule.TWO_SIDED, 42);
        int n = lora.parameterCount();
        int half = n / 2;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextDouble(-1, 1);
            b[i] = i < half ? -a[i] : rnd.nextDouble(-1, 1); // B conflicts with A on A's half
        }
        float[] start = lora.parameters();
        double lossStart = lossA(start, a, half);
        double eta = 0.01;
        train(lora, a, half, eta, 2000, null);
        EwcPlusPlus ewc = EwcPlusPlus.create(n, EwcPlusPlus.DEFAULT_LAMBDA, EwcPlusPlus.DEFAULT_GAMMA);
        double[] fisher = new double[n];
        for (int i = 0; i < half; i++) {
            fisher[i] = 1.0;
        }
        ewc.consolidate(lora.parameters(), fisher);
        train(lora, b, n, eta, 2000, useEwc ? ewc : null);
        return 1 - lossA(lora.parameters(), a, half) / lossStart;
    }

    /** Gradient descent on ½Σ_{i<m}(θ_i − target_i)², each step followed by the EWC proximal step. */
    private static void train(
            MicroLoRA lora,
            double[] target,
            int m,
            double eta,
            int steps,
            @org.jspecify.annotations.Nullable EwcPlusPlus ewc) {
        for (int s = 0; s < steps; s++) {
            float[] theta = lora.parameters();
            for (int i = 0; i < m; i++) {
                theta[i] -= (float) (eta * (theta[i] - target[i]));
            }
            if (ewc != null) {
                ewc.proximal(theta, eta);
            }
            lora.setParameters(theta);
        }
    }

    private static double lossA(float[] theta, double[] a, int half) {
        double s = 0;
        for (int i = 0; i < half; i++) {
            double e = theta[i] - a[i];
            s += 0.5 * e * e;
        }
        return s;
    }

    static double cosine(double[] x, double[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return dot / Math.sqrt(nx * ny);
    }
}
