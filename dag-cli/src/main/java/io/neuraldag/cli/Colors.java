package io.neuraldag.cli;

import java.util.Locale;

/*
 * The colours shared by the DOT and HTML reports. Two sequential ramps, each linear in sRGB between
 * three stops: criticality from white through orange to dark red-brown, attention weight from
 * white through mid blue to dark navy. A value t is clamped to [0, 1]; text on a fill with t above
 * DARK_TEXT_LIMIT is written in white.
 */
final class Colors {
    static final String CRITICAL_PATH = "#d62728";
    static final String CUT = "#6a3d9a";
    static final String EDGE = "#8c8c8c";
    static final String SOURCE_SIDE = "#e3f1e3";
    static final String SINK_SIDE = "#f7ecdc";
    static final double DARK_TEXT_LIMIT = 0.62;

    private static final int[][] CRITICALITY = {{0xff, 0xff, 0xff}, {0xfd, 0x8d, 0x3c}, {0x7f, 0x27, 0x04}};
    private static final int[][] WEIGHT = {{0xff, 0xff, 0xff}, {0x6b, 0xae, 0xd6}, {0x08, 0x30, 0x6b}};

    private Colors() {}

    static String criticality(double t) {
        return ramp(CRITICALITY, t);
    }

    static String weight(double t) {
        return ramp(WEIGHT, t);
    }

    static String text(double t) {
        return t > DARK_TEXT_LIMIT ? "#ffffff" : "#1a1a1a";
    }

    private static String ramp(int[][] stops, double t) {
        double x = Double.isNaN(t) ? 0.0 : Math.max(0.0, Math.min(1.0, t));
        int lo = x < 0.5 ? 0 : 1;
        double f = x < 0.5 ? x * 2 : (x - 0.5) * 2;
        int[] a = stops[lo];
        int[] b = stops[lo + 1];
        return String.format(
                Locale.ROOT,
                "#%02x%02x%02x",
                Math.round(a[0] + (b[0] - a[0]) * f),
                Math.round(a[1] + (b[1] - a[1]) * f),
                Math.round(a[2] + (b[2] - a[2]) * f));
    }
}
