package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A 3-node cluster on 127.0.0.1 (ephemeral ports). A 3-node network has 2 peers per node, hence minValidators 2. */
@Timeout(120)
class SocketClusterTest {
    private static LoopbackCluster cluster;

    @BeforeAll
    static void start() {
        QudagConfig cfg = QudagConfig.builder()
                // fast preset with 200 ms rounds: each of the 4 tries of a poll gets 50 ms of wall
                // clock, room for a loaded 2-core CI machine (12 ms per try timed out there)
                .snowball(new SnowballParams(15, 9, 8, 50, Duration.ofMillis(200)))
                .minValidators(2)
                .build();
        cluster = LoopbackCluster.start(3, cfg, 42);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void m6AcceptanceOverLoopbackTcpInBothSyncDirections() {
        AcceptanceFlow.FakeBank bank0 = new AcceptanceFlow.FakeBank();
        AcceptanceFlow.Outcome a = AcceptanceFlow.run(cluster.transport(0), cluster.identity(0), 21, bank0, 0);
        assertThat(bank0.patterns).containsKey(a.proposalId() + "#0");
        AcceptanceFlow.FakeBank bank2 = new AcceptanceFlow.FakeBank();
        AcceptanceFlow.Outcome b = AcceptanceFlow.run(cluster.transport(2), cluster.identity(2), 22, bank2, 0);
        assertThat(bank2.patterns).containsKeys(a.proposalId() + "#0", b.proposalId() + "#0");
        try (QuDagClient c0 = QuDagClient.connect(cluster.transport(0), cluster.identity(0))) {
            ConsensusStatus s =
                    c0.awaitConsensus(b.proposalId(), Duration.ofSeconds(20)).join();
            assertThat(s).isEqualTo(ConsensusStatus.FINALIZED);
            assertThat(c0.syncPatterns(0).join())
                    .extracting(SyncedPattern::proposalId)
                    .contains(b.proposalId());
            assertThat(c0.peers().join()).hasSize(2);
            assertThat(c0.status().join().networkVersion()).isEqualTo(1);
        }
        assertThat(cluster.ledger(0).stakingInfo(cluster.identity(0).nodeId()).stakedMicros())
                .isEqualTo(100 * TokenConfig.MICROS_PER_RUV);
    }

    @Test
    void protocolErrorsAndAttacksAreRefused() {
        SocketTransport t = (SocketTransport) cluster.transport(1);
        assertThatThrownBy(() -> t.raw("dag.nope", Map.of()))
                .isInstanceOfSatisfying(
                        QuDagException.class, e -> assertThat(e.getMessage()).contains("-32601"));
        assertThatThrownBy(() -> t.raw("dag.status", Map.of()))
                .isInstanceOfSatisfying(
                        QuDagException.class, e -> assertThat(e.getMessage()).contains("-32602"));
        // a non-member cannot even say hello
        NodeIdentity stranger = NodeIdentity.fromSeed(999);
        try (SocketTransport s = SocketTransport.connect(
                cluster.address(1), cluster.identity(1).publicIdentity(), stranger, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> s.status().join())
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(QuDagException.class)
                    .satisfies(e -> assertThat(((QuDagException) java.util.Objects.requireNonNull(e.getCause())).code())
                            .isEqualTo(QuDagException.Code.RV006_QUDAG_AUTH_FAILED));
        }
        // a node signing as another member: the response identity check fails on the client side
        try (SocketTransport s = SocketTransport.connect(
                cluster.address(1), cluster.identity(2).publicIdentity(), cluster.identity(0), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> s.status().join()).hasCauseInstanceOf(QuDagException.class);
        }
        assertThatThrownBy(() -> SocketTransport.connect(
                        new java.net.InetSocketAddress("192.0.2.1", 9),
                        cluster.identity(1).publicIdentity(),
                        cluster.identity(1),
                        Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] readFrame(java.io.InputStream in) throws IOException {
        return java.util.Objects.requireNonNull(Frames.read(in), "connection closed");
    }

    @Test
    void replayedRequestIsRefusedAndOversizedOrGarbageFramesCloseTheConnection() throws IOException {
        NodeIdentity me = cluster.identity(1);
        byte[] hello = Rpc.request(
                me,
                "node.hello",
                UUID.randomUUID().toString(),
                System.currentTimeMillis(),
                Map.of(
                        "node_id",
                        me.nodeId(),
                        "dsa",
                        Rpc.b64(me.publicIdentity().dsaPublicKey()),
                        "kem",
                        Rpc.b64(me.publicIdentity().kemPublicKey())));
        byte[] status =
                Rpc.request(me, "node.status", UUID.randomUUID().toString(), System.currentTimeMillis(), Map.of());
        try (Socket s =
                new Socket(cluster.address(1).getAddress(), cluster.address(1).getPort())) {
            s.setSoTimeout(5000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            Frames.write(out, hello);
            assertThat(Rpc.parse(readFrame(in)).result()).isNotNull();
            Frames.write(out, status);
            assertThat(Rpc.parse(readFrame(in)).result()).isNotNull();
            Frames.write(out, status); // the same id again
            Rpc.Message replay = Rpc.parse(readFrame(in));
            assertThat(replay.error()).isNotNull();
            assertThat(java.util.Objects.requireNonNull(replay.error()).get("code"))
                    .isEqualTo((long) Rpc.AUTH_FAILED);
            // stale timestamp
            byte[] stale = Rpc.request(
                    me,
                    "node.status",
                    UUID.randomUUID().toString(),
                    System.currentTimeMillis() - 11 * 60_000,
                    Map.of());
            Frames.write(out, stale);
            assertThat(Rpc.parse(readFrame(in)).error()).isNotNull();
            // a frame header announcing more than 10 MiB: the server closes without reading it
            out.writeInt(Frames.MAX_FRAME_BYTES + 1);
            out.flush();
            assertThat(in.read()).isEqualTo(-1);
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 30; i++) {
            try (Socket s = new Socket(
                    cluster.address(0).getAddress(), cluster.address(0).getPort())) {
                s.setSoTimeout(5000);
                byte[] junk = new byte[1 + r.nextInt(64)];
                r.nextBytes(junk);
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(junk.length);
                out.write(junk);
                out.flush();
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        }
        // the node still serves
        try (QuDagClient c = QuDagClient.connect(cluster.transport(0), cluster.identity(0))) {
            assertThat(c.isConnected()).isTrue();
            assertThat(c.balance().join()).isPositive();
        }
    }
}
