package io.neuraldag.postgres;

/**
 * Whether the application is connected to a QuDAG node right now: the source of {@link
 * NeuralDag.StatusRow#qudagConnected()}. This module opens no QuDAG connection itself, so the
 * component that does (for example a dag-qudag node client) supplies one through {@link
 * NeuralDag.Builder#qudagStatus}. Without one the status says false.
 *
 * <p>{@link #connected()} is called on every {@code status()} from any thread: it must be
 * thread-safe, fast and must not block on the network (answer from the client's own state). An
 * exception it throws is reported as not connected.
 */
@FunctionalInterface
public interface QudagLinkStatus {

    /**
     * Whether a QuDAG node is connected.
     *
     * @return true while the link is up
     */
    boolean connected();

    /**
     * The source for an application without a QuDAG link.
     *
     * @return a source that always answers false
     */
    static QudagLinkStatus none() {
        return () -> false;
    }
}
