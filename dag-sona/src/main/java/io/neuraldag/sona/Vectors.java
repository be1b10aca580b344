package io.neuraldag.sona;

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
