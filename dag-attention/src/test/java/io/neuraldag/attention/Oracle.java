package io.neuraldag.attention;

import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An independent reference for spec 01 §3: every quantity is recomputed naively from the {@link
 * QueryDag}'s id-level API (children/parents), by memoized recursion and plain BFS, without the
 * snapshot's derived data, and every mechanism's weights are the literal formula of the spec with a
 * textbook softmax. Quadratic at worst; meant for DAGs of up to a few hundred nodes.
 */
final class Oracle {
    private final QueryDag dag;
    private final int[] ids;
    private final Map<Integer, Integer> pos = new HashMap<>();
    private final int[][] children;
    private final int[][] parents;
    private final int[] depthMemo;
    private final int[] levelMemo;
    private final int[] sinkHopsMemo;
    private final int[] levelWidth;

    Oracle(QueryDag dag) {
        this.dag = dag;
        this.ids = dag.nodeIds();
        int n = ids.length;
        for (int i = 0; i < n; i++) {
            pos.put(ids[i], i);
        }
        children = new int[n][];
        parents = new int[n][];
        for (int i = 0; i < n; i++) {
            children[i] = positions(dag.children(ids[i]));
            parents[i] = positions(dag.parents(ids[i]));
        }
        depthMemo = new int[n];
        levelMemo = new int[n];
        sinkHopsMemo = new int[n];
        java.util.Arrays.fill(depthMemo, -1);
        java.util.Arrays.fill(levelMemo, -1);
        java.util.Arrays.fill(sinkHopsMemo, -1);
        levelWidth = new int[n + 1];
        for (int i = 0; i < n; i++) {
            levelWidth[levelAt(i)]++;
        }
    }

    private int[] positions(int[] nodeIds) {
        int[] r = new int[nodeIds.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = pos.getOrDefault(nodeIds[k], -1);
        }
        return r;
    }

    private int at(int id) {
        return pos.getOrDefault(id, -1);
    }

    /** Longest edge count to a sink, by memoized recursion over children. */
    private int depthAt(int i) {
        if (depthMemo[i] < 0) {
            int d = 0;
            for (int c : children[i]) {
                d = Math.max(d, depthAt(c) + 1);
            }
            depthMemo[i] = d;
        }
        return depthMemo[i];
    }

    private int levelAt(int i) {
        if (levelMemo[i] < 0) {
            int l = 0;
            for (int p : parents[i]) {
                l = Math.max(l, levelAt(p) + 1);
            }
            levelMemo[i] = l;
        }
        return levelMemo[i];
    }

    /** Shortest edge count to a sink: 0 for a sink, else 1 + the minimum over children. */
    private int sinkHopsAt(int i) {
        if (sinkHopsMemo[i] < 0) {
            int h = children[i].length == 0 ? 0 : Integer.MAX_VALUE;
            for (int c : children[i]) {
                h = Math.min(h, sinkHopsAt(c) + 1);
            }
            sinkHopsMemo[i] = h;
        }
        return sinkHopsMemo[i];
    }

    int depth(int v) {
        return depthAt(at(v));
    }

    int level(int v) {
        return levelAt(at(v));
    }

    int width(int lvl) {
        return levelWidth[lvl];
    }

    int hopsToSink(int v) {
        return sinkHopsAt(at(v));
    }

    boolean isSink(int v) {
        return children[at(v)].length == 0;
    }

    int inDegree(int v) {
        return parents[at(v)].length;
    }

    int outDegree(int v) {
        return children[at(v)].length;
    }

    /** hops(v, q) for every v reaching q (including q itself at 0), by BFS over parents. */
    Map<Integer, Integer> hopsTo(int q) {
        int n = ids.length;
        int[] dist = new int[n];
        java.util.Arrays.fill(dist, -1);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        dist[at(q)] = 0;
        queue[tail++] = at(q);
        while (head < tail) {
            int u = queue[head++];
            for (int p : parents[u]) {
                if (dist[p] < 0) {
                    dist[p] = dist[u] + 1;
                    queue[tail++] = p;
                }
            }
        }
        Map<Integer, Integer> r = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (dist[i] >= 0) {
                r.put(ids[i], dist[i]);
            }
        }
        return r;
    }

    double cost(int v) {
        return dag.node(v).estimatedCost();
    }

    /** The critical set of §2.5, from scratch. */
    Set<Integer> criticalSet() {
        boolean unit = true;
        for (int v : ids) {
            if (cost(v) != 0) {
                unit = false;
            }
        }
        Map<Integer, Double> f = new HashMap<>();
        Map<Integer, Double> g = new HashMap<>();
        double lStar = 0;
        Map<Integer, Double> through = new HashMap<>();
        for (int v : ids) {
            double t = forward(v, unit, f) + backward(v, unit, g) - (unit ? 1 : cost(v));
            through.put(v, t);
            lStar = Math.max(lStar, t);
        }
        Set<Integer> c = new HashSet<>();
        for (int v : ids) {
            if (through.getOrDefault(v, 0.0) >= lStar - 1e-9 * Math.max(1, lStar)) {
                c.add(v);
            }
        }
        return c;
    }

    private double forward(int v, boolean unit, Map<Integer, Double> memo) {
        Double c = memo.get(v);
        if (c != null) {
            return c;
        }
        double best = 0;
        for (int p : parents[at(v)]) {
            best = Math.max(best, forward(ids[p], unit, memo));
        }
        double r = (unit ? 1 : cost(v)) + best;
        memo.put(v, r);
        return r;
    }

    private double backward(int v, boolean unit, Map<Integer, Double> memo) {
        Double c = memo.get(v);
        if (c != null) {
            return c;
        }
        double best = 0;
        for (int ch : children[at(v)]) {
            best = Math.max(best, backward(ids[ch], unit, memo));
        }
        double r = (unit ? 1 : cost(v)) + best;
        memo.put(v, r);
        return r;
    }

    /** Path-dominance κ of §2.6, from scratch. */
    Map<Integer, Double> kappa() {
        Map<Integer, Double> pin = new HashMap<>();
        Map<Integer, Double> pout = new HashMap<>();
        double total = 0;
        for (int v : ids) {
            if (isSink(v)) {
                total += paths(v, true, pin);
            }
        }
        Map<Integer, Double> k = new HashMap<>();
        for (int v : ids) {
            k.put(v, paths(v, true, pin) * paths(v, false, pout) / total);
        }
        return k;
    }

    private double paths(int v, boolean in, Map<Integer, Double> memo) {
        Double c = memo.get(v);
        if (c != null) {
            return c;
        }
        int[] next = in ? parents[at(v)] : children[at(v)];
        double s = next.length == 0 ? 1 : 0;
        for (int u : next) {
            s += paths(ids[u], in, memo);
        }
        memo.put(v, s);
        return s;
    }

    static double startTime(OperatorNode n) {
        Double t = n.startTimeMs();
        return t == null ? Double.NaN : t;
    }

    double latestSinkStart() {
        double best = Double.NaN;
        for (int v : ids) {
            if (isSink(v)) {
                double t = startTime(dag.node(v));
                if (!Double.isNaN(t) && (Double.isNaN(best) || t > best)) {
                    best = t;
                }
            }
        }
        return best;
    }

    /** Textbook softmax over a map of logits (absent = -∞). */
    Map<Integer, Double> softmax(Map<Integer, Double> z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : z.values()) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (double x : z.values()) {
            sum += Math.exp(x - max);
        }
        Map<Integer, Double> w = new HashMap<>();
        for (int v : ids) {
            Double x = z.get(v);
            w.put(v, x == null || x == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(x - max) / sum);
        }
        return w;
    }

    double btspBase(int v, AttentionConfig c) {
        OperatorNode n = dag.node(v);
        if (n.estimatedCost() == 0 && n.estimatedRows() == 0) {
            return 0.5;
        }
        return 0.5 * Math.min(n.estimatedCost() / c.btspCostScale(), 1)
                + 0.5 * Math.min(n.estimatedRows() / c.btspRowsScale(), 1);
    }

    /** Structural weights of a fresh mechanism (no feedback yet). */
    Map<Integer, Double> structural(AttentionKind kind, AttentionConfig c) {
        Map<Integer, Double> z = new HashMap<>();
        switch (kind) {
            case TOPOLOGICAL -> {
                for (int v : ids) {
                    z.put(v, Math.min(depth(v), c.topologicalMaxDepth()) * Math.log(c.topologicalDecay()));
                }
            }
            case CAUSAL_CONE -> {
                double tRef = latestSinkStart();
                for (int v : ids) {
                    int h = hopsToSink(v);
                    double t = startTime(dag.node(v));
                    boolean old = !Double.isNaN(tRef) && !Double.isNaN(t) && t < tRef - c.causalTimeWindowMs();
                    if (h <= c.causalMaxHops() && !old) {
                        z.put(v, -c.causalDecay() * h);
                    }
                }
            }
            case CRITICAL_PATH -> {
                Set<Integer> crit = criticalSet();
                for (int v : ids) {
                    z.put(v, crit.contains(v) ? c.criticalBoost() : 0.0);
                }
            }
            case MINCUT_GATED -> {
                Map<Integer, Double> k = kappa();
                double sum = 0;
                Map<Integer, Double> g = new HashMap<>();
                for (int v : ids) {
                    double kv = k.getOrDefault(v, 0.0);
                    double gv = kv > c.gateThreshold() ? 1.0 : kv / c.gateThreshold();
                    g.put(v, gv);
                    sum += gv;
                }
                Map<Integer, Double> w = new HashMap<>();
                for (int v : ids) {
                    w.put(v, g.getOrDefault(v, 0.0) / sum);
                }
                return w;
            }
            case HIERARCHICAL_LORENTZ -> {
                for (int v : ids) {
                    double r = Math.log(1 + depth(v)) / Math.sqrt(c.curvature());
                    z.put(v, r / c.lorentzTemperature());
                }
            }
            case PARALLEL_BRANCH -> {
                for (int v : ids) {
                    boolean wide = width(level(v)) >= 2;
                    boolean sync = inDegree(v) >= 2 || outDegree(v) >= 2;
                    z.put(v, (wide ? c.branchCrossWeight() : 0) + (sync ? c.syncBoost() : 0));
                }
            }
            case TEMPORAL_BTSP -> {
                double tRef = latestSinkStart();
                for (int v : ids) {
                    double s = btspBase(v, c);
                    double t = startTime(dag.node(v));
                    if (!Double.isNaN(tRef) && !Double.isNaN(t) && Math.abs(t - tRef) < c.btspCoincidenceMs()) {
                        s *= c.btspCoincidenceBoost();
                    }
                    z.put(v, s / c.btspTemperature());
                }
            }
        }
        return softmax(z);
    }

    // ------------------------------------------------------------------ content mode (identity W)

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    float[] e(int v) {
        float[] x = dag.node(v).embedding();
        if (x == null) {
            throw new AssertionError("node " + v + " has no embedding");
        }
        return x;
    }

    double c(int q, int v) {
        float[] eq = e(q);
        return eq.length == 0 ? 0 : dot(eq, e(v)) / Math.sqrt(eq.length);
    }

    /** Content-mode weights of a fresh mechanism, identity projections, node embeddings. */
    Map<Integer, Double> content(AttentionKind kind, AttentionConfig cfg, int q) {
        Map<Integer, Integer> anc = hopsTo(q);
        Map<Integer, Double> z = new HashMap<>();
        switch (kind) {
            case TOPOLOGICAL -> anc.keySet().forEach(v -> z.put(v, c(q, v)));
            case CAUSAL_CONE -> {
                double tq = startTime(dag.node(q));
                anc.forEach((v, h) -> {
                    double t = startTime(dag.node(v));
                    boolean old = !Double.isNaN(tq) && !Double.isNaN(t) && t < tq - cfg.causalTimeWindowMs();
                    if (h <= cfg.causalMaxHops() && !old) {
                        z.put(v, c(q, v) - cfg.causalDecay() * h);
                    }
                });
            }
            case CRITICAL_PATH -> {
                Set<Integer> crit = criticalSet();
                anc.keySet().forEach(v -> z.put(v, c(q, v) + (crit.contains(v) ? cfg.criticalBoost() : 0)));
            }
            case MINCUT_GATED -> {
                Map<Integer, Double> k = kappa();
                anc.keySet().forEach(v -> {
                    double kv = k.getOrDefault(v, 0.0);
                    double g = kv > cfg.gateThreshold() ? 1.0 : kv / cfg.gateThreshold();
                    z.put(v, c(q, v) + Math.log(g));
                });
            }
            case HIERARCHICAL_LORENTZ -> {
                double cc = cfg.curvature();
                double[] xi = unit(e(q));
                anc.keySet().forEach(v -> {
                    double r = Math.log(1 + depth(v)) / Math.sqrt(cc);
                    double[] x = point(r, unit(e(v)), cc);
                    double dotXs = 0;
                    for (int i = 0; i < xi.length; i++) {
                        dotXs += x[1 + i] * xi[i];
                    }
                    double busemann = Math.log(Math.sqrt(cc) * (x[0] - dotXs)) / Math.sqrt(cc);
                    z.put(v, -busemann / cfg.lorentzTemperature());
                });
            }
            case PARALLEL_BRANCH -> {
                anc.keySet().forEach(v -> {
                    boolean sync = inDegree(v) >= 2 || outDegree(v) >= 2;
                    z.put(v, c(q, v) + (sync ? cfg.syncBoost() : 0));
                });
                for (int p : ids) {
                    if (p != q && level(p) == level(q)) {
                        z.put(p, cfg.branchCrossWeight() * c(q, p));
                    }
                }
            }
            case TEMPORAL_BTSP -> {
                double tq = startTime(dag.node(q));
                anc.keySet().forEach(v -> {
                    double s = btspBase(v, cfg);
                    double t = startTime(dag.node(v));
                    if (!Double.isNaN(tq) && !Double.isNaN(t) && Math.abs(t - tq) < cfg.btspCoincidenceMs()) {
                        s *= cfg.btspCoincidenceBoost();
                    }
                    z.put(v, s / cfg.btspTemperature() + c(q, v));
                });
            }
        }
        return softmax(z);
    }

    static double[] unit(float[] x) {
        double n = 0;
        for (float f : x) {
            n += (double) f * f;
        }
        double[] u = new double[x.length];
        if (n == 0) {
            if (u.length > 0) {
                u[0] = 1;
            }
            return u;
        }
        n = Math.sqrt(n);
        for (int i = 0; i < x.length; i++) {
            u[i] = x[i] / n;
        }
        return u;
    }

    /** exp_o(r u) on the hyperboloid of curvature -c, by the definition. */
    static double[] point(double r, double[] u, double c) {
        double sc = Math.sqrt(c);
        double[] x = new double[u.length + 1];
        x[0] = Math.cosh(sc * r) / sc;
        for (int i = 0; i < u.length; i++) {
            x[1 + i] = Math.sinh(sc * r) / sc * u[i];
        }
        return x;
    }
}
