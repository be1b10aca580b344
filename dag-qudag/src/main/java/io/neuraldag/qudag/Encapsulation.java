package io.neuraldag.qudag;

import java.util.Objects;

/**
 * The result of ML-KEM encapsulation: the 1088-byte ciphertext for the recipient and the 32-byte
 * shared secret, zeroed by {@link #close()}. Thread-safe.
 */
public final class Encapsulation implements AutoCloseable {
    private final byte[] ciphertext;
    private final SecretBytes sharedSecret;

    Encapsulation(byte[] ciphertext, SecretBytes sharedSecret) {
        this.ciphertext = ciphertext.clone();
        this.sharedSecret = Objects.requireNonNull(sharedSecret, "sharedSecret");
    }

    /**
     * The KEM ciphertext (a copy).
     *
     * @return 1088 bytes
     */
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /**
     * The shared secret (owned by this object).
     *
     * @return 32 bytes
     */
    public SecretBytes sharedSecret() {
        return sharedSecret;
    }

    /** Zeroes the shared secret. */
    @Override
    public void close() {
        sharedSecret.destroy();
    }

    @Override
    public String toString() {
        return "Encapsulation[" + ciphertext.length + " bytes, secret redacted]";
    }
}
