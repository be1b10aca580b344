package io.neuraldag.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.neuraldag.postgres.DagArgumentException;
import io.neuraldag.postgres.DagSchema;
import io.neuraldag.postgres.DagStateException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/*
 * "neural-dag pg status": the Status group of the SQL API as the database holds it: dag_config(scope)
 * and dag_status(scope) of the installed schema (the state the applications running NeuralDag have
 * stored), and a health check of what this command can see from outside an engine: the database
 * (SELECT 1 round trip) and the schema (layout version, vector type). It only reads: it neither
 * installs the schema nor starts an engine, so it cannot disturb the stored settings.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = NeuralDagCli.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Print the stored config, status counters and health of a neural-dag schema.",
        description = {
            "Reads dag_config(scope) and dag_status(scope) of the schema (default ruvector) and checks the"
                    + " database and the schema. Nothing is written; the schema must have been installed by an"
                    + " application (NeuralDag.create).",
            ""
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:status written",
            "1:internal error",
            "2:no URL, server unreachable, schema not installed, SQL error, invalid usage"
        },
        footer = "")
final class PgStatusCommand implements Callable<Integer> {
    /** Output formats of this command. */
    enum Format {
        TEXT,
        JSON
    }

    private static final JsonFactory JSON = JsonFactory.builder().build();

    @Mixin
    private PgDatabase database = new PgDatabase();

    @Option(
            names = "--schema",
            paramLabel = "NAME",
            defaultValue = DagSchema.DEFAULT_NAME,
            description = "the neural-dag schema; default: " + DagSchema.DEFAULT_NAME)
    private String schemaName = DagSchema.DEFAULT_NAME;

    @Option(
            names = "--scope",
            paramLabel = "SCOPE",
            defaultValue = "global",
            description = "the engine scope (global, or a table an application enabled); default: global")
    private String scope = "global";

    @Option(
            names = {"-f", "--format"},
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "output format: text or json; default: text")
    private Format format = Format.TEXT;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    /** One health row. */
    record Health(String component, String status, String message) {}

    /** Everything printed; the maps keep the SQL column order, a null map means "no row". */
    record Report(
            String url,
            String serverVersion,
            String schema,
            String scope,
            @Nullable Map<String, @Nullable Object> config,
            Map<String, @Nullable Object> status,
            List<Health> health) {}

    @Override
    public Integer call() {
        DagSchema schema;
        try {
            schema = DagSchema.named(schemaName);
        } catch (DagArgumentException e) {
            throw new CliException("--schema", String.valueOf(e.getMessage()), e);
        }
        PgDatabase.Target target = database.target();
        Report report;
        try (Connection c = PgDatabase.connect(target)) {
            report = read(target, c, schema);
        } catch (SQLException e) {
            throw new CliException(target.shownUrl(), PgDatabase.message(e), e);
        }
        String out = format == Format.JSON ? json(report) : text(report);
        PrintWriter w = spec.commandLine().getOut();
        w.print(out);
        w.flush();
        return 0;
    }

    private Report read(PgDatabase.Target target, Connection c, DagSchema schema) throws SQLException {
        List<Health> health = new ArrayList<>();
        String version = c.getMetaData().getDatabaseProductVersion();
        long t0 = System.nanoTime();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
        health.add(new Health(
                "database",
                "ok",
                String.format(
                        Locale.ROOT, "SELECT 1 in %.2f ms, PostgreSQL %s", (System.nanoTime() - t0) / 1e6, version)));
        Optional<DagSchema.Installed> installed;
        try {
            installed = schema.inspect(target.dataSource());
        } catch (DagStateException e) {
            throw new CliException(target.shownUrl(), String.valueOf(e.getMessage()), e);
        }
        if (installed.isEmpty()) {
            throw new CliException(
                    target.shownUrl(),
                    "schema " + schema.name() + " is not installed (an application installs it with NeuralDag.create;"
                            + " choose another with --schema)");
        }
        DagSchema.Installed i = installed.get();
        health.add(new Health(
                "schema",
                "ok",
                "schema " + schema.name() + " version " + i.version() + ", "
                        + i.vectorType().name().toLowerCase(Locale.ROOT)));
        String quoted = "\"" + schema.name() + "\".";
        List<Map<String, @Nullable Object>> config = rows(c, "SELECT * FROM " + quoted + "dag_config(?)");
        List<Map<String, @Nullable Object>> status = rows(c, "SELECT * FROM " + quoted + "dag_status(?)");
        return new Report(
                target.shownUrl(),
                version,
                schema.name(),
                scope,
                config.isEmpty() ? null : config.get(0),
                status.isEmpty() ? new LinkedHashMap<>() : status.get(0),
                health);
    }

    private List<Map<String, @Nullable Object>> rows(Connection c, String sql) throws SQLException {
        List<Map<String, @Nullable Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, scope);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, @Nullable Object> row = new LinkedHashMap<>();
                    for (int k = 1; k <= md.getColumnCount(); k++) {
                        row.put(md.getColumnLabel(k), rs.getObject(k));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    static String text(Report r) {
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder(1024);
        PgAnalyzeCommand.line(sb, "database", r.url() + " (PostgreSQL " + r.serverVersion() + ")");
        PgAnalyzeCommand.line(sb, "schema", r.schema());
        PgAnalyzeCommand.line(sb, "scope", r.scope());
        sb.append(nl).append("config").append(nl);
        Map<String, @Nullable Object> config = r.config();
        if (config == null) {
            sb.append("  no settings stored for scope ").append(r.scope()).append(nl);
        } else {
            section(sb, config);
        }
        sb.append(nl).append("status").append(nl);
        section(sb, r.status());
        sb.append(nl).append("health").append(nl);
        String[][] cells = new String[r.health().size()][];
        for (int k = 0; k < cells.length; k++) {
            Health h = r.health().get(k);
            cells[k] = new String[] {"  " + h.component(), h.status(), h.message()};
        }
        PgAnalyzeCommand.table(sb, new String[] {"  component", "status", "message"}, cells);
        return sb.toString();
    }

    private static void section(StringBuilder sb, Map<String, @Nullable Object> values) {
        int width = 0;
        for (String k : values.keySet()) {
            width = Math.max(width, k.length());
        }
        for (Map.Entry<String, @Nullable Object> e : values.entrySet()) {
            sb.append("  ")
                    .append(e.getKey())
                    .append(" ".repeat(width - e.getKey().length() + 2))
                    .append(shown(e.getValue()))
                    .append(System.lineSeparator());
        }
    }

    private static String shown(@Nullable Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double || v instanceof Float) {
            return Numbers.rounded(((Number) v).doubleValue());
        }
        return CliException.oneLine(v.toString());
    }

    static String json(Report r) {
        StringWriter w = new StringWriter(2048);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("database", r.url());
            g.writeStringField("server_version", r.serverVersion());
            g.writeStringField("schema", r.schema());
            g.writeStringField("scope", r.scope());
            Map<String, @Nullable Object> config = r.config();
            if (config == null) {
                g.writeNullField("config");
            } else {
                object(g, "config", config);
            }
            object(g, "status", r.status());
            g.writeArrayFieldStart("health");
            for (Health h : r.health()) {
                g.writeStartObject();
                g.writeStringField("component", h.component());
                g.writeStringField("status", h.status());
                g.writeStringField("message", h.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w + System.lineSeparator();
    }

    private static void object(JsonGenerator g, String name, Map<String, @Nullable Object> values) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, @Nullable Object> e : values.entrySet()) {
            Object v = e.getValue();
            switch (v) {
                case null -> g.writeNullField(e.getKey());
                case Boolean b -> g.writeBooleanField(e.getKey(), b);
                case Integer x -> g.writeNumberField(e.getKey(), x);
                case Long x -> g.writeNumberField(e.getKey(), x);
                case Double x -> g.writeNumberField(e.getKey(), x);
                case Float x -> g.writeNumberField(e.getKey(), x);
                default -> g.writeStringField(e.getKey(), v.toString());
            }
        }
        g.writeEndObject();
    }
}
