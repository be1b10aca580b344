package io.neuraldag.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/*
 * Transaction helpers. Every write of the package runs through inTransaction: auto-commit off, the
 * work, commit; any failure rolls back (a rollback that fails too is added as suppressed) and the
 * connection's auto-commit flag is restored before it goes back to the pool.
 */
final class Jdbc {
    private Jdbc() {}

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    static <T> T inTransaction(DataSource ds, SqlWork<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return inTransaction(c, work);
        }
    }

    static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        if (auto) {
            c.setAutoCommit(false);
        }
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            try {
                c.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            if (auto && !c.isClosed()) {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the connection is broken; the pool discards it
                }
            }
        }
    }

    static <T> T withConnection(DataSource ds, SqlWork<T> work) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        }
    }

    /** An RV004 exception for a failed store or schema operation, keeping the SQLSTATE in the message. */
    static DagStateException failure(String what, SQLException e) {
        return new DagStateException(
                RvCode.LEARNING_FAILED, what + " failed: [" + e.getSQLState() + "] " + e.getMessage(), e);
    }

    /** Quotes an SQL identifier: doubles every {@code "} and wraps the result in quotes. */
    static String quoteIdent(String ident) {
        return '"' + ident.replace("\"", "\"\"") + '"';
    }
}
