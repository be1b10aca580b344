package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenLedgerTest {
    private static final long RUV = TokenConfig.MICROS_PER_RUV;

    private static VirtualClock clock() {
        return new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void stakingRules() {
        VirtualClock c = clock();
        TokenLedger l = TokenLedger.create(TokenConfig.defaults(), c);
        l.mintGenesis("a", 5000 * RUV);
        assertThatThrownBy(() -> l.stake("a", 5 * RUV, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.stake("a", 2000 * RUV, 30)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> l.stake("b", 100 * RUV, 30))
                .isInstanceOfSatisfying(
                        QuDagException.class,
                        e -> assertThat(e.code()).isEqualTo(QuDagException.Code.RV007_INSUFFICIENT_STAKE));
        l.stake("a", 100 * RUV, 365);
        assertThatThrownBy(() -> l.stake("a", 100 * RUV, 30)).hasMessageContaining("one stake");
        assertThat(l.weight("a")).isEqualTo(200.0 * RUV);
        assertThat(l.relativeWeight("a")).isEqualTo(1.0);
        assertThat(l.relativeWeight("nobody")).isZero();
        assertThatThrownBy(() -> l.unstake("a")).hasMessageContaining("locked");
        c.advance(Duration.ofDays(365));
        assertThat(l.unstake("a")).isEqualTo(100 * RUV);
        assertThat(l.balance("a")).isEqualTo(5000 * RUV);
        TokenLedger empty = TokenLedger.create(TokenConfig.defaults(), c);
        assertThat(empty.relativeWeight("x")).isZero();
    }

    @Test
    void eventRewardsAndClaims() {
        TokenLedger l = TokenLedger.create(TokenConfig.defaults(), clock());
        l.mintGenesis("p", 100 * RUV);
        l.mintGenesis("v", 100 * RUV);
        l.stake("v", 50 * RUV, 30);
        assertThat(l.recordOutcome("x", "p", true, 0.9, 2.5, List.of("v"))).isTrue();
        assertThat(l.recordOutcome("x", "p", true, 0.9, 2.5, List.of("v"))).isFalse();
        assertThat(l.pendingRewards("p")).isEqualTo(30 * RUV);
        assertThat(l.pendingRewards("v")).isEqualTo(2 * RUV);
        l.recordOutcome("y", "p", false, 0.1, 0, List.of());
        assertThat(l.balance("p")).isEqualTo(95 * RUV);
        TokenLedger.ClaimReceipt r = l.claimRewards("p");
        assertThat(r.amountMicros()).isEqualTo(30 * RUV);
        assertThat(r.source()).isEqualTo("events");
        assertThat(l.pendingRewards("p")).isZero();
        assertThat(l.slash("v", "e1")).isEqualTo(50 * RUV);
        assertThat(l.slash("v", "e1")).isZero();
        assertThat(l.stakingInfo("v").stakedMicros()).isZero();
    }

    @Test
    void pendingFivePlusThreeClaimsEight() {
        TokenLedger l =
                TokenLedger.create(TokenConfig.defaults().withRewardPolicy(TokenConfig.RewardPolicy.FORMULA), clock());
        l.recordOutcome("a", "p", true, 0.5, 0, List.of());
        l.recordOutcome("b", "p", true, 0.3, 0, List.of());
        assertThat(l.pendingRewards("p")).isEqualTo(8 * RUV);
        assertThat(l.claimRewards("p").amountMicros()).isEqualTo(8 * RUV);
        assertThat(l.pendingRewards("p")).isZero();
    }

    @Test
    void formulaStakingYieldsAboutFivePercentAYear() {
        VirtualClock c = clock();
        TokenLedger l =
                TokenLedger.create(TokenConfig.defaults().withRewardPolicy(TokenConfig.RewardPolicy.FORMULA), c);
        l.mintGenesis("s", 100 * RUV);
        l.stake("s", 100 * RUV, 365);
        c.advance(Duration.ofDays(365));
        assertThat(l.pendingRewards("s") / (double) RUV).isBetween(4.8, 5.2);
        assertThat(l.stakingInfo("s").aprEstimate()).isEqualTo(0.05);
    }

    @Test
    void governance() {
        VirtualClock c = clock();
        TokenLedger l = TokenLedger.create(TokenConfig.defaults(), c);
        for (String a : new String[] {"x", "y", "z"}) {
            l.mintGenesis(a, 1000 * RUV);
        }
        l.stake("x", 700 * RUV, 30);
        l.stake("y", 300 * RUV, 30);
        String g = l.createGovernance("x", TokenLedger.GovernanceType.PARAMETER_CHANGE, "k to 25");
        l.voteGovernance(g, "x", TokenLedger.Choice.FOR, 700 * RUV);
        assertThatThrownBy(() -> l.voteGovernance(g, "x", TokenLedger.Choice.FOR, 1))
                .hasMessageContaining("already voted");
        assertThatThrownBy(() -> l.voteGovernance(g, "y", TokenLedger.Choice.AGAINST, 301 * RUV))
                .isInstanceOf(QuDagException.class);
        assertThatThrownBy(() -> l.voteGovernance(g, "z", TokenLedger.Choice.AGAINST, 1))
                .isInstanceOfSatisfying(
                        QuDagException.class,
                        e -> assertThat(e.code()).isEqualTo(QuDagException.Code.RV007_INSUFFICIENT_STAKE));
        l.voteGovernance(g, "y", TokenLedger.Choice.AGAINST, 300 * RUV);
        TokenLedger.Tally t = l.tally(g);
        assertThat(t.approval()).isCloseTo(0.7, within(1e-12));
        assertThat(t.participation()).isEqualTo(1.0);
        assertThatThrownBy(() -> l.finalizeGovernance(g)).hasMessageContaining("ends at");
        c.advance(Duration.ofDays(7));
        assertThatThrownBy(() -> l.voteGovernance(g, "y", TokenLedger.Choice.FOR, 1))
                .hasMessageContaining("closed");
        assertThat(l.finalizeGovernance(g).status()).isEqualTo(TokenLedger.GovernanceStatus.PASSED);
        // quorum 0.5 with 100 of 10 000 staked fails
        TokenLedger q = TokenLedger.create(TokenConfig.defaults().withQuorum(0.5), c);
        for (int i = 0; i < 10; i++) {
            q.mintGenesis("n" + i, 1000 * RUV);
            q.stake("n" + i, 1000 * RUV, 0);
        }
        String g2 = q.createGovernance("n0", TokenLedger.GovernanceType.PROTOCOL_UPGRADE, "v2");
        q.voteGovernance(g2, "n0", TokenLedger.Choice.FOR, 100 * RUV);
        assertThat(q.tally(g2).participation()).isEqualTo(0.01);
        assertThat(q.tally(g2).quorumReached()).isFalse();
        String g3 = q.createGovernance("n0", TokenLedger.GovernanceType.PATTERN_POLICY, "none");
        assertThat(q.tally(g3).approval()).isZero();
    }

    @ParameterizedTest(name = "seed={0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void randomOperationsKeepTheInvariants(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        VirtualClock c = clock();
        TokenConfig cfg = TokenConfig.defaults()
                .withRewardPolicy(r.nextBoolean() ? TokenConfig.RewardPolicy.EVENTS : TokenConfig.RewardPolicy.FORMULA);
        TokenLedger l = TokenLedger.create(cfg, c);
        String[] accts = {"a", "b", "c", "d"};
        for (String a : accts) {
            l.mintGenesis(a, (1 + r.nextInt(2000)) * RUV);
        }
        for (int step = 0; step < 300; step++) {
            String a = accts[r.nextInt(accts.length)];
            long before = l.circulatingMicros();
            try {
                switch (r.nextInt(7)) {
                    case 0 -> l.stake(a, r.nextLong(1, 1200) * RUV, r.nextInt(400));
                    case 1 -> l.unstake(a);
                    case 2 -> l.claimRewards(a);
                    case 3 ->
                        l.recordOutcome(
                                "p" + r.nextInt(50),
                                a,
                                r.nextBoolean(),
                                r.nextDouble(),
                                r.nextDouble() * 5,
                                List.of(accts[r.nextInt(4)]));
                    case 4 -> l.slash(a, "e" + r.nextInt(5));
                    case 5 -> c.advance(Duration.ofDays(r.nextInt(40)));
                    default -> l.balance(a);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                assertThat(l.circulatingMicros())
                        .as("failed op changed state, seed %d", seed)
                        .isEqualTo(before);
            }
            for (String x : accts) {
                assertThat(l.balance(x)).isNotNegative();
                assertThat(l.stakingInfo(x).stakedMicros()).isNotNegative();
                assertThat(l.pendingRewards(x)).isNotNegative();
            }
            assertThat(l.circulatingMicros())
                    .as("conservation, seed %d step %d", seed, step)
                    .isEqualTo(l.genesisMicros() + l.claimedMicros() - l.slashedMicros() - l.penaltyMicros());
        }
    }
}
