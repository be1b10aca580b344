package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IVF index on crowded data: sparse vectors (24 of 256 slots, as plan vectors) drawn from
 * families whose sizes fall off like 1/rank, so plain k-means leaves a few very long lists. Checked
 * against brute force: list structure, scores and recall@5 of the exact search.
 */
class IvfBalanceTest {

    static final int D = 256;
    static final int ACTIVE = 24;

    static LongStream seeds() {
        return LongStream.range(0, 6).map(i -> 7919 * i + 11);
    }

    /** A unit vector on the first {@value #ACTIVE} slots: a family centre plus noise. */
    private static float[] member(SplittableRandom rnd, float[] centre, double noise) {
        float[] v = new float[D];
        double n2 = 0;
        for (int j = 0; j < ACTIVE; j++) {
            double x = centre[j] + noise * Dags.gaussian(rnd);
            v[j] = (float) x;
            n2 += x * x;
        }
        double norm = Math.sqrt(n2);
        for (int j = 0; j < ACTIVE; j++) {
            v[j] = (float) (v[j] / norm);
        }
        return v;
    }

    private static float[][] families(SplittableRandom rnd, int count) {
        float[][] centres = new float[count][];
        for (int f = 0; f < count; f++) {
            centres[f] = member(rnd, new float[D], 1.0);
        }
        return centres;
    }

    /** A family index with probability proportional to 1/(f + 1). */
    private static int zipf(SplittableRandom rnd, int count) {
        double h = 0;
        for (int f = 0; f < count; f++) {
            h += 1.0 / (f + 1);
        }
        double r = rnd.nextDouble() * h;
        for (int f = 0; f < count; f++) {
            r -= 1.0 / (f + 1);
            if (r < 0) {
                return f;
            }
        }
        return count - 1;
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void crowdedListsAreSplitAndSearchStaysAccurate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3000 + rnd.nextInt(2000);
        int families = 60 + rnd.nextInt(100);
        float[][] centres = families(rnd, families);
        IvfReasoningBank bank = (IvfReasoningBank) DagReasoningBank.create(
                SonaConfig.builder().mergeCosine(1.0).seed(seed).build());
        List<PatternCandidate> cands = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = member(rnd, centres[zipf(rnd, families)], 0.15);
            cands.add(PatternCandidate.of(v, rnd.nextDouble(), 0.5 + 0.5 * rnd.nextDouble(), 1));
        }
        bank.storeAll(cands);
        IvfReasoningBank.Snapshot s = bank.snapshot();
        String where = "seed " + seed + " (n=" + s.n + ", lists=" + s.k + ")";
        assertThat(s.n).as(where).isEqualTo(n);
        assertThat(s.k).as(where).isGreaterThan(0);

        // every row in exactly one list, its vector copied into the list-ordered block
        int[] seen = new int[s.n];
        for (int p = 0; p < s.n; p++) {
            int row = s.listRows[p];
            seen[row]++;
            for (int j = 0; j < D; j++) {
                assertThat(s.listVectors[p * D + j]).isEqualTo(s.vectors[row * D + j]);
            }
        }
        assertThat(seen).as(where).containsOnly(1);

        // the crowded families forced splits: more lists than k-means gave, none longer than 2T
        int trained = Math.min(SonaConfig.defaults().maxClusters(), n);
        assertThat(s.k).as(where).isGreaterThan(trained);
        assertThat(s.meanListSize).as(where).isEqualTo((n + trained - 1) / trained);
        for (int c = 0; c < s.k; c++) {
            assertThat(s.listStart[c + 1] - s.listStart[c])
                    .as(where + " list " + c)
                    .isLessThanOrEqualTo(2 * s.meanListSize);
        }

        // recall@5 of the index against a brute-force top-5 computed here
        int found = 0;
        int wanted = 0;
        double threshold = SonaConfig.defaults().similarityThreshold();
        for (int q = 0; q < 200; q++) {
            float[] query = member(rnd, centres[zipf(rnd, families)], 0.15);
            double[] qd = Dags.toDouble(query);
            Set<Long> truth = bruteForceTop5(s, query, threshold);
            wanted += truth.size();
            List<Pattern> ivf = bank.querySimilar(qd, 5);
            double last = Double.POSITIVE_INFINITY;
            for (Pattern p : ivf) {
                double cos = cosine(p.centroidRef(), query);
                assertThat(cos).as(where).isGreaterThanOrEqualTo(threshold - 1e-5);
                assertThat(cos).as(where + " best first").isLessThanOrEqualTo(last + 1e-5);
                last = cos;
                if (truth.contains(p.id())) {
                    found++;
                }
            }
            List<Long> exactIds = new ArrayList<>();
            for (Pattern p : bank.querySimilarExact(qd, 5)) {
                exactIds.add(p.id());
            }
            assertThat(new HashSet<>(exactIds)).as(where + " exact search").isEqualTo(truth);
        }
        double recall = (double) found / wanted;
        System.out.printf("IVF balance (%s): recall@5 = %.4f over %d hits%n", where, recall, wanted);
        assertThat(wanted).isGreaterThan(500);
        assertThat(recall).as(where).isGreaterThanOrEqualTo(0.95);
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < a.length; j++) {
            dot += (double) a[j] * b[j];
            na += (double) a[j] * a[j];
            nb += (double) b[j] * b[j];
        }
        return dot / Math.sqrt(na * nb);
    }

    /**
     * The ids of the five stored vectors most similar to q by cosine computed in double, those of
     * at least the threshold. (The noisy vectors make ties within float rounding improbable.)
     */
    private static Set<Long> bruteForceTop5(IvfReasoningBank.Snapshot s, float[] q, double threshold) {
        double[] cos = new double[s.n];
        Integer[] order = new Integer[s.n];
        for (int i = 0; i < s.n; i++) {
            order[i] = i;
            cos[i] = cosine(java.util.Arrays.copyOfRange(s.vectors, i * D, i * D + D), q);
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(cos[y], cos[x]));
        Set<Long> out = new HashSet<>();
        for (int i = 0; i < Math.min(5, s.n); i++) {
            if (cos[order[i]] >= threshold) {
                out.add(s.ids[order[i]]);
            }
        }
        return out;
    }
}
