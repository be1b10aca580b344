package io.neuraldag.postgres;

import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.Pattern;
import io.neuraldag.sona.PatternCandidate;
import io.neuraldag.sona.SonaConfig;
import io.neuraldag.sona.SonaStateException;
import io.neuraldag.sona.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One engine of a {@link DagRegistry}: a scope key (a table, {@code "schema.table"}, or {@value
 * DagRegistry#GLOBAL}), its {@link DagConfig} and the {@link DagSonaEngine} that learns for it.
 *
 * <p>Thread-safe. {@link #engine()} may be called from any thread at any time; {@link
 * #reconfigure} replaces the engine when the new settings change the engine's configuration (the
 * learned state and the buffered trajectories move to the new engine), so callers should not cache
 * the engine across statements. Learning cycles and reconfiguration of one scope are serialised by
 * the scope's lock.
 */
public final class DagScope {
    private final String key;
    private final SonaConfig engineBase;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile DagConfig config;
    private volatile DagSonaEngine engine;
    private volatile boolean closed;

    DagScope(String key, DagConfig config, SonaConfig engineBase) {
        this.key = key;
        this.engineBase = engineBase;
        this.config = config;
        this.engine = DagSonaEngine.create(config.toSonaConfig(engineBase));
    }

    /**
     * The scope key.
     *
     * @return {@value DagRegistry#GLOBAL} or {@code "schema.table"}
     */
    public String key() {
        return key;
    }

    /**
     * Whether this is the global scope.
     *
     * @return true for {@value DagRegistry#GLOBAL}
     */
    public boolean isGlobal() {
        return DagRegistry.GLOBAL.equals(key);
    }

    /**
     * The current settings.
     *
     * @return the settings
     */
    public DagConfig config() {
        return config;
    }

    /**
     * Whether the scope captures and learns: {@link DagConfig#enabled()} and not removed from its
     * registry.
     *
     * @return true when enabled
     */
    public boolean enabled() {
        return !closed && config.enabled();
    }

    /**
     * The current engine.
     *
     * @return the engine
     */
    public DagSonaEngine engine() {
        return engine;
    }

    /**
     * Replaces the settings. When the engine configuration they give differs from the current one, a
     * new engine is made; the learned state moves over with {@link DagSonaEngine#saveState()} /
     * {@link DagSonaEngine#loadState(byte[])}, or, when the adapter's rank changed (the state no longer
     * fits), the patterns are stored into the new bank as candidates (new ids) with a fresh adapter.
     * Buffered trajectories move over in both cases. Validates before changing anything.
     *
     * @param next the new settings
     * @throws NullPointerException if {@code next} is null
     * @throws IllegalStateException if the scope was removed from its registry
     */
    public void reconfigure(DagConfig next) {
        Objects.requireNonNull(next, "next");
        SonaConfig nextEngine = next.toSonaConfig(engineBase);
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("scope '" + Texts.clip(key) + "' was removed");
            }
            DagSonaEngine old = engine;
            if (nextEngine.equals(old.config())) {
                config = next;
                return;
            }
            DagSonaEngine fresh = DagSonaEngine.create(nextEngine);
            try {
                fresh.loadState(old.saveState());
            } catch (SonaStateException e) {
                List<PatternCandidate> candidates = new ArrayList<>();
                for (Pattern p : old.reasoningBank().patterns()) {
                    candidates.add(new PatternCandidate(
                            p.centroid(),
                            p.quality(),
                            p.confidence(),
                            p.sampleCount(),
                            p.tally(),
                            p.params(),
                            p.meanMetrics()));
                }
                fresh.reasoningBank().storeAll(candidates);
            }
            for (Trajectory t : old.trajectoryBuffer().drain()) {
                fresh.trajectoryBuffer().record(t);
            }
            engine = fresh;
            config = next;
            old.close();
        } finally {
            lock.unlock();
        }
    }

    /** Serialises learning cycles, persistence and reconfiguration of this scope. */
    ReentrantLock lock() {
        return lock;
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            engine.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "DagScope[" + Texts.clip(key) + (enabled() ? "" : ", disabled") + "]";
    }
}
