package io.neuraldag.postgres;

import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.Pattern;
import io.neuraldag.sona.SonaStateException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Persists the learned state of an engine scope in {@code dag_engine_state} and its patterns in
 * {@code dag_patterns}, and reloads it (spec 03 §1.3: the ReasoningBank persists in PostgreSQL and
 * reloads on start).
 *
 * <p><b>Consistency.</b> {@link #persist} takes one {@linkplain DagSonaEngine#saveState() state
 * file} and writes it together with the patterns decoded from that same file, in one transaction:
 * the pattern rows of a scope always equal the bank of its stored state, and a reader sees either
 * the previous set or the new one, never a mix. Rows of patterns the bank no longer holds are
 * deleted; a row's {@code metadata} is never overwritten by a persist.
 *
 * <p>Thread-safe: the store holds no mutable state; concurrent persists of one scope are ordered by
 * the row lock on its {@code dag_engine_state} row (the last commit wins).
 */
public final class PatternStore {
    private final DataSource dataSource;
    private final DagSchema.Installed installed;
    private final VectorCodec vectors;
    private final String upsertState;
    private final String deleteStale;
    private final String upsertPattern;
    private final String selectState;
    private final String selectPatterns;
    private final String countPatterns;
    private final String deleteState;
    private final String deletePatterns;

    private PatternStore(DataSource dataSource, DagSchema.Installed installed) {
        this.dataSource = dataSource;
        this.installed = installed;
        this.vectors = new VectorCodec(installed);
        DagSchema s = installed.schema();
        String state = s.table("dag_engine_state");
        String patterns = s.table("dag_patterns");
        this.upsertState = "INSERT INTO " + state
                + " AS t (scope, format_version, state, pattern_count, cycles, saved_at) VALUES (?, ?, ?, ?, 1, now())"
                + " ON CONFLICT (scope) DO UPDATE SET format_version = EXCLUDED.format_version,"
                + " state = EXCLUDED.state, pattern_count = EXCLUDED.pattern_count, cycles = t.cycles + 1,"
                + " saved_at = now()";
        this.deleteStale = "DELETE FROM " + patterns + " WHERE scope = ? AND pattern_id <> ALL (?)";
        this.upsertPattern = "INSERT INTO " + patterns
                + " (scope, pattern_id, centroid, quality, confidence, sample_count, usage_count, best_mechanism,"
                + " record, created_at, last_used_at) VALUES (?, ?, " + vectors.bindMarker()
                + ", ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scope, pattern_id) DO UPDATE SET"
                + " centroid = EXCLUDED.centroid, quality = EXCLUDED.quality, confidence = EXCLUDED.confidence,"
                + " sample_count = EXCLUDED.sample_count, usage_count = EXCLUDED.usage_count,"
                + " best_mechanism = EXCLUDED.best_mechanism, record = EXCLUDED.record,"
                + " created_at = EXCLUDED.created_at, last_used_at = EXCLUDED.last_used_at";
        this.selectState = "SELECT state FROM " + state + " WHERE scope = ?";
        this.selectPatterns = "SELECT record FROM " + patterns + " WHERE scope = ? ORDER BY pattern_id";
        this.countPatterns = "SELECT count(*) FROM " + patterns + " WHERE scope = ?";
        this.deleteState = "DELETE FROM " + state + " WHERE scope = ?";
        this.deletePatterns = "DELETE FROM " + patterns + " WHERE scope = ?";
    }

    /**
     * A store on an installed schema.
     *
     * @param dataSource the database
     * @param installed what {@link DagSchema#install} returned
     * @return the store
     */
    public static PatternStore create(DataSource dataSource, DagSchema.Installed installed) {
        return new PatternStore(
                Objects.requireNonNull(dataSource, "dataSource"), Objects.requireNonNull(installed, "installed"));
    }

    /**
     * The schema this store writes.
     *
     * @return the installation
     */
    public DagSchema.Installed installed() {
        return installed;
    }

    /**
     * Writes the engine's state and patterns for a scope in a transaction of its own.
     *
     * @param scope the scope key
     * @param engine the engine
     * @return what was written
     * @throws DagStateException RV004 if the write fails (nothing of it is visible)
     */
    public Persisted persist(String scope, DagSonaEngine engine) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(engine, "engine");
        try {
            return Jdbc.inTransaction(dataSource, c -> persistIn(c, scope, engine));
        } catch (SQLException e) {
            throw Jdbc.failure("persisting the patterns of scope '" + Texts.clip(scope) + "'", e);
        }
    }

    /**
     * Writes the engine's state and patterns for a scope on a connection whose transaction the
     * caller owns (auto-commit off) and commits.
     *
     * @param connection a connection with auto-commit off
     * @param scope the scope key
     * @param engine the engine
     * @return what was written
     * @throws SQLException if a statement fails; the caller rolls back
     * @throws IllegalStateException if the connection is in auto-commit mode
     */
    public Persisted persistIn(Connection connection, String scope, DagSonaEngine engine) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("persistIn needs a connection with auto-commit off");
        }
        byte[] state = engine.saveState();
        List<Pattern> patterns = decode(engine, state);
        try (PreparedStatement ps = connection.prepareStatement(upsertState)) {
            ps.setString(1, scope);
            ps.setInt(2, DagSonaEngine.STATE_VERSION);
            ps.setBytes(3, state);
            ps.setInt(4, patterns.size());
            ps.executeUpdate();
        }
        Long[] ids = new Long[patterns.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = patterns.get(i).id();
        }
        int deleted;
        Array idArray = connection.createArrayOf("bigint", ids);
        try (PreparedStatement ps = connection.prepareStatement(deleteStale)) {
            ps.setString(1, scope);
            ps.setArray(2, idArray);
            deleted = ps.executeUpdate();
        } finally {
            idArray.free();
        }
        if (!patterns.isEmpty()) {
            try (PreparedStatement ps = connection.prepareStatement(upsertPattern)) {
                for (Pattern p : patterns) {
                    ps.setString(1, scope);
                    ps.setLong(2, p.id());
                    ps.setString(3, vectors.literal(p.centroid()));
                    ps.setDouble(4, p.quality());
                    ps.setDouble(5, p.confidence());
                    ps.setInt(6, p.sampleCount());
                    ps.setLong(7, p.usageCount());
                    ps.setString(8, p.bestMechanism().wireName());
                    ps.setBytes(9, p.toBytes());
                    ps.setTimestamp(10, Timestamp.from(p.createdAt()));
                    ps.setTimestamp(11, Timestamp.from(p.lastUsedAt()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        return new Persisted(scope, patterns.size(), deleted, state.length);
    }

    /**
     * Loads the stored state of a scope into an engine, replacing its learned state.
     *
     * @param scope the scope key
     * @param engine the engine (its configuration must match the stored state's dimension and rank)
     * @return whether a stored state was found and loaded
     * @throws DagStateException RV004 if reading fails or the stored state does not fit the engine
     *     (the engine is then unchanged)
     */
    public boolean load(String scope, DagSonaEngine engine) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(engine, "engine");
        Optional<byte[]> state;
        try {
            state = Jdbc.withConnection(dataSource, c -> state(c, scope));
        } catch (SQLException e) {
            throw Jdbc.failure("loading the state of scope '" + Texts.clip(scope) + "'", e);
        }
        if (state.isEmpty()) {
            return false;
        }
        try {
            engine.loadState(state.get());
        } catch (SonaStateException e) {
            throw new DagStateException(
                    RvCode.LEARNING_FAILED,
                    "the stored state of scope '" + Texts.clip(scope) + "' does not fit the engine: " + e.getMessage(),
                    e);
        }
        return true;
    }

    /**
     * The patterns stored for a scope, by id.
     *
     * @param scope the scope key
     * @return the patterns
     * @throws DagStateException RV004 if reading fails
     */
    public List<Pattern> patterns(String scope) {
        Objects.requireNonNull(scope, "scope");
        try {
            return Jdbc.withConnection(dataSource, c -> {
                List<Pattern> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(selectPatterns)) {
                    ps.setString(1, scope);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.add(Pattern.fromBytes(rs.getBytes(1)));
                        }
                    }
                }
                return List.copyOf(out);
            });
        } catch (SQLException e) {
            throw Jdbc.failure("reading the patterns of scope '" + Texts.clip(scope) + "'", e);
        }
    }

    /**
     * The number of patterns stored for a scope.
     *
     * @param scope the scope key
     * @return the count
     * @throws DagStateException RV004 if reading fails
     */
    public int count(String scope) {
        Objects.requireNonNull(scope, "scope");
        try {
            return Jdbc.withConnection(dataSource, c -> {
                try (PreparedStatement ps = c.prepareStatement(countPatterns)) {
                    ps.setString(1, scope);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        } catch (SQLException e) {
            throw Jdbc.failure("counting the patterns of scope '" + Texts.clip(scope) + "'", e);
        }
    }

    /**
     * Deletes the stored state and patterns of a scope, in one transaction.
     *
     * @param scope the scope key
     * @return the number of pattern rows deleted
     * @throws DagStateException RV004 if the delete fails
     */
    public int delete(String scope) {
        Objects.requireNonNull(scope, "scope");
        try {
            return Jdbc.inTransaction(dataSource, c -> {
                try (PreparedStatement st = c.prepareStatement(deleteState);
                        PreparedStatement pt = c.prepareStatement(deletePatterns)) {
                    st.setString(1, scope);
                    st.executeUpdate();
                    pt.setString(1, scope);
                    return pt.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw Jdbc.failure("deleting the patterns of scope '" + Texts.clip(scope) + "'", e);
        }
    }

    private Optional<byte[]> state(Connection c, String scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(selectState)) {
            ps.setString(1, scope);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** The bank inside a state file, read through a scratch engine of the same configuration. */
    private static List<Pattern> decode(DagSonaEngine engine, byte[] state) {
        try (DagSonaEngine scratch = DagSonaEngine.create(engine.config())) {
            scratch.loadState(state);
            return scratch.reasoningBank().patterns();
        }
    }

    /**
     * What one {@link #persist} wrote.
     *
     * @param scope the scope key
     * @param patterns pattern rows written (the bank's size)
     * @param deleted rows of patterns no longer in the bank that were deleted
     * @param stateBytes size of the stored state file
     */
    public record Persisted(String scope, int patterns, int deleted, int stateBytes) {

        /**
         * Checks the scope.
         *
         * @throws NullPointerException if {@code scope} is null
         */
        public Persisted {
            Objects.requireNonNull(scope, "scope");
        }
    }
}
