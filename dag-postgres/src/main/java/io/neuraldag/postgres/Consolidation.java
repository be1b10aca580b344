package io.neuraldag.postgres;

import io.neuraldag.sona.Pattern;
import io.neuraldag.sona.PatternCandidate;
import java.util.ArrayList;
import java.util.List;

/*
 * dag_consolidate_patterns: greedy agglomerative merging by cosine similarity of centroids. Each
 * step merges the most similar pair (i, j): the centroid becomes the sample-weighted mean, quality
 * and confidence the sample-weighted means, samples add up, the tallies add up, and the parameters
 * and mean metrics are those of the larger member. Each cluster keeps its nearest neighbour, so a
 * step costs O(n·d) to find the pair plus O(n·d) for each cluster whose neighbour changed:
 * O(n²·d) to start and about O(n·d) per merge in practice.
 */
final class Consolidation {
    private Consolidation() {}

    static List<PatternCandidate> merge(List<Pattern> patterns, int target) {
        int n = patterns.size();
        float[][] c = new float[n][];
        double[] q = new double[n];
        double[] conf = new double[n];
        int[] samples = new int[n];
        PatternCandidate[] base = new PatternCandidate[n];
        boolean[] alive = new boolean[n];
        for (int i = 0; i < n; i++) {
            Pattern p = patterns.get(i);
            c[i] = p.centroid();
            q[i] = p.quality();
            conf[i] = p.confidence();
            samples[i] = Math.max(1, p.sampleCount());
            base[i] = new PatternCandidate(
                    p.centroid(), p.quality(), p.confidence(), p.sampleCount(), p.tally(), p.params(), p.meanMetrics());
            alive[i] = true;
        }
        int[] nn = new int[n];
        double[] nnSim = new double[n];
        for (int i = 0; i < n; i++) {
            nearest(i, c, alive, nn, nnSim);
        }
        int count = n;
        while (count > target) {
            int best = -1;
            for (int i = 0; i < n; i++) {
                if (alive[i] && nn[i] >= 0 && (best < 0 || nnSim[i] > nnSim[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            int i = best;
            int j = nn[i];
            double wi = samples[i];
            double wj = samples[j];
            float[] m = new float[c[i].length];
            for (int d = 0; d < m.length; d++) {
                m[d] = (float) ((wi * c[i][d] + wj * c[j][d]) / (wi + wj));
            }
            PatternCandidate larger = wi >= wj ? base[i] : base[j];
            c[i] = m;
            q[i] = (wi * q[i] + wj * q[j]) / (wi + wj);
            conf[i] = (wi * conf[i] + wj * conf[j]) / (wi + wj);
            samples[i] += samples[j];
            base[i] = new PatternCandidate(
                    m,
                    q[i],
                    conf[i],
                    samples[i],
                    base[i].tally().plus(base[j].tally()),
                    larger.params(),
                    larger.meanMetrics());
            alive[j] = false;
            count--;
            for (int k = 0; k < n; k++) {
                if (alive[k] && (k == i || nn[k] == i || nn[k] == j)) {
                    nearest(k, c, alive, nn, nnSim);
                }
            }
        }
        List<PatternCandidate> out = new ArrayList<>(count);
        for (int i = 0; i < n; i++) {
            if (alive[i]) {
                out.add(base[i]);
            }
        }
        return out;
    }

    private static void nearest(int i, float[][] c, boolean[] alive, int[] nn, double[] nnSim) {
        int best = -1;
        double sim = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c.length; k++) {
            if (k != i && alive[k]) {
                double s = PgNeuralDag.cosine(c[i], c[k]);
                if (s > sim) {
                    sim = s;
                    best = k;
                }
            }
        }
        nn[i] = best;
        nnSim[i] = sim;
    }
}
