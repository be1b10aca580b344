package io.neuraldag.attention;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A dense linear map {@code R^cols -> R^rows} used in content mode ({@code W_Q}, {@code W_K},
 * {@code W_V}, {@code W_C} and the Lorentz projection {@code P} of spec 01 §3). A {@code null}
 * projection in {@link AttentionConfig} means the identity.
 *
 * <p>Immutable and thread-safe: the values are copied in and out.
 *
 * @param rows output dimension, {@code >= 1}
 * @param cols input dimension (the embedding dimension), {@code >= 1}
 * @param values {@code rows * cols} finite entries, row-major: entry {@code (r, c)} is {@code
 *     values[r * cols + c]}
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode compare contents
public record Projection(int rows, int cols, double[] values) {

    /**
     * Validates and copies the values.
     *
     * @throws AttentionException {@code INVALID_CONFIG} if a dimension is not positive, the length
     *     is not {@code rows * cols} or an entry is not finite
     */
    public Projection {
        Objects.requireNonNull(values, "values");
        if (rows < 1 || cols < 1) {
            throw AttentionException.invalidConfig("projection shape", rows + "x" + cols, "at least 1x1");
        }
        if ((long) rows * cols != values.length) {
            throw AttentionException.invalidConfig(
                    "projection values length", values.length, "rows * cols = " + (long) rows * cols);
        }
        values = values.clone();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw AttentionException.invalidConfig("projection value [" + i + "]", values[i], "finite");
            }
        }
    }

    /**
     * The {@code n x n} identity.
     *
     * @param n the dimension, {@code >= 1}
     * @return the identity projection
     */
    public static Projection identity(int n) {
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1.0;
        }
        return new Projection(n, n, v);
    }

    /**
     * A copy of the row-major values.
     *
     * @return a new array
     */
    @Override
    public double[] values() {
        return values.clone();
    }

    /**
     * Applies the map, {@code O(rows * cols)}.
     *
     * @param x an input of length {@link #cols()}
     * @return a new array of length {@link #rows()}
     * @throws AttentionException {@code DIMENSION_MISMATCH} if the input length differs from
     *     {@code cols}
     */
    public double[] apply(float[] x) {
        if (x.length != cols) {
            throw AttentionException.dimension(
                    "projection expects dimension " + cols + " but the embedding has " + x.length);
        }
        double[] out = new double[rows];
        for (int r = 0, base = 0; r < rows; r++, base += cols) {
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += values[base + c] * x[c];
            }
            out[r] = s;
        }
        return out;
    }

    /** Applies a projection, or widens to double for the identity. */
    static double[] applyOrIdentity(@Nullable Projection p, float[] x) {
        if (p != null) {
            return p.apply(x);
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    long contentHash() {
        long h = Hashing.mix(Hashing.mix(0x5052_4f4aL, rows), cols);
        for (double v : values) {
            h = Hashing.mix(h, Double.doubleToLongBits(v));
        }
        return h;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Projection p && rows == p.rows && cols == p.cols && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Projection[" + rows + "x" + cols + "]";
    }
}
