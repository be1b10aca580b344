package io.neuraldag.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.neuraldag.postgres.DagArgumentException;
import io.neuraldag.postgres.DagStateException;
import io.neuraldag.postgres.NeuralDag;
import io.neuraldag.postgres.PlanAnalyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/*
 * "neural-dag pg analyze QUERY": the server's EXPLAIN of the query, analysed as dag_analyze_plan
 * (dag-postgres' PlanAnalyzer, the code behind NeuralDag.Analysis.analyzePlan): one row per plan
 * node with operator, min-cut criticality, bottleneck score, self cost, inputs, consumers and
 * recommendations; JSON adds the 256-float node embedding. Only EXPLAIN runs (read-only, rolled
 * back, 5 s statement_timeout), so the query is not executed and nothing is written. The report is
 * rendered completely before anything is printed.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Analyze the server's plan of a query: one row per plan node with criticality and advice.",
        description = {
            "Runs EXPLAIN (FORMAT JSON, VERBOSE, SETTINGS) of QUERY on the server (never the query itself:"
                    + " read-only, rolled back, 5 s statement timeout), imports the plan and prints one row per"
                    + " plan node, ids in pre-order (0 = top node): the operator, the min-cut criticality"
                    + " 1 - lambda/lambda_v, the bottleneck score (0.6 criticality + 0.4 cost share), the self cost,"
                    + " the inputs and consumers, and recommendations. QUERY must be one SELECT, WITH, VALUES,"
                    + " TABLE, INSERT, UPDATE or DELETE statement; $1..$n markers are planned generically.",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:report written",
            "1:internal error",
            "2:no URL, server unreachable, query rejected or EXPLAIN failed, invalid usage"
        },
        footer = "")
final class PgAnalyzeCommand implements Callable<Integer> {
    /** Output formats of this command. */
    enum Format {
        TEXT,
        JSON
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Parameters(index = "0", paramLabel = "QUERY", description = "the statement to plan (quote it for the shell)")
    private String query = "";

    @Mixin
    private PgDatabase database = new PgDatabase();

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "output format: text or json (adds each node's embedding); default: text")
    private Format format = Format.TEXT;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    /** What was analysed, and where. */
    record Report(String query, String url, String serverVersion, List<NeuralDag.PlanNodeRow> nodes) {}

    @Override
    public Integer call() {
        PgDatabase.Target target = database.target();
        String version;
        try (Connection c = PgDatabase.connect(target)) {
            version = c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new CliException(target.shownUrl(), PgDatabase.message(e), e);
        }
        List<NeuralDag.PlanNodeRow> rows;
        try {
            rows = PlanAnalyzer.on(target.dataSource()).analyzePlan(query);
        } catch (DagStateException | DagArgumentException e) {
            throw new CliException("pg analyze", String.valueOf(e.getMessage()), e);
        }
        Report r = new Report(query, target.shownUrl(), version, rows);
        String report = format == Format.JSON ? json(r) : text(r);
        PrintWriter out = spec.commandLine().getOut();
        out.print(report);
        out.flush();
        return 0;
    }

    static String text(Report r) {
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder(1024);
        line(sb, "query", CliException.oneLine(r.query()));
        line(sb, "database", r.url() + " (PostgreSQL " + r.serverVersion() + ")");
        line(sb, "nodes", Integer.toString(r.nodes().size()));
        sb.append(nl);
        String[] head = {"id", "operator", "criticality", "bottleneck", "self cost", "inputs", "consumers"};
        String[][] cells = new String[r.nodes().size()][];
        int i = 0;
        for (NeuralDag.PlanNodeRow n : r.nodes()) {
            cells[i++] = new String[] {
                Integer.toString(n.nodeId()),
                n.operatorType(),
                fixed(n.criticality()),
                fixed(n.bottleneckScore()),
                Numbers.rounded(n.estimatedCost()),
                ids(n.childIds()),
                ids(n.parentIds())
            };
        }
        table(sb, head, cells);
        boolean any = false;
        for (NeuralDag.PlanNodeRow n : r.nodes()) {
            for (String rec : n.recommendations()) {
                if (!any) {
                    sb.append(nl).append("recommendations").append(nl);
                    any = true;
                }
                sb.append("  ")
                        .append(n.nodeId())
                        .append(' ')
                        .append(n.operatorType())
                        .append(": ")
                        .append(CliException.oneLine(rec))
                        .append(nl);
            }
        }
        return sb.toString();
    }

    static String json(Report r) {
        StringWriter w = new StringWriter(4096);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("query", r.query());
            g.writeStringField("database", r.url());
            g.writeStringField("server_version", r.serverVersion());
            g.writeArrayFieldStart("nodes");
            for (NeuralDag.PlanNodeRow n : r.nodes()) {
                g.writeStartObject();
                g.writeNumberField("node_id", n.nodeId());
                g.writeStringField("operator_type", n.operatorType());
                g.writeNumberField("criticality", n.criticality());
                g.writeNumberField("bottleneck_score", n.bottleneckScore());
                g.writeNumberField("estimated_cost", n.estimatedCost());
                intArray(g, "parent_ids", n.parentIds());
                intArray(g, "child_ids", n.childIds());
                g.writeArrayFieldStart("recommendations");
                for (String rec : n.recommendations()) {
                    g.writeString(rec);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("embedding");
                for (float f : n.embedding()) {
                    g.writeNumber(f);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + System.lineSeparator();
    }

    private static void intArray(JsonGenerator g, String name, List<Integer> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (int v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format(Locale.ROOT, "%-16s %s%n", label, value));
    }

    static String fixed(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String ids(List<Integer> ids) {
        if (ids.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(id);
        }
        return sb.toString();
    }

    /* Left-aligned text columns, two spaces apart; the last column is not padded. */
    static void table(StringBuilder sb, String[] head, String[][] cells) {
        int[] width = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            width[c] = head[c].length();
            for (String[] row : cells) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        row(sb, head, width);
        for (String[] r : cells) {
            row(sb, r, width);
        }
    }

    private static void row(StringBuilder sb, String[] cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append(cells[c]);
            if (c < cells.length - 1) {
                line.append(" ".repeat(width[c] - cells[c].length()));
            }
        }
        sb.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
}
