package io.neuraldag.core;

/**
 * A directed edge {@code from -> to} in data-flow direction: the output of {@code from} feeds
 * {@code to}. Ordered by {@code from}, then {@code to}. Immutable and thread-safe.
 *
 * @param from producing node id
 * @param to consuming node id
 */
public record Edge(int from, int to) implements Comparable<Edge> {
    @Override
    public int compareTo(Edge o) {
        int c = Integer.compare(from, o.from);
        return c != 0 ? c : Integer.compare(to, o.to);
    }
}
