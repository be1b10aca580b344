package io.neuraldag.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The four benchmark DAGs of {@code src/test/resources/bench-dags/} (10, 100, 500 and 1000 nodes)
 * and what the original implementation returned on them. Shared with other modules through the
 * test-jar (the JMH benchmarks read them from the class path).
 */
public final class BenchDags {
    /** The node counts of the four graphs. */
    public static final List<Integer> SIZES = List.of(10, 100, 500, 1000);

    private BenchDags() {}

    /**
     * The bench-format text of {@code n{size}.json}.
     *
     * @param size 10, 100, 500 or 1000
     * @return the JSON text
     */
    public static String json(int size) {
        return resource("/bench-dags/n" + size + ".json");
    }

    /**
     * The graph read with {@link DagFormats#fromBenchJson}.
     *
     * @param size 10, 100, 500 or 1000
     * @return a new DAG
     */
    public static QueryDag load(int size) {
        return DagFormats.fromBenchJson(json(size));
    }

    /**
     * What the original returned on a graph: counts, one topological order and the critical path.
     *
     * @param nodeCount node count
     * @param edgeCount edge count
     * @param topoSort the original's (LIFO-based) topological order
     * @param criticalPath one maximum-cost path
     * @param criticalCost its exact cost
     */
    @SuppressWarnings("ArrayRecordComponent") // test fixture; arrays are copied on access
    public record Expected(int nodeCount, int edgeCount, int[] topoSort, int[] criticalPath, double criticalCost) {
        @Override
        public int[] topoSort() {
            return topoSort.clone();
        }

        @Override
        public int[] criticalPath() {
            return criticalPath.clone();
        }
    }

    /**
     * Reads {@code n{size}.expected.json}.
     *
     * @param size 10, 100, 500 or 1000
     * @return the expected values
     */
    public static Expected expected(int size) {
        String text = resource("/bench-dags/n" + size + ".expected.json");
        try (JsonParser p = DagJson.FACTORY.createParser(text)) {
            int nodes = -1;
            int edges = -1;
            int[] topo = new int[0];
            int[] path = new int[0];
            double cost = Double.NaN;
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "node_count" -> nodes = p.getIntValue();
                    case "edge_count" -> edges = p.getIntValue();
                    case "topo_sort" -> topo = ints(p);
                    case "critical_path" -> {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("path")) {
                                path = ints(p);
                            } else if (f.equals("cost")) {
                                cost = p.getDoubleValue();
                            } else {
                                p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new Expected(nodes, edges, topo, path, cost);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(JsonParser p) throws IOException {
        int[] a = new int[16];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = p.getIntValue();
        }
        return Arrays.copyOf(a, n);
    }

    /**
     * A class-path resource as UTF-8 text.
     *
     * @param path absolute resource path
     * @return the text
     */
    public static String resource(String path) {
        try (InputStream in = BenchDags.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
