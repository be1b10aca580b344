package io.neuraldag.attention;

import io.neuraldag.core.Fingerprint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The optional one-shot memory of TemporalBTSP (spec 01 §3.7): confident attention patterns, keyed
 * by the plan's structural fingerprint, recalled for similar plans of the same structure.
 *
 * A pattern is (structure, plan vector, weights by snapshot index). The structural fingerprint
 * fixes the ids, operators and edges, hence the index layout, so stored weights always address the
 * same nodes when recalled, and plans of different structures never share a pattern even when
 * their node counts and plan vectors agree. Within one structure the plan vector (spec 01 §2.7)
 * still differs through the cost slots, so one structure may hold several patterns.
 *
 * recall(structure, n, v): among the structure's patterns with exactly n weights, the one whose
 * plan vector has the largest cosine with v, if that cosine is >= minCosine (ties: the older
 * pattern). A zero vector has cosine 0 with everything.
 * store(structure, v, w): if recall(structure, w.length, v) finds a pattern, its vector and weights
 * are replaced (the memory keeps one pattern per neighbourhood instead of near-duplicates that
 * would compete for the same recalls); otherwise a new pattern is added.
 *
 * Capacity and eviction: at most `capacity` patterns over all structures. Beyond it the least
 * recently used pattern (stored, refreshed or recalled longest ago) is dropped. LRU rather than
 * LFU because a workload's plans drift: counts from an old phase would keep stale patterns
 * forever, while recency follows the plans that are running now, the same rule the mechanism uses
 * for its per-plan traces. Eviction is O(patterns of the evicted pattern's structure).
 *
 * Not thread-safe: TemporalBtspAttention guards every call with its instance lock. Costs: recall
 * and store are O(p·d) for p patterns of the structure and d = 256; memory is O(capacity·(d + n)).
 */
final class BtspMemory {

    /** One stored pattern; vector and weights are owned (copied on the way in). */
    private static final class Pattern {
        final long id;
        final Fingerprint structure;
        double[] vector;
        double norm;
        double[] weights;

        Pattern(long id, Fingerprint structure, double[] vector, double[] weights) {
            this.id = id;
            this.structure = structure;
            set(vector, weights);
        }

        void set(double[] v, double[] w) {
            this.vector = v.clone();
            this.norm = norm(v);
            this.weights = w.clone();
        }
    }

    private final int capacity;
    private final double minCosine;
    private final LinkedHashMap<Long, Pattern> byRecency = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<Fingerprint, List<Pattern>> byStructure = new HashMap<>();
    private long nextId;

    BtspMemory(int capacity, double minCosine) {
        this.capacity = capacity;
        this.minCosine = minCosine;
    }

    /**
     * The stored weights of the best match, or null. The array is the memory's own; it is never
     * modified afterwards (a refresh installs a new array), so it may be read outside the lock.
     */
    double @Nullable [] recall(Fingerprint structure, int n, double[] vector) {
        Pattern p = match(structure, n, vector);
        if (p == null) {
            return null;
        }
        byRecency.get(p.id);
        return p.weights;
    }

    /** Stores a pattern, replacing the best match of its structure; evicts beyond the capacity. */
    void store(Fingerprint structure, double[] vector, double[] weights) {
        Pattern p = match(structure, weights.length, vector);
        if (p != null) {
            p.set(vector, weights);
            byRecency.get(p.id);
            return;
        }
        p = new Pattern(nextId++, structure, vector, weights);
        byRecency.put(p.id, p);
        byStructure.computeIfAbsent(structure, k -> new ArrayList<>(2)).add(p);
        if (byRecency.size() > capacity) {
            evictEldest();
        }
    }

    private void evictEldest() {
        Iterator<Pattern> it = byRecency.values().iterator();
        Pattern eldest = it.next();
        it.remove();
        List<Pattern> list = byStructure.get(eldest.structure);
        if (list != null) {
            list.remove(eldest);
            if (list.isEmpty()) {
                byStructure.remove(eldest.structure);
            }
        }
    }

    private @Nullable Pattern match(Fingerprint structure, int n, double[] vector) {
        List<Pattern> list = byStructure.get(structure);
        if (list == null) {
            return null;
        }
        double norm = norm(vector);
        Pattern best = null;
        double bestCos = Double.NEGATIVE_INFINITY;
        for (Pattern p : list) {
            if (p.weights.length != n) {
                continue;
            }
            double cos = cosine(p.vector, p.norm, vector, norm);
            if (cos >= minCosine && cos > bestCos) {
                bestCos = cos;
                best = p;
            }
        }
        return best;
    }

    /** Cosine of two vectors (0 when a norm is 0 or the lengths differ). */
    static double cosine(double[] a, double normA, double[] b, double normB) {
        if (a.length != b.length || normA == 0.0 || normB == 0.0) {
            return 0.0;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot / (normA * normB);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Number of stored patterns. */
    int size() {
        return byRecency.size();
    }

    /** Number of structures with at least one pattern. */
    int structures() {
        return byStructure.size();
    }

    void clear() {
        byRecency.clear();
        byStructure.clear();
    }

    /**
     * Normalized Shannon entropy {@code H(w)/ln n} of a distribution (natural logarithm, 0·ln 0 = 0),
     * in [0, 1]; NaN for fewer than two entries, where it is undefined.
     */
    static double normalizedEntropy(double[] w) {
        int n = w.length;
        if (n < 2) {
            return Double.NaN;
        }
        double h = 0;
        for (double x : w) {
            if (x > 0) {
                h -= x * Math.log(x);
            }
        }
        return h / Math.log(n);
    }
}
