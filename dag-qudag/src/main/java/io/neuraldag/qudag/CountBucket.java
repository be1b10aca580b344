package io.neuraldag.qudag;

/**
 * The coarse member count released instead of the exact count: FEW &lt; 10, SOME 10–50, MANY 51–200,
 * LOTS &gt; 200. Ordinals are part of the signed proposal bytes.
 */
public enum CountBucket {
    /** Fewer than 10 members (never released). */
    FEW,
    /** 10 to 50 members. */
    SOME,
    /** 51 to 200 members. */
    MANY,
    /** More than 200 members. */
    LOTS;

    /**
     * The bucket of {@code n}.
     *
     * @param n the member count, ≥ 0
     * @return the bucket
     */
    public static CountBucket of(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + n);
        }
        return n < 10 ? FEW : n <= 50 ? SOME : n <= 200 ? MANY : LOTS;
    }
}
