package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "neural-dag bench": argument handling (no database needed), the URL default and the progress bar. */
class BenchCommandTest {

    @Test
    void withoutACommandItShowsUsage() {
        CliRun r = CliRun.of("bench");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("Missing required command")
                .contains("corr")
                .contains("tpch");
    }

    @Test
    void outOfRangeNumbersAreOneLineErrors() {
        CliRun q = CliRun.of("bench", "corr", "--queries", "0");
        assertThat(q.exitCode()).isEqualTo(2);
        assertThat(q.errLine()).isEqualTo("neural-dag: bench corr: --queries must be in 1..100000: 0");
        CliRun o = CliRun.of("bench", "corr", "--orders", "21");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.errLine()).isEqualTo("neural-dag: bench corr: --orders must be in 1..20: 21");
        CliRun s = CliRun.of("bench", "corr", "--scale", "huge");
        assertThat(s.exitCode()).isEqualTo(2);
        assertThat(s.err()).contains("huge");
        CliRun sf = CliRun.of("bench", "tpch", "--sf", "0");
        assertThat(sf.exitCode()).isEqualTo(2);
        assertThat(sf.errLine()).isEqualTo("neural-dag: bench tpch: scale factor must be in (0, 10]: 0.0");
        CliRun rounds = CliRun.of("bench", "tpch", "--rounds", "0");
        assertThat(rounds.exitCode()).isEqualTo(2);
        assertThat(rounds.errLine()).isEqualTo("neural-dag: bench tpch: rounds must be in 1..100: 0");
    }

    @Test
    void aNonPostgresUrlIsRejectedBeforeAnyWork() {
        CliRun r = CliRun.of("bench", "corr", "--scale", "small", "--url", "jdbc:mysql://localhost/x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("neural-dag: bench corr: not a PostgreSQL JDBC URL: jdbc:mysql://localhost/x");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void theUrlComesFromTheOptionThenTheEnvironmentThenTheDefault() {
        assertThat(BenchCommand.url("jdbc:postgresql://h/db", Map.of("NEURALDAG_PG_URL", "jdbc:postgresql://e/db")))
                .isEqualTo("jdbc:postgresql://h/db");
        assertThat(BenchCommand.url(null, Map.of("NEURALDAG_PG_URL", "jdbc:postgresql://e/db")))
                .isEqualTo("jdbc:postgresql://e/db");
        assertThat(BenchCommand.url(" ", Map.of())).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    @Test
    void theProgressBarRedrawsOncePerPercentAndBreaksLinesBetweenPhases() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w, true));
        for (int i = 0; i <= 200; i++) {
            bar.update("learned 1/3", i, 200);
        }
        bar.update("PG + statistics", 0, 0);
        bar.finish();
        String s = w.toString();
        assertThat(s.chars().filter(ch -> ch == '\r').count()).isEqualTo(102);
        assertThat(s).contains("[##############################] 100% learned 1/3 200/200");
        assertThat(s).contains("[...............]".substring(0, 5));
        assertThat(s.chars().filter(ch -> ch == '\n').count()).isEqualTo(2);
        assertThat(s).endsWith("100% PG + statistics 0/0" + System.lineSeparator());
    }

    @Test
    void helpListsTheOptions() {
        CliRun r = CliRun.of("bench", "corr", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("--scale")
                .contains("--queries")
                .contains("--orders")
                .contains("--out")
                .contains("--url");
    }
}
