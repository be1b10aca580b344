package io.neuraldag.cli;

import io.neuraldag.attention.AttentionException;
import io.neuraldag.attention.AttentionResult;
import io.neuraldag.core.DagSnapshot;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.Bottleneck;
import io.neuraldag.mincut.BottleneckAnalysis;
import io.neuraldag.mincut.Recommendation;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/*
 * One self-contained HTML page: a summary, an inline SVG drawing of the plan (PlanLayout) and the
 * tables of the text report. No external resource of any kind: styles and the few lines of script
 * are inline, the SVG references only its own <defs> (url(#...)), and the svg element carries no
 * namespace URI (HTML parsers put it in the SVG namespace themselves).
 *
 * Drawing: data flows upwards (sources at the bottom, the result on top). Node fill = attention
 * weight between the lightest and the heaviest node on a square-root scale (blue ramp,
 * AttentionView.shade); red border and red edges = the critical path;
 * a dashed purple ring = a cut operator, dashed purple edges = cut plan edges, a dashed purple stub
 * marked T = a cut connector to the super-sink; a green halo = the source side of the minimum cut, a
 * sand halo = its sink side. Up to BOX_LIMIT nodes are boxes with id, type and detail; larger plans
 * are drawn as dots, spaced to fill about 900 px across the widest layer, with arrowheads only on
 * the critical path and the cut. Each node group <g id="node-ID"> has a <title> with the operator's details
 * (the browser shows it on hover) and the script copies it into the details panel.
 *
 * The SVG part is well-formed XML: every element is closed and all text and attribute values are
 * escaped (escape()).
 */
final class HtmlReport {
    static final int BOX_LIMIT = 120;
    private static final double BOX_W = 150;
    private static final double BOX_H = 46;
    private static final int DETAIL_CHARS = 24;

    private HtmlReport() {}

    static String render(Analysis a) {
        QueryDag dag = a.dag();
        DagSnapshot s = dag.snapshot();
        int n = s.size();
        StringBuilder b = new StringBuilder(8192 + 600 * (n + s.edgeCount()));
        String title = "neural-dag analyze: " + a.input.file();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        b.append("<title>").append(escape(title)).append("</title>\n");
        b.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        b.append("<header><h1>").append(escape(baseName(a.input.file()))).append("</h1>\n");
        b.append("<p class=\"sub\">").append(escape(a.input.kind().displayName()));
        String dagName = a.input.dagName();
        if (dagName != null) {
            b.append(", DAG ").append(escape(dagName));
        }
        b.append(" &#183; ").append(escape(a.input.file())).append("</p></header>\n");
        summary(b, a);
        b.append("<main>\n<section class=\"drawing\">\n");
        legend(b, a);
        b.append("<div class=\"scroll\">\n");
        svg(b, a, s);
        b.append("</div>\n</section>\n<aside>\n");
        b.append("<h2>Operator</h2>\n<pre id=\"details\">Hover over an operator to see its details.</pre>\n");
        tables(b, a);
        b.append("</aside>\n</main>\n");
        b.append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void summary(StringBuilder b, Analysis a) {
        BottleneckAnalysis r = a.minCut.analysis;
        b.append("<section class=\"cards\">\n");
        card(b, "nodes / edges", a.nodeCount + " / " + a.edgeCount);
        card(b, "max depth / branches", a.maxDepth + " / " + a.branchCount);
        card(b, "critical path", a.criticalPath.length + " nodes, cost " + Numbers.rounded(a.criticalPathCost));
        card(b, "min cut \u03bb", Numbers.significant(r.lambda()));
        card(b, "tension / health", Numbers.fixed(r.tension()) + " / " + Numbers.fixed(r.health()));
        card(b, "cut operators", TextReport.ids(a.minCut.cutOperators));
        AttentionView att = a.attention;
        if (att != null) {
            AttentionResult res = att.result;
            card(b, "attention (" + att.requestedName() + ")", res.used().wireName());
            card(b, "why", res.reason().name().toLowerCase(Locale.ROOT) + ": " + res.explanation());
            if (att.requested != null) {
                card(
                        b,
                        "auto would pick",
                        att.autoKind.wireName() + " (" + att.autoReason.name().toLowerCase(Locale.ROOT) + ": "
                                + att.autoExplanation + ")");
            }
            AttentionException.Kind failure = res.failure();
            if (failure != null) {
                card(b, "fallback", "topological (" + failure.name().toLowerCase(Locale.ROOT) + ")");
            }
        }
        b.append("</section>\n");
    }

    private static void card(StringBuilder b, String label, String value) {
        b.append("<div class=\"card\"><div class=\"k\">")
                .append(escape(label))
                .append("</div><div class=\"v\">")
                .append(escape(value))
                .append("</div></div>\n");
    }

    private static void legend(StringBuilder b, Analysis a) {
        b.append("<div class=\"legend\">");
        AttentionView att = a.attention;
        if (att != null) {
            b.append("<span class=\"ramp\"></span> attention weight (")
                    .append(escape(Numbers.fixed(att.minWeight)))
                    .append(" .. ")
                    .append(escape(Numbers.fixed(att.maxWeight)))
                    .append(", square-root scale)");
        }
        b.append("<span class=\"sw crit\"></span> critical path");
        b.append("<span class=\"sw cut\"></span> min cut");
        b.append("<span class=\"sw src\"></span> source side");
        b.append("<span class=\"sw snk\"></span> sink side");
        b.append("<span class=\"note\">data flows upwards</span></div>\n");
    }

    private static void svg(StringBuilder b, Analysis a, DagSnapshot s) {
        int n = s.size();
        boolean boxes = n <= BOX_LIMIT;
        int layers = Math.max(1, s.levelCount());
        double slot = boxes ? BOX_W + 18 : Math.max(12, Math.min(28, 880.0 / Math.max(1, s.branchCount())));
        double gap = boxes ? 92 : Math.max(26, Math.min(70, 1400.0 / layers));
        double nodeH = boxes ? BOX_H : 10;
        PlanLayout layout = PlanLayout.of(s, slot, gap, boxes ? 16 : 12);
        MinCutView m = a.minCut;
        boolean[] onPath = new boolean[n];
        int[] next = new int[n];
        Arrays.fill(next, -1);
        for (int p = 0; p < a.criticalPath.length; p++) {
            int i = s.indexOf(a.criticalPath[p]);
            onPath[i] = true;
            if (p + 1 < a.criticalPath.length) {
                next[i] = s.indexOf(a.criticalPath[p + 1]);
            }
        }
        String w = px(layout.width);
        String h = px(layout.height);
        b.append("<svg id=\"plan\" class=\"")
                .append(boxes ? "boxes" : "dots")
                .append("\" viewBox=\"0 0 ")
                .append(w)
                .append(' ')
                .append(h)
                .append("\" width=\"")
                .append(w)
                .append("\" height=\"")
                .append(h)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape("plan DAG with " + n + " operators"))
                .append("\">\n<defs>\n");
        marker(b, "arrow", Colors.EDGE);
        marker(b, "arrow-critical", Colors.CRITICAL_PATH);
        marker(b, "arrow-cut", Colors.CUT);
        b.append("</defs>\n<g class=\"edges\">\n");
        // ordinary edges first, then cut edges, then the critical path on top
        for (int pass = 0; pass < 3; pass++) {
            for (int i = 0; i < n; i++) {
                for (int p = s.outStart(i); p < s.outEnd(i); p++) {
                    int j = s.outTarget(p);
                    boolean critical = next[i] == j;
                    boolean cut = m.isCutEdge(s.id(i), s.id(j));
                    int kind = critical ? 2 : cut ? 1 : 0;
                    if (kind != pass) {
                        continue;
                    }
                    // in dots mode plain edges run centre to centre, hidden under the dots
                    boolean ends = boxes || kind > 0;
                    double x1 = layout.x[i];
                    double y1 = layout.y[i] - (ends ? nodeH / 2 : 0);
                    double x2 = layout.x[j];
                    double y2 = layout.y[j] + (ends ? nodeH / 2 + (boxes ? 2 : 1) : 0);
                    double mid = (y1 + y2) / 2;
                    b.append("<path class=\"edge");
                    if (critical) {
                        b.append(" critical");
                    }
                    if (cut) {
                        b.append(" cut");
                    }
                    b.append("\" data-from=\"")
                            .append(s.id(i))
                            .append("\" data-to=\"")
                            .append(s.id(j));
                    b.append("\" d=\"M").append(px(x1)).append(',').append(px(y1));
                    b.append(" C").append(px(x1)).append(',').append(px(mid)).append(' ');
                    b.append(px(x2)).append(',').append(px(mid)).append(' ');
                    b.append(px(x2)).append(',').append(px(y2)).append("\" marker-end=\"url(#");
                    b.append(critical ? "arrow-critical" : cut ? "arrow-cut" : "arrow")
                            .append(")\"/>\n");
                }
            }
        }
        b.append("</g>\n<g class=\"nodes\">\n");
        for (int i = 0; i < n; i++) {
            node(b, a, s, layout, i, onPath[i], boxes);
        }
        b.append("</g>\n</svg>\n");
    }

    private static void marker(StringBuilder b, String id, String color) {
        b.append("<marker id=\"")
                .append(id)
                .append("\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\""
                        + " markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                .append(color)
                .append("\"/></marker>\n");
    }

    private static void node(
            StringBuilder b, Analysis a, DagSnapshot s, PlanLayout layout, int i, boolean critical, boolean boxes) {
        OperatorNode node = s.node(i);
        MinCutView m = a.minCut;
        AttentionView att = a.attention;
        int id = s.id(i);
        double shade = att != null ? att.shade(i) : m.criticality[i];
        String fill = att != null ? Colors.weight(shade) : Colors.criticality(shade);
        MinCutView.Side side = m.side[i];
        boolean cut = side == MinCutView.Side.CUT;
        b.append("<g id=\"node-").append(id).append("\" class=\"node");
        switch (side) {
            case SOURCE -> b.append(" side-source");
            case SINK -> b.append(" side-sink");
            case CUT -> b.append(" cut");
            case NONE -> {}
        }
        if (critical) {
            b.append(" critical");
        }
        b.append("\" data-id=\"").append(id).append("\" tabindex=\"0\">");
        b.append("<title>").append(escape(details(a, s, i, critical))).append("</title>");
        double cx = layout.x[i];
        double cy = layout.y[i];
        @Nullable
        String halo = side == MinCutView.Side.SOURCE
                ? Colors.SOURCE_SIDE
                : side == MinCutView.Side.SINK ? Colors.SINK_SIDE : null;
        String stroke = critical ? Colors.CRITICAL_PATH : "#555555";
        String strokeWidth = critical ? (boxes ? "3" : "2") : "1";
        if (boxes) {
            double x0 = cx - BOX_W / 2;
            double y0 = cy - BOX_H / 2;
            if (halo != null) {
                rect(b, x0 - 5, y0 - 5, BOX_W + 10, BOX_H + 10, 10, halo, "none", "0", "halo");
            }
            if (cut) {
                rect(b, x0 - 6, y0 - 6, BOX_W + 12, BOX_H + 12, 11, "none", Colors.CUT, "2.5", "cut-ring");
            }
            rect(b, x0, y0, BOX_W, BOX_H, 7, fill, stroke, strokeWidth, "box");
            String textColor = Colors.text(shade);
            b.append("<text x=\"")
                    .append(px(cx))
                    .append("\" y=\"")
                    .append(px(cy - 5))
                    .append("\" fill=\"")
                    .append(textColor)
                    .append("\" class=\"t1\">")
                    .append(escape(truncate(id + " " + node.operator().typeName(), DETAIL_CHARS)))
                    .append("</text>");
            String detail = OperatorLabels.detail(node.operator());
            String second = detail.isEmpty() ? "cost " + Numbers.rounded(node.estimatedCost()) : detail;
            b.append("<text x=\"")
                    .append(px(cx))
                    .append("\" y=\"")
                    .append(px(cy + 12))
                    .append("\" fill=\"")
                    .append(textColor)
                    .append("\" class=\"t2\">")
                    .append(escape(truncate(second, DETAIL_CHARS)))
                    .append("</text>");
        } else {
            double r = 5;
            if (halo != null) {
                circle(b, cx, cy, r + 2.5, halo, "none", "0", "halo");
            }
            if (cut) {
                circle(b, cx, cy, r + 3, "none", Colors.CUT, "1.8", "cut-ring");
            }
            circle(b, cx, cy, r, fill, stroke, strokeWidth, "dot");
        }
        if (m.isCutSink(id)) {
            double top = cy - (boxes ? BOX_H / 2 + 6 : 8);
            b.append("<path class=\"cut-sink\" d=\"M")
                    .append(px(cx))
                    .append(',')
                    .append(px(top))
                    .append(" L")
                    .append(px(cx))
                    .append(',')
                    .append(px(top - 16))
                    .append("\" marker-end=\"url(#arrow-cut)\"/>");
            b.append("<text class=\"t-sink\" x=\"")
                    .append(px(cx + 6))
                    .append("\" y=\"")
                    .append(px(top - 10))
                    .append("\">T</text>");
        }
        b.append("</g>\n");
    }

    private static void rect(
            StringBuilder b,
            double x,
            double y,
            double w,
            double h,
            double r,
            String fill,
            String stroke,
            String width,
            String cls) {
        b.append("<rect class=\"")
                .append(cls)
                .append("\" x=\"")
                .append(px(x))
                .append("\" y=\"")
                .append(px(y))
                .append("\" width=\"")
                .append(px(w))
                .append("\" height=\"")
                .append(px(h))
                .append("\" rx=\"")
                .append(px(r))
                .append("\" fill=\"")
                .append(fill)
                .append("\" stroke=\"")
                .append(stroke)
                .append("\" stroke-width=\"")
                .append(width)
                .append("\"/>");
    }

    private static void circle(
            StringBuilder b, double cx, double cy, double r, String fill, String stroke, String width, String cls) {
        b.append("<circle class=\"")
                .append(cls)
                .append("\" cx=\"")
                .append(px(cx))
                .append("\" cy=\"")
                .append(px(cy))
                .append("\" r=\"")
                .append(px(r))
                .append("\" fill=\"")
                .append(fill)
                .append("\" stroke=\"")
                .append(stroke)
                .append("\" stroke-width=\"")
                .append(width)
                .append("\"/>");
    }

    /* The hover text: one fact per line. */
    static String details(Analysis a, DagSnapshot s, int i, boolean critical) {
        OperatorNode node = s.node(i);
        MinCutView m = a.minCut;
        StringBuilder t = new StringBuilder();
        t.append(s.id(i)).append(' ').append(node.operator().typeName());
        String detail = OperatorLabels.detail(node.operator());
        if (!detail.isEmpty()) {
            t.append('\n').append(detail);
        }
        t.append("\ncost ").append(Numbers.rounded(node.estimatedCost()));
        t.append("\nrows ").append(Numbers.rounded(node.estimatedRows()));
        AttentionView att = a.attention;
        if (att != null) {
            t.append("\nattention weight ").append(Numbers.fixed(att.weights[i]));
        }
        t.append("\nmin-cut criticality ").append(Numbers.fixed(m.criticality[i]));
        t.append("\npath share kappa ").append(Numbers.fixed(s.criticality(i)));
        t.append("\nmin cut: ")
                .append(
                        switch (m.side[i]) {
                            case SOURCE -> "source side";
                            case SINK -> "sink side";
                            case CUT -> "cut operator";
                            case NONE -> "no finite cut";
                        });
        if (critical) {
            t.append("\non the critical path");
        }
        t.append("\ninputs ").append(s.inDegree(i)).append(", consumers ").append(s.outDegree(i));
        return t.toString();
    }

    private static void tables(StringBuilder b, Analysis a) {
        QueryDag dag = a.dag();
        AttentionView att = a.attention;
        if (att != null) {
            b.append("<h2>Top attention weights</h2>\n<table><tr><th>id</th><th>operator</th><th>weight</th></tr>\n");
            for (int k = 0; k < att.topIds.length; k++) {
                OperatorNode n = dag.node(att.topIds[k]);
                b.append("<tr><td class=\"num\">")
                        .append(att.topIds[k])
                        .append("</td><td>")
                        .append(escape(n.operator().typeName() + " " + OperatorLabels.detail(n.operator())))
                        .append("</td><td class=\"num\">")
                        .append(Numbers.fixed(att.topWeights[k]))
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        BottleneckAnalysis r = a.minCut.analysis;
        List<Bottleneck> bn = r.bottlenecks();
        b.append("<h2>Bottlenecks (criticality &gt; ")
                .append(escape(Numbers.rounded(a.minCut.config.bottleneckThreshold())))
                .append(")</h2>\n");
        if (bn.isEmpty()) {
            b.append("<p>none</p>\n");
        } else {
            b.append("<table><tr><th>id</th><th>operator</th><th>crit</th><th>impact</th><th>alert</th></tr>\n");
            for (int k = 0; k < bn.size() && k < TextReport.MAX_LISTED; k++) {
                Bottleneck x = bn.get(k);
                b.append("<tr><td class=\"num\">")
                        .append(x.operatorId())
                        .append("</td><td>")
                        .append(escape(x.operator().typeName()))
                        .append("</td><td class=\"num\">")
                        .append(Numbers.fixed(x.criticality()))
                        .append("</td><td class=\"num\">")
                        .append(Numbers.rounded(x.impact()))
                        .append("</td><td>")
                        .append(x.alert().name().toLowerCase(Locale.ROOT))
                        .append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        List<Recommendation> recs = r.recommendations();
        b.append("<h2>Recommendations</h2>\n");
        if (recs.isEmpty()) {
            b.append("<p>none</p>\n");
        } else {
            b.append("<ul>\n");
            for (int k = 0; k < recs.size() && k < TextReport.MAX_LISTED; k++) {
                b.append("<li>").append(escape(recs.get(k).description())).append("</li>\n");
            }
            b.append("</ul>\n");
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // XML 1.0 forbids most control characters; keep tab and line break
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static String px(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String baseName(String file) {
        String name = file.replace('\\', '/');
        int slash = name.lastIndexOf('/');
        return slash >= 0 ? name.substring(slash + 1) : name;
    }

    private static final String CSS = """
            body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1a1a1a;background:#fafafa}
            header{padding:14px 24px 4px}
            h1{margin:0;font-size:20px}
            h2{font-size:15px;margin:18px 0 6px}
            .sub{margin:2px 0 0;color:#666}
            .cards{display:flex;flex-wrap:wrap;gap:8px;padding:8px 24px}
            .card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:6px 10px;max-width:420px}
            .card .k{font-size:11px;color:#666;text-transform:uppercase;letter-spacing:.03em}
            .card .v{font-weight:600;overflow-wrap:anywhere}
            main{display:flex;gap:16px;padding:8px 24px 24px;align-items:flex-start}
            .drawing{flex:1 1 auto;min-width:0}
            .scroll{background:#fff;border:1px solid #ddd;border-radius:6px;overflow:auto;max-height:78vh}
            svg{display:block;max-width:100%;height:auto;margin:0 auto}
            aside{flex:0 0 320px;max-width:320px}
            #details{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px;white-space:pre-wrap;min-height:150px;margin:0;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
            table{border-collapse:collapse;background:#fff;width:100%;font-size:12px}
            th,td{border:1px solid #e2e2e2;padding:3px 6px;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}
            ul{padding-left:18px;margin:4px 0}
            .legend{display:flex;flex-wrap:wrap;align-items:center;gap:6px 14px;margin:0 0 6px;font-size:12px;color:#333}
            .legend span{display:inline-block;vertical-align:middle}
            .ramp{width:90px;height:12px;border:1px solid #999;background:linear-gradient(90deg,#ffffff,#6baed6,#08306b)}
            .sw{width:22px;height:12px;border-radius:3px}
            .sw.crit{border:3px solid #d62728;height:8px;width:18px}
            .sw.cut{border:2px dashed #6a3d9a;height:8px;width:18px}
            .sw.src{background:#e3f1e3;border:1px solid #b5d6b5}
            .sw.snk{background:#f7ecdc;border:1px solid #dcc4a0}
            .note{color:#777}
            .edge{fill:none;stroke:#8c8c8c;stroke-width:1.2}
            .dots .edge{stroke-width:.6;stroke-opacity:.35}
            .edge.critical{stroke:#d62728;stroke-width:2.6;stroke-opacity:1}
            .dots .edge.critical{stroke-width:1.8}
            .edge.cut,.cut-sink{stroke:#6a3d9a;stroke-dasharray:5 3;stroke-width:2;stroke-opacity:1;fill:none}
            .cut-ring{stroke-dasharray:5 3}
            .t1{font-size:12px;font-weight:600;text-anchor:middle}
            .t2{font-size:11px;text-anchor:middle}
            .t-sink{font-size:11px;fill:#6a3d9a;font-weight:700}
            .node{cursor:pointer}
            .node:hover .box,.node:hover .dot,.node:focus .box,.node:focus .dot{stroke:#000;stroke-width:3}
            """;

    private static final String SCRIPT = """
            (function () {
              var panel = document.getElementById('details');
              var nodes = document.querySelectorAll('#plan .node');
              function show(e) {
                var t = e.currentTarget.querySelector('title');
                if (t) { panel.textContent = t.textContent; }
              }
              for (var i = 0; i < nodes.length; i++) {
                nodes[i].addEventListener('mouseenter', show);
                nodes[i].addEventListener('focus', show);
              }
            })();
            """;
}
