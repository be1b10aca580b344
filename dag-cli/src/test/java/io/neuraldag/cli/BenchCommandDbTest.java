package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "neural-dag bench corr" against the real server at the small scale: the report goes to standard
 * output and into --out. Skipped without a reachable server unless CI=true.
 */
class BenchCommandDbTest {

    @Test
    void smallRunWritesTheReportAndThePlot(@TempDir Path dir) throws Exception {
        String url = BenchCommand.url(null, System.getenv());
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            try (Connection c = DriverManager.getConnection(url)) {
                Assumptions.assumeTrue(c.isValid(2), "server did not answer");
            } catch (SQLException e) {
                Assumptions.abort("no PostgreSQL at " + url + ": " + e.getMessage());
            }
        }
        Path out = dir.resolve("out");
        CliRun r = CliRun.of(
                "bench",
                "corr",
                "--scale",
                "small",
                "--queries",
                "40",
                "--orders",
                "1",
                "--seed",
                "42",
                "--out",
                out.toString(),
                "--url",
                url);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("learned 1/1 40/40").contains("100%");
        assertThat(r.out())
                .contains("| order |")
                .contains("| template |")
                .contains("q-error")
                .contains(", 0 differ");
        assertThat(Files.readString(out.resolve("report.md")))
                .isEqualTo(r.out().substring(0, r.out().indexOf("written: ")));
        assertThat(Files.readString(out.resolve("cumulative.svg")))
                .startsWith("<svg")
                .contains("<polyline");
        List<String> rows = Files.readAllLines(out.resolve("queries.csv"));
        assertThat(rows).hasSize(41);
        assertThat(rows.get(0)).startsWith("order,index,template,binds,trap,arm,");
        assertThat(rows.get(40)).startsWith("1,40,");
    }
}
