package io.neuraldag.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code neural-dag} command: {@code neural-dag analyze FILE [--format text|json|dot|html]
 * [--attention KIND|auto] [--capacity-model MODEL] [--edge-capacity MODE] [-o OUT]} and {@code
 * neural-dag learn --plans DIR [--rounds N] [--state FILE]}, {@code neural-dag qudag simulate}, and
 * {@code neural-dag pg analyze QUERY} / {@code neural-dag pg status} on a PostgreSQL server.
 *
 * <p>Run it through the launcher {@code bin/neural-dag} (which finds a JDK 21+ and builds the jar on
 * first use) or directly with {@code java -jar dag-cli/target/neural-dag.jar}. Output is UTF-8.
 *
 * <p>Exit codes: {@code 0} success; {@code 2} bad input (unreadable or malformed file, a cycle, an
 * unknown format, an unknown {@code --attention} mechanism) or bad usage (unknown option, missing
 * argument), reported as one line on standard
 * error naming the file and the problem, or as picocli's usage message; {@code 1} an unexpected
 * internal failure, also one line. No stack trace is printed.
 */
@Command(
        name = "neural-dag",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        usageHelpAutoWidth = true,
        description = "Analyzes query execution plans as DAGs.",
        footer = {"", "Run 'neural-dag help COMMAND' for the options of a command."},
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n")
public final class NeuralDagCli implements Callable<Integer> {
    /** Exit code for bad input and bad usage. */
    static final int EXIT_BAD_INPUT = 2;

    /** Exit code for an unexpected internal failure. */
    static final int EXIT_INTERNAL = 1;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    private NeuralDagCli() {}

    /**
     * Runs the command with the given arguments and exits the JVM with its exit code.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /* Runs in-process; the entry point of main() and of the tests. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err).execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new NeuralDagCli());
        cl.addSubcommand(new AnalyzeCommand());
        cl.addSubcommand(new LearnCommand());
        cl.addSubcommand(new QudagCommand());
        cl.addSubcommand(new PgCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new CommandLine.HelpCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new OneLineErrors());
        return cl;
    }

    /**
     * Without a command: reports the missing command with the usage message (exit code 2).
     *
     * @return never returns normally
     */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required command (try: neural-dag analyze FILE)");
    }

    /* Prints a failure of a command as exactly one line, never a stack trace. */
    private static final class OneLineErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            if (ex instanceof CliException) {
                err.println(ex.getMessage());
                err.flush();
                return EXIT_BAD_INPUT;
            }
            err.println("neural-dag: internal error: " + CliException.oneLine(String.valueOf(ex)));
            err.flush();
            return EXIT_INTERNAL;
        }
    }

    /*
     * The version: Implementation-Version from the jar manifest, else the project version the build
     * wrote into version.properties (when running from classes, as the tests do).
     */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"neural-dag " + version()};
        }

        static String version() {
            String v = NeuralDagCli.class.getPackage().getImplementationVersion();
            if (v != null && !v.isBlank()) {
                return v;
            }
            Properties p = new Properties();
            try (InputStream in = NeuralDagCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                return "unknown";
            }
            return p.getProperty("version", "unknown");
        }
    }
}
