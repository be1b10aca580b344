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
