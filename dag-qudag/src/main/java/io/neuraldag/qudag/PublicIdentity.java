package io.neuraldag.qudag;

import java.util.Arrays;
import java.util.Objects;

/**
 * The public half of a {@link NodeIdentity}: node id, ML-DSA-65 verification key and ML-KEM-768
 * encapsulation key. The node id is bound to the signature key ({@link #nodeIdOf(byte[])}), so a
 * peer cannot claim someone else's id with its own key. Immutable and thread-safe.
 *
 * @param nodeId {@code qudag_} followed by 32 hex characters
 * @param dsaPublicKey 1952 bytes (copied in and out)
 * @param kemPublicKey 1184 bytes (copied in and out)
 */
@SuppressWarnings("ArrayRecordComponent") // arrays are cloned in and out; equals/hashCode compare contents
public record PublicIdentity(String nodeId, byte[] dsaPublicKey, byte[] kemPublicKey) {
    /** Prefix of every node id. */
    public static final String NODE_ID_PREFIX = "qudag_";

    /**
     * Validates lengths and the id binding.
     *
     * @throws QuDagException RV008 on a wrong key length or an id that is not derived from the key
     */
    public PublicIdentity {
        Objects.requireNonNull(nodeId, "nodeId");
        QuDagCrypto.checkLength("ML-DSA public key", dsaPublicKey, QuDagCrypto.DSA_PUBLIC_KEY_BYTES);
        QuDagCrypto.checkLength("ML-KEM public key", kemPublicKey, QuDagCrypto.KEM_PUBLIC_KEY_BYTES);
        dsaPublicKey = dsaPublicKey.clone();
        kemPublicKey = kemPublicKey.clone();
        if (!nodeId.equals(nodeIdOf(dsaPublicKey))) {
            throw QuDagException.crypto("node id " + nodeId + " is not bound to its ML-DSA key");
        }
    }

    /**
     * The node id of an ML-DSA public key: {@code qudag_} + hex of the first 16 bytes of its BLAKE3
     * hash.
     *
     * @param dsaPublicKey the key
     * @return the id
     */
    public static String nodeIdOf(byte[] dsaPublicKey) {
        return NODE_ID_PREFIX + Bytes.hex(Arrays.copyOf(QuDagCrypto.blake3(dsaPublicKey), 16));
    }

    @Override
    public byte[] dsaPublicKey() {
        return dsaPublicKey.clone();
    }

    @Override
    public byte[] kemPublicKey() {
        return kemPublicKey.clone();
    }

    byte[] dsaKeyRef() {
        return dsaPublicKey;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicIdentity p
                && nodeId.equals(p.nodeId)
                && Arrays.equals(dsaPublicKey, p.dsaPublicKey)
                && Arrays.equals(kemPublicKey, p.kemPublicKey);
    }

    @Override
    public int hashCode() {
        return nodeId.hashCode();
    }

    @Override
    public String toString() {
        return "PublicIdentity[" + nodeId + "]";
    }
}
