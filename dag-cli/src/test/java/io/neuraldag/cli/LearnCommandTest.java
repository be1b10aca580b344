package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearnCommandTest {

    /** The repository's real EXPLAIN ANALYZE plans (24 files). */
    private static final String PLANS = examples();

    private static String examples() {
        Path p = Path.of("../examples/plans");
        return Files.isDirectory(p) ? p.toString() : "examples/plans";
    }

    @Test
    void learnsPatternsFromTheExamplePlans() {
        CliRun run = CliRun.of("learn", "--plans", PLANS, "--rounds", "6", "--no-progress")
                .assertOk();
        String out = run.out();
        assertThat(out).contains("plans: 24 replayed, 0 skipped");
        assertThat(out).contains("round  queries  pattern applied  mean quality  patterns  cycle");
        // cycles need 100 trajectories: rounds 1-4 skip, round 5 clusters the 120 buffered ones
        assertThat(out).contains("skipped (96 of 100 trajectories)");
        assertThat(out).containsPattern("\\n    5       24  +0  .*clusters: \\d+ stored, \\d+ merged");
        // round 6 applies the learned patterns (5 identical members each: confidence 5/6 > 0.8)
        assertThat(out).containsPattern("\\n    6       24  +2[0-4] ");
        assertThat(out).contains("patterns: ");
        assertThat(out).contains("05_hash_join_q3.json");
        assertThat(out).contains("(pattern ");
    }

    @Test
    void stateIsSavedAndLoaded(@TempDir Path dir) {
        Path state = dir.resolve("sona.state");
        CliRun.of("learn", "--plans", PLANS, "--rounds", "5", "--state", state.toString(), "--no-progress")
                .assertOk();
        assertThat(state).exists();
        CliRun second = CliRun.of(
                        "learn", "--plans", PLANS, "--rounds", "1", "--state", state.toString(), "--no-progress")
                .assertOk();
        assertThat(second.out()).contains("loaded ").contains(" patterns from " + state);
        // with the loaded patterns the very first round already applies them
        assertThat(second.out()).containsPattern("\\n    1       24  +2[0-4] ");
    }

    @Test
    void drawsAProgressBar() {
        CliRun run = CliRun.of("learn", "--plans", PLANS, "--rounds", "2");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("learning [###############---------------] 1/2 rounds");
        assertThat(run.err()).contains("] 2/2 rounds");
    }

    @Test
    void badInputIsOneLine(@TempDir Path dir) throws IOException {
        CliRun.of("learn", "--plans", dir.resolve("nope").toString(), "--no-progress")
                .assertBadInput(dir.resolve("nope").toString());
        CliRun.of("learn", "--plans", dir.toString(), "--no-progress").assertBadInput(dir.toString());
        CliRun.of("learn", "--plans", PLANS, "--rounds", "0").assertBadInput("--rounds");
        Path corrupt = dir.resolve("corrupt.state");
        Files.write(corrupt, new byte[] {'S', 'O', 'N', 'A', 0, 0, 0, 1, 0});
        CliRun bad = CliRun.of("learn", "--plans", PLANS, "--state", corrupt.toString(), "--no-progress");
        bad.assertBadInput(corrupt.toString());
        assertThat(bad.errLine()).contains("cannot load learned state");
        Files.writeString(dir.resolve("not-a-plan.json"), "{\"nodes\": []}");
        Files.writeString(dir.resolve("readme.txt"), "ignored");
        CliRun skipped = CliRun.of("learn", "--plans", dir.toString(), "--no-progress");
        skipped.assertBadInput(dir.toString());
    }

    @Test
    void helpDescribesTheCommand() {
        CliRun run = CliRun.of("learn", "--help").assertOk();
        assertThat(run.out()).contains("--plans=DIR").contains("--rounds=N").contains("--state=FILE");
        assertThat(CliRun.of("--help").out()).contains("learn");
    }
}
