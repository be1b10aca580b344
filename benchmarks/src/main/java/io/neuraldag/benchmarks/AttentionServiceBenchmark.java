package io.neuraldag.benchmarks;

import io.neuraldag.attention.AttentionCache;
import io.neuraldag.attention.AttentionConfig;
import io.neuraldag.attention.AttentionKind;
import io.neuraldag.attention.AttentionScores;
import io.neuraldag.attention.AttentionSelector;
import io.neuraldag.attention.DagAttention;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The attention cache (spec 01 §4.3) and the UCB1 selector (§4.1).
 *
 * <ul>
 *   <li>{@code cacheHit}: {@link AttentionCache#getOrCompute} of CriticalPath scores already in the
 *       default cache (10 000 entries, Caffeine), on the unchanged bench DAG: key = (kind, config
 *       hash, memoized full fingerprint), one lookup, hit counters;
 *   <li>{@code select}: {@link AttentionSelector#select()} of a seven-arm UCB1 selector after 1000
 *       seeded rounds (every arm tried), so the call computes the seven UCB indices;
 *   <li>{@code selectContext}: {@link AttentionSelector#select(String)} with a context key;
 *   <li>{@code selectUpdate}: a select followed by an update with a reward, the bandit's round trip.
 * </ul>
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s -tu ns AttentionServiceBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AttentionServiceBenchmark {

    /** A default cache holding CriticalPath scores of the bench graph. */
    @State(Scope.Thread)
    public static class CacheState {
        AttentionCache cache = AttentionCache.create();
        DagAttention mechanism = DagAttention.create(AttentionKind.CRITICAL_PATH, AttentionConfig.defaults());

        /**
         * Fills the cache.
         *
         * @param g the bench graph
         */
        @Setup(Level.Trial)
        public void fill(BenchGraph g) {
            cache.getOrCompute(mechanism, g.dag);
        }
    }

    /** A seven-arm UCB1 selector after 1000 seeded rounds, with and without a context. */
    @State(Scope.Thread)
    public static class SelectorState {
        AttentionSelector selector = AttentionSelector.ucb1(AttentionKind.COUNT);
        double[] rewards = new double[1024];
        int round;

        /** Trains the selector (seed 5). */
        @Setup(Level.Trial)
        public void train() {
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < rewards.length; i++) {
                rewards[i] = r.nextDouble();
            }
            for (int i = 0; i < 1000; i++) {
                int arm = selector.select();
                selector.update(arm, rewards[i] * (arm + 1) / AttentionKind.COUNT);
                int c = selector.select("ctx");
                selector.update("ctx", c, rewards[i] * (AttentionKind.COUNT - c) / AttentionKind.COUNT);
            }
        }
    }

    /**
     * A cache hit.
     *
     * @param g the bench graph
     * @param c the cache
     * @return the cached scores
     */
    @Benchmark
    public AttentionScores cacheHit(BenchGraph g, CacheState c) {
        return c.cache.getOrCompute(c.mechanism, g.dag);
    }

    /**
     * UCB1 selection.
     *
     * @param s the selector
     * @return the arm
     */
    @Benchmark
    public int select(SelectorState s) {
        return s.selector.select();
    }

    /**
     * UCB1 selection in a context.
     *
     * @param s the selector
     * @return the arm
     */
    @Benchmark
    public int selectContext(SelectorState s) {
        return s.selector.select("ctx");
    }

    /**
     * Selection and feedback.
     *
     * @param s the selector
     * @return the arm
     */
    @Benchmark
    public int selectUpdate(SelectorState s) {
        int arm = s.selector.select();
        s.selector.update(arm, s.rewards[s.round++ & 1023]);
        return arm;
    }
}
