package io.neuraldag.qudag;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The service provider interface between a {@link QuDagClient} and one node of a network. The
 * client and the SQL layer see only this interface; node-to-node polling is internal to each
 * implementation. A transport is bound to the identity of the node it speaks for: everything it
 * submits is authenticated as that node, and a proposal signed by anyone else is refused (RV006).
 *
 * <p>Implementations: {@link InMemoryNetwork#transport(int)} (deterministic simulation), {@link
 * LoopbackCluster#transport(int)} (TCP on 127.0.0.1), {@link LocalOnlyTransport} (no network:
 * RV005). Futures fail with {@link QuDagException} (RV005 disconnected, RV006 authentication or
 * replay, RV007 stake, RV008 crypto, RV011 malformed) or {@link IllegalArgumentException} / {@link
 * IllegalStateException} from the ledger. Implementations are thread-safe.
 */
public interface QuDagTransport extends AutoCloseable {
    /**
     * Whether a network is behind this transport.
     *
     * @return connected
     */
    boolean isConnected();

    /**
     * The clock the network checks timestamps against (virtual in simulations).
     *
     * @return the clock
     */
    Clock clock();

    /**
     * The noise source for differential privacy: a {@link java.security.SecureRandom}, except in
     * simulations, which return a seeded generator so runs replay.
     *
     * @return the generator
     */
    RandomGenerator noiseSource();

    /**
     * The node's status, including the network key proposals are sealed to.
     *
     * @return the status
     */
    CompletableFuture<NodeStatus> status();

    /**
     * Submits a sealed proposal; the node validates it and starts consensus. Submitting the same
     * envelope again is a no-op that returns the same id.
     *
     * @param envelope the envelope
     * @return the proposal id
     */
    CompletableFuture<String> submit(SignedEnvelope envelope);

    /**
     * The proposal's state at this node.
     *
     * @param proposalId the id
     * @return the state
     */
    CompletableFuture<ProposalState> poll(String proposalId);

    /**
     * Waits until the proposal is decided at this node or {@code timeout} passes (virtual time in
     * simulations), then reports its state.
     *
     * @param proposalId the id
     * @param timeout the bound
     * @return the state
     */
    CompletableFuture<ProposalState> awaitDecision(String proposalId, Duration timeout);

    /**
     * This node's validation of a known proposal (spec 03 §3.5).
     *
     * @param proposalId the id
     * @return the validation
     */
    CompletableFuture<Validation> validate(String proposalId);

    /**
     * Finalized patterns with round ≥ {@code sinceRound}, oldest first.
     *
     * @param sinceRound the first round
     * @param limit most patterns
     * @return the patterns
     */
    CompletableFuture<List<SyncedPattern>> fetchFinalized(long sinceRound, int limit);

    /**
     * Executes a signed ledger operation.
     *
     * @param request the request
     * @return result fields (strings, longs, booleans)
     */
    CompletableFuture<Map<String, Object>> ledger(LedgerRequest request);

    /**
     * The node ids of this node's peers.
     *
     * @return the ids
     */
    CompletableFuture<List<String>> peers();

    /** Releases connections; further calls fail with RV005. */
    @Override
    void close();
}
