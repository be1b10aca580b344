package io.neuraldag.bench;

import java.util.Arrays;
import java.util.List;

/* Order statistics and q-error. */
final class Stats {
    private Stats() {}

    /* The q-th quantile (0..1) by linear interpolation between closest ranks; NaN for no values. */
    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }

    static double median(List<Double> values) {
        return quantile(values, 0.5);
    }

    /* max(p/a, a/p), both floored at floor so near-zero latencies do not dominate. */
    static double qError(double predicted, double actual, double floor) {
        double p = Math.max(predicted, floor);
        double a = Math.max(actual, floor);
        return Math.max(p / a, a / p);
    }

    static double sum(List<Double> values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /* Running sums. */
    static List<Double> cumulative(List<Double> values) {
        double s = 0;
        java.util.ArrayList<Double> out = new java.util.ArrayList<>(values.size());
        for (double v : values) {
            s += v;
            out.add(s);
        }
        return out;
    }
}
