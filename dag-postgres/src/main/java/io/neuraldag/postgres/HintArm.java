package io.neuraldag.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A hint set: planner settings applied with {@code SET LOCAL} inside the query's own transaction, so
 * that they end with it (no extension needed). The arm without settings is PostgreSQL's default.
 *
 * <p>Setting names and values are validated when the arm is made (a name is a GUC identifier,
 * optionally dotted as in {@code hnsw.ef_search}; a value is a plain token of letters, digits,
 * {@code _ . -}), and they reach the server as bound parameters of {@code set_config(name, value,
 * true)}, never as SQL text.
 *
 * <p>Immutable and thread-safe; {@link #applyLocal} and {@link #execute} use the caller's
 * connection, which must not be shared between threads meanwhile.
 *
 * @param name the arm's name (letters, digits, {@code _ . -}; 1–64 characters)
 * @param settings the settings in the order they are applied; names are distinct
 */
public record HintArm(String name, List<HintArm.Setting> settings) {
    private static final Pattern ARM_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final Pattern GUC_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}(\\.[a-z_][a-z0-9_]{0,62})?");
    private static final Pattern GUC_VALUE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final String TIMEOUT_STATE = "57014";

    /**
     * One planner setting.
     *
     * @param name a GUC name such as {@code enable_nestloop} or {@code hnsw.ef_search}
     * @param value its value, such as {@code off} or {@code 80}
     */
    public record Setting(String name, String value) {
        /**
         * Validates the name and the value.
         *
         * @throws NullPointerException if either is null
         * @throws DagArgumentException RV011 for a name that is not a (dotted) GUC identifier or a
         *     value that is not a plain token (quotes, semicolons, spaces and the like are rejected)
         */
        public Setting {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!GUC_NAME.matcher(name).matches()) {
                throw DagArgumentException.invalid("hint setting name must be a lower-case GUC identifier"
                        + " (optionally dotted), not '" + Texts.clip(name) + "'");
            }
            if (!GUC_VALUE.matcher(value).matches()) {
                throw DagArgumentException.invalid("hint setting value of " + name
                        + " must be 1-64 letters, digits, '_', '.' or '-', not '" + Texts.clip(value) + "'");
            }
        }
    }

    /**
     * Validates and copies.
     *
     * @throws NullPointerException if the name, the list or an element is null
     * @throws DagArgumentException RV011 for a bad name or a setting named twice
     */
    public HintArm {
        Objects.requireNonNull(name, "name");
        settings = List.copyOf(settings);
        if (!ARM_NAME.matcher(name).matches()) {
            throw DagArgumentException.invalid(
                    "hint arm name must be 1-64 letters, digits, '_', '.' or '-', not '" + Texts.clip(name) + "'");
        }
        Set<String> seen = new HashSet<>();
        for (Setting s : settings) {
            if (!seen.add(s.name())) {
                throw DagArgumentException.invalid("hint arm " + name + " sets " + s.name() + " twice");
            }
        }
    }

    /**
     * The arm with no settings: PostgreSQL's own plan.
     *
     * @return the arm named {@code default}
     */
    public static HintArm defaultArm() {
        return new HintArm("default", List.of());
    }

    /**
     * The planner hint sets, default first: {@code default} (all on), {@code no_nestloop}, {@code
     * no_index_no_merge} (no index or index-only scan, no merge join), {@code
     * no_nestloop_no_index_no_merge}, {@code no_merge}.
     *
     * @return the arms
     */
    public static List<HintArm> plannerArms() {
        Setting noNestloop = new Setting("enable_nestloop", "off");
        Setting noIndex = new Setting("enable_indexscan", "off");
        Setting noIndexOnly = new Setting("enable_indexonlyscan", "off");
        Setting noMerge = new Setting("enable_mergejoin", "off");
        return List.of(
                defaultArm(),
                new HintArm("no_nestloop", List.of(noNestloop)),
                new HintArm("no_index_no_merge", List.of(noIndex, noIndexOnly, noMerge)),
                new HintArm("no_nestloop_no_index_no_merge", List.of(noNestloop, noIndex, noIndexOnly, noMerge)),
                new HintArm("no_merge", List.of(noMerge)));
    }

    /**
     * The pgvector search-breadth arms for KNN queries, default first: {@code hnsw.ef_search} at
     * 10, 20, 80 and 200 (pgvector's default is 40) and {@code ivfflat.probes} at 3, 10 and 30
     * (default 1).
     *
     * @return the arms
     */
    public static List<HintArm> vectorArms() {
        List<HintArm> arms = new ArrayList<>();
        arms.add(defaultArm());
        for (int ef : new int[] {10, 20, 80, 200}) {
            arms.add(new HintArm("ef_search_" + ef, List.of(new Setting("hnsw.ef_search", Integer.toString(ef)))));
        }
        for (int p : new int[] {3, 10, 30}) {
            arms.add(new HintArm("probes_" + p, List.of(new Setting("ivfflat.probes", Integer.toString(p)))));
        }
        return List.copyOf(arms);
    }

    /**
     * Whether this arm changes nothing.
     *
     * @return whether it has no settings
     */
    public boolean isDefault() {
        return settings.isEmpty();
    }

    /**
     * The value this arm gives a setting.
     *
     * @param settingName the GUC name
     * @return the value, or null when the arm does not set it
     */
    public @Nullable String valueOf(String settingName) {
        for (Setting s : settings) {
            if (s.name().equals(settingName)) {
                return s.value();
            }
        }
        return null;
    }

    /**
     * Applies every setting with {@code SET LOCAL} semantics ({@code set_config(name, value,
     * true)}): the settings last until the current transaction (or savepoint) ends.
     *
     * @param c a connection inside a transaction (auto-commit off)
     * @throws DagStateException RV011 when the connection is in auto-commit mode (a SET LOCAL
     *     outside a transaction would have no effect); nothing is sent then
     * @throws SQLException when the server rejects a setting
     */
    public void applyLocal(Connection c) throws SQLException {
        Objects.requireNonNull(c, "connection");
        if (c.getAutoCommit()) {
            throw new DagStateException(
                    RvCode.INVALID_ARGUMENT,
                    "hint arm " + name + " needs an open transaction: turn auto-commit off before applyLocal",
                    null);
        }
        if (settings.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT set_config(?, ?, true)")) {
            for (Setting s : settings) {
                ps.setString(1, s.name());
                ps.setString(2, s.value());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    /*
     * The settings as SET LOCAL commands joined by "; " (empty for no settings), for sending with
     * other commands in one round trip. Safe to splice: names match GUC_NAME and values GUC_VALUE,
     * which admit no quote, space or semicolon, and values go in as string literals, which every
     * setting type accepts.
     */
    String setLocalCommands() {
        StringBuilder sb = new StringBuilder();
        for (Setting s : settings) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append("SET LOCAL ")
                    .append(s.name())
                    .append(" = '")
                    .append(s.value())
                    .append('\'');
        }
        return sb.toString();
    }

    /* The commands every hinted statement runs first, in one round trip. */
    String preamble(long timeoutMillis) {
        String own = setLocalCommands();
        return "SET LOCAL statement_timeout = " + timeoutMillis + "; SET LOCAL plan_cache_mode = force_custom_plan"
                + (own.isEmpty() ? "" : "; " + own);
    }

    /**
     * Runs one query under this arm and reads every row: begin, {@code SET LOCAL statement_timeout},
     * {@code plan_cache_mode = force_custom_plan} (so a cached generic plan cannot outlive the
     * settings), the settings (these in one round trip), the execution, commit. The latency covers all
     * of it, measured with
     * {@link System#nanoTime()}. A statement timeout is reported, not thrown; the transaction is then
     * rolled back. The connection's auto-commit flag is restored.
     *
     * @param c the connection, in auto-commit mode (the arm opens and ends its own transaction)
     * @param sql one read-only statement ({@code SELECT}, {@code WITH}, {@code VALUES} or {@code
     *     TABLE}) with {@code ?} markers
     * @param binds the values for the markers, in order ({@code null} elements bind SQL NULL)
     * @param timeoutMillis the statement timeout, {@code > 0}
     * @return the rows and the latency
     * @throws DagArgumentException RV011 for a timeout {@code <= 0}
     * @throws DagStateException RV012 when the text is not one such statement
     * @throws DagStateException RV011 when the connection is already inside a transaction
     * @throws SQLException any other failure of the statement (after rolling back)
     */
    public HintedExecution execute(Connection c, String sql, List<?> binds, long timeoutMillis) throws SQLException {
        Objects.requireNonNull(c, "connection");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(binds, "binds");
        if (timeoutMillis <= 0) {
            throw DagArgumentException.invalid("statement timeout must be > 0 ms, got " + timeoutMillis);
        }
        PlanExplainer.check(sql, true);
        if (!c.getAutoCommit()) {
            throw new DagStateException(
                    RvCode.INVALID_ARGUMENT,
                    "HintArm.execute opens its own transaction: pass a connection in auto-commit mode",
                    null);
        }
        long start = System.nanoTime();
        c.setAutoCommit(false);
        try {
            try (Statement st = c.createStatement()) {
                st.execute(preamble(timeoutMillis));
            }
            List<List<@Nullable Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, binds);
                try (ResultSet rs = ps.executeQuery()) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<@Nullable Object> row = new ArrayList<>(n);
                        for (int i = 1; i <= n; i++) {
                            row.add(rs.getObject(i));
                        }
                        rows.add(java.util.Collections.unmodifiableList(row));
                    }
                }
            } catch (SQLException e) {
                if (TIMEOUT_STATE.equals(e.getSQLState())) {
                    c.rollback();
                    return new HintedExecution(this, List.of(), (System.nanoTime() - start) / 1e6, true);
                }
                throw e;
            }
            c.commit();
            return new HintedExecution(this, rows, (System.nanoTime() - start) / 1e6, false);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    static void bind(PreparedStatement ps, List<?> binds) throws SQLException {
        for (int i = 0; i < binds.size(); i++) {
            Object v = binds.get(i);
            if (v == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    /**
     * The outcome of {@link HintArm#execute}.
     *
     * @param arm the arm it ran under
     * @param rows every row, each an unmodifiable list of the column values ({@link
     *     ResultSet#getObject(int)}); empty after a timeout
     * @param latencyMillis wall-clock time from begin to commit (or to the timeout's rollback)
     * @param timedOut whether the statement timeout cancelled it
     */
    public record HintedExecution(
            HintArm arm, List<List<@Nullable Object>> rows, double latencyMillis, boolean timedOut) {
        /** Copies the rows. */
        public HintedExecution {
            Objects.requireNonNull(arm, "arm");
            rows = java.util.Collections.unmodifiableList(new ArrayList<>(rows));
        }
    }
}
