package io.neuraldag.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Readers for the JSON DAG shapes other than the canonical one, and format detection.
 *
 * <p>Every reader preserves node ids, validates that ids are unique, that every edge endpoint
 * exists and that the graph is acyclic, and sets {@link QueryDag#nextId()} to the largest id + 1.
 * Every failure, including a cycle, is a {@link DagException} of kind {@code SERIALIZATION} whose
 * message names the format and, for malformed input, the line and column. All readers enforce
 * {@link DagLimits} (input size, node, edge and list counts, string length, nesting depth) before
 * allocating anything large. Unknown fields are ignored. Each reader runs in {@code O(input + n +
 * m)} time.
 *
 * <h2>Benchmark format ({@link #fromBenchJson})</h2>
 *
 * <pre>{@code
 * {"nodes":[{"id":0,"op":3,"cost":1.25,"rows":399}, ...], "edges":[[0,6], ...]}
 * }</pre>
 *
 * {@code op} indexes the 17 operator kinds of the original implementation, in its declaration
 * order: 0 SeqScan, 1 IndexScan, 2 HnswScan, 3 IvfFlatScan, 4 NestedLoopJoin, 5 HashJoin, 6
 * MergeJoin, 7 Aggregate, 8 GroupBy, 9 Filter, 10 Project, 11 Sort, 12 Limit, 13 VectorDistance,
 * 14 Rerank, 15 Materialize, 16 Result. Fields a kind needs and the format lacks take neutral
 * defaults: {@code ""} for names, no keys or functions, {@code ef_search} 40, {@code nprobe} 10,
 * limit 10, join type INNER. {@code cost} becomes {@link OperatorNode#estimatedCost()} and {@code
 * rows} {@link OperatorNode#estimatedRows()} (both optional, default 0).
 *
 * <h2>Upstream format ({@link #fromUpstreamJson})</h2>
 *
 * <pre>{@code
 * {"nodes":[{"id":0,"op_type":{"SeqScan":{"table":"users"}},"estimated_rows":1000.0,
 *            "estimated_cost":12.5,"actual_rows":null,"actual_time_ms":null,"embedding":null},
 *           {"id":1,"op_type":"Result","estimated_rows":1.0,"estimated_cost":0.1}],
 *  "edges":[[0,1]], "root":1}
 * }</pre>
 *
 * The serialized DAG of the original implementation. {@code op_type} is externally tagged: a bare
 * string for a kind without fields ({@code "Result"}, {@code "Materialize"}, {@code
 * "NestedLoopJoin"}), else an object with one field, the kind, holding the kind's fields in
 * snake_case ({@code table}, {@code index}, {@code ef_search}, {@code nprobe}, {@code hash_key},
 * {@code merge_key}, {@code functions}, {@code keys}, {@code predicate}, {@code columns}, {@code
 * descending}, {@code count}, {@code metric}, {@code model}). The deprecated generic kinds {@code
 * Scan} and {@code Join} are read as {@code SeqScan("")} and {@code NestedLoopJoin(INNER)}. Edges
 * are {@code [from, to]} pairs or {@code {"from":..,"to":..}} objects; an edge listed twice is kept
 * once (the original keeps duplicates, this model has no parallel edges). {@code root} is ignored:
 * sources and sinks are computed.
 *
 * <h2>Fixture format ({@link #fromFixtureJson})</h2>
 *
 * <pre>{@code
 * {"simple_scan": {"nodes":[{"id":0,"type":"SeqScan","table":"users","cost":10.0},
 *                           {"id":1,"type":"Result","cost":0.5}],
 *                  "edges":[[0,1]]},
 *  "hash_join":   {...}}
 * }</pre>
 *
 * Named DAGs, each with nodes whose operator is flat: {@code type} names the kind and the kind's
 * fields sit beside it ({@code HashJoin} may name its key {@code key}; a missing table or other
 * name is {@code ""}). {@code cost} and {@code rows} (or {@code estimated_cost} and {@code
 * estimated_rows}) are the estimates. Edges as in the upstream format.
 *
 * <h2>Detection ({@link #detect}, {@link #read})</h2>
 *
 * {@link #detect} looks at the first tokens only: a top-level {@code version} means {@link
 * Format#CANONICAL}; otherwise the first node decides ({@code op} object: canonical, {@code op}
 * number: bench, {@code op_type}: upstream); a top-level {@code root} means upstream; an object of
 * objects that hold {@code nodes} is a fixture; an object with {@code Plan}, or an array whose first
 * element has one, is PostgreSQL {@code EXPLAIN (FORMAT JSON)} output. {@link #read} reads the
 * single-DAG formats.
 *
 * <p>Stateless and thread-safe.
 */
public final class DagFormats {

    /** A JSON DAG shape recognised by {@link #detect}. */
    public enum Format {
        /** The canonical format of {@link QueryDag#toJson()} (carries {@code "version"}). */
        CANONICAL,
        /** The benchmark format, {@code op} as an index (see {@link #fromBenchJson}). */
        BENCH,
        /** The original implementation's serialized DAG (see {@link #fromUpstreamJson}). */
        UPSTREAM,
        /** A file of named fixture DAGs (see {@link #fromFixtureJson}). */
        FIXTURE,
        /** PostgreSQL {@code EXPLAIN (FORMAT JSON)} output; detected here, read by the plan reader. */
        POSTGRES_EXPLAIN,
        /** Not JSON, or none of the shapes above. */
        UNKNOWN
    }

    /** The original's 17 operator kinds in declaration order: the {@code op} index of the bench format. */
    private static final List<String> BENCH_KINDS = List.of(
            "SeqScan",
            "IndexScan",
            "HnswScan",
            "IvfFlatScan",
            "NestedLoopJoin",
            "HashJoin",
            "MergeJoin",
            "Aggregate",
            "GroupBy",
            "Filter",
            "Project",
            "Sort",
            "Limit",
            "VectorDistance",
            "Rerank",
            "Materialize",
            "Result");

    /** The neutral operators of the bench kinds (records are immutable, so one instance each). */
    private static final Operator[] BENCH_OPERATORS = benchOperators();

    private static final String BENCH = "bench JSON DAG: ";
    private static final String UPSTREAM = "upstream JSON DAG: ";
    private static final String FIXTURE = "fixture JSON: ";

    private DagFormats() {}

    private static Operator[] benchOperators() {
        Operator[] ops = new Operator[BENCH_KINDS.size()];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = Operators.fromFields(
                    BENCH_KINDS.get(i), Map.of(), m -> new DagException(DagException.Kind.SERIALIZATION, m));
        }
        return ops;
    }

    // ------------------------------------------------------------------ bench

    /**
     * Reads the benchmark format (see the class description).
     *
     * @param json the text, at most {@link DagLimits#MAX_INPUT_BYTES} chars
     * @return the DAG, ids preserved
     * @throws DagException {@code SERIALIZATION} for malformed or oversized input, an {@code op}
     *     outside {@code 0..16}, a negative or non-finite cost or row count, duplicate ids, a dangling
     *     edge, a self-loop or a cycle
     * @throws NullPointerException if {@code json} is null
     */
    public static QueryDag fromBenchJson(String json) {
        Objects.requireNonNull(json, "json");
        return DagJson.parse(json, BENCH, p -> {
            GraphReader r = new GraphReader(p, BENCH) {
                @Override
                void readNode() throws IOException {
                    readBenchNode(this);
                }
            };
            r.readDocument();
            return r.finish();
        });
    }

    private static void readBenchNode(GraphReader r) throws IOException {
        JsonParser p = r.p;
        DagJson.expect(p, p.currentToken(), JsonToken.START_OBJECT, "a node object", r::error);
        Integer id = null;
        Integer op = null;
        double cost = 0;
        double rows = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> id = DagJson.intValue(p, t, "node \"id\"", r::error);
                case "op" -> {
                    int k = DagJson.intValue(p, t, "node \"op\"", r::error);
                    if (k < 0 || k >= BENCH_OPERATORS.length) {
                        throw r.error("node \"op\" " + k + " is outside [0, " + (BENCH_OPERATORS.length - 1) + "]");
                    }
                    op = k;
                }
                case "cost" -> cost = DagJson.number(p, t, name, r::error);
                case "rows" -> rows = DagJson.number(p, t, name, r::error);
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw r.error("node without \"id\"");
        }
        if (op == null) {
            throw r.error("node " + id + " without \"op\"");
        }
        DagJson.addNode(r.dag, id, BENCH_OPERATORS[op], rows, cost, null, null, null, null, null, r::error);
    }

    // ------------------------------------------------------------------ upstream

    /**
     * Reads the original implementation's serialized DAG (see the class description).
     *
     * @param json the text, at most {@link DagLimits#MAX_INPUT_BYTES} chars
     * @return the DAG, ids preserved, repeated edges kept once
     * @throws DagException {@code SERIALIZATION} for malformed or oversized input, an unknown or
     *     malformed {@code op_type}, invalid numbers, duplicate ids, a dangling edge, a self-loop or a
     *     cycle
     * @throws NullPointerException if {@code json} is null
     */
    public static QueryDag fromUpstreamJson(String json) {
        Objects.requireNonNull(json, "json");
        return DagJson.parse(json, UPSTREAM, p -> {
            GraphReader r = new GraphReader(p, UPSTREAM) {
                @Override
                void readNode() throws IOException {
                    readUpstreamNode(this);
                }
            };
            r.readDocument();
            return r.finish();
        });
    }

    private static void readUpstreamNode(GraphReader r) throws IOException {
        JsonParser p = r.p;
        DagJson.expect(p, p.currentToken(), JsonToken.START_OBJECT, "a node object", r::error);
        Integer id = null;
        Operator op = null;
        double rows = 0;
        double cost = 0;
        Double actualRows = null;
        Double actualTime = null;
        float[] emb = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> id = DagJson.intValue(p, t, "node \"id\"", r::error);
                case "op_type" -> op = readUpstreamOperator(r);
                case "estimated_rows" -> rows = DagJson.number(p, t, name, r::error);
                case "estimated_cost" -> cost = DagJson.number(p, t, name, r::error);
                case "actual_rows" -> actualRows = DagJson.nullableNumber(p, t, name, r::error);
                case "actual_time_ms" -> actualTime = DagJson.nullableNumber(p, t, name, r::error);
                case "embedding" -> emb = DagJson.readEmbedding(p, t, r::error);
                default -> p.skipChildren();
            }
        }
        if (id == null) {
            throw r.error("node without \"id\"");
        }
        if (op == null) {
            throw r.error("node " + id + " without \"op_type\"");
        }
        DagJson.addNode(r.dag, id, op, rows, cost, actualRows, actualTime, null, null, emb, r::error);
    }

    /** {@code "Result"} or {@code {"SeqScan":{"table":"t"}}} (a unit kind may also hold null or {}). */
    private static Operator readUpstreamOperator(GraphReader r) throws IOException {
        JsonParser p = r.p;
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return Operators.fromFields(p.getText(), Map.of(), r::error);
        }
        if (t != JsonToken.START_OBJECT) {
            throw r.error("\"op_type\" must be a string or an object, found " + DagJson.describe(t));
        }
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw r.error("\"op_type\" object must name exactly one operator kind");
        }
        String kind = p.currentName();
        JsonToken v = p.nextToken();
        Map<String, Object> fields;
        if (v == JsonToken.START_OBJECT) {
            fields = DagJson.readFields(p, r::error);
        } else if (v == JsonToken.VALUE_NULL) {
            fields = Map.of();
        } else {
            throw r.error("fields of \"" + kind + "\" must be an object, found " + DagJson.describe(v));
        }
        if (p.nextToken() != JsonToken.END_OBJECT) {
            throw r.error("\"op_type\" object must name exactly one operator kind");
        }
        return Operators.fromFields(kind, fields, r::error);
    }

    // ------------------------------------------------------------------ fixture

    /**
     * Reads a file of named fixture DAGs (see the class description).
     *
     * @param json the text, at most {@link DagLimits#MAX_INPUT_BYTES} chars
     * @return the DAGs by name, in document order (unmodifiable)
     * @throws DagException {@code SERIALIZATION} for malformed or oversized input, a repeated name,
     *     an unknown operator type, invalid numbers, duplicate ids, a dangling edge, a self-loop or a
     *     cycle; the message names the DAG
     * @throws NullPointerException if {@code json} is null
     */
    public static Map<String, QueryDag> fromFixtureJson(String json) {
        Objects.requireNonNull(json, "json");
        return DagJson.parse(json, FIXTURE, p -> {
            DagJson.Errors top = m -> DagJson.error(p, FIXTURE, m, null);
            DagJson.expect(p, p.nextToken(), JsonToken.START_OBJECT, "an object of named DAGs", top);
            Map<String, QueryDag> dags = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (dags.containsKey(name)) {
                    throw top.error("DAG \"" + name + "\" is defined twice");
                }
                p.nextToken();
                GraphReader r = new GraphReader(p, FIXTURE + "DAG \"" + name + "\": ") {
                    @Override
                    void readNode() throws IOException {
                        readFixtureNode(this);
                    }
                };
                r.readObject();
                dags.put(name, r.finish());
            }
            DagJson.expect(p, p.currentToken(), JsonToken.END_OBJECT, "the end of the fixture object", top);
            if (p.nextToken() != null) {
                throw top.error("unexpected content after the fixture object");
            }
            return Collections.unmodifiableMap(dags);
        });
    }

    private static void readFixtureNode(GraphReader r) throws IOException {
        JsonParser p = r.p;
        DagJson.expect(p, p.currentToken(), JsonToken.START_OBJECT, "a node object", r::error);
        Integer id = null;
        String type = null;
        double rows = 0;
        double cost = 0;
        Double actualRows = null;
        Double actualTime = null;
        float[] emb = null;
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> id = DagJson.intValue(p, t, "node \"id\"", r::error);
                case "type" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw r.error("node \"type\" must be a string, found " + DagJson.describe(t));
                    }
                    type = p.getText();
                }
                case "cost", "estimated_cost" -> cost = DagJson.number(p, t, name, r::error);
                case "rows", "estimated_rows" -> rows = DagJson.number(p, t, name, r::error);
                case "actual_rows" -> actualRows = DagJson.nullableNumber(p, t, name, r::error);
                case "actual_time_ms" -> actualTime = DagJson.nullableNumber(p, t, name, r::error);
                case "embedding" -> emb = DagJson.readEmbedding(p, t, r::error);
                default -> fields.put(name, DagJson.readValue(p, r::error, 0));
            }
        }
        if (id == null) {
            throw r.error("node without \"id\"");
        }
        if (type == null) {
            throw r.error("node " + id + " without \"type\"");
        }
        Operator op = Operators.fromFields(type, fields, r::error);
        DagJson.addNode(r.dag, id, op, rows, cost, actualRows, actualTime, null, null, emb, r::error);
    }

    // ------------------------------------------------------------------ shared graph reader

    /**
     * Reads {@code {"nodes":[...], "edges":[...], ...}}: nodes are added as they are read (so a
     * duplicate id is reported where it occurs), edges are buffered and validated at the end, since
     * they may precede the nodes. Other fields, such as upstream's {@code root}, are skipped.
     */
    private abstract static class GraphReader {
        final JsonParser p;
        final String prefix;
        final QueryDag dag = new QueryDag();
        final DagJson.EdgeList edges = new DagJson.EdgeList();

        GraphReader(JsonParser p, String prefix) {
            this.p = p;
            this.prefix = prefix;
        }

        DagException error(String message) {
            return DagJson.error(p, prefix, message, null);
        }

        /** Reads the current node object and adds it to {@link #dag}. */
        abstract void readNode() throws IOException;

        /** A whole document holding one DAG object. */
        void readDocument() throws IOException {
            p.nextToken();
            readObject();
            if (p.nextToken() != null) {
                throw error("unexpected content after the DAG object");
            }
        }

        /** The DAG object at the current token. */
        void readObject() throws IOException {
            DagJson.expect(p, p.currentToken(), JsonToken.START_OBJECT, "a DAG object", this::error);
            boolean sawNodes = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "nodes" -> {
                        DagJson.expect(p, t, JsonToken.START_ARRAY, "an array of nodes", this::error);
                        sawNodes = true;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            readNode();
                        }
                    }
                    case "edges" -> {
                        DagJson.expect(p, t, JsonToken.START_ARRAY, "an array of edges", this::error);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            DagJson.readEdge(p, edges, true, this::error);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            DagJson.expect(p, p.currentToken(), JsonToken.END_OBJECT, "the end of the DAG object", this::error);
            if (!sawNodes) {
                throw error("missing \"nodes\"");
            }
        }

        QueryDag finish() {
            return DagJson.finish(dag, edges, true, this::error);
        }
    }

    // ------------------------------------------------------------------ detection

    /**
     * Recognises the shape of a JSON document from its first tokens (see the class description),
     * without reading it fully. Never throws for malformed input: text that is not JSON, or whose
     * shape is none of the known ones, is {@link Format#UNKNOWN}.
     *
     * @param text the document
     * @return its format
     * @throws NullPointerException if {@code text} is null
     */
    public static Format detect(String text) {
        return detection(text).format;
    }

    /** A format, and for text that is not JSON the parser's complaint with its position. */
    private record Detection(
            Format format,
            @Nullable String syntax,
            @Nullable JsonProcessingException cause) {}

    private static Detection detection(String text) {
        Objects.requireNonNull(text, "text");
        JsonParser p;
        try {
            p = DagJson.FACTORY.createParser(text);
        } catch (IOException e) {
            return new Detection(Format.UNKNOWN, null, null);
        }
        try (p) {
            return new Detection(detect(p), null, null);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            return new Detection(Format.UNKNOWN, e.getOriginalMessage() + DagJson.at(loc), e);
        } catch (IOException e) {
            return new Detection(Format.UNKNOWN, null, null);
        }
    }

    private static Format detect(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
            return p.nextToken() == JsonToken.START_OBJECT && hasField(p, "Plan")
                    ? Format.POSTGRES_EXPLAIN
                    : Format.UNKNOWN;
        }
        if (t != JsonToken.START_OBJECT) {
            return Format.UNKNOWN;
        }
        boolean sawNodes = false;
        boolean sawRoot = false;
        boolean first = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "version" -> {
                    return Format.CANONICAL;
                }
                case "Plan" -> {
                    return Format.POSTGRES_EXPLAIN;
                }
                case "nodes" -> {
                    sawNodes = true;
                    if (v == JsonToken.START_ARRAY && p.nextToken() == JsonToken.START_OBJECT) {
                        return nodeShape(p);
                    }
                    p.skipChildren();
                }
                case "root" -> {
                    sawRoot = true;
                    p.skipChildren();
                }
                default -> {
                    if (first && v == JsonToken.START_OBJECT) {
                        if (hasField(p, "nodes")) {
                            return Format.FIXTURE;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            first = false;
        }
        if (!sawNodes) {
            return Format.UNKNOWN;
        }
        return sawRoot ? Format.UPSTREAM : Format.BENCH;
    }

    /** The format a node object implies; the parser is on its START_OBJECT. */
    private static Format nodeShape(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "op_type" -> {
                    return Format.UPSTREAM;
                }
                case "op" -> {
                    if (v == JsonToken.START_OBJECT) {
                        return Format.CANONICAL;
                    }
                    return v == JsonToken.VALUE_NUMBER_INT ? Format.BENCH : Format.UNKNOWN;
                }
                default -> p.skipChildren();
            }
        }
        return Format.UNKNOWN;
    }

    /** Whether the object at the current START_OBJECT has the field; consumes the object up to it. */
    private static boolean hasField(JsonParser p, String field) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (p.currentName().equals(field)) {
                return true;
            }
            p.nextToken();
            p.skipChildren();
        }
        return false;
    }

    /**
     * Detects the format and reads a single DAG: {@link Format#CANONICAL} with {@link
     * QueryDag#fromJson}, {@link Format#BENCH} with {@link #fromBenchJson}, {@link Format#UPSTREAM}
     * with {@link #fromUpstreamJson}.
     *
     * @param text the document, at most {@link DagLimits#MAX_INPUT_BYTES} chars
     * @return the DAG
     * @throws DagException {@code SERIALIZATION} if the reader fails, or if the document is a
     *     fixture file, a PostgreSQL plan or unrecognised (the message names the detected format and,
     *     for malformed JSON, the line and column)
     * @throws NullPointerException if {@code text} is null
     */
    public static QueryDag read(String text) {
        Objects.requireNonNull(text, "text");
        DagJson.checkSize(text, "JSON DAG: ");
        Detection d = detection(text);
        return switch (d.format) {
            case CANONICAL -> QueryDag.fromJson(text);
            case BENCH -> fromBenchJson(text);
            case UPSTREAM -> fromUpstreamJson(text);
            case FIXTURE ->
                throw new DagException(
                        DagException.Kind.SERIALIZATION,
                        "JSON DAG: the document is a FIXTURE file of named DAGs; read it with"
                                + " DagFormats.fromFixtureJson");
            case POSTGRES_EXPLAIN ->
                throw new DagException(
                        DagException.Kind.SERIALIZATION,
                        "JSON DAG: the document is POSTGRES_EXPLAIN output (EXPLAIN (FORMAT JSON)); read it with"
                                + " the PostgreSQL plan reader");
            case UNKNOWN -> {
                JsonProcessingException e = d.cause;
                if (e != null) {
                    throw new DagException(
                            DagException.Kind.SERIALIZATION,
                            "JSON DAG: format UNKNOWN, not valid JSON: " + d.syntax,
                            e);
                }
                throw new DagException(
                        DagException.Kind.SERIALIZATION,
                        "JSON DAG: format UNKNOWN: neither canonical, bench nor upstream DAG JSON");
            }
        };
    }
}
