package io.neuraldag.attention;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.QueryDag;
import java.time.InstantSource;
import java.util.List;

/**
 * The entry point for a query optimizer: chooses a mechanism by the rules of {@link
 * OptimizerConfig} and the UCB1 bandit, computes its scores through the {@link AttentionCache}, and
 * learns from execution feedback. It never fails a query: any {@link AttentionException} (or other
 * runtime failure) of the chosen mechanism falls back to Topological attention and is counted; an
 * empty DAG yields empty scores.
 *
 * <p>Call order per query: {@link #attend} → execute the plan → {@link #feedback}. Feedback
 * rewards the bandit arm of the mechanism actually used (forced choices included), records the
 * latency for the latency-spread rule, and passes the nodes' measured times to every mechanism's
 * {@link DagAttention#update}.
 *
 * <p>Thread-safe; the DAG passed in must not be mutated during a call.
 *
 * {@snippet :
 * AttentionOptimizer optimizer = AttentionOptimizer.create(OptimizerConfig.defaults());
 * AttentionResult result = optimizer.attend(dag, PolicyHints.none().withCutTension(0.8));
 * // result.chosen() == MINCUT_GATED, result.reason() == CUT_TENSION
 * optimizer.feedback(dag, result, 120.0, 80.0);
 * }
 */
public interface AttentionOptimizer {

    /**
     * Scores a plan without hints.
     *
     * @param dag the plan
     * @return the decision and scores; never throws for attention failures
     */
    default AttentionResult attend(QueryDag dag) {
        return attend(dag, PolicyHints.none());
    }

    /**
     * Scores a plan.
     *
     * @param dag the plan
     * @param hints what the caller knows beyond the plan
     * @return the decision and scores; never throws for attention failures
     */
    AttentionResult attend(QueryDag dag, PolicyHints hints);

    /**
     * Learns from one execution.
     *
     * @param dag the executed plan, with {@link io.neuraldag.core.OperatorNode#actualTimeMs()} set
     *     on the measured nodes
     * @param result what {@link #attend} returned for it
     * @param baselineMs the expected time without attention (e.g. the planner's estimate), {@code >
     *     0}
     * @param actualMs the measured total time, {@code >= 0}
     * @throws IllegalArgumentException if a time is out of range
     */
    void feedback(QueryDag dag, AttentionResult result, double baselineMs, double actualMs);

    /**
     * The mechanism instance used for a kind.
     *
     * @param kind the kind
     * @return the shared mechanism
     */
    DagAttention mechanism(AttentionKind kind);

    /**
     * How many {@link #attend} calls fell back to Topological.
     *
     * @return the count
     */
    long fallbackCount();

    /**
     * The cache counters.
     *
     * @return the stats
     */
    CacheStats cacheStats();

    /**
     * The bandit statistics of a context.
     *
     * @param context the context key, {@code ""} for the global context
     * @return one entry per mechanism, in canonical order
     */
    List<ArmStats> selectorStats(String context);

    /** Forgets bandit statistics, latencies, stickiness, cached scores and mechanism state. */
    void reset();

    /**
     * An optimizer with path-dominance criticality and the system clock.
     *
     * @param config the parameters
     * @return a new optimizer
     */
    static AttentionOptimizer create(OptimizerConfig config) {
        return new PolicyAttentionOptimizer(config, InstantSource.system(), null);
    }

    /**
     * An optimizer with an injected clock (BTSP plateaus, cache expiry) and criticality provider
     * (MinCutGated).
     *
     * @param config the parameters
     * @param clock the clock
     * @param criticality the MinCutGated provider
     * @return a new optimizer
     */
    static AttentionOptimizer create(OptimizerConfig config, InstantSource clock, CriticalityProvider criticality) {
        return new PolicyAttentionOptimizer(config, clock, criticality);
    }
}
