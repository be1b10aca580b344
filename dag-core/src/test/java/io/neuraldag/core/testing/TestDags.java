package io.neuraldag.core.testing;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fixed query plans for the complexity levels of milestone M1 — {@linkplain #simple() simple},
 * {@linkplain #medium() medium}, {@linkplain #complex(long) complex} (50–100 nodes) and a
 * {@linkplain #vectorQuery() vector query} — plus {@linkplain #everyOperatorKind() one operator
 * of every kind} with all fields set. Edges follow data flow (scans toward the result); every cost
 * is a multiple of 0.25, so path costs are exact.
 *
 * <p>Every method returns a new, independent DAG. Stateless and thread-safe.
 */
public final class TestDags {
    private TestDags() {}

    /**
     * The simple level: {@code SeqScan(users) 0 -> Filter(id > 0) 1 -> Result 2}, costs 15, 2.5
     * and 0.25, rows 1000, 500, 500.
     *
     * @return a 3-node chain
     */
    public static QueryDag simple() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("users"), 1000, 15.0));
        dag.addNode(1, OperatorNode.of(new Operator.Filter("id > 0"), 500, 2.5));
        dag.addNode(2, OperatorNode.of(new Operator.Result(), 500, 0.25));
        dag.addEdge(0, 1);
        dag.addEdge(1, 2);
        return dag;
    }

    /**
     * The medium level: a two-table join with aggregation, 8 nodes, one sink.
     *
     * <pre>
     *   0 SeqScan(orders) -> 1 Filter -> 3 HashJoin <- 2 IndexScan(customers_pkey, customers)
     *   3 -> 4 HashAggregate -> 5 Sort(revenue desc) -> 6 Limit(10) -> 7 Result
     * </pre>
     *
     * The critical path by cost is {@code 0, 1, 3, 4, 5, 6, 7} with cost 4562.75.
     *
     * @return the DAG
     */
    public static QueryDag medium() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.SeqScan("orders"), 150_000, 2500.0));
        dag.addNode(1, OperatorNode.of(new Operator.Filter("o_orderdate >= '1995-01-01'"), 40_000, 375.0));
        dag.addNode(2, OperatorNode.of(new Operator.IndexScan("customers_pkey", "customers"), 15_000, 420.5));
        dag.addNode(3, OperatorNode.of(new Operator.HashJoin("o_custkey = c_custkey", JoinType.INNER), 40_000, 1200.0));
        dag.addNode(
                4,
                OperatorNode.of(
                        new Operator.HashAggregate(List.of("c_nationkey"), List.of("sum(o_totalprice)")), 25, 450.25));
        dag.addNode(5, OperatorNode.of(new Operator.Sort(List.of("revenue"), List.of(true)), 25, 37.0));
        dag.addNode(6, OperatorNode.of(new Operator.Limit(10), 10, 0.25));
        dag.addNode(7, OperatorNode.of(new Operator.Result(), 10, 0.25));
        int[][] edges = {{0, 1}, {1, 3}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {6, 7}};
        for (int[] e : edges) {
            dag.addEdge(e[0], e[1]);
        }
        return dag;
    }

    /**
     * The vector-query level: {@code HnswScan(items_embedding_idx, ef 64, items, k 100) 0 ->
     * VectorDistance(cosine) 1 -> Rerank(cross-encoder) 2 -> Limit(10) 3 -> Result 4}.
     *
     * @return a 5-node chain
     */
    public static QueryDag vectorQuery() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, OperatorNode.of(new Operator.HnswScan("items_embedding_idx", 64, "items", 100), 100, 12.5));
        dag.addNode(1, OperatorNode.of(new Operator.VectorDistance("cosine"), 100, 1.0));
        dag.addNode(2, OperatorNode.of(new Operator.Rerank("cross-encoder"), 100, 40.0));
        dag.addNode(3, OperatorNode.of(new Operator.Limit(10), 10, 0.25));
        dag.addNode(4, OperatorNode.of(new Operator.Result(), 10, 0.25));
        for (int i = 0; i < 4; i++) {
            dag.addEdge(i, i + 1);
        }
        return dag;
    }

    /**
     * The complex level: a random plan-shaped DAG of 50–100 nodes with one {@code Result} sink.
     * Scans (sequential, index, bitmap, HNSW) with optional filters are combined by hash, merge
     * and nested-loop joins into a bushy tree, with sorts, materializations and parallel gathers
     * along the way; shared common table expressions (one producer feeding two {@code CteScan}s)
     * make it a DAG rather than a tree. Ids are {@code 0..n-1} in creation order (inputs before
     * consumers); costs are multiples of 0.25.
     *
     * @param seed the seed (the same seed always gives the same DAG)
     * @return the DAG, with 50 to 100 nodes
     */
    public static QueryDag complex(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        while (true) {
            PlanBuilder b = new PlanBuilder(r);
            b.build(50 + r.nextInt(51));
            if (b.dag.nodeCount() >= 50 && b.dag.nodeCount() <= 100) {
                return b.dag;
            }
        }
    }

    /**
     * One operator of each of the 32 kinds, in tag order, with every field set to a non-default
     * value (non-empty and non-ASCII strings, non-default join types, present optional counts,
     * mixed sort directions).
     *
     * @return a new list of 32 operators; element {@code i} has tag {@code i}
     */
    public static List<Operator> everyOperatorKind() {
        return List.of(
                new Operator.SeqScan("lineitem"),
                new Operator.IndexScan("orders_pkey", "orders"),
                new Operator.IndexOnlyScan("idx_cover", "part"),
                new Operator.BitmapScan("idx_bitmap", "partsupp"),
                new Operator.HnswScan("items_hnsw", 128, "items", 25),
                new Operator.IvfFlatScan("items_ivf", 7, "items", 50),
                new Operator.SubqueryScan("sub_q"),
                new Operator.CteScan("recent_orders"),
                new Operator.NestedLoopJoin(JoinType.LEFT),
                new Operator.HashJoin("a.id = b.id", JoinType.RIGHT),
                new Operator.MergeJoin("k1 = k2", JoinType.FULL),
                new Operator.Aggregate(List.of("count(*)", "sum(x)")),
                new Operator.GroupBy(List.of("a", "b")),
                new Operator.HashAggregate(List.of("key"), List.of("avg(v)", "max(v)")),
                new Operator.WindowAgg(List.of("rank()")),
                new Operator.Filter("name = 'Zoë \u00e9\u4e2d\ud83d\ude00' AND x > 1"),
                new Operator.Project(List.of("a", "b", "c")),
                new Operator.Sort(List.of("a", "b"), List.of(true, false)),
                new Operator.IncrementalSort(List.of("a", "b", "c"), List.of(false, true, true)),
                new Operator.Limit(1L << 40),
                new Operator.Unique(List.of("u")),
                new Operator.Append(),
                new Operator.MergeAppend(List.of("m", "n")),
                new Operator.Union(true),
                new Operator.Intersect(),
                new Operator.Except(),
                new Operator.VectorDistance("l2"),
                new Operator.Rerank("bge-reranker"),
                new Operator.Materialize(),
                new Operator.Result(),
                new Operator.Gather(4),
                new Operator.GatherMerge(3));
    }

    /**
     * A payload with every optional attribute present (actuals, start time, selectivity and a
     * 3-dimensional embedding).
     *
     * @param operator the operator
     * @return the payload
     */
    public static OperatorNode fullNode(Operator operator) {
        return new OperatorNode(
                operator, 1234.0, 56.75, 1200.0, 3.5, 1_700_000_000_000.25, 0.125, new float[] {0.5f, -1.25f, 3e-8f});
    }

    // Streams are node ids whose output is not consumed yet.
    private static final class PlanBuilder {
        private final SplittableRandom r;
        private final QueryDag dag = new QueryDag();
        private final List<Integer> streams = new ArrayList<>();

        PlanBuilder(SplittableRandom r) {
            this.r = r;
        }

        void build(int target) {
            while (dag.nodeCount() + 2 * streams.size() + 6 < target) {
                int choice = r.nextInt(10);
                if (streams.size() >= 2 && choice < 4) {
                    join();
                } else if (!streams.isEmpty() && choice == 4) {
                    cte();
                } else if (!streams.isEmpty() && choice == 5) {
                    unary();
                } else {
                    leaf();
                }
            }
            if (streams.isEmpty()) {
                leaf();
            }
            while (streams.size() > 1) {
                join();
            }
            int top = streams.remove(0);
            top = add(new Operator.HashAggregate(List.of("g" + r.nextInt(5)), List.of("sum(v)")), top);
            top = add(new Operator.Sort(List.of("s"), List.of(r.nextBoolean())), top);
            top = add(new Operator.Limit(1 + r.nextInt(100)), top);
            add(new Operator.Result(), top);
        }

        private void leaf() {
            String table = "t" + r.nextInt(20);
            Operator scan = switch (r.nextInt(4)) {
                case 0 -> new Operator.SeqScan(table);
                case 1 -> new Operator.IndexScan(table + "_pkey", table);
                case 2 -> new Operator.BitmapScan(table + "_idx", table);
                default -> new Operator.HnswScan(table + "_hnsw", 16 + r.nextInt(200), table, 10 + r.nextInt(90));
            };
            int v = add(scan);
            if (r.nextBoolean()) {
                v = add(new Operator.Filter(table + ".c" + r.nextInt(9) + " > " + r.nextInt(100)), v);
            }
            streams.add(v);
        }

        private void join() {
            int a = streams.remove(r.nextInt(streams.size()));
            int b = streams.remove(r.nextInt(streams.size()));
            Operator op = switch (r.nextInt(3)) {
                case 0 -> new Operator.HashJoin("k" + r.nextInt(9), JoinType.INNER);
                case 1 -> new Operator.MergeJoin("k" + r.nextInt(9), JoinType.LEFT);
                default -> new Operator.NestedLoopJoin(JoinType.SEMI);
            };
            if (op instanceof Operator.MergeJoin) {
                a = add(new Operator.Sort(List.of("k")), a);
            }
            streams.add(add(op, a, b));
        }

        private void cte() {
            int producer = streams.remove(r.nextInt(streams.size()));
            String name = "cte" + producer;
            streams.add(add(new Operator.CteScan(name), producer));
            streams.add(add(new Operator.CteScan(name), producer));
        }

        private void unary() {
            int s = streams.remove(r.nextInt(streams.size()));
            Operator op = switch (r.nextInt(3)) {
                case 0 -> new Operator.Materialize();
                case 1 -> new Operator.Gather(1 + r.nextInt(4));
                default -> new Operator.Project(List.of("a", "b"));
            };
            streams.add(add(op, s));
        }

        private int add(Operator op, int... inputs) {
            double rows = r.nextInt(100_000);
            double cost = r.nextInt(8001) * 0.25;
            int id = dag.addNode(OperatorNode.of(op, rows, cost));
            for (int in : inputs) {
                dag.addEdge(in, id);
            }
            return id;
        }
    }
}
