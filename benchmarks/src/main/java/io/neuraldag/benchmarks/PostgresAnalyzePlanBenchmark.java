package io.neuraldag.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.neuraldag.postgres.NeuralDag;
import io.neuraldag.postgres.PgConnections;
import io.neuraldag.postgres.PlanAnalyzer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code dag_analyze_plan} end to end ({@link PlanAnalyzer}, the code behind {@code
 * NeuralDag.analysis().analyzePlan}: checks, the server's EXPLAIN in a read-only rolled-back
 * transaction, the import, min-cut criticality, scores and embeddings) next to the server part alone
 * ({@link #explainOnly}: the same statements on the same kind of pooled connection, plan text read,
 * nothing imported). The difference is what the client adds. The query joins a 20 000-row table
 * with itself, aggregates, sorts and limits (eight plan nodes); the table lives in a schema of its
 * own, dropped at the end. Needs the PostgreSQL of {@code NEURALDAG_PG_URL}.
 *
 * <p>Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 PostgresAnalyzePlanBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // @Setup fills the fields before any benchmark runs
public class PostgresAnalyzePlanBenchmark {

    HikariDataSource pool;
    PlanAnalyzer analyzer;
    String schema;
    String query;

    /**
     * Makes the table and the analyzer.
     *
     * @throws SQLException if the server is unreachable
     */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        pool = PgConnections.pool("bench-analyze", 2);
        schema = "nd_bench_" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TABLE " + schema + ".items (id int PRIMARY KEY, grp int NOT NULL, v int NOT NULL)");
            st.execute("INSERT INTO " + schema + ".items SELECT g, g % 200, g % 7 FROM generate_series(1, 20000) g");
            st.execute("ANALYZE " + schema + ".items");
        }
        query = String.format(
                Locale.ROOT,
                "SELECT t.grp, count(*) FROM %1$s.items t JOIN %1$s.items u ON u.id = t.grp"
                        + " WHERE t.v = 3 GROUP BY t.grp ORDER BY 2 DESC LIMIT 10",
                schema);
        analyzer = PlanAnalyzer.on(pool);
    }

    /**
     * Drops the schema and closes the pool.
     *
     * @throws SQLException on a server error
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        pool.close();
    }

    /**
     * {@code analyze_plan} of the query.
     *
     * @return the rows, one per plan node
     */
    @Benchmark
    public List<NeuralDag.PlanNodeRow> analyzePlan() {
        return analyzer.analyzePlan(query);
    }

    /**
     * The server part: the statements {@code analyze_plan} sends, with the plan text read.
     *
     * @return the plan text's length
     * @throws SQLException on a server error
     */
    @Benchmark
    public int explainOnly() throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.setEscapeProcessing(false);
                st.execute("SET TRANSACTION READ ONLY");
                st.execute("SET LOCAL statement_timeout = 5000");
                int n = 0;
                try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON, VERBOSE, SETTINGS) " + query)) {
                    while (rs.next()) {
                        n += rs.getString(1).length();
                    }
                }
                return n;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }
}
