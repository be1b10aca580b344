package io.neuraldag.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The canonical JSON DAG format of spec 01 §2.9, version 1:
 *
 *   {"version":1,"nodes":[{"id":0,"op":{"type":"HnswScan","index":"v","ef_search":64},
 *     "estimated_rows":0.0,"estimated_cost":0.0}],"edges":[[0,1]]}
 *
 * Nodes ascending by id, edges sorted, nulls omitted, snake_case names. Optional node fields:
 * actual_rows, actual_time_ms, start_time_ms, selectivity, embedding (array of numbers). The reader
 * takes fields in any order, ignores unknown top-level and node fields (forward compatibility within
 * a version), rejects an unknown version, preserves ids, and validates uniqueness, endpoints and
 * acyclicity. Every failure is a DagException(SERIALIZATION) whose message carries line and column.
 *
 * Jackson's StreamReadConstraints bound document size, nesting, string and number length, so
 * hostile input fails before it can exhaust memory.
 */
final class DagJson {
    static final int CURRENT_VERSION = 1;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(DagLimits.MAX_INPUT_BYTES)
                    .maxNestingDepth(DagLimits.MAX_NESTING_DEPTH)
                    .maxStringLength(DagLimits.MAX_STRING_LENGTH)
                    .maxNumberLength(400)
                    .maxNameLength(4096)
                    .build())
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            // correctly rounded like Double.parseDouble (same values), several times faster
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private DagJson() {}

    // ------------------------------------------------------------------ writing

    /** The canonical text: {@link DagJsonWriter}, or the reference writer for unpaired surrogates. */
    static String write(DagSnapshot s) {
        String text = DagJsonWriter.write(s);
        return text != null ? text : writeWithJackson(s);
    }

    /**
     * The reference form of the canonical text, through Jackson's generator; {@link DagJsonWriter}
     * writes the same characters faster.
     */
    static String writeWithJackson(DagSnapshot s) {
        StringWriter w = new StringWriter(64 + s.size() * 96 + s.edgeCount() * 12);
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.writeStartObject();
            g.writeNumberField("version", CURRENT_VERSION);
            g.writeArrayFieldStart("nodes");
            for (int i = 0; i < s.size(); i++) {
                OperatorNode node = s.node(i);
                g.writeStartObject();
                g.writeNumberField("id", s.id(i));
                g.writeFieldName("op");
                writeOperator(g, node.operator());
                g.writeNumberField("estimated_rows", node.estimatedRows());
                g.writeNumberField("estimated_cost", node.estimatedCost());
                optional(g, "actual_rows", node.actualRows());
                optional(g, "actual_time_ms", node.actualTimeMs());
                optional(g, "start_time_ms", node.startTimeMs());
                optional(g, "selectivity", node.selectivity());
                if (node.hasEmbedding()) {
                    g.writeArrayFieldStart("embedding");
                    for (int k = 0; k < node.embeddingDimension(); k++) {
                        g.writeNumber(node.embeddingAt(k));
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("edges");
            for (int i = 0; i < s.size(); i++) {
                for (int p = s.outStart(i); p < s.outEnd(i); p++) {
                    g.writeStartArray();
                    g.writeNumber(s.id(i));
                    g.writeNumber(s.id(s.outTarget(p)));
                    g.writeEndArray();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void optional(JsonGenerator g, String name, @Nullable Double v) throws IOException {
        if (v != null) {
            g.writeNumberField(name, v);
        }
    }

    static void writeOperator(JsonGenerator g, Operator op) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", op.typeName());
        switch (op) {
            case Operator.SeqScan o -> g.writeStringField("table", o.table());
            case Operator.IndexScan o -> {
                g.writeStringField("index", o.index());
                g.writeStringField("table", o.table());
            }
            case Operator.IndexOnlyScan o -> {
                g.writeStringField("index", o.index());
                g.writeStringField("table", o.table());
            }
            case Operator.BitmapScan o -> {
                g.writeStringField("index", o.index());
                g.writeStringField("table", o.table());
            }
            case Operator.HnswScan o -> {
                g.writeStringField("index", o.index());
                g.writeNumberField("ef_search", o.efSearch());
                if (!o.table().isEmpty()) {
                    g.writeStringField("table", o.table());
                }
                if (o.k() != null) {
                    g.writeNumberField("k", o.k());
                }
            }
            case Operator.IvfFlatScan o -> {
                g.writeStringField("index", o.index());
                g.writeNumberField("nprobe", o.nprobe());
                if (!o.table().isEmpty()) {
                    g.writeStringField("table", o.table());
                }
                if (o.k() != null) {
                    g.writeNumberField("k", o.k());
                }
            }
            case Operator.SubqueryScan o -> g.writeStringField("alias", o.alias());
            case Operator.CteScan o -> g.writeStringField("cte_name", o.cteName());
            case Operator.NestedLoopJoin o ->
                g.writeStringField("join_type", o.joinType().name());
            case Operator.HashJoin o -> {
                g.writeStringField("hash_key", o.hashKey());
                g.writeStringField("join_type", o.joinType().name());
            }
            case Operator.MergeJoin o -> {
                g.writeStringField("merge_key", o.mergeKey());
                g.writeStringField("join_type", o.joinType().name());
            }
            case Operator.Aggregate o -> strings(g, "functions", o.functions());
            case Operator.GroupBy o -> strings(g, "keys", o.keys());
            case Operator.HashAggregate o -> {
                strings(g, "keys", o.keys());
                strings(g, "functions", o.functions());
            }
            case Operator.WindowAgg o -> strings(g, "functions", o.functions());
            case Operator.Filter o -> g.writeStringField("predicate", o.predicate());
            case Operator.Project o -> strings(g, "columns", o.columns());
            case Operator.Sort o -> {
                strings(g, "keys", o.keys());
                booleans(g, o.descending());
            }
            case Operator.IncrementalSort o -> {
                strings(g, "keys", o.keys());
                booleans(g, o.descending());
            }
            case Operator.Limit o -> g.writeNumberField("count", o.count());
            case Operator.Unique o -> strings(g, "keys", o.keys());
            case Operator.Append o -> {}
            case Operator.MergeAppend o -> strings(g, "keys", o.keys());
            case Operator.Union o -> g.writeBooleanField("all", o.all());
            case Operator.Intersect o -> {}
            case Operator.Except o -> {}
            case Operator.VectorDistance o -> g.writeStringField("metric", o.metric());
            case Operator.Rerank o -> g.writeStringField("model", o.model());
            case Operator.Materialize o -> {}
            case Operator.Result o -> {}
            case Operator.Gather o -> g.writeNumberField("workers", o.workers());
            case Operator.GatherMerge o -> g.writeNumberField("workers", o.workers());
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void booleans(JsonGenerator g, List<Boolean> values) throws IOException {
        g.writeArrayFieldStart("descending");
        for (Boolean v : values) {
            g.writeBoolean(v);
        }
        g.writeEndArray();
    }

    // ------------------------------------------------------------------ reading

    /**
     * The DAG of a canonical document: {@link DagJsonReader} for the documents it accepts, the
     * reference reader ({@link #readWithJackson}) for everything else, errors included.
     */
    static QueryDag read(String json) {
        checkSize(json, "JSON DAG: ");
        QueryDag dag = DagJsonReader.read(json);
        return dag != null ? dag : readWithJackson(json);
    }

    /** The reference reader on Jackson's parser: every result and every error message. */
    static QueryDag readWithJackson(String json) {
        return parse(json, "JSON DAG: ", p -> new Reader(p).readDag());
    }

    /** The body of a reader, run on a parser positioned before the first token. */
    interface ParserBody<T> {
        T read(JsonParser p) throws IOException;
    }

    /**
     * Runs a reader on the text under {@link #FACTORY}'s constraints. The size limit is checked
     * first; every Jackson failure (syntax, constraint) becomes a DagException(SERIALIZATION) whose
     * message starts with the prefix and ends with the line and column.
     */
    static <T> T parse(String json, String prefix, ParserBody<T> body) {
        checkSize(json, prefix);
        JsonParser p;
        try {
            byte[] ascii = asciiBytes(json);
            p = ascii != null ? FACTORY.createParser(ascii) : FACTORY.createParser(json);
        } catch (IOException e) {
            throw new DagException(DagException.Kind.SERIALIZATION, prefix + e.getMessage(), e);
        }
        try (p) {
            return body.read(p);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            throw new DagException(DagException.Kind.SERIALIZATION, prefix + e.getOriginalMessage() + at(loc), e);
        } catch (IOException e) {
            throw new DagException(
                    DagException.Kind.SERIALIZATION, prefix + e.getMessage() + at(p.currentLocation()), e);
        }
    }

    /*
     * The text as bytes when it is pure ASCII, else null. ASCII text (the usual case, though names
     * and predicates may hold any character) goes to Jackson's byte parser, which is faster than its
     * char parser; for ASCII the byte and char positions agree, and so do the error messages. Equal
     * lengths leave one impostor, an unpaired surrogate that getBytes turned into one '?'; the
     * comparison rules it out (and is false at once for a string not stored as Latin-1).
     */
    private static byte @Nullable [] asciiBytes(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        return utf8.length == json.length() && new String(utf8, StandardCharsets.ISO_8859_1).equals(json) ? utf8 : null;
    }

    static void checkSize(String json, String prefix) {
        if (json.length() > DagLimits.MAX_INPUT_BYTES) {
            throw new DagException(
                    DagException.Kind.SERIALIZATION,
                    prefix + "input of " + json.length() + " chars exceeds the limit of " + DagLimits.MAX_INPUT_BYTES);
        }
    }

    static String at(@Nullable JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) {
            return "";
        }
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** A DagException(SERIALIZATION) with the prefix, the message and the parser's position. */
    static DagException error(JsonParser p, String prefix, String message, @Nullable Throwable cause) {
        String text = prefix + message + at(p.currentLocation());
        return cause == null
                ? new DagException(DagException.Kind.SERIALIZATION, text)
                : new DagException(DagException.Kind.SERIALIZATION, text, cause);
    }

    /** Streaming reader of the canonical shape. */
    private static final class Reader {
        private final JsonParser p;
        private final QueryDag dag = new QueryDag();
        private final EdgeList edges = new EdgeList();
        private final FieldBuffer fields = new FieldBuffer();
        private final Errors errors = this::error;

        Reader(JsonParser p) {
            this.p = p;
        }

        DagException error(String message) {
            return DagJson.error(p, "JSON DAG: ", message, null);
        }

        QueryDag readDag() throws IOException {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "a JSON object", this::error);
            Integer version = null;
            boolean sawNodes = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "version" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            throw error("\"version\" must be an integer, found " + describe(t));
                        }
                        int v = p.getIntValue();
                        if (v != CURRENT_VERSION) {
                            throw error("unsupported DAG format version " + v + " (this reader supports "
                                    + CURRENT_VERSION + ")");
                        }
                        version = v;
                    }
                    case "nodes" -> {
                        expect(p, t, JsonToken.START_ARRAY, "an array of nodes", this::error);
                        sawNodes = true;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            readNode();
                        }
                    }
                    case "edges" -> {
                        expect(p, t, JsonToken.START_ARRAY, "an array of edges", this::error);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            readEdge(p, edges, false, errors);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            expect(p, p.currentToken(), JsonToken.END_OBJECT, "the end of the DAG object", this::error);
            if (p.nextToken() != null) {
                throw error("unexpected content after the DAG object");
            }
            if (version == null) {
                throw error("missing \"version\"");
            }
            if (!sawNodes) {
                throw error("missing \"nodes\"");
            }
            return finish(dag, edges, false, this::error);
        }

        void readNode() throws IOException {
            expect(p, p.currentToken(), JsonToken.START_OBJECT, "a node object", this::error);
            Integer id = null;
            Operator op = null;
            double rows = 0;
            double cost = 0;
            Double actualRows = null;
            Double actualTime = null;
            Double start = null;
            Double sel = null;
            float[] emb = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "id" -> id = intValue(p, t, "node \"id\"", errors);
                    case "op" -> op = readOperator(p, errors, fields);
                    case "estimated_rows" -> rows = number(p, t, name, errors);
                    case "estimated_cost" -> cost = number(p, t, name, errors);
                    case "actual_rows" -> actualRows = nullableNumber(p, t, name, errors);
                    case "actual_time_ms" -> actualTime = nullableNumber(p, t, name, errors);
                    case "start_time_ms" -> start = nullableNumber(p, t, name, errors);
                    case "selectivity" -> sel = nullableNumber(p, t, name, errors);
                    case "embedding" -> emb = readEmbedding(p, t, errors);
                    default -> p.skipChildren();
                }
            }
            if (id == null) {
                throw error("node without \"id\"");
            }
            if (op == null) {
                throw error("node " + id + " without \"op\"");
            }
            addNode(dag, id, op, rows, cost, actualRows, actualTime, start, sel, emb, errors);
        }
    }

    // ------------------------------------------------------------------ reading blocks shared with DagFormats

    /** Builds a DagException at the parser's position. */
    interface Errors {
        DagException error(String message);
    }

    /** Edge pairs in reading order, validated once all nodes are known. Not thread-safe. */
    static final class EdgeList {
        private int[] from = new int[64];
        private int[] to = new int[64];
        private int size;

        void add(int source, int target, Errors errors) {
            if (size >= DagLimits.MAX_EDGES) {
                throw errors.error("more than " + DagLimits.MAX_EDGES + " edges");
            }
            if (size == from.length) {
                from = Arrays.copyOf(from, size * 2);
                to = Arrays.copyOf(to, size * 2);
            }
            from[size] = source;
            to[size] = target;
            size++;
        }

        int size() {
            return size;
        }
    }

    static void expect(JsonParser p, @Nullable JsonToken actual, JsonToken expected, String what, Errors errors) {
        if (actual != expected) {
            throw errors.error("expected " + what + " but found " + describe(actual));
        }
    }

    /** The current token as an {@code int}; anything else (float, long, string) is an error. */
    static int intValue(JsonParser p, @Nullable JsonToken t, String what, Errors errors) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw errors.error(what + " must be an integer, found " + describe(t));
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            throw errors.error(what + " is out of the int range: " + p.getText());
        }
        return p.getIntValue();
    }

    static double number(JsonParser p, @Nullable JsonToken t, String name, Errors errors) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw errors.error("\"" + name + "\" must be a number, found " + describe(t));
        }
        return p.getDoubleValue();
    }

    static @Nullable Double nullableNumber(JsonParser p, @Nullable JsonToken t, String name, Errors errors)
            throws IOException {
        return t == JsonToken.VALUE_NULL ? null : number(p, t, name, errors);
    }

    static float @Nullable [] readEmbedding(JsonParser p, @Nullable JsonToken t, Errors errors) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_ARRAY, "an embedding array", errors);
        float[] v = new float[8];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (n >= DagLimits.MAX_EMBEDDING_DIMENSION) {
                throw errors.error("embedding longer than " + DagLimits.MAX_EMBEDDING_DIMENSION);
            }
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = (float) number(p, p.currentToken(), "embedding", errors);
        }
        return Arrays.copyOf(v, n);
    }

    /**
     * Reads one edge at the current token: {@code [from, to]}, or {@code {"from": .., "to": ..}}
     * when {@code allowObject} (upstream's alternative shape).
     */
    static void readEdge(JsonParser p, EdgeList out, boolean allowObject, Errors errors) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY) {
            int from = intValue(p, p.nextToken(), "edge source", errors);
            int to = intValue(p, p.nextToken(), "edge target", errors);
            expect(p, p.nextToken(), JsonToken.END_ARRAY, "the end of an edge pair", errors);
            out.add(from, to, errors);
            return;
        }
        if (t != JsonToken.START_OBJECT || !allowObject) {
            throw errors.error(
                    "expected an edge " + (allowObject ? "[from, to] or {\"from\":..,\"to\":..}" : "[from, to]")
                            + " but found " + describe(t));
        }
        Integer from = null;
        Integer to = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "from" -> from = intValue(p, v, "edge \"from\"", errors);
                case "to" -> to = intValue(p, v, "edge \"to\"", errors);
                default -> p.skipChildren();
            }
        }
        if (from == null || to == null) {
            throw errors.error("edge object without \"from\" and \"to\"");
        }
        out.add(from, to, errors);
    }

    /** Validates a node's id and attributes and adds it; duplicates and bad values are errors. */
    static void addNode(
            QueryDag dag,
            int id,
            Operator op,
            double rows,
            double cost,
            @Nullable Double actualRows,
            @Nullable Double actualTime,
            @Nullable Double start,
            @Nullable Double sel,
            float @Nullable [] emb,
            Errors errors) {
        if (id < 0 || id == Integer.MAX_VALUE) {
            throw errors.error("invalid node id " + id + " (ids are in [0, 2^31-2])");
        }
        if (dag.containsNode(id)) {
            throw errors.error("duplicate node id " + id);
        }
        if (dag.nodeCount() >= DagLimits.MAX_NODES) {
            throw errors.error("more than " + DagLimits.MAX_NODES + " nodes");
        }
        OperatorNode node;
        try {
            node = new OperatorNode(op, rows, cost, actualRows, actualTime, start, sel, emb);
        } catch (IllegalArgumentException e) {
            throw errors.error("node " + id + ": " + e.getMessage());
        }
        try {
            dag.addNode(id, node);
        } catch (DagException e) {
            throw errors.error("node " + id + ": " + e.getMessage());
        }
    }

    /**
     * Adds the buffered edges without per-edge cycle checks, then validates acyclicity once (Kahn).
     * A missing endpoint or a self-loop is an error; a repeated edge is an error unless {@code
     * dedupe} (the legacy shapes, whose writers kept duplicates), in which case it is dropped.
     */
    static QueryDag finish(QueryDag dag, EdgeList edges, boolean dedupe, Errors errors) {
        long rejected = dag.linkEdges(edges.from, edges.to, edges.size, dedupe);
        if (rejected >= 0) {
            int k = (int) (rejected >>> 2);
            String edge = "edge " + edges.from[k] + "->" + edges.to[k];
            int reason = (int) (rejected & 3);
            throw errors.error(
                    reason == QueryDag.EDGE_MISSING_NODE
                            ? edge + " names a missing node"
                            : reason == QueryDag.EDGE_SELF_LOOP ? edge + " is a self-loop" : edge + " is a duplicate");
        }
        try {
            dag.finishBulkLoad();
        } catch (DagException e) {
            throw errors.error(String.valueOf(e.getMessage()));
        }
        return dag;
    }

    static String describe(@Nullable JsonToken t) {
        return t == null ? "end of input" : t.toString();
    }

    /**
     * Reads an operator object {"type": ..., fields...} with fields in any order into the reusable
     * buffer; shared with the legacy readers, which pass their own error factory.
     */
    static Operator readOperator(JsonParser p, Errors errors, FieldBuffer fields) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw errors.error("an operator must be an object, found " + describe(p.currentToken()));
        }
        fields.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fields.add(name, readValue(p, errors, 0));
        }
        Object type = fields.get("type");
        if (!(type instanceof String typeName)) {
            throw errors.error("operator without a string \"type\"");
        }
        Operator op = Operators.fromFields(typeName, fields, errors);
        fields.clear();
        return op;
    }

    /**
     * The fields of one operator object in reading order, reused from operator to operator: a
     * lookup scans from the newest, so a repeated name resolves to its last value, as in a map.
     * Not thread-safe.
     */
    static final class FieldBuffer implements Operators.Fields {
        private String[] names = new String[8];
        private Object[] values = new Object[8];
        private int size;

        void clear() {
            Arrays.fill(values, 0, size, null);
            size = 0;
        }

        void add(String name, Object value) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size++] = value;
        }

        @Override
        public @Nullable Object get(String name) {
            for (int i = size - 1; i >= 0; i--) {
                if (names[i].equals(name)) {
                    return values[i];
                }
            }
            return null;
        }
    }

    /** The fields of the object at the current START_OBJECT, as small values (see readValue). */
    static Map<String, Object> readFields(JsonParser p, Errors errors) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fields.put(name, readValue(p, errors, 0));
        }
        return fields;
    }

    /** A small JSON value: String, Double, Long, Boolean, null marker, or List or Map of these. */
    static Object readValue(JsonParser p, Errors errors, int depth) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            throw errors.error("unexpected end of input");
        }
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? (Object) p.getDoubleValue()
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> Operators.NULL;
            case START_ARRAY -> {
                if (p.nextToken() == JsonToken.END_ARRAY) {
                    yield List.of();
                }
                List<Object> list = new ArrayList<>();
                list.add(readValue(p, errors, depth + 1));
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (list.size() >= DagLimits.MAX_LIST_LENGTH) {
                        throw errors.error("list longer than " + DagLimits.MAX_LIST_LENGTH);
                    }
                    list.add(readValue(p, errors, depth + 1));
                }
                yield list;
            }
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, readValue(p, errors, depth + 1));
                }
                yield map;
            }
            default -> throw errors.error("unexpected " + t);
        };
    }
}
