package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/*
 * Kernels shared by the mechanisms. All work on snapshot indices (ascending id order) and primitive
 * arrays; nothing here allocates per node.
 *
 * Softmax follows spec 01's notation: w_i = e^(z_i - max z) / Σ_j e^(z_j - max z) with e^-∞ = 0.
 * Subtracting the maximum makes every exponent <= 0, so no term overflows and at least one term is
 * exactly 1, so the sum is in [1, n] and the division is well conditioned. A result that is not a
 * finite distribution (all logits -∞, or a NaN logit) raises COMPUTATION_FAILED.
 */
final class Support {
    static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private Support() {}

    /** The snapshot of a non-empty DAG. */
    static DagSnapshot nonEmpty(QueryDag dag) {
        Objects.requireNonNull(dag, "dag");
        DagSnapshot s = dag.snapshot();
        if (s.size() == 0) {
            throw AttentionException.emptyDag();
        }
        return s;
    }

    /** In-place softmax of logits (-∞ allowed). */
    static void softmax(double[] z) {
        int n = z.length;
        double max = NEG_INF;
        for (int i = 0; i < n; i++) {
            double x = z[i];
            if (x > max) {
                max = x;
            } else if (Double.isNaN(x)) {
                throw AttentionException.failed("logit of position " + i + " is NaN");
            }
        }
        if (max == NEG_INF) {
            throw AttentionException.failed("every node is masked out");
        }
        if (max == Double.POSITIVE_INFINITY) {
            throw AttentionException.failed("a logit is +infinity");
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(z[i] - max);
            z[i] = e;
            sum += e;
        }
        scale(z, sum);
    }

    /** Divides by a positive finite sum. */
    static void scale(double[] w, double sum) {
        if (!(sum > 0) || !Double.isFinite(sum)) {
            throw AttentionException.failed("normalizer is not a positive finite number: " + sum);
        }
        double inv = 1.0 / sum;
        for (int i = 0; i < w.length; i++) {
            w[i] *= inv;
        }
        clampRounding(w);
    }

    /** Linear normalization of non-negative values. */
    static void normalizeLinear(double[] w) {
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        scale(w, sum);
    }

    /** 1 + 1 ulp products can exceed 1 by rounding; the record requires [0, 1]. */
    private static void clampRounding(double[] w) {
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 1.0) {
                w[i] = 1.0;
            }
        }
    }

    /**
     * Shortest hop count from every node to q (backward BFS over in-edges), -1 when q is not reached
     * within maxHops; dist[q] = 0. O(n + m).
     */
    static int[] hopsTo(DagSnapshot s, int q, int maxHops) {
        int n = s.size();
        int[] dist = new int[n];
        Arrays.fill(dist, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        dist[q] = 0;
        queue[tail++] = q;
        while (head < tail) {
            int v = queue[head++];
            int dv = dist[v];
            if (dv >= maxHops) {
                continue;
            }
            for (int p = s.inStart(v), end = s.inEnd(v); p < end; p++) {
                int u = s.inSource(p);
                if (dist[u] < 0) {
                    dist[u] = dv + 1;
                    queue[tail++] = u;
                }
            }
        }
        return dist;
    }

    /** The start time of an index, or NaN. */
    static double startTime(DagSnapshot s, int i) {
        Double t = s.node(i).startTimeMs();
        return t == null ? Double.NaN : t;
    }

    /** The latest start time among the sinks, or NaN if no sink has one. */
    static double latestSinkStart(DagSnapshot s) {
        double best = Double.NaN;
        for (int i = 0, n = s.size(); i < n; i++) {
            if (s.outDegree(i) == 0) {
                double t = startTime(s, i);
                if (!Double.isNaN(t) && (Double.isNaN(best) || t > best)) {
                    best = t;
                }
            }
        }
        return best;
    }

    /** Whether some node has a start time. */
    static boolean hasTimestamps(DagSnapshot s) {
        for (int i = 0, n = s.size(); i < n; i++) {
            if (s.node(i).startTimeMs() != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reported actual times by index (NaN = not reported), validated before any state changes.
     *
     * @throws AttentionException NODE_NOT_FOUND for an id not in the DAG
     * @throws IllegalArgumentException for a negative or non-finite time
     */
    static double[] reportedTimes(DagSnapshot s, Map<Integer, Double> actualTimeMs) {
        Objects.requireNonNull(actualTimeMs, "actualTimeMs");
        double[] t = new double[s.size()];
        Arrays.fill(t, Double.NaN);
        for (Map.Entry<Integer, Double> e : actualTimeMs.entrySet()) {
            int id = Objects.requireNonNull(e.getKey(), "node id");
            double v = Objects.requireNonNull(e.getValue(), "actual time");
            int i = s.indexOf(id);
            if (i < 0) {
                throw AttentionException.nodeNotFound(id);
            }
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("actual time of node " + id + " must be finite and >= 0: " + v);
            }
            t[i] = v;
        }
        return t;
    }

    /** The actual times recorded on the nodes themselves. */
    static Map<Integer, Double> nodeActuals(QueryDag dag) {
        DagSnapshot s = dag.snapshot();
        java.util.HashMap<Integer, Double> m = new java.util.HashMap<>();
        for (int i = 0, n = s.size(); i < n; i++) {
            OperatorNode node = s.node(i);
            Double t = node.actualTimeMs();
            if (t != null) {
                m.put(s.id(i), t);
            }
        }
        return m;
    }

    /** Builds the scores record. */
    static AttentionScores scores(
            AttentionKind kind,
            DagSnapshot s,
            double[] w,
            Map<String, String> metadata,
            Map<String, double[]> aux,
            double @org.jspecify.annotations.Nullable [] aggregated) {
        return new AttentionScores(kind, s.ids(), w, metadata, aux, aggregated);
    }

    static String num(double x) {
        return Double.toString(x);
    }
}
