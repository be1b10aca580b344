package io.neuraldag.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/*
 * "neural-dag pg COMMAND": the commands that talk to a PostgreSQL server (dag-postgres). Without a
 * command it reports the missing command with the usage message (exit code 2).
 */
@Command(
        name = "pg",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        usageHelpAutoWidth = true,
        header = "Commands on a PostgreSQL server: plan analysis and the stored learning status.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {PgAnalyzeCommand.class, PgStatusCommand.class})
final class PgCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required command (try: neural-dag pg status)");
    }
}
