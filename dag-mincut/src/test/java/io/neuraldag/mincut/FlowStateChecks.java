package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks the dynamic-update tests run after every single update of a {@link FlowState}: λ
 * against a fresh solve (and JGraphT when asked), then, when λ is finite, S_min against its
 * definition (the exactness flag, the S_min tree rooted, acyclic and residual, and membership equal
 * to a brute-force residual BFS from s that does not reach t) and the flow certificate.
 */
final class FlowStateChecks {
    private FlowStateChecks() {}

    /**
     * Runs every check on {@code st} with source 0 and sink {@code nodes - 1}.
     *
     * @param at the failure context (seed and step)
     * @param withJGraphT whether this step also compares λ with JGraphT's Edmonds–Karp
     * @param certificate whether to check the flow certificate as well
     */
    static void afterUpdate(
            String at, FlowState st, MinCutSolver fresh, int nodes, boolean withJGraphT, boolean certificate) {
        Oracles.assertClose(at, fresh.maxFlow(st.net, 0, nodes - 1), st.lambda);
        if (withJGraphT) {
            Oracles.assertClose(at + " (JGraphT)", Oracles.jgrapht(st.net, 0, nodes - 1, false), st.lambda);
        }
        if (st.infinite) {
            return;
        }
        sminMatchesResidualReach(at, st, nodes);
        if (certificate) {
            Certificates.check(at, st.net, 0, nodes - 1, st.result(new int[0]));
        }
    }

    /**
     * Checks S_min of a state with finite λ: the exactness flag, the S_min tree, and membership
     * equal to a brute-force residual BFS from node 0 that must not reach {@code nodes - 1}.
     */
    static void sminMatchesResidualReach(String at, FlowState st, int nodes) {
        assertThat(st.sminExact()).as(at).isTrue();
        assertThat(st.sminTreeValid()).as(at + ": tree").isTrue();
        boolean[] reach = ResidualReach.from(st.net, st.flow, 0, new int[st.net.nodeCount]);
        assertThat(reach[nodes - 1]).as(at + ": flow is maximum").isFalse();
        for (int v = 0; v < reach.length; v++) {
            assertThat(st.inSmin(v)).as(at + " node " + v).isEqualTo(reach[v]);
        }
    }
}
