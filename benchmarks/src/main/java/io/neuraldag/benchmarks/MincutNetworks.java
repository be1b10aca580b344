package io.neuraldag.benchmarks;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import io.neuraldag.mincut.FlowNetwork;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.DirectedWeightedMultigraph;

/*
 * Seeded inputs of the min-cut benchmarks, all deterministic functions of (n, seed):
 *
 * - randomNetwork: a banded random directed network. Node 0 is S, node n-1 is T; S feeds nodes
 *   1..w and nodes n-1-w..n-2 drain to T (infinite arcs), w = max(4, sqrt(n)). The 3n other arcs
 *   go from a uniform tail u to u + d with d uniform in [-w/4, w] (so backward arcs and cycles
 *   occur), capacities multiples of 0.25 in [1, 100]. Every S-T path crosses the whole band, so
 *   minimum cuts lie anywhere along it, not only at the terminals.
 * - layeredPlan: a plan of n operators whose ids follow a topological order; each operator after
 *   the first sqrt(n) has 1 to 3 inputs among the 2 sqrt(n) ids before it (about 2n edges, so the
 *   plan network has about 3n arcs besides the connectors).
 * - toJGraphT / finite: the same network as a JGraphT multigraph, with every infinite capacity
 *   replaced by one more than the sum of the finite ones (which cannot change the max-flow value
 *   when no S-T path is all infinite), so both libraries solve exactly the same finite network.
 */
final class MincutNetworks {
    private MincutNetworks() {}

    /** The band width of {@link #randomNetwork}. */
    static int band(int n) {
        return Math.max(4, (int) Math.sqrt(n));
    }

    /** A random capacity, a multiple of 0.25 in [1, 100]. */
    static double capacity(SplittableRandom r) {
        return 0.25 * (4 + r.nextInt(397));
    }

    /** A random arc of the band as {tail, head}. */
    static int[] randomArc(int n, SplittableRandom r) {
        int w = band(n);
        int u = 1 + r.nextInt(n - 2);
        int v = u + r.nextInt(w + 1 + w / 4) - w / 4;
        v = Math.max(1, Math.min(n - 2, v));
        if (v == u) {
            v = u < n - 2 ? u + 1 : u - 1;
        }
        return new int[] {u, v};
    }

    /** The banded random network of n nodes (S = 0, T = n - 1) and about 3n arcs. */
    static FlowNetwork randomNetwork(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = band(n);
        FlowNetwork net = new FlowNetwork(n, 3 * n + 2 * w);
        net.addNodes(n);
        for (int i = 1; i <= w; i++) {
            net.addArc(0, i, Double.POSITIVE_INFINITY);
            net.addArc(n - 1 - i, n - 1, Double.POSITIVE_INFINITY);
        }
        for (int k = 0; k < 3 * n; k++) {
            int[] a = randomArc(n, r);
            net.addArc(a[0], a[1], capacity(r));
        }
        return net;
    }

    /** The layered plan of n operators, about 2n edges, ids in topological order. */
    static QueryDag layeredPlan(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag dag = new QueryDag(n, 2 * n);
        int layer = Math.max(2, (int) Math.sqrt(n));
        for (int i = 0; i < n; i++) {
            Operator op = i < layer
                    ? new Operator.SeqScan("t" + i)
                    : new Operator.HashJoin("k", io.neuraldag.core.JoinType.INNER);
            dag.addNode(i, OperatorNode.of(op, 1 + r.nextInt(100_000), 1 + r.nextInt(397) / 4.0));
        }
        for (int v = layer; v < n; v++) {
            int lo = Math.max(0, v - 2 * layer);
            int k = 1 + r.nextInt(3);
            for (int j = 0; j < k; j++) {
                dag.addEdge(lo + r.nextInt(v - lo), v);
            }
        }
        return dag;
    }

    /**
     * 1000 plan-edge updates for {@link #layeredPlan}, in the mix of the M3 acceptance: a third
     * re-weight or delete an existing edge, two thirds insert or re-weight a forward pair at most 60
     * ids apart; a quarter of all updates delete (capacity 0), a tenth of the others set +inf.
     * Returned as {from[], to[], capacity[]} packed into one array of three rows.
     */
    static double[][] planUpdates(QueryDag plan, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = plan.nodeCount();
        Set<Long> edges = new HashSet<>();
        long[] list = new long[plan.edgeCount() + count];
        int size = 0;
        for (io.neuraldag.core.Edge e : plan.edges()) {
            long key = ((long) e.from() << 32) | e.to();
            edges.add(key);
            list[size++] = key;
        }
        double[][] out = new double[3][count];
        for (int i = 0; i < count; i++) {
            int u;
            int v;
            if (i % 3 == 0 && size > 0) {
                int k = r.nextInt(size);
                long key = list[k];
                u = (int) (key >>> 32);
                v = (int) key;
            } else {
                u = r.nextInt(n - 1);
                v = u + 1 + r.nextInt(Math.min(60, n - 1 - u));
            }
            double c = r.nextInt(4) == 0
                    ? 0.0
                    : r.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : 1e-3 * (1 + r.nextInt(40));
            long key = ((long) u << 32) | v;
            if (c == 0.0) {
                if (edges.remove(key)) {
                    int k = indexOf(list, size, key);
                    list[k] = list[--size];
                }
            } else if (edges.add(key)) {
                list[size++] = key;
            }
            out[0][i] = u;
            out[1][i] = v;
            out[2][i] = c;
        }
        return out;
    }

    private static int indexOf(long[] list, int size, long key) {
        for (int k = 0; k < size; k++) {
            if (list[k] == key) {
                return k;
            }
        }
        throw new IllegalStateException("edge not tracked: " + key);
    }

    /** A copy of the network with every infinite capacity replaced by 1 + the sum of the finite ones. */
    static FlowNetwork finite(FlowNetwork net) {
        double big = 1.0;
        for (int a = 0; a < net.arcCount(); a++) {
            double c = net.capacity(a);
            if (c != Double.POSITIVE_INFINITY) {
                big += c;
            }
        }
        FlowNetwork f = net.copy();
        for (int a = 0; a < f.arcCount(); a++) {
            if (f.capacity(a) == Double.POSITIVE_INFINITY) {
                f.setCapacity(a, big);
            }
        }
        return f;
    }

    /** The network as a JGraphT multigraph on vertices 0..nodeCount-1 (arcs of capacity 0 left out). */
    static Graph<Integer, DefaultWeightedEdge> toJGraphT(FlowNetwork net) {
        Graph<Integer, DefaultWeightedEdge> g = new DirectedWeightedMultigraph<>(DefaultWeightedEdge.class);
        for (int v = 0; v < net.nodeCount(); v++) {
            g.addVertex(v);
        }
        for (int a = 0; a < net.arcCount(); a++) {
            double c = net.capacity(a);
            if (c > 0.0) {
                DefaultWeightedEdge e = g.addEdge(net.tail(a), net.head(a));
                g.setEdgeWeight(e, c);
            }
        }
        return g;
    }

    /**
     * Updates to a {@link #randomNetwork}: a tenth add a new random band arc, the others set the
     * capacity of a random non-connector arc (added ones included), a fifth of them to 0. Returned as
     * rows {arc or -1 for a new arc, tail, head, capacity}.
     */
    static double[][] networkUpdates(int n, int arcCount, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] out = new double[4][count];
        int arcs = arcCount;
        int connectors = 2 * band(n);
        for (int i = 0; i < count; i++) {
            if (r.nextInt(10) == 0) {
                int[] a = randomArc(n, r);
                out[0][i] = -1;
                out[1][i] = a[0];
                out[2][i] = a[1];
                out[3][i] = capacity(r);
                arcs++;
            } else {
                out[0][i] = connectors + r.nextInt(arcs - connectors);
                out[3][i] = r.nextInt(5) == 0 ? 0.0 : capacity(r);
            }
        }
        return out;
    }
}
