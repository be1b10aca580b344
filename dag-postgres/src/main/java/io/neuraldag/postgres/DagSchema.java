package io.neuraldag.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The tables of neural-dag in one PostgreSQL schema, {@value #DEFAULT_NAME} by default (spec 03
 * §1.3). {@link #install} creates them idempotently.
 *
 * <table>
 *   <caption>Tables (every one has a {@code scope} column: a table name or {@code "global"})</caption>
 *   <tr><th>Table</th><th>Holds</th></tr>
 *   <tr><td>{@code dag_patterns}</td><td>the learned patterns of each scope: centroid, quality,
 *       confidence, samples, usage, best mechanism, the pattern's binary record</td></tr>
 *   <tr><td>{@code dag_engine_state}</td><td>the SONA engine's state file per scope (bank, adapter,
 *       EWC++), from which an engine reloads on start</td></tr>
 *   <tr><td>{@code dag_trajectories}</td><td>one row per captured execution</td></tr>
 *   <tr><td>{@code dag_clusters}, {@code dag_anomalies}, {@code dag_repairs},
 *       {@code dag_qudag_proposals}</td><td>the tables of the SQL API (09)</td></tr>
 *   <tr><td>{@code dag_config}</td><td>persisted settings per scope (jsonb)</td></tr>
 *   <tr><td>{@code dag_keystore}</td><td>encrypted key blobs by UUID handle</td></tr>
 *   <tr><td>{@code dag_requests}, {@code dag_responses}</td><td>the request queue of the SQL
 *       exposure</td></tr>
 *   <tr><td>{@code dag_schema_info}</td><td>key/value: {@code schema_version}, {@code
 *       vector_type}</td></tr>
 * </table>
 *
 * <p>Embeddings are {@code vector(256)} when the {@code vector} extension (pgvector) is installed or
 * can be installed ({@code CREATE EXTENSION IF NOT EXISTS vector}; a failure, e.g. for lack of
 * privilege, is rolled back to a savepoint and the tables use {@code real[]}). The type is fixed when
 * the tables are first created; a later install reads it back and never migrates. Every statement is
 * prepared; identifiers are validated and quoted.
 *
 * <p>Immutable and thread-safe. Concurrent installs of the same schema are serialised with a
 * transaction-level advisory lock.
 */
public final class DagSchema {

    /** The default schema name: {@code ruvector}. */
    public static final String DEFAULT_NAME = "ruvector";

    /** The version of the table layout this code writes and reads: 1. */
    public static final int CURRENT_VERSION = 1;

    /** The embedding dimension of every vector column: 256. */
    public static final int DIMENSION = 256;

    /** The tables {@link #install} creates, in creation order. */
    public static final List<String> TABLES = List.of(
            "dag_schema_info",
            "dag_patterns",
            "dag_engine_state",
            "dag_trajectories",
            "dag_clusters",
            "dag_anomalies",
            "dag_repairs",
            "dag_qudag_proposals",
            "dag_config",
            "dag_keystore",
            "dag_requests",
            "dag_responses");

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final DagSchema DEFAULT = new DagSchema(DEFAULT_NAME, true);

    private final String name;
    private final String quoted;
    private final boolean usePgvector;

    private DagSchema(String name, boolean usePgvector) {
        this.name = name;
        this.quoted = Jdbc.quoteIdent(name);
        this.usePgvector = usePgvector;
    }

    /**
     * The schema {@value #DEFAULT_NAME}.
     *
     * @return the default schema
     */
    public static DagSchema defaultSchema() {
        return DEFAULT;
    }

    /**
     * A schema with another name (tests give each class its own).
     *
     * @param name 1 to 63 characters of {@code [a-z0-9_]}, not starting with a digit
     * @return the schema
     * @throws NullPointerException if {@code name} is null
     * @throws DagArgumentException RV011 if the name is not of that form
     */
    public static DagSchema named(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw DagArgumentException.invalid(
                    "schema name must match [a-z_][a-z0-9_]{0,62}: '" + Texts.clip(name) + "'");
        }
        return name.equals(DEFAULT_NAME) ? DEFAULT : new DagSchema(name, true);
    }

    /**
     * This schema, creating {@code real[]} columns even where pgvector is available (for servers
     * where the extension must not be used, and to test the plain layout). Tables that already exist
     * keep their type.
     *
     * @return the schema with the plain layout
     */
    public DagSchema withoutPgvector() {
        return usePgvector ? new DagSchema(name, false) : this;
    }

    /**
     * Whether a first install uses pgvector when it is available.
     *
     * @return false after {@link #withoutPgvector()}
     */
    public boolean usesPgvector() {
        return usePgvector;
    }

    /**
     * The schema name, unquoted.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * A table of this schema as a quoted, qualified identifier, for SQL text.
     *
     * @param table one of {@link #TABLES}
     * @return e.g. {@code "ruvector"."dag_patterns"}
     * @throws IllegalArgumentException if {@code table} is not one of {@link #TABLES}
     */
    public String table(String table) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a table of the schema: " + Texts.clip(table));
        }
        return quoted + "." + Jdbc.quoteIdent(table);
    }

    /**
     * Creates the schema, the extension where possible, every table and index, in one transaction;
     * does nothing that already exists.
     *
     * @param dataSource where to install
     * @return what is installed
     * @throws DagStateException RV004 with the {@link SQLException} as cause if the server rejects a
     *     statement (the transaction is rolled back: nothing is left half-made); RV011 if the schema was
     *     made by a newer layout version
     */
    public Installed install(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            return Jdbc.inTransaction(dataSource, this::installIn);
        } catch (SQLException e) {
            throw Jdbc.failure("installing schema " + name, e);
        }
    }

    /**
     * Like {@link #install(DataSource)}, on a given connection: in its transaction when auto-commit
     * is off (the caller commits), else in a transaction of its own.
     *
     * @param connection the connection
     * @return what is installed
     * @throws DagStateException as {@link #install(DataSource)}
     */
    public Installed install(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        try {
            if (!connection.getAutoCommit()) {
                return installIn(connection);
            }
            return Jdbc.inTransaction(connection, this::installIn);
        } catch (SQLException e) {
            throw Jdbc.failure("installing schema " + name, e);
        }
    }

    /**
     * What an existing installation holds, without changing anything.
     *
     * @param dataSource the database
     * @return the installation, or empty when the schema has no {@code dag_schema_info} table
     * @throws DagStateException RV004 on a server error
     */
    public java.util.Optional<Installed> inspect(DataSource dataSource) {
        try {
            return Jdbc.withConnection(dataSource, c -> {
                if (!exists(c, "dag_schema_info")) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(read(c, false));
            });
        } catch (SQLException e) {
            throw Jdbc.failure("inspecting schema " + name, e);
        }
    }

    /**
     * Drops the schema and everything in it ({@code DROP SCHEMA … CASCADE}). For tests and
     * uninstalling; the extension is left alone.
     *
     * @param dataSource the database
     * @throws DagStateException RV004 on a server error
     */
    public void drop(DataSource dataSource) {
        try {
            Jdbc.inTransaction(dataSource, c -> {
                exec(c, "DROP SCHEMA IF EXISTS " + quoted + " CASCADE");
                return Boolean.TRUE;
            });
        } catch (SQLException e) {
            throw Jdbc.failure("dropping schema " + name, e);
        }
    }

    private Installed installIn(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, lockKey());
            lock.execute();
        }
        boolean created = !exists(c, "dag_schema_info");
        String vectorSchema = vectorExtensionSchema(c);
        if (vectorSchema == null && created && usePgvector) {
            vectorSchema = tryCreateVectorExtension(c);
        }
        VectorType type;
        if (created) {
            type = vectorSchema != null && usePgvector ? VectorType.PGVECTOR : VectorType.REAL_ARRAY;
        } else {
            type = existingType(c);
        }
        String ext = null;
        if (type == VectorType.PGVECTOR) {
            if (vectorSchema == null) {
                throw new DagStateException(
                        RvCode.INVALID_ARGUMENT,
                        "schema " + name + " stores vector(256) but the vector extension is not installed",
                        null);
            }
            ext = Jdbc.quoteIdent(vectorSchema);
        }
        String vec = ext != null ? ext + ".vector(" + DIMENSION + ")" : "real[]";
        exec(c, "CREATE SCHEMA IF NOT EXISTS " + quoted);
        for (String ddl : ddl(vec)) {
            exec(c, ddl);
        }
        if (ext != null) {
            exec(
                    c,
                    "CREATE INDEX IF NOT EXISTS dag_patterns_centroid_hnsw ON " + table("dag_patterns")
                            + " USING hnsw (centroid " + ext + ".vector_cosine_ops)");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("dag_schema_info")
                + " (key, value) VALUES (?, ?), (?, ?) ON CONFLICT (key) DO NOTHING")) {
            ps.setString(1, "schema_version");
            ps.setString(2, Integer.toString(CURRENT_VERSION));
            ps.setString(3, "vector_type");
            ps.setString(4, type.name().toLowerCase(Locale.ROOT));
            ps.executeUpdate();
        }
        Installed read = read(c, created);
        if (read.version() > CURRENT_VERSION) {
            throw new DagStateException(
                    RvCode.INVALID_ARGUMENT,
                    "schema " + name + " has layout version " + read.version() + "; this code reads up to "
                            + CURRENT_VERSION,
                    null);
        }
        return read;
    }

    private Installed read(Connection c, boolean created) throws SQLException {
        int version = 0;
        VectorType type = VectorType.REAL_ARRAY;
        try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM " + table("dag_schema_info"));
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String k = rs.getString(1);
                String v = rs.getString(2);
                if ("schema_version".equals(k)) {
                    version = Integer.parseInt(v);
                } else if ("vector_type".equals(k)) {
                    type = VectorType.valueOf(v.toUpperCase(Locale.ROOT));
                }
            }
        }
        String sqlType = "real[]";
        if (type == VectorType.PGVECTOR) {
            String ext = vectorExtensionSchema(c);
            if (ext == null) {
                throw new DagStateException(
                        RvCode.INVALID_ARGUMENT,
                        "schema " + name + " stores vector(256) but the vector extension is not installed",
                        null);
            }
            sqlType = Jdbc.quoteIdent(ext) + ".vector";
        }
        return new Installed(this, version, type, sqlType, created);
    }

    private boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, quoted + "." + Jdbc.quoteIdent(table));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private VectorType existingType(Connection c) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                        + " WHERE a.attrelid = to_regclass(?) AND a.attname = 'centroid' AND NOT a.attisdropped")) {
            ps.setString(1, table("dag_patterns"));
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && "vector".equals(rs.getString(1))) {
                    return VectorType.PGVECTOR;
                }
                return VectorType.REAL_ARRAY;
            }
        }
    }

    private static @org.jspecify.annotations.Nullable String vectorExtensionSchema(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname FROM pg_extension e"
                        + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'vector'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static @org.jspecify.annotations.Nullable String tryCreateVectorExtension(Connection c)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
        }
        Savepoint sp = c.setSavepoint();
        try {
            exec(c, "CREATE EXTENSION IF NOT EXISTS vector");
            c.releaseSavepoint(sp);
        } catch (SQLException e) {
            c.rollback(sp);
            return null;
        }
        return vectorExtensionSchema(c);
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private long lockKey() {
        long h = 0x6e657572616c6461L; // "neuralda"
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return h;
    }

    private List<String> ddl(String vec) {
        return List.of(
                "CREATE TABLE IF NOT EXISTS " + table("dag_schema_info")
                        + " (key text PRIMARY KEY, value text NOT NULL)",
                "CREATE TABLE IF NOT EXISTS " + table("dag_patterns") + " ("
                        + "scope text NOT NULL, pattern_id bigint NOT NULL, centroid " + vec + " NOT NULL,"
                        + " quality double precision NOT NULL, confidence double precision NOT NULL,"
                        + " sample_count integer NOT NULL, usage_count bigint NOT NULL DEFAULT 0,"
                        + " best_mechanism text NOT NULL, metadata jsonb NOT NULL DEFAULT '{}'::jsonb,"
                        + " record bytea NOT NULL, created_at timestamptz NOT NULL,"
                        + " last_used_at timestamptz NOT NULL, PRIMARY KEY (scope, pattern_id))",
                "CREATE TABLE IF NOT EXISTS " + table("dag_engine_state") + " ("
                        + "scope text PRIMARY KEY, format_version integer NOT NULL, state bytea NOT NULL,"
                        + " pattern_count integer NOT NULL, cycles bigint NOT NULL DEFAULT 0,"
                        + " saved_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE IF NOT EXISTS " + table("dag_trajectories") + " ("
                        + "trajectory_id bigserial PRIMARY KEY, scope text NOT NULL,"
                        + " engine_trajectory_id bigint, query_hash bigint NOT NULL, sql_hash text NOT NULL,"
                        + " pg_query_id bigint, query_text text,"
                        + " recorded_at timestamptz NOT NULL DEFAULT now(),"
                        + " execution_time_ms double precision NOT NULL, baseline_ms double precision NOT NULL,"
                        + " improvement_ratio double precision NOT NULL, quality double precision NOT NULL,"
                        + " attention_mechanism text NOT NULL, rows_out bigint, memory_bytes bigint,"
                        + " cache_hit_ratio double precision, capture_mode text NOT NULL,"
                        + " embedding " + vec + ", dag_structure jsonb)",
                "CREATE INDEX IF NOT EXISTS dag_trajectories_scope_time ON " + table("dag_trajectories")
                        + " (scope, recorded_at)",
                "CREATE TABLE IF NOT EXISTS " + table("dag_clusters") + " ("
                        + "scope text NOT NULL, cluster_id bigint NOT NULL, centroid " + vec + " NOT NULL,"
                        + " member_count integer NOT NULL, avg_quality double precision NOT NULL,"
                        + " representative_query text, updated_at timestamptz NOT NULL DEFAULT now(),"
                        + " PRIMARY KEY (scope, cluster_id))",
                "CREATE TABLE IF NOT EXISTS " + table("dag_anomalies") + " ("
                        + "anomaly_id bigserial PRIMARY KEY, scope text NOT NULL,"
                        + " detected_at timestamptz NOT NULL DEFAULT now(), anomaly_type text NOT NULL,"
                        + " severity text NOT NULL, affected_component text NOT NULL, z_score double precision,"
                        + " resolved boolean NOT NULL DEFAULT false, details jsonb NOT NULL DEFAULT '{}'::jsonb)",
                "CREATE TABLE IF NOT EXISTS " + table("dag_repairs") + " ("
                        + "repair_id bigserial PRIMARY KEY, scope text NOT NULL,"
                        + " started_at timestamptz NOT NULL DEFAULT now(), repair_type text NOT NULL,"
                        + " target text NOT NULL, status text NOT NULL, duration_ms double precision,"
                        + " details jsonb NOT NULL DEFAULT '{}'::jsonb)",
                "CREATE TABLE IF NOT EXISTS " + table("dag_qudag_proposals") + " ("
                        + "proposal_id text NOT NULL, scope text NOT NULL,"
                        + " submitted_at timestamptz NOT NULL DEFAULT now(), status text NOT NULL,"
                        + " votes_for double precision NOT NULL DEFAULT 0,"
                        + " votes_against double precision NOT NULL DEFAULT 0,"
                        + " finalized boolean NOT NULL DEFAULT false, finalized_at timestamptz,"
                        + " stake_amount double precision NOT NULL DEFAULT 0, pattern_vector " + vec + ","
                        + " metadata jsonb NOT NULL DEFAULT '{}'::jsonb, PRIMARY KEY (scope, proposal_id))",
                "CREATE TABLE IF NOT EXISTS " + table("dag_config") + " ("
                        + "scope text PRIMARY KEY, settings jsonb NOT NULL,"
                        + " updated_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE IF NOT EXISTS " + table("dag_keystore") + " ("
                        + "key_id uuid PRIMARY KEY, scope text NOT NULL, kind text NOT NULL, blob bytea NOT NULL,"
                        + " created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE IF NOT EXISTS " + table("dag_requests") + " ("
                        + "request_id bigserial PRIMARY KEY, scope text NOT NULL DEFAULT 'global',"
                        + " fn text NOT NULL, args jsonb NOT NULL DEFAULT '{}'::jsonb,"
                        + " requested_at timestamptz NOT NULL DEFAULT now(),"
                        + " status text NOT NULL DEFAULT 'pending'"
                        + " CHECK (status IN ('pending', 'running', 'done', 'failed')),"
                        + " claimed_at timestamptz)",
                "CREATE INDEX IF NOT EXISTS dag_requests_pending ON " + table("dag_requests")
                        + " (request_id) WHERE status = 'pending'",
                "CREATE TABLE IF NOT EXISTS " + table("dag_responses") + " ("
                        + "request_id bigint PRIMARY KEY REFERENCES " + table("dag_requests")
                        + " (request_id) ON DELETE CASCADE, result jsonb, error_sqlstate text,"
                        + " error_message text, completed_at timestamptz NOT NULL DEFAULT now())");
    }

    @Override
    public boolean equals(@org.jspecify.annotations.Nullable Object o) {
        return o instanceof DagSchema d && d.name.equals(name) && d.usePgvector == usePgvector;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + (usePgvector ? 1 : 0);
    }

    @Override
    public String toString() {
        return "DagSchema[" + name + (usePgvector ? "" : ", real[]") + "]";
    }

    /**
     * What {@link #install} found or made.
     *
     * @param schema the schema
     * @param version the layout version recorded in {@code dag_schema_info}
     * @param vectorType how embeddings are stored
     * @param vectorSqlType the SQL type to cast a bound embedding text to: the extension-qualified
     *     {@code "public".vector} or {@code real[]}
     * @param created whether this call created the tables
     */
    public record Installed(
            DagSchema schema, int version, VectorType vectorType, String vectorSqlType, boolean created) {

        /**
         * Checks the fields.
         *
         * @throws NullPointerException if a reference is null
         */
        public Installed {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(vectorType, "vectorType");
            Objects.requireNonNull(vectorSqlType, "vectorSqlType");
        }
    }
}
