package io.neuraldag.qudag;

/**
 * Argon2id cost parameters of a {@link FileKeystore} (RFC 9106).
 *
 * @param memoryKiB memory in KiB, 8…4 194 304 (default 65 536 = 64 MiB)
 * @param iterations passes t, 1…16 (default 3)
 * @param parallelism lanes p, 1…8 (default 1)
 */
public record KeystoreParams(int memoryKiB, int iterations, int parallelism) {
    /**
     * Validates the ranges.
     *
     * @throws IllegalArgumentException naming the field and value
     */
    public KeystoreParams {
        if (memoryKiB < 8 || memoryKiB > 4_194_304) {
            throw new IllegalArgumentException("memoryKiB must be in [8, 4194304], got " + memoryKiB);
        }
        if (iterations < 1 || iterations > 16) {
            throw new IllegalArgumentException("iterations must be in [1, 16], got " + iterations);
        }
        if (parallelism < 1 || parallelism > 8) {
            throw new IllegalArgumentException("parallelism must be in [1, 8], got " + parallelism);
        }
        if (memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("memoryKiB must be at least 8 * parallelism, got " + memoryKiB);
        }
    }

    /**
     * The spec's parameters: 64 MiB, t = 3, p = 1 (about 0.3 s per unlock on one core).
     *
     * @return the defaults
     */
    public static KeystoreParams defaults() {
        return new KeystoreParams(65_536, 3, 1);
    }
}
