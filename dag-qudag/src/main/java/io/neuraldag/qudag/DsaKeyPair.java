package io.neuraldag.qudag;

import java.util.Objects;

/**
 * An ML-DSA-65 key pair: the 1952-byte public key and the 4032-byte secret key,
 * which is zeroed by {@link #close()}. {@link #toString()} never shows the secret. Thread-safe.
 */
public final class DsaKeyPair implements AutoCloseable {
    private final byte[] publicKey;
    private final SecretBytes secretKey;

    DsaKeyPair(byte[] publicKey, SecretBytes secretKey) {
        this.publicKey = publicKey.clone();
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    }

    /**
     * The public key (a copy).
     *
     * @return 1952 bytes
     */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The signing key (not a copy; owned by this pair).
     *
     * @return the 4032-byte secret
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
        return "DsaKeyPair[ML-DSA-65, secret redacted]";
    }
}
