package io.neuraldag.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * A small JSON tree for the SQL exposure, on jackson-core's streaming API: parse() gives
 * Map<String, Object> (insertion order) / List<Object> / String / Long / Double / Boolean, with JSON
 * null as the NULL sentinel; write() prints such trees and also the API's records (components in
 * declaration order, camelCase names as snake_case keys), primitive arrays, Instants (ISO-8601),
 * Optionals and Enums. Parsing is iterative and bounded (1 MiB of text, depth 64), since the input
 * comes from SQL callers.
 */
final class Json {
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    static final int MAX_TEXT = 1 << 20;
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_TEXT)
                    .build())
            .build();

    private Json() {}

    /** Parses a JSON text; RV011 when it is not JSON or too large. */
    static Object parse(String text) {
        if (text.length() > MAX_TEXT) {
            throw DagArgumentException.invalid("JSON text longer than " + MAX_TEXT + " characters");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            Deque<Object> stack = new ArrayDeque<>();
            Deque<String> names = new ArrayDeque<>();
            Object root = null;
            JsonToken t;
            String pendingName = null;
            while ((t = p.nextToken()) != null) {
                Object value;
                switch (t) {
                    case START_OBJECT -> {
                        push(stack, names, pendingName, new LinkedHashMap<String, Object>());
                        pendingName = null;
                        continue;
                    }
                    case START_ARRAY -> {
                        push(stack, names, pendingName, new ArrayList<Object>());
                        pendingName = null;
                        continue;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        Object done = stack.pop();
                        String name = names.pop();
                        if (stack.isEmpty()) {
                            root = done;
                        } else {
                            add(stack.peek(), name.isEmpty() ? null : name, done);
                        }
                        continue;
                    }
                    case FIELD_NAME -> {
                        pendingName = p.currentName();
                        continue;
                    }
                    case VALUE_STRING -> value = p.getText();
                    case VALUE_NUMBER_INT ->
                        value = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                ? (Object) p.getDoubleValue()
                                : (Object) p.getLongValue();
                    case VALUE_NUMBER_FLOAT -> value = p.getDoubleValue();
                    case VALUE_TRUE -> value = true;
                    case VALUE_FALSE -> value = false;
                    case VALUE_NULL -> value = NULL;
                    default -> throw DagArgumentException.invalid("unexpected JSON token " + t);
                }
                if (stack.isEmpty()) {
                    root = value;
                } else {
                    add(stack.peek(), pendingName, value);
                    pendingName = null;
                }
            }
            if (root == null) {
                throw DagArgumentException.invalid("empty JSON text");
            }
            return root;
        } catch (IOException e) {
            throw new DagArgumentException(
                    RvCode.INVALID_ARGUMENT, "not JSON: " + Texts.clip(String.valueOf(e.getMessage())), e);
        } catch (RuntimeException e) {
            if (e instanceof RvException) {
                throw e;
            }
            throw new DagArgumentException(RvCode.INVALID_ARGUMENT, "not JSON: " + Texts.clip(String.valueOf(e)), e);
        }
    }

    /** Parses a JSON object; RV011 for anything else. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text) {
        Object o = parse(text);
        if (!(o instanceof Map<?, ?>)) {
            throw DagArgumentException.invalid("expected a JSON object: '" + Texts.clip(text) + "'");
        }
        return Collections.unmodifiableMap((Map<String, Object>) o);
    }

    private static void push(Deque<Object> stack, Deque<String> names, @Nullable String name, Object container) {
        stack.push(container);
        names.push(name == null ? "" : name);
    }

    @SuppressWarnings("unchecked")
    private static void add(@Nullable Object container, @Nullable String name, Object value) {
        if (container instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(name == null ? "" : name, value);
        } else if (container instanceof List<?> l) {
            ((List<Object>) l).add(value);
        }
    }

    /** Prints a value (see the class comment for what is accepted). */
    static String write(@Nullable Object value) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static void write(JsonGenerator g, @Nullable Object v) throws IOException {
        if (v == null || v == NULL) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeNull();
            }
        } else if (v instanceof Instant i) {
            g.writeString(i.toString());
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name().toLowerCase(Locale.ROOT));
        } else if (v instanceof Optional<?> o) {
            write(g, o.orElse(null));
        } else if (v instanceof float[] a) {
            g.writeStartArray();
            for (float x : a) {
                write(g, (double) x);
            }
            g.writeEndArray();
        } else if (v instanceof double[] a) {
            g.writeStartArray();
            for (double x : a) {
                write(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof int[] a) {
            g.writeStartArray();
            for (int x : a) {
                g.writeNumber(x);
            }
            g.writeEndArray();
        } else if (v instanceof long[] a) {
            g.writeStartArray();
            for (long x : a) {
                g.writeNumber(x);
            }
            g.writeEndArray();
        } else if (v instanceof byte[] a) {
            g.writeString(java.util.Base64.getEncoder().encodeToString(a));
        } else if (v instanceof Object[] a) {
            g.writeStartArray();
            for (Object x : a) {
                write(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof Iterable<?> it) {
            g.writeStartArray();
            for (Object x : it) {
                write(g, x);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Record r) {
            g.writeStartObject();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                g.writeFieldName(snake(c.getName()));
                try {
                    write(g, c.getAccessor().invoke(r));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
                }
            }
            g.writeEndObject();
        } else {
            g.writeString(v.toString());
        }
    }

    /** camelCase to snake_case: {@code avgImprovement} to {@code avg_improvement}. */
    static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
