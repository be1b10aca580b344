package io.neuraldag.core.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import io.neuraldag.core.DagException;
import io.neuraldag.core.DagLimits;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Streaming reader of EXPLAIN (FORMAT JSON) output into a ParsedPlan.
 *
 * Accepted shapes: [ {"Plan": {...}, ...} ] (what PostgreSQL prints: an array with one element per
 * statement, so exactly one here) or the bare {"Plan": {...}, ...} object. Top-level fields read:
 * "Plan", "Planning Time", "Execution Time" and "Settings"; the others ("Planning", "Triggers",
 * "JIT", ...) are skipped.
 *
 * The plan tree is walked with an explicit stack of open node indices, never by recursion: inside a
 * node object we either read a field or, on "Plans", step into its array, where every element opens
 * a child node; a node's END_OBJECT pops it and resumes its parent's "Plans" array. Array and object
 * values of other fields are copied token by token (a depth counter, no recursion) into compact JSON
 * text. Jackson's StreamReadConstraints cap nesting at DagLimits.MAX_PLAN_NESTING_DEPTH, strings at
 * MAX_STRING_LENGTH and numbers at 400 digits; the input length and node count are checked here.
 * Every failure becomes DagException(SERIALIZATION) with the line and column.
 */
final class ExplainParser {
    static final String PREFIX = "PostgreSQL plan: ";

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(DagLimits.MAX_INPUT_BYTES)
                    .maxNestingDepth(DagLimits.MAX_PLAN_NESTING_DEPTH)
                    .maxStringLength(DagLimits.MAX_STRING_LENGTH)
                    .maxNumberLength(400)
                    .maxNameLength(4096)
                    .build())
            .streamWriteConstraints(StreamWriteConstraints.builder()
                    .maxNestingDepth(DagLimits.MAX_PLAN_NESTING_DEPTH)
                    .build())
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private final JsonParser p;
    private final ParsedPlan out = new ParsedPlan();
    private int[] stack = new int[64];

    private ExplainParser(JsonParser p) {
        this.p = p;
    }

    static ParsedPlan parse(String json) {
        if (json.length() > DagLimits.MAX_INPUT_BYTES) {
            throw new DagException(
                    DagException.Kind.SERIALIZATION,
                    PREFIX + "input of " + json.length() + " chars exceeds the limit of " + DagLimits.MAX_INPUT_BYTES
                            + " chars" + positionOfChar(json, DagLimits.MAX_INPUT_BYTES));
        }
        JsonParser p;
        try {
            p = FACTORY.createParser(json);
        } catch (IOException e) {
            throw new DagException(DagException.Kind.SERIALIZATION, PREFIX + e.getMessage() + " (line 1, column 1)", e);
        }
        try (p) {
            return new ExplainParser(p).readDocument();
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw new DagException(
                    DagException.Kind.SERIALIZATION,
                    PREFIX + e.getOriginalMessage() + at(loc != null ? loc : p.currentLocation()),
                    e);
        } catch (IOException e) {
            throw new DagException(
                    DagException.Kind.SERIALIZATION, PREFIX + e.getMessage() + at(p.currentLocation()), e);
        }
    }

    static String at(@Nullable JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 0) {
            return " (line ?, column ?)";
        }
        return at(loc.getLineNr(), loc.getColumnNr());
    }

    static String at(int line, int column) {
        return " (line " + line + ", column " + column + ")";
    }

    /** " (line L, column C)" of the 0-based char offset in the text (1-based, like Jackson). */
    private static String positionOfChar(String s, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return at(line, offset - lineStart + 1);
    }

    private DagException error(String message) {
        return new DagException(DagException.Kind.SERIALIZATION, PREFIX + message + at(p.currentLocation()));
    }

    private static String describe(@Nullable JsonToken t) {
        if (t == null) {
            return "end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    private ParsedPlan readDocument() throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.START_ARRAY) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.END_ARRAY) {
                throw error("empty array: expected one EXPLAIN result");
            }
            if (first != JsonToken.START_OBJECT) {
                throw error("expected an EXPLAIN result object in the array, found " + describe(first));
            }
            readResult();
            JsonToken end = p.nextToken();
            if (end != JsonToken.END_ARRAY) {
                throw error(
                        end == JsonToken.START_OBJECT
                                ? "more than one EXPLAIN result in the array (one statement only)"
                                : "expected the end of the array, found " + describe(end));
            }
        } else if (t == JsonToken.START_OBJECT) {
            readResult();
        } else {
            throw error("expected a JSON array or object, found " + describe(t));
        }
        if (p.nextToken() != null) {
            throw error("unexpected content after the plan");
        }
        return out;
    }

    private void readResult() throws IOException {
        boolean sawPlan = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "Plan" -> {
                    if (sawPlan) {
                        throw error("duplicate \"Plan\"");
                    }
                    if (v != JsonToken.START_OBJECT) {
                        throw error("\"Plan\" must be an object, found " + describe(v));
                    }
                    readPlanTree();
                    sawPlan = true;
                }
                case "Planning Time" -> out.planningTimeMs = topLevelTime(v, name);
                case "Execution Time" -> out.executionTimeMs = topLevelTime(v, name);
                case "Settings" -> readSettings(v);
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw error("expected a field or the end of the EXPLAIN result, found " + describe(t));
        }
        if (!sawPlan) {
            throw error("missing \"Plan\" in the EXPLAIN result");
        }
    }

    private @Nullable Double topLevelTime(@Nullable JsonToken v, String name) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            throw error("\"" + name + "\" must be a number, found " + describe(v));
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d) || d < 0) {
            throw error("\"" + name + "\" must be finite and >= 0: " + p.getText());
        }
        return d;
    }

    private void readSettings(@Nullable JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return;
        }
        if (v != JsonToken.START_OBJECT) {
            throw error("\"Settings\" must be an object, found " + describe(v));
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING
                    || t == JsonToken.VALUE_NUMBER_INT
                    || t == JsonToken.VALUE_NUMBER_FLOAT
                    || t == JsonToken.VALUE_TRUE
                    || t == JsonToken.VALUE_FALSE) {
                out.settings.put(name, p.getText());
            } else {
                p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw error("expected the end of \"Settings\", found " + describe(p.currentToken()));
        }
    }

    /** Called on the START_OBJECT of "Plan"; returns after the matching END_OBJECT. */
    private void readPlanTree() throws IOException {
        int sp = 0;
        stack[sp++] = newNode(-1);
        while (sp > 0) {
            int node = stack[sp - 1];
            JsonToken t = p.nextToken();
            if (t == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("Plans")) {
                    if (v != JsonToken.START_ARRAY) {
                        throw error("\"Plans\" must be an array, found " + describe(v));
                    }
                    JsonToken first = p.nextToken();
                    if (first == JsonToken.START_OBJECT) {
                        stack = ensure(stack, sp + 1);
                        stack[sp++] = newNode(node);
                    } else if (first != JsonToken.END_ARRAY) {
                        throw error("a \"Plans\" element must be an object, found " + describe(first));
                    }
                } else {
                    Object value = readValue(v);
                    if (value != null) {
                        out.fields.get(node).put(name, value);
                    }
                }
            } else if (t == JsonToken.END_OBJECT) {
                finishNode(node);
                sp--;
                if (sp > 0) {
                    // back inside the parent's "Plans" array
                    JsonToken next = p.nextToken();
                    if (next == JsonToken.START_OBJECT) {
                        int parent = stack[sp - 1];
                        stack[sp++] = newNode(parent);
                    } else if (next != JsonToken.END_ARRAY) {
                        throw error("a \"Plans\" element must be an object, found " + describe(next));
                    }
                }
            } else {
                throw error("expected a field or the end of a plan node, found " + describe(t));
            }
        }
    }

    private int newNode(int parent) {
        if (out.size >= DagLimits.MAX_NODES) {
            throw error("more than " + DagLimits.MAX_NODES + " plan nodes");
        }
        JsonLocation loc = p.currentTokenLocation();
        return out.add(parent, loc.getLineNr(), loc.getColumnNr());
    }

    private void finishNode(int node) {
        Map<String, Object> f = out.fields.get(node);
        if (!(f.get("Node Type") instanceof String type)) {
            throw new DagException(
                    DagException.Kind.SERIALIZATION,
                    PREFIX + "plan node without a string \"Node Type\"" + at(out.line[node], out.column[node]));
        }
        out.nodeType[node] = type;
    }

    private @Nullable Object readValue(@Nullable JsonToken t) throws IOException {
        if (t == null) {
            throw error("unexpected end of input");
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
            case VALUE_NULL -> null;
            case START_ARRAY, START_OBJECT -> readComposite(t);
            default -> throw error("unexpected " + describe(t));
        };
    }

    /** Copies an array or object value, token by token, into compact JSON text. */
    private ParsedPlan.Composite readComposite(JsonToken start) throws IOException {
        StringWriter w = new StringWriter(64);
        List<String> strings = new ArrayList<>();
        boolean flatStrings = start == JsonToken.START_ARRAY;
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            g.copyCurrentEvent(p);
            int depth = 1;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    throw error("unexpected end of input");
                }
                if (t.isStructStart()) {
                    depth++;
                    flatStrings = false;
                } else if (t.isStructEnd()) {
                    depth--;
                } else if (t == JsonToken.VALUE_STRING) {
                    if (strings.size() >= DagLimits.MAX_LIST_LENGTH) {
                        throw error("more than " + DagLimits.MAX_LIST_LENGTH + " strings in one field");
                    }
                    strings.add(p.getText());
                } else if (t != JsonToken.FIELD_NAME) {
                    flatStrings = false;
                }
                if (t.isNumeric()) {
                    g.writeNumber(p.getText()); // the number's text as written, not re-rendered
                } else {
                    g.copyCurrentEvent(p);
                }
            }
        }
        List<String> all = List.copyOf(strings);
        return new ParsedPlan.Composite(w.toString(), flatStrings ? all : null, all);
    }

    private static int[] ensure(int[] a, int size) {
        return size <= a.length ? a : java.util.Arrays.copyOf(a, Math.max(size, a.length * 2));
    }
}
