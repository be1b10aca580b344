package io.neuraldag.cli;

import io.neuraldag.bench.BenchException;
import io.neuraldag.bench.Benchmarks;
import io.neuraldag.bench.TpchReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * "neural-dag bench tpch": loads TPC-H (unless present at this scale factor) and compares the learned
 * chooser's total with PostgreSQL's on rounds of the 22 queries.
 */
@Command(
        name = "tpch",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Run the TPC-H control: the learned chooser must not cost more than 5 % over PostgreSQL.",
        description = {
            "Loads TPC-H at scale factor SF into schema tpch (unless present), then runs ROUNDS x 22 queries in a"
                    + " seeded random order, each under PostgreSQL's own plan and under the learned chooser's arm."
                    + " Progress goes to standard error, the report to standard output and into DIR.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:run complete", "1:internal error", "2:invalid option value or database failure"},
        footer = "")
final class BenchTpchCommand implements Callable<Integer> {

    @Option(
            names = "--sf",
            paramLabel = "SF",
            defaultValue = "0.1",
            description = "scale factor, (0, 10]; default: 0.1")
    private double sf = 0.1;

    @Option(
            names = "--rounds",
            paramLabel = "ROUNDS",
            defaultValue = "5",
            description = "occurrences of each query, 1..100; default: 5")
    private int rounds = 5;

    @Mixin
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private BenchOptions common;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Override
    public Integer call() {
        String jdbc = common.jdbc(System.getenv());
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
        TpchReport report;
        try {
            report = Benchmarks.tpch(jdbc, sf, common.seed, rounds, bar);
        } catch (BenchException | IllegalArgumentException e) {
            bar.finish();
            throw new CliException("bench tpch", String.valueOf(e.getMessage()), e);
        }
        bar.finish();
        String text = report.text();
        BenchCorrCommand.write(common.out, "tpch.md", text);
        spec.commandLine().getOut().print(text);
        spec.commandLine().getOut().println("written: " + common.out.resolve("tpch.md"));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
