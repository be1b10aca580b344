package io.neuraldag.qudag;

/**
 * What a node reports about itself.
 *
 * @param connected whether a network is behind the transport
 * @param nodeId the node's id
 * @param peers peers it knows
 * @param latestRound its latest round
 * @param sync synced, syncing, behind or disconnected
 * @param networkVersion wire version of this network ({@value #NETWORK_VERSION})
 * @param networkKemKey the ML-KEM-768 key proposals are sealed to (copied in and out)
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out
public record NodeStatus(
        boolean connected,
        String nodeId,
        int peers,
        long latestRound,
        String sync,
        int networkVersion,
        byte[] networkKemKey) {
    /** The wire version of this module's network. */
    public static final int NETWORK_VERSION = 1;

    /** Copies the key. */
    public NodeStatus {
        networkKemKey = networkKemKey.clone();
    }

    @Override
    public byte[] networkKemKey() {
        return networkKemKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeStatus s
                && connected == s.connected
                && nodeId.equals(s.nodeId)
                && peers == s.peers
                && latestRound == s.latestRound
                && sync.equals(s.sync)
                && networkVersion == s.networkVersion
                && java.util.Arrays.equals(networkKemKey, s.networkKemKey);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(nodeId, latestRound, sync);
    }

    @Override
    public String toString() {
        return "NodeStatus[" + nodeId + ", connected=" + connected + ", peers=" + peers + ", round " + latestRound
                + ", " + sync + "]";
    }
}
