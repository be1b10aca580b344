package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * "neural-dag qudag simulate": determinism for a seed, safety for f < n/3 over seeds (with
 * decisions actually taken, so the check is not vacuous), liveness without faults, the warning at
 * f >= n/3, and one-line errors for bad option values.
 */
class QudagSimulateCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String... args) {
        String[] all = Stream.concat(Stream.of("qudag", "simulate", "--format", "json"), Stream.of(args))
                .toArray(String[]::new);
        CliRun run = CliRun.of(all).assertOk();
        try {
            return MAPPER.readTree(run.out());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counters that must add up in every report. */
    private static void assertConsistent(JsonNode r) {
        int honest = r.get("nodes").asInt() - r.get("byzantine").asInt();
        assertThat(r.at("/reasoning_banks/honest_nodes").asInt()).isEqualTo(honest);
        JsonNode m = r.get("messages");
        assertThat(m.get("delivered").asLong() + m.get("dropped").asLong())
                .isEqualTo(m.get("sent").asLong());
        for (JsonNode p : r.get("proposals")) {
            assertThat(p.get("finalized").asInt()
                            + p.get("rejected").asInt()
                            + p.get("undecided").asInt())
                    .as("%s", p)
                    .isEqualTo(honest);
        }
        assertThat(r.at("/reasoning_banks/found").asInt())
                .isLessThanOrEqualTo(r.at("/reasoning_banks/synced").asInt());
        assertThat(r.at("/reasoning_banks/synced").asInt())
                .isEqualTo(r.at("/proposals/0/finalized").asInt());
    }

    private static int decisions(JsonNode r) {
        int d = 0;
        for (JsonNode p : r.get("proposals")) {
            d += p.get("finalized").asInt() + p.get("rejected").asInt();
        }
        return d;
    }

    @Test
    void theSameSeedGivesTheSameOutputTwice() {
        String[] args = {"qudag", "simulate", "--nodes", "7", "--byzantine", "2", "--drop", "0.2", "--seed", "1"};
        String first = CliRun.of(args).assertOk().out();
        assertThat(CliRun.of(args).assertOk().out()).isEqualTo(first);
        assertThat(first)
                .contains("qudag simulate: 7 nodes, 2 Byzantine (5 equivocate, 6 flip), drop 0.2, seed 1")
                .contains("messages: ")
                .contains("safety: held")
                .contains("retries 3, min validators 4")
                .doesNotContain("not reached");
        JsonNode a = json("--nodes", "7", "--byzantine", "2", "--drop", "0.2", "--seed", "1");
        assertThat(json("--nodes", "7", "--byzantine", "2", "--drop", "0.2", "--seed", "1"))
                .isEqualTo(a);
        assertConsistent(a);
        // with retransmission every honest node decides both proposals at 20 % loss
        assertThat(a.get("rounds_to_finality").isNull()).isFalse();
        assertThat(a.at("/proposals/0/finalized").asInt()).isEqualTo(5);
        assertThat(a.at("/proposals/1/rejected").asInt()).isEqualTo(5);
        // the text and the JSON report describe the same run
        assertThat(first)
                .contains("messages: " + a.at("/messages/sent").asLong() + " sent, "
                        + a.at("/messages/delivered").asLong() + " delivered, "
                        + a.at("/messages/dropped").asLong()
                        + " dropped");
        JsonNode other = json("--nodes", "7", "--byzantine", "2", "--drop", "0.2", "--seed", "2");
        assertThat(other.get("messages")).isNotEqualTo(a.get("messages"));
    }

    static Stream<Arguments> minorityRuns() {
        return Stream.of(
                Arguments.of(7, 2, "0", 1L),
                Arguments.of(7, 2, "0.05", 2L),
                Arguments.of(7, 2, "0.05", 3L),
                Arguments.of(10, 3, "0", 4L),
                Arguments.of(10, 3, "0.05", 5L),
                Arguments.of(13, 4, "0.05", 6L));
    }

    @ParameterizedTest(name = "n={0} f={1} drop={2} seed={3}")
    @MethodSource("minorityRuns")
    void withFewerThanAThirdByzantineHonestNodesNeverDisagree(int n, int f, String drop, long seed) {
        JsonNode r = json(
                "--nodes", "" + n, "--byzantine", "" + f, "--drop", drop, "--seed", "" + seed, "--behavior", "mixed");
        assertConsistent(r);
        assertThat(r.get("safety_guaranteed").asBoolean()).isTrue();
        assertThat(r.has("warning")).isFalse();
        assertThat(decisions(r))
                .as("decisions taken (else safety is vacuous): %s", r)
                .isPositive();
        assertThat(r.get("safety_held").asBoolean()).as("seed %d: %s", seed, r).isTrue();
        assertThat(r.get("validity_held").asBoolean())
                .as("seed %d: %s", seed, r)
                .isTrue();
        for (JsonNode p : r.get("proposals")) {
            assertThat(p.get("agreed").asBoolean()).isTrue();
        }
        assertThat(r.at("/flagged_byzantine/honest").asInt()).isZero();
    }

    @ParameterizedTest(name = "behavior={0}")
    @MethodSource("behaviors")
    void everyBehaviorKeepsSafety(String behavior) {
        JsonNode r = json("--nodes", "7", "--byzantine", "2", "--behavior", behavior, "--seed", "9");
        assertThat(r.get("behavior").asText()).isEqualTo(behavior);
        for (JsonNode b : r.get("byzantine_nodes")) {
            assertThat(b.get("behavior").asText()).isEqualTo(behavior);
        }
        assertThat(decisions(r)).isPositive();
        assertThat(r.get("safety_held").asBoolean()).as("%s", r).isTrue();
    }

    static Stream<String> behaviors() {
        return Stream.of("flip", "equivocate", "forge", "replay");
    }

    @Test
    void withoutFaultsEveryHonestNodeDecidesBothWithinMaxRoundsAndSyncsTheValidPattern() {
        JsonNode r = json("--nodes", "7", "--seed", "3");
        assertConsistent(r);
        int beta = r.at("/snowball/beta").asInt();
        long rounds = r.get("rounds_to_finality").asLong();
        // a decision needs beta consecutive successful polls, so it cannot come before round beta
        assertThat(rounds).isBetween((long) beta, r.at("/snowball/max_rounds").asLong());
        assertThat(r.get("virtual_ms_to_finality").asLong())
                .isEqualTo(rounds * r.at("/snowball/round_timeout_ms").asLong());
        assertThat(r.at("/proposals/0/finalized").asInt()).isEqualTo(7);
        assertThat(r.at("/proposals/1/rejected").asInt()).isEqualTo(7);
        assertThat(r.at("/reasoning_banks/found").asInt()).isEqualTo(7);
        assertThat(r.at("/messages/dropped").asLong()).isZero();
        assertThat(r.get("poll_success_probability").asDouble()).isEqualTo(1.0);
        CliRun text =
                CliRun.of("qudag", "simulate", "--nodes", "7", "--seed", "3").assertOk();
        assertThat(text.out())
                .contains("rounds to finality: " + rounds + " (virtual time ")
                .contains("reasoning banks: valid pattern synced into 7 of 7 honest nodes, found by querySimilar at 7")
                .doesNotContain("warning");
    }

    @Test
    void heavyLossWithoutDecisionsSaysSoAndGivesThePollBound() {
        CliRun run = CliRun.of(
                        "qudag", "simulate", "--nodes", "7", "--drop", "0.6", "--seed", "1", "--max-rounds", "30")
                .assertOk();
        assertThat(run.out())
                .contains("rounds to finality: not reached in 30 rounds")
                .contains("note: a poll of 6 peers gets at least alpha 4 answers with probability")
                .contains("(query and answer, 3 retries)");
        JsonNode r = json("--nodes", "7", "--drop", "0.6", "--seed", "1", "--max-rounds", "30");
        assertThat(r.get("rounds_to_finality").isNull()).isTrue();
        // P(Binomial(6, q) >= 4), computed by hand: 15 q^4 p^2 + 6 q^5 p + q^6, where q is the chance
        // that one of the 4 tries (3 retries) of a poll gets its answer back: 1 - (1 - 0.16)^4
        double q = 1 - Math.pow(0.84, 4);
        double p = 1 - q;
        double expected = 15 * Math.pow(q, 4) * p * p + 6 * Math.pow(q, 5) * p + Math.pow(q, 6);
        assertThat(r.get("poll_success_probability").asDouble())
                .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void aThirdOrMoreByzantineRunsButWarnsThatSafetyIsNotGuaranteed() {
        CliRun run = CliRun.of("qudag", "simulate", "--nodes", "7", "--byzantine", "3")
                .assertOk();
        assertThat(run.out()).contains("warning: 3 of 7 nodes are Byzantine (f >= n/3): safety is not guaranteed");
        JsonNode r = json("--nodes", "6", "--byzantine", "2");
        assertThat(r.get("safety_guaranteed").asBoolean()).isFalse();
        assertThat(r.get("warning").asText()).contains("safety is not guaranteed");
        assertThat(json("--nodes", "7", "--byzantine", "2")
                        .get("safety_guaranteed")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void presetsAndExplicitMinValidators() {
        JsonNode fast = json("--nodes", "7", "--preset", "fast", "--min-validators", "3", "--max-rounds", "60");
        assertThat(fast.at("/snowball/preset").asText()).isEqualTo("fast");
        assertThat(fast.at("/snowball/beta").asInt()).isEqualTo(8);
        assertThat(fast.at("/snowball/min_validators").asInt()).isEqualTo(3);
        assertThat(fast.at("/snowball/max_rounds").asInt()).isEqualTo(60);
        assertThat(fast.get("rounds_to_finality").asLong()).isBetween(8L, 60L);
        JsonNode high = json("--nodes", "4", "--preset", "HIGH-SECURITY");
        assertThat(high.at("/snowball/preset").asText()).isEqualTo("high-security");
        assertThat(high.at("/snowball/k").asInt()).isEqualTo(3);
        // default min(5, n - 1 - f) = 3, capped at n - 1 - floor((n - 1)/3) = 2 honest peers
        assertThat(high.at("/snowball/min_validators").asInt()).isEqualTo(2);
        assertThat(high.at("/snowball/max_retries").asInt()).isEqualTo(3);
        // one honest node only: it proposes both patterns itself
        JsonNode lone = json("--nodes", "3", "--byzantine", "2", "--max-rounds", "5");
        assertThat(lone.at("/proposals/1/proposer").asInt()).isZero();
        assertThat(lone.at("/snowball/min_validators").asInt()).isEqualTo(1);
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("--nodes", "-3"),
                Arguments.of("--nodes", "1"),
                Arguments.of("--nodes", "1001"),
                Arguments.of("--byzantine", "-1"),
                Arguments.of("--byzantine", "7"),
                Arguments.of("--drop", "NaN"),
                Arguments.of("--drop", "-0.1"),
                Arguments.of("--drop", "1"),
                Arguments.of("--drop", "Infinity"),
                Arguments.of("--max-rounds", "0"),
                Arguments.of("--max-rounds", "-5"),
                Arguments.of("--min-validators", "0"),
                Arguments.of("--min-validators", "7"),
                Arguments.of("--preset", "slow"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badValues")
    void aBadValueIsOneLineAndExitCodeTwo(String option, String value) {
        CliRun run = option.equals("--nodes")
                ? CliRun.of("qudag", "simulate", option, value)
                : CliRun.of("qudag", "simulate", "--nodes", "7", option, value);
        run.assertBadInput(option);
        assertThat(run.errLine()).contains(value);
    }

    @Test
    void aNonNumberIsAUsageError() {
        CliRun run = CliRun.of("qudag", "simulate", "--nodes", "seven");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--nodes").contains("seven");
    }

    @Test
    void theQudagCommandNeedsASubcommandAndListsSimulate() {
        CliRun bare = CliRun.of("qudag");
        assertThat(bare.exitCode()).isEqualTo(2);
        assertThat(bare.err()).contains("Missing required command");
        assertThat(CliRun.of("qudag", "--help").assertOk().out()).contains("simulate");
        assertThat(CliRun.of("--help").assertOk().out()).contains("qudag");
        assertThat(CliRun.of("qudag", "simulate", "--help").assertOk().out())
                .contains("--byzantine")
                .contains("--drop")
                .contains("--format");
    }
}
