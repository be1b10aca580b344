package io.neuraldag.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/*
 * "neural-dag qudag COMMAND": the commands of the pattern-sharing network (dag-qudag). Without a
 * command it reports the missing command with the usage message (exit code 2).
 */
@Command(
        name = "qudag",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        usageHelpAutoWidth = true,
        header = "Commands of the QuDAG pattern-sharing network.",
        synopsisSubcommandLabel = "COMMAND",
        commandListHeading = "%nCommands:%n",
        subcommands = {QudagSimulateCommand.class})
final class QudagCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "Missing required command (try: neural-dag qudag simulate --nodes 7)");
    }
}
