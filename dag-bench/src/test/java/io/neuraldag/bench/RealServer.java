package io.neuraldag.bench;

import io.neuraldag.postgres.PgConnections;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The integration tests' server: {@code NEURALDAG_PG_URL} (user and password from the environment
 * as in dag-postgres). Without a reachable server the class is skipped with the reason; with {@code
 * CI=true} it runs and fails instead.
 */
final class RealServer implements ExecutionCondition {

    static String url() {
        String u = PgConnections.url();
        return u.contains("user=") ? u : u + (u.contains("?") ? "&" : "?") + "user=" + PgConnections.user();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("CI=true: a database is required");
        }
        try (Connection c = Benchmarks.connect(url())) {
            return c.isValid(2)
                    ? ConditionEvaluationResult.enabled("PostgreSQL reachable")
                    : ConditionEvaluationResult.disabled("the server did not answer");
        } catch (SQLException e) {
            return ConditionEvaluationResult.disabled("no PostgreSQL reachable at " + PgConnections.url() + ": "
                    + e.getMessage() + " (set NEURALDAG_PG_URL; CI=true makes this a failure)");
        }
    }
}
