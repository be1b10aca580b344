package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.DagOracles;
import io.neuraldag.core.testing.RandomDags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnalyzeCommandTest {
    @TempDir
    Path dir;

    /*
     * Hand-computed example. Data flow (edges point to the consumer):
     *
     *   0 SeqScan users (10) -> 1 Filter (2) -> 3 HashJoin (5) -> 4 Sort (3) -> 5 Limit (1)
     *   2 SeqScan orders (30) ----------------^
     *
     * Paths: 0-1-3-4-5 cost 21, 2-3-4-5 cost 39: critical path [2, 3, 4, 5], cost 39. Total cost 51,
     * bottleneck = 30 / 51. Sources {0, 2}, sinks {5}. Depth (edges to the sink): 0 -> 4, so max depth
     * 4; levels: {0,2}=0, 1=1, 3=2, 4=3, 5=4, so branch count 2. Two source-to-sink paths: 3, 4 and 5
     * lie on both (kappa 1), 0, 1 and 2 on one (kappa 1/2). Top five: 3, 4, 5, then 0, 1 (ties by id).
     */
    static QueryDag handExample() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("users"), 1000, 10));
        dag.addNode(1, OperatorNode.of(new Operator.Filter("id > 0"), 900, 2));
        dag.addNode(2, OperatorNode.of(new Operator.SeqScan("orders"), 5000, 30));
        dag.addNode(3, OperatorNode.of(new Operator.HashJoin("o.user_id = u.id", JoinType.INNER), 5000, 5));
        dag.addNode(4, OperatorNode.of(new Operator.Sort(List.of("o.created_at"), List.of(true)), 5000, 3));
        dag.addNode(5, OperatorNode.of(new Operator.Limit(10), 10, 1));
        dag.addEdge(0, 1);
        dag.addEdge(1, 3);
        dag.addEdge(2, 3);
        dag.addEdge(3, 4);
        dag.addEdge(4, 5);
        return dag;
    }

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    @Test
    void textReportOfTheHandExample() throws IOException {
        String file = write("hand.json", handExample().toJson());
        String out = CliRun.of("analyze", file).assertOk().out();
        ReportParsing.Text t = ReportParsing.text(out);
        assertThat(t.value("file")).isEqualTo(file);
        assertThat(t.value("format")).isEqualTo("neural-dag JSON");
        assertThat(t.integer("nodes")).isEqualTo(6);
        assertThat(t.integer("edges")).isEqualTo(5);
        assertThat(t.value("sources")).isEqualTo("2  [0, 2]");
        assertThat(t.value("sinks")).isEqualTo("1  [5]");
        assertThat(t.integer("max depth")).isEqualTo(4);
        assertThat(t.integer("branch count")).isEqualTo(2);
        assertThat(t.value("critical path")).isEqualTo("4 nodes, cost 39");
        assertThat(t.path()).extracting(r -> r[0]).containsExactly("2", "3", "4", "5");
        assertThat(t.path()).extracting(r -> r[r.length - 1]).containsExactly("30", "5", "3", "1");
        assertThat(out).contains("   2  SeqScan   orders                       30\n");
        assertThat(out).contains("   4  Sort      o.created_at DESC             3\n");
        assertThat(t.value("bottleneck score")).isEqualTo(String.format(java.util.Locale.ROOT, "%.6f", 30.0 / 51));
        assertThat(t.top()).extracting(r -> r[0]).containsExactly("3", "4", "5", "0", "1");
        assertThat(t.top())
                .extracting(r -> r[r.length - 1])
                .containsExactly("1.000000", "1.000000", "1.000000", "0.500000", "0.500000");
        assertThat(t.values()).doesNotContainKeys("planning time", "execution time");
    }

    @Test
    void jsonReportOfTheHandExample() throws IOException {
        String file = write("hand.json", handExample().toJson());
        JsonNode j = ReportParsing.json(
                CliRun.of("analyze", file, "-f", "json").assertOk().out());
        assertThat(j.get("format").asText()).isEqualTo("canonical");
        assertThat(j.get("nodes").asInt()).isEqualTo(6);
        assertThat(j.get("edges").asInt()).isEqualTo(5);
        assertThat(ReportChecks.ints(j.get("sources"))).containsExactly(0, 2);
        assertThat(ReportChecks.ints(j.get("sinks"))).containsExactly(5);
        assertThat(j.get("max_depth").asInt()).isEqualTo(4);
        assertThat(j.get("branch_count").asInt()).isEqualTo(2);
        assertThat(j.get("critical_path").get("cost").asDouble()).isEqualTo(39.0);
        assertThat(ReportChecks.ints(j.get("critical_path").get("path"))).containsExactly(2, 3, 4, 5);
        assertThat(j.get("critical_path").get("nodes").get(0).get("detail").asText())
                .isEqualTo("orders");
        assertThat(j.get("bottleneck_score").asDouble()).isEqualTo(30.0 / 51);
        JsonNode top = j.get("top_criticality");
        assertThat(top).hasSize(5);
        assertThat(top.get(0).get("kappa").asDouble()).isEqualTo(1.0);
        assertThat(top.get(4).get("id").asInt()).isEqualTo(1);
        assertThat(top.get(4).get("kappa").asDouble()).isEqualTo(0.5);
        assertThat(j.has("planning_time_ms")).isFalse();
        assertThat(j.has("execution_time_ms")).isFalse();
    }

    @Test
    void dotReportOfTheHandExample() throws IOException {
        String file = write("hand.json", handExample().toJson());
        String out = CliRun.of("analyze", file, "--format", "DOT").assertOk().out();
        ReportParsing.Dot d = ReportParsing.dot(out);
        assertThat(out).startsWith("digraph \"hand\" {\n");
        assertThat(d.labels()).hasSize(6);
        assertThat(d.labels().get(2)).isEqualTo("2 SeqScan\\norders\\ncost 30\\ncrit 0.333333");
        assertThat(d.labels().get(5)).isEqualTo("5 Limit\\n10\\ncost 1");
        assertThat(d.edges()).hasSize(5);
        assertThat(d.highlightedNodes()).containsExactlyInAnyOrder(2, 3, 4, 5);
        assertThat(d.highlightedEdges()).containsExactlyInAnyOrder(List.of(2, 3), List.of(3, 4), List.of(4, 5));
    }

    @Test
    void dotQuotesEveryLabel() throws IOException {
        QueryDag dag = new QueryDag();
        dag.addNode(0, new Operator.SeqScan("we\"ird\\name"));
        dag.addNode(1, new Operator.Filter("a = 'x'\n  AND b > 2"));
        dag.addEdge(0, 1);
        String out = CliRun.of("analyze", write("q\"uote.json", dag.toJson()), "-f", "dot")
                .assertOk()
                .out();
        ReportParsing.Dot d = ReportParsing.dot(out);
        assertThat(out).startsWith("digraph \"q\\\"uote\" {");
        assertThat(d.labels().get(0)).isEqualTo("0 SeqScan\\nwe\\\"ird\\\\name\\ncost 0");
        assertThat(d.labels().get(1)).isEqualTo("1 Filter\\na = 'x' AND b > 2\\ncost 0");
    }

    @Test
    void outputOptionWritesTheFileAndNothingToStdout() throws IOException {
        String file = write("hand.json", handExample().toJson());
        Path target = dir.resolve("report.dot");
        CliRun run =
                CliRun.of("analyze", file, "-f", "dot", "-o", target.toString()).assertOk();
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(target))
                .isEqualTo(CliRun.of("analyze", file, "-f", "dot").out());
    }

    @Test
    void emptyDag() throws IOException {
        String file = write("empty.json", new QueryDag().toJson());
        ReportParsing.Text t =
                ReportParsing.text(CliRun.of("analyze", file).assertOk().out());
        assertThat(t.integer("nodes")).isZero();
        assertThat(t.value("critical path")).isEqualTo("0 nodes, cost 0");
        assertThat(t.path()).isEmpty();
        assertThat(t.top()).isEmpty();
        ReportChecks.checkAllFormats(file, new QueryDag(), "canonical");
    }

    @Test
    void longIdListsAreCutInTextButCompleteInJson() throws IOException {
        QueryDag dag = new QueryDag();
        for (int i = 0; i < 40; i++) {
            dag.addNode(i, new Operator.SeqScan("t" + i));
        }
        String file = write("wide.json", dag.toJson());
        ReportParsing.Text t =
                ReportParsing.text(CliRun.of("analyze", file).assertOk().out());
        assertThat(t.value("sources")).startsWith("40  [0, 1, 2,").endsWith(", 15, ... +24 more]");
        JsonNode j = ReportParsing.json(CliRun.of("analyze", file, "-f", "json").out());
        assertThat(j.get("sources")).hasSize(40);
    }

    static List<RandomDags.Spec> dags() {
        return RandomDags.specs(0xC11L, 60, 1, 80);
    }

    static List<RandomDags.Spec> smallDags() {
        return RandomDags.specs(0xB2F7L, 100, 1, 12);
    }

    /** Every format on seeded random DAGs of every shared family (1-80 nodes) against the library. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dags")
    void randomDagsMatchTheLibrary(RandomDags.Spec spec) throws IOException {
        QueryDag dag = spec.build();
        String file = write("r" + spec.seed() + ".json", dag.toJson());
        ReportChecks.checkAllFormats(file, dag, "canonical");
    }

    /**
     * On small DAGs, against brute force by path enumeration only: the printed critical-path cost
     * is the maximum path cost, the printed sources and sinks are the oracle's, and the printed top
     * list holds the nodes of largest path fraction (kappa), in order, ties by id.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("smallDags")
    void smallDagsMatchBruteForce(RandomDags.Spec spec) throws IOException {
        QueryDag dag = spec.build();
        DagOracles oracle = DagOracles.of(dag);
        String file = write("s" + spec.seed() + ".json", dag.toJson());
        JsonNode j = ReportParsing.json(
                CliRun.of("analyze", file, "-f", "json").assertOk().out());
        assertThat(j.get("critical_path").get("cost").asDouble()).isEqualTo(oracle.maxPathCost());
        assertThat(oracle.pathCost(ReportChecks.ints(j.get("critical_path").get("path"))))
                .isEqualTo(oracle.maxPathCost());
        assertThat(ReportChecks.ints(j.get("sources"))).isEqualTo(oracle.sources());
        assertThat(ReportChecks.ints(j.get("sinks"))).isEqualTo(oracle.sinks());
        assertThat(j.get("nodes").asInt()).isEqualTo(oracle.size());
        assertThat(j.get("edges").asInt()).isEqualTo(oracle.edgeCount());

        JsonNode top = j.get("top_criticality");
        assertThat(top).hasSize(Math.min(5, oracle.size()));
        Set<Integer> listed = new HashSet<>();
        double previous = Double.POSITIVE_INFINITY;
        int previousId = Integer.MIN_VALUE;
        for (JsonNode entry : top) {
            int id = entry.get("id").asInt();
            double kappa = entry.get("kappa").asDouble();
            assertThat(kappa).as("kappa of %d", id).isCloseTo(oracle.pathFraction(id), within(1e-12));
            assertThat(kappa).isLessThanOrEqualTo(previous);
            if (Math.abs(kappa - previous) < 1e-12) {
                assertThat(id).as("ties by ascending id").isGreaterThan(previousId);
            }
            listed.add(id);
            previous = kappa;
            previousId = id;
        }
        for (int id : oracle.ids()) {
            if (!listed.contains(id)) {
                assertThat(oracle.pathFraction(id)).as("unlisted node %d", id).isLessThanOrEqualTo(previous + 1e-12);
            }
        }
    }
}
