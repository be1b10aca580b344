package io.neuraldag.sona;

import org.jspecify.annotations.Nullable;

/**
 * Dense float-vector kernels shared by the bank and k-means.
 *
 * <p>All loops keep four independent accumulators so the JIT can overlap the multiply-adds; inputs
 * are row-major slices {@code (array, offset, length)}. Stateless and thread-safe.
 */
final class Vectors {

    private Vectors() {}

    /** Σ a[ao+i]·b[bo+i] for i < d. */
    static float dot(float[] a, int ao, float[] b, int bo, int d) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            s0 += a[ao + i] * b[bo + i];
            s1 += a[ao + i + 1] * b[bo + i + 1];
            s2 += a[ao + i + 2] * b[bo + i + 2];
            s3 += a[ao + i + 3] * b[bo + i + 3];
        }
        for (; i < d; i++) {
            s0 += a[ao + i] * b[bo + i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@link #dot(float[], int, float[], int, int) dot}{@code (a, ao + r·d, b, bo, d)} for the four
     * consecutive rows {@code r = 0..3} of {@code a}, into {@code out[0..3]}: the same sums in the
     * same order, so each result equals {@code dot}'s bit for bit; the four rows share each load of
     * {@code b} and give the processor sixteen independent additions instead of four.
     */
    static void dot4(float[] a, int ao, float[] b, int bo, int d, float[] out) {
        int a1 = ao + d;
        int a2 = a1 + d;
        int a3 = a2 + d;
        float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f;
        float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
        float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f;
        float s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            float b0 = b[bo + i];
            float b1 = b[bo + i + 1];
            float b2 = b[bo + i + 2];
            float b3 = b[bo + i + 3];
            s00 += a[ao + i] * b0;
            s01 += a[ao + i + 1] * b1;
            s02 += a[ao + i + 2] * b2;
            s03 += a[ao + i + 3] * b3;
            s10 += a[a1 + i] * b0;
            s11 += a[a1 + i + 1] * b1;
            s12 += a[a1 + i + 2] * b2;
            s13 += a[a1 + i + 3] * b3;
            s20 += a[a2 + i] * b0;
            s21 += a[a2 + i + 1] * b1;
            s22 += a[a2 + i + 2] * b2;
            s23 += a[a2 + i + 3] * b3;
            s30 += a[a3 + i] * b0;
            s31 += a[a3 + i + 1] * b1;
            s32 += a[a3 + i + 2] * b2;
            s33 += a[a3 + i + 3] * b3;
        }
        for (; i < d; i++) {
            float bi = b[bo + i];
            s00 += a[ao + i] * bi;
            s10 += a[a1 + i] * bi;
            s20 += a[a2 + i] * bi;
            s30 += a[a3 + i] * bi;
        }
        out[0] = (s00 + s01) + (s02 + s03);
        out[1] = (s10 + s11) + (s12 + s13);
        out[2] = (s20 + s21) + (s22 + s23);
        out[3] = (s30 + s31) + (s32 + s33);
    }

    /**
     * A query vector prepared for many dot products: its non-zero coordinates, grouped by the lane
     * of {@link #dot} that adds them ({@code j mod 4} in the blocks of four, lane 0 for the tail).
     * {@link #dot(float[], int)} therefore forms the very sums {@code dot} forms, minus terms that
     * are exactly zero, and returns the same float bit for bit. Plan vectors fill 24 of 256 slots, so
     * a search with one touches a tenth of each row. Immutable after construction.
     */
    static final class Sparse {
        private final int[] index;
        private final float[] value;
        private final int[] laneEnd = new int[4];

        private Sparse(float[] q, int qo, int d, int nnz) {
            index = new int[nnz];
            value = new float[nnz];
            int blocked = d - d % 4;
            int w = 0;
            for (int lane = 0; lane < 4; lane++) {
                for (int j = 0; j < d; j++) {
                    int laneOfJ = j < blocked ? j & 3 : 0;
                    if (laneOfJ == lane && q[qo + j] != 0f) {
                        index[w] = j;
                        value[w] = q[qo + j];
                        w++;
                    }
                }
                laneEnd[lane] = w;
            }
        }

        /**
         * The prepared form of {@code q[qo, qo + d)} if at most half its coordinates are non-zero
         * (below that the gather costs more than it saves), else null.
         */
        static @Nullable Sparse ofIfSparse(float[] q, int qo, int d) {
            int nnz = 0;
            for (int j = 0; j < d; j++) {
                nnz += q[qo + j] != 0f ? 1 : 0;
            }
            return 2 * nnz <= d ? new Sparse(q, qo, d, nnz) : null;
        }

        /** {@code Vectors.dot(a, ao, q, qo, d)}, bit for bit. */
        float dot(float[] a, int ao) {
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int p = 0;
            for (; p < laneEnd[0]; p++) {
                s0 += a[ao + index[p]] * value[p];
            }
            for (; p < laneEnd[1]; p++) {
                s1 += a[ao + index[p]] * value[p];
            }
            for (; p < laneEnd[2]; p++) {
                s2 += a[ao + index[p]] * value[p];
            }
            for (; p < laneEnd[3]; p++) {
                s3 += a[ao + index[p]] * value[p];
            }
            return (s0 + s1) + (s2 + s3);
        }

        /**
         * {@link #dot(float[], int)} for the four consecutive rows of length {@code d} starting at
         * {@code ao}, into {@code out[0..3]}, bit for bit; the rows share each index and value load.
         */
        void dot4(float[] a, int ao, int d, float[] out) {
            int a1 = ao + d;
            int a2 = a1 + d;
            int a3 = a2 + d;
            float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f;
            float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
            float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f;
            float s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
            int p = 0;
            for (; p < laneEnd[0]; p++) {
                int j = index[p];
                float v = value[p];
                s00 += a[ao + j] * v;
                s10 += a[a1 + j] * v;
                s20 += a[a2 + j] * v;
                s30 += a[a3 + j] * v;
            }
            for (; p < laneEnd[1]; p++) {
                int j = index[p];
                float v = value[p];
                s01 += a[ao + j] * v;
                s11 += a[a1 + j] * v;
                s21 += a[a2 + j] * v;
                s31 += a[a3 + j] * v;
            }
            for (; p < laneEnd[2]; p++) {
                int j = index[p];
                float v = value[p];
                s02 += a[ao + j] * v;
                s12 += a[a1 + j] * v;
                s22 += a[a2 + j] * v;
                s32 += a[a3 + j] * v;
            }
            for (; p < laneEnd[3]; p++) {
                int j = index[p];
                float v = value[p];
                s03 += a[ao + j] * v;
                s13 += a[a1 + j] * v;
                s23 += a[a2 + j] * v;
                s33 += a[a3 + j] * v;
            }
            out[0] = (s00 + s01) + (s02 + s03);
            out[1] = (s10 + s11) + (s12 + s13);
            out[2] = (s20 + s21) + (s22 + s23);
            out[3] = (s30 + s31) + (s32 + s33);
        }
    }

    /**
     * {@link #dot4(float[], int, float[], int, int, float[]) dot4}{@code (a, ao, q, 0, d, out)},
     * through {@code sq} (q's prepared form) when there is one.
     */
    static void dot4(float[] a, int ao, float[] q, @Nullable Sparse sq, int d, float[] out) {
        if (sq != null) {
            sq.dot4(a, ao, d, out);
        } else {
            dot4(a, ao, q, 0, d, out);
        }
    }

    /** {@code dot(a, ao, q, 0, d)}, through {@code sq} (q's prepared form) when there is one. */
    static float dot(float[] a, int ao, float[] q, @Nullable Sparse sq, int d) {
        return sq != null ? sq.dot(a, ao) : dot(a, ao, q, 0, d);
    }

    /** Squared L2 norm of a slice, accumulated in double. */
    static double norm2(float[] a, int ao, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double v = a[ao + i];
            s += v * v;
        }
        return s;
    }

    /**
     * Writes the L2-normalised {@code src} into {@code dst} as floats; a zero vector stays zero.
     *
     * @return the norm of src
     */
    static double normalizeInto(double[] src, float[] dst) {
        double s = 0;
        for (double v : src) {
            s += v * v;
        }
        double norm = Math.sqrt(s);
        if (norm > 0) {
            for (int i = 0; i < src.length; i++) {
                dst[i] = (float) (src[i] / norm);
            }
        } else {
            java.util.Arrays.fill(dst, 0f);
        }
        return norm;
    }

    /** Normalises a float slice in place (in double precision); a zero slice stays zero. */
    static void normalizeInPlace(float[] a, int ao, int d) {
        double norm = Math.sqrt(norm2(a, ao, d));
        if (norm > 0) {
            for (int i = 0; i < d; i++) {
                a[ao + i] = (float) (a[ao + i] / norm);
            }
        }
    }

    /** Squared Euclidean distance between two slices, in double. */
    static double distance2(float[] a, int ao, float[] b, int bo, int d) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double v = (double) a[ao + i] - b[bo + i];
            s += v * v;
        }
        return s;
    }
}
