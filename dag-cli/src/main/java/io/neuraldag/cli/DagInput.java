package io.neuraldag.cli;

import io.neuraldag.core.DagException;
import io.neuraldag.core.DagLimits;
import io.neuraldag.core.QueryDag;
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

/*
 * Reads a DAG file: checks that it exists, is a regular readable file within the input size limit
 * and is valid UTF-8, detects its format from the content and parses it. Every failure becomes a
 * CliException whose single line names the file and the problem; a DagException's message (which
 * carries line and column for JSON) is kept.
 */
final class DagInput {
    private DagInput() {}

    static LoadedDag load(String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            throw new CliException(file, "not a valid path (" + e.getReason() + ")");
        }
        String text = readText(file, path);
        try {
            return parse(file, text);
        } catch (DagException e) {
            throw new CliException(file, String.valueOf(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            // a reader's value check that did not come wrapped in a DagException
            throw new CliException(file, "invalid DAG: " + e.getMessage(), e);
        }
    }

    static LoadedDag parse(String file, String text) {
        return new LoadedDag(file, QueryDag.fromJson(text), InputKind.CANONICAL, null, null);
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
