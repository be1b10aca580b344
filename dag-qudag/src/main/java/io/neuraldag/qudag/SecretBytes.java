package io.neuraldag.qudag;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;
import javax.security.auth.Destroyable;

/**
 * Secret key material (a KEM or signature secret key, a shared secret, a derived key) that is
 * zeroed on {@link #destroy()} and never shown: {@link #toString()} prints only the length.
 *
 * <p>Equality is identity, so secrets never end up compared or hashed by value by accident. Access
 * goes through {@link #apply(Function)}, which hands out the live array for the duration of the call
 * only. Thread-safe: access and destruction are synchronized.
 */
public final class SecretBytes implements Destroyable, AutoCloseable {
    private final byte[] bytes;
    private boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Takes ownership of {@code bytes} (not copied; the caller must not keep a reference).
     *
     * @param bytes the secret
     * @return the wrapper
     */
    static SecretBytes adopt(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes"));
    }

    /**
     * Copies {@code bytes} into a new secret; the caller should zero its own copy.
     *
     * @param bytes the secret
     * @return the wrapper
     */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /**
     * The length in bytes.
     *
     * @return the length
     */
    public int length() {
        return bytes.length;
    }

    /**
     * Runs {@code action} on the live secret and returns its result. The array must not escape the
     * call.
     *
     * @param action what to do with the bytes
     * @param <T> the result type
     * @return the action's result
     * @throws IllegalStateException if destroyed
     */
    public synchronized <T> T apply(Function<byte[], T> action) {
        if (destroyed) {
            throw new IllegalStateException("secret destroyed");
        }
        return action.apply(bytes);
    }

    /**
     * A copy of the secret; the caller owns it and should zero it with {@link Arrays#fill(byte[],
     * byte)} when done.
     *
     * @return a copy
     * @throws IllegalStateException if destroyed
     */
    public byte[] copy() {
        return apply(byte[]::clone);
    }

    /** Zeroes the secret. Idempotent. */
    @Override
    public synchronized void destroy() {
        Arrays.fill(bytes, (byte) 0);
        destroyed = true;
    }

    @Override
    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    /** Same as {@link #destroy()}. */
    @Override
    public void close() {
        destroy();
    }

    /**
     * Never shows the secret.
     *
     * @return {@code SecretBytes[redacted, N bytes]}
     */
    @Override
    public String toString() {
        return "SecretBytes[redacted, " + bytes.length + " bytes]";
    }
}
