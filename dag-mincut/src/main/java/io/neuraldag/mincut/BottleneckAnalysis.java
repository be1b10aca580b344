package io.neuraldag.mincut;

import java.util.List;

/**
 * The min-cut view of a plan (spec 02 §2.6), from {@link MinCutEngine#analyze()}. Immutable.
 *
 * @param lambda the plan's max flow (its throughput under the capacity model)
 * @param tension {@code max crit}, 0 for an empty plan
 * @param health {@code 1 - (0.6 * max + 0.4 * mean)} of the bottlenecks' criticalities, or 1 without
 *     bottlenecks; in {@code [0, 1]}
 * @param totalCost the sum of operator costs
 * @param criticalPathCost the cost of a heaviest source-to-sink path (0 when every cost is 0)
 * @param parallelisation {@code 1 - criticalPathCost / max(totalCost, 1)}
 * @param bottlenecks operators with {@code crit > bottleneckThreshold}, by criticality descending,
 *     then impact descending, then id ascending
 * @param alerts operators whose {@link AlertLevel} is not {@code NONE}, in the same order
 * @param recommendations the recommendations for the bottlenecks, in bottleneck order
 * @param redundancy redundancy suggestions for operators above the redundancy threshold, in the same
 *     order
 */
public record BottleneckAnalysis(
        double lambda,
        double tension,
        double health,
        double totalCost,
        double criticalPathCost,
        double parallelisation,
        List<Bottleneck> bottlenecks,
        List<Alert> alerts,
        List<Recommendation> recommendations,
        List<RedundancySuggestion> redundancy) {

    /** Copies the lists. */
    public BottleneckAnalysis {
        bottlenecks = List.copyOf(bottlenecks);
        alerts = List.copyOf(alerts);
        recommendations = List.copyOf(recommendations);
        redundancy = List.copyOf(redundancy);
    }

    /**
     * Plan health from the bottlenecks' criticalities: {@code 1 - (0.6 * max + 0.4 * mean)}, or 1 for
     * none. Example: {@code (0.6, 0.8)} gives {@code 0.24}.
     *
     * @param criticalities the bottlenecks' criticalities, each in {@code [0, 1]}
     * @return the health in {@code [0, 1]}
     */
    public static double healthOf(double... criticalities) {
        if (criticalities.length == 0) {
            return 1.0;
        }
        double max = 0.0;
        double sum = 0.0;
        for (double c : criticalities) {
            max = Math.max(max, c);
            sum += c;
        }
        return Math.max(0.0, Math.min(1.0, 1.0 - (0.6 * max + 0.4 * sum / criticalities.length)));
    }
}
