package io.neuraldag.cli;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;

/*
 * Graphviz DOT: one statement per node (label "id Type" over the operator's short detail and its
 * cost), then one per edge, ascending. Edges follow data flow and the graph is drawn bottom-up
 * (rankdir=BT) like an EXPLAIN tree: scans at the bottom, the result on top. The nodes and the
 * consecutive edges of the critical path carry the HIGHLIGHT attributes. Strings are quoted with
 * '"' and '\' escaped, so any table name or predicate is safe.
 */
final class DotReport {
    static final String HIGHLIGHT_COLOR = "#d62728";
    private static final String NODE_HIGHLIGHT =
            "color=\"" + HIGHLIGHT_COLOR + "\", fontcolor=\"" + HIGHLIGHT_COLOR + "\", penwidth=2.5";
    private static final String EDGE_HIGHLIGHT = "color=\"" + HIGHLIGHT_COLOR + "\", penwidth=2.5";

    private DotReport() {}

    static String render(Analysis a) {
        QueryDag dag = a.dag();
        DagSnapshot s = dag.snapshot();
        int n = s.size();
        boolean[] onPath = new boolean[n];
        // next[i] = index of the successor of i on the critical path, or -1
        int[] next = new int[n];
        Arrays.fill(next, -1);
        for (int p = 0; p < a.criticalPath.length; p++) {
            int i = s.indexOf(a.criticalPath[p]);
            onPath[i] = true;
            if (p + 1 < a.criticalPath.length) {
                next[i] = s.indexOf(a.criticalPath[p + 1]);
            }
        }

        StringBuilder b = new StringBuilder(64 + 80 * (n + s.edgeCount()));
        String dagName = a.input.dagName();
        b.append("digraph ")
                .append(quote(dagName != null ? dagName : baseName(a.input.file())))
                .append(" {\n");
        b.append("  label=")
                .append(quote(a.input.kind().displayName() + ", critical path cost "
                        + Numbers.rounded(a.criticalPathCost) + ", bottleneck score "
                        + Numbers.fixed(a.bottleneckScore)))
                .append(";\n");
        b.append("  labelloc=t;\n");
        b.append("  rankdir=BT;\n");
        b.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
        b.append("  edge [color=\"#777777\"];\n");
        for (int i = 0; i < n; i++) {
            OperatorNode node = s.node(i);
            String detail = OperatorLabels.detail(node.operator());
            String label = s.id(i) + " " + node.operator().typeName() + (detail.isEmpty() ? "" : "\n" + detail)
                    + "\ncost " + Numbers.rounded(node.estimatedCost());
            b.append("  n").append(s.id(i)).append(" [label=").append(quote(label));
            if (onPath[i]) {
                b.append(", ").append(NODE_HIGHLIGHT);
            }
            b.append("];\n");
        }
        for (int i = 0; i < n; i++) {
            for (int p = s.outStart(i); p < s.outEnd(i); p++) {
                int j = s.outTarget(p);
                b.append("  n").append(s.id(i)).append(" -> n").append(s.id(j));
                if (next[i] == j) {
                    b.append(" [").append(EDGE_HIGHLIGHT).append(']');
                }
                b.append(";\n");
            }
        }
        b.append("}\n");
        return b.toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> {}
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String baseName(String file) {
        String name = file.replace('\\', '/');
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
