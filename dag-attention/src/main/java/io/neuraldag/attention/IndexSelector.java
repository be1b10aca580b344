package io.neuraldag.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/*
 * The bookkeeping every selector shares (spec 01 §4.1): per context, pulls n_i (long) and reward
 * sums s_i of the rewards clamped to [0, 1]; mean_i = s_i / n_i with no prior pseudo-count (upstream
 * seeded the sum with 1.0 while the count started at 0, biasing every mean). N = Σ n_i is kept
 * incrementally.
 *
 * select: the first arm with n_i < minSamples; otherwise, with probability ε, a uniform arm from the
 * seeded generator; otherwise the subclass's choice (choose), which sees every arm with
 * n_i >= minSamples >= 1, so means are defined and N >= K >= 1.
 *
 * Locking: the global context is a field; other contexts live in an access-ordered map bounded by
 * maxContexts, guarded by the map's monitor only for lookup. Each Context is its own monitor for
 * select/update, so different contexts never contend and a select/update pair in one context is
 * linearizable. The random generator is shared and guarded by its own monitor; choose runs under
 * the context's monitor and takes the generator's monitor inside it when it draws (always in that
 * order, so no lock cycle).
 */
abstract class IndexSelector implements AttentionSelector {
    private static final String GLOBAL = "";

    /** Statistics of one context; guarded by its own monitor. */
    static final class Context {
        final long[] pulls;
        final double[] sums;
        long total;

        Context(int k) {
            pulls = new long[k];
            sums = new double[k];
        }
    }

    final SelectorConfig config;
    final int k;
    private final Context global;
    private final LinkedHashMap<String, Context> contexts;
    final RandomGenerator random;

    IndexSelector(SelectorConfig config, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.k = config.arms();
        this.global = new Context(k);
        int max = config.maxContexts();
        this.contexts = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
                return size() > max;
            }
        };
    }

    /**
     * The arm to play once every arm has {@code minSamples} pulls and no ε draw fired; called under
     * the context's monitor.
     */
    abstract int choose(Context c);

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
    public final int arms() {
        return k;
    }

    @Override
    public final int select() {
        return select(global);
    }

    @Override
    public final int select(String context) {
        return select(context(context));
    }

    private int select(Context c) {
        int minSamples = config.minSamples();
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
            return choose(c);
        }
    }

    @Override
    public final void update(int arm, double reward) {
        update(global, arm, reward);
    }

    @Override
    public final void update(String context, int arm, double reward) {
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
    public final OptionalInt bestArm() {
        return bestArm(global);
    }

    @Override
    public final OptionalInt bestArm(String context) {
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
    public final List<ArmStats> stats() {
        return stats(global);
    }

    @Override
    public final List<ArmStats> stats(String context) {
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
    public final void reset() {
        synchronized (global) {
            Arrays.fill(global.pulls, 0);
            Arrays.fill(global.sums, 0);
            global.total = 0;
        }
        synchronized (contexts) {
            contexts.clear();
        }
    }
}
