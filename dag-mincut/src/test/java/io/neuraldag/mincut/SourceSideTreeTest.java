package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The incrementally kept S_min tree of {@link FlowState}: after every single update of a random
 * sequence its node set equals a fresh residual BFS from s, without a recomputation, and every tree
 * half-edge is residual and leads from a shallower node.
 */
class SourceSideTreeTest {

    static LongStream seeds() {
        return LongStream.range(0, 2000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void trackedSourceSideEqualsAFreshResidualSearchAfterEveryUpdate(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 3 + rnd.nextInt(seed % 10 == 0 ? 60 : 14);
        FlowNetwork net = RandomNetworks.network(rnd, n, rnd.nextInt(3 * n + 1));
        FlowState st = new FlowState(net, 0, n - 1);
        Dinic oracle = new Dinic();
        int steps = 40;
        for (int i = 0; i < steps; i++) {
            int arcs = st.net.arcCount();
            if (arcs == 0 || rnd.nextInt(8) == 0) {
                int u = rnd.nextInt(n);
                int v = rnd.nextInt(n - 1);
                if (v >= u) {
                    v++;
                }
                st.addArc(u, v, RandomNetworks.capacity(rnd));
            } else {
                int a = rnd.nextInt(arcs);
                double c = st.net.capacity(a);
                double f = st.flow[a];
                double next = switch (rnd.nextInt(4)) {
                    case 0 -> f; // exactly saturate
                    case 1 -> rnd.nextDouble() * f; // below the flow
                    default -> RandomNetworks.capacity(rnd);
                };
                if (c == Double.POSITIVE_INFINITY && next == c) {
                    next = 1.0;
                }
                st.setCapacity(a, next);
            }
            if (st.infinite) {
                continue;
            }
            String at = "seed " + seed + " step " + i;
            assertThat(st.sminExact()).as(at).isTrue();
            assertThat(st.sminTreeValid()).as(at).isTrue();
            oracle.ensure(st.net.nodeCount());
            oracle.bfs(st.net, st.flow, 0, -1);
            boolean[] reach = new boolean[st.net.nodeCount()];
            for (int k = 0; k < oracle.visited; k++) {
                reach[oracle.queue[k]] = true;
            }
            assertThat(reach[n - 1]).as(at + ": flow is maximum").isFalse();
            for (int v = 0; v < reach.length; v++) {
                assertThat(st.inSmin(v)).as(at + " node " + v).isEqualTo(reach[v]);
            }
        }
    }
}
