package io.neuraldag.qudag;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/*
 * One loopback node: a QuDagNode behind a TCP server on 127.0.0.1 (ephemeral port), plus a round
 * driver that polls peers over persistent Connections every round timeout.
 *
 * Server loop per connection (one thread each, at most MAX_CONNECTIONS): frames of ≤ 10 MiB; the
 * first message must be node.hello from a member of the static membership, signed by it; every later
 * request must come from the same member, verify, lie in the timestamp window and carry an id not
 * seen before from that sender (ids are remembered for the 10-minute window). Unparseable frames or
 * JSON close the connection; a well-formed request that fails gets a signed error response. Idle
 * connections time out after IDLE_MILLIS. close() stops the acceptor, the driver and every handler.
 */
final class SocketNode implements AutoCloseable {
    static final int MAX_CONNECTIONS = 64;
    static final int IDLE_MILLIS = 30_000;
    static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(5);

    private final QuDagNode node;
    private final Map<String, PublicIdentity> members;
    private final ServerSocket server;
    private final Thread acceptor;
    private final @Nullable Thread driver;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Long>> seenIds = new HashMap<>();
    private final Map<String, Connection> peers = new LinkedHashMap<>();
    private final SplittableRandom random;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;

    SocketNode(QuDagNode node, Map<String, PublicIdentity> members, long seed, boolean drive) throws IOException {
        this.node = node;
        this.members = Map.copyOf(members);
        this.random = new SplittableRandom(seed);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform()
                .daemon()
                .name("qudag-accept-" + node.nodeId())
                .unstarted(this::acceptLoop);
        this.driver = drive
                ? Thread.ofPlatform()
                        .daemon()
                        .name("qudag-rounds-" + node.nodeId())
                        .unstarted(this::driveLoop)
                : null;
    }

    void start(Map<String, InetSocketAddress> addresses) {
        for (Map.Entry<String, InetSocketAddress> e : addresses.entrySet()) {
            PublicIdentity who = members.get(e.getKey());
            if (who != null && !e.getKey().equals(node.nodeId())) {
                peers.put(
                        e.getKey(), new Connection(e.getValue(), who, node.identity(), node.clock(), REQUEST_TIMEOUT));
            }
        }
        acceptor.start();
        if (driver != null) {
            driver.start();
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    QuDagNode node() {
        return node;
    }

    int openConnections() {
        return open.size();
    }

    // ------------------------------------------------------------------ server

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                if (active.get() >= MAX_CONNECTIONS) {
                    s.close();
                    continue;
                }
                active.incrementAndGet();
                open.add(s);
                Thread.ofPlatform().daemon().name("qudag-conn-" + node.nodeId()).start(() -> serve(s));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(IDLE_MILLIS);
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            String peer = null;
            while (!closed) {
                byte[] frame = Frames.read(in);
                if (frame == null) {
                    return;
                }
                Rpc.Message m;
                try {
                    m = Rpc.parse(frame);
                } catch (QuDagException e) {
                    return;
                }
                if (m.method() == null) {
                    return;
                }
                Map<String, Object> result = null;
                Map<String, Object> error = null;
                try {
                    String from = authenticate(m, peer);
                    if (peer == null) {
                        peer = from;
                    }
                    result = dispatch(m.method(), m.params(), from);
                } catch (QuDagException e) {
                    error = switch (e.code()) {
                        case RV006_QUDAG_AUTH_FAILED ->
                            Rpc.error(Rpc.AUTH_FAILED, String.valueOf(e.getMessage()), "RV006");
                        case RV011_INVALID_ARGUMENT ->
                            Rpc.error(Rpc.INVALID_PARAMS, String.valueOf(e.getMessage()), "RV011");
                        default ->
                            Rpc.error(
                                    Rpc.REFUSED,
                                    String.valueOf(e.getMessage()),
                                    e.code().sqlState());
                    };
                } catch (UnknownMethod e) {
                    error = Rpc.error(Rpc.METHOD_NOT_FOUND, "unknown method " + m.method(), "");
                } catch (IllegalStateException e) {
                    error = Rpc.error(Rpc.REFUSED, String.valueOf(e.getMessage()), "ISE");
                } catch (IllegalArgumentException | NullPointerException e) {
                    error = Rpc.error(Rpc.INVALID_PARAMS, String.valueOf(e.getMessage()), "IAE");
                }
                Frames.write(
                        out, Rpc.response(node.identity(), m.id(), node.clock().millis(), result, error));
                if (peer == null) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // framing lost, peer gone or timed out: the connection closes
        } finally {
            open.remove(s);
            active.decrementAndGet();
        }
    }

    private static final class UnknownMethod extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownMethod() {
            super(null, null, false, false);
        }
    }

    private String authenticate(Rpc.Message m, @Nullable String bound) {
        String method = m.method();
        if (method == null) {
            throw QuDagException.invalid("not a request");
        }
        PublicIdentity who = members.get(m.from());
        if (who == null) {
            throw QuDagException.auth("not a member: " + m.from());
        }
        if (bound == null && !method.equals("node.hello")) {
            throw QuDagException.auth("first request must be node.hello");
        }
        if (bound != null && !bound.equals(m.from())) {
            throw QuDagException.auth("connection is bound to " + bound);
        }
        if (bound == null) {
            Map<String, Object> p = m.params();
            PublicIdentity claimed = new PublicIdentity(
                    Rpc.str(p, "node_id"), Rpc.unb64(Rpc.str(p, "dsa")), Rpc.unb64(Rpc.str(p, "kem")));
            if (!claimed.equals(who) || !claimed.nodeId().equals(m.from())) {
                throw QuDagException.auth("hello identity differs from the membership entry");
            }
        }
        if (!QuDagCrypto.verify(
                who.dsaKeyRef(), Rpc.requestSignedBytes(method, m.id(), m.ts(), m.from(), m.params()), m.sig())) {
            throw QuDagException.auth("request signature does not verify");
        }
        long now = node.clock().millis();
        if (m.ts() > now + ProposalLimits.MAX_FUTURE_MILLIS || m.ts() < now - ProposalLimits.MAX_AGE_MILLIS) {
            throw QuDagException.auth("request timestamp outside the window");
        }
        synchronized (seenIds) {
            Map<String, Long> seen = seenIds.computeIfAbsent(m.from(), k -> new LinkedHashMap<>());
            seen.values().removeIf(t -> t < now - ProposalLimits.MAX_AGE_MILLIS);
            if (seen.containsKey(m.id())) {
                throw QuDagException.auth("replayed request id " + m.id());
            }
            if (seen.size() >= 100_000) {
                throw QuDagException.auth("too many requests in the window");
            }
            seen.put(m.id(), m.ts());
        }
        return m.from();
    }

    private Map<String, Object> dispatch(String method, Map<String, Object> p, String from) {
        Map<String, Object> out = new TreeMap<>();
        switch (method) {
            case "node.hello" -> out.put("node_id", node.nodeId());
            case "node.status" -> {
                out.put("node_id", node.nodeId());
                out.put("peers", (long) peers.size());
                out.put("round", node.round());
                out.put("sync", "synced");
                out.put("version", (long) NodeStatus.NETWORK_VERSION);
                out.put("network_kem_key", Rpc.b64(node.networkKemKey()));
            }
            case "node.peers" -> out.put("peers", new ArrayList<Object>(peers.keySet()));
            case "dag.submit" -> out.put("id", node.submit(Rpc.envelope(Rpc.obj(p, "envelope")), from));
            case "dag.poll" -> {
                Vote v = node.answerPoll(Rpc.envelope(Rpc.obj(p, "envelope")));
                if (v != null) {
                    out.put("vote", Rpc.vote(v));
                }
            }
            case "dag.status" -> {
                ProposalState s = node.state(Rpc.str(p, "id"));
                out.put("status", s.status().name());
                out.put("votes_for", (long) s.votesFor());
                out.put("votes_against", (long) s.votesAgainst());
                out.put("rounds", (long) s.rounds());
                out.put("finalized_round", s.finalizedRound());
                out.put("confidence_ppm", Math.round(s.confidence() * 1e6));
                out.put("validators", (long) s.distinctValidators());
            }
            case "dag.validate" -> {
                Validation v = node.validation(Rpc.str(p, "id"));
                switch (v) {
                    case Validation.Accepted a -> {
                        out.put("accepted", true);
                        out.put("quality_ppm", Math.round(a.quality() * 1e6));
                        out.put("improvement_ppm", Math.round(a.improvementEstimate() * 1e6));
                    }
                    case Validation.Rejected r -> {
                        out.put("accepted", false);
                        out.put("reason", r.reason());
                    }
                }
                out.put("validator", v.validator());
            }
            case "dag.finalized" -> {
                List<Object> list = new ArrayList<>();
                for (SyncedPattern sp :
                        node.fetchFinalized(Rpc.num(p, "since"), (int) Math.min(10_000, Rpc.num(p, "limit")))) {
                    list.add(Rpc.pattern(sp));
                }
                out.put("patterns", list);
            }
            case "dag.certificate" -> {
                List<Vote> votes = new ArrayList<>();
                for (Object o : Rpc.list(p, "votes")) {
                    if (o instanceof Map<?, ?> vm) {
                        votes.add(Rpc.vote(Rpc.cast(vm)));
                    }
                }
                node.receiveCertificate(
                        new QuDagNode.Certificate(Rpc.str(p, "proposal_id"), from, Rpc.bool(p, "accepted"), votes));
                out.put("ok", true);
            }
            case "ruv.balance",
                    "ruv.stake",
                    "ruv.unstake",
                    "ruv.claim",
                    "ruv.info",
                    "gov.create",
                    "gov.vote",
                    "gov.tally",
                    "gov.finalize" -> out.putAll(node.ledger(Rpc.ledgerRequest(Rpc.obj(p, "request")), from));
            default -> throw new UnknownMethod();
        }
        return out;
    }

    // ------------------------------------------------------------------ round driver

    private void driveLoop() {
        long sleep = node.params().roundTimeout().toMillis();
        long round = 0;
        while (!closed) {
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            round++;
            node.setRound(round);
            for (SignedEnvelope env : node.undecided()) {
                if (closed) {
                    return;
                }
                pollOnce(env);
            }
        }
    }

    /*
     * One round for one proposal: sample k_eff peers, poll them concurrently (one virtual thread per
     * peer), each poll retried on the same peer after a failure or a per-try timeout, at most
     * maxRetries times and never past the round deadline (wall clock). Answers are collected in
     * arrival order; QuDagNode counts each sampled voter once.
     */
    private void pollOnce(SignedEnvelope env) {
        List<String> candidates = new ArrayList<>();
        for (String id : peers.keySet()) {
            if (!node.isExcluded(id)) {
                candidates.add(id);
            }
        }
        int k = node.sampleSize(candidates.size());
        for (int a = 0; a < k; a++) {
            Collections.swap(candidates, a, a + random.nextInt(candidates.size() - a));
        }
        List<String> sampled = List.copyOf(candidates.subList(0, k));
        SnowballParams sp = node.params();
        long deadline = System.nanoTime() + sp.roundTimeout().toNanos();
        List<QuDagNode.Answer> answers = Collections.synchronizedList(new ArrayList<>());
        Map<String, Object> params = Map.of("envelope", Rpc.envelope(env));
        List<Thread> pollers = new ArrayList<>(k);
        for (String peer : sampled) {
            Connection c = peers.get(peer);
            if (c != null) {
                pollers.add(Thread.ofVirtual()
                        .name("qudag-poll-" + node.nodeId())
                        .start(() -> pollWithRetries(c, peer, params, sp, deadline, answers)));
            }
        }
        for (Thread t : pollers) {
            try {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(java.time.Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        List<QuDagNode.Answer> arrived;
        synchronized (answers) {
            arrived = List.copyOf(answers);
        }
        QuDagNode.Certificate cert = node.applyRound(env.id(), sampled, arrived);
        if (cert != null) {
            List<Object> votes = new ArrayList<>();
            for (Vote v : cert.votes()) {
                votes.add(Rpc.vote(v));
            }
            Map<String, Object> cp =
                    Map.of("proposal_id", cert.proposalId(), "accepted", cert.accepted(), "votes", votes);
            for (Connection c : peers.values()) {
                try {
                    c.call("dag.certificate", cp);
                } catch (RuntimeException e) {
                    // best effort
                }
            }
        }
    }

    private void pollWithRetries(
            Connection c,
            String peer,
            Map<String, Object> params,
            SnowballParams sp,
            long deadline,
            List<QuDagNode.Answer> answers) {
        long tryNanos = sp.tryTimeout().toNanos();
        for (int t = 0; t <= sp.maxRetries() && !closed; t++) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Map<String, Object> r =
                        c.call("dag.poll", params, java.time.Duration.ofNanos(Math.min(tryNanos, left)));
                if (r.get("vote") instanceof Map<?, ?> vm) {
                    answers.add(new QuDagNode.Answer(peer, Rpc.vote(Rpc.cast(vm))));
                }
                return;
            } catch (RuntimeException e) {
                // lost, late or refused: retransmit while the round lasts
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        for (Connection c : peers.values()) {
            c.close();
        }
        if (driver != null) {
            driver.interrupt();
        }
        try {
            acceptor.join(2000);
            if (driver != null) {
                driver.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
