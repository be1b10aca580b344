package io.neuraldag.sona;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The clustering {@link KMeans} documents, written as plainly as possible: every distance over
 * every column of the row-major points, one centre at a time. The oracle for {@code KMeans}'s
 * rearranged loops, which must give the same bits.
 *
 * <p>With {@code doubleSeeding} the k-means++ D² is summed in double instead of float (the
 * arithmetic {@code KMeans} used before its seeding moved to float), the oracle for the quality of
 * the float seeding.
 */
final class KMeansReference {

    private KMeansReference() {}

    static KMeans.Result run(
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
        return run(data, n, d, weights, kRequested, maxIterations, tolerance, seed, initial, initialCount, false);
    }

    static KMeans.Result run(
            float[] data,
            int n,
            int d,
            double @Nullable [] weights,
            int kRequested,
            int maxIterations,
            double tolerance,
            long seed,
            float @Nullable [] initial,
            int initialCount,
            boolean doubleSeeding) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = weights == null ? 1.0 : weights[i];
        }
        int k = Math.min(kRequested, n);
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] centres = new float[k * d];
        int chosen;
        if (initial != null && initialCount > 0) {
            chosen = Math.min(initialCount, k);
            System.arraycopy(initial, 0, centres, 0, chosen * d);
        } else {
            System.arraycopy(data, 0, centres, 0, d);
            chosen = 1;
        }
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 0; c < chosen; c++) {
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], seedDistance2(data, i, centres, c, d, doubleSeeding));
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
                if (p > 0) {
                    pick = i;
                    acc += p;
                    if (acc > r) {
                        break;
                    }
                }
            }
            System.arraycopy(data, pick * d, centres, chosen * d, d);
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], seedDistance2(data, i, centres, chosen, d, doubleSeeding));
            }
            chosen++;
        }
        k = chosen;
        centres = Arrays.copyOf(centres, k * d);

        int[] assign = new int[n];
        double[] dist = new double[n];
        double[] objectives = new double[maxIterations + 1];
        int iter = 0;
        objectives[0] = assign(data, n, d, w, centres, k, assign, dist);
        while (iter < maxIterations) {
            iter++;
            double[] sums = new double[k * d];
            double[] mass = new double[k];
            int[] members = new int[k];
            for (int i = 0; i < n; i++) {
                int c = assign[i];
                members[c]++;
                mass[c] += w[i];
                for (int j = 0; j < d; j++) {
                    sums[c * d + j] += w[i] * data[i * d + j];
                }
            }
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
                int old = assign[far];
                for (int j = 0; j < d; j++) {
                    double v = w[far] * data[far * d + j];
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
            double maxMove = 0;
            for (int c = 0; c < k; c++) {
                double move = 0;
                for (int j = 0; j < d; j++) {
                    float nv = (float) (sums[c * d + j] / mass[c]);
                    double delta = nv - centres[c * d + j];
                    move += delta * delta;
                    centres[c * d + j] = nv;
                }
                maxMove = Math.max(maxMove, Math.sqrt(move));
            }
            objectives[iter] = assign(data, n, d, w, centres, k, assign, dist);
            if (maxMove < tolerance) {
                break;
            }
        }
        return new KMeans.Result(centres, k, assign, iter, Arrays.copyOf(objectives, iter + 1));
    }

    private static double assign(
            float[] data, int n, int d, double[] w, float[] centres, int k, int[] assign, double[] dist) {
        double obj = 0;
        for (int i = 0; i < n; i++) {
            double xNorm = 0;
            for (int j = 0; j < d; j++) {
                double v = data[i * d + j];
                xNorm += v * v;
            }
            double best = Double.POSITIVE_INFINITY;
            int bestC = 0;
            for (int c = 0; c < k; c++) {
                float dot = 0f;
                double cNorm = 0;
                for (int j = 0; j < d; j++) {
                    dot += data[i * d + j] * centres[c * d + j];
                    double v = centres[c * d + j];
                    cNorm += v * v;
                }
                double dd = xNorm + cNorm - 2.0 * dot;
                if (dd < best) {
                    best = dd;
                    bestC = c;
                }
            }
            assign[i] = bestC;
            dist[i] = distance2(data, i, centres, bestC, d);
            obj += w[i] * dist[i];
        }
        return obj;
    }

    /** Seeding's D²: {@code Σ(x_j − c_j)²} in float, every difference and square rounded to float. */
    private static double seedDistance2(float[] data, int i, float[] centres, int c, int d, boolean inDouble) {
        if (inDouble) {
            return distance2(data, i, centres, c, d);
        }
        float s = 0f;
        for (int j = 0; j < d; j++) {
            float v = data[i * d + j] - centres[c * d + j];
            s += v * v;
        }
        return s;
    }

    private static double distance2(float[] data, int i, float[] centres, int c, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            double v = (double) data[i * d + j] - centres[c * d + j];
            s += v * v;
        }
        return s;
    }
}
