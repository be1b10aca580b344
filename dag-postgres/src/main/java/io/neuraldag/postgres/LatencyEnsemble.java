package io.neuraldag.postgres;

import java.util.Objects;
import java.util.SplittableRandom;

/*
 * The hint advisor's latency model: a bootstrap ensemble of ridge regressions with randomized priors,
 * predicting ln(latency in ms) from PlanFeaturizer's vector. Immutable once fitted; thread-safe.
 *
 * Why this shape. Thompson sampling needs draws from a posterior over latency functions. Each member
 * k is a ridge regression fitted on a bootstrap resample of the observations (multinomial counts, so
 * a point can count 0, 1, 2, … times) and pulled towards its own random prior weights w0_k instead
 * of towards 0:
 *
 *     w_k = argmin_w  Σ_i c_ki (y_i − z_iᵀw)² + λ ||w − w0_k||²   (intercept not penalised)
 *         = (Zᵀ C_k Z + λ P)⁻¹ (Zᵀ C_k y + λ P w0_k),   w0_k ~ N(0, σ0² I),
 *
 * with z = [1, standardised x] and P = diag(0, 1, …, 1). The resampling spreads the members where the
 * data are thin, the prior spreads them where there are no data at all (a plan shape never seen:
 * every member predicts differently, so a sampled member explores it). For a linear-Gaussian model
 * this randomized-prior bootstrap draws from the exact posterior (Osband, Aslanides and Cassirer,
 * "Randomized prior functions for deep reinforcement learning", NeurIPS 2018); Bao (Marcus et al.,
 * SIGMOD 2021) uses the same bootstrap-ensemble Thompson sampling over tree-convolution members.
 *
 * Cost. Fitting is O(K · (n·p² + p³)) for K members, n samples and p = 49 parameters: a few tens of
 * millions of multiply-adds at n = 2000, K = 10. The normal equations are solved by Cholesky
 * factorisation (the matrix is symmetric positive definite: λ > 0 on the slopes and a positive
 * total count on the intercept).
 *
 * Features are standardised with the training mean and standard deviation (a constant feature gets
 * scale 1), so that one λ suits all of them; predictions are clamped to [ln 1e-3, ln 1e8] ms.
 */
final class LatencyEnsemble {
    static final double LAMBDA = 1.0;
    static final double PRIOR_SD = 0.3;
    static final double MIN_LOG = Math.log(1e-3);
    static final double MAX_LOG = Math.log(1e8);

    private final double[] mean;
    private final double[] scale;
    private final double[][] weights; // [member][1 + dimension]
    private final int samples;

    private LatencyEnsemble(double[] mean, double[] scale, double[][] weights, int samples) {
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.samples = samples;
    }

    /**
     * Fits the ensemble.
     *
     * @param x n feature vectors of one dimension, n {@code >= 1}
     * @param y n targets (ln ms), finite
     * @param members ensemble size {@code >= 1}
     * @param seed the seed of the resampling and the priors
     */
    static LatencyEnsemble fit(double[][] x, double[] y, int members, long seed) {
        int n = x.length;
        if (n == 0 || y.length != n || members < 1) {
            throw new IllegalArgumentException("need n >= 1 samples, n targets and >= 1 member");
        }
        int d = x[0].length;
        int p = d + 1;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            Objects.requireNonNull(row, "row");
            if (row.length != d) {
                throw new IllegalArgumentException("rows differ in dimension");
            }
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                double t = row[j] - mean[j];
                scale[j] += t * t;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = Math.sqrt(scale[j] / n);
            scale[j] = sd > 1e-9 ? sd : 1.0;
        }
        double[][] z = new double[n][p];
        for (int i = 0; i < n; i++) {
            z[i][0] = 1.0;
            for (int j = 0; j < d; j++) {
                z[i][j + 1] = (x[i][j] - mean[j]) / scale[j];
            }
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] w = new double[members][];
        int[] counts = new int[n];
        double[] a = new double[p * p];
        double[] b = new double[p];
        for (int k = 0; k < members; k++) {
            java.util.Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rnd.nextInt(n)]++;
            }
            double[] prior = new double[p];
            for (int j = 1; j < p; j++) {
                prior[j] = PRIOR_SD * gaussian(rnd);
            }
            java.util.Arrays.fill(a, 0);
            java.util.Arrays.fill(b, 0);
            for (int i = 0; i < n; i++) {
                int c = counts[i];
                if (c == 0) {
                    continue;
                }
                double[] zi = z[i];
                double cy = c * y[i];
                for (int r = 0; r < p; r++) {
                    double czr = c * zi[r];
                    b[r] += zi[r] * cy;
                    int off = r * p;
                    for (int s = 0; s <= r; s++) {
                        a[off + s] += czr * zi[s];
                    }
                }
            }
            a[0] += 1e-9;
            for (int j = 1; j < p; j++) {
                a[j * p + j] += LAMBDA;
                b[j] += LAMBDA * prior[j];
            }
            w[k] = solveSpd(a, b, p);
        }
        return new LatencyEnsemble(mean, scale, w, n);
    }

    /** Solves A w = b for a symmetric positive definite A given by its lower triangle (row-major). */
    static double[] solveSpd(double[] lower, double[] b, int p) {
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = lower[i * p + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * p + k] * l[j * p + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("matrix is not positive definite at " + i);
                    }
                    l[i * p + i] = Math.sqrt(s);
                } else {
                    l[i * p + j] = s / l[j * p + j];
                }
            }
        }
        double[] t = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * p + k] * t[k];
            }
            t[i] = s / l[i * p + i];
        }
        double[] out = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = t[i];
            for (int k = i + 1; k < p; k++) {
                s -= l[k * p + i] * out[k];
            }
            out[i] = s / l[i * p + i];
        }
        return out;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    int members() {
        return weights.length;
    }

    int samples() {
        return samples;
    }

    /** Member k's prediction of ln ms. */
    double predictLog(int member, double[] x) {
        double[] w = weights[member];
        double s = w[0];
        for (int j = 0; j < mean.length; j++) {
            s += w[j + 1] * (x[j] - mean[j]) / scale[j];
        }
        return Math.min(MAX_LOG, Math.max(MIN_LOG, s));
    }

    /** The ensemble's mean prediction of ln ms. */
    double meanLog(double[] x) {
        double s = 0;
        for (int k = 0; k < weights.length; k++) {
            s += predictLog(k, x);
        }
        return s / weights.length;
    }
}
