package io.neuraldag.attention;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.neuraldag.core.Fingerprint;
import io.neuraldag.core.QueryDag;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/*
 * AttentionCache on Caffeine. Keys are value records (kind, configHash, fingerprint high/low).
 *
 * Counting: every getOrCompute/getIfPresent call is exactly one of hit, miss or bypass, counted in
 * LongAdders here (not Caffeine's stats, whose hit/miss split under concurrent loads is an
 * implementation detail), so hits + misses + bypasses always equals the number of calls. Evictions
 * (size or expiry) are counted by a removal listener.
 *
 * getOrCompute uses getIfPresent + put rather than a blocking compute: a mechanism call is
 * microseconds, so a duplicate computation on a racing miss is cheaper than pinning a lock while
 * the mechanism runs, and it keeps exceptions from being cached.
 *
 * Maintenance (eviction, expiry) runs on the calling thread (executor Runnable::run), so after a
 * write returns, the size bound holds except for writes still in flight on other threads. The
 * injected clock becomes Caffeine's ticker (nanoseconds since the epoch).
 */
final class CaffeineAttentionCache implements AttentionCache {
    private record Key(AttentionKind kind, long configHash, long high, long low) {}

    private final CacheConfig config;
    private final Cache<Key, AttentionScores> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bypasses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    CaffeineAttentionCache(CacheConfig config, InstantSource clock) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Caffeine<Object, Object> b = Caffeine.newBuilder()
                .maximumSize(config.capacity())
                .executor(Runnable::run)
                .ticker(ticker(clock));
        Duration ttl = config.timeToLive();
        if (ttl != null) {
            b = b.expireAfterWrite(ttl);
        }
        this.cache = b.<Key, AttentionScores>removalListener((k, v, cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .build();
    }

    private static Ticker ticker(InstantSource clock) {
        return () -> {
            Instant t = clock.instant();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        };
    }

    private static Key key(DagAttention mechanism, QueryDag dag) {
        Fingerprint f = dag.fullFingerprint();
        return new Key(mechanism.kind(), mechanism.configHash(), f.high(), f.low());
    }

    @Override
    public AttentionScores getOrCompute(DagAttention mechanism, QueryDag dag) {
        return getOrCompute(mechanism, dag, null);
    }

    /** getOrCompute that reports a hit in hit[0] when hit is non-null. */
    AttentionScores getOrCompute(DagAttention mechanism, QueryDag dag, boolean @Nullable [] hit) {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(dag, "dag");
        if (mechanism.stateful()) {
            bypasses.increment();
            return mechanism.forward(dag);
        }
        if (dag.isEmpty()) {
            misses.increment();
            return mechanism.forward(dag);
        }
        Key key = key(mechanism, dag);
        AttentionScores v = cache.getIfPresent(key);
        if (v != null) {
            hits.increment();
            if (hit != null) {
                hit[0] = true;
            }
            return v;
        }
        misses.increment();
        v = mechanism.forward(dag);
        cache.put(key, v);
        return v;
    }

    @Override
    public Optional<AttentionScores> getIfPresent(DagAttention mechanism, QueryDag dag) {
        Objects.requireNonNull(mechanism, "mechanism");
        Objects.requireNonNull(dag, "dag");
        if (mechanism.stateful()) {
            bypasses.increment();
            return Optional.empty();
        }
        AttentionScores v = dag.isEmpty() ? null : cache.getIfPresent(key(mechanism, dag));
        if (v != null) {
            hits.increment();
        } else {
            misses.increment();
        }
        return Optional.ofNullable(v);
    }

    @Override
    public void invalidateAll() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    @Override
    public CacheStats stats() {
        cache.cleanUp();
        return new CacheStats(
                cache.estimatedSize(), config.capacity(), hits.sum(), misses.sum(), bypasses.sum(), evictions.sum());
    }

    @Override
    public String toString() {
        return "AttentionCache" + stats();
    }
}
