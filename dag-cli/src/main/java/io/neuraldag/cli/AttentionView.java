package io.neuraldag.cli;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.attention.AttentionOptimizer;
import io.neuraldag.attention.AttentionResult;
import io.neuraldag.attention.AttentionScores;
import io.neuraldag.attention.OptimizerConfig;
import io.neuraldag.attention.PolicyHints;
import io.neuraldag.attention.SelectionReason;
import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/*
 * The attention part of a report: dag-attention's AttentionOptimizer (the spec 01 §4.2 policy
 * layer) decides and scores the plan, with the min-cut tension of the plan as its cut-tension hint
 * and the exact min-cut criticality as MinCutGated's provider. "auto" lets the policy choose; a
 * named mechanism is passed as the forced hint, and the unforced decision of a second, equally fresh
 * optimizer is kept as what auto would have chosen. Each run starts a new optimizer, so the
 * bandit (rule 8) has no feedback and picks its first untried arm.
 *
 * weights is indexed like the DAG's snapshot (ascending ids); topIds/topWeights hold the TOP_WEIGHTS
 * heaviest nodes, heaviest first, ties by ascending id. Arrays are owned and never modified.
 */
final class AttentionView {
    static final int TOP_WEIGHTS = 10;
    static final String AUTO = "auto";

    final @Nullable AttentionKind requested;
    final AttentionResult result;
    final AttentionKind autoKind;
    final SelectionReason autoReason;
    final String autoExplanation;
    final double[] weights;
    final double maxWeight;
    final double minWeight;
    final int[] topIds;
    final double[] topWeights;

    private AttentionView(QueryDag dag, @Nullable AttentionKind requested, double tension, MinCutConfig mincut) {
        this.requested = requested;
        PolicyHints hints = Double.isFinite(tension) ? PolicyHints.none().withCutTension(tension) : PolicyHints.none();
        AttentionResult auto = optimizer(mincut).attend(dag, hints);
        this.autoKind = auto.chosen();
        this.autoReason = auto.reason();
        this.autoExplanation = auto.explanation();
        this.result = requested == null ? auto : optimizer(mincut).attend(dag, hints.withForced(requested));

        AttentionScores scores = result.scores();
        DagSnapshot s = dag.snapshot();
        int n = s.size();
        this.weights = new double[n];
        double max = 0.0;
        double min = n > 0 && scores.size() == n ? 1.0 : 0.0;
        for (int i = 0; i < n && scores.size() == n; i++) {
            weights[i] = scores.weight(s.id(i));
            max = Math.max(max, weights[i]);
            min = Math.min(min, weights[i]);
        }
        this.maxWeight = max;
        this.minWeight = min;
        this.topIds = scores.size() == n ? scores.topNodes(TOP_WEIGHTS) : new int[0];
        this.topWeights = new double[topIds.length];
        for (int k = 0; k < topIds.length; k++) {
            topWeights[k] = scores.weight(topIds[k]);
        }
    }

    private static AttentionOptimizer optimizer(MinCutConfig mincut) {
        return AttentionOptimizer.create(
                OptimizerConfig.defaults(), InstantSource.system(), MinCutEngine.criticalityProvider(mincut));
    }

    static AttentionView of(QueryDag dag, @Nullable AttentionKind requested, double tension, MinCutConfig mincut) {
        return new AttentionView(dag, requested, tension, mincut);
    }

    /* "auto" (null) or a mechanism by its wire name; anything else is a one-line usage error. */
    static @Nullable AttentionKind parse(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase(AUTO)) {
            return null;
        }
        try {
            return AttentionKind.fromWireName(v);
        } catch (IllegalArgumentException e) {
            throw new CliException("--attention", "unknown mechanism '" + value + "' (expected " + choices() + ")", e);
        }
    }

    static String choices() {
        StringBuilder b = new StringBuilder(AUTO);
        for (AttentionKind k : AttentionKind.values()) {
            b.append(", ").append(k.wireName());
        }
        return b.toString();
    }

    String requestedName() {
        AttentionKind r = requested;
        return r == null ? AUTO : r.wireName();
    }

    /*
     * The shade of the node at a snapshot index, in [0, 1]: sqrt((w - min) / (max - min)), so the
     * lightest node has the smallest weight and the darkest the largest (full contrast on a small
     * plan with similar weights) and the many small weights of a large plan stay visible; 0 for
     * every node when all weights are equal.
     */
    double shade(int index) {
        double range = maxWeight - minWeight;
        return range > 0 ? Math.sqrt(Math.max(0.0, weights[index] - minWeight) / range) : 0.0;
    }
}
