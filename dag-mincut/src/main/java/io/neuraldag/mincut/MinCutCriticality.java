package io.neuraldag.mincut;

import io.neuraldag.core.CriticalityProvider;
import io.neuraldag.core.DagSnapshot;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** The min-cut {@link CriticalityProvider}: {@code crit(v)} of every operator of a snapshot. */
final class MinCutCriticality implements CriticalityProvider {
    /*
     * Each call builds the snapshot's PlanNetwork and a FlowState of its own, so concurrent calls
     * share nothing but the single-entry cache (last snapshot by identity, its values and the time
     * they were computed), which is read and written under the monitor; the computation itself runs
     * outside it.
     */
    private final MinCutConfig config;
    private final LongSupplier ticker;
    private @Nullable DagSnapshot last;
    private double[] lastValues = new double[0];
    private long lastTime;

    MinCutCriticality(MinCutConfig config, LongSupplier ticker) {
        this.config = Objects.requireNonNull(config, "config");
        this.ticker = ticker;
    }

    @Override
    public double[] criticality(DagSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        synchronized (this) {
            if (last == snapshot
                    && ticker.getAsLong() - lastTime < config.criticalityTtl().toNanos()) {
                return lastValues.clone();
            }
        }
        double[] values = compute(snapshot, config);
        synchronized (this) {
            last = snapshot;
            lastValues = values;
            lastTime = ticker.getAsLong();
        }
        return values.clone();
    }

    static double[] compute(DagSnapshot snapshot, MinCutConfig config) {
        PlanNetwork p = PlanNetwork.build(snapshot, config.capacityModel(), config.edgeCapacity());
        FlowState state = new FlowState(p.network(), p.source(), p.sink());
        int n = p.operatorCount();
        double[] crit = new double[n];
        for (int i = 0; i < n; i++) {
            crit[i] = PlanMinCutEngine.criticality(state.lambda, state.lambdaWithInfinite(p.operatorArc(i)));
        }
        return crit;
    }
}
