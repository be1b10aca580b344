package io.neuraldag.attention;

import java.util.random.RandomGenerator;

/*
 * UCB1 (spec 01 §4.1; Auer, Cesa-Bianchi and Fischer 2002): argmax mean_i + c·sqrt(ln N / n_i) with
 * strict '>' so ties go to the lowest index. ln N is not floored (N >= K·minSamples >= 1 here, so
 * ln N >= 0). Bookkeeping, ε draws and locking are IndexSelector's.
 */
final class Ucb1Selector extends IndexSelector {

    Ucb1Selector(SelectorConfig config, RandomGenerator random) {
        super(config, random);
    }

    @Override
    int choose(Context c) {
        double exploration = config.exploration();
        double lnN = Math.log((double) c.total);
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            double n = c.pulls[i];
            double score = c.sums[i] / n + exploration * Math.sqrt(lnN / n);
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "UCB1 selector (" + k + " arms, c=" + config.exploration() + ", epsilon=" + config.epsilon() + ")";
    }
}
