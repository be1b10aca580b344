package io.neuraldag.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.Objects;

/**
 * Where the database is: the environment variables {@value #URL_ENV} (default {@value
 * #DEFAULT_URL}), {@value #USER_ENV} (default {@value #DEFAULT_USER}) and {@value #PASSWORD_ENV}
 * (default none), and a HikariCP pool on them.
 *
 * <p>Thread-safe: pure functions of the environment.
 */
public final class PgConnections {

    /** Environment variable with the JDBC URL. */
    public static final String URL_ENV = "NEURALDAG_PG_URL";

    /** Environment variable with the user name. */
    public static final String USER_ENV = "NEURALDAG_PG_USER";

    /** Environment variable with the password (never logged). */
    public static final String PASSWORD_ENV = "NEURALDAG_PG_PASSWORD";

    /** The URL used when {@value #URL_ENV} is unset: a local server, database {@code test}. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    /** The user used when {@value #USER_ENV} is unset. */
    public static final String DEFAULT_USER = "postgres";

    private PgConnections() {}

    /**
     * The JDBC URL from the environment.
     *
     * @return the URL
     */
    public static String url() {
        return env(System.getenv(), URL_ENV, DEFAULT_URL);
    }

    /**
     * The user from the environment.
     *
     * @return the user name
     */
    public static String user() {
        return env(System.getenv(), USER_ENV, DEFAULT_USER);
    }

    /**
     * A pool on the environment's server.
     *
     * @param poolName the pool's name in logs and JMX
     * @param maximumPoolSize the largest number of connections, {@code >= 1}
     * @return a new pool; close it when done
     * @throws IllegalArgumentException if the size is below 1
     */
    public static HikariDataSource pool(String poolName, int maximumPoolSize) {
        return pool(System.getenv(), poolName, maximumPoolSize);
    }

    static HikariDataSource pool(Map<String, String> env, String poolName, int maximumPoolSize) {
        Objects.requireNonNull(poolName, "poolName");
        if (maximumPoolSize < 1) {
            throw new IllegalArgumentException("maximumPoolSize must be >= 1: " + maximumPoolSize);
        }
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(env(env, URL_ENV, DEFAULT_URL));
        c.setUsername(env(env, USER_ENV, DEFAULT_USER));
        String password = env.get(PASSWORD_ENV);
        if (password != null) {
            c.setPassword(password);
        }
        c.setPoolName(poolName);
        c.setMaximumPoolSize(maximumPoolSize);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(5_000);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    static String env(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
