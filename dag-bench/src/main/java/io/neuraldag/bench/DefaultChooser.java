package io.neuraldag.bench;

import java.sql.Connection;
import java.util.Map;

/* A chooser that always keeps PostgreSQL's own plan: the learned run's reference point without learning. */
final class DefaultChooser implements Chooser {
    private final Arm def = Arm.plannerArms().get(0);

    static Chooser.Factory factory() {
        return (seed, timeout) -> new DefaultChooser();
    }

    @Override
    public Pick choose(Connection c, Instance q, boolean forceDefault) {
        return new Pick(def, Double.NaN, Map.of(), false, q);
    }

    @Override
    public void observe(Pick pick, Exec.Result result) {}

    @Override
    public long retrain() {
        return 0;
    }
}
