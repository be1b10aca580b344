package io.neuraldag.qudag;

/**
 * Where synced patterns go, e.g. a reasoning bank's {@code importPattern}. A sink must treat {@link
 * SyncedPattern#id()} as a key: importing the same id again replaces the earlier pattern.
 */
@FunctionalInterface
public interface PatternSink {
    /**
     * Stores or replaces the pattern with this id.
     *
     * @param pattern the pattern
     */
    void importPattern(SyncedPattern pattern);
}
