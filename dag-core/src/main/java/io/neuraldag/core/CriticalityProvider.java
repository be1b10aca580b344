package io.neuraldag.core;

/**
 * A source of per-node criticality {@code kappa} in {@code [0, 1]} for a DAG snapshot: how much of
 * the plan's source-to-sink connectivity depends on a node. MinCut-gated attention reads it to gate
 * its logits; a min-cut engine can plug in an exact provider.
 *
 * <p>Implementations must be thread-safe if they are shared between threads.
 */
@FunctionalInterface
public interface CriticalityProvider {

    /**
     * The criticality of every node of a snapshot.
     *
     * @param snapshot the snapshot
     * @return a new array of length {@code snapshot.size()}; entry {@code i} is kappa of the node at
     *     snapshot index {@code i}, in {@code [0, 1]}
     */
    double[] criticality(DagSnapshot snapshot);

    /**
     * The default provider: path-dominance criticality {@code kappa(v) = Pin(v) * Pout(v) / Pi}
     * (spec 01 §2.6) from {@link DagSnapshot#criticality(int)}, in {@code O(n + m)} once per snapshot
     * (memoized by the snapshot). Stateless and thread-safe.
     *
     * @return a stateless provider
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
