package io.neuraldag.cli;

/*
 * A failure the user can fix (bad input, missing file, unwritable output). The message is the
 * complete line printed on standard error, already prefixed with the command name and the file,
 * and never contains a line break. The command exits with code 2.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String file, String problem) {
        super("neural-dag: " + oneLine(file) + ": " + oneLine(problem));
    }

    CliException(String file, String problem, Throwable cause) {
        super("neural-dag: " + oneLine(file) + ": " + oneLine(problem), cause);
    }

    /** Collapses every run of whitespace (line breaks included) into one space. */
    static String oneLine(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }
}
