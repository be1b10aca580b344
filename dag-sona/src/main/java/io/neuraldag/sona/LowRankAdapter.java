package io.neuraldag.sona;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * {@link MicroLoRA} with plain primitive loops.
 *
 * <p>Invariants: {@code weights} always refers to an immutable pair of arrays of lengths d·r; it is
 * replaced, never mutated, under the monitor of this object. At d = 256, r = 2 a forward pass is 1024
 * multiply-adds, well below the size where a dense-algebra library pays for its call overhead, so
 * none is used.
 */
final class LowRankAdapter implements MicroLoRA {

    /** An immutable (A, B) pair; never compared, never exposed. */
    @SuppressWarnings("ArrayRecordComponent") // internal holder, arrays never escape
    private record Weights(float[] a, float[] b) {}

    private final int dim;
    private final int rank;
    private final double scale;
    private final LoraUpdateRule rule;
    private volatile Weights weights;

    LowRankAdapter(int dim, int rank, double scale, LoraUpdateRule rule, float[] a, float[] b) {
        this.dim = dim;
        this.rank = rank;
        this.scale = scale;
        this.rule = rule;
        this.weights = new Weights(a, b);
    }

    static LowRankAdapter random(int dim, int rank, double scale, LoraUpdateRule rule, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] a = new float[dim * rank];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextDouble(-INIT_BOUND, INIT_BOUND);
        }
        return new LowRankAdapter(dim, rank, scale, rule, a, new float[rank * dim]);
    }

    static void check(int dim, int rank, double scale, LoraUpdateRule rule) {
        Objects.requireNonNull(rule, "rule");
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be >= 1: " + dim);
        }
        if (rank < 1 || rank > 16) {
            throw new IllegalArgumentException("rank must be in [1, 16]: " + rank);
        }
        if (!Double.isFinite(scale) || scale <= 0) {
            throw new IllegalArgumentException("scale must be finite and > 0: " + scale);
        }
    }

    static void checkFinite(float[] v, String name) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + v[i]);
            }
        }
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public double scale() {
        return scale;
    }

    @Override
    public LoraUpdateRule rule() {
        return rule;
    }

    @Override
    public int parameterCount() {
        return 2 * dim * rank;
    }

    private void checkDim(float[] v, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != dim) {
            throw new IllegalArgumentException(name + " must have length " + dim + ": " + v.length);
        }
    }

    @Override
    public float[] forward(float[] x) {
        float[] out = new float[dim];
        forward(x, out);
        return out;
    }

    @Override
    public void forward(float[] x, float[] out) {
        checkDim(x, "x");
        checkDim(out, "out");
        if (out == x) {
            throw new IllegalArgumentException("out must not be x");
        }
        Weights w = weights;
        float[] h = new float[rank];
        project(x, w.a, h);
        float[] b = w.b;
        System.arraycopy(x, 0, out, 0, dim);
        for (int j = 0; j < rank; j++) {
            float hj = (float) (scale * h[j]);
            if (hj == 0f) {
                continue;
            }
            int row = j * dim;
            for (int i = 0; i < dim; i++) {
                out[i] += hj * b[row + i];
            }
        }
    }

    /** h = xA. */
    private void project(float[] x, float[] a, float[] h) {
        int r = rank;
        if (r == 2) {
            float h0 = 0f;
            float h1 = 0f;
            for (int i = 0, p = 0; i < dim; i++, p += 2) {
                float xi = x[i];
                h0 += xi * a[p];
                h1 += xi * a[p + 1];
            }
            h[0] = h0;
            h[1] = h1;
            return;
        }
        for (int j = 0; j < r; j++) {
            h[j] = 0f;
        }
        for (int i = 0; i < dim; i++) {
            float xi = x[i];
            if (xi == 0f) {
                continue;
            }
            int p = i * r;
            for (int j = 0; j < r; j++) {
                h[j] += xi * a[p + j];
            }
        }
    }

    @Override
    public boolean direction(float[] x, float[] g, float[] out) {
        checkDim(x, "x");
        checkDim(g, "g");
        Objects.requireNonNull(out, "out");
        if (out.length != parameterCount()) {
            throw new IllegalArgumentException("out must have length " + parameterCount() + ": " + out.length);
        }
        java.util.Arrays.fill(out, 0f);
        double norm2 = 0;
        for (float v : g) {
            norm2 += (double) v * v;
        }
        double norm = Math.sqrt(norm2);
        if (!(norm >= MIN_SIGNAL_NORM)) {
            return false;
        }
        float inv = (float) (1.0 / norm);
        Weights w = weights;
        int bOff = dim * rank;
        switch (rule) {
            case ONE_SIDED, TWO_SIDED -> {
                float[] h = new float[rank];
                project(x, w.a, h);
                for (int j = 0; j < rank; j++) {
                    float c = (float) (scale * h[j]) * inv;
                    int row = bOff + j * dim;
                    for (int i = 0; i < dim; i++) {
                        out[row + i] = c * g[i];
                    }
                }
                if (rule == LoraUpdateRule.TWO_SIDED) {
                    // u = ĝBᵀ (length r) with the current B; dA = s·xᵀu
                    float[] b = w.b;
                    for (int j = 0; j < rank; j++) {
                        double u = 0;
                        int row = j * dim;
                        for (int i = 0; i < dim; i++) {
                            u += (double) g[i] * b[row + i];
                        }
                        float uj = (float) (scale * u * inv);
                        if (uj == 0f) {
                            continue;
                        }
                        for (int i = 0; i < dim; i++) {
                            out[i * rank + j] = x[i] * uj;
                        }
                    }
                }
            }
            case LEGACY_UPSTREAM -> {
                float[] a = w.a;
                for (int j = 0; j < rank; j++) {
                    double col = 0;
                    for (int i = 0; i < dim; i++) {
                        col += a[i * rank + j];
                    }
                    float c = (float) col * inv;
                    int row = bOff + j * dim;
                    for (int i = 0; i < dim; i++) {
                        out[row + i] = c * g[i];
                    }
                }
            }
        }
        return true;
    }

    @Override
    public boolean adapt(float[] x, float[] g, double eta) {
        if (!Double.isFinite(eta)) {
            throw new IllegalArgumentException("eta must be finite: " + eta);
        }
        checkDim(x, "x");
        checkDim(g, "g");
        double norm2 = 0;
        for (float v : g) {
            norm2 += (double) v * v;
        }
        double norm = Math.sqrt(norm2);
        if (!(norm >= MIN_SIGNAL_NORM)) {
            return false;
        }
        float inv = (float) (1.0 / norm);
        float e = (float) eta;
        synchronized (this) {
            // θ += η·direction(x, g) with the same terms as direction(), without its θ-sized buffer;
            // A is shared with the old weights unless the rule changes it
            Weights w = weights;
            float[] a = w.a;
            float[] b = w.b.clone();
            switch (rule) {
                case ONE_SIDED, TWO_SIDED -> {
                    if (rule == LoraUpdateRule.TWO_SIDED) {
                        a = a.clone();
                        for (int j = 0; j < rank; j++) {
                            double u = 0;
                            int row = j * dim;
                            for (int i = 0; i < dim; i++) {
                                u += (double) g[i] * w.b[row + i];
                            }
                            float uj = (float) (scale * u * inv);
                            if (uj == 0f) {
                                continue;
                            }
                            for (int i = 0; i < dim; i++) {
                                a[i * rank + j] += e * (x[i] * uj);
                            }
                        }
                    }
                    float[] h = new float[rank];
                    project(x, w.a, h);
                    for (int j = 0; j < rank; j++) {
                        addScaled(b, j * dim, e, (float) (scale * h[j]) * inv, g);
                    }
                }
                case LEGACY_UPSTREAM -> {
                    for (int j = 0; j < rank; j++) {
                        double col = 0;
                        for (int i = 0; i < dim; i++) {
                            col += w.a[i * rank + j];
                        }
                        addScaled(b, j * dim, e, (float) col * inv, g);
                    }
                }
            }
            weights = new Weights(a, b);
        }
        return true;
    }

    /** {@code b[row + i] += e·(c·g[i])}: the update of one row of B, rounded as direction() does. */
    private void addScaled(float[] b, int row, float e, float c, float[] g) {
        for (int i = 0; i < dim; i++) {
            b[row + i] += e * (c * g[i]);
        }
    }

    @Override
    public float[] parameters() {
        Weights w = weights;
        float[] theta = new float[parameterCount()];
        System.arraycopy(w.a, 0, theta, 0, w.a.length);
        System.arraycopy(w.b, 0, theta, w.a.length, w.b.length);
        return theta;
    }

    @Override
    public void setParameters(float[] theta) {
        Objects.requireNonNull(theta, "theta");
        if (theta.length != parameterCount()) {
            throw new IllegalArgumentException("theta must have length " + parameterCount() + ": " + theta.length);
        }
        checkFinite(theta, "theta");
        int n = dim * rank;
        float[] a = new float[n];
        float[] b = new float[n];
        System.arraycopy(theta, 0, a, 0, n);
        System.arraycopy(theta, n, b, 0, n);
        synchronized (this) {
            weights = new Weights(a, b);
        }
    }

    @Override
    public MicroLoRA copy() {
        Weights w = weights;
        return new LowRankAdapter(dim, rank, scale, rule, w.a.clone(), w.b.clone());
    }

    @Override
    public String toString() {
        return "MicroLoRA[d=" + dim + ", r=" + rank + ", s=" + scale + ", rule=" + rule + "]";
    }
}
