package io.neuraldag.core;

import java.util.HexFormat;

/**
 * A 128-bit DAG fingerprint: the first 16 bytes of a SHA-256 digest, as two big-endian longs.
 * Immutable and thread-safe.
 *
 * @param high bytes 0–7
 * @param low bytes 8–15
 */
public record Fingerprint(long high, long low) {

    /**
     * The 16 bytes, big-endian.
     *
     * @return a new array
     */
    public byte[] toBytes() {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (high >>> (56 - 8 * i));
            b[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return b;
    }

    /**
     * Parses 32 hexadecimal digits.
     *
     * @param hex the digits
     * @return the fingerprint
     * @throws IllegalArgumentException if the text is not 32 hex digits
     */
    public static Fingerprint fromHex(String hex) {
        if (hex.length() != 32) {
            throw new IllegalArgumentException("fingerprint must be 32 hex digits: " + hex);
        }
        return new Fingerprint(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    }

    /**
     * 32 lower-case hexadecimal digits.
     *
     * @return the hex form
     */
    public String toHex() {
        HexFormat f = HexFormat.of();
        return f.toHexDigits(high) + f.toHexDigits(low);
    }

    static Fingerprint of(byte[] digest) {
        long h = 0;
        long l = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (digest[i] & 0xFF);
            l = (l << 8) | (digest[8 + i] & 0xFF);
        }
        return new Fingerprint(h, l);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
