package io.neuraldag.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * JUnit extension for the integration tests: a pool on {@code NEURALDAG_PG_URL} and a schema of the
 * test class's own (unique name), dropped after the class. Without a reachable server the class is
 * skipped with the reason; with {@code CI=true} it fails instead.
 *
 * <p>Inject {@link PgFixture} into a constructor, a test or a lifecycle method.
 */
final class PgDatabase implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PgDatabase.class);

    private static volatile @org.jspecify.annotations.Nullable String unreachable;

    /** Skips (with the reason) every test of a class when no server answers, unless CI=true. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("CI=true: a database is required");
        }
        String reason = unreachable;
        if (reason == null) {
            try (Connection c = java.sql.DriverManager.getConnection(
                    PgConnections.url(), PgConnections.user(), System.getenv(PgConnections.PASSWORD_ENV))) {
                reason = c.isValid(2) ? "" : "the server did not answer";
            } catch (SQLException e) {
                reason = "no PostgreSQL reachable at " + PgConnections.url() + " as " + PgConnections.user() + ": "
                        + e.getMessage() + " (set NEURALDAG_PG_URL / NEURALDAG_PG_USER; CI=true makes this a failure)";
            }
            unreachable = reason;
        }
        return reason.isEmpty()
                ? ConditionEvaluationResult.enabled("PostgreSQL reachable")
                : ConditionEvaluationResult.disabled(reason);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fixture(context);
    }

    private static PgFixture fixture(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        PgFixture existing = classContext.getStore(NS).get(PgFixture.class, PgFixture.class);
        if (existing != null) {
            return existing;
        }
        HikariDataSource pool =
                PgConnections.pool("it-" + classContext.getRequiredTestClass().getSimpleName(), 24);
        try (Connection c = pool.getConnection()) {
            c.isValid(2);
        } catch (SQLException e) {
            pool.close();
            String reason = "no PostgreSQL reachable at " + PgConnections.url() + " as " + PgConnections.user() + ": "
                    + e.getMessage() + " (set NEURALDAG_PG_URL / NEURALDAG_PG_USER)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true requires a database: " + reason, e);
            }
            throw new TestAbortedException(reason);
        }
        String schema = ("nd_it_"
                        + classContext.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT) + "_"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL))
                .replaceAll("[^a-z0-9_]", "_");
        PgFixture fixture =
                new PgFixture(pool, DagSchema.named(schema.length() > 63 ? schema.substring(0, 63) : schema));
        classContext.getStore(NS).put(PgFixture.class, fixture);
        return fixture;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PgFixture f = context.getStore(NS).remove(PgFixture.class, PgFixture.class);
        if (f != null) {
            try {
                f.schema().drop(f.dataSource());
            } finally {
                f.dataSource().close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == PgFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return fixture(e);
    }
}
