package io.neuraldag.attention;

import java.util.random.RandomGenerator;

/*
 * KL-UCB for rewards in [0, 1] (Garivier and Cappé, "The KL-UCB Algorithm for Bounded Stochastic
 * Bandits and Beyond", COLT 2011), with the Bernoulli divergence
 *     kl(p, q) = p·ln(p/q) + (1-p)·ln((1-p)/(1-q))   (0·ln 0 = 0).
 * Index of arm i with mean p_i after n_i pulls, N = Σ n_j:
 *     u_i = max { q ∈ [p_i, 1] : n_i·kl(p_i, q) <= f(N) },   f(N) = ln N + c·ln ln N,
 * the ln ln term only for N > e (it is negative below) and c = 0 by default (the paper's
 * experiments also use c = 0; its regret theorem needs c >= 3). select plays argmax u_i, ties to
 * the lowest index. Bookkeeping, ε draws and locking are IndexSelector's.
 *
 * KL-UCB+ (algorithm KL_UCB_PLUS; Kaufmann, Annals of Statistics 2018) replaces ln N by the per-arm
 * max(0, ln(N / n_i)), keeping the c·ln ln N term; a budget of 0 makes the index the mean itself.
 *
 * Solving for u. q ↦ kl(p, q) is convex and increasing on [p, 1) with derivative
 * (q-p)/(q(1-q)), so Newton's method started right of the root decreases monotonically to it and
 * never overshoots. Pinsker's inequality kl(p, q) >= 2(q-p)² gives such a start,
 * q0 = p + sqrt(target/2) with target = f(N)/n_i; when q0 >= 1 the start is the largest double
 * below 1, and if kl is still below the target there the index is 1. Closed forms: p = 1 gives 1,
 * p = 0 gives 1 - e^(-target), target = 0 gives p. Iteration stops when kl - target <= 1e-12·target
 * or the step is below 1e-15, at most 64 steps; the result is then within about 1e-12 of the root
 * and never below it, so an arm's index is never underestimated.
 */
final class KlUcbSelector extends IndexSelector {
    private static final int MAX_STEPS = 64;

    private final boolean plus;

    KlUcbSelector(SelectorConfig config, RandomGenerator random) {
        super(config, random);
        this.plus = config.algorithm() == SelectorConfig.Algorithm.KL_UCB_PLUS;
    }

    @Override
    int choose(Context c) {
        double n = c.total;
        double lnN = Math.log(n);
        double extra = config.klExploration();
        double lnLn = extra > 0 && n > Math.E ? extra * Math.log(lnN) : 0.0;
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double pulls = c.pulls[i];
            double budget = (plus ? Math.max(0.0, lnN - Math.log(pulls)) : lnN) + lnLn;
            double score = upperBound(c.sums[i] / pulls, budget / pulls);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /** Bernoulli Kullback–Leibler divergence kl(p, q), p in [0, 1], q in (0, 1). */
    static double kl(double p, double q) {
        double a = p > 0 ? p * Math.log(p / q) : 0.0;
        double b = p < 1 ? (1 - p) * Math.log((1 - p) / (1 - q)) : 0.0;
        return a + b;
    }

    /** The largest q in [p, 1] with kl(p, q) <= target (p in [0, 1], target >= 0). */
    static double upperBound(double p, double target) {
        if (p >= 1.0) {
            return 1.0;
        }
        if (!(target > 0)) {
            return p;
        }
        if (p <= 0.0) {
            return -Math.expm1(-target);
        }
        double q = p + Math.sqrt(target / 2);
        if (q >= 1.0) {
            q = Math.nextDown(1.0);
            if (kl(p, q) <= target) {
                return 1.0;
            }
        }
        double tol = 1e-12 * target;
        for (int step = 0; step < MAX_STEPS; step++) {
            double g = kl(p, q) - target;
            if (g <= tol) {
                break;
            }
            double delta = g * q * (1 - q) / (q - p);
            q -= delta;
            if (delta < 1e-15) {
                break;
            }
        }
        return Math.max(q, p);
    }

    @Override
    public String toString() {
        return (plus ? "KL-UCB+" : "KL-UCB") + " selector (" + k + " arms, c=" + config.klExploration() + ", epsilon="
                + config.epsilon() + ")";
    }
}
