package io.neuraldag.sona;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * UCB1 per context key (Auer, Cesa-Bianchi and Fischer, "Finite-time Analysis of the Multiarmed
 * Bandit Problem", Machine Learning 47, 2002) with optional ε-greedy exploration, as spec 01 §4.1
 * defines the selector: {@code select} returns the first arm never tried in the context, else the
 * argmax of {@code mean_i + c·√(ln N / n_i)} (ties to the lower index); with probability ε it
 * returns a uniformly random arm instead. Rewards are clamped to {@code [0, 1]}.
 *
 * <p>Invariants: at most {@code maxContexts} contexts, evicted least recently used first and
 * counted; all state, including the seeded random source, is guarded by this object's monitor, so a
 * single-threaded caller gets a reproducible sequence. Each call is O(arms).
 */
final class ContextualUcb {

    /** Per-context counts and reward sums, indexed like {@code arms}. */
    private static final class Stats {
        final long[] n;
        final double[] sum;

        Stats(int arms) {
            n = new long[arms];
            sum = new double[arms];
        }
    }

    private final Mechanism[] arms;
    private final int[] armOf = new int[Mechanism.COUNT];
    private final double c;
    private final double epsilon;
    private final SplittableRandom random;
    private final LinkedHashMap<Long, Stats> contexts;
    private long evicted;

    ContextualUcb(List<Mechanism> arms, double c, double epsilon, int maxContexts, long seed) {
        this.arms = arms.toArray(new Mechanism[0]);
        java.util.Arrays.fill(armOf, -1);
        for (int i = 0; i < this.arms.length; i++) {
            armOf[Mechanism.index(this.arms[i])] = i;
        }
        this.c = c;
        this.epsilon = epsilon;
        this.random = new SplittableRandom(seed);
        this.contexts = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Stats> eldest) {
                if (size() > maxContexts) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    synchronized Mechanism select(long context) {
        if (epsilon > 0 && random.nextDouble() < epsilon) {
            return arms[random.nextInt(arms.length)];
        }
        Stats s = contexts.computeIfAbsent(context, k -> new Stats(arms.length));
        long total = 0;
        for (int i = 0; i < arms.length; i++) {
            if (s.n[i] == 0) {
                return arms[i];
            }
            total += s.n[i];
        }
        double logN = Math.log((double) total);
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < arms.length; i++) {
            double v = s.sum[i] / s.n[i] + c * Math.sqrt(logN / s.n[i]);
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return arms[best];
    }

    /**
     * Rewards an arm; mechanisms that are not arms are ignored.
     *
     * @throws IllegalArgumentException if the reward is NaN
     */
    synchronized void update(long context, Mechanism mechanism, double reward) {
        if (Double.isNaN(reward)) {
            throw new IllegalArgumentException("reward must not be NaN");
        }
        int arm = armOf[Mechanism.index(mechanism)];
        if (arm < 0) {
            return;
        }
        Stats s = contexts.computeIfAbsent(context, k -> new Stats(arms.length));
        s.n[arm]++;
        s.sum[arm] += Math.min(1.0, Math.max(0.0, reward));
    }

    /** The arm with the best mean among those tried in the context. */
    synchronized Optional<Mechanism> bestArm(long context) {
        Stats s = contexts.get(context);
        if (s == null) {
            return Optional.empty();
        }
        int best = -1;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < arms.length; i++) {
            if (s.n[i] > 0 && s.sum[i] / s.n[i] > bestMean) {
                bestMean = s.sum[i] / s.n[i];
                best = i;
            }
        }
        return best < 0 ? Optional.empty() : Optional.of(arms[best]);
    }

    synchronized long pulls(long context, Mechanism mechanism) {
        Stats s = contexts.get(context);
        int arm = armOf[Mechanism.index(mechanism)];
        return s == null || arm < 0 ? 0 : s.n[arm];
    }

    synchronized int contexts() {
        return contexts.size();
    }

    synchronized long evicted() {
        return evicted;
    }

    synchronized void reset() {
        contexts.clear();
    }
}
