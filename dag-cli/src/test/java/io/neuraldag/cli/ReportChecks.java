package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.neuraldag.core.CriticalPath;
import io.neuraldag.core.Edge;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.MinCutConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs all three report formats on one file and checks every printed number against what the
 * library computes for the same DAG, and the critical path and top-kappa list against independent
 * checks (a real source-to-sink path whose printed node costs add up to the printed cost; the top
 * five by a plain sort of all nodes).
 */
final class ReportChecks {
    /** Text and DOT print costs rounded to four decimals; JSON prints them exactly. */
    static final double ROUNDING = 0.5e-4 + 1e-9;

    private ReportChecks() {}

    static void checkAllFormats(String file, QueryDag dag, String formatKey, String... extraArgs) {
        checkText(CliRun.of(args(extraArgs, "analyze", file)).assertOk().out(), dag);
        checkJson(
                CliRun.of(args(extraArgs, "analyze", file, "--format", "json"))
                        .assertOk()
                        .out(),
                file,
                dag,
                formatKey);
        checkDot(
                CliRun.of(args(extraArgs, "analyze", "--format=dot", file))
                        .assertOk()
                        .out(),
                dag);
    }

    private static String[] args(String[] extra, String... args) {
        String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        return all;
    }

    /** The oracle for the top list: all nodes sorted by kappa descending, then id ascending. */
    static int[] topByKappa(QueryDag dag, int k) {
        List<int[]> all = new ArrayList<>();
        for (int id : dag.nodeIds()) {
            all.add(new int[] {id});
        }
        all.sort(Comparator.comparingDouble((int[] a) -> -dag.criticality(a[0])).thenComparingInt(a -> a[0]));
        return all.stream().limit(k).mapToInt(a -> a[0]).toArray();
    }

    static void checkText(String out, QueryDag dag) {
        ReportParsing.Text t = ReportParsing.text(out);
        assertThat(t.integer("nodes")).isEqualTo(dag.nodeCount());
        assertThat(t.integer("edges")).isEqualTo(dag.edgeCount());
        assertThat(t.integer("sources")).isEqualTo(dag.sources().length);
        assertThat(t.integer("sinks")).isEqualTo(dag.sinks().length);
        assertThat(t.value("sources")).endsWith(TextReport.ids(dag.sources()));
        assertThat(t.value("sinks")).endsWith(TextReport.ids(dag.sinks()));
        assertThat(t.integer("max depth")).isEqualTo(dag.maxDepth());
        assertThat(t.integer("branch count")).isEqualTo(dag.branchCount());

        CriticalPath cp = dag.criticalPath();
        String summary = t.value("critical path");
        double printedCost = Double.parseDouble(summary.substring(summary.lastIndexOf("cost ") + 5));
        assertThat(printedCost).isCloseTo(cp.cost(), within(ROUNDING));
        assertThat(t.integer("critical path")).isEqualTo(cp.length());
        int[] path = t.path().stream().mapToInt(r -> Integer.parseInt(r[0])).toArray();
        assertThat(path).isEqualTo(cp.path());
        double sum = 0;
        for (String[] row : t.path()) {
            double cost = Double.parseDouble(row[row.length - 1]);
            assertThat(cost).isCloseTo(dag.node(Integer.parseInt(row[0])).estimatedCost(), within(ROUNDING));
            assertThat(row[1])
                    .isEqualTo(dag.node(Integer.parseInt(row[0])).operator().typeName());
            sum += cost;
        }
        assertThat(sum).isCloseTo(printedCost, within(ROUNDING * (1 + path.length)));
        assertIsSourceToSinkPath(dag, path);

        assertThat(Double.parseDouble(t.value("bottleneck score"))).isCloseTo(dag.bottleneckScore(), within(5e-7));
        int[] top = t.top().stream().mapToInt(r -> Integer.parseInt(r[0])).toArray();
        assertThat(top).isEqualTo(topByKappa(dag, 5));
        for (String[] row : t.top()) {
            assertThat(Double.parseDouble(row[row.length - 1]))
                    .isCloseTo(dag.criticality(Integer.parseInt(row[0])), within(5e-7));
        }
        MinCutChecks.checkText(t, dag, MinCutConfig.defaults());
        assertThat(t.values()).as("no attention section without --attention").doesNotContainKey("attention");
    }

    static void checkJson(String out, String file, QueryDag dag, String formatKey) {
        JsonNode j = ReportParsing.json(out);
        assertThat(j.get("file").asText()).isEqualTo(file);
        assertThat(j.get("format").asText()).isEqualTo(formatKey);
        assertThat(j.get("nodes").asInt()).isEqualTo(dag.nodeCount());
        assertThat(j.get("edges").asInt()).isEqualTo(dag.edgeCount());
        assertThat(ints(j.get("sources"))).isEqualTo(dag.sources());
        assertThat(ints(j.get("sinks"))).isEqualTo(dag.sinks());
        assertThat(j.get("max_depth").asInt()).isEqualTo(dag.maxDepth());
        assertThat(j.get("branch_count").asInt()).isEqualTo(dag.branchCount());
        CriticalPath cp = dag.criticalPath();
        JsonNode c = j.get("critical_path");
        assertThat(c.get("cost").asDouble()).isEqualTo(cp.cost());
        assertThat(ints(c.get("path"))).isEqualTo(cp.path());
        assertThat(c.get("nodes")).hasSize(cp.length());
        for (int i = 0; i < cp.length(); i++) {
            JsonNode n = c.get("nodes").get(i);
            int id = cp.path()[i];
            assertThat(n.get("id").asInt()).isEqualTo(id);
            assertThat(n.get("operator").asText())
                    .isEqualTo(dag.node(id).operator().typeName());
            assertThat(n.get("detail").asText())
                    .isEqualTo(OperatorLabels.detail(dag.node(id).operator()));
            assertThat(n.get("cost").asDouble()).isEqualTo(dag.node(id).estimatedCost());
        }
        assertThat(j.get("bottleneck_score").asDouble()).isEqualTo(dag.bottleneckScore());
        int[] expectedTop = topByKappa(dag, 5);
        JsonNode top = j.get("top_criticality");
        assertThat(top).hasSize(expectedTop.length);
        for (int i = 0; i < expectedTop.length; i++) {
            assertThat(top.get(i).get("id").asInt()).isEqualTo(expectedTop[i]);
            assertThat(top.get(i).get("kappa").asDouble()).isEqualTo(dag.criticality(expectedTop[i]));
        }
        MinCutChecks.checkJson(j, dag, MinCutConfig.defaults());
        assertThat(j.has("attention")).isFalse();
    }

    static void checkDot(String out, QueryDag dag) {
        ReportParsing.Dot d = ReportParsing.dot(out);
        // any order: the nodes of the two sides of the min cut are declared in their clusters
        assertThat(d.labels().keySet()).containsExactlyInAnyOrderElementsOf(boxed(dag.nodeIds()));
        for (int id : dag.nodeIds()) {
            assertThat(d.labels().get(id))
                    .startsWith(id + " " + dag.node(id).operator().typeName());
        }
        List<List<Integer>> edges = new ArrayList<>();
        for (int[] e : d.edges()) {
            edges.add(List.of(e[0], e[1]));
        }
        List<List<Integer>> expected = new ArrayList<>();
        for (Edge e : dag.edges()) {
            expected.add(List.of(e.from(), e.to()));
        }
        assertThat(edges).containsExactlyInAnyOrderElementsOf(expected);
        int[] path = dag.criticalPath().path();
        assertThat(d.highlightedNodes()).containsExactlyInAnyOrderElementsOf(boxed(path));
        Set<List<Integer>> pathEdges = new HashSet<>();
        for (int i = 0; i + 1 < path.length; i++) {
            pathEdges.add(List.of(path[i], path[i + 1]));
        }
        assertThat(d.highlightedEdges()).isEqualTo(pathEdges);
        MinCutChecks.checkDot(d, dag, MinCutConfig.defaults());
    }

    static void assertIsSourceToSinkPath(QueryDag dag, int[] path) {
        if (dag.nodeCount() == 0) {
            assertThat(path).isEmpty();
            return;
        }
        assertThat(path).isNotEmpty();
        assertThat(dag.parents(path[0]))
                .as("first node of the path is a source")
                .isEmpty();
        assertThat(dag.children(path[path.length - 1]))
                .as("last node of the path is a sink")
                .isEmpty();
        for (int i = 0; i + 1 < path.length; i++) {
            assertThat(dag.hasEdge(path[i], path[i + 1]))
                    .as("edge %d->%d", path[i], path[i + 1])
                    .isTrue();
        }
    }

    static int[] ints(JsonNode array) {
        int[] a = new int[array.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = array.get(i).asInt();
        }
        return a;
    }

    static List<Integer> boxed(int[] a) {
        return Arrays.stream(a).boxed().toList();
    }
}
