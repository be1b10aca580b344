package io.neuraldag.postgres;

import io.neuraldag.qudag.NodeIdentity;
import io.neuraldag.qudag.QuDagTransport;

/**
 * How {@code qudag_connect(endpoint)} reaches a network: registered by name with {@link
 * NeuralDag.Builder#qudagNetwork}, it opens a dag-qudag transport whose requests are signed by the
 * connecting identity, e.g. {@code self -> SocketTransport.connect(address, node, self, timeout)}
 * for a loopback node. The facade owns and closes every transport it opened (on a new connect and
 * on {@link NeuralDag#close()}).
 *
 * <p>Implementations must be thread-safe; the facade calls {@link #open} under its own lock.
 */
@FunctionalInterface
public interface QuDagNetwork {
    /**
     * Opens a transport for {@code self}.
     *
     * @param self the identity that signs the requests
     * @return a new transport
     */
    QuDagTransport open(NodeIdentity self);
}
