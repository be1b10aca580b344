package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VectorsTest {

    static LongStream seeds() {
        return LongStream.range(0, 300).map(i -> 104_729 * i + 3);
    }

    /** The prepared sparse query gives the dense dot product's float, bit for bit, at any offset. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void sparseDotIsTheDenseDot(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 1 + rnd.nextInt(rnd.nextBoolean() ? 12 : 300);
        double density = rnd.nextDouble() * 0.5;
        float[] q = new float[d + 3];
        int qo = rnd.nextInt(4);
        int nnz = 0;
        for (int j = 0; j < d; j++) {
            if (rnd.nextDouble() < density) {
                q[qo + j] = (float) (rnd.nextDouble() * 2 - 1);
                nnz++;
            } else if (rnd.nextInt(20) == 0) {
                q[qo + j] = -0.0f;
            }
        }
        Vectors.Sparse sq = Vectors.Sparse.ofIfSparse(q, qo, d);
        assertThat(sq == null).as("seed %d", seed).isEqualTo(2 * nnz > d);
        if (sq == null) {
            return;
        }
        int rows = 1 + rnd.nextInt(5);
        float[] a = new float[rows * d + 7];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 4 - 2) * (rnd.nextInt(3) == 0 ? 1e-3f : 1f);
        }
        for (int r = 0; r < rows; r++) {
            int ao = r * d + rnd.nextInt(8);
            float dense = Vectors.dot(a, ao, q, qo, d);
            assertThat(Float.floatToIntBits(sq.dot(a, ao)))
                    .as("seed %d row %d", seed, r)
                    .isEqualTo(Float.floatToIntBits(dense));
        }
    }

    /** More than half non-zero: no sparse form, and the two-way helper falls back to the dense dot. */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void denseQueriesUseTheDenseDot(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 2 + rnd.nextInt(64);
        float[] q = Dags.randomUnit(rnd, d);
        float[] a = Dags.randomUnit(rnd, d);
        assertThat(Vectors.Sparse.ofIfSparse(q, 0, d)).isNull();
        assertThat(Vectors.dot(a, 0, q, null, d)).isEqualTo(Vectors.dot(a, 0, q, 0, d));
    }

    /**
     * Four rows at once, dense and through the sparse form, give {@code dot}'s float for each row
     * bit for bit, at any offset and length (the tail of fewer than four coordinates included).
     */
    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void fourRowDotsAreTheSingleRowDots(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int d = 1 + rnd.nextInt(rnd.nextBoolean() ? 12 : 300);
        double density = rnd.nextBoolean() ? 1.0 : rnd.nextDouble() * 0.5;
        float[] q = new float[d + 5];
        int qo = rnd.nextInt(4);
        for (int j = 0; j < d; j++) {
            if (rnd.nextDouble() < density) {
                q[qo + j] = (float) (rnd.nextDouble() * 2 - 1);
            } else if (rnd.nextInt(20) == 0) {
                q[qo + j] = -0.0f;
            }
        }
        float[] a = new float[4 * d + 9];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (rnd.nextDouble() * 4 - 2) * (rnd.nextInt(3) == 0 ? 1e-3f : 1f);
        }
        int ao = rnd.nextInt(9);
        float[] out = new float[4];
        Vectors.dot4(a, ao, q, qo, d, out);
        for (int r = 0; r < 4; r++) {
            assertThat(Float.floatToIntBits(out[r]))
                    .as("seed %d row %d (dense)", seed, r)
                    .isEqualTo(Float.floatToIntBits(Vectors.dot(a, ao + r * d, q, qo, d)));
        }
        float[] q0 = java.util.Arrays.copyOfRange(q, qo, qo + d);
        Vectors.Sparse sq = Vectors.Sparse.ofIfSparse(q0, 0, d);
        float[] viaHelper = new float[4];
        Vectors.dot4(a, ao, q0, sq, d, viaHelper);
        for (int r = 0; r < 4; r++) {
            double exact = 0;
            for (int j = 0; j < d; j++) {
                exact += (double) a[ao + r * d + j] * q0[j];
            }
            assertThat(Float.floatToIntBits(viaHelper[r]))
                    .as("seed %d row %d (%s)", seed, r, sq == null ? "dense" : "sparse")
                    .isEqualTo(Float.floatToIntBits(out[r]));
            // and the float sum is close to the exact one (an independent check of the arithmetic)
            assertThat((double) out[r]).isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-4 * (1 + d)));
        }
    }
}
