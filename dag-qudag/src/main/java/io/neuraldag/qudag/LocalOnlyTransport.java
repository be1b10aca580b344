package io.neuraldag.qudag;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * No network at all: every network operation fails with RV005, while local differential privacy
 * and crypto keep working. The fallback when no endpoint is configured. Stateless and thread-safe.
 */
public final class LocalOnlyTransport implements QuDagTransport {
    private final Clock clock;

    private LocalOnlyTransport(Clock clock) {
        this.clock = clock;
    }

    /**
     * A local-only transport on the system clock.
     *
     * @return the transport
     */
    public static LocalOnlyTransport create() {
        return new LocalOnlyTransport(Clock.systemUTC());
    }

    private static <T> CompletableFuture<T> disconnected() {
        return CompletableFuture.failedFuture(
                QuDagException.disconnected("local-only mode: no QuDAG network configured"));
    }

    @Override
    public boolean isConnected() {
        return false;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public RandomGenerator noiseSource() {
        return new SecureRandom();
    }

    @Override
    public CompletableFuture<NodeStatus> status() {
        return disconnected();
    }

    @Override
    public CompletableFuture<String> submit(SignedEnvelope envelope) {
        return disconnected();
    }

    @Override
    public CompletableFuture<ProposalState> poll(String proposalId) {
        return disconnected();
    }

    @Override
    public CompletableFuture<ProposalState> awaitDecision(String proposalId, Duration timeout) {
        return disconnected();
    }

    @Override
    public CompletableFuture<Validation> validate(String proposalId) {
        return disconnected();
    }

    @Override
    public CompletableFuture<List<SyncedPattern>> fetchFinalized(long sinceRound, int limit) {
        return disconnected();
    }

    @Override
    public CompletableFuture<Map<String, Object>> ledger(LedgerRequest request) {
        return disconnected();
    }

    @Override
    public CompletableFuture<List<String>> peers() {
        return disconnected();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "LocalOnlyTransport";
    }
}
