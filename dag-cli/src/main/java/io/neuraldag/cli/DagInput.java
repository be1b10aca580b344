package io.neuraldag.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.neuraldag.core.DagException;
import io.neuraldag.core.DagFormats;
import io.neuraldag.core.DagLimits;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Reads a DAG file: checks that it exists, is a regular readable file within the input size limit
 * and is valid UTF-8, detects its format from the content (DagFormats.detect) and parses it with
 * the matching reader: canonical, bench, upstream, a fixture file (one named DAG of it) or a
 * PostgreSQL EXPLAIN (FORMAT JSON) plan, whose planning and execution times are kept. Every failure becomes a
 * CliException whose single line names the file and the problem; a DagException's message (which
 * carries line and column for JSON) is kept.
 */
final class DagInput {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int MAX_NAMES = 8;

    private DagInput() {}

    static LoadedDag load(String file, @Nullable String dagName) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new CliException(file, "not a valid path (" + e.getReason() + ")");
        }
        String text = readText(file, path);
        try {
            return parse(file, text, dagName);
        } catch (DagException e) {
            throw new CliException(file, String.valueOf(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            // a reader's value check that did not come wrapped in a DagException
            throw new CliException(file, "invalid DAG: " + e.getMessage(), e);
        }
    }

    static LoadedDag parse(String file, String text, @Nullable String dagName) {
        DagFormats.Format format = DagFormats.detect(text);
        if (dagName != null && format != DagFormats.Format.FIXTURE) {
            throw new CliException(
                    file, "--dag applies to a fixture file of named DAGs only; this file is " + describe(format));
        }
        return switch (format) {
            case CANONICAL -> simple(file, QueryDag.fromJson(text), InputKind.CANONICAL);
            case BENCH -> simple(file, DagFormats.fromBenchJson(text), InputKind.BENCH);
            case UPSTREAM -> simple(file, DagFormats.fromUpstreamJson(text), InputKind.UPSTREAM);
            case FIXTURE -> fixture(file, DagFormats.fromFixtureJson(text), dagName);
            case POSTGRES_EXPLAIN -> {
                ImportedPlan plan = PostgresPlans.fromExplainJson(text);
                yield new LoadedDag(
                        file,
                        plan.dag(),
                        InputKind.POSTGRES_EXPLAIN,
                        null,
                        plan.planningTimeMs(),
                        plan.executionTimeMs());
            }
            case UNKNOWN -> throw unknown(file, text);
        };
    }

    private static LoadedDag simple(String file, QueryDag dag, InputKind kind) {
        return new LoadedDag(file, dag, kind, null, null, null);
    }

    private static String describe(DagFormats.Format format) {
        return switch (format) {
            case CANONICAL -> InputKind.CANONICAL.displayName();
            case BENCH -> InputKind.BENCH.displayName();
            case UPSTREAM -> InputKind.UPSTREAM.displayName();
            case FIXTURE -> InputKind.FIXTURE.displayName();
            case POSTGRES_EXPLAIN -> InputKind.POSTGRES_EXPLAIN.displayName();
            case UNKNOWN -> "of an unknown format";
        };
    }

    private static LoadedDag fixture(String file, Map<String, QueryDag> dags, @Nullable String dagName) {
        if (dagName == null) {
            if (dags.size() != 1) {
                throw new CliException(
                        file,
                        "fixture file with " + dags.size() + " named DAGs (" + names(dags)
                                + "); choose one with --dag NAME");
            }
            Map.Entry<String, QueryDag> only = dags.entrySet().iterator().next();
            return new LoadedDag(file, only.getValue(), InputKind.FIXTURE, only.getKey(), null, null);
        }
        QueryDag dag = dags.get(dagName);
        if (dag == null) {
            throw new CliException(file, "no DAG named '" + dagName + "' (the file has: " + names(dags) + ")");
        }
        return new LoadedDag(file, dag, InputKind.FIXTURE, dagName, null, null);
    }

    private static String names(Map<String, QueryDag> dags) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (String name : dags.keySet()) {
            if (shown == MAX_NAMES) {
                b.append(", ...");
                break;
            }
            if (shown++ > 0) {
                b.append(", ");
            }
            b.append(name);
        }
        return b.toString();
    }

    /* Not one of the known shapes: say whether it is JSON at all, with the position of the error. */
    private static CliException unknown(String file, String text) {
        try (JsonParser p = JSON.createParser(text)) {
            while (p.nextToken() != null) {
                // only checks well-formedness
            }
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String at = loc == null || loc.getLineNr() < 0
                    ? ""
                    : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
            return new CliException(file, "not valid JSON: " + e.getOriginalMessage() + at, e);
        } catch (IOException e) {
            return new CliException(file, "not valid JSON", e);
        }
        return new CliException(
                file,
                "unrecognised format: expected neural-dag JSON, benchmark JSON or PostgreSQL EXPLAIN (FORMAT JSON)"
                        + " output");
    }

    private static String readText(String file, Path path) {
        if (Files.isDirectory(path)) {
            throw new CliException(file, "is a directory, not a DAG file");
        }
        if (!Files.exists(path)) {
            throw new CliException(file, "no such file");
        }
        byte[] bytes;
        try {
            long size = Files.size(path);
            if (size > DagLimits.MAX_INPUT_BYTES) {
                throw new CliException(
                        file, "file is " + size + " bytes, over the input limit of " + DagLimits.MAX_INPUT_BYTES);
            }
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new CliException(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new CliException(file, "permission denied", e);
        } catch (IOException e) {
            throw new CliException(file, "cannot read: " + e.getMessage(), e);
        }
        if (bytes.length > DagLimits.MAX_INPUT_BYTES) {
            throw new CliException(
                    file, "file is " + bytes.length + " bytes, over the input limit of " + DagLimits.MAX_INPUT_BYTES);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CliException(file, "not UTF-8 text", e);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw new CliException(file, "file is empty");
        }
        return text;
    }
}
