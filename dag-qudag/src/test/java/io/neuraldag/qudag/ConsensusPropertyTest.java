package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Seeded Snowball runs on the in-memory network. Safety: with f < n/3 Byzantine nodes (flip,
 * equivocate, forge, replay mixed) and 20 % message loss, no two honest nodes ever decide a proposal
 * differently, and a valid proposal is never finalized as rejected nor a low-quality one as
 * accepted. Liveness: with those faults, nearly every honest node decides (bounded retransmission
 * recovers lost answers), so the safety checks are not vacuous; without faults every honest node
 * decides within the preset's maxRounds.
 */
class ConsensusPropertyTest {
    private static final Map<Integer, List<NodeIdentity>> IDS = new HashMap<>();
    private static final InMemoryNetwork.Byzantine[] KINDS = InMemoryNetwork.Byzantine.values();

    private static synchronized List<NodeIdentity> ids(int n) {
        return IDS.computeIfAbsent(n, k -> {
            List<NodeIdentity> l = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                l.add(NodeIdentity.fromSeed(10_000L * k + i));
            }
            return l;
        });
    }

    /**
     * One run's outcome: rounds run, whether safety and validity held, honest (node, proposal) pairs
     * decided out of all, and the round of the last honest decision (−1 if some stayed undecided).
     */
    record Run(long rounds, boolean safe, String detail, int decided, int pairs, long lastDecision) {
        boolean fullyDecided() {
            return decided == pairs;
        }
    }

    static Run run(int n, long seed, boolean faults) {
        int f = faults ? (n - 1) / 3 : 0;
        Map<Integer, InMemoryNetwork.Byzantine> byz = new TreeMap<>();
        for (int i = 0; i < f; i++) {
            byz.put(n - 1 - i, KINDS[(int) ((seed + i) % KINDS.length)]);
        }
        InMemoryNetwork.Config cfg = InMemoryNetwork.Config.of(n, seed)
                .withIdentities(ids(n))
                .withDropRate(faults ? 0.2 : 0.0)
                .withByzantine(byz);
        try (InMemoryNetwork net = InMemoryNetwork.create(cfg)) {
            QuDagClient good = QuDagClient.connect(net.transport(0), net.identity(0));
            QuDagClient bad = QuDagClient.connect(net.transport(1), net.identity(1));
            String valid = good.proposePattern(PatternProposal.of(
                            AcceptanceFlow.vector(seed), 500, 0.9, Map.of(), PrivacyParams.defaults()))
                    .join();
            String lowQuality = bad.proposePattern(PatternProposal.of(
                            AcceptanceFlow.vector(seed + 1), 500, 0.0, Map.of(), PrivacyParams.defaults()))
                    .join();
            int maxRounds = SnowballParams.defaults().maxRounds();
            long rounds = net.runUntilQuiet(maxRounds);
            StringBuilder detail = new StringBuilder();
            boolean safe = true;
            int decidedPairs = 0;
            int pairs = 0;
            long last = -1;
            for (String id : List.of(valid, lowQuality)) {
                ConsensusStatus decided = null;
                for (int i = 0; i < n; i++) {
                    if (net.isByzantine(i)) {
                        continue;
                    }
                    pairs++;
                    if (!net.knows(i, id)) {
                        continue;
                    }
                    ConsensusStatus s = net.state(i, id).status();
                    if (!s.isFinal()) {
                        continue;
                    }
                    decidedPairs++;
                    last = Math.max(last, net.state(i, id).finalizedRound());
                    if (decided != null && decided != s) {
                        safe = false;
                        detail.append("node ")
                                .append(i)
                                .append(" decided ")
                                .append(s)
                                .append(" vs ")
                                .append(decided);
                    }
                    decided = s;
                }
                ConsensusStatus wrong = id.equals(valid) ? ConsensusStatus.REJECTED : ConsensusStatus.FINALIZED;
                if (decided == wrong) {
                    safe = false;
                    detail.append(id.equals(valid) ? "valid proposal rejected " : "low-quality proposal accepted ");
                }
            }
            if (!faults) {
                for (int i = 0; i < n; i++) {
                    for (String id : List.of(valid, lowQuality)) {
                        if (!net.state(i, id).status().isFinal()) {
                            safe = false;
                            detail.append("node ").append(i).append(" undecided without faults; ");
                        }
                    }
                }
            }
            return new Run(rounds, safe, detail.toString(), decidedPairs, pairs, decidedPairs == pairs ? last : -1);
        }
    }

    /*
     * Asserts safety on every run and liveness over all of them: at least minFullShare of the runs
     * have every honest node decide both proposals, and at least minPairShare of all honest
     * (node, proposal) pairs decide. Prints the measured shares and the distribution of the round of
     * the last honest decision (bucketed by 5 rounds; −1 = some node undecided).
     */
    static void assertSafeAndLive(String label, List<long[]> runs, double minFullShare, double minPairShare) {
        int full = 0;
        long decided = 0;
        long pairs = 0;
        Map<Long, Integer> histogram = new TreeMap<>();
        for (long[] nSeed : runs) {
            int n = (int) nSeed[0];
            Run r = run(n, nSeed[1], true);
            assertThat(r.safe()).as("n=%d seed=%d: %s", n, nSeed[1], r.detail()).isTrue();
            full += r.fullyDecided() ? 1 : 0;
            decided += r.decided();
            pairs += r.pairs();
            histogram.merge(r.lastDecision() < 0 ? -1 : r.lastDecision() / 5 * 5, 1, Integer::sum);
        }
        System.out.printf(
                Locale.ROOT,
                "[qudag] %s at 20 %% loss: %d of %d runs fully decided, %d of %d honest decisions taken;"
                        + " last honest decision round (bucket of 5 -> runs): %s%n",
                label,
                full,
                runs.size(),
                decided,
                pairs,
                histogram);
        assertThat((double) full / runs.size())
                .as("share of fully decided runs")
                .isGreaterThanOrEqualTo(minFullShare);
        assertThat((double) decided / pairs).as("share of honest decisions").isGreaterThanOrEqualTo(minPairShare);
    }

    /*
     * 24 seeds over n = 7 and 10 plus one n = 31 run, each with f = ⌊(n − 1)/3⌋ Byzantine nodes
     * (kinds mixed by seed) and 20 % loss per direction. The floors leave room for a different seed
     * mix, not for vacuity (measured shares are printed).
     */
    @Test
    void byzantineMinorityAndLossNeverGiveConflictingDecisionsAndHonestNodesDecide() {
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            runs.add(new long[] {i % 2 == 0 ? 7 : 10, 500L + i});
        }
        runs.add(new long[] {31, 77});
        assertSafeAndLive("n=7/10/31, 25 runs", runs, 0.9, 0.95);
    }

    @Test
    void withoutFaultsEveryProposalFinalizesWithinMaxRounds() {
        Map<Long, Integer> histogram = new TreeMap<>();
        for (long seed = 0; seed < 12; seed++) {
            int n = seed % 3 == 0 ? 10 : 7;
            Run r = run(n, seed, false);
            assertThat(r.safe()).as("seed %d: %s", seed, r.detail()).isTrue();
            assertThat(r.rounds()).isLessThanOrEqualTo(SnowballParams.defaults().maxRounds());
            histogram.merge(r.rounds(), 1, Integer::sum);
        }
        System.out.println("[qudag] rounds to finality without faults (rounds -> runs): " + histogram);
    }

    @Test
    void flippersAreFlaggedAndSlashed() {
        InMemoryNetwork.Config cfg = InMemoryNetwork.Config.of(7, 3)
                .withIdentities(ids(7))
                .withByzantine(Map.of(6, InMemoryNetwork.Byzantine.FLIP, 5, InMemoryNetwork.Byzantine.EQUIVOCATE));
        try (InMemoryNetwork net = InMemoryNetwork.create(cfg)) {
            String flipper = net.identity(6).nodeId();
            String equivocator = net.identity(5).nodeId();
            for (int i : new int[] {5, 6}) {
                QuDagClient c = QuDagClient.connect(net.transport(i), net.identity(i));
                c.stake(500).join();
            }
            QuDagClient c0 = QuDagClient.connect(net.transport(0), net.identity(0));
            String id = c0.proposePattern(
                            PatternProposal.of(AcceptanceFlow.vector(9), 100, 0.8, Map.of(), PrivacyParams.defaults()))
                    .join();
            assertThat(c0.awaitConsensus(id, Duration.ofSeconds(60)).join()).isEqualTo(ConsensusStatus.FINALIZED);
            net.runUntilQuiet(200);
            boolean flagged = false;
            boolean equivocatorFlagged = false;
            for (int i = 0; i < 5; i++) {
                flagged |= net.flaggedByzantine(i).contains(flipper);
                equivocatorFlagged |= net.flaggedByzantine(i).contains(equivocator);
            }
            assertThat(flagged).isTrue();
            assertThat(equivocatorFlagged).isTrue();
            assertThat(net.ledger().stakingInfo(flipper).stakedMicros()).isZero();
            assertThat(net.ledger().slashedMicros()).isEqualTo(1000 * TokenConfig.MICROS_PER_RUV);
        }
    }

    @Test
    void aPartitionLeavesItUndecidedUntilItHeals() {
        try (InMemoryNetwork net =
                InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 4).withIdentities(ids(7)))) {
            net.partition(Set.of(0, 1, 2), Set.of(3, 4, 5, 6));
            QuDagClient c0 = QuDagClient.connect(net.transport(0), net.identity(0));
            String id = c0.proposePattern(
                            PatternProposal.of(AcceptanceFlow.vector(5), 100, 0.8, Map.of(), PrivacyParams.defaults()))
                    .join();
            assertThat(c0.awaitConsensus(id, Duration.ofSeconds(12)).join()).isEqualTo(ConsensusStatus.UNDECIDED);
            net.heal();
            assertThat(c0.awaitConsensus(id, Duration.ofSeconds(30)).join()).isEqualTo(ConsensusStatus.FINALIZED);
        }
    }

    @Test
    void presetsAndParameterValidation() {
        assertThat(SnowballParams.defaults()).isEqualTo(new SnowballParams(20, 12, 15, 100, Duration.ofMillis(100)));
        assertThat(SnowballParams.fast()).isEqualTo(new SnowballParams(15, 9, 8, 50, Duration.ofMillis(50)));
        assertThat(SnowballParams.highSecurity())
                .isEqualTo(new SnowballParams(30, 21, 25, 200, Duration.ofMillis(200)));
        SnowballParams seven = SnowballParams.defaults().forNetworkSize(7);
        assertThat(seven.k()).isEqualTo(6);
        assertThat(seven.alpha()).isEqualTo(4);
        assertThat(SnowballParams.defaults().forNetworkSize(3).alpha()).isEqualTo(2);
        assertThat(SnowballParams.defaults().maxRetries()).isEqualTo(3);
        assertThat(SnowballParams.defaults().tryTimeout()).isEqualTo(Duration.ofMillis(25));
        assertThat(SnowballParams.fast().withMaxRetries(0).tryTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(seven.maxRetries()).isEqualTo(3);
        // effective quorum: ceil(0.6 k_eff), but always a strict majority of the sample
        int[] expected = {0, 1, 2, 2, 3, 3, 4, 5, 5, 6, 6};
        for (int s = 1; s <= 10; s++) {
            int a = SnowballParams.defaults().alphaFor(s);
            assertThat(a).as("k_eff %d", s).isEqualTo(expected[s]);
            assertThat(2 * a).as("majority at k_eff %d", s).isGreaterThan(s);
        }
        assertThat(SnowballParams.defaults().alphaFor(20)).isEqualTo(12);
        assertThat(seven.alphaFor(4)).isEqualTo(3);
        assertThat(seven.alphaFor(6)).isEqualTo(4);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> seven.alphaFor(7))
                .hasMessageContaining("sampleSize");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> seven.alphaFor(0))
                .hasMessageContaining("sampleSize");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> SnowballParams.defaults().withMaxRetries(-1))
                .hasMessageContaining("maxRetries");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> SnowballParams.defaults().withMaxRetries(11))
                .hasMessageContaining("maxRetries");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SnowballParams(4, 3, 1, 1, Duration.ofMillis(3), 3))
                .hasMessageContaining("per-try timeout");
        // distinct validators: capped at the honest peers every node has under f < n/3
        QudagConfig q = QudagConfig.defaults();
        assertThat(q.minValidatorsFor(7)).isEqualTo(4);
        assertThat(q.minValidatorsFor(10)).isEqualTo(5);
        assertThat(q.minValidatorsFor(31)).isEqualTo(5);
        assertThat(q.minValidatorsFor(3)).isEqualTo(2);
        assertThat(q.minValidatorsFor(2)).isEqualTo(1);
        for (int n = 2; n <= 40; n++) {
            int fMax = (n - 1) / 3;
            assertThat(q.minValidatorsFor(n)).as("n=%d", n).isGreaterThanOrEqualTo(Math.min(5, fMax + 1));
            assertThat(q.minValidatorsFor(n)).as("n=%d", n).isLessThanOrEqualTo(n - 1 - fMax);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> q.minValidatorsFor(1))
                .hasMessageContaining("2 nodes");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new SnowballParams(20, 10, 15, 100, Duration.ofMillis(1)))
                .hasMessageContaining("alpha");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SnowballParams(0, 1, 1, 1, Duration.ofMillis(1)))
                .hasMessageContaining("k");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SnowballParams(4, 3, 0, 1, Duration.ofMillis(1)))
                .hasMessageContaining("beta");
    }

    /*
     * The 1000 seeded runs: n = 7 and 10 alternating, every tenth run n = 31, f = ⌊(n − 1)/3⌋,
     * 20 % loss.
     */
    @Tag("slow")
    @Test
    void thousandSeededRunsNeverConflictAndDecide() {
        int[] sizes = {7, 10};
        List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            runs.add(new long[] {i % 10 == 9 ? 31 : sizes[i % 2], 100_000L + i});
        }
        assertSafeAndLive("n=7/10/31, 1000 runs", runs, 0.9, 0.95);
    }

    @Test
    void aSeedDeterminesTheLossyByzantineRun() {
        Run a = run(7, 4242, true);
        Run b = run(7, 4242, true);
        assertThat(b).isEqualTo(a);
        assertThat(a.decided()).isPositive();
    }
}
