package io.neuraldag.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Post-processing of a JMH JSON result ({@code -rf json}): prints the median and the minimum of the
 * measurement iterations of every benchmark and, for {@code MincutDynamicBenchmark}, the least-squares slope of
 * {@code log(µs per update)} against {@code log(n)} per method (spec 02 §2.4(b): pass if {@code <=
 * 0.5}).
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar io.neuraldag.benchmarks.MincutSlope mincut.json
 * }</pre>
 */
public final class MincutSlope {
    private MincutSlope() {}

    /**
     * One benchmark result.
     *
     * @param benchmark the simple name, {@code Class.method}
     * @param params the JMH parameters, in the file's order
     * @param unit the score unit, e.g. {@code us/op}
     * @param median the median of the measurement iterations
     * @param min the fastest measurement iteration
     */
    record Row(String benchmark, Map<String, String> params, String unit, double median, double min) {
        /** The parameters as {@code k=v,...}, or empty. */
        String paramText() {
            StringBuilder b = new StringBuilder();
            params.forEach((k, v) ->
                    b.append(b.isEmpty() ? "" : ",").append(k).append('=').append(v));
            return b.toString();
        }
    }

    /**
     * Reads and prints a result file.
     *
     * @param args the JSON file
     * @throws IOException if it cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: MincutSlope RESULT.json");
        }
        List<Row> rows = read(Path.of(args[0]));
        PrintStream out = System.out;
        for (Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-56s %-34s median %10s  min %10s %s%n",
                    r.benchmark(),
                    r.paramText(),
                    num(r.median()),
                    num(r.min()),
                    r.unit());
        }
        Map<String, TreeMap<Integer, Double>> medians = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, Double>> mins = new LinkedHashMap<>();
        for (Row r : rows) {
            String n = r.params().get("n");
            if (r.benchmark().startsWith("MincutDynamicBenchmark.") && n != null) {
                medians.computeIfAbsent(r.benchmark(), k -> new TreeMap<>()).put(Integer.parseInt(n), r.median());
                mins.computeIfAbsent(r.benchmark(), k -> new TreeMap<>()).put(Integer.parseInt(n), r.min());
            }
        }
        medians.forEach((name, points) -> out.printf(
                Locale.ROOT,
                "log-log slope %s over n=%s: %.3f (medians), %.3f (minima)%n",
                name,
                points.keySet(),
                slope(points),
                slope(mins.getOrDefault(name, new TreeMap<>()))));
    }

    /**
     * The least-squares slope of {@code log y} against {@code log x}.
     *
     * @param points x to y, all positive, at least two
     * @return the slope
     */
    static double slope(Map<Integer, Double> points) {
        int k = points.size();
        if (k < 2) {
            return Double.NaN;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Map.Entry<Integer, Double> e : points.entrySet()) {
            double x = Math.log(e.getKey());
            double y = Math.log(e.getValue());
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        return (k * sxy - sx * sy) / (k * sxx - sx * sx);
    }

    /** Three significant digits. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /**
     * Every result of a JMH JSON file, with the median of its measurement iterations.
     *
     * @param file the file
     * @return the rows in file order
     * @throws IOException if the file cannot be read or is not a JMH result
     */
    static List<Row> read(Path file) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_OBJECT) {
                rows.add(row(p));
            }
        }
        return rows;
    }

    private static Row row(JsonParser p) throws IOException {
        String benchmark = "";
        Map<String, String> params = new LinkedHashMap<>();
        String unit = "";
        double[] values = new double[0];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "benchmark" -> {
                    String full = p.getText();
                    int dot = full.lastIndexOf('.', full.lastIndexOf('.') - 1);
                    benchmark = full.substring(dot + 1);
                }
                case "params" -> {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        params.put(k, p.getText());
                    }
                }
                case "primaryMetric" -> {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        p.nextToken();
                        if (k.equals("scoreUnit")) {
                            unit = p.getText();
                        } else if (k.equals("rawData")) {
                            values = rawData(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                default -> {
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        p.skipChildren();
                    }
                }
            }
        }
        if (values.length == 0) {
            throw new IOException("no measurement iterations for " + benchmark);
        }
        Arrays.sort(values);
        int m = values.length;
        double median = m % 2 == 1 ? values[m / 2] : 0.5 * (values[m / 2 - 1] + values[m / 2]);
        return new Row(benchmark, params, unit, median, values[0]);
    }

    /** rawData is one array of iteration values per fork; all forks are pooled. */
    private static double[] rawData(JsonParser p) throws IOException {
        double[] v = new double[8];
        int k = 0;
        while (p.nextToken() == JsonToken.START_ARRAY) {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (k == v.length) {
                    v = Arrays.copyOf(v, 2 * k);
                }
                v[k++] = p.getDoubleValue();
            }
        }
        return Arrays.copyOf(v, k);
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }
}
