package io.neuraldag.postgres;

import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * {@code dag_analyze_plan} without an engine or a schema: the server's plan of a query with
 * dag-mincut's criticality, bottleneck scores and node embeddings, computed exactly as {@link
 * NeuralDag.Analysis#analyzePlan} does. It only runs the {@code EXPLAIN} (read-only, rolled back,
 * with a 5 s {@code statement_timeout}), so it writes nothing to the database and needs no {@code
 * ruvector} schema; this is what {@code neural-dag pg analyze} uses.
 *
 * <p>Thread-safe. The index access methods looked up for pgvector scans are cached for the life of
 * the analyzer.
 */
public final class PlanAnalyzer {
    private final DataSource dataSource;
    private final PlanExplainer explainer = new PlanExplainer(PlanExplainer.QUERY_TIMEOUT_MS);

    private PlanAnalyzer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * An analyzer on a database.
     *
     * @param dataSource the database; never closed here
     * @return the analyzer
     * @throws NullPointerException for a null data source
     */
    public static PlanAnalyzer on(DataSource dataSource) {
        return new PlanAnalyzer(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /**
     * One row per plan node, ids in pre-order (0 = top node), as {@link
     * NeuralDag.Analysis#analyzePlan}.
     *
     * @param queryText one statement (SELECT, WITH, VALUES, TABLE, INSERT, UPDATE or DELETE; {@code
     *     $n} markers are planned generically)
     * @return the nodes by id
     * @throws DagStateException RV012 if the text is not one allowed statement, or the connection or
     *     the EXPLAIN fails (the message carries the SQLSTATE)
     * @throws NullPointerException for a null text
     */
    public List<NeuralDag.PlanNodeRow> analyzePlan(String queryText) {
        Objects.requireNonNull(queryText, "queryText");
        return new PlanFacts(
                        explainer.explainQuery(dataSource, queryText, false).plan())
                .nodeRows();
    }
}
