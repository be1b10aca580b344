package io.neuraldag.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command with captured output. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out, true);
                PrintWriter e = new PrintWriter(err, true)) {
            code = NeuralDagCli.execute(o, e, args);
        }
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Asserts success with nothing on standard error. */
    CliRun assertOk() {
        assertThat(err).as("stderr").isEmpty();
        assertThat(exitCode).as("exit code, stderr: %s", err).isZero();
        return this;
    }

    /** Asserts the bad-input contract: exit 2, no stdout, exactly one stderr line, no stack trace. */
    CliRun assertBadInput(String file) {
        assertThat(exitCode).as("exit code, stderr: %s", err).isEqualTo(2);
        assertThat(out).as("stdout").isEmpty();
        assertThat(err).endsWith(System.lineSeparator());
        assertThat(err.strip().lines()).as("stderr lines").hasSize(1);
        assertThat(err).startsWith("neural-dag: " + file + ": ");
        assertThat(err).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("\tat ");
        return this;
    }

    String errLine() {
        return err.strip();
    }
}
