package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuraldag.core.DagFormats;
import io.neuraldag.core.QueryDag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The four benchmark DAGs (dag-core's test resources), in the benchmark format: every report
 * against the library, and the critical-path cost against the value the original implementation
 * computed ({@code n*.expected.json}).
 */
class BenchDagsTest {
    @TempDir
    Path dir;

    private static String resource(String name) throws IOException {
        try (InputStream in = BenchDagsTest.class.getResourceAsStream("/bench-dags/" + name)) {
            assertThat(in)
                    .as("classpath resource bench-dags/%s (dag-core test-jar)", name)
                    .isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "n{0}")
    @CsvSource({"10, 9", "100, 181", "500, 961", "1000, 1935"})
    void benchDag(int nodes, int edges) throws IOException {
        String text = resource("n" + nodes + ".json");
        Path file = dir.resolve("n" + nodes + ".json");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        QueryDag dag = DagFormats.fromBenchJson(text);
        assertThat(dag.nodeCount()).isEqualTo(nodes);
        assertThat(dag.edgeCount()).isEqualTo(edges);
        ReportChecks.checkAllFormats(file.toString(), dag, "bench");

        JsonNode expected = ReportParsing.json(resource("n" + nodes + ".expected.json"));
        JsonNode report = ReportParsing.json(
                CliRun.of("analyze", file.toString(), "-f", "json").assertOk().out());
        assertThat(report.get("nodes").asInt()).isEqualTo(nodes);
        assertThat(report.get("edges").asInt()).isEqualTo(edges);
        assertThat(report.get("critical_path").get("cost").asDouble())
                .isEqualTo(expected.get("critical_path").get("cost").asDouble());
    }
}
