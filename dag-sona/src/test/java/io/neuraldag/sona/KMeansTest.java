package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class KMeansTest {

    static LongStream seeds() {
        return LongStream.range(0, 200).map(i -> 31 * i + 5);
    }

    private static float[] randomData(SplittableRandom rnd, int n, int d) {
        float[] data = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] v = Dags.randomUnit(rnd, d);
            System.arraycopy(v, 0, data, i * d, d);
        }
        return data;
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void objectiveNeverIncreasesAndSameSeedSameResult(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 1 + rnd.nextInt(120);
        int d = 2 + rnd.nextInt(16);
        int k = 1 + rnd.nextInt(12);
        float[] data = randomData(rnd, n, d);
        KMeans.Result a = KMeans.run(data, n, d, null, k, 100, 1e-3, seed);
        KMeans.Result b = KMeans.run(data, n, d, null, k, 100, 1e-3, seed);
        assertThat(a.centres()).containsExactly(b.centres());
        assertThat(a.assignment()).containsExactly(b.assignment());
        double[] obj = a.objectives();
        for (int i = 1; i < obj.length; i++) {
            assertThat(obj[i]).as("seed %d iteration %d", seed, i).isLessThanOrEqualTo(obj[i - 1] * (1 + 1e-6) + 1e-9);
        }
        assertThat(a.k()).isEqualTo(Math.min(k, n));
        // every cluster is non-empty and every point sits at its nearest centre
        int[] size = new int[a.k()];
        for (int i = 0; i < n; i++) {
            size[a.assignment()[i]]++;
            double own = Vectors.distance2(data, i * d, a.centres(), a.assignment()[i] * d, d);
            for (int c = 0; c < a.k(); c++) {
                assertThat(own).isLessThanOrEqualTo(Vectors.distance2(data, i * d, a.centres(), c * d, d) + 1e-5);
            }
        }
        assertThat(size).doesNotContain(0);
        double recomputed = 0;
        for (int i = 0; i < n; i++) {
            recomputed += Vectors.distance2(data, i * d, a.centres(), a.assignment()[i] * d, d);
        }
        assertThat(a.objective()).isCloseTo(recomputed, org.assertj.core.data.Offset.offset(1e-6 * (1 + recomputed)));
    }

    @Test
    void firstCentreIsPointZero() {
        SplittableRandom rnd = new SplittableRandom(3);
        float[] data = randomData(rnd, 50, 8);
        KMeans.Result r = KMeans.run(data, 50, 8, null, 5, 0, 1e-3, 99);
        for (int j = 0; j < 8; j++) {
            assertThat(r.centres()[j]).isEqualTo(data[j]);
        }
        assertThat(r.iterations()).isZero();
    }

    @Test
    void separatedCategoriesAreRecoveredWithPurityOne() {
        SplittableRandom rnd = new SplittableRandom(11);
        int d = 64;
        int perCategory = 40;
        float[][] centres = new float[5][];
        for (int c = 0; c < 5; c++) {
            centres[c] = Dags.randomUnit(rnd, d);
        }
        int n = 5 * perCategory;
        float[] data = new float[n * d];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % 5;
            System.arraycopy(Dags.perturbed(rnd, centres[truth[i]], 0.1), 0, data, i * d, d);
        }
        KMeans.Result r = KMeans.run(data, n, d, null, 5, 100, 1e-3, 42);
        Map<Integer, Integer> clusterToTruth = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Integer prev = clusterToTruth.putIfAbsent(r.assignment()[i], truth[i]);
            assertThat(prev == null || prev == truth[i]).as("point %d", i).isTrue();
        }
        assertThat(clusterToTruth).hasSize(5);
    }

    @Test
    void duplicatesCollapseAndWeightsCount() {
        int d = 3;
        float[] data = {1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0};
        KMeans.Result r = KMeans.run(data, 4, d, null, 4, 100, 1e-3, 1);
        assertThat(r.k()).isEqualTo(2);
        assertThat(r.objective()).isZero();
        // weighted: the heavier point pulls the single centre toward itself
        float[] two = {0, 0, 0, 1, 0, 0};
        KMeans.Result w = KMeans.run(two, 2, d, new double[] {3, 1}, 1, 100, 1e-6, 1);
        assertThat(w.centres()[0]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void emptyClusterIsReseeded() {
        // 1-d points: two far outliers seed centres; after the first update one centre loses its points
        float[] data = {0f, 0.1f, 0.2f, 10f, 10.1f, 5.05f};
        KMeans.Result r = KMeans.run(data, 6, 1, null, 3, 100, 1e-6, 7);
        int[] size = new int[r.k()];
        for (int a : r.assignment()) {
            size[a]++;
        }
        assertThat(size).doesNotContain(0);
    }
}
