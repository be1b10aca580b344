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
 * <p>Arithmetic, fixed so results are reproducible bit for bit: the assignment compares {@code
 * ‖x‖² + ‖c‖² − 2x·c} with {@code x·c} summed in float in coordinate order, {@code ‖·‖²} and the
 * winner's exact distance {@code Σ(x_j − c_j)²} in double in coordinate order, centre sums in
 * double. The D² of seeding is {@code Σ(x_j − c_j)²} in float in coordinate order (each difference
 * and square rounded to float; its sampling weight {@code w·D²} and the running totals in double):
 * half the width of the double sum, so the JIT's vectors hold twice the points, and still exactly 0
 * for a point equal to a centre, so the stop above is unchanged. It differs from the double sum by a
 * relative {@code ~m·2^-24}, which moves a draw only when the random number falls that close to a
 * boundary of the cumulative weights. Points whose every coordinate differs by less than about
 * {@code 4·10^-23} (the square underflows) count as coinciding; for unit vectors their cosine rounds
 * to 1 in float anyway.
 *
 * <p>Layout (the cost is O(iterations·n·k·d) either way; this only changes the constant). These
 * rearrangements leave every sum above with the same terms in the same order, so they change no
 * result bit ({@code KMeansTest} checks this against a plain reference implementation):
 *
 * <ol>
 *   <li>Columns that are zero in every point and every initial centre stay zero in every centre
 *       (centres are weighted means of points), and a zero column adds exactly {@code +0} to every
 *       sum, so the work runs on the other columns only. Plan vectors fill 24 of their 256 slots,
 *       which makes this a 10× saving for the engine's clustering.
 *   <li>The assignment of a point walks its non-zero coordinates {@code x_j} and adds {@code x_j}
 *       times row {@code j} of the transposed centres to {@code k} running dot products: an
 *       element-wise loop over the centres that the JIT turns into SIMD code, where a dot product per
 *       centre is a sequential reduction it must not reorder. Each row of the transposed centres is
 *       an array of its own, and the loop indexes it and the running sums by the centre alone: with
 *       one index on every array the JIT vectorises without proving that the arrays are distinct,
 *       which it cannot do for an offset into a second {@code float[]}.
 *   <li>Seeding measures the distance of every point to a new centre over a transposed copy of the
 *       data (one array per column), again an element-wise loop over the points.
 *   <li>Sequential double sums ({@code ‖x‖²}, the own-centre distance) are formed four points at a
 *       time, four independent chains each in coordinate order; points without a zero coordinate
 *       use the row-major array itself instead of a CSR copy.
 * </ol>
 *
 * <p>Seeding also records, per point, its nearest centre and the second smallest D². Deflated by
 * the float sum's rounding, the square root of the second is a lower bound on the exact distance to
 * every other centre, so the first assignment starts with the bounds described next instead of
 * comparing every point with every centre: most points keep the centre seeding found.
 *
 * <p>Skipped comparisons (Hamerly, "Making k-means even faster", SDM 2010). Each point keeps a lower
 * bound {@code l} on its exact distance to every centre but its own; when the centres move, {@code
 * l} drops by the largest move among the other centres (triangle inequality). Each assignment
 * computes the point's exact distance {@code u} to its own centre anyway (for the objective). The
 * compared quantity {@code ‖x‖² + ‖c‖² − 2x·c} differs from the exact {@code ‖x − c‖²} by at most
 * {@code E = 2γ_m(‖x‖ + max‖c‖)²} plus the double roundings ({@code γ_m = m·u/(1 − m·u)}, {@code
 * u = 2^-24}, Higham's bound on a float dot product of m terms), so {@code l² − u² > 2E} proves that
 * every other centre compares strictly worse, and the point keeps its centre without the k dot
 * products: the assignment Lloyd would have made, bit for bit. Otherwise the point gets the full
 * comparison, which sets {@code l} from the runner-up. Every bound is rounded outward; a NaN or
 * infinity anywhere makes the test fail, and the full comparison runs.
 *
 * <p>Not thread-safe in the sense that matters: it is a pure function of its arguments, so
 * concurrent calls are safe as long as they do not share the arrays they pass.
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
        int kMax = Math.min(kRequested, n);
        int warm = initial != null ? Math.max(0, Math.min(initialCount, kMax)) : 0;
        int[] cols = activeColumns(data, n, d, initial, warm);
        int m = cols.length;
        float[] x = m == d ? data : gather(data, n, d, cols);
        float @Nullable [] init =
                initial == null || warm == 0 ? null : m == d ? initial : gather(initial, warm, d, cols);
        Result r = new Lloyd(x, n, m, weights != null ? weights : filled(n, 1.0))
                .run(kMax, maxIterations, tolerance, new SplittableRandom(seed), init, warm);
        if (m == d) {
            return r;
        }
        float[] centres = new float[r.k() * d];
        for (int c = 0; c < r.k(); c++) {
            for (int j = 0; j < m; j++) {
                centres[c * d + cols[j]] = r.centres()[c * m + j];
            }
        }
        return new Result(centres, r.k(), r.assignment(), r.iterations(), r.objectives());
    }

    /**
     * Columns with a bit set in some point or initial centre ({@code -0.0} counts, so every sign
     * survives); at least one column, so the work arrays are never empty.
     */
    static int[] activeColumns(float[] data, int n, int d, float @Nullable [] initial, int warm) {
        boolean[] used = new boolean[d];
        markUsed(data, n, d, used);
        if (initial != null) {
            markUsed(initial, warm, d, used);
        }
        int m = 0;
        for (boolean u : used) {
            m += u ? 1 : 0;
        }
        if (m == 0) {
            return new int[] {0};
        }
        int[] cols = new int[m];
        for (int j = 0, w = 0; j < d; j++) {
            if (used[j]) {
                cols[w++] = j;
            }
        }
        return cols;
    }

    private static void markUsed(float[] a, int rows, int d, boolean[] used) {
        for (int i = 0; i < rows; i++) {
            int row = i * d;
            for (int j = 0; j < d; j++) {
                if (Float.floatToRawIntBits(a[row + j]) != 0) {
                    used[j] = true;
                }
            }
        }
    }

    private static float[] gather(float[] a, int rows, int d, int[] cols) {
        int m = cols.length;
        float[] out = new float[rows * m];
        for (int i = 0; i < rows; i++) {
            int src = i * d;
            int dst = i * m;
            for (int j = 0; j < m; j++) {
                out[dst + j] = a[src + cols[j]];
            }
        }
        return out;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /**
     * One clustering run over row-major points {@code x} (n×m). Holds the points in two extra
     * layouts, built once: the non-zero coordinates of each point (CSR: {@code nzStart}, {@code
     * nzCol}, {@code nzVal}) for the assignment, and the transpose (m×n) for seeding. When no
     * coordinate is zero the CSR is the points themselves: {@code nzVal} is {@code x}, row i starts
     * at {@code i·m}, and {@code nzCol} holds the m column indices once, read at {@code p −
     * nzStart[i]}. Every array is owned by this object; not thread-safe.
     */
    private static final class Lloyd {
        /** Inflates a non-negative computed value into a bound above its exact value. */
        private static final double SAFE_UP = 1 + 0x1p-40;

        /** Deflates a non-negative computed value into a bound below its exact value. */
        private static final double SAFE_DOWN = 1 - 0x1p-40;

        /**
         * Absolute rounding error of float products that underflow: at most half the smallest
         * subnormal per term, for at most 2^24 terms, doubled.
         */
        private static final double UNDERFLOW = 0x1p-124;

        private final float[] x;
        private final int n;
        private final int m;
        private final double[] w;
        private final double[] xNorm;
        private final int[] nzStart;
        private final int[] nzCol;
        private final float[] nzVal;

        /** Whether every coordinate is non-zero, so the CSR is {@code x} itself. */
        private final boolean dense;

        /**
         * Filled by {@link #seed}: per point, the index of its nearest centre by seeding's D² (the
         * lowest index among equal values) and the second smallest D², so the first assignment can
         * keep a point whose runner-up is provably farther.
         */
        private final int[] seedNearest;

        private final double[] seedSecond;

        private boolean seedBounds;

        Lloyd(float[] x, int n, int m, double[] w) {
            this.x = x;
            this.n = n;
            this.m = m;
            this.w = w;
            this.xNorm = new double[n];
            this.seedNearest = new int[n];
            this.seedSecond = new double[n];
            this.nzStart = new int[n + 1];
            int nnz = 0;
            for (int j = 0; j < n * m; j++) {
                nnz += x[j] != 0f ? 1 : 0;
            }
            norms(x, n, m, xNorm);
            this.dense = nnz == n * m;
            if (dense) {
                this.nzVal = x;
                this.nzCol = new int[m];
                for (int j = 0; j < m; j++) {
                    nzCol[j] = j;
                }
                for (int i = 0; i <= n; i++) {
                    nzStart[i] = i * m;
                }
                return;
            }
            this.nzCol = new int[nnz];
            this.nzVal = new float[nnz];
            int p = 0;
            for (int i = 0; i < n; i++) {
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    float v = x[row + j];
                    if (v != 0f) {
                        nzCol[p] = j;
                        nzVal[p] = v;
                        p++;
                    }
                }
                nzStart[i + 1] = p;
            }
        }

        Result run(
                int kMax,
                int maxIterations,
                double tolerance,
                SplittableRandom rnd,
                float @Nullable [] initial,
                int warm) {
            float[] centres = seed(kMax, rnd, initial, warm);
            int k = centres.length / m;
            int[] assign = new int[n];
            double[] dist = new double[n];
            double[] own = new double[n];
            double[] cNorm = new double[k];
            float[][] ct = new float[m][k];
            float[] dots = new float[k];
            double[] sums = new double[k * m];
            double[] mass = new double[k];
            int[] members = new int[k];
            double[] lower = new double[n];
            Arrays.fill(lower, Double.NEGATIVE_INFINITY);
            if (seedBounds) {
                // seeding's second smallest D² bounds every other centre's exact distance once its
                // float rounding is taken off: each of the m terms (x_j − c_j)² is within 3u of its
                // exact value and the float sum adds γ_m (u = 2^-24), plus half a subnormal per
                // term for squares that underflow (a subnormal difference itself is exact)
                double down = (1 - 2 * (m + 3) * 0x1p-24) * SAFE_DOWN;
                double under = m * 0x1p-148;
                for (int i = 0; i < n; i++) {
                    double l = Math.sqrt(seedSecond[i] * down - under) * SAFE_DOWN;
                    assign[i] = seedNearest[i];
                    // an infinite D² is a float overflow, not a bound
                    lower[i] = Double.isFinite(l) ? l : Double.NEGATIVE_INFINITY;
                }
            }
            double[] moves = new double[k];
            double[] objectives = new double[maxIterations + 1];
            int iter = 0;
            while (true) {
                double obj = assign(centres, k, cNorm, ct, dots, assign, dist, own, lower);
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
                    int crow = c * m;
                    double wi = w[i];
                    // zero coordinates would add exactly +0 to the sums
                    if (dense) {
                        int row = i * m;
                        for (int j = 0; j < m; j++) {
                            sums[crow + j] += wi * x[row + j];
                        }
                        continue;
                    }
                    for (int p = nzStart[i]; p < nzStart[i + 1]; p++) {
                        sums[crow + nzCol[p]] += wi * nzVal[p];
                    }
                }
                reseedEmpty(assign, dist, sums, mass, members, k, lower);
                double maxMove = 0;
                for (int c = 0; c < k; c++) {
                    int crow = c * m;
                    double move = 0;
                    for (int j = 0; j < m; j++) {
                        float nv = (float) (sums[crow + j] / mass[c]);
                        double delta = nv - centres[crow + j];
                        move += delta * delta;
                        centres[crow + j] = nv;
                    }
                    moves[c] = Math.sqrt(move);
                    maxMove = Math.max(maxMove, moves[c]);
                }
                loosen(lower, assign, moves, k);
                if (maxMove < tolerance) {
                    objectives[iter] = assign(centres, k, cNorm, ct, dots, assign, dist, own, lower);
                    break;
                }
            }
            return new Result(centres, k, assign, iter, Arrays.copyOf(objectives, iter + 1));
        }

        /** k-means++ (D² sampling, weighted); stops early when every point sits on a centre. */
        private float[] seed(int k, SplittableRandom rnd, float @Nullable [] initial, int warm) {
            float[] centres = new float[k * m];
            int chosen;
            if (initial != null && warm > 0) {
                chosen = warm;
                System.arraycopy(initial, 0, centres, 0, chosen * m);
            } else {
                System.arraycopy(x, 0, centres, 0, m);
                chosen = 1;
            }
            if (chosen == k) {
                return centres;
            }
            float[][] xt = new float[m][n];
            for (int i = 0; i < n; i++) {
                int row = i * m;
                for (int j = 0; j < m; j++) {
                    xt[j][i] = x[row + j];
                }
            }
            double[] d2 = new double[n];
            float[] di = new float[n];
            int[] near = seedNearest;
            double[] second = seedSecond;
            Arrays.fill(d2, Double.POSITIVE_INFINITY);
            Arrays.fill(near, 0);
            Arrays.fill(second, Double.POSITIVE_INFINITY);
            for (int c = 0; c < chosen; c++) {
                distances(xt, centres, c * m, di);
                for (int i = 0; i < n; i++) {
                    double old = d2[i];
                    double v = di[i];
                    d2[i] = Math.min(old, v);
                    if (v < old) {
                        second[i] = old;
                        near[i] = c;
                    } else if (v < second[i]) {
                        second[i] = v;
                    }
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
                int crow = chosen * m;
                System.arraycopy(x, pick * m, centres, crow, m);
                distances(xt, centres, crow, di);
                for (int i = 0; i < n; i++) {
                    double v = di[i];
                    if (v < d2[i]) {
                        second[i] = d2[i];
                        d2[i] = v;
                        near[i] = chosen;
                    } else if (v < second[i]) {
                        second[i] = v;
                    }
                }
                chosen++;
            }
            seedBounds = true;
            return chosen == k ? centres : Arrays.copyOf(centres, chosen * m);
        }

        /**
         * {@code out[i] = Σ_j (x_ij − c_j)²} in float, j ascending, every difference and square
         * rounded to float, for every point at once over the transposed points; four coordinates per
         * pass, so each {@code out[i]} is loaded and stored once per four terms.
         */
        private void distances(float[][] xt, float[] centres, int co, float[] out) {
            Arrays.fill(out, 0f);
            int j = 0;
            for (; j + 3 < m; j += 4) {
                distances4(
                        out,
                        xt[j],
                        xt[j + 1],
                        xt[j + 2],
                        xt[j + 3],
                        centres[co + j],
                        centres[co + j + 1],
                        centres[co + j + 2],
                        centres[co + j + 3],
                        n);
            }
            for (; j < m; j++) {
                distances1(out, xt[j], centres[co + j], n);
            }
        }

        /**
         * {@code out[i] = (((out[i] + (a0[i] − c0)²) + (a1[i] − c1)²) + (a2[i] − c2)²) + (a3[i] −
         * c3)²} in float for i < n; every array indexed by {@code i} alone, so the JIT vectorises it
         * (see the class comment, item 2).
         */
        private static void distances4(
                float[] out,
                float[] a0,
                float[] a1,
                float[] a2,
                float[] a3,
                float c0,
                float c1,
                float c2,
                float c3,
                int n) {
            for (int i = 0; i < n; i++) {
                float v0 = a0[i] - c0;
                float v1 = a1[i] - c1;
                float v2 = a2[i] - c2;
                float v3 = a3[i] - c3;
                out[i] = (((out[i] + v0 * v0) + v1 * v1) + v2 * v2) + v3 * v3;
            }
        }

        /** {@code out[i] += (a0[i] − c0)²} in float for i < n. */
        private static void distances1(float[] out, float[] a0, float c0, int n) {
            for (int i = 0; i < n; i++) {
                float v = a0[i] - c0;
                out[i] += v * v;
            }
        }

        /**
         * Nearest-centre assignment; fills dist with squared distances and returns the objective.
         *
         * <p>A point whose bound proves that its current centre still wins keeps it without the k
         * dot products (the bound and its rounding margin are described in the class comment); every other point gets the full comparison, which
         * also refreshes its bound {@code lower[i]}.
         */
        private double assign(
                float[] centres,
                int k,
                double[] cNorm,
                float[][] ct,
                float[] dots,
                int[] assign,
                double[] dist,
                double[] ownDist,
                double[] lower) {
            ownDistances(centres, assign, ownDist);
            double cMax2 = 0;
            norms(centres, k, m, cNorm);
            for (int c = 0; c < k; c++) {
                int crow = c * m;
                cMax2 = Math.max(cMax2, cNorm[c]);
                for (int j = 0; j < m; j++) {
                    ct[j][c] = centres[crow + j];
                }
            }
            double cMax = Math.sqrt(cMax2) * SAFE_UP;
            // 2·γ_m with γ_m = m·u/(1 − m·u), u = 2^-24, bounds the float dot product's rounding;
            // the double sums and the last two operations add far less than the second term
            double mu = m * 0x1p-24;
            double errorScale = mu < 0.5 ? (2 * mu / (1 - mu) + (4.0 * m + 8) * 0x1p-53) * SAFE_UP : Double.NaN;
            double obj = 0;
            for (int i = 0; i < n; i++) {
                int a = assign[i];
                double own = ownDist[i];
                double r = Math.sqrt(xNorm[i]) * SAFE_UP + cMax;
                // |computed ‖x‖² + ‖c‖² − 2x·c − exact ‖x − c‖²| <= margin for every centre c
                double margin = errorScale * r * r + UNDERFLOW;
                double u = Math.sqrt(own) * SAFE_UP;
                double l = lower[i];
                if (l > u && l * l * SAFE_DOWN - u * u * SAFE_UP > 2 * margin) {
                    dist[i] = own;
                    obj += w[i] * own;
                    continue;
                }
                Arrays.fill(dots, 0f);
                int p = nzStart[i];
                int end = nzStart[i + 1];
                int cb = dense ? p : 0;
                // dots[c] accumulates x_j·c_j in float over the point's non-zero j in ascending order
                for (; p + 3 < end; p += 4) {
                    accumulate4(
                            dots,
                            ct[nzCol[p - cb]],
                            ct[nzCol[p + 1 - cb]],
                            ct[nzCol[p + 2 - cb]],
                            ct[nzCol[p + 3 - cb]],
                            nzVal[p],
                            nzVal[p + 1],
                            nzVal[p + 2],
                            nzVal[p + 3],
                            k);
                }
                for (; p < end; p++) {
                    accumulate1(dots, ct[nzCol[p - cb]], nzVal[p], k);
                }
                double base = xNorm[i];
                double best = Double.POSITIVE_INFINITY;
                double second = Double.POSITIVE_INFINITY;
                int bestC = 0;
                for (int c = 0; c < k; c++) {
                    double dd = base + cNorm[c] - 2.0 * dots[c];
                    if (dd < best) {
                        second = best;
                        best = dd;
                        bestC = c;
                    } else if (dd < second) {
                        second = dd;
                    }
                }
                // every other centre c has exact ‖x − c‖² >= second − margin
                double gap = second * SAFE_DOWN - margin;
                lower[i] = gap > 0 ? Math.sqrt(gap) * SAFE_DOWN : Double.NEGATIVE_INFINITY;
                // exact distance for the winner, so the objective is not distorted by cancellation
                double exact = bestC == a ? own : Vectors.distance2(x, i * m, centres, bestC * m, m);
                assign[i] = bestC;
                dist[i] = exact;
                obj += w[i] * exact;
            }
            return obj;
        }

        /**
         * {@code out[i] = } {@link Vectors#distance2} from point i to centre {@code assign[i]}, four
         * points at a time: four independent sums, each with the terms and order of {@code
         * distance2}, so the same bits at a quarter of the latency of one dependent chain each.
         */
        private void ownDistances(float[] centres, int[] assign, double[] out) {
            int i = 0;
            for (; i + 3 < n; i += 4) {
                int r0 = i * m;
                int r1 = r0 + m;
                int r2 = r1 + m;
                int r3 = r2 + m;
                int c0 = assign[i] * m;
                int c1 = assign[i + 1] * m;
                int c2 = assign[i + 2] * m;
                int c3 = assign[i + 3] * m;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int j = 0; j < m; j++) {
                    double v0 = (double) x[r0 + j] - centres[c0 + j];
                    double v1 = (double) x[r1 + j] - centres[c1 + j];
                    double v2 = (double) x[r2 + j] - centres[c2 + j];
                    double v3 = (double) x[r3 + j] - centres[c3 + j];
                    s0 += v0 * v0;
                    s1 += v1 * v1;
                    s2 += v2 * v2;
                    s3 += v3 * v3;
                }
                out[i] = s0;
                out[i + 1] = s1;
                out[i + 2] = s2;
                out[i + 3] = s3;
            }
            for (; i < n; i++) {
                out[i] = Vectors.distance2(x, i * m, centres, assign[i] * m, m);
            }
        }

        /**
         * {@code out[i] = } {@link Vectors#norm2} of row i of the rows×m array {@code a}, four rows
         * at a time (independent sums, same terms and order: the same bits).
         */
        private static void norms(float[] a, int rows, int m, double[] out) {
            int i = 0;
            for (; i + 3 < rows; i += 4) {
                int r0 = i * m;
                int r1 = r0 + m;
                int r2 = r1 + m;
                int r3 = r2 + m;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                for (int j = 0; j < m; j++) {
                    double v0 = a[r0 + j];
                    double v1 = a[r1 + j];
                    double v2 = a[r2 + j];
                    double v3 = a[r3 + j];
                    s0 += v0 * v0;
                    s1 += v1 * v1;
                    s2 += v2 * v2;
                    s3 += v3 * v3;
                }
                out[i] = s0;
                out[i + 1] = s1;
                out[i + 2] = s2;
                out[i + 3] = s3;
            }
            for (; i < rows; i++) {
                out[i] = Vectors.norm2(a, i * m, m);
            }
        }

        /**
         * {@code dots[c] = (((dots[c] + x0·r0[c]) + x1·r1[c]) + x2·r2[c]) + x3·r3[c]} for c < k, in
         * float. Every array is indexed by {@code c} alone: with the same index on every load and
         * store, the JIT vectorises the loop over the centres without having to prove that the
         * arrays are distinct (an offset index on a second float array would stop it).
         */
        private static void accumulate4(
                float[] dots,
                float[] r0,
                float[] r1,
                float[] r2,
                float[] r3,
                float x0,
                float x1,
                float x2,
                float x3,
                int k) {
            for (int c = 0; c < k; c++) {
                dots[c] = (((dots[c] + x0 * r0[c]) + x1 * r1[c]) + x2 * r2[c]) + x3 * r3[c];
            }
        }

        /** {@code dots[c] += x0·r0[c]} for c < k, in float. */
        private static void accumulate1(float[] dots, float[] r0, float x0, int k) {
            for (int c = 0; c < k; c++) {
                dots[c] += x0 * r0[c];
            }
        }

        /**
         * After the centres moved by {@code moves}: a lower bound on the distance from point i to
         * every centre but its own drops by at most the largest move among those centres (triangle
         * inequality); rounded down, so it stays a bound.
         */
        private void loosen(double[] lower, int[] assign, double[] moves, int k) {
            double max1 = 0;
            double max2 = 0;
            int arg = -1;
            for (int c = 0; c < k; c++) {
                double mv = Double.isNaN(moves[c]) ? Double.POSITIVE_INFINITY : moves[c] * SAFE_UP + Double.MIN_NORMAL;
                if (mv > max1) {
                    max2 = max1;
                    max1 = mv;
                    arg = c;
                } else if (mv > max2) {
                    max2 = mv;
                }
            }
            for (int i = 0; i < n; i++) {
                double l = lower[i] - (assign[i] == arg ? max2 : max1);
                lower[i] = Double.isNaN(l) ? Double.NEGATIVE_INFINITY : Math.nextDown(l);
            }
        }

        private void reseedEmpty(
                int[] assign, double[] dist, double[] sums, double[] mass, int[] members, int k, double[] lower) {
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
                int row = far * m;
                for (int j = 0; j < m; j++) {
                    double v = w[far] * x[row + j];
                    sums[old * m + j] -= v;
                    sums[c * m + j] = v;
                }
                mass[old] -= w[far];
                mass[c] = w[far];
                members[old]--;
                members[c] = 1;
                assign[far] = c;
                dist[far] = 0;
                lower[far] = Double.NEGATIVE_INFINITY;
            }
        }
    }
}
