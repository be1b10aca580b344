package io.neuraldag.cli;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random DAGs for the property tests: sparse ids, edges from lower to higher position. */
final class RandomDags {
    private RandomDags() {}

    static QueryDag random(long seed, int maxNodes) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 1 + r.nextInt(maxNodes);
        double density = 0.05 + r.nextDouble() * 0.4;
        QueryDag dag = new QueryDag();
        int[] ids = new int[n];
        int id = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            ids[i] = id;
            // costs are multiples of 0.25, so every path sum is exact
            double cost = r.nextInt(400) / 4.0;
            dag.addNode(id, OperatorNode.of(operator(r, i), r.nextInt(100_000), cost));
            id += 1 + (r.nextInt(4) == 0 ? r.nextInt(5) : 0);
        }
        for (int j = 1; j < n; j++) {
            for (int i = 0; i < j; i++) {
                if (r.nextDouble() < density / Math.max(1, j / 8)) {
                    dag.addEdge(ids[i], ids[j]);
                }
            }
        }
        return dag;
    }

    private static Operator operator(SplittableRandom r, int i) {
        return switch (r.nextInt(8)) {
            case 0 -> new Operator.SeqScan("t" + i);
            case 1 -> new Operator.IndexScan("t" + i + "_pkey", "t" + i);
            case 2 -> new Operator.Filter("c" + i + " > " + r.nextInt(100));
            case 3 -> new Operator.HashJoin("a.k = b.k" + i, JoinType.INNER);
            case 4 -> new Operator.Sort(List.of("c" + i));
            case 5 -> new Operator.HnswScan("emb_hnsw", 40, "items", 10);
            case 6 -> new Operator.Aggregate(List.of("count(*)"));
            default -> new Operator.Result();
        };
    }
}
