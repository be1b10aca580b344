package io.neuraldag.mincut;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlowNetworkTest {

    @Test
    void nodesAndArcsAreNumberedInInsertionOrder() {
        FlowNetwork net = new FlowNetwork(0, 0);
        assertThat(net.addNode()).isZero();
        assertThat(net.addNodes(5)).isEqualTo(1);
        assertThat(net.nodeCount()).isEqualTo(6);
        assertThat(net.addArc(0, 1, 2.0)).isZero();
        assertThat(net.addArc(0, 2, Double.POSITIVE_INFINITY)).isEqualTo(1);
        assertThat(net.addArc(0, 1, 0.0)).isEqualTo(2); // parallel arcs are kept apart
        assertThat(net.addArc(3, 0, 1.5)).isEqualTo(3);
        assertThat(net.arcCount()).isEqualTo(4);
        assertThat(net.tail(3)).isEqualTo(3);
        assertThat(net.head(3)).isZero();
        assertThat(net.capacity(1)).isInfinite();
        assertThat(net.outArcs(0)).containsExactly(0, 1, 2);
        assertThat(net.inArcs(0)).containsExactly(3);
        assertThat(net.inArcs(1)).containsExactly(0, 2);
        assertThat(net.outArcs(5)).isEmpty();
    }

    /** Over 300 seeded networks: tailOrder is a stable grouping by tail; renumbered copies every arc. */
    @Test
    void tailOrderGroupsArcsByTailAndARenumberedCopyKeepsEveryArc() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom rnd = new SplittableRandom(0x7A11_0000L + seed);
            int n = 2 + rnd.nextInt(20);
            FlowNetwork net = RandomNetworks.network(rnd, n, rnd.nextInt(4 * n));
            String ctx = "seed " + seed;
            int m = net.arcCount();
            int[] order = net.tailOrder();
            assertThat(order).as(ctx).hasSize(m);
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            assertThat(sorted)
                    .as(ctx + ": a permutation")
                    .isEqualTo(IntStream.range(0, m).toArray());
            for (int i = 1; i < m; i++) {
                int pt = net.tail(order[i - 1]);
                int ct = net.tail(order[i]);
                assertThat(pt < ct || (pt == ct && order[i - 1] < order[i]))
                        .as(ctx + ", position " + i)
                        .isTrue();
            }
            int spare = rnd.nextInt(8);
            FlowNetwork c = net.renumbered(order, spare);
            assertThat(c.nodeCount()).as(ctx).isEqualTo(n);
            assertThat(c.arcCount()).as(ctx).isEqualTo(m);
            assertThat(c.cap.length).as(ctx + ": room").isGreaterThanOrEqualTo(m + spare);
            for (int i = 0; i < m; i++) {
                assertThat(c.tail(i)).as(ctx).isEqualTo(net.tail(order[i]));
                assertThat(c.head(i)).as(ctx).isEqualTo(net.head(order[i]));
                assertThat(c.capacity(i)).as(ctx).isEqualTo(net.capacity(order[i]));
            }
            int linked = 0;
            for (int v = 0; v < n; v++) {
                int last = -1;
                for (int h = c.first[v]; h != FlowNetwork.NONE; h = c.next[h]) {
                    assertThat(h).as(ctx + ", node " + v + ": ascending").isGreaterThan(last);
                    assertThat(c.to[h ^ 1])
                            .as(ctx + ", node " + v + ": leaves it")
                            .isEqualTo(v);
                    last = h;
                    linked++;
                }
                assertThat(c.parkedFirst[v]).as(ctx).isEqualTo(FlowNetwork.NONE);
            }
            assertThat(linked).as(ctx + ": every half-edge linked once").isEqualTo(2 * m);
        }
    }

    @Test
    void growsPastTheSizeHints() {
        FlowNetwork net = new FlowNetwork(1, 1);
        net.addNodes(1000);
        for (int i = 0; i < 999; i++) {
            net.addArc(i, i + 1, i);
        }
        for (int i = 1000; i < 1100; i++) {
            net.addNode();
        }
        net.addArc(0, 1099, 7);
        assertThat(net.nodeCount()).isEqualTo(1100);
        assertThat(net.arcCount()).isEqualTo(1000);
        assertThat(net.capacity(500)).isEqualTo(500.0);
        assertThat(net.inArcs(1099)).containsExactly(999);
    }

    @Test
    void negativeZeroIsStoredAsZero() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(2);
        int a = net.addArc(0, 1, -0.0);
        assertThat(Double.doubleToRawLongBits(net.capacity(a))).isZero();
        net.setCapacity(a, -0.0);
        assertThat(Double.doubleToRawLongBits(net.capacity(a))).isZero();
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(doubles = {Double.NaN, -1.0, -1e-300, Double.NEGATIVE_INFINITY})
    void badCapacitiesAreRejectedAndLeaveTheNetworkUnchanged(double bad) {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(3);
        int a = net.addArc(0, 1, 4.0);
        assertThatThrownBy(() -> net.addArc(1, 2, bad))
                .isInstanceOfSatisfying(
                        MinCutException.class,
                        e -> assertThat(e.kind()).isEqualTo(MinCutException.Kind.INVALID_CAPACITY));
        assertThatThrownBy(() -> net.setCapacity(a, bad))
                .isInstanceOfSatisfying(
                        MinCutException.class,
                        e -> assertThat(e.kind()).isEqualTo(MinCutException.Kind.INVALID_CAPACITY));
        assertThat(net.arcCount()).isEqualTo(1);
        assertThat(net.capacity(a)).isEqualTo(4.0);
        assertThat(net.outArcs(1)).isEmpty();
    }

    @Test
    void selfLoopsUnknownNodesAndArcsAreTypedErrors() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(2);
        net.addArc(0, 1, 1.0);
        assertKind(() -> net.addArc(1, 1, 1.0), MinCutException.Kind.SELF_LOOP);
        assertKind(() -> net.addArc(0, 2, 1.0), MinCutException.Kind.UNKNOWN_NODE);
        assertKind(() -> net.addArc(-1, 0, 1.0), MinCutException.Kind.UNKNOWN_NODE);
        assertKind(() -> net.setCapacity(1, 1.0), MinCutException.Kind.UNKNOWN_ARC);
        assertKind(() -> net.capacity(-1), MinCutException.Kind.UNKNOWN_ARC);
        assertKind(() -> net.tail(5), MinCutException.Kind.UNKNOWN_ARC);
        assertKind(() -> net.outArcs(2), MinCutException.Kind.UNKNOWN_NODE);
        assertKind(() -> net.addNodes(-1), MinCutException.Kind.INVALID_ARGUMENT);
        assertKind(() -> new FlowNetwork(-1, 0), MinCutException.Kind.INVALID_ARGUMENT);
        assertThat(net.arcCount()).isEqualTo(1);
        assertThat(net.nodeCount()).isEqualTo(2);
        assertThat(net.outArcs(1)).isEmpty();
        assertThat(net.inArcs(1)).containsExactly(0);
    }

    @Test
    void copiesAreIndependent() {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(2);
        net.addArc(0, 1, 3.0);
        FlowNetwork copy = net.copy();
        copy.setCapacity(0, 9.0);
        copy.addArc(1, 0, 1.0);
        net.addNode();
        assertThat(net.capacity(0)).isEqualTo(3.0);
        assertThat(net.arcCount()).isEqualTo(1);
        assertThat(copy.arcCount()).isEqualTo(2);
        assertThat(copy.nodeCount()).isEqualTo(2);
        assertThat(copy.toString()).contains("arcs=2");
    }

    @Test
    void aCopyWithRoomIsTheSameNetworkAndStillGrowsPastItsRoom() {
        SplittableRandom r = new SplittableRandom(7);
        FlowNetwork net = RandomNetworks.network(r, 12, 30);
        FlowNetwork roomy = net.copyWithRoom(5);
        FlowNetwork plain = net.copy();
        // 40 insertions: past the room of 5 and past a doubling of the plain copy's arrays
        for (int k = 0; k < 40; k++) {
            int u = r.nextInt(12);
            int v = (u + 1 + r.nextInt(11)) % 12;
            double c = RandomNetworks.capacity(r);
            assertThat(roomy.addArc(u, v, c)).isEqualTo(plain.addArc(u, v, c));
            if (k % 3 == 0) {
                int a = r.nextInt(roomy.arcCount());
                roomy.setCapacity(a, 0.0);
                plain.setCapacity(a, 0.0);
            }
        }
        assertThat(roomy.arcCount()).isEqualTo(plain.arcCount()).isEqualTo(net.arcCount() + 40);
        for (int a = 0; a < roomy.arcCount(); a++) {
            assertThat(roomy.capacity(a)).as("arc %d", a).isEqualTo(plain.capacity(a));
            assertThat(roomy.tail(a)).isEqualTo(plain.tail(a));
            assertThat(roomy.head(a)).isEqualTo(plain.head(a));
        }
        for (int v = 0; v < 12; v++) {
            assertThat(roomy.outArcs(v)).as("out of %d", v).containsExactly(plain.outArcs(v));
            assertThat(roomy.inArcs(v)).as("in of %d", v).containsExactly(plain.inArcs(v));
        }
        // the original is untouched
        assertThat(net.arcCount()).isEqualTo(30);
    }

    static void assertKind(Runnable call, MinCutException.Kind kind) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        MinCutException.class, e -> assertThat(e.kind()).isEqualTo(kind));
    }
}
