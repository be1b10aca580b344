package io.neuraldag.mincut;

/**
 * Local cuts around a seed vertex (spec 02 §2.5), for pre-screening only: criticality is always
 * computed exactly.
 *
 * <p>Background: a local cut algorithm (Chechik et al., SODA 2017; Forster, Nanongkai, Yang,
 * Saranurak and Yingchareonthawornchai, SODA 2020) takes a seed {@code x}, a cut bound {@code k} and
 * a volume bound {@code nu}, and either returns {@code S} containing {@code x} with {@code vol(S) <=
 * nu} and boundary {@code < k}, or reports that none exists, in time depending on {@code nu} and
 * {@code k} rather than {@code n}.
 *
 * <p><b>This query</b> works on the symmetrised graph: the weight of the pair {@code {u, v}} is the
 * sum of the capacities of all arcs between them in both directions (arcs of capacity 0 are absent);
 * {@code vol(S)} is the sum of the weighted degrees of its members. Candidates are the sets {@code S}
 * with {@code x in S}, {@code S} inside the ball {@code B_r(x)} of vertices within {@code r} hops,
 * and {@code S != V}. One max-flow runs from {@code x} to the contracted outside of the ball; when
 * the ball is all of {@code V}, the minimum is taken over every {@code t != x}. Of the minimisers the
 * one of least volume is kept (the source-minimal minimum cut; ties by size, then by smaller
 * {@code t}).
 *
 * <p><b>Contract:</b> a returned {@link LocalCut.Found} is sound ({@code x in S}, {@code S} in the
 * ball, {@code S != V}, {@code boundary < k}, {@code vol(S) <= nu}) and has the minimum boundary over
 * all candidates. The one allowed miss: when the least-volume minimiser exceeds {@code nu}, the
 * answer is {@link LocalCut.NoneInLocality} even if a non-minimal candidate with boundary {@code < k}
 * and volume {@code <= nu} exists.
 *
 * <p>Cost: {@code O(ball)} to collect the ball, then one max-flow on the ball's induced graph (or
 * {@code n - 1} of them when the ball is everything). The symmetrised graph is built once, in {@code
 * O(n + m log m)}, by {@link #over(FlowNetwork)}. Thread-safe: the graph is immutable and each query
 * uses its own workspace.
 */
public interface LocalKCut {

    /**
     * Symmetrises a snapshot of the network (later changes to it are not seen).
     *
     * @param network the network
     * @return the query object
     */
    static LocalKCut over(FlowNetwork network) {
        return new BallLocalKCut(network);
    }

    /**
     * Looks for a small cut around {@code x}.
     *
     * @param x the seed vertex
     * @param k the strict upper bound on the boundary, {@code >= 0} (may be {@code +inf})
     * @param nu the upper bound on the volume, {@code >= 0} (may be {@code +inf})
     * @param r the ball radius in hops, {@code >= 0}
     * @return {@link LocalCut.Found} or {@link LocalCut.NoneInLocality}
     * @throws MinCutException {@code UNKNOWN_NODE} for {@code x}, {@code INVALID_ARGUMENT} for a NaN
     *     or negative bound or a negative radius
     */
    LocalCut query(int x, double k, double nu, int r);
}
