package io.neuraldag.mincut;

import org.jgrapht.alg.flow.EdmondsKarpMFImpl;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.DirectedWeightedMultigraph;

/** Independent max-flow values: JGraphT's algorithms, with +inf replaced by a large finite bound. */
final class Oracles {
    private Oracles() {}

    static DirectedWeightedMultigraph<Integer, DefaultWeightedEdge> toJGraphT(FlowNetwork net, double[] bigOut) {
        double finite = 0.0;
        for (int a = 0; a < net.arcCount(); a++) {
            double c = net.capacity(a);
            if (c != Double.POSITIVE_INFINITY) {
                finite += c;
            }
        }
        double big = 1000.0 * (1.0 + finite);
        bigOut[0] = big;
        DirectedWeightedMultigraph<Integer, DefaultWeightedEdge> g =
                new DirectedWeightedMultigraph<>(DefaultWeightedEdge.class);
        for (int v = 0; v < net.nodeCount(); v++) {
            g.addVertex(v);
        }
        for (int a = 0; a < net.arcCount(); a++) {
            double c = net.capacity(a);
            if (c > 0.0) {
                DefaultWeightedEdge e = g.addEdge(net.tail(a), net.head(a));
                g.setEdgeWeight(e, c == Double.POSITIVE_INFINITY ? big : c);
            }
        }
        return g;
    }

    /** JGraphT's max-flow value, +inf when it reaches the stand-in bound for infinity. */
    static double jgrapht(FlowNetwork net, int s, int t, boolean pushRelabel) {
        double[] big = new double[1];
        var g = toJGraphT(net, big);
        double v = pushRelabel
                ? new PushRelabelMFImpl<>(g).getMaximumFlowValue(s, t)
                : new EdmondsKarpMFImpl<>(g).getMaximumFlowValue(s, t);
        return v >= big[0] * 0.5 ? Double.POSITIVE_INFINITY : v;
    }

    static void assertClose(String context, double expected, double actual) {
        if (expected == Double.POSITIVE_INFINITY || actual == Double.POSITIVE_INFINITY) {
            if (expected != actual) {
                throw new AssertionError(context + ": expected " + expected + " but was " + actual);
            }
            return;
        }
        if (Math.abs(expected - actual) > Certificates.tolerance(Math.max(Math.abs(expected), Math.abs(actual)))) {
            throw new AssertionError(context + ": expected " + expected + " but was " + actual);
        }
    }
}
