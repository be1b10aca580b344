package io.neuraldag.postgres;

import io.neuraldag.core.plan.AccessMethodResolver;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/*
 * The access method (btree, hnsw, ivfflat, …) of the indexes a plan names, looked up in pg_class ⋈
 * pg_am on the planning connection and cached per schema-qualified index name (at most 10 000
 * entries; the cache is cleared when full). Where the lookup fails, or without a connection, the
 * name heuristic answers and the answer is not cached. Thread-safe.
 */
final class AccessMethodCache {
    private static final int MAX_ENTRIES = 10_000;

    private final ConcurrentHashMap<String, Optional<String>> known = new ConcurrentHashMap<>();

    /** A resolver that queries {@code c} for names it has not seen; the heuristic alone without one. */
    AccessMethodResolver on(@Nullable Connection c) {
        return (schema, index) -> {
            String key = schema + "\u0000" + index;
            Optional<String> cached = known.get(key);
            if (cached != null) {
                return cached;
            }
            if (c == null) {
                return AccessMethodResolver.nameHeuristic().accessMethod(schema, index);
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
                return AccessMethodResolver.nameHeuristic().accessMethod(schema, index);
            }
            if (known.size() > MAX_ENTRIES) {
                known.clear();
            }
            known.put(key, am);
            return am;
        };
    }
}
