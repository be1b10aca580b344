package io.neuraldag.postgres;

import io.neuraldag.sona.SonaConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The engines of one application, keyed by scope (spec 03 §1.2): {@value #GLOBAL}, always present
 * (what the SQL API of 09 uses), and one per enabled table. A {@link ConcurrentHashMap} underneath.
 *
 * <p>When made with a {@link PatternStore}, a scope's engine reloads the state last persisted for
 * its key when the scope is created: restart the application and every committed pattern is back.
 *
 * <p>Thread-safe.
 */
public final class DagRegistry implements AutoCloseable {

    /** The key of the global scope: {@code "global"}. */
    public static final String GLOBAL = "global";

    private final ConcurrentHashMap<String, DagScope> scopes = new ConcurrentHashMap<>();
    private final DagConfig defaults;
    private final SonaConfig engineBase;
    private final @Nullable PatternStore store;
    private final DagScope global;

    private DagRegistry(DagConfig defaults, SonaConfig engineBase, @Nullable PatternStore store) {
        this.defaults = defaults;
        this.engineBase = engineBase;
        this.store = store;
        this.global = newScope(GLOBAL, defaults);
        scopes.put(GLOBAL, global);
    }

    /**
     * A registry with default settings, default engine settings and no store.
     *
     * @return the registry
     */
    public static DagRegistry create() {
        return builder().build();
    }

    /**
     * A builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The global scope.
     *
     * @return the scope
     */
    public DagScope global() {
        return global;
    }

    /**
     * The settings new scopes start with.
     *
     * @return the defaults
     */
    public DagConfig defaults() {
        return defaults;
    }

    /**
     * The store scopes reload from, if any.
     *
     * @return the store
     */
    public Optional<PatternStore> store() {
        return Optional.ofNullable(store);
    }

    /**
     * Enables a per-table scope, checking that the table exists with {@code to_regclass} (the name
     * is a bound parameter, resolved with the connection's {@code search_path}). Enabling an
     * enabled table returns its scope.
     *
     * @param dataSource where the table lives
     * @param table a table name as SQL would accept it: {@code items}, {@code public.items}, {@code
     *     "My Table"}
     * @return the scope, keyed {@code "schema.table"} (unquoted names)
     * @throws DagArgumentException RV011 if no table, view or materialized view has that name
     * @throws DagStateException RV004 if the lookup fails for another reason
     */
    public DagScope enable(DataSource dataSource, String table) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(table, "table");
        String key;
        try (Connection c = dataSource.getConnection()) {
            key = resolve(c, table);
        } catch (SQLException e) {
            if ("42602".equals(e.getSQLState()) || "3F000".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                throw new DagArgumentException(
                        RvCode.INVALID_ARGUMENT, "no such table: '" + Texts.clip(table) + "'", e);
            }
            throw Jdbc.failure("looking up table '" + Texts.clip(table) + "'", e);
        }
        return scopes.computeIfAbsent(key, k -> newScope(k, defaults));
    }

    /**
     * Removes a per-table scope and closes its engine; disabling {@value #GLOBAL} only turns it off
     * ({@link DagConfig#enabled()} false), since the global scope always exists.
     *
     * @param key the scope key
     * @return whether a scope was removed or turned off
     */
    public boolean disable(String key) {
        Objects.requireNonNull(key, "key");
        if (GLOBAL.equals(key)) {
            boolean was = global.config().enabled();
            global.reconfigure(global.config().toBuilder().enabled(false).build());
            return was;
        }
        DagScope removed = scopes.remove(key);
        if (removed == null) {
            return false;
        }
        removed.close();
        return true;
    }

    /**
     * The scope with a key.
     *
     * @param key the scope key
     * @return the scope, or empty
     */
    public Optional<DagScope> find(String key) {
        return Optional.ofNullable(scopes.get(Objects.requireNonNull(key, "key")));
    }

    /**
     * The scope with a key, which must be enabled.
     *
     * @param key the scope key
     * @return the scope
     * @throws DagArgumentException RV011 if there is no such scope
     * @throws DagStateException RV001 if it is disabled
     */
    public DagScope require(String key) {
        DagScope s = scopes.get(Objects.requireNonNull(key, "key"));
        if (s == null) {
            throw DagArgumentException.invalid("no such scope: '" + Texts.clip(key) + "'");
        }
        if (!s.enabled()) {
            throw new DagStateException(RvCode.DAG_DISABLED, "scope '" + Texts.clip(key) + "' is disabled", null);
        }
        return s;
    }

    /**
     * Every scope: the global one first, then the others by key.
     *
     * @return a new list
     */
    public List<DagScope> scopes() {
        List<DagScope> out = new ArrayList<>(scopes.values());
        out.remove(global);
        out.sort((a, b) -> a.key().compareTo(b.key()));
        out.add(0, global);
        return List.copyOf(out);
    }

    /** Closes every engine. Idempotent. */
    @Override
    public void close() {
        for (DagScope s : scopes.values()) {
            s.close();
        }
    }

    private DagScope newScope(String key, DagConfig config) {
        DagScope s = new DagScope(key, config, engineBase);
        if (store != null) {
            store.load(key, s.engine());
        }
        return s;
    }

    static String resolve(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, c.relname FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.oid = to_regclass(?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DagArgumentException(
                            RvCode.INVALID_ARGUMENT, "no such table: '" + Texts.clip(table) + "'", null);
                }
                return rs.getString(1) + "." + rs.getString(2);
            }
        }
    }

    /** Builder of a {@link DagRegistry}; not thread-safe. */
    public static final class Builder {
        private DagConfig defaults = DagConfig.defaults();
        private SonaConfig engineBase = SonaConfig.defaults();
        private @Nullable PatternStore store;

        private Builder() {}

        /**
         * The settings of the global scope and of new table scopes. Default {@link
         * DagConfig#defaults()}.
         *
         * @param value the settings
         * @return this builder
         */
        public Builder defaults(DagConfig value) {
            this.defaults = Objects.requireNonNull(value, "defaults");
            return this;
        }

        /**
         * The engine settings that {@link DagConfig#toSonaConfig(SonaConfig)} starts from. Default
         * {@link SonaConfig#defaults()}.
         *
         * @param value the engine settings; dimension 256
         * @return this builder
         */
        public Builder engineBase(SonaConfig value) {
            this.engineBase = Objects.requireNonNull(value, "engineBase");
            return this;
        }

        /**
         * The store new scopes reload their state from. Default none.
         *
         * @param value the store
         * @return this builder
         */
        public Builder store(PatternStore value) {
            this.store = Objects.requireNonNull(value, "store");
            return this;
        }

        /**
         * Makes the registry with its global scope (loaded from the store when one is set).
         *
         * @return the registry
         * @throws IllegalArgumentException if the engine settings do not fit (dimension not 256)
         * @throws DagStateException RV004 if the global scope's stored state cannot be loaded
         */
        public DagRegistry build() {
            return new DagRegistry(defaults, engineBase, store);
        }
    }
}
