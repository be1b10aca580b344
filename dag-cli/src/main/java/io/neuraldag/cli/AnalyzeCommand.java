package io.neuraldag.cli;

import io.neuraldag.mincut.CapacityModel;
import io.neuraldag.mincut.EdgeCapacity;
import io.neuraldag.mincut.MinCutConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/*
 * "neural-dag analyze FILE": loads the file (format detected from the content), computes the
 * Analysis and prints it as text, JSON, DOT or HTML, to standard output or to the -o file. The whole
 * report is rendered before anything is written, so a failure never leaves partial output.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Report a plan DAG's shape, critical path, min cut, bottlenecks and attention weights.",
        description = {
            "Reads a query plan DAG and prints its node and edge counts, sources and sinks, maximum depth,"
                    + " branch count, the critical path (the maximum-cost source-to-sink path) with its cost,"
                    + " the bottleneck score and the five nodes of highest criticality kappa (the share of all"
                    + " source-to-sink paths that pass through a node).",
            "",
            "The min-cut section gives the plan's max flow lambda under the capacity model, the tension (the"
                    + " largest min-cut criticality), the operators of the minimum cut, the bottleneck operators"
                    + " with criticality, impact (cost x criticality) and alert level, and recommendations.",
            "",
            "With --attention the plan is scored by one of the seven attention mechanisms (or by the one the"
                    + " selection policy chooses, for auto): the report names the mechanism, the policy rule"
                    + " that chose it and the heaviest nodes.",
            "",
            "FILE may be neural-dag JSON, the benchmark JSON format or PostgreSQL EXPLAIN (FORMAT JSON)"
                    + " output; the format is detected from the content.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report written", "1:internal error", "2:bad input, missing file or invalid usage"},
        footer = "")
final class AnalyzeCommand implements Callable<Integer> {

    @Parameters(
            index = "0",
            paramLabel = "FILE",
            description = "the plan or DAG file (relative to the current directory)")
    private String file = "";

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "report format: text, json, dot (Graphviz: critical path, min cut, criticality or"
                    + " attention shading) or html (one self-contained page with an SVG drawing of the plan);"
                    + " default: text")
    private ReportFormat format = ReportFormat.TEXT;

    @Option(
            names = {"-a", "--attention"},
            paramLabel = "KIND",
            description = "score the plan with an attention mechanism: auto (the selection policy chooses),"
                    + " topological, causal_cone, critical_path, mincut_gated, hierarchical_lorentz,"
                    + " parallel_branch or temporal_btsp; html uses auto when this is not given")
    private @Nullable String attention;

    @Option(
            names = "--capacity-model",
            paramLabel = "MODEL",
            defaultValue = "throughput",
            description = "how operator costs become min-cut capacities: throughput (1/max(cost,1)), cost,"
                    + " unit or edge_parent_cost; default: throughput")
    private CapacityModel capacityModel = CapacityModel.THROUGHPUT;

    @Option(
            names = "--edge-capacity",
            paramLabel = "MODE",
            defaultValue = "infinite",
            description = "capacity of plan edges in the min-cut network: infinite (only operators are cut)"
                    + " or rows (the producer's estimated rows); default: infinite")
    private EdgeCapacity edgeCapacity = EdgeCapacity.INFINITE;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "write the report to this file instead of standard output")
    private @Nullable String output;

    @Option(
            names = "--dag",
            paramLabel = "NAME",
            description = "for a fixture file of named DAGs: the DAG to analyze (needed when it holds several)")
    private @Nullable String dagName;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Override
    public Integer call() {
        String requested = attention;
        Analysis.AttentionRequest request = requested != null
                ? new Analysis.AttentionRequest(AttentionView.parse(requested))
                : format == ReportFormat.HTML ? new Analysis.AttentionRequest(null) : null;
        MinCutConfig config = MinCutConfig.builder()
                .capacityModel(capacityModel)
                .edgeCapacity(edgeCapacity)
                .build();
        LoadedDag input = DagInput.load(file, dagName);
        String report = format.render(Analysis.of(input, config, request));
        String out = output;
        if (out == null) {
            PrintWriter w = spec.commandLine().getOut();
            w.print(report);
            w.flush();
        } else {
            write(out, report);
        }
        return 0;
    }

    private static void write(String out, String report) {
        try {
            Files.writeString(Path.of(out), report, StandardCharsets.UTF_8);
        } catch (InvalidPathException e) {
            throw new CliException(out, "not a valid path (" + e.getReason() + ")", e);
        } catch (IOException e) {
            throw new CliException(out, "cannot write: " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException x -> "no such directory";
            case java.nio.file.AccessDeniedException x -> "permission denied";
            case java.nio.file.FileSystemException x ->
                x.getReason() != null ? x.getReason() : e.getClass().getSimpleName();
            default -> String.valueOf(e.getMessage());
        };
    }
}
