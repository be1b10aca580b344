package io.neuraldag.core.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The plan tree exactly as read, flattened: node i in document order (which is pre-order, so a
 * node's parent always has a smaller index), with its parent index (-1 for the top node), its
 * "Node Type", the start position of its JSON object, and its other fields as loosely typed values
 * (String, Long, Double, Boolean or PlanValue.Composite; an explicit JSON null is not stored).
 *
 * Filled by ExplainParser, read by PlanMapper; not shared beyond one import.
 */
final class ParsedPlan {
    int size;
    int[] parent = new int[16];
    String[] nodeType = new String[16];
    int[] line = new int[16];
    int[] column = new int[16];
    final List<Map<String, Object>> fields = new ArrayList<>();

    @Nullable
    Double planningTimeMs;

    @Nullable
    Double executionTimeMs;

    final Map<String, String> settings = new LinkedHashMap<>();

    int add(int parentIndex, int lineNr, int columnNr) {
        if (size == parent.length) {
            int cap = size * 2;
            parent = Arrays.copyOf(parent, cap);
            nodeType = Arrays.copyOf(nodeType, cap);
            line = Arrays.copyOf(line, cap);
            column = Arrays.copyOf(column, cap);
        }
        parent[size] = parentIndex;
        nodeType[size] = "";
        line[size] = lineNr;
        column[size] = columnNr;
        fields.add(new LinkedHashMap<>());
        return size++;
    }

    /** A JSON array or object field value: its compact JSON text and the strings inside it. */
    record Composite(String json, @Nullable List<String> stringArray, List<String> strings) {}
}
