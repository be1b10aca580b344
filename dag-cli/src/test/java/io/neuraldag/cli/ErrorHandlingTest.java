package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.DagLimits;
import io.neuraldag.core.Operator;
import io.neuraldag.core.QueryDag;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: exit code 2, one line on stderr naming the file and the problem, no stack trace. */
class ErrorHandlingTest {
    @TempDir
    Path dir;

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    private static String twoNodes() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, new Operator.SeqScan("t"));
        dag.addNode(1, new Operator.Result());
        dag.addEdge(0, 1);
        return dag.toJson();
    }

    @Test
    void malformedJsonNamesLineAndColumn() throws IOException {
        String file = write("broken.json", "{\"version\": 1,\n  \"nodes\": [\n    {\"id\": 0,, }\n  ]\n}\n");
        CliRun run = CliRun.of("analyze", file).assertBadInput(file);
        assertThat(run.errLine()).containsPattern("line 3, column \\d+");
    }

    @Test
    void truncatedJson() throws IOException {
        String json = twoNodes();
        String file = write("cut.json", json.substring(0, json.length() / 2));
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).contains("line 1, column");
    }

    @Test
    void cycleIsRejected() throws IOException {
        String json = twoNodes().replace("\"edges\":[[0,1]]", "\"edges\":[[0,1],[1,0]]");
        assertThat(json).contains("[1,0]");
        String file = write("cycle.json", json);
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).containsIgnoringCase("cycle");
    }

    @Test
    void danglingEdgeIsRejected() throws IOException {
        String file = write("dangling.json", twoNodes().replace("[[0,1]]", "[[0,7]]"));
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).contains("7");
    }

    @Test
    void missingFile() {
        String file = dir.resolve("nope.json").toString();
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).endsWith(": no such file");
    }

    @Test
    void invalidPath() {
        String file = "bad\u0000name.json";
        CliRun run = CliRun.of("analyze", file);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.errLine()).startsWith("neural-dag: bad").contains("not a valid path");
        assertThat(run.err()).doesNotContain("Exception");
    }

    @Test
    void directoryInsteadOfFile() {
        String file = dir.toString();
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).contains("is a directory");
    }

    @Test
    void emptyFile() throws IOException {
        String file = write("empty.json", "  \n");
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).endsWith("file is empty");
    }

    @Test
    void notUtf8() throws IOException {
        Path p = dir.resolve("latin1.json");
        Files.write(p, new byte[] {'{', '"', (byte) 0xE9, '"', ':', '1', '}'});
        String file = p.toString();
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).endsWith("not UTF-8 text");
    }

    @Test
    void oversizedFileIsRejectedBeforeReading() throws IOException {
        Path p = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(DagLimits.MAX_INPUT_BYTES + 1L); // sparse: nothing is written
        }
        String file = p.toString();
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).contains("over the input limit");
    }

    @Test
    void unknownFormat() throws IOException {
        String file = write("other.json", "{\"hello\": [1, 2, 3]}");
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine())
                .endsWith(": unrecognised format: expected neural-dag JSON, benchmark JSON or PostgreSQL EXPLAIN"
                        + " (FORMAT JSON) output");
    }

    @Test
    void unknownFormatArray() throws IOException {
        String file = write("array.json", "[1, 2, 3]");
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine()).contains("unrecognised format");
    }

    @Test
    void notJsonAtAll() throws IOException {
        String file = write("plan.txt", "Seq Scan on users  (cost=0.00..1.00 rows=1 width=4)\n");
        assertThat(CliRun.of("analyze", file).assertBadInput(file).errLine())
                .contains(": not valid JSON: ")
                .contains("(line 1, column ");
    }

    @Test
    void unwritableOutput() throws IOException {
        String file = write("ok.json", twoNodes());
        String out = dir.resolve("no/such/dir/report.txt").toString();
        CliRun run = CliRun.of("analyze", file, "-o", out);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.errLine()).isEqualTo("neural-dag: " + out + ": cannot write: no such directory");
    }

    @Test
    void unknownOptionPrintsUsage() {
        CliRun run = CliRun.of("analyze", "--bogus", "x.json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Unknown option: '--bogus'").contains("Usage: neural-dag analyze");
    }

    @Test
    void badFormatValuePrintsUsage() {
        CliRun run = CliRun.of("analyze", "x.json", "--format", "xml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--format").contains("xml").contains("Usage: neural-dag analyze");
    }

    @Test
    void missingFileArgumentPrintsUsage() {
        CliRun run = CliRun.of("analyze");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter: 'FILE'").contains("Usage:");
    }

    @Test
    void noCommandPrintsUsage() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required command").contains("Usage: neural-dag");
    }

    @Test
    void unknownCommandSuggestsTheRightOne() {
        CliRun run = CliRun.of("analyse", "x.json");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("'analyse'").contains("Did you mean: neural-dag analyze?");
    }
}
