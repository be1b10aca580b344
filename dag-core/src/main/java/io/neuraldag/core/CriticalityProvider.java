package io.neuraldag.core;

/**
 * A source of per-operator criticality for a plan snapshot: how much the plan's throughput depends
 * on each operator. MinCutGated attention (spec 01 §3.4) gates its weights with these values.
 *
 * <p>Values are indexed like the snapshot ({@code result[i]} belongs to {@link
 * DagSnapshot#id(int) snapshot.id(i)}), the array has length {@link DagSnapshot#size()}, and every
 * value lies in {@code [0, 1]}. An empty snapshot gives an empty array. Implementations must be
 * thread-safe and must not retain or modify the snapshot beyond the call.
 *
 * <p>Two providers exist: {@link #pathDominance()} here, the default, and the exact min-cut
 * criticality {@code crit(v) = 1 - lambda / lambda_v^inf} of the {@code dag-mincut} module (spec 02
 * §2.3). Unlike path dominance, min-cut criticality can be 0.
 */
@FunctionalInterface
public interface CriticalityProvider {

    /**
     * The criticality of every node of the snapshot.
     *
     * @param snapshot the plan
     * @return a new array of length {@code snapshot.size()}, values in {@code [0, 1]}, indexed like
     *     the snapshot
     */
    double[] criticality(DagSnapshot snapshot);

    /**
     * Path-dominance criticality {@code kappa(v) = Pin(v) * Pout(v) / Pi} (spec 01 §2.6): the share of
     * all source-to-sink paths through the node, in {@code (0, 1]}. {@code O(n + m)} on first use per
     * snapshot (memoized by the snapshot). Thread-safe and stateless.
     *
     * @return the provider
     */
    static CriticalityProvider pathDominance() {
        return snapshot -> {
            int n = snapshot.size();
            double[] k = new double[n];
            for (int i = 0; i < n; i++) {
                k[i] = snapshot.criticality(i);
            }
            return k;
        };
    }
}
