package io.neuraldag.bench;

/**
 * What a corr-bench run does.
 *
 * @param scale the data set size
 * @param queries the number of query instances drawn from the templates, {@code >= 1}
 * @param seed the seed of the data, the instances, the orders and the learned chooser
 * @param orders how many random orders of the instances the learned chooser runs, {@code >= 1}
 * @param statementTimeoutMillis the statement timeout, {@code >= 100}; a timed-out query is charged twice
 * @param bootstrapQueries how many first queries of each order run on PostgreSQL's own plans, {@code >= 0}
 * @param retrainEvery retrain the chooser after this many queries, {@code >= 1}
 */
public record CorrBenchOptions(
        Scale scale,
        int queries,
        long seed,
        int orders,
        long statementTimeoutMillis,
        int bootstrapQueries,
        int retrainEvery) {

    /** The documented protocol: 500 queries, seed 42, 3 orders, 30 s timeout, 25 bootstrap, retrain every 25. */
    public static final CorrBenchOptions DEFAULTS = new CorrBenchOptions(Scale.FULL, 500, 42, 3, 30_000, 25, 25);

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a number is out of range
     */
    public CorrBenchOptions {
        java.util.Objects.requireNonNull(scale, "scale");
        if (queries < 1) {
            throw new IllegalArgumentException("queries must be >= 1: " + queries);
        }
        if (orders < 1) {
            throw new IllegalArgumentException("orders must be >= 1: " + orders);
        }
        if (statementTimeoutMillis < 100) {
            throw new IllegalArgumentException("statementTimeoutMillis must be >= 100: " + statementTimeoutMillis);
        }
        if (bootstrapQueries < 0) {
            throw new IllegalArgumentException("bootstrapQueries must be >= 0: " + bootstrapQueries);
        }
        if (retrainEvery < 1) {
            throw new IllegalArgumentException("retrainEvery must be >= 1: " + retrainEvery);
        }
    }

    /**
     * These options with another scale, number of queries, seed and number of orders.
     *
     * @param scale the data set size
     * @param queries the number of queries
     * @param seed the seed
     * @param orders the number of orders
     * @return the new options
     */
    public CorrBenchOptions with(Scale scale, int queries, long seed, int orders) {
        return new CorrBenchOptions(
                scale, queries, seed, orders, statementTimeoutMillis, bootstrapQueries, retrainEvery);
    }
}
