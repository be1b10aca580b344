package io.neuraldag.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.neuraldag.postgres.DagRegistry;
import io.neuraldag.postgres.NeuralDagDataSource;
import io.neuraldag.postgres.PgConnections;
import io.neuraldag.postgres.TrajectoryRecorder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the capturing {@code NeuralDagDataSource} per statement in TIMING mode, against the
 * same pool unwrapped: a ~1 ms statement ({@code SELECT pg_sleep(0.001)}) and a trivial one ({@code
 * SELECT 1}), each a prepared statement executed and read to the end. The plan is cached after the
 * first EXPLAIN, so the wrapped paths measure what every execution pays on the statement's thread:
 * the text lookup, timing, row counting and the hand-over to the learner thread ({@code wrapped}),
 * or also the DAG copy, {@code preQuery}, {@code postQuery} and the queued row ({@code
 * wrapped-sync}). Needs the PostgreSQL of {@code NEURALDAG_PG_URL}.
 *
 * Run (from the repository root, after {@code ./mvnw -B -pl benchmarks -am package -DskipTests}):
 *
 * <pre>{@code
 * java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -w 1s -i 5 -r 1s PostgresCaptureBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // JMH fills the @Param fields and @Setup the others before any benchmark runs
public class PostgresCaptureBenchmark {

    /**
     * {@code plain}: the pool itself; {@code wrapped}: the capturing data source on it (learning on
     * its learner thread, the default); {@code wrapped-sync}: the same with {@code
     * asyncLearning(false)}, learning on the statement's thread.
     */
    @Param({"plain", "wrapped", "wrapped-sync"})
    public String path;

    /** The statement. */
    @Param({"SELECT pg_sleep(0.001)", "SELECT 1"})
    public String sql;

    private HikariDataSource pool;
    private DagRegistry registry;
    private Connection connection;
    private PreparedStatement statement;

    /**
     * Opens one connection and prepares the statement.
     *
     * @throws SQLException if the server is unreachable
     */
    @Setup(Level.Trial)
    public void open() throws SQLException {
        pool = PgConnections.pool("bench", 2);
        registry = DagRegistry.create();
        DataSource ds = "plain".equals(path)
                ? pool
                : NeuralDagDataSource.builder(pool, registry)
                        .recorder(TrajectoryRecorder.create(1_000))
                        .asyncLearning(!"wrapped-sync".equals(path))
                        .build();
        connection = ds.getConnection();
        statement = connection.prepareStatement(sql);
    }

    /**
     * Closes everything.
     *
     * @throws SQLException on a server error
     */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        statement.close();
        connection.close();
        registry.close();
        pool.close();
    }

    /**
     * Executes the statement and reads its rows.
     *
     * @return the rows read
     * @throws SQLException on a server error
     */
    @Benchmark
    public int execute() throws SQLException {
        int rows = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows++;
            }
        }
        return rows;
    }
}
