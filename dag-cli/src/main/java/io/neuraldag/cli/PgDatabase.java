package io.neuraldag.cli;

import io.neuraldag.postgres.PgConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

/*
 * The connection options shared by the pg commands (a picocli mixin): --url (default: the
 * environment variable NEURALDAG_PG_URL; there is no built-in default, so a missing URL is an
 * error instead of a surprise connection), --user (default NEURALDAG_PG_USER, else postgres), and
 * the password from NEURALDAG_PG_PASSWORD only (never an option, so it is not in the process list).
 *
 * open() checks the URL and makes one connection with a 5 s connect timeout; every failure is a
 * CliException, one line, exit code 2. The URL is shown with any password parameter masked.
 */
final class PgDatabase {
    static final int CONNECT_TIMEOUT_S = 5;

    /* The driver's java.util.logging output (e.g. "JDBC URL invalid port number") would add lines to
     * standard error; every failure is reported by the command itself. Held so the level sticks. */
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("org.postgresql");

    static {
        DRIVER_LOG.setLevel(java.util.logging.Level.OFF);
    }

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "${env:" + PgConnections.URL_ENV + "}",
            description = "JDBC URL of the database, jdbc:postgresql://HOST:PORT/DATABASE; default: the"
                    + " environment variable " + PgConnections.URL_ENV)
    @Nullable
    String url;

    @Option(
            names = "--user",
            paramLabel = "USER",
            defaultValue = "${env:" + PgConnections.USER_ENV + ":-" + PgConnections.DEFAULT_USER + "}",
            description = "database user; default: the environment variable " + PgConnections.USER_ENV
                    + ", else " + PgConnections.DEFAULT_USER + " (the password comes from "
                    + PgConnections.PASSWORD_ENV + ")")
    String user = PgConnections.DEFAULT_USER;

    /** A checked URL and a data source on it. */
    record Target(String url, String shownUrl, PGSimpleDataSource dataSource) {}

    Target target() {
        String u = url;
        if (u == null || u.isBlank()) {
            throw new CliException(
                    "pg",
                    "no database URL: set " + PgConnections.URL_ENV + " or pass --url jdbc:postgresql://HOST:PORT/DB");
        }
        String shown = masked(u.strip());
        if (!u.strip().toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:")) {
            throw new CliException(
                    "--url", "not a PostgreSQL JDBC URL (expected jdbc:postgresql://HOST:PORT/DATABASE): " + shown);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(u.strip());
        } catch (IllegalArgumentException e) {
            throw new CliException("--url", "not a valid PostgreSQL JDBC URL: " + shown, e);
        }
        ds.setUser(user);
        String password = System.getenv(PgConnections.PASSWORD_ENV);
        if (password != null) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(CONNECT_TIMEOUT_S);
        ds.setLoginTimeout(CONNECT_TIMEOUT_S);
        ds.setApplicationName("neural-dag");
        return new Target(u.strip(), shown, ds);
    }

    /* One connection, to tell "cannot connect" apart from a failing statement. */
    static Connection connect(Target t) {
        try {
            return t.dataSource().getConnection();
        } catch (SQLException e) {
            throw new CliException(t.shownUrl(), "cannot connect: " + message(e), e);
        }
    }

    static String message(SQLException e) {
        String state = e.getSQLState();
        String text = String.valueOf(e.getMessage());
        return state == null ? text : text + " [SQLSTATE " + state + "]";
    }

    /* The URL with the value of a password parameter replaced by ***. */
    static String masked(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
