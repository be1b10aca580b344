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
    private static final Pattern NODE = Pattern.compile("^  n(\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"(.*)\\];$");
    private static final Pattern EDGE = Pattern.compile("^  n(\\d+) -> n(\\d+)( \\[(.*)\\])?;$");

    private ReportParsing() {}

    /** The parsed text report: "label  value" lines and the two tables. */
    record Text(Map<String, String> values, List<String[]> path, List<String[]> top) {
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
                default -> null;
            };
        }
        return new Text(values, path, top);
    }

    static JsonNode json(String report) {
        try {
            return MAPPER.readTree(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parsed DOT report. */
    record Dot(
            Map<Integer, String> labels,
            Set<Integer> highlightedNodes,
            List<int[]> edges,
            Set<List<Integer>> highlightedEdges) {}

    static Dot dot(String report) {
        assertThat(report).startsWith("digraph ");
        assertThat(report).endsWith("}\n");
        Map<Integer, String> labels = new LinkedHashMap<>();
        Set<Integer> hiNodes = new LinkedHashSet<>();
        List<int[]> edges = new ArrayList<>();
        Set<List<Integer>> hiEdges = new LinkedHashSet<>();
        for (String line : report.split("\n", -1)) {
            Matcher m = NODE.matcher(line);
            if (m.matches()) {
                int id = Integer.parseInt(m.group(1));
                assertThat(labels.put(id, m.group(2)))
                        .as("second statement for node %d", id)
                        .isNull();
                if (m.group(3).contains("penwidth")) {
                    hiNodes.add(id);
                }
                continue;
            }
            Matcher e = EDGE.matcher(line);
            if (e.matches()) {
                int from = Integer.parseInt(e.group(1));
                int to = Integer.parseInt(e.group(2));
                edges.add(new int[] {from, to});
                if (e.group(4) != null && e.group(4).contains("penwidth")) {
                    hiEdges.add(List.of(from, to));
                }
            }
        }
        return new Dot(labels, hiNodes, edges, hiEdges);
    }
}
