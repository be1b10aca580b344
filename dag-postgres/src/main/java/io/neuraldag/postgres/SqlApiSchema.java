package io.neuraldag.postgres;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The SQL side of the API (spec 03 §1.3 "SQL exposure"), installed into an installed {@link
 * DagSchema} by {@link #install(DataSource)}, idempotently ({@code CREATE OR REPLACE}, one
 * transaction, serialised by an advisory lock).
 *
 * <p><b>Data entries</b> read the stored rows directly: the functions {@code dag_config(scope)},
 * {@code dag_status(scope)}, {@code dag_pattern_clusters(scope)}, {@code
 * dag_trajectory_history(time_range, min_improvement, limit_count, scope)}, {@code
 * dag_trajectory_trends(window_size, scope)}, {@code dag_anomalies(time_range, scope)}, {@code
 * dag_qudag_proposals(scope)} ({@code scope} defaults to {@code 'global'}), and the views {@code
 * dag_pattern_summary}, {@code dag_recent_trajectories}, {@code dag_mechanism_performance} and
 * {@code dag_learning_progress}.
 *
 * <p><b>Compute entries</b> go through a queue, because a JDBC application cannot implement a
 * synchronous SQL function: {@code dag_request(fn text, args jsonb) → bigint} checks {@code fn}
 * against {@link #REQUEST_FUNCTIONS} (else SQLSTATE RV011), inserts into {@code dag_requests} and
 * NOTIFYs {@link #channel()}; a {@link SqlRequestListener} serves it and writes {@code
 * dag_responses}; {@code dag_response(id bigint, timeout_ms int = 5000) → jsonb} polls (10 ms
 * {@code pg_sleep} steps) and returns the result, or raises the error's SQLSTATE ({@code RV001} …
 * {@code RV012}) with its message; after the timeout it raises {@code 57014}. The request must be
 * committed before the listener can see it: call {@code dag_request} and {@code dag_response} in
 * separate transactions (auto-commit), and {@code dag_response} in READ COMMITTED.
 *
 * <p>Every function runs with {@code search_path = pg_catalog, pg_temp} and names its tables fully
 * qualified; arguments are only ever used as values.
 *
 * <p>Immutable and thread-safe.
 */
public final class SqlApiSchema {

    /**
     * The {@code fn} names {@code dag_request} accepts: the 29 M4 functions, learn_from_execution, and
     * the QuDAG, Tokens and Crypto groups (see {@link NeuralDag.QuDag}, {@link NeuralDag.Tokens} and
     * {@link NeuralDag.Crypto}).
     */
    public static final List<String> REQUEST_FUNCTIONS = List.of(
            "set_enabled",
            "set_learning_rate",
            "set_attention",
            "configure_sona",
            "set_qudag_endpoint",
            "config",
            "status",
            "health_check",
            "analyze_plan",
            "critical_path",
            "bottlenecks",
            "mincut_analysis",
            "attention_scores",
            "attention_matrix",
            "attention_visualize",
            "attention_configure",
            "attention_stats",
            "store_pattern",
            "query_patterns",
            "pattern_clusters",
            "consolidate_patterns",
            "record_trajectory",
            "trajectory_history",
            "trajectory_trends",
            "learn_from_execution",
            "learn_now",
            "reset_learning",
            "export_state",
            "import_state",
            "ewc_constraints",
            // QuDAG (5), Tokens (4), Crypto (5), plus qudag_destroy_key and qudag_signing_public_key
            "qudag_connect",
            "qudag_status",
            "qudag_propose_pattern",
            "qudag_proposal_status",
            "qudag_sync_patterns",
            "qudag_balance",
            "qudag_stake",
            "qudag_claim_rewards",
            "qudag_staking_info",
            "qudag_generate_kem_keypair",
            "qudag_encrypt",
            "qudag_decrypt",
            "qudag_sign",
            "qudag_verify",
            "qudag_destroy_key",
            "qudag_signing_public_key");

    /** The functions {@link #install} creates. */
    public static final List<String> FUNCTIONS = List.of(
            "dag_request",
            "dag_response",
            "dag_config",
            "dag_status",
            "dag_pattern_clusters",
            "dag_trajectory_history",
            "dag_trajectory_trends",
            "dag_anomalies",
            "dag_qudag_proposals");

    /** The views {@link #install} creates. */
    public static final List<String> VIEWS = List.of(
            "dag_pattern_summary", "dag_recent_trajectories", "dag_mechanism_performance", "dag_learning_progress");

    private final DagSchema.Installed installed;
    private final String s;
    private final String channel;

    private SqlApiSchema(DagSchema.Installed installed) {
        this.installed = installed;
        this.s = Jdbc.quoteIdent(installed.schema().name());
        String name = installed.schema().name();
        this.channel = name.length() <= 40 ? name + "_dag_requests" : name.substring(0, 40) + "_dag_requests";
    }

    /**
     * The SQL API of an installed schema.
     *
     * @param installed what {@link DagSchema#install} returned
     * @return the SQL API
     */
    public static SqlApiSchema of(DagSchema.Installed installed) {
        return new SqlApiSchema(Objects.requireNonNull(installed, "installed"));
    }

    /**
     * The installation this belongs to.
     *
     * @return the installation
     */
    public DagSchema.Installed installed() {
        return installed;
    }

    /**
     * The NOTIFY channel of {@code dag_request}: the schema name (clipped to 40 characters) plus
     * {@code _dag_requests}.
     *
     * @return the channel name
     */
    public String channel() {
        return channel;
    }

    static String fn(DagSchema.Installed installed, String name) {
        return Jdbc.quoteIdent(installed.schema().name()) + "." + Jdbc.quoteIdent(name);
    }

    /**
     * Creates or replaces every function and view.
     *
     * @param dataSource the database
     * @throws DagStateException RV004 if the server rejects a statement (nothing is left half-made)
     */
    public void install(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try {
            Jdbc.inTransaction(dataSource, c -> {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, lockKey());
                    lock.execute();
                }
                for (String ddl : ddl()) {
                    exec(c, ddl);
                }
                return Boolean.TRUE;
            });
        } catch (SQLException e) {
            throw Jdbc.failure(
                    "installing the SQL functions of schema "
                            + installed.schema().name(),
                    e);
        }
    }

    private long lockKey() {
        long h = 0x73716c617069L; // "sqlapi"
        for (byte b : installed.schema().name().getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ b) * 0x100000001b3L;
        }
        return h;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private String t(String table) {
        return installed.schema().table(table);
    }

    private static String rv(String code, String message) {
        return "RAISE EXCEPTION USING ERRCODE = '" + code + "', MESSAGE = " + message + ";";
    }

    private List<String> ddl() {
        String safe = " SET search_path = pg_catalog, pg_temp";
        StringBuilder names = new StringBuilder("ARRAY[");
        for (int i = 0; i < REQUEST_FUNCTIONS.size(); i++) {
            names.append(i == 0 ? "" : ", ")
                    .append('\'')
                    .append(REQUEST_FUNCTIONS.get(i))
                    .append('\'');
        }
        names.append("]::text[]");
        String traj = t("dag_trajectories");
        return List.of(
                "CREATE OR REPLACE FUNCTION " + s + ".dag_request(fn text, args jsonb DEFAULT '{}'::jsonb)"
                        + " RETURNS bigint LANGUAGE plpgsql VOLATILE" + safe + " AS $body$\n"
                        + "DECLARE rid bigint;\nBEGIN\n"
                        + "  IF fn IS NULL OR NOT (fn = ANY (" + names + ")) THEN\n"
                        + "    "
                        + rv("RV011", "format('unknown function: %s', coalesce(quote_literal(left(fn, 200)), 'NULL'))")
                        + "\n"
                        + "  END IF;\n"
                        + "  IF args IS NULL OR jsonb_typeof(args) <> 'object' THEN\n"
                        + "    " + rv("RV011", "'args must be a JSON object'") + "\n"
                        + "  END IF;\n"
                        + "  INSERT INTO " + t("dag_requests") + " (fn, args) VALUES (dag_request.fn, dag_request.args)"
                        + " RETURNING request_id INTO rid;\n"
                        + "  PERFORM pg_notify('" + channel + "', rid::text);\n"
                        + "  RETURN rid;\nEND\n$body$",
                "CREATE OR REPLACE FUNCTION " + s + ".dag_response(id bigint, timeout_ms integer DEFAULT 5000)"
                        + " RETURNS jsonb LANGUAGE plpgsql VOLATILE" + safe + " AS $body$\n"
                        + "DECLARE r record; deadline timestamptz;\nBEGIN\n"
                        + "  IF timeout_ms IS NULL OR timeout_ms < 0 OR timeout_ms > 600000 THEN\n"
                        + "    " + rv("RV011", "format('timeout_ms must be in [0, 600000]: %s', timeout_ms)") + "\n"
                        + "  END IF;\n"
                        + "  IF NOT EXISTS (SELECT 1 FROM " + t("dag_requests")
                        + " q WHERE q.request_id = dag_response.id) THEN\n"
                        + "    " + rv("RV011", "format('no such request: %s', dag_response.id)") + "\n"
                        + "  END IF;\n"
                        + "  deadline := clock_timestamp() + timeout_ms * interval '1 millisecond';\n"
                        + "  LOOP\n"
                        + "    SELECT p.result, p.error_sqlstate, p.error_message INTO r FROM " + t("dag_responses")
                        + " p WHERE p.request_id = dag_response.id;\n"
                        + "    IF FOUND THEN\n"
                        + "      IF r.error_sqlstate IS NOT NULL THEN\n"
                        + "        RAISE EXCEPTION USING ERRCODE = r.error_sqlstate, MESSAGE = r.error_message;\n"
                        + "      END IF;\n"
                        + "      RETURN r.result;\n"
                        + "    END IF;\n"
                        + "    EXIT WHEN clock_timestamp() >= deadline;\n"
                        + "    PERFORM pg_sleep(0.01);\n"
                        + "  END LOOP;\n"
                        + "  "
                        + rv("57014", "format('no response to request %s within %s ms', dag_response.id, timeout_ms)")
                        + "\n"
                        + "END\n$body$",
                "CREATE OR REPLACE FUNCTION " + s + ".dag_config(scope text DEFAULT 'global')"
                        + " RETURNS TABLE (enabled boolean, learning_rate double precision, attention_mechanism text,"
                        + " micro_lora_rank integer, base_lora_rank integer, ewc_lambda double precision,"
                        + " qudag_endpoint text) LANGUAGE sql STABLE" + safe + " AS $body$\n"
                        + "SELECT (c.settings->>'enabled')::boolean, (c.settings->>'learning_rate')::double precision,"
                        + " c.settings->>'attention_mechanism', (c.settings->>'micro_lora_rank')::integer,"
                        + " (c.settings->>'base_lora_rank')::integer, (c.settings->>'ewc_lambda')::double precision,"
                        + " c.settings->>'qudag_endpoint' FROM " + t("dag_config") + " c WHERE c.scope = $1\n$body$",
                "CREATE OR REPLACE FUNCTION " + s + ".dag_status(scope text DEFAULT 'global')"
                        + " RETURNS TABLE (active_patterns bigint, total_trajectories bigint,"
                        + " avg_improvement double precision, attention_hits bigint,"
                        + " learning_rate_effective double precision, qudag_connected boolean)"
                        + " LANGUAGE sql STABLE" + safe + " AS $body$\n"
                        + "SELECT (SELECT count(*) FROM " + t("dag_patterns") + " p WHERE p.scope = $1),"
                        + " (SELECT count(*) FROM " + traj + " x WHERE x.scope = $1),"
                        + " (SELECT coalesce(avg(x.improvement_ratio), 0) FROM " + traj + " x WHERE x.scope = $1),"
                        + " coalesce((SELECT (c.settings->>'attention_hits')::bigint FROM " + t("dag_config")
                        + " c WHERE c.scope = $1), 0),"
                        + " (SELECT (c.settings->>'learning_rate')::double precision FROM " + t("dag_config")
                        + " c WHERE c.scope = $1),"
                        + " coalesce((SELECT (c.settings->>'qudag_connected')::boolean FROM " + t("dag_config")
                        + " c WHERE c.scope = $1), false)\n$body$",
                "CREATE OR REPLACE FUNCTION " + s + ".dag_pattern_clusters(scope text DEFAULT 'global')"
                        + " RETURNS TABLE (cluster_id bigint, centroid real[], member_count integer,"
                        + " avg_quality double precision, representative_query text) LANGUAGE sql STABLE" + safe
                        + " AS $body$\n"
                        + "SELECT k.cluster_id, CAST(k.centroid AS real[]), k.member_count, k.avg_quality,"
                        + " k.representative_query FROM " + t("dag_clusters") + " k WHERE k.scope = $1"
                        + " ORDER BY k.cluster_id\n$body$",
                "CREATE OR REPLACE FUNCTION " + s + ".dag_trajectory_history(time_range interval DEFAULT NULL,"
                        + " min_improvement double precision DEFAULT 0, limit_count integer DEFAULT 100,"
                        + " scope text DEFAULT 'global')"
                        + " RETURNS TABLE (trajectory_id bigint, query_hash bigint, recorded_at timestamptz,"
                        + " execution_time_ms double precision, improvement_ratio double precision,"
                        + " attention_mechanism text) LANGUAGE plpgsql STABLE" + safe + " AS $body$\n"
                        + "BEGIN\n"
                        + "  IF limit_count IS NULL OR limit_count < 1 OR limit_count > 100000 THEN\n"
                        + "    " + rv("RV011", "format('limit_count must be in [1, 100000]: %s', limit_count)") + "\n"
                        + "  END IF;\n"
                        + "  IF time_range IS NOT NULL AND time_range <= interval '0' THEN\n"
                        + "    " + rv("RV011", "format('time_range must be positive: %s', time_range)") + "\n"
                        + "  END IF;\n"
                        + "  RETURN QUERY SELECT x.trajectory_id, x.query_hash, x.recorded_at, x.execution_time_ms,"
                        + " x.improvement_ratio, x.attention_mechanism FROM " + traj + " x"
                        + " WHERE x.scope = dag_trajectory_history.scope"
                        + " AND (dag_trajectory_history.time_range IS NULL"
                        + " OR x.recorded_at >= now() - dag_trajectory_history.time_range)"
                        + " AND x.improvement_ratio >= coalesce(dag_trajectory_history.min_improvement, 0)"
                        + " ORDER BY x.recorded_at DESC, x.trajectory_id DESC LIMIT dag_trajectory_history.limit_count;\n"
                        + "END\n$body$",
                "CREATE OR REPLACE FUNCTION " + s + ".dag_trajectory_trends(window_size interval DEFAULT '1 hour',"
                        + " scope text DEFAULT 'global')"
                        + " RETURNS TABLE (window_start timestamptz, trajectory_count bigint,"
                        + " avg_improvement double precision, best_mechanism text, pattern_discoveries bigint)"
                        + " LANGUAGE plpgsql STABLE" + safe + " AS $body$\n"
                        + "BEGIN\n"
                        + "  IF window_size IS NULL OR window_size < interval '1 second' OR window_size > interval '366 days'"
                        + " OR extract(month FROM window_size) <> 0 OR extract(year FROM window_size) <> 0 THEN\n"
                        + "    "
                        + rv(
                                "RV011",
                                "format('window_size must be in [1 second, 366 days] without months: %s', window_size)")
                        + "\n"
                        + "  END IF;\n"
                        + "  RETURN QUERY WITH b AS (SELECT date_bin(dag_trajectory_trends.window_size, x.recorded_at,"
                        + " timestamptz '2000-01-01 00:00:00+00') AS w, x.improvement_ratio AS imp,"
                        + " x.attention_mechanism AS mech FROM " + traj
                        + " x WHERE x.scope = dag_trajectory_trends.scope),"
                        + " agg AS (SELECT b.w, count(*) AS n, avg(b.imp) AS a FROM b GROUP BY b.w),"
                        + " best AS (SELECT DISTINCT ON (b.w) b.w, b.mech FROM b GROUP BY b.w, b.mech"
                        + " ORDER BY b.w, avg(b.imp) DESC, b.mech),"
                        + " disc AS (SELECT date_bin(dag_trajectory_trends.window_size, p.created_at,"
                        + " timestamptz '2000-01-01 00:00:00+00') AS w, count(*) AS n FROM " + t("dag_patterns")
                        + " p WHERE p.scope = dag_trajectory_trends.scope GROUP BY 1)"
                        + " SELECT agg.w, agg.n, agg.a, best.mech, coalesce(disc.n, 0)::bigint"
                        + " FROM agg JOIN best ON best.w = agg.w LEFT JOIN disc ON disc.w = agg.w ORDER BY agg.w DESC;\n"
                        + "END\n$body$",
                "CREATE OR REPLACE FUNCTION " + s + ".dag_anomalies(time_range interval DEFAULT '1 hour',"
                        + " scope text DEFAULT 'global')"
                        + " RETURNS TABLE (anomaly_id bigint, detected_at timestamptz, anomaly_type text, severity text,"
                        + " affected_component text, z_score double precision, resolved boolean)"
                        + " LANGUAGE sql STABLE" + safe + " AS $body$\n"
                        + "SELECT a.anomaly_id, a.detected_at, a.anomaly_type, a.severity, a.affected_component,"
                        + " a.z_score, a.resolved FROM " + t("dag_anomalies") + " a WHERE a.scope = $2"
                        + " AND a.detected_at >= now() - $1 ORDER BY a.detected_at DESC\n$body$",
                "CREATE OR REPLACE FUNCTION " + s + ".dag_qudag_proposals(scope text DEFAULT 'global')"
                        + " RETURNS TABLE (proposal_id text, submitted_at timestamptz, status text,"
                        + " votes_for double precision, votes_against double precision, finalized boolean,"
                        + " finalized_at timestamptz) LANGUAGE sql STABLE" + safe + " AS $body$\n"
                        + "SELECT q.proposal_id, q.submitted_at, q.status, q.votes_for, q.votes_against, q.finalized,"
                        + " q.finalized_at FROM " + t("dag_qudag_proposals") + " q WHERE q.scope = $1"
                        + " ORDER BY q.submitted_at DESC\n$body$",
                "CREATE OR REPLACE VIEW " + s + ".dag_pattern_summary AS SELECT p.scope, count(*) AS patterns,"
                        + " avg(p.quality) AS avg_quality, avg(p.confidence) AS avg_confidence,"
                        + " sum(p.sample_count) AS samples, sum(p.usage_count) AS usage, max(p.last_used_at) AS last_used"
                        + " FROM " + t("dag_patterns") + " p GROUP BY p.scope",
                "CREATE OR REPLACE VIEW " + s + ".dag_recent_trajectories AS SELECT x.scope, x.trajectory_id,"
                        + " x.query_hash, x.recorded_at, x.execution_time_ms, x.baseline_ms, x.improvement_ratio,"
                        + " x.quality, x.attention_mechanism, x.capture_mode, x.query_text FROM " + traj + " x"
                        + " WHERE x.recorded_at >= now() - interval '1 hour'",
                "CREATE OR REPLACE VIEW " + s + ".dag_mechanism_performance AS SELECT x.scope,"
                        + " x.attention_mechanism AS mechanism, count(*) AS trajectories,"
                        + " avg(x.execution_time_ms) AS avg_execution_ms, avg(x.improvement_ratio) AS avg_improvement,"
                        + " avg(x.quality) AS avg_quality FROM " + traj + " x GROUP BY x.scope, x.attention_mechanism",
                "CREATE OR REPLACE VIEW " + s + ".dag_learning_progress AS SELECT e.scope, e.cycles,"
                        + " e.pattern_count, e.saved_at AS last_persisted,"
                        + " (SELECT count(*) FROM " + traj + " x WHERE x.scope = e.scope) AS trajectories,"
                        + " (SELECT count(*) FROM " + t("dag_clusters") + " k WHERE k.scope = e.scope) AS clusters"
                        + " FROM " + t("dag_engine_state") + " e");
    }
}
