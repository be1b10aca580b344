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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The upstream and fixture formats (dag-core's test resources), and bad input in each format. */
class OtherFormatsTest {
    @TempDir
    Path dir;

    private String copy(String resource) throws IOException {
        try (InputStream in = OtherFormatsTest.class.getResourceAsStream(resource)) {
            assertThat(in)
                    .as("classpath resource %s (dag-core test-jar)", resource)
                    .isNotNull();
            Path p = dir.resolve(Path.of(resource).getFileName().toString());
            Files.write(p, in.readAllBytes());
            return p.toString();
        }
    }

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/formats/upstream-vector-search.json", "/formats/upstream-legacy-kinds.json"})
    void upstreamFormat(String resource) throws IOException {
        String file = copy(resource);
        QueryDag dag = DagFormats.fromUpstreamJson(Files.readString(Path.of(file)));
        ReportChecks.checkAllFormats(file, dag, "upstream");
        assertThat(CliRun.of("analyze", file).assertOk().out()).contains("format           upstream JSON\n");
    }

    @Test
    void fixtureFileNeedsADagNameWhenItHoldsSeveral() throws IOException {
        String file = copy("/formats/sample_dags.json");
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine())
                .endsWith(": fixture file with 3 named DAGs (simple_scan, hash_join, vector_search);"
                        + " choose one with --dag NAME");
    }

    @Test
    void eachDagOfAFixtureFile() throws IOException {
        String file = copy("/formats/sample_dags.json");
        Map<String, QueryDag> dags = DagFormats.fromFixtureJson(Files.readString(Path.of(file)));
        for (Map.Entry<String, QueryDag> e : dags.entrySet()) {
            ReportChecks.checkAllFormats(file, e.getValue(), "fixture", "--dag", e.getKey());
            JsonNode j = ReportParsing.json(CliRun.of("analyze", file, "--dag", e.getKey(), "-f", "json")
                    .assertOk()
                    .out());
            assertThat(j.get("dag").asText()).isEqualTo(e.getKey());
            assertThat(CliRun.of("analyze", file, "--dag", e.getKey(), "-f", "dot")
                            .out())
                    .startsWith("digraph \"" + e.getKey() + "\" {");
        }
    }

    @Test
    void unknownDagNameInAFixtureFile() throws IOException {
        String file = copy("/formats/sample_dags.json");
        assertThat(CliRun.of("analyze", file, "--dag", "nope")
                        .assertBadInput(file)
                        .errLine())
                .endsWith(": no DAG named 'nope' (the file has: simple_scan, hash_join, vector_search)");
    }

    @Test
    void dagOptionOnASingleDagFile() throws IOException {
        String file = write("one.json", AnalyzeCommandTest.handExample().toJson());
        assertThat(CliRun.of("analyze", file, "--dag", "x").assertBadInput(file).errLine())
                .endsWith(": --dag applies to a fixture file of named DAGs only; this file is neural-dag JSON");
    }

    @Test
    void benchFileWithACycle() throws IOException {
        String file = write(
                "cycle-bench.json",
                "{\"nodes\":[{\"id\":0,\"op\":0,\"cost\":1},{\"id\":1,\"op\":9,\"cost\":1}],\"edges\":[[0,1],[1,0]]}");
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).containsIgnoringCase("cycle");
    }

    @Test
    void benchFileWithABadOperatorIndex() throws IOException {
        String file = write("bad-op.json", "{\"nodes\":[{\"id\":0,\"op\":99,\"cost\":1}],\"edges\":[]}");
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).contains("99");
    }

    @Test
    void truncatedPostgresPlan() throws IOException {
        String plan = Files.readString(Path.of("../examples/plans/05_hash_join_q3.json"));
        String file = write("cut-plan.json", plan.substring(0, plan.length() / 2));
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).contains("line ");
    }

    @Test
    void postgresPlanWithoutPlanNode() throws IOException {
        String file = write("no-plan.json", "[{\"Plan\": 42}]");
        CliRun.of("analyze", file).assertBadInput(file);
    }
}
