package io.neuraldag.qudag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic simulated network of n nodes on a virtual clock (spec 03 §3.7): the test network
 * of M6. Every node runs the real admission, validation, Snowball and ledger code; only the wire is
 * simulated. The seed fixes sampling, message loss, latency, Byzantine choices and the noise
 * sources handed to clients, so equal configurations give equal runs.
 *
 * <p>Each {@link #step()} is one global round: the clock advances by the round timeout, and every
 * honest node polls k_eff = min(k, available) peers (uniformly, excluding itself and peers it has
 * excluded) for each undecided proposal. A query and its answer are each lost with the drop
 * probability or across a partition, and each takes a seeded latency; an answer counts if it is
 * back within the round timeout. A poll not answered within the per-try timeout {@link
 * SnowballParams#tryTimeout()} is sent again to the same peer, at most {@link
 * SnowballParams#maxRetries()} times, all within the round (see {@link SnowballParams}). Nodes that decide
 * broadcast a certificate of the votes they counted; receivers cross-check it, which exposes
 * voters that told different nodes different things. Links are authenticated (a node cannot inject
 * a message as another), which is what lets the network attribute a forged or replayed vote to its
 * sender; votes, proposals and ledger operations are still ML-DSA signed and verified. Verification
 * results are memoized per vote object, which changes nothing but the cost (verification is a pure
 * function of the bytes).
 *
 * <p>Byzantine behaviours: {@link Byzantine#FLIP} answers the opposite of its previous answer every
 * time; {@link Byzantine#EQUIVOCATE} answers accept to even-indexed and reject to odd-indexed
 * nodes; {@link Byzantine#FORGE} answers with votes claiming to be from an honest node; {@link
 * Byzantine#REPLAY} answers with other nodes' earlier votes. Byzantine nodes do not poll.
 *
 * <p>Thread-safe: all operations synchronize on the network; runs are single-threaded.
 */
public final class InMemoryNetwork implements AutoCloseable {
    /** Misbehaviours of simulated Byzantine nodes. */
    public enum Byzantine {
        /** Alternates its answer on every poll. */
        FLIP,
        /** Answers accept to even-indexed nodes and reject to odd-indexed ones. */
        EQUIVOCATE,
        /** Answers with votes that claim to be from an honest node. */
        FORGE,
        /** Answers with other voters' earlier votes. */
        REPLAY
    }

    /**
     * Network parameters.
     *
     * @param nodes n, 2…1000
     * @param seed the simulation seed
     * @param qudag node configuration
     * @param dropRate probability that one message is lost, [0, 1)
     * @param latencyMin smallest one-way latency (virtual)
     * @param latencyMax largest one-way latency (virtual), ≥ latencyMin
     * @param byzantine misbehaving nodes by index
     * @param start the virtual start time
     * @param identities node identities to reuse (empty: derived from the seed; else exactly n)
     */
    public record Config(
            int nodes,
            long seed,
            QudagConfig qudag,
            double dropRate,
            Duration latencyMin,
            Duration latencyMax,
            Map<Integer, Byzantine> byzantine,
            Instant start,
            List<NodeIdentity> identities) {
        /** Validates and copies. */
        public Config {
            Objects.requireNonNull(qudag, "qudag");
            Objects.requireNonNull(start, "start");
            if (nodes < 2 || nodes > 1000) {
                throw new IllegalArgumentException("nodes must be in [2, 1000], got " + nodes);
            }
            if (!(dropRate >= 0 && dropRate < 1)) {
                throw new IllegalArgumentException("dropRate must be in [0, 1), got " + dropRate);
            }
            if (latencyMin.isNegative() || latencyMax.compareTo(latencyMin) < 0) {
                throw new IllegalArgumentException("need 0 <= latencyMin <= latencyMax");
            }
            byzantine = Map.copyOf(byzantine);
            for (int i : byzantine.keySet()) {
                if (i < 0 || i >= nodes) {
                    throw new IllegalArgumentException("Byzantine index " + i + " outside [0, " + nodes + ")");
                }
            }
            identities = List.copyOf(identities);
            if (!identities.isEmpty() && identities.size() != nodes) {
                throw new IllegalArgumentException("identities must be empty or exactly " + nodes);
            }
        }

        /**
         * n honest nodes, no loss, 1–10 ms latency, default node config, start 2026-01-01T00:00Z.
         *
         * @param nodes n
         * @param seed the seed
         * @return the config
         */
        public static Config of(int nodes, long seed) {
            return new Config(
                    nodes,
                    seed,
                    QudagConfig.defaults(),
                    0,
                    Duration.ofMillis(1),
                    Duration.ofMillis(10),
                    Map.of(),
                    Instant.parse("2026-01-01T00:00:00Z"),
                    List.of());
        }

        /**
         * With another node config.
         *
         * @param q the config
         * @return a copy
         */
        public Config withQudag(QudagConfig q) {
            return new Config(nodes, seed, q, dropRate, latencyMin, latencyMax, byzantine, start, identities);
        }

        /**
         * With a drop rate.
         *
         * @param p in [0, 1)
         * @return a copy
         */
        public Config withDropRate(double p) {
            return new Config(nodes, seed, qudag, p, latencyMin, latencyMax, byzantine, start, identities);
        }

        /**
         * With Byzantine nodes.
         *
         * @param b by index
         * @return a copy
         */
        public Config withByzantine(Map<Integer, Byzantine> b) {
            return new Config(nodes, seed, qudag, dropRate, latencyMin, latencyMax, b, start, identities);
        }

        /**
         * With pre-made identities (saves key generation across many runs).
         *
         * @param ids exactly n identities
         * @return a copy
         */
        public Config withIdentities(List<NodeIdentity> ids) {
            return new Config(nodes, seed, qudag, dropRate, latencyMin, latencyMax, byzantine, start, ids);
        }
    }

    /**
     * Message counters.
     *
     * @param sent messages attempted
     * @param delivered messages delivered in time
     * @param lost messages dropped, late or cut by a partition
     */
    public record Stats(long sent, long delivered, long lost) {}

    private final Config config;
    private final VirtualClock clock;
    private final SplittableRandom random;
    private final List<NodeIdentity> identities;
    private final List<QuDagNode> nodes = new ArrayList<>();
    private final Map<String, PublicIdentity> directory = new HashMap<>();
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final TokenLedger ledger;
    private final NodeIdentity networkKey;
    private final IdentityHashMap<Vote, Boolean> verified = new IdentityHashMap<>();
    private final Map<String, Map<Boolean, Vote>> byzantineVotes = new HashMap<>();
    private final Map<String, Boolean> flipState = new HashMap<>();
    private final List<Vote> voteLog = new ArrayList<>();
    private int[] partitionOf;
    private long round;
    private long sent;
    private long delivered;
    private long lost;
    private boolean closed;

    private InMemoryNetwork(Config config) {
        this.config = config;
        this.clock = new VirtualClock(config.start());
        this.random = new SplittableRandom(config.seed());
        this.identities = new ArrayList<>(config.identities());
        if (identities.isEmpty()) {
            for (int i = 0; i < config.nodes(); i++) {
                identities.add(NodeIdentity.fromSeed(config.seed() * 1_000_003L + i));
            }
        }
        this.networkKey = NodeIdentity.fromSeed(config.seed() * 1_000_003L - 1);
        this.ledger = TokenLedger.create(config.qudag().tokens(), clock);
        for (int i = 0; i < identities.size(); i++) {
            NodeIdentity id = identities.get(i);
            directory.put(id.nodeId(), id.publicIdentity());
            indexOf.put(id.nodeId(), i);
            if (config.qudag().genesisMicros() > 0) {
                ledger.mintGenesis(id.nodeId(), config.qudag().genesisMicros());
            }
        }
        QuDagNode.VoteVerifier memo = (v, who) -> {
            synchronized (verified) {
                return verified.computeIfAbsent(v, x -> x.verify(who.dsaKeyRef()));
            }
        };
        for (NodeIdentity id : identities) {
            nodes.add(
                    new QuDagNode(id, networkKey, config.qudag(), config.nodes(), clock, ledger, directory::get, memo));
        }
        this.partitionOf = new int[config.nodes()];
    }

    /**
     * Creates a network; identities are derived from the seed unless given (about 2 ms per node).
     *
     * @param config the parameters
     * @return the network
     */
    public static InMemoryNetwork create(Config config) {
        return new InMemoryNetwork(Objects.requireNonNull(config, "config"));
    }

    /**
     * Number of nodes.
     *
     * @return n
     */
    public int size() {
        return nodes.size();
    }

    /**
     * Node {@code i}'s identity.
     *
     * @param i the index
     * @return the identity
     */
    public NodeIdentity identity(int i) {
        return identities.get(i);
    }

    /**
     * Whether node {@code i} is configured Byzantine.
     *
     * @param i the index
     * @return whether it misbehaves
     */
    public boolean isByzantine(int i) {
        return config.byzantine().containsKey(i);
    }

    /**
     * The shared ledger (a simulation of a replicated ledger; every node sees the same state).
     *
     * @return the ledger
     */
    public TokenLedger ledger() {
        return ledger;
    }

    /**
     * The virtual clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * The current global round.
     *
     * @return the round
     */
    public synchronized long round() {
        return round;
    }

    /**
     * Message counters so far.
     *
     * @return the counters
     */
    public synchronized Stats stats() {
        return new Stats(sent, delivered, lost);
    }

    /**
     * Splits the network: nodes in different groups cannot reach each other; unlisted nodes form one
     * more group.
     *
     * @param groups disjoint sets of node indices
     */
    @SafeVarargs
    public final synchronized void partition(Set<Integer>... groups) {
        int[] p = new int[nodes.size()];
        java.util.Arrays.fill(p, groups.length);
        for (int g = 0; g < groups.length; g++) {
            for (int i : groups[g]) {
                p[i] = g;
            }
        }
        partitionOf = p;
    }

    /** Removes every partition. */
    public synchronized void heal() {
        partitionOf = new int[nodes.size()];
    }

    /**
     * A transport that speaks for node {@code i}.
     *
     * @param i the index
     * @return the transport
     */
    public QuDagTransport transport(int i) {
        Objects.checkIndex(i, nodes.size());
        return new Transport(i);
    }

    /**
     * Node {@code i}'s view of a proposal.
     *
     * @param i the index
     * @param proposalId the id
     * @return the state
     * @throws QuDagException RV011 if node i does not know the proposal
     */
    public synchronized ProposalState state(int i, String proposalId) {
        return nodes.get(i).state(proposalId);
    }

    /**
     * Whether node {@code i} knows the proposal.
     *
     * @param i the index
     * @param proposalId the id
     * @return whether it was admitted there
     */
    public synchronized boolean knows(int i, String proposalId) {
        return nodes.get(i).knows(proposalId);
    }

    /**
     * The voters node {@code i} has proven Byzantine.
     *
     * @param i the index
     * @return node ids
     */
    public synchronized Set<String> flaggedByzantine(int i) {
        return nodes.get(i).byzantine();
    }

    /**
     * Finalized patterns at node {@code i}.
     *
     * @param i the index
     * @return how many proposals it finalized as accepted
     */
    public synchronized int finalizedCount(int i) {
        return nodes.get(i).finalizedCount();
    }

    /** Runs one global round. */
    public synchronized void step() {
        requireOpen();
        round++;
        clock.advance(config.qudag().snowball().roundTimeout());
        List<QuDagNode.Certificate> certificates = new ArrayList<>();
        List<Integer> certFrom = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (isByzantine(i)) {
                continue;
            }
            QuDagNode node = nodes.get(i);
            node.setRound(round);
            for (SignedEnvelope env : node.undecided()) {
                List<Integer> sampled = sample(i, node);
                List<String> sampledIds = new ArrayList<>(sampled.size());
                List<Arrival> arrivals = new ArrayList<>();
                for (int j : sampled) {
                    sampledIds.add(identities.get(j).nodeId());
                    poll(i, j, env, arrivals);
                }
                arrivals.sort(null);
                List<QuDagNode.Answer> answers = new ArrayList<>(arrivals.size());
                for (Arrival a : arrivals) {
                    answers.add(a.answer());
                }
                QuDagNode.Certificate c = node.applyRound(env.id(), sampledIds, answers);
                if (c != null) {
                    certificates.add(c);
                    certFrom.add(i);
                }
            }
        }
        for (int c = 0; c < certificates.size(); c++) {
            int from = certFrom.get(c);
            for (int j = 0; j < nodes.size(); j++) {
                if (j != from && !isByzantine(j) && transmit(from, j, roundMillis()) >= 0) {
                    nodes.get(j).receiveCertificate(certificates.get(c));
                }
            }
        }
    }

    /**
     * Runs up to {@code maxRounds} rounds, stopping early once every honest node that knows a
     * proposal has decided it.
     *
     * @param maxRounds the bound
     * @return rounds run
     */
    public synchronized int runUntilQuiet(int maxRounds) {
        for (int r = 0; r < maxRounds; r++) {
            if (quiet()) {
                return r;
            }
            step();
        }
        return maxRounds;
    }

    private boolean quiet() {
        for (int i = 0; i < nodes.size(); i++) {
            if (!isByzantine(i) && !nodes.get(i).undecided().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private List<Integer> sample(int self, QuDagNode node) {
        List<Integer> candidates = new ArrayList<>();
        for (int j = 0; j < nodes.size(); j++) {
            if (j != self && !node.isExcluded(identities.get(j).nodeId())) {
                candidates.add(j);
            }
        }
        int k = node.sampleSize(candidates.size());
        for (int a = 0; a < k; a++) {
            int b = a + random.nextInt(candidates.size() - a);
            Collections.swap(candidates, a, b);
        }
        return candidates.subList(0, k);
    }

    /* An answer and the virtual time within the round at which it reached the querier. */
    private record Arrival(long atMillis, int order, QuDagNode.Answer answer) implements Comparable<Arrival> {
        @Override
        public int compareTo(Arrival o) {
            return atMillis != o.atMillis ? Long.compare(atMillis, o.atMillis) : Integer.compare(order, o.order);
        }
    }

    private long roundMillis() {
        return config.qudag().snowball().roundTimeout().toMillis();
    }

    /*
     * Polls peer j for node i with bounded retransmission, on the round's virtual time line [0,
     * roundTimeout]: try t is sent at t·tryTimeout if no answer has arrived by then, for t = 0 …
     * maxRetries. Each query and each answer is lost with the drop probability or across a
     * partition, and takes a seeded latency; an answer counts if it arrives within the round. Late
     * answers of earlier tries still arrive, so one peer can answer more than once: QuDagNode
     * counts it once, and a peer whose answers differ is caught equivocating.
     */
    private void poll(int i, int j, SignedEnvelope env, List<Arrival> arrivals) {
        SnowballParams p = config.qudag().snowball();
        long deadline = roundMillis();
        long tryTimeout = p.tryTimeout().toMillis();
        long firstArrival = Long.MAX_VALUE;
        for (int t = 0; t <= p.maxRetries(); t++) {
            long sentAt = t * tryTimeout;
            if (sentAt >= deadline || firstArrival <= sentAt) {
                return;
            }
            long there = transmit(i, j, deadline - sentAt);
            if (there < 0) {
                continue;
            }
            Vote v = answer(j, i, env);
            if (v == null) {
                continue;
            }
            long back = transmit(j, i, deadline - sentAt - there);
            if (back < 0) {
                continue;
            }
            long at = sentAt + there + back;
            firstArrival = Math.min(firstArrival, at);
            arrivals.add(new Arrival(
                    at, arrivals.size(), new QuDagNode.Answer(identities.get(j).nodeId(), v)));
        }
    }

    /*
     * Sends one message: its latency in ms, or −1 if it is dropped, cut by a partition, or would
     * arrive after budgetMillis. Counts it as sent and as delivered or lost.
     */
    private long transmit(int from, int to, long budgetMillis) {
        sent++;
        boolean ok = partitionOf[from] == partitionOf[to] && random.nextDouble() >= config.dropRate();
        long lat = config.latencyMin().toMillis()
                + (config.latencyMax().toMillis() > config.latencyMin().toMillis()
                        ? random.nextLong(config.latencyMax().toMillis()
                                - config.latencyMin().toMillis()
                                + 1)
                        : 0);
        if (ok && lat > budgetMillis) {
            ok = false;
        }
        if (ok) {
            delivered++;
        } else {
            lost++;
        }
        return ok ? lat : -1;
    }

    private @Nullable Vote answer(int j, int querier, SignedEnvelope env) {
        QuDagNode peer = nodes.get(j);
        Byzantine b = config.byzantine().get(j);
        if (b == null) {
            Vote v = peer.answerPoll(env);
            if (v != null && voteLog.size() < 10_000) {
                voteLog.add(v);
            }
            return v;
        }
        if (peer.answerPoll(env) == null) {
            return null;
        }
        boolean honest = peer.verdict(env.id());
        return switch (b) {
            case FLIP -> {
                String key = env.id();
                boolean next = !flipState.getOrDefault(key, honest);
                flipState.put(key, next);
                yield byzantineVote(peer, env.id(), next);
            }
            case EQUIVOCATE -> byzantineVote(peer, env.id(), querier % 2 == 0 ? honest : !honest);
            case FORGE -> {
                String victim = identities.get((j + 1) % identities.size()).nodeId();
                yield new Vote(
                        env.id(), victim, !honest, peer.identity().sign(Vote.signedBytes(env.id(), victim, !honest)));
            }
            case REPLAY -> voteLog.isEmpty() ? null : voteLog.get(random.nextInt(voteLog.size()));
        };
    }

    private Vote byzantineVote(QuDagNode peer, String proposalId, boolean value) {
        return byzantineVotes
                .computeIfAbsent(peer.nodeId() + "|" + proposalId, k -> new TreeMap<>())
                .computeIfAbsent(value, v -> Vote.sign(peer.identity(), proposalId, v));
    }

    private void requireOpen() {
        if (closed) {
            throw QuDagException.disconnected("network closed");
        }
    }

    /** Stops the network; transports report disconnected. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    private synchronized <T> CompletableFuture<T> call(Supplier<T> s) {
        try {
            requireOpen();
            return CompletableFuture.completedFuture(s.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /*
     * A client's view of node i. Synchronous: every call completes before it returns; awaitDecision
     * drives the simulation forward in virtual time.
     */
    private final class Transport implements QuDagTransport {
        private final int index;
        private final SplittableRandom noise;
        private volatile boolean open = true;

        Transport(int index) {
            this.index = index;
            this.noise = new SplittableRandom(config.seed() * 31 + index);
        }

        private QuDagNode node() {
            if (!open) {
                throw QuDagException.disconnected("transport closed");
            }
            return nodes.get(index);
        }

        private String self() {
            return identities.get(index).nodeId();
        }

        @Override
        public boolean isConnected() {
            return open && !closed;
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
            return call(() -> new NodeStatus(
                    true,
                    self(),
                    nodes.size() - 1,
                    round,
                    "synced",
                    NodeStatus.NETWORK_VERSION,
                    node().networkKemKey()));
        }

        @Override
        public CompletableFuture<String> submit(SignedEnvelope envelope) {
            return call(() -> node().submit(envelope, self()));
        }

        @Override
        public CompletableFuture<ProposalState> poll(String proposalId) {
            return call(() -> node().state(proposalId));
        }

        @Override
        public CompletableFuture<ProposalState> awaitDecision(String proposalId, Duration timeout) {
            return call(() -> {
                long deadline = clock.millis() + timeout.toMillis();
                ProposalState s = node().state(proposalId);
                while (!s.status().isFinal() && clock.millis() < deadline) {
                    step();
                    s = node().state(proposalId);
                }
                return s;
            });
        }

        @Override
        public CompletableFuture<Validation> validate(String proposalId) {
            return call(() -> node().validation(proposalId));
        }

        @Override
        public CompletableFuture<List<SyncedPattern>> fetchFinalized(long sinceRound, int limit) {
            return call(() -> node().fetchFinalized(sinceRound, limit));
        }

        @Override
        public CompletableFuture<Map<String, Object>> ledger(LedgerRequest request) {
            return call(() -> node().ledger(request, self()));
        }

        @Override
        public CompletableFuture<List<String>> peers() {
            return call(() -> {
                node();
                List<String> out = new ArrayList<>();
                for (NodeIdentity id : identities) {
                    if (!id.nodeId().equals(self())) {
                        out.add(id.nodeId());
                    }
                }
                return out;
            });
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public String toString() {
            return "InMemoryNetwork.Transport[node " + index + " " + self() + "]";
        }
    }

    QuDagNode node(int i) {
        return nodes.get(i);
    }

    int indexOf(String nodeId) {
        Integer i = indexOf.get(nodeId);
        return i == null ? -1 : i;
    }
}
