package io.neuraldag.postgres;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.attention.AttentionScores;
import io.neuraldag.core.Edge;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * dag_attention_visualize: the plan with each node's structural attention weight, as Graphviz dot,
 * JSON, an indented ASCII tree (top node first, inputs indented under their consumer, a bar of up to
 * 20 '#' per weight) or a Mermaid flowchart. Edges point from input to consumer (data flow). Labels
 * come from plan text (relation names can hold any character), so every format escapes them: dot
 * and JSON escape quotes and backslashes, Mermaid replaces quotes with #quot;, and control
 * characters become blanks.
 */
final class AttentionViews {
    private AttentionViews() {}

    enum Format {
        DOT,
        JSON,
        ASCII,
        MERMAID;

        static Format parse(String name) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (Format f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(n)) {
                    return f;
                }
            }
            throw DagArgumentException.invalid(
                    "format must be dot, json, ascii or mermaid: '" + Texts.clip(name) + "'");
        }
    }

    static String render(Format format, PlanFacts f, AttentionKind kind, AttentionScores s) {
        return switch (format) {
            case DOT -> dot(f, kind, s);
            case JSON -> json(f, kind, s);
            case ASCII -> ascii(f, kind, s);
            case MERMAID -> mermaid(f, s);
        };
    }

    private static String label(PlanFacts f, int id) {
        Object rel = f.plan.attributesOf(id).get("Relation Name");
        String text = f.operatorType(id) + (rel instanceof String r && !r.isEmpty() ? " on " + r : "");
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return Texts.clip(sb.toString());
    }

    private static String dot(PlanFacts f, AttentionKind kind, AttentionScores s) {
        StringBuilder sb = new StringBuilder("digraph plan {\n  rankdir=BT;\n  label=\"")
                .append(kind.wireName())
                .append("\";\n  node [shape=box];\n");
        for (int id = 0; id < f.n; id++) {
            String l = label(f, id).replace("\\", "\\\\").replace("\"", "\\\"");
            sb.append(String.format(Locale.ROOT, "  n%d [label=\"%d %s\\nw=%.4f\"];%n", id, id, l, s.weight(id)));
        }
        for (Edge e : f.dag.edges()) {
            sb.append("  n").append(e.from()).append(" -> n").append(e.to()).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    private static String json(PlanFacts f, AttentionKind kind, AttentionScores s) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("mechanism", kind.wireName());
        List<Map<String, Object>> nodes = new java.util.ArrayList<>();
        for (int id = 0; id < f.n; id++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("operator", f.operatorType(id));
            m.put("label", label(f, id));
            m.put("weight", s.weight(id));
            m.put("criticality", f.criticality[id]);
            nodes.add(m);
        }
        root.put("nodes", nodes);
        List<int[]> edges = new java.util.ArrayList<>();
        for (Edge e : f.dag.edges()) {
            edges.add(new int[] {e.from(), e.to()});
        }
        root.put("edges", edges);
        return Json.write(root);
    }

    private static String ascii(PlanFacts f, AttentionKind kind, AttentionScores s) {
        StringBuilder sb =
                new StringBuilder("attention: ").append(kind.wireName()).append('\n');
        if (f.n == 0) {
            return sb.toString();
        }
        boolean[] printed = new boolean[f.n];
        for (int root : f.dag.sinks()) {
            asciiNode(f, s, root, 0, printed, sb);
        }
        return sb.toString();
    }

    private static void asciiNode(
            PlanFacts f, AttentionScores s, int id, int depth, boolean[] printed, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append(depth == 0 ? "" : "-> ");
        double w = s.weight(id);
        sb.append(String.format(Locale.ROOT, "[%d] %s  %.4f ", id, label(f, id), w))
                .append("#".repeat((int) Math.round(w * 20)));
        if (printed[id]) {
            sb.append(" (shown above)\n");
            return;
        }
        sb.append('\n');
        printed[id] = true;
        for (int input : f.dag.parents(id)) {
            asciiNode(f, s, input, depth + 1, printed, sb);
        }
    }

    private static String mermaid(PlanFacts f, AttentionScores s) {
        StringBuilder sb = new StringBuilder("graph BT\n");
        for (int id = 0; id < f.n; id++) {
            String l = label(f, id).replace("\"", "#quot;");
            sb.append(String.format(Locale.ROOT, "  n%d[\"%d %s<br/>w=%.4f\"]%n", id, id, l, s.weight(id)));
        }
        for (Edge e : f.dag.edges()) {
            sb.append("  n").append(e.from()).append(" --> n").append(e.to()).append('\n');
        }
        return sb.toString();
    }
}
