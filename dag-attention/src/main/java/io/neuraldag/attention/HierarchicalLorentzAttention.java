package io.neuraldag.attention;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/*
 * HierarchicalLorentz attention, spec 01 §3.5, in the hyperboloid model of curvature -c.
 *
 * Geometry. <x,y>_L = -x0·y0 + Σ_{i>=1} x_i·y_i; points satisfy <x,x>_L = -1/c, x0 > 0; the origin
 * is o = (1/√c, 0, ...). Node v sits at x_v = exp_o(r_v·u_v) = (cosh(√c r)/√c, sinh(√c r)/√c · u)
 * with radius r_v = ln(1 + depth_v)/√c, so the plan output is at the origin and scans lie outward.
 * The Busemann function toward the unit direction ξ is B_ξ(x) = ln(√c (x0 - <x_s, ξ>))/√c, which
 * equals -r along ξ.
 *
 * Note √c·r_v = ln(1 + depth_v) =: a, so e^a = 1 + depth and no hyperbolic function can overflow.
 * With cos θ = <u_v, ξ>,
 *     √c (x0 - <x_s, ξ>) = cosh a - sinh a · cos θ = e^-a (1 + cos θ)/2 + e^a (1 - cos θ)/2,
 * a sum of non-negative terms (no cancellation when θ = 0, where it equals e^-a exactly).
 *
 * Structural: every node lies on the axis e1 and ξ = e1, so z_v = -B/T = r_v/T and
 * w_v ∝ (1 + depth_v)^(1/(T√c)): deeper nodes get more weight. One exponential per distinct depth.
 *
 * Content: u_v = normalize(P e_v) (e1 if zero), ξ = normalize(P e_q) (e1 if zero),
 * z_v = -B_ξ(x_v)/T over M(q). The aggregate is the Lorentz centroid μ = Σ w_v x_v rescaled onto
 * the hyperboloid by 1/(√c·√|<μ,μ>_L|); it has dimension 1 + dim(P e).
 *
 * Auxiliary map "radius" holds r_v. Immutable: thread-safe.
 */
final class HierarchicalLorentzAttention extends AbstractAttention {
    private final long hash;

    HierarchicalLorentzAttention(AttentionConfig config) {
        super(config);
        long h = Hashing.mixDouble(seed(), config.curvature());
        h = Hashing.mixDouble(h, config.lorentzTemperature());
        h = mixProjection(h, config.lorentzProjection());
        this.hash = mixContent(h);
    }

    @Override
    public AttentionKind kind() {
        return AttentionKind.HIERARCHICAL_LORENTZ;
    }

    @Override
    public long configHash() {
        return hash;
    }

    @Override
    boolean memoizesStructural() {
        return true;
    }

    private double[] radii(DagSnapshot s) {
        int n = s.size();
        double sqrtC = Math.sqrt(config.curvature());
        double[] r = new double[n];
        for (int v = 0; v < n; v++) {
            r[v] = Math.log1p(s.depth(v)) / sqrtC;
        }
        return r;
    }

    @Override
    AttentionScores structural(QueryDag dag, DagSnapshot s) {
        int n = s.size();
        double sqrtC = Math.sqrt(config.curvature());
        double p = 1.0 / (config.lorentzTemperature() * sqrtC);
        int maxDepth = s.maxDepth();
        // z = p·ln(1+depth); the largest logit is at the largest depth present (= maxDepth)
        double zMax = p * Math.log1p(maxDepth);
        double[] table = new double[maxDepth + 1];
        for (int d = 0; d <= maxDepth; d++) {
            table[d] = Math.exp(p * Math.log1p(d) - zMax);
        }
        double[] w = new double[n];
        double sum = 0;
        for (int v = 0; v < n; v++) {
            double x = table[s.depth(v)];
            w[v] = x;
            sum += x;
        }
        Support.scale(w, sum);
        Map<String, String> meta = new HashMap<>();
        meta.put("mode", "structural");
        meta.put("curvature", Support.num(-config.curvature()));
        meta.put("temperature", Support.num(config.lorentzTemperature()));
        return Support.scores(kind(), s, w, meta, Map.of("radius", radii(s)), null);
    }

    /** normalize(P e), or e1 for a zero vector; an empty array for dimension 0. */
    private double[] direction(ContentInput in, int v) {
        double[] x = Projection.applyOrIdentity(config.lorentzProjection(), in.embedding(v));
        double norm = 0;
        for (double c : x) {
            norm += c * c;
        }
        if (!(norm > 0)) {
            Arrays.fill(x, 0.0);
            if (x.length > 0) {
                x[0] = 1.0;
            }
            return x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < x.length; i++) {
            x[i] /= norm;
        }
        return x;
    }

    /** <u, ξ>, clamped to [-1, 1]; 1 in dimension 0 (everything on one axis). */
    private static double cosine(double[] u, double[] xi) {
        if (u.length == 0) {
            return 1.0;
        }
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * xi[i];
        }
        return Math.max(-1.0, Math.min(1.0, s));
    }

    @Override
    AttentionScores content(QueryDag dag, DagSnapshot s, ContentInput in) {
        int n = s.size();
        double sqrtC = Math.sqrt(config.curvature());
        double invT = 1.0 / config.lorentzTemperature();
        int[] dist = Support.hopsTo(s, in.query, Integer.MAX_VALUE);
        double[] xi = direction(in, in.query);
        int dim = xi.length;
        double[][] u = new double[n][0];
        double[] z = new double[n];
        for (int v = 0; v < n; v++) {
            if (dist[v] < 0) {
                z[v] = Support.NEG_INF;
                continue;
            }
            double[] uv = direction(in, v);
            u[v] = uv;
            double a = Math.log1p(s.depth(v));
            double cos = cosine(uv, xi);
            double m = Math.exp(-a) * (1 + cos) / 2 + Math.exp(a) * (1 - cos) / 2;
            double busemann = Math.log(m) / sqrtC;
            z[v] = -busemann * invT;
        }
        Support.softmax(z);
        // Lorentz centroid
        double[] mu = new double[dim + 1];
        for (int v = 0; v < n; v++) {
            if (z[v] > 0) {
                double a = Math.log1p(s.depth(v));
                double wt = z[v];
                mu[0] += wt * Math.cosh(a) / sqrtC;
                double sh = wt * Math.sinh(a) / sqrtC;
                double[] uv = u[v];
                for (int i = 0; i < dim; i++) {
                    mu[1 + i] += sh * uv[i];
                }
            }
        }
        double inner = -mu[0] * mu[0];
        for (int i = 1; i <= dim; i++) {
            inner += mu[i] * mu[i];
        }
        double scale = 1.0 / (sqrtC * Math.sqrt(Math.abs(inner)));
        for (int i = 0; i <= dim; i++) {
            mu[i] *= scale;
        }
        Map<String, String> meta = new HashMap<>();
        in.describe(meta);
        meta.put("curvature", Support.num(-config.curvature()));
        meta.put("temperature", Support.num(config.lorentzTemperature()));
        return Support.scores(kind(), s, z, meta, Map.of("radius", radii(s)), mu);
    }

    // ---------------------------------------------------------------- explicit model (for checks)

    /** The Lorentz inner product. */
    static double inner(double[] x, double[] y) {
        double s = -x[0] * y[0];
        for (int i = 1; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    /** exp_o(r·u) for a unit spatial direction u. */
    static double[] point(double r, double[] u, double c) {
        double sc = Math.sqrt(c);
        double[] x = new double[u.length + 1];
        x[0] = Math.cosh(sc * r) / sc;
        double sh = Math.sinh(sc * r) / sc;
        for (int i = 0; i < u.length; i++) {
            x[1 + i] = sh * u[i];
        }
        return x;
    }

    /** Geodesic distance arccosh(-c<x,y>_L)/√c. */
    static double distance(double[] x, double[] y, double c) {
        double t = Math.max(1.0, -c * inner(x, y));
        return Math.log(t + Math.sqrt(t * t - 1)) / Math.sqrt(c);
    }

    /** B_ξ(x) = ln(√c (x0 - <x_s, ξ>))/√c. */
    static double busemann(double[] x, double[] xi, double c) {
        double dot = 0;
        for (int i = 0; i < xi.length; i++) {
            dot += x[1 + i] * xi[i];
        }
        return Math.log(Math.sqrt(c) * (x[0] - dot)) / Math.sqrt(c);
    }
}
