package io.neuraldag.mincut;

import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.SplittableRandom;

/** Seeded generators of flow networks and plans for property tests. */
final class RandomNetworks {
    private RandomNetworks() {}

    /** A capacity: 10% zero, 10% infinite, otherwise an integer 1..10 or a real in (0, 10). */
    static double capacity(SplittableRandom rnd) {
        double p = rnd.nextDouble();
        if (p < 0.1) {
            return 0.0;
        }
        if (p < 0.2) {
            return Double.POSITIVE_INFINITY;
        }
        if (p < 0.6) {
            return 1 + rnd.nextInt(10);
        }
        return 10.0 * rnd.nextDouble() + 1e-3;
    }

    /** A random directed network on n nodes with cycles, parallel arcs, zero and infinite capacities. */
    static FlowNetwork network(SplittableRandom rnd, int n, int arcs) {
        FlowNetwork net = new FlowNetwork();
        net.addNodes(n);
        for (int i = 0; i < arcs; i++) {
            int u = rnd.nextInt(n);
            int v = rnd.nextInt(n - 1);
            if (v >= u) {
                v++;
            }
            net.addArc(u, v, capacity(rnd));
        }
        return net;
    }

    /** A random plan: n operators, ids 0..n-1 in a random topological order, random costs. */
    static QueryDag plan(SplittableRandom rnd, int n, double edgeProbability) {
        QueryDag dag = new QueryDag();
        for (int i = 0; i < n; i++) {
            double cost = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 1 + rnd.nextInt(200) / 2.0;
            Operator op = switch (rnd.nextInt(6)) {
                case 0 -> new Operator.SeqScan("t" + rnd.nextInt(5));
                case 1 -> new Operator.HashJoin("k", io.neuraldag.core.JoinType.INNER);
                case 2 -> new Operator.Filter("p");
                case 3 -> new Operator.NestedLoopJoin(io.neuraldag.core.JoinType.INNER);
                case 4 -> new Operator.Materialize();
                default -> new Operator.Result();
            };
            dag.addNode(i, OperatorNode.of(op, rnd.nextInt(2_000_000), cost));
        }
        for (int v = 1; v < n; v++) {
            for (int u = 0; u < v; u++) {
                if (rnd.nextDouble() < edgeProbability) {
                    dag.addEdge(u, v);
                }
            }
        }
        return dag;
    }
}
