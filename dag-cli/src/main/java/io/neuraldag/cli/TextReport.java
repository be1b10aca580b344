package io.neuraldag.cli;

import io.neuraldag.attention.AttentionException;
import io.neuraldag.attention.AttentionResult;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.Bottleneck;
import io.neuraldag.mincut.BottleneckAnalysis;
import io.neuraldag.mincut.Recommendation;
import java.util.List;
import java.util.Locale;

/*
 * The human-readable report: one "label  value" line per measure, then the critical path and the
 * most critical nodes as small aligned tables, then the min-cut section (lambda, tension, the cut,
 * the bottleneck table and the recommendations) and, with --attention, the attention section (the
 * mechanism used, the policy rule that chose it, the heaviest nodes). Id lists longer than MAX_LISTED are cut with the
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
        minCut(b, a);
        AttentionView att = a.attention;
        if (att != null) {
            attention(b, a, att);
        }
        return b.toString();
    }

    private static void minCut(StringBuilder b, Analysis a) {
        MinCutView m = a.minCut;
        BottleneckAnalysis r = m.analysis;
        line(
                b,
                "min cut",
                "lambda " + Numbers.significant(r.lambda()) + ", tension " + Numbers.fixed(r.tension()) + ", health "
                        + Numbers.fixed(r.health()) + " ("
                        + m.config.capacityModel().name().toLowerCase(Locale.ROOT)
                        + " capacities, " + m.config.edgeCapacity().name().toLowerCase(Locale.ROOT) + " edges)");
        line(b, "cut operators", m.cutOperators.length + "  " + ids(m.cutOperators));
        if (!m.cutEdges.isEmpty() || m.cutSinks.length > 0) {
            StringBuilder e = new StringBuilder();
            e.append(m.cutEdges.size() + m.cutSinks.length).append("  [");
            int shown = 0;
            for (int[] edge : m.cutEdges) {
                if (shown++ > 0) {
                    e.append(", ");
                }
                e.append(edge[0]).append("->").append(edge[1]);
                if (shown == MAX_LISTED) {
                    break;
                }
            }
            for (int v : m.cutSinks) {
                if (shown == MAX_LISTED) {
                    break;
                }
                if (shown++ > 0) {
                    e.append(", ");
                }
                e.append(v).append("->T");
            }
            int total = m.cutEdges.size() + m.cutSinks.length;
            if (shown < total) {
                e.append(", ... +").append(total - shown).append(" more");
            }
            line(b, "cut edges", e.append(']').toString());
        }
        QueryDag dag = a.dag();
        List<Bottleneck> bn = r.bottlenecks();
        line(
                b,
                "bottlenecks",
                bn.size() + (bn.size() == 1 ? " operator" : " operators") + " with criticality > "
                        + Numbers.rounded(m.config.bottleneckThreshold()));
        int shownBottlenecks = Math.min(bn.size(), MAX_LISTED);
        String[][] rows = new String[shownBottlenecks][];
        for (int i = 0; i < shownBottlenecks; i++) {
            Bottleneck x = bn.get(i);
            rows[i] = new String[] {
                Integer.toString(x.operatorId()),
                x.operator().typeName(),
                OperatorLabels.detail(dag.node(x.operatorId()).operator()),
                Numbers.rounded(x.cost()),
                Numbers.rounded(x.impact()),
                Numbers.fixed(x.criticality()),
                x.alert().name().toLowerCase(Locale.ROOT)
            };
        }
        table(b, new String[] {"id", "operator", "detail", "cost", "impact", "crit", "alert"}, rows, new boolean[] {
            true, false, false, true, true, true, false
        });
        List<Recommendation> recs = r.recommendations();
        line(b, "recommendations", recs.isEmpty() ? "none" : Integer.toString(recs.size()));
        for (int i = 0; i < recs.size() && i < MAX_LISTED; i++) {
            b.append("  - ")
                    .append(CliException.oneLine(recs.get(i).description()))
                    .append('\n');
        }
    }

    private static void attention(StringBuilder b, Analysis a, AttentionView att) {
        AttentionResult r = att.result;
        line(b, "attention", r.used().wireName() + " (requested: " + att.requestedName() + ")");
        line(
                b,
                "policy",
                r.chosen().wireName() + ": " + r.reason().name().toLowerCase(Locale.ROOT) + ", " + r.explanation());
        if (att.requested != null) {
            line(
                    b,
                    "auto would pick",
                    att.autoKind.wireName() + ": " + att.autoReason.name().toLowerCase(Locale.ROOT) + ", "
                            + att.autoExplanation);
        }
        AttentionException.Kind failure = r.failure();
        if (failure != null) {
            line(b, "fallback", "topological (" + failure.name().toLowerCase(Locale.ROOT) + ")");
        }
        line(b, "top weights", "top " + att.topIds.length + " by attention weight");
        QueryDag dag = a.dag();
        String[][] rows = new String[att.topIds.length][];
        for (int i = 0; i < rows.length; i++) {
            OperatorNode n = dag.node(att.topIds[i]);
            rows[i] = new String[] {
                Integer.toString(att.topIds[i]),
                n.operator().typeName(),
                OperatorLabels.detail(n.operator()),
                Numbers.fixed(att.topWeights[i])
            };
        }
        table(b, new String[] {"id", "operator", "detail", "weight"}, rows);
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

    /* The first and the last column (numbers) right-aligned, the others left-aligned. */
    private static void table(StringBuilder b, String[] header, String[][] rows) {
        boolean[] right = new boolean[header.length];
        right[0] = true;
        right[header.length - 1] = true;
        table(b, header, rows, right);
    }

    /* Columns with right[c] right-aligned, the others left-aligned; indented by two spaces. */
    private static void table(StringBuilder b, String[] header, String[][] rows, boolean[] right) {
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
        row(b, header, w, right);
        for (String[] r : rows) {
            row(b, r, w, right);
        }
    }

    private static void row(StringBuilder b, String[] cells, int[] w, boolean[] right) {
        b.append("  ");
        for (int c = 0; c < cells.length; c++) {
            int gap = w[c] - cells[c].length();
            if (c > 0) {
                b.append("  ");
            }
            if (right[c]) {
                pad(b, gap);
            }
            b.append(cells[c]);
            if (!right[c] && c < cells.length - 1) {
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
