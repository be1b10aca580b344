package io.neuraldag.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The M2 acceptance criterion of issue 5, written with the public API. */
class M2AcceptanceTest {
    private final SplittableRandom random = new SplittableRandom(2);

    /** A small vector-search plan: two scans, a hash join, distance, sort, limit, result. */
    private static QueryDag plan() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("orders"), 10_000, 120));
        dag.addNode(1, OperatorNode.of(new Operator.HnswScan("items_embedding", 64, "items", 50), 50, 15));
        dag.addNode(2, OperatorNode.of(new Operator.HashJoin("item_id", JoinType.INNER), 400, 60));
        dag.addNode(3, OperatorNode.of(new Operator.VectorDistance("cosine"), 400, 8));
        dag.addNode(4, OperatorNode.of(new Operator.Sort(List.of("distance"), List.of(false)), 400, 12));
        dag.addNode(5, OperatorNode.of(new Operator.Limit(10), 10, 0.1));
        dag.addNode(6, OperatorNode.of(new Operator.Result(), 10, 0));
        dag.addEdge(0, 2);
        dag.addEdge(1, 2);
        dag.addEdge(2, 3);
        dag.addEdge(3, 4);
        dag.addEdge(4, 5);
        dag.addEdge(5, 6);
        return dag;
    }

    /** A reward in [0, 1] that favours CriticalPath. */
    private double simulateQueryImprovement(int chosen) {
        double mean = chosen == AttentionKind.CRITICAL_PATH.index() ? 0.8 : 0.4;
        return Math.min(1, Math.max(0, mean + 0.1 * (random.nextDouble() - 0.5)));
    }

    @Test
    void m2Acceptance() {
        QueryDag dag = plan();
        AttentionConfig config = AttentionConfig.defaults();
        List<DagAttention> mechanisms = Arrays.stream(AttentionKind.values())
                .map(kind -> DagAttention.create(kind, config))
                .toList(); // all seven
        for (DagAttention mechanism : mechanisms) {
            AttentionScores scores = mechanism.forward(dag);
            double sum = 0;
            for (int id : dag.nodeIds()) {
                double w = scores.weight(id);
                assertTrue(w >= 0 && w <= 1);
                sum += w;
            }
            assertEquals(1.0, sum, 1e-9);
        }
        AttentionSelector selector = AttentionSelector.ucb1(mechanisms.size());
        for (int i = 0; i < 100; i++) {
            int chosen = selector.select();
            selector.update(chosen, simulateQueryImprovement(chosen));
        }
        assertEquals(7, mechanisms.size());
        long pulls = selector.stats().stream().mapToLong(ArmStats::pulls).sum();
        assertEquals(100, pulls);
        assertEquals(AttentionKind.CRITICAL_PATH.index(), selector.bestArm().orElseThrow());
    }
}
