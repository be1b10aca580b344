package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real socket faults on loopback clusters: a node's server goes away (its sockets closed mid-run,
 * as a crashed process's would be). On 5 nodes the four others still decide with the default
 * minimum of distinct validators, each on its own connections, and agree; the crashed node's own
 * client gets a typed failure, not a hang.
 */
@Timeout(180)
class SocketFaultTest {

    /* The default minimum of validators, capped for n = 5 at the 3 honest peers each node has. */
    private static QudagConfig config() {
        return QudagConfig.builder()
                .snowball(new SnowballParams(15, 9, 8, 50, Duration.ofMillis(200)))
                .build();
    }

    @Test
    void theSurvivorsOfACrashedNodeStillDecideAndAgree() {
        assertThat(config().minValidatorsFor(5)).isEqualTo(3);
        try (LoopbackCluster cluster = LoopbackCluster.start(5, config(), 5)) {
            String before = proposeFinalized(cluster, 0, 31, Duration.ofSeconds(30));
            // node 4 crashes: its acceptor, round driver and every socket it holds are closed
            cluster.node(4).close();
            String after = proposeFinalized(cluster, 1, 32, Duration.ofSeconds(60));
            // every survivor decides the same, and syncs both patterns
            List<ConsensusStatus> seen = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                try (QuDagClient c = QuDagClient.connect(cluster.transport(i), cluster.identity(i))) {
                    seen.add(c.awaitConsensus(after, Duration.ofSeconds(60)).join());
                    assertThat(c.syncPatterns(0).join())
                            .extracting(SyncedPattern::proposalId)
                            .contains(before, after);
                }
            }
            assertThat(seen).containsOnly(ConsensusStatus.FINALIZED);
        }
    }

    /* Node i proposes a pattern of 1000 members (no quality rejection) and waits until it is final. */
    private static String proposeFinalized(LoopbackCluster cluster, int i, long vectorSeed, Duration timeout) {
        try (QuDagClient c = QuDagClient.connect(cluster.transport(i), cluster.identity(i))) {
            String id = c.proposePattern(PatternProposal.of(
                            AcceptanceFlow.vector(vectorSeed), 1000, 0.9, Map.of(), PrivacyParams.defaults()))
                    .join();
            assertThat(c.awaitConsensus(id, timeout).join()).isEqualTo(ConsensusStatus.FINALIZED);
            return id;
        }
    }

    @Test
    void aClientWhoseNodeCrashedGetsATypedFailureNotAHang() {
        try (LoopbackCluster cluster = LoopbackCluster.start(3, config(), 6)) {
            // (a client's failure needs no consensus: the minimum of validators plays no part here)
            QuDagTransport t = cluster.transport(2);
            try (QuDagClient c = QuDagClient.connect(t, cluster.identity(2))) {
                assertThat(c.isConnected()).isTrue();
                cluster.node(2).close();
                Throwable failure = c.status()
                        .handle((s, e) -> e)
                        .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
                        .join();
                assertThat(failure).isNotNull();
                Throwable cause =
                        failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                assertThat(cause).isInstanceOf(QuDagException.class);
            }
        }
    }
}
