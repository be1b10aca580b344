package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shortcuts of the S_min tree repair, the kept-tree repair and the cancellation of a decrease's
 * rest: walk tags (a repair walk towards s stops at a node an earlier walk of the same repair found
 * rooted, or found unrooted with no re-hanging since), the candidate parents a freed orphan
 * recorded in its one scan (the final re-attachment checks only those), the reclaim of freed nodes
 * from a re-hung orphan (and the orphans it leaves below their reclaimed parent), and the one-pass
 * discharge that replaces path-by-path cancellation. Each sequence steers its updates onto tree
 * arcs that lose their residual, opened cut arcs and decreases below the flow, and checks after
 * every update: λ against a fresh solve (JGraphT every 8 steps), S_min against a brute-force
 * residual BFS, the S_min tree (rooted, acyclic, residual) and the certificate (feasible, conserved
 * flow). Block tests check that every shortcut was taken.
 */
class RepairShortcutsTest {

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    /** An arc with both ends in S_min and positive residual (possibly a tree arc), or -1. */
    private static int insideResidualArc(FlowState st, SplittableRandom rnd) {
        return firstArcFrom(
                st,
                rnd,
                a -> st.net.cap[a] != Double.POSITIVE_INFINITY
                        && st.net.cap[a] - st.flow[a] > 0.0
                        && st.inSmin(st.net.tail(a))
                        && st.inSmin(st.net.head(a)));
    }

    /** A saturated finite arc of the S_min cut, or -1. */
    private static int cutArc(FlowState st, SplittableRandom rnd) {
        return firstArcFrom(
                st,
                rnd,
                a -> st.net.cap[a] > 0.0
                        && st.net.cap[a] != Double.POSITIVE_INFINITY
                        && st.flow[a] >= st.net.cap[a]
                        && st.inSmin(st.net.tail(a))
                        && !st.inSmin(st.net.head(a)));
    }

    /** An arc carrying flow that does not leave t or enter s, or -1. */
    private static int flowArc(FlowState st, SplittableRandom rnd) {
        return firstArcFrom(st, rnd, a -> st.flow[a] > 0.0 && st.net.tail(a) != st.t && st.net.head(a) != st.s);
    }

    /** The first arc matching {@code wanted} in arc order from a random start, wrapping, or -1. */
    private static int firstArcFrom(FlowState st, SplittableRandom rnd, IntPredicate wanted) {
        int m = st.net.arcCount();
        int start = rnd.nextInt(m);
        for (int i = 0; i < m; i++) {
            int a = (start + i) % m;
            if (wanted.test(a)) {
                return a;
            }
        }
        return -1;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void repairsWithWalkTagsRecordedCandidatesAndDischargesMatchTheOracles(long seed) {
        steered(seed);
    }

    /**
     * One steered sequence, checked after every update; returns {walks stopped at a rooted tag,
     * at an unrooted tag, recorded-candidate attachments, discharged cancellations, kept-tree
     * walks stopped at an unrooted tag, freed nodes reclaimed from a re-hung orphan, orphans kept
     * below a reclaimed parent}.
     */
    private static long[] steered(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 10 + rnd.nextInt(seed % 10 == 0 ? 120 : 40);
        FlowNetwork net = seed % 3 == 0
                ? RandomNetworks.network(rnd, n, 2 * n + rnd.nextInt(3 * n + 1))
                : SourceSideTreeTest.band(rnd, n);
        int nodes = net.nodeCount();
        FlowState st = new FlowState(net, 0, nodes - 1);
        MinCutSolver fresh = MinCutSolver.create();
        for (int step = 0; step < 40; step++) {
            String at = "seed " + seed + " step " + step;
            if (st.infinite) {
                break;
            }
            int kind = step % 4;
            int a = switch (kind) {
                case 0 -> insideResidualArc(st, rnd);
                case 1 -> cutArc(st, rnd);
                default -> flowArc(st, rnd);
            };
            if (a < 0) {
                int b = rnd.nextInt(st.net.arcCount());
                double c = st.net.cap[b];
                st.setCapacity(b, c == Double.POSITIVE_INFINITY ? 5.0 : 0.25 * (4 + rnd.nextInt(80)));
            } else if (kind == 0) {
                st.setCapacity(a, st.flow[a]); // the arc leaves the residual graph (a repair if it is a tree arc)
            } else if (kind == 1) {
                st.setCapacity(a, st.net.cap[a] + 0.25 * (1 + rnd.nextInt(160)));
            } else {
                double f = st.flow[a];
                st.setCapacity(a, rnd.nextInt(3) == 0 ? 0.0 : 0.25 * Math.floor(4 * f * rnd.nextDouble()));
            }
            FlowStateChecks.afterUpdate(at, st, fresh, nodes, step % 8 == 0, true);
        }
        return new long[] {
            st.rootedTagStops,
            st.failedTagStops,
            st.candidateAttachments,
            st.dischargedCancels,
            st.search.failedTagStops,
            st.reclaimed,
            st.keptBelowReclaimed
        };
    }

    /** Every block of 50 steered sequences takes each shortcut. */
    @ParameterizedTest(name = "seeds {0} to {0} + 49")
    @MethodSource("blocks")
    void steeredSequencesTakeEveryShortcut(long first) {
        long[] sum = new long[7];
        for (long seed = first; seed < first + 50; seed++) {
            long[] c = steered(seed);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += c[i];
            }
        }
        assertThat(sum[0]).as("repair walks stopped at a rooted tag").isPositive();
        assertThat(sum[1]).as("repair walks stopped at an unrooted tag").isPositive();
        assertThat(sum[2])
                .as("freed orphans re-attached from recorded candidates")
                .isPositive();
        assertThat(sum[3]).as("discharged cancellations").isPositive();
        assertThat(sum[4]).as("kept-tree walks stopped at an unrooted tag").isPositive();
        assertThat(sum[5]).as("freed nodes reclaimed from a re-hung orphan").isPositive();
        assertThat(sum[6]).as("orphans kept below a reclaimed parent").isPositive();
    }

    static LongStream blocks() {
        return LongStream.of(0, 50, 100, 150, 200, 250, 300, 350);
    }
}
