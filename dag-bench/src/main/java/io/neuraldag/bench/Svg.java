package io.neuraldag.bench;

import java.util.List;
import java.util.Locale;

/* A line chart written by hand: cumulative time (s) against query number, one polyline per series. */
final class Svg {
    private static final String[] COLORS = {"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    private Svg() {}

    record Series(String name, List<Double> cumulativeMillis, boolean dashed) {}

    static String lineChart(String title, List<Series> series) {
        int w = 800;
        int h = 480;
        int left = 70;
        int right = 200;
        int top = 40;
        int bottom = 50;
        int n = 1;
        double max = 1e-9;
        for (Series s : series) {
            n = Math.max(n, s.cumulativeMillis().size());
            for (double v : s.cumulativeMillis()) {
                max = Math.max(max, v / 1000.0);
            }
        }
        double pw = w - left - right;
        double ph = h - top - bottom;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " font-family=\"sans-serif\" font-size=\"12\">%n",
                w,
                h,
                w,
                h));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(
                Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">%s</text>%n", left, escape(title)));
        double step = niceStep(max);
        for (double y = 0; y <= max + 1e-9; y += step) {
            double py = top + ph - y / max * ph;
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    left,
                    py,
                    left + pw,
                    py,
                    left - 6,
                    py + 4,
                    trim(y)));
        }
        double xstep = niceStep(n);
        for (double x = 0; x <= n + 1e-9; x += xstep) {
            double px = left + x / n * pw;
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    px,
                    top,
                    px,
                    top + ph,
                    px,
                    top + ph + 16,
                    trim(x)));
        }
        sb.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"black\"/>%n",
                left,
                top,
                pw,
                ph));
        sb.append(String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">query number</text>%n",
                left + pw / 2,
                h - 12));
        sb.append(String.format(
                Locale.ROOT,
                "<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\">"
                        + "cumulative time (s)</text>%n",
                top + ph / 2,
                top + ph / 2));
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String color = COLORS[i % COLORS.length];
            StringBuilder pts = new StringBuilder();
            pts.append(String.format(Locale.ROOT, "%d,%.1f", left, top + ph));
            List<Double> c = s.cumulativeMillis();
            for (int q = 0; q < c.size(); q++) {
                pts.append(String.format(
                        Locale.ROOT, " %.1f,%.1f", left + (q + 1.0) / n * pw, top + ph - c.get(q) / 1000.0 / max * ph));
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n",
                    color,
                    s.dashed() ? " stroke-dasharray=\"6,4\"" : "",
                    pts));
            int ly = top + 10 + i * 20;
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>"
                            + "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
                    left + pw + 12,
                    ly,
                    left + pw + 36,
                    ly,
                    color,
                    s.dashed() ? " stroke-dasharray=\"6,4\"" : "",
                    left + pw + 42,
                    ly + 4,
                    escape(s.name())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /* 1, 2 or 5 times a power of ten, giving four to ten ticks. */
    static double niceStep(double max) {
        double raw = max / 5;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        double f = m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10;
        return f * p;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
