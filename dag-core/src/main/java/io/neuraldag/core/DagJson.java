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
import java.util.ArrayList;
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
            .build();

    private DagJson() {}

    // ------------------------------------------------------------------ writing

    static String write(DagSnapshot s) {
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

    static QueryDag read(String json) {
        if (json.length() > DagLimits.MAX_INPUT_BYTES) {
            throw new DagException(
                    DagException.Kind.SERIALIZATION,
                    "JSON DAG: input of " + json.length() + " chars exceeds the limit of " + DagLimits.MAX_INPUT_BYTES);
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            return new Reader(p).readDag();
        } catch (JsonProcessingException e) {
            throw new DagException(
                    DagException.Kind.SERIALIZATION, "JSON DAG: " + e.getOriginalMessage() + at(e.getLocation()), e);
        } catch (IOException e) {
            throw new DagException(DagException.Kind.SERIALIZATION, "JSON DAG: " + e.getMessage(), e);
        }
    }

    static String at(@Nullable JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) {
            return "";
        }
        return " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    /** Streaming reader of the canonical shape. */
    private static final class Reader {
        private final JsonParser p;

        Reader(JsonParser p) {
            this.p = p;
        }

        DagException error(String message) {
            return new DagException(DagException.Kind.SERIALIZATION, "JSON DAG: " + message + at(p.currentLocation()));
        }

        DagException error(String message, Throwable cause) {
            return new DagException(
                    DagException.Kind.SERIALIZATION, "JSON DAG: " + message + at(p.currentLocation()), cause);
        }

        void expect(@Nullable JsonToken actual, JsonToken expected, String what) {
            if (actual != expected) {
                throw error("expected " + what + " but found " + describe(actual));
            }
        }

        QueryDag readDag() throws IOException {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a JSON object");
            Integer version = null;
            List<Integer> ids = new ArrayList<>();
            List<OperatorNode> nodes = new ArrayList<>();
            int[] edges = new int[16];
            int edgeInts = 0;
            boolean sawNodes = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "version" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT) {
                            throw error("\"version\" must be an integer");
                        }
                        int v = p.getIntValue();
                        if (v != CURRENT_VERSION) {
                            throw error("unsupported DAG format version " + v + " (this reader supports "
                                    + CURRENT_VERSION + ")");
                        }
                        version = v;
                    }
                    case "nodes" -> {
                        expect(t, JsonToken.START_ARRAY, "an array of nodes");
                        sawNodes = true;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (ids.size() >= DagLimits.MAX_NODES) {
                                throw error("more than " + DagLimits.MAX_NODES + " nodes");
                            }
                            readNode(ids, nodes);
                        }
                    }
                    case "edges" -> {
                        expect(t, JsonToken.START_ARRAY, "an array of edges");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            expect(p.currentToken(), JsonToken.START_ARRAY, "an edge [from, to]");
                            if (edgeInts / 2 >= DagLimits.MAX_EDGES) {
                                throw error("more than " + DagLimits.MAX_EDGES + " edges");
                            }
                            if (edgeInts + 2 > edges.length) {
                                edges = java.util.Arrays.copyOf(edges, edges.length * 2);
                            }
                            edges[edgeInts++] = readInt("edge source");
                            edges[edgeInts++] = readInt("edge target");
                            expect(p.nextToken(), JsonToken.END_ARRAY, "the end of an edge pair");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            expect(p.currentToken(), JsonToken.END_OBJECT, "the end of the DAG object");
            if (p.nextToken() != null) {
                throw error("unexpected content after the DAG object");
            }
            if (version == null) {
                throw error("missing \"version\"");
            }
            if (!sawNodes) {
                throw error("missing \"nodes\"");
            }
            return build(ids, nodes, edges, edgeInts);
        }

        QueryDag build(List<Integer> ids, List<OperatorNode> nodes, int[] edges, int edgeInts) {
            QueryDag dag = new QueryDag(ids.size(), edgeInts / 2);
            for (int i = 0; i < ids.size(); i++) {
                int id = ids.get(i);
                if (dag.containsNode(id)) {
                    throw error("duplicate node id " + id);
                }
                dag.addNode(id, nodes.get(i));
            }
            for (int k = 0; k < edgeInts; k += 2) {
                int from = edges[k];
                int to = edges[k + 1];
                if (!dag.containsNode(from) || !dag.containsNode(to)) {
                    throw error("edge " + from + "->" + to + " names a missing node");
                }
                if (!dag.addEdgeUnchecked(from, to)) {
                    throw error("edge " + from + "->" + to + " is a duplicate or a self-loop");
                }
            }
            try {
                dag.finishBulkLoad();
            } catch (DagException e) {
                throw error(String.valueOf(e.getMessage()), e);
            }
            return dag;
        }

        int readInt(String what) throws IOException {
            JsonToken t = p.nextToken();
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw error(what + " must be an integer, found " + describe(t));
            }
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                throw error(what + " is out of the int range");
            }
            return p.getIntValue();
        }

        void readNode(List<Integer> ids, List<OperatorNode> nodes) throws IOException {
            expect(p.currentToken(), JsonToken.START_OBJECT, "a node object");
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
                    case "id" -> {
                        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            throw error("node \"id\" must be an int");
                        }
                        id = p.getIntValue();
                    }
                    case "op" -> op = readOperator(p, this::error);
                    case "estimated_rows" -> rows = number(t, name);
                    case "estimated_cost" -> cost = number(t, name);
                    case "actual_rows" -> actualRows = nullableNumber(t, name);
                    case "actual_time_ms" -> actualTime = nullableNumber(t, name);
                    case "start_time_ms" -> start = nullableNumber(t, name);
                    case "selectivity" -> sel = nullableNumber(t, name);
                    case "embedding" -> emb = readEmbedding(t);
                    default -> p.skipChildren();
                }
            }
            if (id == null) {
                throw error("node without \"id\"");
            }
            if (op == null) {
                throw error("node " + id + " without \"op\"");
            }
            if (id < 0 || id == Integer.MAX_VALUE) {
                throw error("invalid node id " + id);
            }
            try {
                nodes.add(new OperatorNode(op, rows, cost, actualRows, actualTime, start, sel, emb));
            } catch (IllegalArgumentException e) {
                throw error("node " + id + ": " + e.getMessage(), e);
            }
            ids.add(id);
        }

        double number(@Nullable JsonToken t, String name) throws IOException {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw error("\"" + name + "\" must be a number, found " + describe(t));
            }
            return p.getDoubleValue();
        }

        @Nullable
        Double nullableNumber(@Nullable JsonToken t, String name) throws IOException {
            return t == JsonToken.VALUE_NULL ? null : number(t, name);
        }

        float @Nullable [] readEmbedding(@Nullable JsonToken t) throws IOException {
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(t, JsonToken.START_ARRAY, "an embedding array");
            float[] v = new float[8];
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (n >= DagLimits.MAX_EMBEDDING_DIMENSION) {
                    throw error("embedding longer than " + DagLimits.MAX_EMBEDDING_DIMENSION);
                }
                if (n == v.length) {
                    v = java.util.Arrays.copyOf(v, n * 2);
                }
                v[n++] = (float) number(p.currentToken(), "embedding");
            }
            return java.util.Arrays.copyOf(v, n);
        }
    }

    static String describe(@Nullable JsonToken t) {
        return t == null ? "end of input" : t.toString();
    }

    /** Builds a DagException at the parser's position. */
    interface Errors {
        DagException error(String message);
    }

    /**
     * Reads an operator object {"type": ..., fields...} with fields in any order; shared with the
     * legacy readers, which pass their own error factory.
     */
    static Operator readOperator(JsonParser p, Errors errors) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw errors.error("an operator must be an object, found " + describe(p.currentToken()));
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fields.put(name, readValue(p, errors, 0));
        }
        Object type = fields.remove("type");
        if (!(type instanceof String typeName)) {
            throw errors.error("operator without a string \"type\"");
        }
        return Operators.fromFields(typeName, fields, errors);
    }

    /** A small JSON value: String, Double, Long, Boolean, null marker, or List of these. */
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
                List<Object> list = new ArrayList<>();
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
