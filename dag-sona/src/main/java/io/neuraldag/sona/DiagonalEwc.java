package io.neuraldag.sona;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@link EwcPlusPlus} with a diagonal Fisher in {@code double} arrays.
 *
 * <p>Invariants: {@code fisher[i] >= 0}; {@code tasks == 0} implies {@code fisher} all zero;
 * {@code pendingSum} holds {@code Σ g⊙g} over {@code pendingCount} samples. All state is guarded by
 * this object's monitor.
 */
final class DiagonalEwc implements EwcPlusPlus {

    private final int n;
    private final double lambda;
    private final double gamma;
    private final double[] fisher;
    private final double[] anchor;
    private final double[] pendingSum;
    private long pendingCount;
    private int tasks;

    DiagonalEwc(int n, double lambda, double gamma) {
        this.n = n;
        this.lambda = lambda;
        this.gamma = gamma;
        this.fisher = new double[n];
        this.anchor = new double[n];
        this.pendingSum = new double[n];
    }

    private void checkLength(int length, String name) {
        if (length != n) {
            throw new IllegalArgumentException(name + " must have length " + n + ": " + length);
        }
    }

    @Override
    public int parameterCount() {
        return n;
    }

    @Override
    public double lambda() {
        return lambda;
    }

    @Override
    public double gamma() {
        return gamma;
    }

    @Override
    public synchronized int taskCount() {
        return tasks;
    }

    @Override
    public synchronized double penalty(float[] theta) {
        checkLength(theta.length, "theta");
        if (tasks == 0) {
            return 0.0;
        }
        // four independent sums, so the additions overlap instead of waiting on one another
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double d0 = theta[i] - anchor[i];
            double d1 = theta[i + 1] - anchor[i + 1];
            double d2 = theta[i + 2] - anchor[i + 2];
            double d3 = theta[i + 3] - anchor[i + 3];
            s0 += fisher[i] * d0 * d0;
            s1 += fisher[i + 1] * d1 * d1;
            s2 += fisher[i + 2] * d2 * d2;
            s3 += fisher[i + 3] * d3 * d3;
        }
        for (; i < n; i++) {
            double d = theta[i] - anchor[i];
            s0 += fisher[i] * d * d;
        }
        return 0.5 * lambda * ((s0 + s1) + (s2 + s3));
    }

    @Override
    public synchronized void penaltyGradient(float[] theta, double[] out) {
        checkLength(theta.length, "theta");
        checkLength(out.length, "out");
        for (int i = 0; i < n; i++) {
            out[i] = lambda * fisher[i] * (theta[i] - anchor[i]);
        }
    }

    @Override
    public synchronized void accumulateGradient(float[] gradient) {
        checkLength(gradient.length, "gradient");
        LowRankAdapter.checkFinite(gradient, "gradient");
        for (int i = 0; i < n; i++) {
            double g = gradient[i];
            pendingSum[i] += g * g;
        }
        pendingCount++;
    }

    @Override
    public synchronized long pendingSamples() {
        return pendingCount;
    }

    @Override
    public synchronized double[] pendingFisher() {
        double[] f = new double[n];
        if (pendingCount > 0) {
            for (int i = 0; i < n; i++) {
                f[i] = pendingSum[i] / pendingCount;
            }
        }
        return f;
    }

    @Override
    public synchronized void consolidate(float[] theta) {
        consolidate(theta, pendingFisher());
    }

    @Override
    public synchronized void consolidate(float[] theta, double[] fisherNew) {
        Objects.requireNonNull(theta, "theta");
        Objects.requireNonNull(fisherNew, "fisherNew");
        checkLength(theta.length, "theta");
        checkLength(fisherNew.length, "fisherNew");
        LowRankAdapter.checkFinite(theta, "theta");
        for (int i = 0; i < n; i++) {
            if (!(fisherNew[i] >= 0) || !Double.isFinite(fisherNew[i])) {
                throw new IllegalArgumentException("fisherNew[" + i + "] must be finite and >= 0: " + fisherNew[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            fisher[i] = tasks == 0 ? fisherNew[i] : gamma * fisher[i] + (1 - gamma) * fisherNew[i];
            anchor[i] = theta[i];
        }
        tasks++;
        Arrays.fill(pendingSum, 0.0);
        pendingCount = 0;
    }

    @Override
    public synchronized void proximal(float[] thetaPrime, double eta) {
        checkLength(thetaPrime.length, "thetaPrime");
        if (!Double.isFinite(eta) || eta < 0) {
            throw new IllegalArgumentException("eta must be finite and >= 0: " + eta);
        }
        if (tasks == 0) {
            return;
        }
        double el = eta * lambda;
        for (int i = 0; i < n; i++) {
            double k = el * fisher[i];
            if (k != 0) {
                thetaPrime[i] = (float) ((thetaPrime[i] + k * anchor[i]) / (1 + k));
            }
        }
    }

    @Override
    public synchronized double[] fisher() {
        return fisher.clone();
    }

    @Override
    public synchronized double[] anchor() {
        return anchor.clone();
    }

    @Override
    public synchronized void reset() {
        Arrays.fill(fisher, 0);
        Arrays.fill(anchor, 0);
        Arrays.fill(pendingSum, 0);
        pendingCount = 0;
        tasks = 0;
    }

    @Override
    public synchronized EwcPlusPlus copy() {
        DiagonalEwc c = new DiagonalEwc(n, lambda, gamma);
        c.restore(fisher, anchor, tasks);
        System.arraycopy(pendingSum, 0, c.pendingSum, 0, n);
        c.pendingCount = pendingCount;
        return c;
    }

    /** Replaces the consolidated state (used by copy and state loading); pending samples are cleared. */
    synchronized void restore(double[] f, double[] a, int taskCount) {
        System.arraycopy(f, 0, fisher, 0, n);
        System.arraycopy(a, 0, anchor, 0, n);
        tasks = taskCount;
        Arrays.fill(pendingSum, 0);
        pendingCount = 0;
    }

    @Override
    public synchronized String toString() {
        return "EwcPlusPlus[n=" + n + ", lambda=" + lambda + ", gamma=" + gamma + ", tasks=" + tasks + "]";
    }
}
