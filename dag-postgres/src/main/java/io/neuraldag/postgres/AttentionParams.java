package io.neuraldag.postgres;

import io.neuraldag.attention.AttentionConfig;
import io.neuraldag.attention.AttentionKind;
import java.util.Map;
import java.util.Objects;

/*
 * dag_attention_configure: the parameter names (snake_case, without the mechanism prefix) of each
 * mechanism, mapped onto AttentionConfig's builder. Integer parameters must be whole numbers. The new
 * configuration is built (and so validated by AttentionConfig) before anything is replaced; any
 * rejection becomes RV011 naming the parameter.
 *
 *   topological           decay, max_depth
 *   causal_cone           decay, max_hops, time_window_ms
 *   critical_path         boost, boost_growth, boost_cap, variance_ratio
 *   mincut_gated          gate_threshold
 *   hierarchical_lorentz  curvature, temperature
 *   parallel_branch       cross_weight, sync_boost
 *   temporal_btsp         decay, learning_rate, plateau_threshold, plateau_ms, plateau_boost,
 *                         coincidence_ms, coincidence_boost, temperature, cost_scale, rows_scale,
 *                         cost_to_ms, max_plans
 */
final class AttentionParams {
    private AttentionParams() {}

    static AttentionConfig apply(AttentionKind kind, AttentionConfig base, Map<String, Double> params) {
        AttentionConfig.Builder b = base.toBuilder();
        try {
            for (Map.Entry<String, Double> e : params.entrySet()) {
                String name = Objects.requireNonNull(e.getKey(), "parameter name");
                double v = Objects.requireNonNull(e.getValue(), "parameter value");
                if (!Double.isFinite(v)) {
                    throw DagArgumentException.invalid(
                            kind.wireName() + "." + Texts.clip(name) + " must be finite: " + v);
                }
                if (!set(kind, b, name, v)) {
                    throw DagArgumentException.invalid(
                            kind.wireName() + " has no parameter '" + Texts.clip(name) + "'");
                }
            }
            return b.build();
        } catch (DagArgumentException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new DagArgumentException(RvCode.INVALID_ARGUMENT, kind.wireName() + ": " + e.getMessage(), e);
        }
    }

    private static boolean set(AttentionKind kind, AttentionConfig.Builder b, String name, double v) {
        switch (kind) {
            case TOPOLOGICAL -> {
                switch (name) {
                    case "decay" -> b.topologicalDecay(v);
                    case "max_depth" -> b.topologicalMaxDepth(whole(name, v));
                    default -> {
                        return false;
                    }
                }
            }
            case CAUSAL_CONE -> {
                switch (name) {
                    case "decay" -> b.causalDecay(v);
                    case "max_hops" -> b.causalMaxHops(whole(name, v));
                    case "time_window_ms" -> b.causalTimeWindowMs(v);
                    default -> {
                        return false;
                    }
                }
            }
            case CRITICAL_PATH -> {
                switch (name) {
                    case "boost" -> b.criticalBoost(v);
                    case "boost_growth" -> b.criticalBoostGrowth(v);
                    case "boost_cap" -> b.criticalBoostCap(v);
                    case "variance_ratio" -> b.criticalVarianceRatio(v);
                    default -> {
                        return false;
                    }
                }
            }
            case MINCUT_GATED -> {
                if (!"gate_threshold".equals(name)) {
                    return false;
                }
                b.gateThreshold(v);
            }
            case HIERARCHICAL_LORENTZ -> {
                switch (name) {
                    case "curvature" -> b.curvature(v);
                    case "temperature" -> b.lorentzTemperature(v);
                    default -> {
                        return false;
                    }
                }
            }
            case PARALLEL_BRANCH -> {
                switch (name) {
                    case "cross_weight" -> b.branchCrossWeight(v);
                    case "sync_boost" -> b.syncBoost(v);
                    default -> {
                        return false;
                    }
                }
            }
            case TEMPORAL_BTSP -> {
                switch (name) {
                    case "decay" -> b.btspDecay(v);
                    case "learning_rate" -> b.btspLearningRate(v);
                    case "plateau_threshold" -> b.btspPlateauThreshold(v);
                    case "plateau_ms" -> b.btspPlateauMs(whole(name, v));
                    case "plateau_boost" -> b.btspPlateauBoost(v);
                    case "coincidence_ms" -> b.btspCoincidenceMs(v);
                    case "coincidence_boost" -> b.btspCoincidenceBoost(v);
                    case "temperature" -> b.btspTemperature(v);
                    case "cost_scale" -> b.btspCostScale(v);
                    case "rows_scale" -> b.btspRowsScale(v);
                    case "cost_to_ms" -> b.btspCostToMs(v);
                    case "max_plans" -> b.btspMaxPlans(whole(name, v));
                    default -> {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static int whole(String name, double v) {
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw DagArgumentException.invalid(name + " must be a whole number: " + v);
        }
        return (int) v;
    }
}
