package io.neuraldag.qudag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * n nodes on 127.0.0.1, each a real TCP server on an ephemeral port with its own ledger replica and
 * a round driver that polls its peers over persistent, signed connections. Membership is static
 * (the n node identities, derived from the seed); token operations apply to the ledger of the node
 * that receives them, outcome rewards to every node that decides. A test and benchmark harness:
 * its transports use seeded noise sources.
 *
 * <p>Thread-safe; {@link #close()} stops every server, driver and connection.
 */
public final class LoopbackCluster implements AutoCloseable {
    private final List<NodeIdentity> identities = new ArrayList<>();
    private final List<SocketNode> nodes = new ArrayList<>();
    private final List<QuDagTransport> transports = new ArrayList<>();
    private final QudagConfig config;
    private final long seed;

    private LoopbackCluster(int n, QudagConfig config, long seed) throws IOException {
        this.config = config;
        this.seed = seed;
        Map<String, PublicIdentity> members = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            NodeIdentity id = NodeIdentity.fromSeed(seed * 7_919L + i);
            identities.add(id);
            members.put(id.nodeId(), id.publicIdentity());
        }
        NodeIdentity networkKey = NodeIdentity.fromSeed(seed * 7_919L - 1);
        Clock clock = Clock.systemUTC();
        for (int i = 0; i < n; i++) {
            TokenLedger ledger = TokenLedger.create(config.tokens(), clock);
            if (config.genesisMicros() > 0) {
                for (String m : members.keySet()) {
                    ledger.mintGenesis(m, config.genesisMicros());
                }
            }
            QuDagNode node = new QuDagNode(
                    identities.get(i),
                    networkKey,
                    config,
                    n,
                    clock,
                    ledger,
                    members::get,
                    (v, who) -> v.verify(who.dsaKeyRef()));
            nodes.add(new SocketNode(node, members, seed * 31 + i, true));
        }
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        for (SocketNode s : nodes) {
            addresses.put(s.node().nodeId(), s.address());
        }
        for (SocketNode s : nodes) {
            s.start(addresses);
        }
    }

    /**
     * Starts n nodes.
     *
     * @param n 2…32
     * @param config node configuration (its minValidators must be ≤ n − 1 for anything to finalize)
     * @param seed derives identities, sampling and noise
     * @return the running cluster
     * @throws UncheckedIOException if a server socket cannot be bound
     */
    public static LoopbackCluster start(int n, QudagConfig config, long seed) {
        if (n < 2 || n > 32) {
            throw new IllegalArgumentException("n must be in [2, 32], got " + n);
        }
        try {
            return new LoopbackCluster(n, config, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
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
     * Node {@code i}'s address.
     *
     * @param i the index
     * @return 127.0.0.1 and an ephemeral port
     */
    public InetSocketAddress address(int i) {
        return nodes.get(i).address();
    }

    /**
     * Node {@code i}'s ledger replica.
     *
     * @param i the index
     * @return the ledger
     */
    public TokenLedger ledger(int i) {
        return nodes.get(i).node().ledger();
    }

    /**
     * A new transport to node {@code i}, signing as node i.
     *
     * @param i the index
     * @return the transport (closed with the cluster)
     */
    public synchronized QuDagTransport transport(int i) {
        SocketTransport t = SocketTransport.connect(
                address(i),
                identities.get(i).publicIdentity(),
                identities.get(i),
                config.requestTimeout(),
                new SplittableRandom(seed * 131 + i + 17L * transports.size()),
                Duration.ofMillis(20));
        transports.add(t);
        return t;
    }

    SocketNode node(int i) {
        return nodes.get(i);
    }

    /** Stops everything. */
    @Override
    public synchronized void close() {
        for (QuDagTransport t : transports) {
            t.close();
        }
        for (SocketNode n : nodes) {
            n.close();
        }
    }
}
