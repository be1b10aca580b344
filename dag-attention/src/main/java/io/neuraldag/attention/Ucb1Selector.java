package io.neuraldag.attention;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/*
 * UCB1 (spec 01 §4.1). Per context: pulls n_i (long) and reward sums s_i; mean_i = s_i / n_i with no
 * prior pseudo-count (upstream seeded the sum with 1.0 while the count started at 0, biasing every
 * mean). N = Σ n_i is kept incrementally.
 *
 * select: the first arm with n_i < minSamples; otherwise, with probability ε, a uniform arm from
 * the seeded SplittableRandom; otherwise argmax mean_i + c·sqrt(ln N / n_i) with strict '>' so ties
 * go to the lowest index. ln N is not floored (N >= K·minSamples >= 1 here, so ln N >= 0).
 *
 * Locking: the global context is a field; other contexts live in an access-ordered map bounded by
 * maxContexts, guarded by the selector's monitor only for lookup. Each Context is its own monitor
 * for select/update, so different contexts never contend and a select/update pair in one context is
 * linearizable. The random generator is shared and guarded by its own lock.
 */
final class Ucb1Selector implements AttentionSelector {
    private static final String GLOBAL = "";

    private static final class Context {
        final long[] pulls;
        final double[] sums;
        long total;

        Context(int k) {
            pulls = new long[k];
            sums = new double[k];
        }
    }

    private final SelectorConfig config;
    private final int k;
    private final Context global;
    private final LinkedHashMap<String, Context> contexts;
    private final SplittableRandom random;

    Ucb1Selector(SelectorConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.k = config.arms();
        this.global = new Context(k);
        this.random = new SplittableRandom(config.seed());
        int max = config.maxContexts();
        this.contexts = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
                return size() > max;
            }
        };
    }

    private Context context(String key) {
        Objects.requireNonNull(key, "context");
        if (key.equals(GLOBAL)) {
            return global;
        }
        synchronized (contexts) {
            return contexts.computeIfAbsent(key, x -> new Context(k));
        }
    }

    @Override
    public int arms() {
        return k;
    }

    @Override
    public int select() {
        return select(global);
    }

    @Override
    public int select(String context) {
        return select(context(context));
    }

    private int select(Context c) {
        int minSamples = config.minSamples();
        double exploration = config.exploration();
        synchronized (c) {
            for (int i = 0; i < k; i++) {
                if (c.pulls[i] < minSamples) {
                    return i;
                }
            }
            if (config.epsilon() > 0) {
                synchronized (random) {
                    if (random.nextDouble() < config.epsilon()) {
                        return random.nextInt(k);
                    }
                }
            }
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
    }

    @Override
    public void update(int arm, double reward) {
        update(global, arm, reward);
    }

    @Override
    public void update(String context, int arm, double reward) {
        checkArm(arm);
        checkReward(reward);
        update(context(context), arm, reward);
    }

    private void update(Context c, int arm, double reward) {
        checkArm(arm);
        checkReward(reward);
        double r = Math.max(0.0, Math.min(1.0, reward));
        synchronized (c) {
            c.pulls[arm]++;
            c.sums[arm] += r;
            c.total++;
        }
    }

    private void checkArm(int arm) {
        if (arm < 0 || arm >= k) {
            throw new IllegalArgumentException("arm must be in [0," + k + "): " + arm);
        }
    }

    private static void checkReward(double reward) {
        if (Double.isNaN(reward)) {
            throw new IllegalArgumentException("reward is NaN");
        }
    }

    @Override
    public OptionalInt bestArm() {
        return bestArm(global);
    }

    @Override
    public OptionalInt bestArm(String context) {
        return bestArm(context(context));
    }

    private OptionalInt bestArm(Context c) {
        int minSamples = config.minSamples();
        synchronized (c) {
            int best = -1;
            double bestMean = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                if (c.pulls[i] >= minSamples) {
                    double mean = c.sums[i] / c.pulls[i];
                    if (mean > bestMean) {
                        bestMean = mean;
                        best = i;
                    }
                }
            }
            return best < 0 ? OptionalInt.empty() : OptionalInt.of(best);
        }
    }

    @Override
    public List<ArmStats> stats() {
        return stats(global);
    }

    @Override
    public List<ArmStats> stats(String context) {
        return stats(context(context));
    }

    private List<ArmStats> stats(Context c) {
        List<ArmStats> r = new ArrayList<>(k);
        synchronized (c) {
            for (int i = 0; i < k; i++) {
                long n = c.pulls[i];
                r.add(new ArmStats(i, n, n == 0 ? 0.0 : c.sums[i] / n));
            }
        }
        return Collections.unmodifiableList(r);
    }

    @Override
    public void reset() {
        synchronized (global) {
            java.util.Arrays.fill(global.pulls, 0);
            java.util.Arrays.fill(global.sums, 0);
            global.total = 0;
        }
        synchronized (contexts) {
            contexts.clear();
        }
    }

    @Override
    public String toString() {
        return "UCB1 selector (" + k + " arms, c=" + config.exploration() + ", epsilon=" + config.epsilon() + ")";
    }
}
