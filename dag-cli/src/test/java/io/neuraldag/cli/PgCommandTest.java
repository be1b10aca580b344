package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The pg commands without a server: usage, the missing URL, a URL of another driver, a server that
 * refuses the connection (port 1 on the loopback address), and a password in the URL that never
 * appears in a message.
 */
class PgCommandTest {

    @Test
    void withoutCommandShowsUsage() {
        CliRun r = CliRun.of("pg");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("Missing required command")
                .contains("analyze")
                .contains("status");
    }

    @Test
    void blankUrlIsOneLine() {
        CliRun.of("pg", "status", "--url", " ").assertBadInput("pg");
        CliRun r = CliRun.of("pg", "analyze", "--url", "", "SELECT 1").assertBadInput("pg");
        assertThat(r.errLine()).contains("NEURALDAG_PG_URL").contains("--url");
    }

    @Test
    void urlOfAnotherDatabaseIsRejected() {
        CliRun r = CliRun.of("pg", "analyze", "--url", "jdbc:mysql://localhost/x", "SELECT 1")
                .assertBadInput("--url");
        assertThat(r.errLine()).contains("not a PostgreSQL JDBC URL").contains("jdbc:mysql://localhost/x");
    }

    @Test
    void malformedPostgresUrlIsRejected() {
        CliRun r = CliRun.of("pg", "status", "--url", "jdbc:postgresql://127.0.0.1:notaport/test")
                .assertBadInput("--url");
        assertThat(r.errLine()).contains("not a valid PostgreSQL JDBC URL");
    }

    @Test
    void unreachableServerIsOneLineAndHidesThePassword() {
        String url = "jdbc:postgresql://127.0.0.1:1/test?password=s3cret&sslmode=disable";
        for (String[] args : new String[][] {
            {"pg", "analyze", "--url", url, "SELECT 1"}, {"pg", "status", "--url", url, "--format", "json"}
        }) {
            CliRun r =
                    CliRun.of(args).assertBadInput("jdbc:postgresql://127.0.0.1:1/test?password=***&sslmode=disable");
            assertThat(r.errLine())
                    .contains("cannot connect")
                    .contains("SQLSTATE 08")
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void badSchemaNameIsRejectedBeforeConnecting() {
        CliRun r = CliRun.of("pg", "status", "--url", "jdbc:postgresql://127.0.0.1:1/test", "--schema", "a;b")
                .assertBadInput("--schema");
        assertThat(r.errLine()).contains("[RV011]").contains("schema name");
    }

    @Test
    void unknownFormatIsAUsageError() {
        CliRun r = CliRun.of("pg", "analyze", "--url", "jdbc:postgresql://127.0.0.1:1/test", "-f", "dot", "SELECT 1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("--format");
    }

    @Test
    void maskingKeepsOtherParameters() {
        assertThat(PgDatabase.masked("jdbc:postgresql://h/db?user=a&PASSWORD=x;y&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=a&PASSWORD=***;y&ssl=true");
        assertThat(PgDatabase.masked("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }
}
