package io.neuraldag.qudag;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/*
 * The JSON of this module: a value is a Map<String, Object> (object), List<Object> (array), String,
 * Long (integers only; floats travel as base64 of float32 BE) or Boolean. No nulls, no doubles.
 *
 * write() produces the canonical form of RFC 8785 for this subset: object members sorted by UTF-16
 * code units, no whitespace, strings escaped as ECMAScript JSON.stringify does (\" \\ \b \f \n \r \t,
 * other controls as a lowercase six-character escape, everything else literal), integers in plain decimal. Signed
 * metadata and request-parameter hashes use it, so equal content has equal bytes.
 *
 * parse() is bounded: Jackson's StreamReadConstraints cap document length, nesting, string and
 * number lengths; element counts are capped here; duplicate keys, floats, nulls and trailing content
 * are rejected. Every failure is QuDagException RV011.
 */
final class CanonicalJson {
    static final int MAX_DEPTH = 8;
    static final int MAX_ELEMENTS = 100_000;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(Frames.MAX_FRAME_BYTES)
                    .maxNestingDepth(MAX_DEPTH + 1)
                    .maxStringLength(Frames.MAX_FRAME_BYTES)
                    .maxNumberLength(20)
                    .maxNameLength(256)
                    .build())
            .build();

    private CanonicalJson() {}

    // ------------------------------------------------------------------ writing

    static String write(Object value) {
        StringBuilder sb = new StringBuilder(256);
        write(sb, value, 0);
        return sb.toString();
    }

    static byte[] bytes(Object value) {
        return Bytes.utf8(write(value));
    }

    private static void write(StringBuilder sb, Object v, int depth) {
        if (depth > MAX_DEPTH) {
            throw QuDagException.invalid("JSON nesting deeper than " + MAX_DEPTH);
        }
        switch (v) {
            case String s -> string(sb, s);
            case Long l -> sb.append(l.longValue());
            case Integer i -> sb.append(i.intValue());
            case Boolean b -> sb.append(b.booleanValue());
            case Map<?, ?> m -> {
                TreeMap<String, Object> sorted = new TreeMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sorted.put((String) e.getKey(), e.getValue());
                }
                sb.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : sorted.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    string(sb, e.getKey());
                    sb.append(':');
                    write(sb, e.getValue(), depth + 1);
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, l.get(i), depth + 1);
                }
                sb.append(']');
            }
            default ->
                throw new IllegalArgumentException(
                        "unsupported JSON value type " + v.getClass().getSimpleName());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    // ------------------------------------------------------------------ metadata

    static void checkMetadata(Map<String, String> m) {
        if (m.size() > ProposalLimits.MAX_METADATA_ENTRIES) {
            throw new IllegalArgumentException("metadata has more than 64 entries: " + m.size());
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (e.getKey().length() > ProposalLimits.MAX_METADATA_STRING
                    || e.getValue().length() > ProposalLimits.MAX_METADATA_STRING) {
                throw new IllegalArgumentException("metadata key or value longer than 4096 chars");
            }
            if (!wellFormed(e.getKey()) || !wellFormed(e.getValue())) {
                throw new IllegalArgumentException("metadata contains an unpaired surrogate");
            }
        }
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Parses canonical metadata bytes; non-canonical input (other order, spacing, escapes) is rejected. */
    static Map<String, String> parseMetadata(byte[] json) {
        Object v = parse(json);
        if (!(v instanceof Map<?, ?> m)) {
            throw QuDagException.invalid("metadata is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw QuDagException.invalid("metadata value of " + e.getKey() + " is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        try {
            checkMetadata(out);
        } catch (IllegalArgumentException e) {
            throw QuDagException.invalid(String.valueOf(e.getMessage()));
        }
        if (!Arrays.equals(bytes(out), json)) {
            throw QuDagException.invalid("metadata is not in canonical form");
        }
        return Collections.unmodifiableMap(out);
    }

    // ------------------------------------------------------------------ parsing

    static Object parse(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            int[] budget = {MAX_ELEMENTS};
            JsonToken t = p.nextToken();
            if (t == null) {
                throw QuDagException.invalid("empty JSON document");
            }
            Object v = value(p, t, 0, budget);
            if (p.nextToken() != null) {
                throw QuDagException.invalid("trailing content after the JSON value");
            }
            return v;
        } catch (StreamConstraintsException e) {
            throw QuDagException.invalid("JSON exceeds a limit: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw QuDagException.invalid("malformed JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(@org.jspecify.annotations.Nullable String m) {
        if (m == null) {
            return "unknown error";
        }
        int nl = m.indexOf('\n');
        String s = nl < 0 ? m : m.substring(0, nl);
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    private static Object value(JsonParser p, JsonToken t, int depth, int[] budget) throws IOException {
        if (--budget[0] < 0) {
            throw QuDagException.invalid("JSON has more than " + MAX_ELEMENTS + " elements");
        }
        if (depth > MAX_DEPTH) {
            throw QuDagException.invalid("JSON nesting deeper than " + MAX_DEPTH);
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (k != JsonToken.FIELD_NAME) {
                        throw QuDagException.invalid("expected a field name");
                    }
                    String name = p.currentName();
                    JsonToken vt = p.nextToken();
                    if (vt == null) {
                        throw QuDagException.invalid("truncated JSON");
                    }
                    if (m.put(name, value(p, vt, depth + 1, budget)) != null) {
                        throw QuDagException.invalid("duplicate key " + name);
                    }
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (e == null) {
                        throw QuDagException.invalid("truncated JSON");
                    }
                    l.add(value(p, e, depth + 1, budget));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() != JsonParser.NumberType.INT && p.getNumberType() != JsonParser.NumberType.LONG) {
                    throw QuDagException.invalid("integer out of range");
                }
                return p.getLongValue();
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            default -> throw QuDagException.invalid("unsupported JSON token " + t);
        }
    }
}
