package io.neuraldag.cli;

import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;
import java.util.Locale;

/*
 * Graphviz DOT: one statement per node (label "id Type" over the operator's short detail, its cost,
 * its min-cut criticality when positive and its attention weight with --attention), then one per
 * edge, ascending. Edges follow data flow and the graph is drawn bottom-up (rankdir=BT) like an
 * EXPLAIN tree: scans at the bottom, the result on top.
 *
 * Fill: with --attention the attention weight between the lightest and the heaviest node on a
 * square-root scale (blue ramp, AttentionView.shade), otherwise
 * the min-cut criticality (orange ramp). The critical path (nodes and consecutive edges) has a red
 * border of width 2.5. The minimum cut S_min of the certificate is drawn as two clusters: the
 * operators before the cut (source side, green) and after it (sink side, sand); cut operators sit
 * between them with a double purple border, cut plan edges are dashed purple, and a cut connector to
 * the super-sink is a dashed purple edge to a node T (present only then). Every marked element
 * carries a class attribute (Graphviz passes it to SVG output): "critical" on the critical path,
 * "cut" on each cut element, "side-source" / "side-sink" on the sides. Strings are quoted with '"'
 * and '\' escaped, so any table name or predicate is safe.
 */
final class DotReport {
    static final String HIGHLIGHT_COLOR = Colors.CRITICAL_PATH;

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
        MinCutView m = a.minCut;
        AttentionView att = a.attention;

        StringBuilder b = new StringBuilder(256 + 120 * (n + s.edgeCount()));
        String dagName = a.input.dagName();
        b.append("digraph ")
                .append(quote(dagName != null ? dagName : baseName(a.input.file())))
                .append(" {\n");
        String title = a.input.kind().displayName() + ", critical path cost " + Numbers.rounded(a.criticalPathCost)
                + ", bottleneck score " + Numbers.fixed(a.bottleneckScore) + "\nmin cut lambda "
                + Numbers.significant(m.lambda()) + ", tension " + Numbers.fixed(m.tension())
                + (m.cutOperators.length > 0 ? " (double border: cut operator)" : "");
        if (att != null) {
            title += "\nattention " + att.result.used().wireName() + " (" + att.requestedName() + ": "
                    + att.result.reason().name().toLowerCase(Locale.ROOT) + ")";
        }
        b.append("  label=").append(quote(title)).append(";\n");
        b.append("  labelloc=t;\n");
        b.append("  rankdir=BT;\n");
        b.append("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\","
                + " fontsize=10];\n");
        b.append("  edge [color=\"").append(Colors.EDGE).append("\"];\n");
        cluster(b, a, s, onPath, MinCutView.Side.SOURCE, "source side (before the min cut)", Colors.SOURCE_SIDE);
        cluster(b, a, s, onPath, MinCutView.Side.SINK, "sink side (after the min cut)", Colors.SINK_SIDE);
        for (int i = 0; i < n; i++) {
            MinCutView.Side side = m.side[i];
            if (side == MinCutView.Side.CUT || side == MinCutView.Side.NONE) {
                node(b, "  ", a, s, i, onPath[i]);
            }
        }
        if (m.cutSinks.length > 0) {
            b.append("  T [label=\"T\", shape=circle, style=filled, fillcolor=\"#eeeeee\"];\n");
        }
        for (int i = 0; i < n; i++) {
            for (int p = s.outStart(i); p < s.outEnd(i); p++) {
                int j = s.outTarget(p);
                b.append("  n").append(s.id(i)).append(" -> n").append(s.id(j));
                boolean critical = next[i] == j;
                boolean cut = m.isCutEdge(s.id(i), s.id(j));
                if (critical || cut) {
                    b.append(" [class=\"");
                    b.append(critical && cut ? "critical cut" : critical ? "critical" : "cut")
                            .append('"');
                    b.append(", color=\"")
                            .append(critical ? Colors.CRITICAL_PATH : Colors.CUT)
                            .append('"');
                    b.append(", penwidth=2.5");
                    if (cut) {
                        b.append(", style=dashed, label=\"cut\", fontcolor=\"")
                                .append(Colors.CUT)
                                .append('"');
                    }
                    b.append(']');
                }
                b.append(";\n");
            }
        }
        for (int v : m.cutSinks) {
            b.append("  n").append(v).append(" -> T [class=\"cut\", color=\"").append(Colors.CUT);
            b.append("\", penwidth=2.5, style=dashed, label=\"cut\", fontcolor=\"")
                    .append(Colors.CUT);
            b.append("\"];\n");
        }
        b.append("}\n");
        return b.toString();
    }

    private static void cluster(
            StringBuilder b,
            Analysis a,
            DagSnapshot s,
            boolean[] onPath,
            MinCutView.Side side,
            String label,
            String fill) {
        boolean any = false;
        for (int i = 0; i < s.size() && !any; i++) {
            any = a.minCut.side[i] == side;
        }
        if (!any) {
            return;
        }
        String name = side == MinCutView.Side.SOURCE ? "source" : "sink";
        b.append("  subgraph cluster_").append(name).append(" {\n");
        b.append("    label=").append(quote(label)).append(";\n");
        b.append("    class=\"side-").append(name).append("\";\n");
        b.append("    style=\"rounded,filled\";\n");
        b.append("    fillcolor=\"").append(fill).append("\";\n");
        b.append("    color=\"#bbbbbb\";\n");
        for (int i = 0; i < s.size(); i++) {
            if (a.minCut.side[i] == side) {
                node(b, "    ", a, s, i, onPath[i]);
            }
        }
        b.append("  }\n");
    }

    private static void node(StringBuilder b, String indent, Analysis a, DagSnapshot s, int i, boolean critical) {
        OperatorNode node = s.node(i);
        MinCutView m = a.minCut;
        AttentionView att = a.attention;
        String detail = OperatorLabels.detail(node.operator());
        StringBuilder label = new StringBuilder();
        label.append(s.id(i)).append(' ').append(node.operator().typeName());
        if (!detail.isEmpty()) {
            label.append('\n').append(detail);
        }
        label.append("\ncost ").append(Numbers.rounded(node.estimatedCost()));
        double crit = m.criticality[i];
        if (crit > 0) {
            label.append("\ncrit ").append(Numbers.fixed(crit));
        }
        double shade;
        String fill;
        if (att != null) {
            label.append("\nweight ").append(Numbers.fixed(att.weights[i]));
            shade = att.shade(i);
            fill = Colors.weight(shade);
        } else {
            shade = crit;
            fill = Colors.criticality(crit);
        }
        MinCutView.Side side = m.side[i];
        boolean cut = side == MinCutView.Side.CUT;
        b.append(indent).append('n').append(s.id(i)).append(" [label=").append(quote(label.toString()));
        b.append(", fillcolor=\"").append(fill).append('"');
        b.append(", fontcolor=\"").append(Colors.text(shade)).append('"');
        StringBuilder cls = new StringBuilder();
        if (critical) {
            cls.append("critical");
        }
        if (cut) {
            cls.append(cls.isEmpty() ? "" : " ").append("cut");
        }
        if (side == MinCutView.Side.SOURCE || side == MinCutView.Side.SINK) {
            cls.append(cls.isEmpty() ? "" : " ").append(side == MinCutView.Side.SOURCE ? "side-source" : "side-sink");
        }
        if (!cls.isEmpty()) {
            b.append(", class=\"").append(cls).append('"');
        }
        if (critical) {
            b.append(", color=\"").append(Colors.CRITICAL_PATH).append("\", penwidth=2.5");
        } else if (cut) {
            b.append(", color=\"").append(Colors.CUT).append("\", penwidth=2");
        }
        if (cut) {
            b.append(", peripheries=2");
        }
        b.append("];\n");
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
