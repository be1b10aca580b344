package io.neuraldag.attention;

import io.neuraldag.core.QueryDag;
import java.time.InstantSource;
import java.util.Optional;

/**
 * A bounded cache of attention scores (spec 01 §4.3).
 *
 * <p>The key is (mechanism kind, {@link DagAttention#configHash()}, {@link
 * QueryDag#fullFingerprint()}): any change of operator, estimate, actual, embedding or edge, and
 * any change of the mechanism's parameters (including CriticalPath's learned boost), leads to a
 * different key, so a lookup never returns another plan's or another configuration's scores.
 * {@link DagAttention#stateful() Stateful} mechanisms (TemporalBTSP) are computed directly and
 * counted as bypasses.
 *
 * <p>Eviction is Caffeine's W-TinyLFU (Einziger, Friedman and Manes, "TinyLFU: A highly efficient
 * cache admission policy", ACM TOS 13, 2017) rather than strict LRU: the size bound holds, but the
 * victim is chosen by frequency and recency. Entries may expire a fixed time after they are written,
 * on an injected clock. Values are immutable {@link AttentionScores}, shared between callers.
 *
 * <p>Thread-safe. A hit costs one fingerprint lookup (memoized per DAG snapshot) and one hash-map
 * probe; maintenance runs on the calling thread.
 */
public interface AttentionCache {

    /**
     * The cached scores, or computes, stores and returns them. Exceptions from the mechanism
     * propagate and nothing is stored. Two threads missing on the same key at once may both compute.
     *
     * @param mechanism the mechanism
     * @param dag the DAG
     * @return the scores
     * @throws AttentionException from the mechanism
     */
    AttentionScores getOrCompute(DagAttention mechanism, QueryDag dag);

    /**
     * The cached scores without computing; counts a hit or a miss (a bypass for stateful
     * mechanisms, which are never present).
     *
     * @param mechanism the mechanism
     * @param dag the DAG
     * @return the scores if cached
     */
    Optional<AttentionScores> getIfPresent(DagAttention mechanism, QueryDag dag);

    /** Removes every entry; counters are kept. */
    void invalidateAll();

    /**
     * The counters.
     *
     * @return a snapshot of size, capacity, hits, misses, bypasses and evictions
     */
    CacheStats stats();

    /**
     * A cache with the default capacity (10 000) and no expiry.
     *
     * @return a new cache
     */
    static AttentionCache create() {
        return create(CacheConfig.defaults(), InstantSource.system());
    }

    /**
     * A cache.
     *
     * @param config capacity and time to live
     * @param clock the clock that ages entries
     * @return a new cache
     */
    static AttentionCache create(CacheConfig config, InstantSource clock) {
        return new CaffeineAttentionCache(config, clock);
    }
}
