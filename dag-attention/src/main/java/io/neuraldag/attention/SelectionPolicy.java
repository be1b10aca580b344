package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.Fingerprint;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/*
 * The rule-based policy of spec 01 §4.2 (see OptimizerConfig for the eight rules, first match wins).
 *
 * Stickiness: a tension trigger stores "stickySelections" remaining selections for the plan's
 * structural fingerprint; each later non-forced decision for that fingerprint consumes one and
 * stays on MinCutGated, whatever the tension. A new trigger refills the count. Forced decisions
 * (rule 1) neither consume nor refill it. The map is access-ordered and bounded.
 *
 * Latency spread: a ring buffer of the last latencyWindow latencies; p50 and p99 by the
 * nearest-rank method (the ceil(q·n)-th smallest value), from a sorted copy of at most
 * latencyWindow values.
 *
 * All state is guarded by this object's monitor; the bandit has its own locks.
 */
final class SelectionPolicy {
    record Decision(AttentionKind kind, SelectionReason reason, String explanation) {}

    private final OptimizerConfig config;
    private final AttentionSelector selector;
    private final TemporalBtspAttention btsp;
    private final double[] latencies;
    private int latencyCount;
    private int latencyNext;
    private final LinkedHashMap<Fingerprint, int[]> sticky;

    SelectionPolicy(OptimizerConfig config, AttentionSelector selector, TemporalBtspAttention btsp) {
        this.config = config;
        this.selector = selector;
        this.btsp = btsp;
        this.latencies = new double[config.latencyWindow()];
        int max = config.maxStickyPlans();
        this.sticky = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Fingerprint, int[]> eldest) {
                return size() > max;
            }
        };
    }

    Decision decide(QueryDag dag, PolicyHints hints) {
        AttentionKind forced = hints.forced();
        if (forced != null) {
            return new Decision(forced, SelectionReason.FORCED, "forced by the caller");
        }
        Fingerprint fp = dag.structuralFingerprint();
        double tension = hints.cutTension();
        synchronized (this) {
            if (tension > config.tensionThreshold()) {
                sticky.put(fp, new int[] {config.stickySelections()});
                return new Decision(
                        AttentionKind.MINCUT_GATED,
                        SelectionReason.CUT_TENSION,
                        String.format(Locale.ROOT, "cut tension %.2f > %.2f", tension, config.tensionThreshold()));
            }
            int[] left = sticky.get(fp);
            if (left != null && left[0] > 0) {
                left[0]--;
                return new Decision(
                        AttentionKind.MINCUT_GATED,
                        SelectionReason.STICKY,
                        "sticky after a cut-tension trigger (" + left[0] + " selections left)");
            }
            if (latencyCount >= config.minLatencySamples()) {
                double[] sorted = Arrays.copyOf(latencies, latencyCount);
                Arrays.sort(sorted);
                double p50 = percentile(sorted, 0.50);
                double p99 = percentile(sorted, 0.99);
                if (p99 > config.latencySpread() * p50) {
                    return new Decision(
                            AttentionKind.CRITICAL_PATH,
                            SelectionReason.LATENCY_SPREAD,
                            String.format(
                                    Locale.ROOT,
                                    "p99 %.3f ms > %.1f x p50 %.3f ms over %d queries",
                                    p99,
                                    config.latencySpread(),
                                    p50,
                                    latencyCount));
                }
            }
        }
        DagSnapshot s = dag.snapshot();
        int depth = s.maxDepth();
        if (depth > config.deepPlanDepth()) {
            return new Decision(
                    AttentionKind.HIERARCHICAL_LORENTZ,
                    SelectionReason.DEEP_PLAN,
                    "max depth " + depth + " > " + config.deepPlanDepth());
        }
        int branches = s.branchCount();
        if (branches > config.wideBranchCount()) {
            return new Decision(
                    AttentionKind.PARALLEL_BRANCH,
                    SelectionReason.WIDE_PLAN,
                    "branch count " + branches + " > " + config.wideBranchCount());
        }
        if (Support.hasTimestamps(s)) {
            double trace = btsp.maxTrace(dag);
            if (trace > config.traceThreshold()) {
                return new Decision(
                        AttentionKind.TEMPORAL_BTSP,
                        SelectionReason.TEMPORAL_TRACE,
                        String.format(
                                Locale.ROOT,
                                "timestamps present and BTSP trace %.3f > %.3f",
                                trace,
                                config.traceThreshold()));
            }
        }
        if (hints.writeHeavy()) {
            return new Decision(AttentionKind.CAUSAL_CONE, SelectionReason.WRITE_HEAVY, "write-heavy workload hint");
        }
        if (!config.banditEnabled()) {
            return new Decision(AttentionKind.TOPOLOGICAL, SelectionReason.BASELINE, "bandit disabled: baseline");
        }
        String context = hints.context();
        int arm = context == null ? selector.select() : selector.select(context);
        return new Decision(AttentionKind.ofIndex(arm), SelectionReason.BANDIT, "UCB1 bandit choice (arm " + arm + ")");
    }

    /** Nearest rank: the ceil(q·n)-th smallest value. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    synchronized void recordLatency(double ms) {
        latencies[latencyNext] = ms;
        latencyNext = (latencyNext + 1) % latencies.length;
        if (latencyCount < latencies.length) {
            latencyCount++;
        }
    }

    synchronized void reset() {
        latencyCount = 0;
        latencyNext = 0;
        sticky.clear();
    }
}
