package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Parsers for the three report formats, written against their documented shape only. */
final class ReportParsing {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NODE = Pattern.compile("^ +n(\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"(.*)\\];$");
    private static final Pattern EDGE = Pattern.compile("^  n(\\d+) -> (?:n(\\d+)|(T))( \\[(.*)\\])?;$");
    private static final Pattern CLUSTER = Pattern.compile("^  subgraph cluster_(\\w+) \\{$");
    private static final Pattern CLASS = Pattern.compile("class=\"([^\"]*)\"");

    private ReportParsing() {}

    /** The parsed text report: "label  value" lines and the two tables. */
    record Text(
            Map<String, String> values,
            List<String[]> path,
            List<String[]> top,
            List<String[]> bottlenecks,
            List<String[]> recommendations,
            List<String[]> weights) {
        int integer(String label) {
            return Integer.parseInt(value(label).split("\\s+", -1)[0]);
        }

        String value(String label) {
            String v = values.get(label);
            if (v == null) {
                throw new AssertionError("no text line " + label + " in " + values.keySet());
            }
            return v;
        }
    }

    static Text text(String report) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String[]> path = new ArrayList<>();
        List<String[]> top = new ArrayList<>();
        List<String[]> bottlenecks = new ArrayList<>();
        List<String[]> recommendations = new ArrayList<>();
        List<String[]> weights = new ArrayList<>();
        @Nullable List<String[]> table = null;
        for (String line : report.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("  ")) {
                if (table == null) {
                    throw new AssertionError("table row outside a table: " + line);
                }
                String[] cells = line.strip().split("\\s+", -1);
                if (!cells[0].equals("id")) {
                    table.add(cells);
                }
                continue;
            }
            assertThat(line.length()).isGreaterThan(17);
            String label = line.substring(0, 17).strip();
            values.put(label, line.substring(17));
            table = switch (label) {
                case "critical path" -> path;
                case "criticality" -> top;
                case "bottlenecks" -> bottlenecks;
                case "recommendations" -> recommendations;
                case "top weights" -> weights;
                default -> null;
            };
        }
        return new Text(values, path, top, bottlenecks, recommendations, weights);
    }

    static JsonNode json(String report) {
        try {
            return MAPPER.readTree(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The parsed DOT report: node labels, the class tokens of nodes and edges, the cluster each node
     * is declared in (absent for top-level nodes), the plan edges, and the nodes with an edge to T.
     */
    record Dot(
            Map<Integer, String> labels,
            Map<Integer, Set<String>> nodeClasses,
            Map<Integer, String> cluster,
            List<int[]> edges,
            Map<List<Integer>, Set<String>> edgeClasses,
            Map<Integer, Set<String>> sinkEdges) {

        Set<Integer> nodesWithClass(String token) {
            Set<Integer> r = new LinkedHashSet<>();
            nodeClasses.forEach((id, c) -> {
                if (c.contains(token)) {
                    r.add(id);
                }
            });
            return r;
        }

        Set<List<Integer>> edgesWithClass(String token) {
            Set<List<Integer>> r = new LinkedHashSet<>();
            edgeClasses.forEach((e, c) -> {
                if (c.contains(token)) {
                    r.add(e);
                }
            });
            return r;
        }

        Set<Integer> highlightedNodes() {
            return nodesWithClass("critical");
        }

        Set<List<Integer>> highlightedEdges() {
            return edgesWithClass("critical");
        }
    }

    static Dot dot(String report) {
        assertThat(report).startsWith("digraph ");
        assertThat(report).endsWith("}\n");
        Map<Integer, String> labels = new LinkedHashMap<>();
        Map<Integer, Set<String>> nodeClasses = new LinkedHashMap<>();
        Map<Integer, String> cluster = new LinkedHashMap<>();
        List<int[]> edges = new ArrayList<>();
        Map<List<Integer>, Set<String>> edgeClasses = new LinkedHashMap<>();
        Map<Integer, Set<String>> sinkEdges = new LinkedHashMap<>();
        @Nullable String current = null;
        int depth = 0;
        for (String line : report.split("\n", -1)) {
            Matcher c = CLUSTER.matcher(line);
            if (c.matches()) {
                assertThat(current).as("nested cluster").isNull();
                current = c.group(1);
                continue;
            }
            if (line.equals("  }")) {
                assertThat(current).as("closing brace outside a cluster").isNotNull();
                current = null;
                depth++;
                continue;
            }
            Matcher m = NODE.matcher(line);
            if (m.matches()) {
                int id = Integer.parseInt(m.group(1));
                assertThat(labels.put(id, m.group(2)))
                        .as("second statement for node %d", id)
                        .isNull();
                nodeClasses.put(id, classes(m.group(3)));
                if (current != null) {
                    cluster.put(id, current);
                }
                continue;
            }
            Matcher e = EDGE.matcher(line);
            if (e.matches()) {
                assertThat(current).as("edge inside a cluster").isNull();
                int from = Integer.parseInt(e.group(1));
                Set<String> cls = classes(e.group(5) == null ? "" : e.group(5));
                if (e.group(3) != null) {
                    assertThat(sinkEdges.put(from, cls))
                            .as("second edge %d -> T", from)
                            .isNull();
                    continue;
                }
                int to = Integer.parseInt(e.group(2));
                edges.add(new int[] {from, to});
                edgeClasses.put(List.of(from, to), cls);
            }
        }
        assertThat(current).as("unclosed cluster").isNull();
        assertThat(depth).as("clusters").isLessThanOrEqualTo(2);
        return new Dot(labels, nodeClasses, cluster, edges, edgeClasses, sinkEdges);
    }

    private static Set<String> classes(String attributes) {
        Matcher m = CLASS.matcher(attributes);
        Set<String> r = new LinkedHashSet<>();
        if (m.find()) {
            for (String t : m.group(1).split(" ", -1)) {
                if (!t.isEmpty()) {
                    r.add(t);
                }
            }
        }
        return r;
    }
}
