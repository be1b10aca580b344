package io.neuraldag.attention;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parameters of the {@link AttentionCache} (spec 01 §4.3). Immutable.
 *
 * @param capacity the maximum number of entries, {@code >= 1}. Default 10 000.
 * @param timeToLive how long an entry stays valid after it was written, on the cache's clock, or
 *     null for no expiry. Default null.
 */
public record CacheConfig(int capacity, @Nullable Duration timeToLive) {

    /** The default capacity, 10 000 entries. */
    public static final int DEFAULT_CAPACITY = 10_000;

    /**
     * Validates the fields.
     *
     * @throws AttentionException {@code INVALID_CONFIG} if the capacity is below 1 or the TTL is not
     *     positive
     */
    public CacheConfig {
        if (capacity < 1) {
            throw AttentionException.invalidConfig("capacity", capacity, ">= 1");
        }
        if (timeToLive != null && (timeToLive.isNegative() || timeToLive.isZero())) {
            throw AttentionException.invalidConfig("timeToLive", timeToLive, "positive");
        }
    }

    /**
     * 10 000 entries, no expiry.
     *
     * @return the defaults
     */
    public static CacheConfig defaults() {
        return new CacheConfig(DEFAULT_CAPACITY, null);
    }

    /**
     * A cache of the given capacity without expiry.
     *
     * @param capacity the maximum entry count
     * @return the configuration
     */
    public static CacheConfig ofCapacity(int capacity) {
        return new CacheConfig(capacity, null);
    }

    /**
     * This configuration with a time to live.
     *
     * @param ttl the time to live, positive
     * @return a new configuration
     */
    public CacheConfig withTimeToLive(Duration ttl) {
        return new CacheConfig(capacity, Objects.requireNonNull(ttl, "ttl"));
    }
}
