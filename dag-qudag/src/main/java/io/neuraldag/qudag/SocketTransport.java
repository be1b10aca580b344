package io.neuraldag.qudag;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A {@link QuDagTransport} to one loopback node over TCP: 4-byte big-endian length framing (≤ 10
 * MiB), one persistent connection, JSON messages in which every request and every response is
 * ML-DSA-65 signed over (method, id, timestamp, params hash) and replay-checked by id. Only
 * loopback addresses are accepted. Methods: {@code node.status}, {@code node.peers}, {@code
 * dag.submit}, {@code dag.status}, {@code dag.validate}, {@code dag.finalized}, {@code ruv.*},
 * {@code gov.*} (and {@code dag.poll}, {@code dag.certificate} between nodes).
 *
 * <p>Calls run on the caller's thread with the request timeout of the node config (5 s by
 * default); {@link #awaitDecision} polls {@code dag.status} once per round timeout. Thread-safe
 * (requests are serialized on the connection).
 */
public final class SocketTransport implements QuDagTransport {
    private final Connection connection;
    private final Clock clock;
    private final RandomGenerator noise;
    private final Duration pollInterval;
    private volatile boolean open = true;

    private SocketTransport(Connection connection, Clock clock, RandomGenerator noise, Duration pollInterval) {
        this.connection = connection;
        this.clock = clock;
        this.noise = noise;
        this.pollInterval = pollInterval;
    }

    /**
     * Connects to a loopback node (lazily: the socket opens on the first call).
     *
     * @param address the node's 127.0.0.1 address
     * @param node the node's public identity (its responses must verify under it)
     * @param self the identity requests are signed with (must be a member)
     * @param timeout per-request timeout
     * @return the transport
     * @throws IllegalArgumentException if the address is not a loopback address
     */
    public static SocketTransport connect(
            InetSocketAddress address, PublicIdentity node, NodeIdentity self, Duration timeout) {
        return new SocketTransport(
                new Connection(address, node, self, Clock.systemUTC(), timeout),
                Clock.systemUTC(),
                new SecureRandom(),
                Duration.ofMillis(20));
    }

    static SocketTransport connect(
            InetSocketAddress address,
            PublicIdentity node,
            NodeIdentity self,
            Duration timeout,
            RandomGenerator noise,
            Duration poll) {
        return new SocketTransport(
                new Connection(address, node, self, Clock.systemUTC(), timeout), Clock.systemUTC(), noise, poll);
    }

    private <T> CompletableFuture<T> call(Supplier<T> s) {
        if (!open) {
            return CompletableFuture.failedFuture(QuDagException.disconnected("transport closed"));
        }
        try {
            return CompletableFuture.completedFuture(s.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public boolean isConnected() {
        return open;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public RandomGenerator noiseSource() {
        return noise;
    }

    @Override
    public CompletableFuture<NodeStatus> status() {
        return call(() -> {
            Map<String, Object> r = connection.call("node.status", Map.of());
            return new NodeStatus(
                    true,
                    Rpc.str(r, "node_id"),
                    (int) Rpc.num(r, "peers"),
                    Rpc.num(r, "round"),
                    Rpc.str(r, "sync"),
                    (int) Rpc.num(r, "version"),
                    Rpc.unb64(Rpc.str(r, "network_kem_key")));
        });
    }

    @Override
    public CompletableFuture<String> submit(SignedEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        return call(() -> Rpc.str(connection.call("dag.submit", Map.of("envelope", Rpc.envelope(envelope))), "id"));
    }

    private ProposalState state(String id) {
        Map<String, Object> r = connection.call("dag.status", Map.of("id", id));
        ConsensusStatus st;
        try {
            st = ConsensusStatus.valueOf(Rpc.str(r, "status"));
        } catch (IllegalArgumentException e) {
            throw QuDagException.invalid("unknown status");
        }
        return new ProposalState(
                id,
                st,
                (int) Rpc.num(r, "votes_for"),
                (int) Rpc.num(r, "votes_against"),
                (int) Rpc.num(r, "rounds"),
                Rpc.num(r, "finalized_round"),
                Rpc.num(r, "confidence_ppm") / 1e6,
                (int) Rpc.num(r, "validators"));
    }

    @Override
    public CompletableFuture<ProposalState> poll(String proposalId) {
        return call(() -> state(proposalId));
    }

    @Override
    public CompletableFuture<ProposalState> awaitDecision(String proposalId, Duration timeout) {
        return call(() -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            ProposalState s = state(proposalId);
            while (!s.status().isFinal() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw QuDagException.disconnected("interrupted while waiting");
                }
                s = state(proposalId);
            }
            return s;
        });
    }

    @Override
    public CompletableFuture<Validation> validate(String proposalId) {
        return call(() -> {
            Map<String, Object> r = connection.call("dag.validate", Map.of("id", proposalId));
            String validator = Rpc.str(r, "validator");
            return Rpc.bool(r, "accepted")
                    ? new Validation.Accepted(
                            Rpc.num(r, "quality_ppm") / 1e6, Rpc.num(r, "improvement_ppm") / 1e6, validator)
                    : new Validation.Rejected(Rpc.str(r, "reason"), validator);
        });
    }

    @Override
    public CompletableFuture<List<SyncedPattern>> fetchFinalized(long sinceRound, int limit) {
        return call(() -> {
            Map<String, Object> r =
                    connection.call("dag.finalized", Map.of("since", sinceRound, "limit", (long) limit));
            List<SyncedPattern> out = new ArrayList<>();
            for (Object o : Rpc.list(r, "patterns")) {
                if (!(o instanceof Map<?, ?> m)) {
                    throw QuDagException.invalid("pattern is not an object");
                }
                out.add(Rpc.pattern(Rpc.cast(m)));
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<Map<String, Object>> ledger(LedgerRequest request) {
        String method = switch (request.kind()) {
            case BALANCE -> "ruv.balance";
            case STAKE -> "ruv.stake";
            case UNSTAKE -> "ruv.unstake";
            case CLAIM -> "ruv.claim";
            case STAKING_INFO -> "ruv.info";
            case GOVERNANCE_CREATE -> "gov.create";
            case GOVERNANCE_VOTE -> "gov.vote";
            case GOVERNANCE_TALLY -> "gov.tally";
            case GOVERNANCE_FINALIZE -> "gov.finalize";
        };
        return call(() -> connection.call(method, Map.of("request", Rpc.ledgerRequest(request))));
    }

    @Override
    public CompletableFuture<List<String>> peers() {
        return call(() -> {
            List<String> out = new ArrayList<>();
            for (Object o : Rpc.list(connection.call("node.peers", Map.of()), "peers")) {
                out.add(String.valueOf(o));
            }
            return out;
        });
    }

    /**
     * Sends one raw request (tests: unknown methods, missing parameters).
     *
     * @param method the method
     * @param params the parameters
     * @return the result fields
     */
    Map<String, Object> raw(String method, Map<String, Object> params) {
        return connection.call(method, params);
    }

    @Override
    public void close() {
        open = false;
        connection.close();
    }

    @Override
    public String toString() {
        return "SocketTransport[open=" + open + "]";
    }
}
