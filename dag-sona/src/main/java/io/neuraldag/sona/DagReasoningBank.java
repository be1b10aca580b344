package io.neuraldag.sona;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store of learned {@link Pattern}s with similarity search (spec 02 §1.6).
 *
 * <p><b>Search.</b> {@link #querySimilar} normalises the query, scores patterns by dot product with
 * their unit centroids, keeps scores {@code >= }{@link SonaConfig#similarityThreshold()} (0.7), and
 * orders by score, then confidence (higher first), then id (lower first). Exact search scans every
 * pattern in O(n·d). From {@link SonaConfig#ivfThreshold()} (1000) patterns on, an inverted-file
 * index over k-means++ clusters ({@code K = min(100, n)}) answers instead: it scores the K centres and
 * scans the {@link SonaConfig#ivfProbes()} (4) nearest lists, O((K + n·nprobe/K)·d) (Jégou et al.,
 * "Product quantization for nearest neighbor search", TPAMI 2011, §IV for the inverted file).
 *
 * <p><b>Store or merge.</b> A candidate with confidence below {@link SonaConfig#storeConfidence()}
 * is rejected. One within cosine {@link SonaConfig#mergeCosine()} (0.95) of a pattern is merged into
 * the most similar one: sample-weighted centroid (re-normalised), quality and confidence; sample
 * counts and tallies add. Otherwise it is stored with a new id. Above {@link
 * SonaConfig#maxPatterns()} the pattern with the lowest {@code confidence·quality·(1 + ln(1 +
 * usage))} is evicted (ties: least recently used, then lowest id). The index is retrained after
 * {@code max(100, n/10)} new patterns, on a seeded sample of at most 40 patterns per list.
 *
 * <p><b>Concurrency.</b> The patterns live in one contiguous row-major {@code float[]} inside an
 * immutable snapshot published by a single volatile write: readers take no lock and see either the
 * state before a {@link #storeAll} batch or after it, never part of one. Writers are serialised.
 * Usage counts are the only state readers change, with atomic increments.
 */
public interface DagReasoningBank {

    /**
     * An empty bank.
     *
     * @param config dimension, thresholds and index settings
     * @return the bank
     */
    static DagReasoningBank create(SonaConfig config) {
        return new IvfReasoningBank(Objects.requireNonNull(config, "config"));
    }

    /**
     * The vector dimension d.
     *
     * @return d
     */
    int dimension();

    /**
     * Patterns held.
     *
     * @return the count
     */
    int size();

    /**
     * Publications so far: increments once per store batch, eviction, load or clear.
     *
     * @return the version of the current snapshot
     */
    long version();

    /**
     * Whether searches currently use the IVF index.
     *
     * @return true from {@link SonaConfig#ivfThreshold()} patterns on
     */
    boolean indexed();

    /**
     * The at most k most similar patterns with score {@code >= } the threshold, best first; IVF when
     * {@link #indexed()}. Does not count usage.
     *
     * @param query a vector of length d (normalised here; a zero vector matches nothing)
     * @param k maximum results, {@code >= 0}
     * @return the patterns (a new immutable list)
     * @throws IllegalArgumentException if the length is wrong, k {@code < 0}, or a value is not
     *     finite
     */
    List<Pattern> querySimilar(double[] query, int k);

    /**
     * Like {@link #querySimilar} but always scanning every pattern: the reference for the index.
     *
     * @param query a vector of length d
     * @param k maximum results, {@code >= 0}
     * @return the patterns (a new immutable list)
     * @throws IllegalArgumentException if the length is wrong, k {@code < 0}, or a value is not
     *     finite
     */
    List<Pattern> querySimilarExact(double[] query, int k);

    /**
     * The pattern with an id.
     *
     * @param id the id
     * @return the pattern, or empty
     */
    Optional<Pattern> pattern(long id);

    /**
     * All patterns, by id.
     *
     * @return a new immutable list
     */
    List<Pattern> patterns();

    /**
     * Stores or merges one candidate and publishes.
     *
     * @param candidate the candidate
     * @return what happened
     * @throws IllegalArgumentException if the centroid length is not d
     */
    StoreResult store(PatternCandidate candidate);

    /**
     * Stores or merges candidates in order, evicts, retrains the index if due, and publishes once.
     * Validates every candidate before changing anything.
     *
     * @param candidates the candidates
     * @return what happened
     * @throws IllegalArgumentException if a centroid length is not d (nothing is stored)
     */
    StoreResult storeAll(List<PatternCandidate> candidates);

    /**
     * Removes every pattern and publishes; ids keep increasing.
     */
    void clear();
}
