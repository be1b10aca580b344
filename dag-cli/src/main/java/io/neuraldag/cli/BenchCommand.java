package io.neuraldag.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/*
 * "neural-dag bench COMMAND": workloads on a real PostgreSQL for the learned hint-set chooser
 * (dag-bench). Without a command it reports the missing command with the usage message (exit code 2).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        usageHelpAutoWidth = true,
        header = "Benchmarks of the learned hint-set chooser on a real PostgreSQL.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {BenchCorrCommand.class, BenchTpchCommand.class})
final class BenchCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing required command (try: neural-dag bench corr --scale small)");
    }

    /* The JDBC URL: the option, else NEURALDAG_PG_URL, else the local test database as postgres. */
    static String url(@org.jspecify.annotations.Nullable String option, java.util.Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String e = env.get("NEURALDAG_PG_URL");
        return e == null || e.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : e;
    }
}
