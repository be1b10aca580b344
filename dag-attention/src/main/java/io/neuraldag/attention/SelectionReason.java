package io.neuraldag.attention;

/** Why the policy chose a mechanism: the rule of {@link OptimizerConfig} that matched. */
public enum SelectionReason {
    /** Rule 1: the caller forced the mechanism. */
    FORCED,
    /** Rule 2: the cut tension exceeded the threshold. */
    CUT_TENSION,
    /** Rule 2: an earlier tension trigger on the same plan structure is still sticky. */
    STICKY,
    /** Rule 3: p99 latency exceeded the multiple of p50. */
    LATENCY_SPREAD,
    /** Rule 4: the plan is deep. */
    DEEP_PLAN,
    /** Rule 5: the plan is wide. */
    WIDE_PLAN,
    /** Rule 6: timestamps are present and BTSP traces are active. */
    TEMPORAL_TRACE,
    /** Rule 7: the caller flagged a write-heavy workload. */
    WRITE_HEAVY,
    /** Rule 8: the UCB1 bandit chose. */
    BANDIT,
    /** Rule 8 with the bandit off: the Topological baseline. */
    BASELINE
}
