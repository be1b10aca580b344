package io.neuraldag.mincut;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.List;

/** The hand-computed plans of spec 02 §2.3. */
final class Plans {
    private Plans() {}

    static QueryDag bowtie() {
        return PlanNetworkTest.bowtie();
    }

    /** A chain 0 -> 1 -> ... with the given costs. */
    static QueryDag chain(double... costs) {
        QueryDag dag = new QueryDag();
        for (int i = 0; i < costs.length; i++) {
            Operator op = i == 0 ? new Operator.SeqScan("t") : new Operator.Filter("p" + i);
            dag.addNode(i, OperatorNode.of(op, 1000, costs[i]));
            if (i > 0) {
                dag.addEdge(i - 1, i);
            }
        }
        return dag;
    }

    /** 0 -> {1, 2, 3} -> 4 with unit costs. */
    static QueryDag fan() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("t"), 10, 1));
        for (int i = 1; i <= 3; i++) {
            dag.addNode(i, OperatorNode.of(new Operator.Filter("p" + i), 10, 1));
            dag.addEdge(0, i);
        }
        dag.addNode(4, OperatorNode.of(new Operator.Append(), 10, 1));
        for (int i = 1; i <= 3; i++) {
            dag.addEdge(i, 4);
        }
        return dag;
    }

    /** The sample join plan: costs 500, 100, 200, 50, 1; edges 0->2, 1->2, 2->3, 3->4. */
    static QueryDag sampleJoin() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("orders"), 100_000, 500));
        dag.addNode(1, OperatorNode.of(new Operator.IndexScan("customers_pkey", "customers"), 1_000, 100));
        dag.addNode(2, OperatorNode.of(new Operator.HashJoin("customer_id", JoinType.INNER), 50_000, 200));
        dag.addNode(3, OperatorNode.of(new Operator.Sort(List.of("total"), List.of(true)), 50_000, 50));
        dag.addNode(4, OperatorNode.of(new Operator.Result(), 50_000, 1));
        dag.addEdge(0, 2);
        dag.addEdge(1, 2);
        dag.addEdge(2, 3);
        dag.addEdge(3, 4);
        return dag;
    }
}
