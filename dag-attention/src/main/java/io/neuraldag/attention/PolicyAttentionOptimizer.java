package io.neuraldag.attention;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.QueryDag;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/*
 * AttentionOptimizer: SelectionPolicy + one instance of each mechanism + AttentionCache + UCB1.
 *
 * Fallback: the chosen mechanism runs through the cache; an AttentionException (or any other
 * RuntimeException, reported as COMPUTATION_FAILED) increments the fallback counter and Topological
 * runs instead. Topological fails only on an empty DAG, which then yields empty scores. The result
 * records the failure kind, so callers can log it.
 *
 * Cache hit detection: comparing the cache's hit counter before and after the call would race with
 * other threads, so the cache reports the hit of this call in an out-parameter.
 */
final class PolicyAttentionOptimizer implements AttentionOptimizer {
    private final OptimizerConfig config;
    private final DagAttention[] mechanisms;
    private final TemporalBtspAttention btsp;
    private final AttentionSelector selector;
    private final CaffeineAttentionCache cache;
    private final SelectionPolicy policy;
    private final LongAdder fallbacks = new LongAdder();

    PolicyAttentionOptimizer(OptimizerConfig config, InstantSource clock, @Nullable CriticalityProvider criticality) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        AttentionConfig ac = config.attention();
        this.btsp = new TemporalBtspAttention(ac, clock);
        this.mechanisms = new DagAttention[AttentionKind.COUNT];
        for (AttentionKind k : AttentionKind.values()) {
            mechanisms[k.index()] = switch (k) {
                case MINCUT_GATED -> new MinCutGatedAttention(ac, criticality);
                case TEMPORAL_BTSP -> btsp;
                default -> DagAttention.create(k, ac);
            };
        }
        this.selector = AttentionSelector.create(config.selector());
        this.cache = new CaffeineAttentionCache(config.cache(), clock);
        this.policy = new SelectionPolicy(config, selector, btsp);
    }

    @Override
    public AttentionResult attend(QueryDag dag, PolicyHints hints) {
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(hints, "hints");
        SelectionPolicy.Decision d = policy.decide(dag, hints);
        DagAttention m = mechanisms[d.kind().index()];
        try {
            return compute(d, m, dag, hints, null);
        } catch (RuntimeException e) {
            fallbacks.increment();
            AttentionException.Kind failure =
                    e instanceof AttentionException ae ? ae.kind() : AttentionException.Kind.COMPUTATION_FAILED;
            try {
                return compute(d, mechanisms[AttentionKind.TOPOLOGICAL.index()], dag, hints, failure);
            } catch (AttentionException empty) {
                AttentionScores none = AttentionScores.empty(
                        AttentionKind.TOPOLOGICAL, Map.of("mode", "structural", "failure", failure.name()));
                return new AttentionResult(
                        d.kind(), d.reason(), d.explanation(), none, failure, false, hints.context());
            }
        }
    }

    private AttentionResult compute(
            SelectionPolicy.Decision d,
            DagAttention m,
            QueryDag dag,
            PolicyHints hints,
            AttentionException.@Nullable Kind failure) {
        AttentionScores scores;
        boolean cached = false;
        if (config.cacheEnabled()) {
            boolean[] hit = new boolean[1];
            scores = cache.getOrCompute(m, dag, hit);
            cached = hit[0];
        } else {
            scores = m.forward(dag);
        }
        return new AttentionResult(d.kind(), d.reason(), d.explanation(), scores, failure, cached, hints.context());
    }

    @Override
    public void feedback(QueryDag dag, AttentionResult result, double baselineMs, double actualMs) {
        Objects.requireNonNull(dag, "dag");
        Objects.requireNonNull(result, "result");
        double reward = AttentionSelector.reward(baselineMs, actualMs);
        String context = result.context();
        int arm = result.used().index();
        if (context == null) {
            selector.update(arm, reward);
        } else {
            selector.update(context, arm, reward);
        }
        policy.recordLatency(actualMs);
        Map<Integer, Double> times = Support.nodeActuals(dag);
        if (!times.isEmpty()) {
            for (DagAttention m : mechanisms) {
                m.update(dag, times);
            }
        }
    }

    @Override
    public DagAttention mechanism(AttentionKind kind) {
        return mechanisms[kind.index()];
    }

    @Override
    public long fallbackCount() {
        return fallbacks.sum();
    }

    @Override
    public CacheStats cacheStats() {
        return cache.stats();
    }

    @Override
    public List<ArmStats> selectorStats(String context) {
        return selector.stats(context);
    }

    @Override
    public void reset() {
        selector.reset();
        policy.reset();
        cache.invalidateAll();
        for (DagAttention m : mechanisms) {
            m.reset();
        }
    }
}
