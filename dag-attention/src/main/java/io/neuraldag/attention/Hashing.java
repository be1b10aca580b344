package io.neuraldag.attention;

/*
 * 64-bit hash combination for configHash(): each step xors the next value into the state and runs
 * the SplitMix64 finalizer (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014), which is a bijection with full avalanche. The result depends only on
 * the sequence of values, so it is stable across processes.
 */
final class Hashing {
    private Hashing() {}

    static long mix(long h, long x) {
        long z = h ^ (x + 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long mixDouble(long h, double x) {
        // +0.0 and -0.0 are the same parameter
        return mix(h, Double.doubleToLongBits(x == 0.0 ? 0.0 : x));
    }
}
