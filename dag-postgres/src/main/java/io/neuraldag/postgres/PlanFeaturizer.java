package io.neuraldag.postgres;

import io.neuraldag.attention.AttentionConfig;
import io.neuraldag.attention.AttentionException;
import io.neuraldag.attention.AttentionKind;
import io.neuraldag.attention.AttentionScores;
import io.neuraldag.attention.DagAttention;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.ImportedPlan;
import java.util.Map;

/*
 * The feature vector of one candidate plan for the hint advisor's latency model.
 *
 * Layout (DIMENSION = 48, every entry finite):
 *   [0, 24)   the first 24 entries of dag-core's plan vector (spec 01 §2.7: operator-family shares,
 *             depth, width, mean and max self cost, L2-normalised; the remaining 232 entries of the
 *             256-vector are zero by construction and are left out).
 *   24, 25    ln(1 + root Total Cost), ln(1 + root Plan Rows): the planner's own estimate, which is
 *             what a hint set changes most directly.
 *   26        ln(1 + node count).
 *   [27, 39)  critical-path attention-weighted operator groups: Σ_v w_v · onehot(group(v)), with the
 *             weights of dag-attention's CRITICAL_PATH mechanism (softmax of a boost on the
 *             maximum-cost path), so the operators that dominate the estimated cost count most.
 *   39, 40    attention-weighted ln(1 + self cost) and ln(1 + estimated rows).
 *   [41, 46)  Σ ln(1 + estimated rows) over nested-loop, hash and merge joins, sequential scans and
 *             index scans: "how much input this kind of operator sees", which a linear model cannot
 *             derive from counts alone (a nested loop over 10 rows and over 10^6 rows differ).
 *   46, 47    ln(1 + hnsw.ef_search) and ln(1 + ivfflat.probes) of the arm (0 when it leaves them at
 *             the default): EXPLAIN's cost does not move with them, the latency does.
 *
 * Log scaling keeps costs and row counts, which span ten orders of magnitude, in a range where a
 * ridge penalty treats the features alike. Thread-safe: the attention mechanism is.
 */
final class PlanFeaturizer {
    static final int DIMENSION = 48;
    static final int PLAN_VECTOR_PART = 24;
    static final int GROUPS = 12;

    private final DagAttention attention = DagAttention.create(AttentionKind.CRITICAL_PATH, AttentionConfig.defaults());

    double[] features(ImportedPlan plan, HintArm arm) {
        QueryDag dag = plan.dag();
        double[] x = new double[DIMENSION];
        int[] ids = dag.nodeIds();
        if (ids.length == 0) {
            return x;
        }
        double[] pv = dag.planVector();
        System.arraycopy(pv, 0, x, 0, PLAN_VECTOR_PART);
        Map<String, Object> root = plan.attributes().getOrDefault(0, Map.of());
        x[24] = log1p(number(root.get("Total Cost")));
        x[25] = log1p(number(root.get("Plan Rows")));
        x[26] = Math.log1p(ids.length);
        double[] w = weights(dag, ids);
        for (int i = 0; i < ids.length; i++) {
            OperatorNode n = dag.node(ids[i]);
            int g = group(n.operator());
            x[27 + g] += w[i];
            double lr = log1p(n.estimatedRows());
            x[39] += w[i] * log1p(n.estimatedCost());
            x[40] += w[i] * lr;
            switch (g) {
                case 4 -> x[41] += lr;
                case 5 -> x[42] += lr;
                case 6 -> x[43] += lr;
                case 0 -> x[44] += lr;
                case 1 -> x[45] += lr;
                default -> {}
            }
        }
        x[46] = log1p(setting(arm, "hnsw.ef_search"));
        x[47] = log1p(setting(arm, "ivfflat.probes"));
        return x;
    }

    private double[] weights(QueryDag dag, int[] ids) {
        double[] w = new double[ids.length];
        try {
            AttentionScores s = attention.forward(dag);
            for (int i = 0; i < ids.length; i++) {
                w[i] = s.weight(ids[i]);
            }
        } catch (AttentionException e) {
            java.util.Arrays.fill(w, 1.0 / ids.length);
        }
        return w;
    }

    /** The operator group of the attention-weighted one-hot block. */
    static int group(Operator op) {
        return switch (op) {
            case Operator.SeqScan s -> 0;
            case Operator.IndexScan s -> 1;
            case Operator.IndexOnlyScan s -> 1;
            case Operator.BitmapScan s -> 2;
            case Operator.HnswScan s -> 3;
            case Operator.IvfFlatScan s -> 3;
            case Operator.NestedLoopJoin j -> 4;
            case Operator.HashJoin j -> 5;
            case Operator.MergeJoin j -> 6;
            case Operator.Aggregate a -> 7;
            case Operator.HashAggregate a -> 7;
            case Operator.GroupBy g -> 7;
            case Operator.WindowAgg a -> 7;
            case Operator.Sort s -> 8;
            case Operator.IncrementalSort s -> 8;
            case Operator.Unique u -> 8;
            case Operator.Limit l -> 9;
            case Operator.Materialize m -> 10;
            case Operator.SubqueryScan s -> 11;
            case Operator.CteScan s -> 11;
            case Operator.Filter f -> 11;
            case Operator.Project p -> 11;
            case Operator.VectorDistance v -> 11;
            case Operator.Rerank r -> 11;
            case Operator.Result r -> 11;
            case Operator.Append a -> 11;
            case Operator.MergeAppend a -> 11;
            case Operator.Union u -> 11;
            case Operator.Intersect i -> 11;
            case Operator.Except e -> 11;
            case Operator.Gather g -> 11;
            case Operator.GatherMerge g -> 11;
        };
    }

    private static double setting(HintArm arm, String name) {
        String v = arm.valueOf(name);
        if (v == null) {
            return 0;
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) && d > 0 ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static double number(@org.jspecify.annotations.Nullable Object o) {
        return o instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : 0;
    }

    private static double log1p(double v) {
        return Double.isFinite(v) && v > 0 ? Math.log1p(v) : 0;
    }
}
