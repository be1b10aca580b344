package io.neuraldag.bench;

import io.neuraldag.postgres.PgConnections;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Entry point of the workloads. Each method opens one connection to {@code jdbcUrl}, runs
 * sequentially on it and closes it. If the URL carries no {@code user=} parameter, the user and
 * password come from {@code NEURALDAG_PG_USER} / {@code NEURALDAG_PG_PASSWORD} (see {@link
 * PgConnections}).
 *
 * <p>Not for concurrent use on the same database: a run rebuilds its schema ({@code corrbench} or
 * {@code tpch}) when the scale or seed differs and creates and drops extended statistics.
 */
public final class Benchmarks {
    /** The default number of rounds of the 22 TPC-H queries in the control's sequence. */
    public static final int TPCH_ROUNDS = 5;

    private Benchmarks() {}

    /**
     * Runs corr-bench with the learned chooser of {@code dag-postgres}.
     *
     * @param jdbcUrl the server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
     * @param options what to run
     * @param progress receives progress
     * @return the report
     * @throws BenchException if the database fails
     */
    public static CorrBenchReport corr(String jdbcUrl, CorrBenchOptions options, Progress progress) {
        return corr(jdbcUrl, options, progress, LearnedChooser.factory());
    }

    static CorrBenchReport corr(String jdbcUrl, CorrBenchOptions options, Progress progress, Chooser.Factory f) {
        try (Connection c = connect(jdbcUrl)) {
            return new CorrRun(c, options, CorrTemplates.all(), f, progress).run();
        } catch (SQLException e) {
            throw new BenchException("corr-bench failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs the TPC-H control: loads TPC-H at {@code scaleFactor} (unless present) and compares the
     * learned chooser with PostgreSQL on {@code rounds} rounds of the 22 queries.
     *
     * @param jdbcUrl the server
     * @param scaleFactor the scale factor, {@code > 0} and {@code <= 10}
     * @param seed the seed of the query order and the chooser
     * @param rounds how often each query occurs in the sequence, {@code 1..100}
     * @param progress receives progress
     * @return the report
     * @throws IllegalArgumentException if the scale factor or the rounds are out of range
     * @throws BenchException if the database fails
     */
    public static TpchReport tpch(String jdbcUrl, double scaleFactor, long seed, int rounds, Progress progress) {
        return tpch(jdbcUrl, scaleFactor, seed, rounds, progress, LearnedChooser.factory());
    }

    static TpchReport tpch(
            String jdbcUrl, double scaleFactor, long seed, int rounds, Progress progress, Chooser.Factory f) {
        if (!(scaleFactor > 0 && scaleFactor <= 10)) {
            throw new IllegalArgumentException("scale factor must be in (0, 10]: " + scaleFactor);
        }
        if (rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("rounds must be in 1..100: " + rounds);
        }
        try (Connection c = connect(jdbcUrl)) {
            return new TpchRun(c, scaleFactor, rounds, seed, 30_000, f, progress).run(25, 25);
        } catch (SQLException e) {
            throw new BenchException("TPC-H control failed: " + e.getMessage(), e);
        }
    }

    static Connection connect(String url) throws SQLException {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + url);
        }
        Properties p = new Properties();
        if (!url.contains("user=")) {
            p.setProperty("user", PgConnections.user());
            String pw = System.getenv(PgConnections.PASSWORD_ENV);
            if (pw != null) {
                p.setProperty("password", pw);
            }
        }
        return DriverManager.getConnection(url, p);
    }
}
