package io.neuraldag.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What {@link PgDatabase} gives a test class: a pool and a schema name of its own. */
record PgFixture(HikariDataSource dataSource, DagSchema schema) {

    /** Installs the schema (idempotent). */
    DagSchema.Installed install() {
        return schema.install(dataSource);
    }

    /** What the schema holds, without installing. */
    java.util.Optional<DagSchema.Installed> inspect() {
        return schema.inspect(dataSource);
    }

    /** Runs one statement without results. */
    void exec(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    /** The first column of the first row as a long. */
    long queryLong(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no row: " + sql);
                }
                return rs.getLong(1);
            }
        }
    }

    /** Whether the server has the pgvector extension available. */
    boolean vectorAvailable() throws SQLException {
        return queryLong("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'") > 0;
    }

    /** A quoted, qualified name of a table in this class's schema. */
    String q(String table) {
        return Jdbc.quoteIdent(schema.name()) + "." + Jdbc.quoteIdent(table);
    }
}
