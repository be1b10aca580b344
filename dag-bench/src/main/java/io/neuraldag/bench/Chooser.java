package io.neuraldag.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/* The system under test of a learned run: picks an arm per query, learns from the measured latency. */
interface Chooser {

    /* forceDefault: the bootstrap queries run on PostgreSQL's own plan but are still observed. */
    Pick choose(Connection c, Instance q, boolean forceDefault) throws SQLException;

    void observe(Pick pick, Exec.Result result);

    /* Retrains; returns the nanoseconds it took. */
    long retrain();

    /* The chosen arm, its predicted latency (NaN when the chooser has no model yet), the predicted
     * latency of every arm it planned, by arm name (empty when it planned none), and whether a
     * no-regression rule overrode the model's pick (the guard, or the default first where it has not
     * run near the instance). */
    record Pick(Arm arm, double predictedMillis, Map<String, Double> predictions, boolean guarded, Object token) {
        public Pick {
            predictions = Map.copyOf(predictions);
        }
    }

    @FunctionalInterface
    interface Factory {
        Chooser create(long seed, long statementTimeoutMillis);
    }
}
