package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import io.neuraldag.mincut.CapacityModel;
import io.neuraldag.mincut.EdgeCapacity;
import io.neuraldag.mincut.MinCutConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The min-cut section of analyze (issue #4) in text, JSON and DOT, under every capacity option. */
class MinCutReportTest {
    @TempDir
    Path dir;

    private String write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p.toString();
    }

    /*
     * The hand example of AnalyzeCommandTest under THROUGHPUT (c = 1/max(cost,1)): costs 10, 2, 30,
     * 5, 3, 1 give capacities 1/10, 1/2, 1/30, 1/5, 1/3, 1. Every source-to-sink path passes {0 or
     * 1} and {2}, or 3, 4, 5: the cuts are {0,2} = 2/15, {1,2} = 8/15, {3} = 1/5, {4} = 1/3, {5} = 1,
     * so lambda = 2/15 with cut {0, 2}. Making 0 uncuttable leaves min({1,2}, {3}) = 1/5, so crit(0)
     * = 1 - (2/15)/(1/5) = 1/3, and the same for 2; tension 1/3, no bottleneck above 0.5. No operator
     * is passed before the cut (both sources are cut), all others lie after it.
     */
    @Test
    void handExampleThroughput() throws IOException {
        String file = write("hand.json", AnalyzeCommandTest.handExample().toJson());
        ReportParsing.Text t =
                ReportParsing.text(CliRun.of("analyze", file).assertOk().out());
        assertThat(t.value("min cut"))
                .startsWith("lambda 0.133333, tension 0.333333, ")
                .endsWith("(throughput capacities, infinite edges)");
        assertThat(t.value("cut operators")).isEqualTo("2  [0, 2]");
        assertThat(t.value("bottlenecks")).isEqualTo("0 operators with criticality > 0.5");
        assertThat(t.value("recommendations")).isEqualTo("none");

        JsonNode m = ReportParsing.json(
                        CliRun.of("analyze", file, "-f", "json").assertOk().out())
                .get("min_cut");
        assertThat(m.get("lambda").asDouble()).isCloseTo(2.0 / 15, within(1e-12));
        assertThat(m.get("tension").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ReportChecks.ints(m.get("cut_operators"))).containsExactly(0, 2);
        assertThat(ReportChecks.ints(m.get("source_side"))).isEmpty();
        assertThat(ReportChecks.ints(m.get("sink_side"))).containsExactly(1, 3, 4, 5);

        ReportParsing.Dot d = ReportParsing.dot(
                CliRun.of("analyze", file, "-f", "dot").assertOk().out());
        assertThat(d.nodesWithClass("cut")).containsExactlyInAnyOrder(0, 2);
        assertThat(d.cluster()).doesNotContainValue("source").containsOnlyKeys(1, 3, 4, 5);
        assertThat(d.labels().get(0)).contains("\\ncrit 0.333333");
        assertThat(d.labels().get(4)).doesNotContain("crit");
    }

    /*
     * EDGE_PARENT_COST: operators are uncuttable, edge u->v has capacity max(cost(u), 1) and the sink
     * connector of 5 has max(1, 1) = 1: edges 10, 2, 30, 5, 3 and the connector 1, so the cut is the
     * connector 5 -> T alone, lambda 1.
     */
    @Test
    void handExampleEdgeParentCostCutsTheSinkConnector() throws IOException {
        String file = write("hand.json", AnalyzeCommandTest.handExample().toJson());
        String[] model = {"--capacity-model", "edge_parent_cost"};
        ReportParsing.Text t = ReportParsing.text(
                CliRun.of(args("analyze", file, model)).assertOk().out());
        assertThat(t.value("min cut")).startsWith("lambda 1, tension 0.000000, ");
        assertThat(t.value("cut operators")).isEqualTo("0  []");
        assertThat(t.value("cut edges")).isEqualTo("1  [5->T]");
        ReportParsing.Dot d = ReportParsing.dot(
                CliRun.of(args("analyze", file, "-f", "dot", model)).assertOk().out());
        assertThat(d.sinkEdges()).containsOnlyKeys(5);
        assertThat(d.sinkEdges().get(5)).containsExactly("cut");
        assertThat(d.nodesWithClass("cut")).isEmpty();
        assertThat(d.nodesWithClass("side-source")).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    }

    private static String[] args(String a, String b, String... more) {
        List<String> all = new ArrayList<>(List.of(a, b));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String[] args(String a, String b, String c, String d, String... more) {
        List<String> all = new ArrayList<>(List.of(a, b, c, d));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static List<Arguments> configs() {
        List<Arguments> list = new ArrayList<>();
        List<RandomDags.Spec> specs = RandomDags.specs(0x4C07L, 36, 1, 60);
        MinCutConfig[] configs = {
            MinCutConfig.defaults(),
            MinCutConfig.builder().edgeCapacity(EdgeCapacity.ROWS).build(),
            MinCutConfig.builder().capacityModel(CapacityModel.EDGE_PARENT_COST).build(),
            MinCutConfig.builder().capacityModel(CapacityModel.UNIT).build(),
            MinCutConfig.builder().capacityModel(CapacityModel.COST).build()
        };
        for (int k = 0; k < specs.size(); k++) {
            list.add(Arguments.of(specs.get(k), configs[k % configs.length]));
        }
        return list;
    }

    /**
     * Seeded random DAGs under every capacity model and edge mode: lambda, tension, the cut and the
     * bottlenecks of all three formats against a MinCutEngine of the test and the certificate.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("configs")
    void randomDagsUnderEveryCapacityModel(RandomDags.Spec spec, MinCutConfig config) throws IOException {
        QueryDag dag = spec.build();
        String file = write("m" + spec.seed() + ".json", dag.toJson());
        String model = config.capacityModel().name().toLowerCase(Locale.ROOT);
        String edges = config.edgeCapacity().name().toLowerCase(Locale.ROOT);
        String[] options = {"--capacity-model", model, "--edge-capacity", edges};
        MinCutChecks.checkText(
                ReportParsing.text(
                        CliRun.of(args("analyze", file, options)).assertOk().out()),
                dag,
                config);
        MinCutChecks.checkJson(
                ReportParsing.json(CliRun.of(args("analyze", file, "-f", "json", options))
                        .assertOk()
                        .out()),
                dag,
                config);
        ReportParsing.Dot d = ReportParsing.dot(CliRun.of(args("analyze", file, "-f", "dot", options))
                .assertOk()
                .out());
        MinCutChecks.checkDot(d, dag, config);
        assertThat(d.labels()).hasSize(dag.nodeCount());
        assertThat(d.edges()).hasSize(dag.edgeCount());
    }

    @Test
    void rowsModeCanCutPlanEdges() throws IOException {
        // a scan of 0.01 estimated rows (cost 50, capacity 1/50) feeds a result (cost 10, capacity
        // 1/10): the edge of capacity 0.01 is the whole cut
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("a"), 0.01, 50));
        dag.addNode(1, OperatorNode.of(new Operator.Result(), 10, 10));
        dag.addEdge(0, 1);
        String file = write("rows.json", dag.toJson());
        String[] options = {"--edge-capacity", "rows"};
        ReportParsing.Text t = ReportParsing.text(
                CliRun.of(args("analyze", file, options)).assertOk().out());
        assertThat(t.value("min cut")).startsWith("lambda 0.01, ");
        ReportParsing.Dot d = ReportParsing.dot(CliRun.of(args("analyze", file, "-f", "dot", options))
                .assertOk()
                .out());
        MinCutConfig config =
                MinCutConfig.builder().edgeCapacity(EdgeCapacity.ROWS).build();
        MinCutChecks.checkDot(d, dag, config);
        assertThat(d.edgesWithClass("cut")).isEqualTo(Set.of(List.of(0, 1)));
        assertThat(t.value("cut edges")).isEqualTo("1  [0->1]");
    }

    @Test
    void unknownCapacityModelIsAUsageError() {
        CliRun run = CliRun.of("analyze", "x.json", "--capacity-model", "fastest");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--capacity-model").contains("fastest");
    }
}
