package io.neuraldag.qudag;

import java.util.Objects;

/**
 * An ML-KEM-768 key pair: the 1184-byte encapsulation key and the 2400-byte decapsulation key,
 * which is zeroed by {@link #close()}. {@link #toString()} never shows the secret. Thread-safe.
 */
public final class KemKeyPair implements AutoCloseable {
    private final byte[] publicKey;
    private final SecretBytes secretKey;

    KemKeyPair(byte[] publicKey, SecretBytes secretKey) {
        this.publicKey = publicKey.clone();
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    }

    /**
     * The encapsulation key (a copy).
     *
     * @return 1184 bytes
     */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The decapsulation key (not a copy; owned by this pair).
     *
     * @return the 2400-byte secret
     */
    public SecretBytes secretKey() {
        return secretKey;
    }

    /** Zeroes the secret key. */
    @Override
    public void close() {
        secretKey.destroy();
    }

    @Override
    public String toString() {
        return "KemKeyPair[ML-KEM-768, secret redacted]";
    }
}
