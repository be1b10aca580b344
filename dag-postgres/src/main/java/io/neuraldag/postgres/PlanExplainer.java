package io.neuraldag.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.neuraldag.core.DagException;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/*
 * Runs the server's EXPLAIN and imports the plan, for both callers: the capture (explain: the
 * caller's own connection and binds) and the facade (explainQuery: a query text from an API or SQL
 * caller, on a connection of its own).
 *
 * Capture (spec 03 §1.4 "Safety"): the text is one statement (checked by SqlTexts before), the EXPLAIN runs in
 * a read-only transaction of its own when the connection is in auto-commit mode, else inside a
 * savepoint that is rolled back (which also undoes the SET LOCAL statement_timeout), so a failing
 * EXPLAIN cannot abort the caller's transaction. Binds are replayed on the EXPLAIN statement.
 *
 * After the import, pgvector scans get the session's real hnsw.ef_search / ivfflat.probes (EXPLAIN's
 * SETTINGS does not list extension settings) and the index access methods come from pg_class ⋈ pg_am,
 * cached per (schema, index) for the life of the explainer.
 *
 * Facade: the text cannot be bound (a statement is not a value), so it is checked and isolated instead:
 *  1. SqlTexts' tokenizer (strings, E-strings, quoted identifiers, nested comments, dollar quotes)
 *     must find exactly one statement, nothing left open, starting with an allowed keyword; a text
 *     with a second statement is rejected before it reaches the driver (pgjdbc would otherwise split
 *     it and send both statements).
 *  2. The EXPLAIN runs on a Statement with JDBC escape processing off (so "{fn ...}" and "?" in the
 *     text mean nothing to the driver), in a transaction that is first made READ ONLY, with a
 *     SET LOCAL statement_timeout, and is always rolled back: even a statement that plans a
 *     write (EXPLAIN ANALYZE of a data-modifying CTE) fails instead of writing.
 *  3. Parameter markers $1..$n: PostgreSQL 15 has no EXPLAIN (GENERIC_PLAN), so the text is
 *     PREPAREd under plan_cache_mode = force_generic_plan and EXPLAIN EXECUTE runs it with NULLs;
 *     the generic plan keeps $n unevaluated. The prepared statement is deallocated afterwards,
 *     outside the rolled-back transaction (PREPARE is not transactional).
 * The facade's plans keep the import's defaults for hnsw.ef_search / ivfflat.probes.
 */
final class PlanExplainer {
    static final String SAVEPOINT = "neural_dag_explain";

    /** The statement_timeout of the facade's EXPLAIN. */
    static final int QUERY_TIMEOUT_MS = 5_000;

    static final Set<String> EXPLAINABLE = Set.of("select", "with", "values", "table", "insert", "update", "delete");
    static final Set<String> EXECUTABLE = Set.of("select", "with", "values", "table");

    private static final JsonFactory JSON = new JsonFactory();
    private static final AtomicLong NAMES = new AtomicLong();

    private final int timeoutMs;
    private final AccessMethodCache accessMethods = new AccessMethodCache();

    PlanExplainer(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** A plan with what the capture needs besides the DAG. */
    record Explained(
            ImportedPlan plan,
            @Nullable Long queryId,
            Map<String, Double> params,
            List<String> relations,
            @Nullable StatBaseline stat) {}

    /**
     * A statement's record in pg_stat_statements: the mean execution time (ms) over its calls so
     * far, summed over the users of this database, top-level executions only.
     */
    record StatBaseline(double meanMs, long calls) {}

    static final String STAT_SQL = "SELECT sum(s.calls)::bigint, sum(s.total_exec_time) / nullif(sum(s.calls), 0)"
            + " FROM pg_stat_statements s WHERE s.queryid = ? AND s.toplevel"
            + " AND s.dbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())";

    /** A plan of a facade query text and the normalised text it came from. */
    record QueryPlan(ImportedPlan plan, String normalized, String sqlHash) {}

    private static String options(boolean analyze) {
        return analyze ? "(ANALYZE, BUFFERS, FORMAT JSON, VERBOSE, SETTINGS) " : "(FORMAT JSON, VERBOSE, SETTINGS) ";
    }

    private static String planJson(ResultSet rs) throws SQLException {
        StringBuilder sb = new StringBuilder();
        while (rs.next()) {
            sb.append(rs.getString(1));
        }
        return sb.toString();
    }

    Explained explain(Connection c, String sql, Binder binds, boolean analyze, boolean readOnly) throws SQLException {
        return explain(c, sql, binds, analyze, readOnly, false);
    }

    /*
     * With statStatements, the pg_stat_statements record of the plan's query id is read in the same
     * rolled-back transaction (or savepoint), before the statement itself runs.
     */
    Explained explain(Connection c, String sql, Binder binds, boolean analyze, boolean readOnly, boolean statStatements)
            throws SQLException {
        String options = options(analyze);
        boolean auto = c.getAutoCommit();
        try (Statement st = c.createStatement()) {
            if (auto) {
                st.execute((readOnly ? "BEGIN READ ONLY" : "BEGIN") + "; SET LOCAL statement_timeout = " + timeoutMs);
            } else {
                st.execute("SAVEPOINT " + SAVEPOINT + "; SET LOCAL statement_timeout = " + timeoutMs);
            }
            try {
                String json;
                try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + options + sql)) {
                    binds.bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        json = planJson(rs);
                    }
                }
                ImportedPlan plan = PostgresPlans.fromExplainJson(json, accessMethods.on(c));
                Map<String, Double> params = vectorSettings(c, plan);
                Long queryId = queryId(json);
                StatBaseline stat = statStatements && queryId != null ? statBaseline(c, queryId) : null;
                return new Explained(plan, queryId, params, relations(plan), stat);
            } finally {
                if (auto) {
                    st.execute("ROLLBACK");
                } else {
                    st.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
                }
            }
        }
    }

    /** Checks the text; RV012 when it is not one allowed statement. */
    static SqlTexts.Scan check(String queryText, boolean execute) {
        if (queryText.length() > 1 << 20) {
            throw planError("query text longer than 1 MiB", null);
        }
        SqlTexts.Scan scan = SqlTexts.scan(queryText);
        if (scan.unterminated) {
            throw planError("query text has an unterminated string, identifier or comment", null);
        }
        if (scan.statements != 1) {
            throw planError(
                    "query text must be exactly one statement, found " + scan.statements + ": '" + Texts.clip(queryText)
                            + "'",
                    null);
        }
        Set<String> allowed = execute ? EXECUTABLE : EXPLAINABLE;
        if (!allowed.contains(scan.firstWord)) {
            throw planError(
                    "query text must start with one of " + allowed + ", not '" + Texts.clip(scan.firstWord) + "'",
                    null);
        }
        return scan;
    }

    /** The highest parameter marker $n of a normalised text (0 for none). */
    static int parameterCount(String normalized) {
        int max = 0;
        int n = normalized.length();
        int i = 0;
        while (i < n) {
            char c = normalized.charAt(i);
            if (c == '"') {
                int j = i + 1;
                while (j < n) {
                    if (normalized.charAt(j) == '"') {
                        if (j + 1 < n && normalized.charAt(j + 1) == '"') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                i = j + 1;
                continue;
            }
            if (c == '$' && (i == 0 || !identPart(normalized.charAt(i - 1)))) {
                int j = i + 1;
                long v = 0;
                while (j < n && Character.isDigit(normalized.charAt(j)) && v < 100_000) {
                    v = v * 10 + (normalized.charAt(j) - '0');
                    j++;
                }
                if (j > i + 1) {
                    if (v < 1 || v > 65_535) {
                        throw planError("parameter marker $" + v + " is out of range", null);
                    }
                    max = Math.max(max, (int) v);
                }
                i = j;
                continue;
            }
            i++;
        }
        return max;
    }

    private static boolean identPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }

    /** EXPLAIN of a facade query text; RV012 when it is not allowed or EXPLAIN fails. */
    QueryPlan explainQuery(DataSource dataSource, String queryText, boolean analyze) {
        SqlTexts.Scan scan = check(queryText, analyze);
        int params = parameterCount(scan.normalized);
        if (analyze && params > 0) {
            throw planError("a query with parameter markers cannot be executed without values", null);
        }
        String options = options(analyze);
        try (Connection c = dataSource.getConnection()) {
            String json;
            String prepared = null;
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute("SET TRANSACTION READ ONLY");
                st.execute("SET LOCAL statement_timeout = " + timeoutMs);
                String target;
                if (params == 0) {
                    target = queryText;
                } else {
                    st.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                    prepared = "neural_dag_plan_" + NAMES.incrementAndGet();
                    st.execute("PREPARE " + prepared + " AS " + queryText);
                    StringBuilder args =
                            new StringBuilder("EXECUTE ").append(prepared).append('(');
                    for (int i = 0; i < params; i++) {
                        args.append(i == 0 ? "NULL" : ", NULL");
                    }
                    target = args.append(')').toString();
                }
                try (ResultSet rs = st.executeQuery("EXPLAIN " + options + target)) {
                    json = planJson(rs);
                }
                ImportedPlan plan = PostgresPlans.fromExplainJson(json, accessMethods.on(c));
                return new QueryPlan(plan, scan.normalized, SqlTexts.sha256(scan.normalized));
            } finally {
                try {
                    c.rollback();
                } finally {
                    c.setAutoCommit(auto);
                    if (prepared != null) {
                        try (Statement st = c.createStatement()) {
                            st.execute("DEALLOCATE " + prepared);
                        } catch (SQLException deallocateFailed) {
                            // the prepared statement dies with the session at the latest
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw planError(
                    "EXPLAIN failed: [" + e.getSQLState() + "] " + Texts.clip(String.valueOf(e.getMessage())), e);
        } catch (DagException e) {
            throw planError("the plan could not be read: " + Texts.clip(String.valueOf(e.getMessage())), e);
        }
    }

    /** The statement's record in pg_stat_statements, or null before its first completed call. */
    static @Nullable StatBaseline statBaseline(Connection c, long queryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(STAT_SQL)) {
            ps.setLong(1, queryId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long calls = rs.getLong(1);
                double mean = rs.getDouble(2);
                return calls > 0 && !rs.wasNull() && Double.isFinite(mean) ? new StatBaseline(mean, calls) : null;
            }
        }
    }

    /** Replaces the default efSearch / nprobe of pgvector scans by the session's settings. */
    private static Map<String, Double> vectorSettings(Connection c, ImportedPlan plan) throws SQLException {
        QueryDag dag = plan.dag();
        boolean hnsw = false;
        boolean ivf = false;
        for (int id : dag.nodeIds()) {
            Operator op = dag.node(id).operator();
            hnsw |= op instanceof Operator.HnswScan;
            ivf |= op instanceof Operator.IvfFlatScan;
        }
        Map<String, Double> params = new LinkedHashMap<>();
        String workMem = plan.settings().get("work_mem");
        if (workMem != null) {
            Long kb = kilobytes(workMem);
            if (kb != null) {
                params.put("work_mem", kb.doubleValue());
            }
        }
        if (!hnsw && !ivf) {
            return params;
        }
        Integer ef = hnsw ? intSetting(c, "hnsw.ef_search") : null;
        Integer probes = ivf ? intSetting(c, "ivfflat.probes") : null;
        for (int id : dag.nodeIds()) {
            OperatorNode n = dag.node(id);
            if (n.operator() instanceof Operator.HnswScan h) {
                int v = ef != null && ef > 0 ? ef : h.efSearch();
                params.put("hnsw.ef_search", (double) v);
                if (v != h.efSearch()) {
                    dag.replaceNode(id, n.withOperator(new Operator.HnswScan(h.index(), v, h.table(), h.k())));
                }
            } else if (n.operator() instanceof Operator.IvfFlatScan f) {
                int v = probes != null && probes > 0 ? probes : f.nprobe();
                params.put("ivfflat.probes", (double) v);
                if (v != f.nprobe()) {
                    dag.replaceNode(id, n.withOperator(new Operator.IvfFlatScan(f.index(), v, f.table(), f.k())));
                }
            }
        }
        return params;
    }

    private static @Nullable Integer intSetting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?, true)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String v = rs.getString(1);
                if (v == null) {
                    return null;
                }
                try {
                    return Integer.valueOf(v.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    static @Nullable Long kilobytes(String setting) {
        String s = setting.trim().replace("'", "");
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0 || i > 15) {
            return null;
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).trim();
        return switch (unit) {
            case "", "kB" -> n;
            case "MB" -> n * 1024;
            case "GB" -> n * 1024 * 1024;
            case "TB" -> n * 1024 * 1024 * 1024;
            default -> null;
        };
    }

    /** "schema.table" of every scanned relation, in plan order, without duplicates. */
    static List<String> relations(ImportedPlan plan) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> attrs : plan.attributes().values()) {
            Object rel = attrs.get("Relation Name");
            if (rel instanceof String r) {
                Object schema = attrs.get("Schema");
                String key = (schema instanceof String s ? s : "public") + "." + r;
                if (!out.contains(key)) {
                    out.add(key);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The top-level "Query Identifier" (PG14+ with compute_query_id), or null. */
    static @Nullable Long queryId(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> {
                        if (depth <= 2 && "Query Identifier".equals(p.currentName())) {
                            JsonToken v = p.nextToken();
                            return v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                        }
                        if (depth <= 2 && "Plan".equals(p.currentName())) {
                            p.nextToken();
                            p.skipChildren();
                        }
                    }
                    default -> {}
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    static DagStateException planError(String message, @Nullable Throwable cause) {
        return new DagStateException(RvCode.PLAN_PARSE_ERROR, message, cause);
    }
}
