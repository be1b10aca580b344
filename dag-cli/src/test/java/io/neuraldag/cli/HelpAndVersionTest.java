package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelpAndVersionTest {
    @Test
    void topLevelHelp() {
        CliRun run = CliRun.of("--help").assertOk();
        assertThat(run.out()).startsWith("Usage: neural-dag [-hV] COMMAND").contains("analyze");
    }

    @Test
    void analyzeHelpListsTheOptions() {
        CliRun run = CliRun.of("analyze", "--help").assertOk();
        assertThat(run.out())
                .contains("Usage: neural-dag analyze")
                .contains("--format")
                .contains("--output");
        assertThat(run.out()).contains("text, json, dot").contains("PostgreSQL EXPLAIN");
        assertThat(CliRun.of("help", "analyze").assertOk().out()).isEqualTo(run.out());
    }

    @Test
    void version() {
        CliRun run = CliRun.of("--version").assertOk();
        assertThat(run.out().strip()).matches("neural-dag \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(run.out().strip()).isEqualTo("neural-dag " + NeuralDagCli.Version.version());
        assertThat(CliRun.of("-V").assertOk().out()).isEqualTo(run.out());
    }
}
