package io.neuraldag.cli;

import io.neuraldag.bench.BenchException;
import io.neuraldag.bench.Benchmarks;
import io.neuraldag.bench.CorrBenchOptions;
import io.neuraldag.bench.CorrBenchReport;
import io.neuraldag.bench.Scale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * "neural-dag bench corr": builds corr-bench (unless present for the scale and seed), runs Bao's
 * protocol with vanilla PostgreSQL, PostgreSQL + extended statistics, the learned chooser and the
 * oracle, prints the report and writes report.md, cumulative.svg and queries.csv (one row per query of the
 * learned runs) into --out.
 */
@Command(
        name = "corr",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Run corr-bench: learned hint-set choice against PostgreSQL, PG + statistics and the oracle.",
        description = {
            "Builds the corr-bench schema (correlated and skewed columns) in the database unless it already"
                    + " holds the data of this scale and seed, draws QUERIES instances from the templates and runs"
                    + " them: vanilla PostgreSQL, PostgreSQL with CREATE STATISTICS on the correlated columns, the"
                    + " learned chooser in ORDERS random orders, and the per-instance oracle. Progress goes to"
                    + " standard error, the report to standard output and into DIR.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:run complete", "1:internal error", "2:invalid option value or database failure"},
        footer = "")
final class BenchCorrCommand implements Callable<Integer> {

    @Option(
            names = "--scale",
            paramLabel = "SCALE",
            defaultValue = "full",
            description = "small (50 000 orders, seconds) or full (2 000 000 orders); default: full")
    private Scale scale = Scale.FULL;

    @Option(
            names = "--queries",
            paramLabel = "QUERIES",
            defaultValue = "500",
            description = "query instances, 1..100000; default: 500")
    private int queries = 500;

    @Option(
            names = "--orders",
            paramLabel = "ORDERS",
            defaultValue = "3",
            description = "random orders of the learned run, 1..20; default: 3")
    private int orders = 3;

    @Mixin
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private BenchOptions common;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Override
    public Integer call() {
        if (queries < 1 || queries > 100_000) {
            throw new CliException("bench corr", "--queries must be in 1..100000: " + queries);
        }
        if (orders < 1 || orders > 20) {
            throw new CliException("bench corr", "--orders must be in 1..20: " + orders);
        }
        String jdbc = common.jdbc(System.getenv());
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
        CorrBenchReport report;
        try {
            report = Benchmarks.corr(jdbc, CorrBenchOptions.DEFAULTS.with(scale, queries, common.seed, orders), bar);
        } catch (BenchException | IllegalArgumentException e) {
            bar.finish();
            throw new CliException("bench corr", String.valueOf(e.getMessage()), e);
        }
        bar.finish();
        String text = report.text();
        write(common.out, "report.md", text);
        write(common.out, "cumulative.svg", report.svg());
        write(common.out, "queries.csv", report.traceCsv());
        spec.commandLine().getOut().print(text);
        spec.commandLine()
                .getOut()
                .println("written: " + common.out.resolve("report.md") + ", " + common.out.resolve("cumulative.svg")
                        + ", " + common.out.resolve("queries.csv"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static void write(Path dir, String name, String content) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(dir.resolve(name).toString(), "cannot write: " + e.getMessage(), e);
        }
    }
}
