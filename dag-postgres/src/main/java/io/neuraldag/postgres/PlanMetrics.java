package io.neuraldag.postgres;

import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.sona.ExecutionMetrics;
import java.util.Map;

/*
 * The metrics of spec 03 §1.2 from an executed plan (EXPLAIN ANALYZE or auto_explain with analyze):
 * rows = the top node's actual rows × loops; memory = (Σ Hash Peak Memory Usage + Σ in-memory Sort
 * Space Used) × 1024 bytes, UNKNOWN when no node reports either; cache hit = Shared Hit / (Hit +
 * Read) of the top node (cumulative over the plan), NaN without BUFFERS or without any block.
 */
record PlanMetrics(long rows, long memoryBytes, double cacheHitRatio) {

    static PlanMetrics of(ImportedPlan plan) {
        long rows = ExecutionMetrics.UNKNOWN;
        if (plan.dag().containsNode(0)) {
            OperatorNode top = plan.dag().node(0);
            Double actual = top.actualRows();
            if (actual != null && actual >= 0) {
                rows = Math.round(actual);
            }
        }
        long kb = 0;
        boolean anyMemory = false;
        for (Map<String, Object> attrs : plan.attributes().values()) {
            if (attrs.get("Hash Peak Memory Usage") instanceof Number n) {
                kb += n.longValue();
                anyMemory = true;
            }
            if ("Memory".equals(attrs.get("Sort Space Type")) && attrs.get("Sort Space Used") instanceof Number n) {
                kb += n.longValue();
                anyMemory = true;
            }
        }
        double hit = Double.NaN;
        Map<String, Object> root = plan.attributes().get(0);
        if (root != null
                && root.get("Shared Hit Blocks") instanceof Number h
                && root.get("Shared Read Blocks") instanceof Number r) {
            double total = h.doubleValue() + r.doubleValue();
            if (total > 0) {
                hit = h.doubleValue() / total;
            }
        }
        return new PlanMetrics(rows, anyMemory ? kb * 1024 : ExecutionMetrics.UNKNOWN, hit);
    }
}
