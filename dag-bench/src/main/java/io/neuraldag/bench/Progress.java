package io.neuraldag.bench;

/** Receives progress of a benchmark run; called on the running thread. */
@FunctionalInterface
public interface Progress {
    /** A listener that ignores all updates. */
    Progress NONE = (phase, done, total) -> {};

    /**
     * Reports that {@code done} of {@code total} steps of a phase are finished.
     *
     * @param phase the phase's short name
     * @param done steps finished, {@code 0 <= done <= total}
     * @param total steps in the phase
     */
    void update(String phase, int done, int total);
}
