package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every attack is refused with nothing imported and nothing decided. */
class AttackTest {
    private InMemoryNetwork net;
    private QuDagClient c0;
    private byte[] networkKey;

    @BeforeEach
    void setUp() {
        net = InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 8));
        c0 = QuDagClient.connect(net.transport(0), net.identity(0));
        networkKey = c0.status().join().networkKemKey();
    }

    private static NoisyPattern pattern() {
        return new NoisyPattern(AcceptanceFlow.vector(1), AttentionType.AUTO, 8, CountBucket.SOME);
    }

    private void assertRefused(Runnable r, QuDagException.Code code) {
        assertThatThrownBy(r::run)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        QuDagException.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(net.finalizedCount(0)).isZero();
        assertThat(c0.syncPatterns(0).join()).isEmpty();
    }

    @Test
    void forgedSignatureWrongProposerStaleFutureAndReplay() {
        NodeIdentity me = net.identity(0);
        NodeIdentity other = net.identity(1);
        long now = net.clock().millis();
        QuDagTransport t0 = net.transport(0);
        // signed by node 1, claims to be node 1, but submitted through node 0's transport
        SignedEnvelope byOther = SignedProposal.sign(other, 1, now, 0, List.of(pattern()), Map.of())
                .seal(networkKey, new SecureRandom());
        assertRefused(() -> t0.submit(byOther).join(), QuDagException.Code.RV006_QUDAG_AUTH_FAILED);
        // signed by node 1, relabelled as node 0 in the envelope: the content hash and the proposer no longer match
        SignedEnvelope relabelled = new SignedEnvelope(byOther.id(), me.nodeId(), byOther.sealed());
        assertRefused(() -> t0.submit(relabelled).join(), QuDagException.Code.RV008_CRYPTO_ERROR);
        // forged signature: node 1 signs bytes that name node 0 as proposer
        byte[] bytes = SignedProposal.encode(me.nodeId(), 5, now, 0, List.of(pattern()), Map.of());
        SignedProposal forged = SignedProposal.decode(bytes, other.sign(bytes));
        assertRefused(
                () -> t0.submit(forged.seal(networkKey, new SecureRandom())).join(),
                QuDagException.Code.RV006_QUDAG_AUTH_FAILED);
        // stale and future timestamps
        SignedEnvelope stale = SignedProposal.sign(me, 6, now - 11 * 60_000, 0, List.of(pattern()), Map.of())
                .seal(networkKey, new SecureRandom());
        assertRefused(() -> t0.submit(stale).join(), QuDagException.Code.RV006_QUDAG_AUTH_FAILED);
        SignedEnvelope future = SignedProposal.sign(me, 7, now + 6 * 60_000, 0, List.of(pattern()), Map.of())
                .seal(networkKey, new SecureRandom());
        assertRefused(() -> t0.submit(future).join(), QuDagException.Code.RV006_QUDAG_AUTH_FAILED);
        // a valid one, then a replay of an older sequence
        SignedEnvelope ok = SignedProposal.sign(me, 100, now, 0, List.of(pattern()), Map.of())
                .seal(networkKey, new SecureRandom());
        assertThat(t0.submit(ok).join()).isEqualTo(ok.id());
        assertThat(t0.submit(ok).join()).isEqualTo(ok.id()); // the same envelope counts once
        SignedEnvelope older = SignedProposal.sign(
                        me,
                        99,
                        now,
                        0,
                        List.of(new NoisyPattern(AcceptanceFlow.vector(2), AttentionType.AUTO, 8, CountBucket.SOME)),
                        Map.of())
                .seal(networkKey, new SecureRandom());
        assertThatThrownBy(() -> t0.submit(older).join())
                .hasCauseInstanceOf(QuDagException.class)
                .hasMessageContaining("replayed");
        // a sealed envelope for another network key
        SignedEnvelope otherNet = SignedProposal.sign(me, 101, now, 0, List.of(pattern()), Map.of())
                .seal(NodeIdentity.fromSeed(77).publicIdentity().kemPublicKey(), new SecureRandom());
        assertThatThrownBy(() -> t0.submit(otherNet).join())
                .cause()
                .isInstanceOfSatisfying(
                        QuDagException.class,
                        e -> assertThat(e.code()).isEqualTo(QuDagException.Code.RV008_CRYPTO_ERROR));
    }

    @Test
    void oversizedAndMalformedProposalsAreRejected() {
        NodeIdentity me = net.identity(0);
        assertThatThrownBy(() -> new NoisyPattern(new float[257], AttentionType.AUTO, 5, CountBucket.SOME))
                .isInstanceOf(IllegalArgumentException.class);
        List<NoisyPattern> tooMany = java.util.Collections.nCopies(101, pattern());
        assertThatThrownBy(() -> SignedProposal.sign(me, 1, 0, 0, tooMany, Map.of()))
                .hasMessageContaining("1..100");
        byte[] good = SignedProposal.encode(me.nodeId(), 1, 0, 0, List.of(pattern()), Map.of("k", "v"));
        for (int cut = 0; cut < good.length; cut += 37) {
            byte[] t = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> SignedProposal.decode(t, new byte[3309])).isInstanceOf(QuDagException.class);
        }
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> SignedProposal.decode(trailing, new byte[3309]))
                .hasMessageContaining("trailing");
        assertThatThrownBy(() -> SignedProposal.decode(new byte[(1 << 20) + 1], new byte[3309]))
                .hasMessageContaining("1 MiB");
        assertThat(SignedProposal.decode(good, new byte[3309]).metadata()).containsEntry("k", "v");
        assertThatThrownBy(() -> CanonicalJson.parseMetadata(
                        "{\"b\":\"1\",\"a\":\"2\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .hasMessageContaining("canonical");
    }

    @Test
    void lowQualityAndUnderfundedProposalsAreRejectedEverywhere() {
        String low = c0.proposePattern(
                        PatternProposal.of(AcceptanceFlow.vector(3), 1000, 0.0, Map.of(), PrivacyParams.defaults()))
                .join();
        assertThat(c0.validate(low).join()).isInstanceOf(Validation.Rejected.class);
        assertThat(c0.awaitConsensus(low, Duration.ofSeconds(30)).join()).isEqualTo(ConsensusStatus.REJECTED);
        String poor = c0.proposePattern(
                        PatternProposal.of(AcceptanceFlow.vector(4), 1000, 0.9, Map.of(), PrivacyParams.defaults())
                                .withStake(5000 * TokenConfig.MICROS_PER_RUV))
                .join();
        assertThat(c0.awaitConsensus(poor, Duration.ofSeconds(30)).join()).isEqualTo(ConsensusStatus.REJECTED);
        net.runUntilQuiet(200);
        for (int i = 0; i < 7; i++) {
            assertThat(net.state(i, low).status()).isEqualTo(ConsensusStatus.REJECTED);
        }
        assertThat(c0.syncPatterns(0).join()).isEmpty();
        net.runUntilQuiet(200);
        // a duplicate of a finalized pattern is rejected too
        PatternProposal p =
                PatternProposal.of(AcceptanceFlow.vector(5), 100_000, 0.9, Map.of(), PrivacyParams.gaussian(9.9, 1e-3));
        QuDagClient c2 = QuDagClient.connect(net.transport(2), net.identity(2));
        String first = c2.proposePattern(p).join();
        assertThat(c2.awaitConsensus(first, Duration.ofSeconds(30)).join()).isEqualTo(ConsensusStatus.FINALIZED);
        net.runUntilQuiet(200);
        QuDagClient c1 = QuDagClient.connect(net.transport(1), net.identity(1));
        String dup = c1.proposePattern(p).join();
        assertThat(c1.validate(dup).join())
                .isInstanceOfSatisfying(
                        Validation.Rejected.class, r -> assertThat(r.reason()).contains("duplicates"));
    }

    @Test
    void ledgerReplayAndForeignSignaturesAreRefused() {
        NodeIdentity me = net.identity(0);
        QuDagTransport t0 = net.transport(0);
        long now = net.clock().millis();
        LedgerRequest claim = LedgerRequest.sign(me, LedgerRequest.Kind.CLAIM, now, now, Map.of());
        t0.ledger(claim).join();
        assertThatThrownBy(() -> t0.ledger(claim).join())
                .hasCauseInstanceOf(QuDagException.class)
                .hasMessageContaining("replayed");
        LedgerRequest asOther = LedgerRequest.sign(net.identity(1), LedgerRequest.Kind.CLAIM, now + 1, now, Map.of());
        assertThatThrownBy(() -> t0.ledger(asOther).join()).hasCauseInstanceOf(QuDagException.class);
        LedgerRequest tampered = new LedgerRequest(
                LedgerRequest.Kind.STAKE,
                me.nodeId(),
                now + 2,
                now,
                Map.of("amount", 10 * TokenConfig.MICROS_PER_RUV, "lock_days", 0L),
                claim.signature());
        assertThatThrownBy(() -> t0.ledger(tampered).join()).hasCauseInstanceOf(QuDagException.class);
        assertThat(net.ledger().stakingInfo(me.nodeId()).stakedMicros()).isZero();
    }

    @Test
    void localOnlyAndClosedTransportsAreDisconnected() {
        try (QuDagClient local = QuDagClient.connect(LocalOnlyTransport.create(), net.identity(0))) {
            assertThat(local.isConnected()).isFalse();
            assertRefusedRv005(() -> local.balance().join());
            assertRefusedRv005(
                    () -> local.proposePattern(PatternProposal.of(new float[] {1}, Map.of(), PrivacyParams.defaults()))
                            .join());
        }
        LocalOnlyTransport t = LocalOnlyTransport.create();
        for (Runnable r : List.<Runnable>of(
                () -> t.status().join(),
                () -> t.poll("x").join(),
                () -> t.peers().join(),
                () -> t.validate("x").join(),
                () -> t.fetchFinalized(0, 1).join(),
                () -> t.awaitDecision("x", Duration.ZERO).join())) {
            assertRefusedRv005(r);
        }
        c0.close();
        assertRefusedRv005(() -> c0.balance().join());
        net.close();
        QuDagTransport after = net.transport(1);
        assertRefusedRv005(() -> after.status().join());
    }

    private static void assertRefusedRv005(Runnable r) {
        assertThatThrownBy(r::run)
                .cause()
                .isInstanceOfSatisfying(
                        QuDagException.class,
                        e -> assertThat(e.code()).isEqualTo(QuDagException.Code.RV005_QUDAG_DISCONNECTED));
    }
}
