package io.neuraldag.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.plan.AccessMethodResolver;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/*
 * Runs EXPLAIN for the capture, on the caller's connection, without leaving a trace on it.
 *
 * Safety (spec 03 §1.4): the text is one statement (checked by SqlTexts before), the EXPLAIN runs in
 * a read-only transaction of its own when the connection is in auto-commit mode, else inside a
 * savepoint that is rolled back (which also undoes the SET LOCAL statement_timeout), so a failing
 * EXPLAIN cannot abort the caller's transaction. Binds are replayed on the EXPLAIN statement.
 *
 * After the import, pgvector scans get the session's real hnsw.ef_search / ivfflat.probes (EXPLAIN's
 * SETTINGS does not list extension settings) and the index access methods come from pg_class ⋈ pg_am,
 * cached per (schema, index) for the life of the explainer.
 */
final class PlanExplainer {
    static final String SAVEPOINT = "neural_dag_explain";
    private static final JsonFactory JSON = new JsonFactory();

    private final int timeoutMs;
    private final ConcurrentHashMap<String, Optional<String>> accessMethods = new ConcurrentHashMap<>();

    PlanExplainer(int timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** A plan with what the capture needs besides the DAG. */
    record Explained(ImportedPlan plan, @Nullable Long queryId, Map<String, Double> params, List<String> relations) {}

    Explained explain(Connection c, String sql, Binder binds, boolean analyze, boolean readOnly) throws SQLException {
        String options =
                analyze ? "(ANALYZE, BUFFERS, FORMAT JSON, VERBOSE, SETTINGS) " : "(FORMAT JSON, VERBOSE, SETTINGS) ";
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
                        StringBuilder sb = new StringBuilder();
                        while (rs.next()) {
                            sb.append(rs.getString(1));
                        }
                        json = sb.toString();
                    }
                }
                ImportedPlan plan = PostgresPlans.fromExplainJson(json, resolver(c));
                Map<String, Double> params = vectorSettings(c, plan);
                return new Explained(plan, queryId(json), params, relations(plan));
            } finally {
                if (auto) {
                    st.execute("ROLLBACK");
                } else {
                    st.execute("ROLLBACK TO SAVEPOINT " + SAVEPOINT + "; RELEASE SAVEPOINT " + SAVEPOINT);
                }
            }
        }
    }

    private AccessMethodResolver resolver(Connection c) {
        return (schema, index) -> {
            String key = schema + "\u0000" + index;
            Optional<String> known = accessMethods.get(key);
            if (known != null) {
                return known;
            }
            Optional<String> am;
            try (PreparedStatement ps = c.prepareStatement("SELECT am.amname FROM pg_class i"
                    + " JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = i.relnamespace"
                    + " WHERE i.relname = ? AND i.relkind IN ('i', 'I') AND (n.nspname = ? OR ? = '')"
                    + " ORDER BY n.nspname = ? DESC LIMIT 1")) {
                ps.setString(1, index);
                ps.setString(2, schema);
                ps.setString(3, schema);
                ps.setString(4, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    am = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                am = AccessMethodResolver.nameHeuristic().accessMethod(schema, index);
                return am;
            }
            if (accessMethods.size() > 10_000) {
                accessMethods.clear();
            }
            accessMethods.put(key, am);
            return am;
        };
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
}
