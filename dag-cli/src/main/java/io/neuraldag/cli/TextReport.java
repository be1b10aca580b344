package io.neuraldag.cli;

import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;

/*
 * The human-readable report: one "label  value" line per measure, then the critical path and the
 * most critical nodes as small aligned tables. Id lists longer than MAX_LISTED are cut with the
 * number left out. Only ASCII beyond the operator details, so it reads the same on any terminal.
 */
final class TextReport {
    static final int MAX_LISTED = 16;
    private static final int LABEL = 16;

    private TextReport() {}

    static String render(Analysis a) {
        StringBuilder b = new StringBuilder(1024);
        LoadedDag in = a.input;
        line(b, "file", in.file());
        String dagName = in.dagName();
        line(b, "format", in.kind().displayName() + (dagName == null ? "" : ", DAG " + dagName));
        Double planning = in.planningTimeMs();
        if (planning != null) {
            line(b, "planning time", Numbers.rounded(planning) + " ms");
        }
        Double execution = in.executionTimeMs();
        if (execution != null) {
            line(b, "execution time", Numbers.rounded(execution) + " ms");
        }
        line(b, "nodes", Integer.toString(a.nodeCount));
        line(b, "edges", Integer.toString(a.edgeCount));
        line(b, "sources", a.sources.length + "  " + ids(a.sources));
        line(b, "sinks", a.sinks.length + "  " + ids(a.sinks));
        line(b, "max depth", Integer.toString(a.maxDepth));
        line(b, "branch count", Integer.toString(a.branchCount));
        line(
                b,
                "critical path",
                a.criticalPath.length + (a.criticalPath.length == 1 ? " node" : " nodes") + ", cost "
                        + Numbers.rounded(a.criticalPathCost));
        QueryDag dag = a.dag();
        String[][] rows = new String[a.criticalPath.length][];
        for (int i = 0; i < rows.length; i++) {
            int id = a.criticalPath[i];
            OperatorNode n = dag.node(id);
            rows[i] = new String[] {
                Integer.toString(id),
                n.operator().typeName(),
                OperatorLabels.detail(n.operator()),
                Numbers.rounded(n.estimatedCost())
            };
        }
        table(b, new String[] {"id", "operator", "detail", "cost"}, rows);
        line(b, "bottleneck score", Numbers.fixed(a.bottleneckScore));
        line(b, "criticality", "top " + a.topIds.length + " by kappa (share of source-to-sink paths through the node)");
        String[][] top = new String[a.topIds.length][];
        for (int i = 0; i < top.length; i++) {
            OperatorNode n = dag.node(a.topIds[i]);
            top[i] = new String[] {
                Integer.toString(a.topIds[i]),
                n.operator().typeName(),
                OperatorLabels.detail(n.operator()),
                Numbers.fixed(a.topKappa[i])
            };
        }
        table(b, new String[] {"id", "operator", "detail", "kappa"}, top);
        return b.toString();
    }

    static String ids(int[] ids) {
        StringBuilder b = new StringBuilder("[");
        int shown = Math.min(ids.length, MAX_LISTED);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(ids[i]);
        }
        if (shown < ids.length) {
            b.append(", ... +").append(ids.length - shown).append(" more");
        }
        return b.append(']').toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(label);
        pad(b, LABEL + 1 - label.length());
        b.append(value).append('\n');
    }

    /* Columns 0 and 3 (numbers) right-aligned, 1 and 2 left-aligned; indented by two spaces. */
    private static void table(StringBuilder b, String[] header, String[][] rows) {
        if (rows.length == 0) {
            return;
        }
        int[] w = new int[header.length];
        for (int c = 0; c < header.length; c++) {
            w[c] = header[c].length();
            for (String[] r : rows) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        row(b, header, w);
        for (String[] r : rows) {
            row(b, r, w);
        }
    }

    private static void row(StringBuilder b, String[] cells, int[] w) {
        b.append("  ");
        for (int c = 0; c < cells.length; c++) {
            boolean right = c == 0 || c == cells.length - 1;
            int gap = w[c] - cells[c].length();
            if (c > 0) {
                b.append("  ");
            }
            if (right) {
                pad(b, gap);
            }
            b.append(cells[c]);
            if (!right && c < cells.length - 1) {
                pad(b, gap);
            }
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
        b.append('\n');
    }

    private static void pad(StringBuilder b, int n) {
        for (int i = 0; i < n; i++) {
            b.append(' ');
        }
    }
}
