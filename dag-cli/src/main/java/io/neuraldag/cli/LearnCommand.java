package io.neuraldag.cli;

import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import io.neuraldag.sona.CycleResult;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.Pattern;
import io.neuraldag.sona.PreQueryResult;
import io.neuraldag.sona.SonaConfig;
import io.neuraldag.sona.SonaStateException;
import io.neuraldag.sona.Trajectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * "neural-dag learn --plans DIR --rounds N [--state FILE]": reads every PostgreSQL EXPLAIN
 * (ANALYZE, FORMAT JSON) plan in DIR, then replays them N times through a SONA engine: per plan
 * preQuery, then postQuery with the plan's measured "Execution Time" against the workload's median
 * execution time as baseline; after each round one background cycle. It prints a table per round
 * (queries, how many applied a learned pattern, mean quality, patterns, what the cycle did), the
 * learned patterns with the plans they describe, and the mechanism chosen for each plan in the last
 * round. --state loads the learned state first when the file exists and saves it at the end.
 *
 * A replay feeds recorded times, so the time of a plan does not depend on the mechanism chosen:
 * the replay learns plan families (patterns and their confidence), not which mechanism is faster.
 * Files that are not EXPLAIN JSON or lack an execution time are listed as skipped.
 */
@Command(
        name = "learn",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Replay EXPLAIN ANALYZE plans through SONA and report what it learned.",
        description = {
            "Reads every *.json file of DIR as PostgreSQL EXPLAIN (ANALYZE, FORMAT JSON) output and replays"
                    + " the plans ROUNDS times through the SONA engine: each plan is recommended a mechanism,"
                    + " then reported with its measured execution time (baseline: the median execution time of"
                    + " all plans); a background learning cycle runs after every round.",
            "",
            "Prints per round the mean quality, how many plans a learned pattern was applied to and the"
                    + " number of patterns, then the patterns and the mechanism chosen for each plan.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:learned", "1:internal error", "2:bad input, missing directory or invalid usage"},
        footer = "")
final class LearnCommand implements Callable<Integer> {

    @Option(
            names = "--plans",
            required = true,
            paramLabel = "DIR",
            description = "directory of EXPLAIN (ANALYZE, FORMAT JSON) files (*.json)")
    private String plans = "";

    @Option(
            names = "--rounds",
            paramLabel = "N",
            defaultValue = "10",
            description = "how many times to replay the plans, >= 1; default: 10")
    private int rounds = 10;

    @Option(
            names = "--state",
            paramLabel = "FILE",
            description = "learned state: loaded first if the file exists, saved at the end")
    private @Nullable String state;

    @Option(names = "--no-progress", description = "do not draw the progress bar on standard error")
    private boolean noProgress;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    /** One replayable plan. */
    private record Replay(String name, QueryDag dag, double executionMs) {}

    /** One round's figures. */
    private record Round(int queries, int applied, double meanQuality, int patterns, String cycle) {}

    @Override
    public Integer call() {
        if (rounds < 1) {
            throw new CliException("--rounds", "must be >= 1: " + rounds);
        }
        Path dir = path(plans);
        List<String> skipped = new ArrayList<>();
        List<Replay> replays = load(dir, skipped);
        if (replays.isEmpty()) {
            throw new CliException(plans, "no EXPLAIN ANALYZE plan (FORMAT JSON with \"Execution Time\") found");
        }
        DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults());
        String stateNote = "";
        @Nullable Path statePath = null;
        String stateArg = state;
        if (stateArg != null) {
            statePath = path(stateArg);
            if (Files.exists(statePath)) {
                try {
                    sona.loadState(statePath);
                } catch (SonaStateException e) {
                    throw new CliException(stateArg, "cannot load learned state: " + e.getMessage(), e);
                } catch (UncheckedIOException e) {
                    throw new CliException(stateArg, "cannot read: " + cause(e), e);
                }
                stateNote = "loaded " + sona.reasoningBank().size() + " patterns from " + stateArg;
            }
        }
        double baseline = median(replays);
        PrintWriter err = spec.commandLine().getErr();
        List<Round> table = new ArrayList<>();
        Map<String, PreQueryResult> lastChoice = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
            int applied = 0;
            double quality = 0;
            for (Replay p : replays) {
                PreQueryResult pre = sona.preQuery(p.dag());
                if (pre instanceof PreQueryResult.PatternApplied) {
                    applied++;
                }
                Trajectory t = sona.postQuery(p.dag(), ExecutionMetrics.of(p.executionMs(), baseline), pre);
                quality += t.quality();
                lastChoice.put(p.name(), pre);
            }
            CycleResult c = sona.runBackgroundCycle();
            table.add(new Round(
                    replays.size(),
                    applied,
                    quality / replays.size(),
                    sona.reasoningBank().size(),
                    describe(c)));
            if (!noProgress) {
                progress(err, r, rounds);
            }
        }
        if (!noProgress) {
            err.println();
            err.flush();
        }
        if (statePath != null) {
            try {
                sona.saveState(statePath);
            } catch (UncheckedIOException e) {
                throw new CliException(String.valueOf(stateArg), "cannot write: " + cause(e), e);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(report(sona, replays, skipped, baseline, table, lastChoice, stateNote));
        out.flush();
        return 0;
    }

    private static String cause(UncheckedIOException e) {
        @Nullable IOException c = e.getCause();
        return CliException.oneLine(String.valueOf(c != null ? c.getMessage() : e.getMessage()));
    }

    private static Path path(String p) {
        try {
            return Path.of(p);
        } catch (InvalidPathException e) {
            throw new CliException(p, "not a valid path (" + e.getReason() + ")", e);
        }
    }

    private List<Replay> load(Path dir, List<String> skipped) {
        if (!Files.isDirectory(dir)) {
            throw new CliException(plans, Files.exists(dir) ? "not a directory" : "no such directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CliException(plans, "cannot list: " + e.getMessage(), e);
        }
        List<Replay> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            try {
                ImportedPlan plan = PostgresPlans.fromExplainJson(Files.readString(f, StandardCharsets.UTF_8));
                Double exec = plan.executionTimeMs();
                if (exec == null) {
                    skipped.add(name + ": no \"Execution Time\" (run EXPLAIN ANALYZE)");
                } else if (plan.dag().isEmpty()) {
                    skipped.add(name + ": empty plan");
                } else {
                    out.add(new Replay(name, plan.dag(), exec));
                }
            } catch (IOException e) {
                skipped.add(name + ": cannot read: " + CliException.oneLine(String.valueOf(e.getMessage())));
            } catch (IllegalArgumentException e) {
                skipped.add(name + ": " + CliException.oneLine(String.valueOf(e.getMessage())));
            }
        }
        return out;
    }

    private static double median(List<Replay> replays) {
        double[] t = new double[replays.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = replays.get(i).executionMs();
        }
        Arrays.sort(t);
        int m = t.length / 2;
        return t.length % 2 == 1 ? t[m] : (t[m - 1] + t[m]) / 2;
    }

    private static String describe(CycleResult c) {
        return switch (c) {
            case CycleResult.Skipped s -> "skipped (" + s.buffered() + " of " + s.required() + " trajectories)";
            case CycleResult.Completed d ->
                d.clusters() + " clusters: " + d.stored() + " stored, " + d.merged() + " merged"
                        + (d.evicted() > 0 ? ", " + d.evicted() + " evicted" : "")
                        + (d.shift().isPresent() ? ", task boundary" : "");
        };
    }

    private static void progress(PrintWriter err, int done, int total) {
        int width = 30;
        int filled = (int) ((long) done * width / total);
        err.print("\rlearning [" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total
                + " rounds");
        err.flush();
    }

    private static String report(
            DagSonaEngine sona,
            List<Replay> replays,
            List<String> skipped,
            double baseline,
            List<Round> table,
            Map<String, PreQueryResult> lastChoice,
            String stateNote) {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append("plans: ")
                .append(replays.size())
                .append(" replayed, ")
                .append(skipped.size())
                .append(" skipped; baseline (median execution time) ")
                .append(Numbers.plain(round3(baseline)))
                .append(" ms")
                .append(nl);
        for (String s : skipped) {
            sb.append("  skipped ").append(s).append(nl);
        }
        if (!stateNote.isEmpty()) {
            sb.append(stateNote).append(nl);
        }
        sb.append(nl)
                .append("round  queries  pattern applied  mean quality  patterns  cycle")
                .append(nl);
        for (int i = 0; i < table.size(); i++) {
            Round r = table.get(i);
            sb.append(String.format(
                    Locale.ROOT,
                    "%5d  %7d  %15d  %12.6f  %8d  %s%n",
                    i + 1,
                    r.queries(),
                    r.applied(),
                    r.meanQuality(),
                    r.patterns(),
                    r.cycle()));
        }
        Map<Long, List<String>> members = new LinkedHashMap<>();
        for (Replay p : replays) {
            List<Pattern> best = sona.reasoningBank().querySimilar(p.dag().planVector(), 1);
            if (!best.isEmpty()) {
                members.computeIfAbsent(best.get(0).id(), k -> new ArrayList<>())
                        .add(p.name());
            }
        }
        List<Pattern> patterns = new ArrayList<>(sona.reasoningBank().patterns());
        patterns.sort(Comparator.comparingInt(Pattern::sampleCount).reversed().thenComparingLong(Pattern::id));
        sb.append(nl).append("patterns: ").append(patterns.size()).append(nl);
        if (!patterns.isEmpty()) {
            sb.append("     id  samples  confidence  quality   best mechanism        plans")
                    .append(nl);
        }
        for (Pattern p : patterns) {
            List<String> names = members.getOrDefault(p.id(), List.of());
            sb.append(String.format(
                    Locale.ROOT,
                    "%7d  %7d  %10.6f  %8.6f  %-20s  %s%n",
                    p.id(),
                    p.sampleCount(),
                    p.confidence(),
                    p.quality(),
                    p.bestMechanism().wireName(),
                    names.isEmpty() ? "-" : String.join(", ", names)));
        }
        sb.append(nl)
                .append("chosen mechanisms (round ")
                .append(table.size())
                .append("):")
                .append(nl);
        int w = 0;
        for (String name : lastChoice.keySet()) {
            w = Math.max(w, name.length());
        }
        for (Map.Entry<String, PreQueryResult> e : lastChoice.entrySet()) {
            PreQueryResult pre = e.getValue();
            String why = pre instanceof PreQueryResult.PatternApplied a
                    ? "pattern " + a.pattern().id() + ", similarity "
                            + String.format(Locale.ROOT, "%.4f", a.similarity())
                    : "bandit";
            sb.append("  ")
                    .append(String.format(Locale.ROOT, "%-" + w + "s", e.getKey()))
                    .append("  ")
                    .append(String.format(Locale.ROOT, "%-20s", pre.mechanism().wireName()))
                    .append("  (")
                    .append(why)
                    .append(')')
                    .append(nl);
        }
        return sb.toString();
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
