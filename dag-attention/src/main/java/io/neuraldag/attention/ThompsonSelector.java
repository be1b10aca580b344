package io.neuraldag.attention;

import java.util.random.RandomGenerator;

/*
 * Thompson sampling with Beta posteriors (Thompson 1933; Agrawal and Goyal, "Analysis of Thompson
 * Sampling for the Multi-armed Bandit Problem", COLT 2012). Arm i with reward sum s_i over n_i
 * pulls has the posterior Beta(1 + s_i, 1 + n_i - s_i) of a uniform prior; select draws one sample
 * per arm and plays the largest (ties: the lowest index). For 0/1 rewards this is the exact
 * Bernoulli posterior; a fractional reward r counts as r successes and 1 - r failures, which keeps
 * both parameters >= 1 and the posterior mean at (1 + s_i)/(2 + n_i).
 *
 * Sampling: Beta(a, b) = X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b), each drawn by Marsaglia and
 * Tsang's squeeze method ("A Simple Method for Generating Gamma Variables", ACM TOMS 26, 2000),
 * valid for shape >= 1, which holds here. The generator is the selector's (seeded SplittableRandom
 * or the injected one) and is used under its own monitor, taken inside the context's monitor as
 * IndexSelector documents, so a fixed seed and a fixed call sequence reproduce every choice.
 */
final class ThompsonSelector extends IndexSelector {

    ThompsonSelector(SelectorConfig config, RandomGenerator random) {
        super(config, random);
    }

    @Override
    int choose(Context c) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        synchronized (random) {
            for (int i = 0; i < k; i++) {
                double a = 1 + c.sums[i];
                double b = 1 + (c.pulls[i] - c.sums[i]);
                double x = gamma(random, a);
                double y = gamma(random, Math.max(b, 1.0));
                double score = x / (x + y);
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
        }
        return best;
    }

    /** A Gamma(shape, 1) variate for shape >= 1 (Marsaglia and Tsang). */
    static double gamma(RandomGenerator rnd, double shape) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rnd.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            double x2 = x * x;
            if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    @Override
    public String toString() {
        return "Thompson selector (" + k + " arms, epsilon=" + config.epsilon() + ")";
    }
}
