package io.neuraldag.core;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One maximum-cost source-to-sink path of a DAG (spec 01 §2.5).
 *
 * <p>A path's cost is the sum of its nodes' {@code estimatedCost}. When every cost in the DAG is
 * 0, the path is chosen with every node weighing 1 (a longest path by node count) and its cost is
 * 0. Immutable and thread-safe: the path
 * is copied in and out.
 *
 * @param path node ids from a source to a sink, empty for an empty DAG
 * @param cost the path's cost
 */
@SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode compare contents
public record CriticalPath(int[] path, double cost) {
    /** Copies the path. */
    public CriticalPath {
        path = path.clone();
    }

    /**
     * A copy of the path's node ids, source first.
     *
     * @return the ids
     */
    @Override
    public int[] path() {
        return path.clone();
    }

    /**
     * The number of nodes on the path.
     *
     * @return the length
     */
    public int length() {
        return path.length;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof CriticalPath other
                && Arrays.equals(path, other.path)
                && Double.compare(cost, other.cost) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(path) + Double.hashCode(cost);
    }

    @Override
    public String toString() {
        return "CriticalPath[path=" + Arrays.toString(path) + ", cost=" + cost + "]";
    }
}
