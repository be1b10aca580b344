package io.neuraldag.postgres;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.mincut.BottleneckAnalysis;
import io.neuraldag.mincut.MinCutConfig;
import io.neuraldag.mincut.MinCutEngine;
import io.neuraldag.mincut.Recommendation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/*
 * Everything the Analysis and Attention groups derive from one imported plan, computed once:
 * min-cut criticality per node (dag-mincut's crit(v) = 1 − λ/λ_v^∞ on the plan's flow network), the
 * bottleneck analysis, bottleneck scores and the 256-float node embeddings.
 *
 * Ids of an imported plan are dense 0..n-1, so arrays are indexed by node id.
 *
 * Bottleneck score = 0.6·criticality + 0.4·(self cost / largest self cost), in [0, 1]: an operator
 * scores high when it lies in every minimum cut and carries a large share of the cost.
 *
 * Node embedding (256 floats, unit L2 norm, deterministic):
 *   [0, 32)    one-hot operator tag
 *   32..39     log1p(self cost)/10, log1p(rows)/10, log1p(Total Cost)/10, depth/10, inputs/4,
 *              consumers/4, min-cut criticality, path-dominance criticality
 *   40..42     on the critical path, has a vector metric, exact (non-index) vector search
 *   [64, 256)  signed feature hashing (FNV-1a) of "rel:<relation>", "idx:<index>", "metric:<m>",
 *              "join:<type>" and "filter" tokens, weight 1 each
 */
final class PlanFacts {
    static final int DIM = 256;

    final ImportedPlan plan;
    final QueryDag dag;
    final int n;
    final double[] criticality;
    final double[] score;
    final float[][] embedding;
    final BottleneckAnalysis analysis;
    final MinCutEngine mincut;
    final boolean[] onCriticalPath;

    PlanFacts(ImportedPlan plan) {
        this.plan = plan;
        this.dag = plan.dag();
        this.n = dag.nodeCount();
        this.mincut = MinCutEngine.create(MinCutConfig.defaults());
        mincut.buildFrom(dag);
        this.analysis = mincut.analyze();
        this.criticality = new double[n];
        this.score = new double[n];
        double maxCost = 0;
        for (int id = 0; id < n; id++) {
            maxCost = Math.max(maxCost, dag.node(id).estimatedCost());
        }
        for (int id = 0; id < n; id++) {
            double c = mincut.criticality(id);
            criticality[id] = Double.isFinite(c) ? Math.max(0, Math.min(1, c)) : 0;
            double share = maxCost > 0 ? dag.node(id).estimatedCost() / maxCost : 0;
            score[id] = 0.6 * criticality[id] + 0.4 * share;
        }
        this.onCriticalPath = new boolean[n];
        if (n > 0) {
            for (int id : dag.criticalPath().path()) {
                onCriticalPath[id] = true;
            }
        }
        this.embedding = new float[n][];
        for (int id = 0; id < n; id++) {
            embedding[id] = embed(id);
        }
    }

    /* The rows of dag_analyze_plan, by id. */
    List<NeuralDag.PlanNodeRow> nodeRows() {
        List<NeuralDag.PlanNodeRow> out = new ArrayList<>(n);
        for (int id = 0; id < n; id++) {
            out.add(new NeuralDag.PlanNodeRow(
                    id,
                    operatorType(id),
                    criticality[id],
                    score[id],
                    embedding[id],
                    consumers(id),
                    inputs(id),
                    dag.node(id).estimatedCost(),
                    recommendations(id)));
        }
        return List.copyOf(out);
    }

    Map<Integer, float[]> embeddings() {
        Map<Integer, float[]> m = new HashMap<>();
        for (int id = 0; id < n; id++) {
            m.put(id, embedding[id]);
        }
        return m;
    }

    String operatorType(int id) {
        Operator op = dag.node(id).operator();
        if (op instanceof Operator.Result) {
            Object raw = plan.attributesOf(id).get("rawNodeType");
            if (raw instanceof String s && !s.isEmpty()) {
                return "Result(" + s + ")";
            }
        }
        return op.typeName();
    }

    /** EXPLAIN's parents: the consumers. */
    List<Integer> consumers(int id) {
        return boxed(dag.children(id));
    }

    /** EXPLAIN's children: the inputs. */
    List<Integer> inputs(int id) {
        return boxed(dag.parents(id));
    }

    List<String> recommendations(int id) {
        List<String> out = new ArrayList<>();
        for (Recommendation r : analysis.recommendations()) {
            if (r.operatorId() == id) {
                out.add(r.description());
            }
        }
        Map<String, Object> attrs = plan.attributesOf(id);
        String table = text(attrs.get("Relation Name"));
        if ("true".equals(attrs.get("exactVectorSearch"))) {
            out.add("distances are computed without an ANN index"
                    + (table.isEmpty() ? "" : " on " + table)
                    + ": an HNSW or IVFFlat index would avoid the exact scan");
        }
        OperatorNode node = dag.node(id);
        if (node.operator() instanceof Operator.SeqScan && attrs.containsKey("Filter") && node.estimatedRows() > 1000) {
            out.add("sequential scan with a filter over about " + Math.round(node.estimatedRows())
                    + " rows: consider an index on the filtered columns of " + table);
        }
        if (node.operator() instanceof Operator.HnswScan h) {
            Integer k = h.k();
            if (k != null && h.efSearch() < k) {
                out.add("hnsw.ef_search " + h.efSearch() + " is below the LIMIT " + k + ": raise it for recall");
            }
        }
        return out;
    }

    String suggestedAction(int id) {
        List<String> r = recommendations(id);
        if (!r.isEmpty()) {
            return r.get(0);
        }
        if (criticality[id] > 0) {
            return "lies in every minimum cut: reduce its cost or its input rows";
        }
        return "carries a large share of the plan cost";
    }

    private float[] embed(int id) {
        float[] v = new float[DIM];
        OperatorNode node = dag.node(id);
        Map<String, Object> attrs = plan.attributesOf(id);
        v[node.operator().tag()] = 1f;
        v[32] = (float) (Math.log1p(node.estimatedCost()) / 10);
        v[33] = (float) (Math.log1p(node.estimatedRows()) / 10);
        Object total = attrs.get("Total Cost");
        v[34] = total instanceof Number t ? (float) (Math.log1p(Math.max(0, t.doubleValue())) / 10) : 0f;
        v[35] = dag.depth(id) / 10f;
        v[36] = dag.parents(id).length / 4f;
        v[37] = dag.children(id).length / 4f;
        v[38] = (float) criticality[id];
        v[39] = (float) dag.criticality(id);
        v[40] = onCriticalPath[id] ? 1f : 0f;
        v[41] = attrs.containsKey("vectorMetric") ? 1f : 0f;
        v[42] = "true".equals(attrs.get("exactVectorSearch")) ? 1f : 0f;
        hash(v, "rel:" + text(attrs.get("Relation Name")));
        hash(v, "idx:" + text(attrs.get("Index Name")));
        hash(v, "metric:" + text(attrs.get("vectorMetric")));
        hash(v, "join:" + text(attrs.get("Join Type")));
        if (attrs.containsKey("Filter")) {
            hash(v, "filter");
        }
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < DIM; i++) {
                v[i] *= inv;
            }
        }
        return v;
    }

    private static void hash(float[] v, String token) {
        if (token.endsWith(":")) {
            return;
        }
        long h = 0xcbf29ce484222325L;
        for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        int slot = 64 + (int) Math.floorMod(h, (long) (DIM - 64));
        v[slot] += ((h >>> 63) == 0) ? 1f : -1f;
    }

    private static String text(@org.jspecify.annotations.Nullable Object o) {
        return o instanceof String s ? s : "";
    }

    private static List<Integer> boxed(int[] ids) {
        List<Integer> out = new ArrayList<>(ids.length);
        for (int i : ids) {
            out.add(i);
        }
        return out;
    }
}
