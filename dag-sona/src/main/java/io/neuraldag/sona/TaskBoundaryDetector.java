package io.neuraldag.sona;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Detects a change of workload between background cycles (spec 02 §1.7, after the task-boundary
 * test of the SONA design notes): with μ the mean embedding and σ² the mean squared distance to it,
 * for the current task h and the cycle's trajectories r, {@code z = ‖μ_r − μ_h‖ / (½·√(σ²_h +
 * σ²_r))}. The test needs at least {@code minTrajectories} on both sides; {@code z > threshold} is a
 * boundary: the current task's summary is archived (at most {@code maxTasks} kept) and the cycle's
 * trajectories start the new task. Otherwise they are absorbed into the current task.
 *
 * <p>Sufficient statistics: the sum of embeddings and the sum of squared norms, so σ² = E‖x‖² −
 * ‖μ‖². Not thread-safe: the engine calls it only from the background cycle, under its lock.
 */
final class TaskBoundaryDetector {

    /** A finished task. */
    @SuppressWarnings("ArrayRecordComponent") // internal summary, never compared
    record TaskSummary(double[] mean, double spread, long count) {}

    /** The test's outcome. */
    record Outcome(double z, boolean boundary) {}

    private final int d;
    private final int minTrajectories;
    private final double threshold;
    private final int maxTasks;
    private double[] sum;
    private double squares;
    private long count;
    private final ArrayDeque<TaskSummary> archive = new ArrayDeque<>();

    TaskBoundaryDetector(int d, int minTrajectories, double threshold, int maxTasks) {
        this.d = d;
        this.minTrajectories = minTrajectories;
        this.threshold = threshold;
        this.maxTasks = maxTasks;
        this.sum = new double[d];
    }

    Outcome observe(List<float[]> embeddings) {
        int n = embeddings.size();
        double[] rSum = new double[d];
        double rSquares = 0;
        for (float[] e : embeddings) {
            for (int i = 0; i < d; i++) {
                rSum[i] += e[i];
                rSquares += (double) e[i] * e[i];
            }
        }
        if (n < minTrajectories || count < minTrajectories) {
            absorb(rSum, rSquares, n);
            return new Outcome(Double.NaN, false);
        }
        double dist2 = 0;
        double muR2 = 0;
        double muH2 = 0;
        for (int i = 0; i < d; i++) {
            double mr = rSum[i] / n;
            double mh = sum[i] / count;
            dist2 += (mr - mh) * (mr - mh);
            muR2 += mr * mr;
            muH2 += mh * mh;
        }
        double varR = Math.max(0, rSquares / n - muR2);
        double varH = Math.max(0, squares / count - muH2);
        double dist = Math.sqrt(dist2);
        double denom = 0.5 * Math.sqrt(varH + varR);
        double z;
        if (denom > 0) {
            z = dist / denom;
        } else {
            z = dist > 1e-9 ? Double.POSITIVE_INFINITY : 0.0;
        }
        if (z > threshold) {
            double[] mean = new double[d];
            for (int i = 0; i < d; i++) {
                mean[i] = sum[i] / count;
            }
            archive.addLast(new TaskSummary(mean, varH, count));
            while (archive.size() > maxTasks) {
                archive.removeFirst();
            }
            sum = rSum;
            squares = rSquares;
            count = n;
            return new Outcome(z, true);
        }
        absorb(rSum, rSquares, n);
        return new Outcome(z, false);
    }

    private void absorb(double[] rSum, double rSquares, int n) {
        for (int i = 0; i < d; i++) {
            sum[i] += rSum[i];
        }
        squares += rSquares;
        count += n;
    }

    int archivedTasks() {
        return archive.size();
    }

    long currentCount() {
        return count;
    }

    void reset() {
        sum = new double[d];
        squares = 0;
        count = 0;
        archive.clear();
    }
}
