package io.neuraldag.postgres;

import io.neuraldag.core.DagException;
import io.neuraldag.core.plan.AccessMethodResolver;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/*
 * EXPLAIN of a caller's query text for the facade (spec 03 §1.4 "Safety").
 *
 * The text cannot be bound (a statement is not a value), so it is checked and isolated instead:
 *  1. SqlTexts' tokenizer (strings, E-strings, quoted identifiers, nested comments, dollar quotes)
 *     must find exactly one statement, nothing left open, starting with an allowed keyword; a text
 *     with a second statement is rejected before it reaches the driver (pgjdbc would otherwise split
 *     it and send both statements).
 *  2. The EXPLAIN runs on a Statement with JDBC escape processing off (so "{fn ...}" and "?" in the
 *     text mean nothing to the driver), in a transaction that is first made READ ONLY, with a
 *     SET LOCAL statement_timeout of 5 s, and is always rolled back: even a statement that plans a
 *     write (EXPLAIN ANALYZE of a data-modifying CTE) fails instead of writing.
 *  3. Parameter markers $1..$n: PostgreSQL 15 has no EXPLAIN (GENERIC_PLAN), so the text is
 *     PREPAREd under plan_cache_mode = force_generic_plan and EXPLAIN EXECUTE runs it with NULLs;
 *     the generic plan keeps $n unevaluated. The prepared statement is deallocated afterwards,
 *     outside the rolled-back transaction (PREPARE is not transactional).
 *
 * Index access methods (to tell HNSW/IVFFlat from btree) come from pg_class ⋈ pg_am on the same
 * connection, cached per (schema, index) for the life of the facade.
 */
final class QueryPlans {
    static final int TIMEOUT_MS = 5_000;
    static final Set<String> EXPLAINABLE = Set.of("select", "with", "values", "table", "insert", "update", "delete");
    static final Set<String> EXECUTABLE = Set.of("select", "with", "values", "table");

    private static final AtomicLong NAMES = new AtomicLong();

    private final ConcurrentHashMap<String, Optional<String>> accessMethods = new ConcurrentHashMap<>();

    /** A plan and the normalised text it came from. */
    record Explained(ImportedPlan plan, String normalized, String sqlHash) {}

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

    Explained explain(DataSource dataSource, String queryText, boolean analyze) {
        SqlTexts.Scan scan = check(queryText, analyze);
        int params = parameterCount(scan.normalized);
        if (analyze && params > 0) {
            throw planError("a query with parameter markers cannot be executed without values", null);
        }
        String options =
                analyze ? "(ANALYZE, BUFFERS, FORMAT JSON, VERBOSE, SETTINGS)" : "(FORMAT JSON, VERBOSE, SETTINGS)";
        try (Connection c = dataSource.getConnection()) {
            String json;
            String prepared = null;
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute("SET TRANSACTION READ ONLY");
                st.execute("SET LOCAL statement_timeout = " + TIMEOUT_MS);
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
                StringBuilder sb = new StringBuilder();
                try (ResultSet rs = st.executeQuery("EXPLAIN " + options + " " + target)) {
                    while (rs.next()) {
                        sb.append(rs.getString(1));
                    }
                }
                json = sb.toString();
                ImportedPlan plan = PostgresPlans.fromExplainJson(json, resolver(c));
                return new Explained(plan, scan.normalized, SqlTexts.sha256(scan.normalized));
            } finally {
                try {
                    c.rollback();
                } finally {
                    c.setAutoCommit(auto);
                    if (prepared != null) {
                        try (Statement st = c.createStatement()) {
                            st.execute("DEALLOCATE " + prepared);
                        } catch (SQLException ignored) {
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

    private AccessMethodResolver resolver(Connection c) {
        return (schema, index) ->
                accessMethods.computeIfAbsent(schema + "\u0000" + index, k -> lookup(c, schema, index));
    }

    private static Optional<String> lookup(Connection c, String schema, String index) {
        try (PreparedStatement ps = c.prepareStatement("SELECT am.amname FROM pg_class i"
                + " JOIN pg_am am ON am.oid = i.relam JOIN pg_namespace n ON n.oid = i.relnamespace"
                + " WHERE i.relkind = 'i' AND i.relname = ? AND (? = '' OR n.nspname = ?)"
                + " ORDER BY n.nspname = ? DESC LIMIT 1")) {
            ps.setString(1, index);
            ps.setString(2, schema);
            ps.setString(3, schema);
            ps.setString(4, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            return AccessMethodResolver.nameHeuristic().accessMethod(schema, index);
        }
    }

    static DagStateException planError(String message, @org.jspecify.annotations.Nullable Throwable cause) {
        return new DagStateException(RvCode.PLAN_PARSE_ERROR, message, cause);
    }
}
