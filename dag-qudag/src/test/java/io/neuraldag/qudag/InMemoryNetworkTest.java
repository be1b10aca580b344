package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryNetworkTest {
    @Test
    void m6AcceptanceOnASevenNodeNetworkInBothSyncDirections() {
        try (InMemoryNetwork net = InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 1))) {
            AcceptanceFlow.FakeBank bank0 = new AcceptanceFlow.FakeBank();
            AcceptanceFlow.Outcome a = AcceptanceFlow.run(net.transport(0), net.identity(0), 11, bank0, 0);
            assertThat(a.balanceBefore()).isEqualTo(1000 * TokenConfig.MICROS_PER_RUV);
            assertThat(bank0.patterns).containsKey(a.proposalId() + "#0");
            AcceptanceFlow.FakeBank bank3 = new AcceptanceFlow.FakeBank();
            AcceptanceFlow.Outcome b = AcceptanceFlow.run(net.transport(3), net.identity(3), 12, bank3, 0);
            // node 3 receives node 0's pattern and its own; node 0 then syncs node 3's
            assertThat(bank3.patterns).containsKeys(a.proposalId() + "#0", b.proposalId() + "#0");
            try (QuDagClient c0 = QuDagClient.connect(net.transport(0), net.identity(0))) {
                net.runUntilQuiet(200);
                assertThat(c0.syncPatterns(0).join())
                        .extracting(SyncedPattern::proposalId)
                        .contains(b.proposalId());
                assertThat(c0.stakingInfo().join().stakedMicros()).isEqualTo(100 * TokenConfig.MICROS_PER_RUV);
            }
            // every honest node decided both the same way
            for (int i = 0; i < 7; i++) {
                assertThat(net.state(i, a.proposalId()).status()).isEqualTo(ConsensusStatus.FINALIZED);
                assertThat(net.state(i, b.proposalId()).status()).isEqualTo(ConsensusStatus.FINALIZED);
                assertThat(net.state(i, a.proposalId()).distinctValidators()).isGreaterThanOrEqualTo(5);
            }
            // the proposer was rewarded (EVENTS: +10 rUv claimed)
            assertThat(net.ledger().claimedMicros()).isGreaterThanOrEqualTo(10 * TokenConfig.MICROS_PER_RUV);
        }
    }

    @Test
    void sameSeedSameRun() {
        long[] rounds = new long[2];
        for (int rep = 0; rep < 2; rep++) {
            try (InMemoryNetwork net =
                    InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 5).withDropRate(0.1))) {
                QuDagClient c = QuDagClient.connect(net.transport(2), net.identity(2));
                String id = c.proposePattern(PatternProposal.of(
                                AcceptanceFlow.vector(3), 50, 0.9, Map.of(), PrivacyParams.laplace(1.0)))
                        .join();
                c.awaitConsensus(id, Duration.ofSeconds(30)).join();
                rounds[rep] = net.state(2, id).finalizedRound() * 1_000_000
                        + net.stats().delivered();
            }
        }
        assertThat(rounds[0]).isEqualTo(rounds[1]);
    }
}
