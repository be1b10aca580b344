package io.neuraldag.mincut;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** The answer of a {@link LocalKCut} query. Immutable. */
public sealed interface LocalCut {

    /**
     * A set {@code S} containing the seed, inside the ball, not the whole graph, with {@code
     * boundary < k} and {@code volume <= nu}; its boundary is the minimum over all such candidates in
     * the ball, and among the minimisers it has the least volume.
     *
     * @param vertices the members of {@code S}, ascending
     * @param boundary the total symmetrised weight of edges leaving {@code S}
     * @param volume the sum of the members' weighted degrees
     */
    @SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode compare contents
    record Found(int[] vertices, double boundary, double volume) implements LocalCut {
        /** Copies the vertices. */
        public Found {
            vertices = vertices.clone();
        }

        /**
         * A copy of the members.
         *
         * @return a new ascending array
         */
        @Override
        public int[] vertices() {
            return vertices.clone();
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Found f
                    && Arrays.equals(vertices, f.vertices)
                    && Double.compare(boundary, f.boundary) == 0
                    && Double.compare(volume, f.volume) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(vertices) + Double.hashCode(boundary) * 17 + Double.hashCode(volume);
        }

        @Override
        public String toString() {
            return "Found[vertices=" + Arrays.toString(vertices) + ", boundary=" + boundary + ", volume=" + volume
                    + "]";
        }
    }

    /** No qualifying set was found in the ball (see {@link LocalKCut} for the one allowed miss). */
    record NoneInLocality() implements LocalCut {}
}
