package io.neuraldag.attention;

/**
 * A snapshot of {@link AttentionCache} counters. Immutable.
 *
 * @param size entries currently held (an estimate while other threads write)
 * @param capacity the maximum entry count
 * @param hits lookups answered from the cache
 * @param misses lookups that computed the scores
 * @param bypasses calls for stateful mechanisms, computed without a lookup
 * @param evictions entries removed for size or age
 */
public record CacheStats(long size, long capacity, long hits, long misses, long bypasses, long evictions) {

    /**
     * The hit rate {@code hits / (hits + misses)}, 0 when there were no lookups.
     *
     * @return the rate in [0, 1]
     */
    public double hitRate() {
        long lookups = hits + misses;
        return lookups == 0 ? 0.0 : (double) hits / lookups;
    }
}
