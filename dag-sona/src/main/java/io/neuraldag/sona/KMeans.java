package io.neuraldag.sona;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Weighted k-means with k-means++ seeding (Arthur and Vassilvitskii, "k-means++: The Advantages of
 * Careful Seeding", SODA 2007) and Lloyd iterations (spec 02 §1.6).
 *
 * <p>Seeding is deterministic for a seed: point 0 is the first centre, every further centre is drawn
 * with probability proportional to {@code w·D²}. When every remaining point coincides with a centre
 * ({@code ΣwD² = 0}) seeding stops, so {@code k} is then the number of distinct points: duplicated
 * embeddings (the same plan run many times) never produce empty or duplicate centres.
 *
 * <p>Lloyd: assign each point to its nearest centre by squared Euclidean distance (ties to the lower
 * index), move each centre to the weighted mean of its points, re-seed an empty cluster with the
 * point farthest from its centre among clusters that keep at least one other point, and stop after
 * {@code maxIterations} or when every centre moved less than {@code tolerance}. Each step lowers or
 * keeps the objective {@code Σ w·‖x − c(x)‖²}; {@link Result#objectives()} records it per iteration.
 *
 * <p>Cost O(iterations·n·k·d); distances use {@code ‖x‖² + ‖c‖² − 2x·c}. Not thread-safe (pure
 * function of its arguments; call concurrently with distinct arrays only).
 */
final class KMeans {

    private KMeans() {}

    /**
     * The clustering.
     *
     * @param centres k×d row-major (means, not normalised)
     * @param k the number of centres, {@code <= } requested
     * @param assignment centre index per point
     * @param iterations Lloyd iterations run
     * @param objectives the objective after each assignment step, the last one for the final
     *     centres
     */
    @SuppressWarnings("ArrayRecordComponent") // package-private result holder, never compared
    record Result(float[] centres, int k, int[] assignment, int iterations, double[] objectives) {
        double objective() {
            return objectives[objectives.length - 1];
        }
    }

    static Result run(
            float[] data,
            int n,
            int d,
            double @Nullable [] weights,
            int kRequested,
            int maxIterations,
            double tolerance,
            long seed) {
        return run(data, n, d, weights, kRequested, maxIterations, tolerance, seed, null, 0);
    }

    /**
     * Like {@link #run(float[], int, int, double[], int, int, double, long)}, but warm-started: the
     * first {@code min(initialCount, k)} centres are taken from {@code initial} (k-means++ adds the
     * rest). With {@code initial == null} the first centre is point 0.
     */
    static Result run(
            float[] data,
            int n,
            int d,
            double @Nullable [] weights,
            int kRequested,
            int maxIterations,
            double tolerance,
            long seed,
            float @Nullable [] initial,
            int initialCount) {
        if (n < 1 || kRequested < 1) {
            throw new IllegalArgumentException("need n >= 1 and k >= 1: n=" + n + ", k=" + kRequested);
        }
        double[] w = weights != null ? weights : filled(n, 1.0);
        double[] xNorm = new double[n];
        for (int i = 0; i < n; i++) {
            xNorm[i] = Vectors.norm2(data, i * d, d);
        }
        float[] centres =
                seed(data, n, d, w, Math.min(kRequested, n), new SplittableRandom(seed), initial, initialCount);
        int k = centres.length / d;
        int[] assign = new int[n];
        double[] dist = new double[n];
        double[] cNorm = new double[k];
        double[] sums = new double[k * d];
        double[] mass = new double[k];
        int[] members = new int[k];
        double[] objectives = new double[maxIterations + 1];
        int iter = 0;
        while (true) {
            double obj = assign(data, n, d, w, xNorm, centres, k, cNorm, assign, dist);
            objectives[iter] = obj;
            if (iter == maxIterations) {
                break;
            }
            iter++;
            Arrays.fill(sums, 0);
            Arrays.fill(mass, 0);
            Arrays.fill(members, 0);
            for (int i = 0; i < n; i++) {
                int c = assign[i];
                members[c]++;
                mass[c] += w[i];
                int row = i * d;
                int crow = c * d;
                double wi = w[i];
                for (int j = 0; j < d; j++) {
                    sums[crow + j] += wi * data[row + j];
                }
            }
            reseedEmpty(data, n, d, w, assign, dist, sums, mass, members, k);
            double maxMove = 0;
            for (int c = 0; c < k; c++) {
                int crow = c * d;
                double move = 0;
                for (int j = 0; j < d; j++) {
                    float nv = (float) (sums[crow + j] / mass[c]);
                    double delta = nv - centres[crow + j];
                    move += delta * delta;
                    centres[crow + j] = nv;
                }
                maxMove = Math.max(maxMove, Math.sqrt(move));
            }
            if (maxMove < tolerance) {
                objectives[iter] = assign(data, n, d, w, xNorm, centres, k, cNorm, assign, dist);
                break;
            }
        }
        return new Result(centres, k, assign, iter, Arrays.copyOf(objectives, iter + 1));
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static float[] seed(
            float[] data,
            int n,
            int d,
            double[] w,
            int k,
            SplittableRandom rnd,
            float @Nullable [] initial,
            int initialCount) {
        float[] centres = new float[k * d];
        int chosen;
        if (initial != null && initialCount > 0) {
            chosen = Math.min(initialCount, k);
            System.arraycopy(initial, 0, centres, 0, chosen * d);
        } else {
            System.arraycopy(data, 0, centres, 0, d);
            chosen = 1;
        }
        if (chosen == k) {
            return centres;
        }
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 0; c < chosen; c++) {
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], Vectors.distance2(data, i * d, centres, c * d, d));
            }
        }
        while (chosen < k) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += w[i] * d2[i];
            }
            if (!(total > 0)) {
                break;
            }
            double r = rnd.nextDouble() * total;
            int pick = -1;
            double acc = 0;
            for (int i = 0; i < n; i++) {
                double p = w[i] * d2[i];
                if (p <= 0) {
                    continue;
                }
                pick = i;
                acc += p;
                if (acc > r) {
                    break;
                }
            }
            int crow = chosen * d;
            System.arraycopy(data, pick * d, centres, crow, d);
            for (int i = 0; i < n; i++) {
                double di = Vectors.distance2(data, i * d, centres, crow, d);
                if (di < d2[i]) {
                    d2[i] = di;
                }
            }
            chosen++;
        }
        return chosen == k ? centres : Arrays.copyOf(centres, chosen * d);
    }

    /** Nearest-centre assignment; fills dist with squared distances and returns the objective. */
    private static double assign(
            float[] data,
            int n,
            int d,
            double[] w,
            double[] xNorm,
            float[] centres,
            int k,
            double[] cNorm,
            int[] assign,
            double[] dist) {
        for (int c = 0; c < k; c++) {
            cNorm[c] = Vectors.norm2(centres, c * d, d);
        }
        double obj = 0;
        for (int i = 0; i < n; i++) {
            int row = i * d;
            double best = Double.POSITIVE_INFINITY;
            int bestC = 0;
            int c = 0;
            for (; c + 3 < k; c += 4) {
                // four centres per pass: each coordinate of x is loaded once for four dot products
                int c0 = c * d;
                int c1 = c0 + d;
                int c2 = c1 + d;
                int c3 = c2 + d;
                float s0 = 0f;
                float s1 = 0f;
                float s2 = 0f;
                float s3 = 0f;
                for (int j = 0; j < d; j++) {
                    float x = data[row + j];
                    s0 += x * centres[c0 + j];
                    s1 += x * centres[c1 + j];
                    s2 += x * centres[c2 + j];
                    s3 += x * centres[c3 + j];
                }
                double base = xNorm[i];
                double d0 = base + cNorm[c] - 2.0 * s0;
                double d1 = base + cNorm[c + 1] - 2.0 * s1;
                double d2 = base + cNorm[c + 2] - 2.0 * s2;
                double d3 = base + cNorm[c + 3] - 2.0 * s3;
                if (d0 < best) {
                    best = d0;
                    bestC = c;
                }
                if (d1 < best) {
                    best = d1;
                    bestC = c + 1;
                }
                if (d2 < best) {
                    best = d2;
                    bestC = c + 2;
                }
                if (d3 < best) {
                    best = d3;
                    bestC = c + 3;
                }
            }
            for (; c < k; c++) {
                double dd = xNorm[i] + cNorm[c] - 2.0 * Vectors.dot(data, row, centres, c * d, d);
                if (dd < best) {
                    best = dd;
                    bestC = c;
                }
            }
            // exact distance for the winner, so the objective is not distorted by cancellation
            double exact = Vectors.distance2(data, row, centres, bestC * d, d);
            assign[i] = bestC;
            dist[i] = exact;
            obj += w[i] * exact;
        }
        return obj;
    }

    private static void reseedEmpty(
            float[] data,
            int n,
            int d,
            double[] w,
            int[] assign,
            double[] dist,
            double[] sums,
            double[] mass,
            int[] members,
            int k) {
        for (int c = 0; c < k; c++) {
            if (members[c] > 0) {
                continue;
            }
            int far = -1;
            for (int i = 0; i < n; i++) {
                if (members[assign[i]] > 1 && (far < 0 || dist[i] > dist[far])) {
                    far = i;
                }
            }
            if (far < 0) {
                throw new IllegalStateException("k-means: no point to re-seed an empty cluster with");
            }
            int old = assign[far];
            int row = far * d;
            for (int j = 0; j < d; j++) {
                double v = w[far] * data[row + j];
                sums[old * d + j] -= v;
                sums[c * d + j] = v;
            }
            mass[old] -= w[far];
            mass[c] = w[far];
            members[old]--;
            members[c] = 1;
            assign[far] = c;
            dist[far] = 0;
        }
    }
}
