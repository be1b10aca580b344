package io.neuraldag.core.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuraldag.core.Edge;
import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import io.neuraldag.core.QueryDag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 24 real PostgreSQL 15 plans of {@code examples/plans/}. Expected DAGs are written out by hand
 * from the JSON (node order, operators, edges) and the costs and times computed by hand from its
 * numbers; the whole-corpus checks use invariants that do not depend on the importer's code.
 */
class PostgresPlansExamplesTest {
    private static final double EPS = 1e-9;

    static List<String> examples() {
        return ExamplePlans.names();
    }

    @Test
    void all24ExamplesArePresent() {
        assertEquals(24, examples().size(), "examples/plans/*.json");
    }

    // ------------------------------------------------------------------ whole corpus

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleImportsWithConsistentStructure(String file) {
        String json = ExamplePlans.read(file);
        ImportedPlan plan = PostgresPlans.fromExplainJson(json);
        QueryDag dag = plan.dag();
        int n = dag.nodeCount();

        // node count: every plan node except the folded Hash and bitmap inputs (in these plans every
        // Hash sits under a Hash Join and every bitmap node under a Bitmap Heap Scan)
        int expectedNodes = count(json, "\"Node Type\": \"")
                - count(json, "\"Node Type\": \"Hash\"")
                - count(json, "\"Node Type\": \"Bitmap Index Scan\"")
                - count(json, "\"Node Type\": \"BitmapAnd\"")
                - count(json, "\"Node Type\": \"BitmapOr\"");
        assertEquals(expectedNodes, n, file);

        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        assertArrayEquals(ids, dag.nodeIds(), "dense pre-order ids");
        assertArrayEquals(new int[] {0}, dag.sinks(), "the plan's top node is the only sink");
        assertEquals(n - 1 + (file.startsWith("10_") ? 2 : 0), dag.edgeCount(), "tree edges + CTE edges");
        assertEquals(n, plan.attributes().size());
        for (int id = 0; id < n; id++) {
            assertTrue(plan.attributesOf(id).get("Node Type") instanceof String, "Node Type kept");
            if (id > 0) {
                assertTrue(dag.hops(id, 0).isPresent(), "node " + id + " reaches the top node");
            }
        }

        // telescoping: self costs sum to the top node's Total Cost, more only where a self cost was
        // clamped at 0 (a Limit cheaper than its input)
        double rootTotal = number(plan.attributesOf(0).get("Total Cost"));
        double sum = 0;
        for (int id = 0; id < n; id++) {
            sum += dag.node(id).estimatedCost();
        }
        assertTrue(sum >= rootTotal - 1e-6, file + ": sum of self costs " + sum + " < root total " + rootTotal);

        assertEquals(topLevel(json, "Planning Time"), plan.planningTimeMs(), file);
        assertEquals(topLevel(json, "Execution Time"), plan.executionTimeMs(), file);
        assertTrue(plan.settings().isEmpty(), "EXPLAIN ran without SETTINGS");

        // actual rows are rows x loops, from the node's own attributes
        for (int id = 0; id < n; id++) {
            Map<String, Object> a = plan.attributesOf(id);
            OperatorNode node = dag.node(id);
            double loops = number(a.get("Actual Loops"));
            if (loops == 0) {
                assertNull(node.actualRows(), "never executed");
            } else {
                assertEquals(number(a.get("Actual Rows")) * loops, Objects.requireNonNull(node.actualRows()), EPS);
                assertNotNull(node.actualTimeMs());
            }
            assertEquals(number(a.get("Plan Rows")), node.estimatedRows(), EPS);
        }
    }

    // ------------------------------------------------------------------ hand-checked plans

    @Test
    void plan04BitmapAndOrFoldsIntoOneBitmapScan() {
        ImportedPlan plan = ExamplePlans.load("04");
        assertOperators(
                plan,
                new Operator.BitmapScan("lineitem_partkey_idx,lineitem_suppkey_idx,lineitem_shipdate_idx", "lineitem"));
        assertEdges(plan);
        OperatorNode scan = plan.dag().node(0);
        // nothing left to subtract: the folded bitmap nodes' cost is part of the heap scan's
        assertEquals(421.97, scan.estimatedCost(), EPS);
        assertEquals(206, scan.estimatedRows(), EPS);
        assertEquals(219.0, scan.actualRows());
        assertEquals(6.668, ms(scan), EPS);
        assertEquals(
                "BitmapAnd(BitmapOr(lineitem_partkey_idx, lineitem_partkey_idx, lineitem_suppkey_idx),"
                        + " lineitem_shipdate_idx)",
                plan.attributesOf(0).get("bitmapTree"));
        assertEquals(2.509, plan.planningTimeMs());
        assertEquals(6.917, plan.executionTimeMs());
    }

    @Test
    void plan05HashJoinsAbsorbTheirHashNodes() {
        ImportedPlan plan = ExamplePlans.load("05");
        assertOperators(
                plan,
                new Operator.Limit(10),
                new Operator.Sort(
                        List.of("(sum((l.l_extendedprice * ('1'::numeric - l.l_discount))))", "o.o_orderdate"),
                        List.of(true, false)),
                new Operator.HashAggregate(
                        List.of("l.l_orderkey", "o.o_orderdate", "o.o_shippriority"),
                        List.of("sum((l.l_extendedprice * ('1'::numeric - l.l_discount)))")),
                new Operator.HashJoin("(l.l_orderkey = o.o_orderkey)", JoinType.INNER),
                new Operator.BitmapScan("lineitem_shipdate_idx", "lineitem"),
                new Operator.HashJoin("(o.o_custkey = c.c_custkey)", JoinType.INNER),
                new Operator.BitmapScan("orders_orderdate_idx", "orders"),
                new Operator.BitmapScan("customer_mktsegment_idx", "customer"));
        assertEdges(plan, 1, 0, 2, 1, 3, 2, 4, 3, 5, 3, 6, 5, 7, 5);
        QueryDag dag = plan.dag();
        assertEquals(0.0, dag.node(0).estimatedCost(), EPS, "Limit 2612.52 below its Sort's 2619.73: clamped");
        assertEquals(2619.73 - 2549.93, dag.node(1).estimatedCost(), EPS);
        // join = 2470.32 - outer 1835.19 - (Hash 469.74, whose input the inner join now is)
        assertEquals(2470.32 - 1835.19 - 469.74, dag.node(3).estimatedCost(), EPS);
        assertEquals(469.74 - 407.92 - 39.03, dag.node(5).estimatedCost(), EPS);
        assertEquals(39.03, dag.node(7).estimatedCost(), EPS);
        // self time: the hash build (6.900 - 6.573) stays with the join
        assertEquals(31.378 - 21.015 - 6.573, ms(dag.node(3)), EPS);
        assertEquals(31.901 - 31.897, ms(dag.node(0)), EPS);

        Map<String, Object> join = plan.attributesOf(3);
        assertEquals(2048L, join.get("Hash Buckets"));
        assertEquals(2048L, join.get("Original Hash Buckets"));
        assertEquals(1L, join.get("Hash Batches"));
        assertEquals(73L, join.get("Hash Peak Memory Usage"));
        assertEquals(469.74, join.get("Hash Total Cost"));
        assertEquals(2470.32, join.get("Total Cost"));
        assertEquals("Hash Join", join.get("Node Type"));
        assertEquals("false", join.get("Inner Unique"));
        assertEquals(18L, plan.attributesOf(5).get("Hash Peak Memory Usage"));
        assertEquals("top-N heapsort", plan.attributesOf(1).get("Sort Method"));
    }

    @Test
    void plan07NestedLoopUnderHashJoin() {
        ImportedPlan plan = ExamplePlans.load("07");
        assertOperators(
                plan,
                new Operator.HashJoin("(c.c_nationkey = n.n_nationkey)", JoinType.INNER),
                new Operator.NestedLoopJoin(JoinType.INNER),
                new Operator.IndexScan("orders_pkey", "orders"),
                new Operator.IndexScan("customer_pkey", "customer"),
                new Operator.SeqScan("nation"));
        assertEdges(plan, 1, 0, 2, 1, 3, 1, 4, 0);
        QueryDag dag = plan.dag();
        assertEquals(34.93 - 33.30 - 1.25, dag.node(0).estimatedCost(), EPS);
        assertEquals(33.30 - 2.91 - 1.45, dag.node(1).estimatedCost(), EPS);
        assertEquals(21.0, dag.node(3).actualRows(), "1 row x 21 loops");
        assertEquals(0.577 - 0.168 - 0.018 * 21, ms(dag.node(1)), EPS);
    }

    @Test
    void plan10CteInitPlanFeedsBothCteScans() {
        ImportedPlan plan = ExamplePlans.load("10");
        assertOperators(
                plan,
                new Operator.Sort(List.of("a.revenue"), List.of(true)),
                new Operator.HashAggregate(
                        List.of("orders.o_custkey"), List.of("sum(orders.o_totalprice)", "count(*)")),
                new Operator.SeqScan("orders"),
                new Operator.Aggregate(List.of("(avg(b.revenue) * '2'::numeric)")),
                new Operator.CteScan("cust_rev"),
                new Operator.CteScan("cust_rev"));
        // tree: InitPlan "CTE cust_rev" (1) and InitPlan 2 (3) hang on the Sort; CTE edges 1->4, 1->5
        assertEdges(plan, 1, 0, 1, 4, 1, 5, 2, 1, 3, 0, 4, 3, 5, 0);
        assertEquals("CTE cust_rev", plan.attributesOf(1).get("Subplan Name"));
        assertEquals("InitPlan", plan.attributesOf(1).get("Parent Relationship"));
        QueryDag dag = plan.dag();
        // the CTE's cost is charged to the Sort it hangs on, not to the scans reading it
        assertEquals(619.43 - 528.25 - 33.76 - 33.75, dag.node(0).estimatedCost(), EPS);
        assertEquals(528.25 - 397.00, dag.node(1).estimatedCost(), EPS);
        assertEquals(33.76 - 30.00, dag.node(3).estimatedCost(), EPS);
        assertEquals(30.00, dag.node(4).estimatedCost(), EPS);
        assertEquals(0.0, ms(dag.node(0)), EPS, "11.072 - (10.055 + 1.017 + 10.958) < 0");
        assertEquals(10.055 - 2.834, ms(dag.node(1)), EPS);
        assertArrayEquals(new int[] {2}, dag.sources());
    }

    @Test
    void plan11SubPlanAndInitPlanEdges() {
        ImportedPlan plan = ExamplePlans.load("11");
        assertOperators(
                plan,
                new Operator.Sort(List.of("c.c_custkey"), List.of(false)),
                new Operator.Aggregate(List.of("avg(c2.c_acctbal)")),
                new Operator.SeqScan("customer"),
                new Operator.BitmapScan("customer_nationkey_idx", "customer"),
                new Operator.Aggregate(List.of("count(*)")),
                new Operator.IndexOnlyScan("orders_custkey_idx", "orders"));
        // InitPlan 2 (1) -> Sort; SubPlan 1 (4) -> the Bitmap Heap Scan whose filter calls it
        assertEdges(plan, 1, 0, 2, 1, 3, 0, 4, 3, 5, 4);
        assertEquals("SubPlan 1", plan.attributesOf(4).get("Subplan Name"));
        assertEquals("SubPlan", plan.attributesOf(4).get("Parent Relationship"));
        QueryDag dag = plan.dag();
        assertEquals(110.06 - 50.76 - 58.91, dag.node(0).estimatedCost(), EPS);
        assertEquals(58.91 - 1.59, dag.node(3).estimatedCost(), EPS, "the bitmap index scan is folded");
        assertEquals(8.0, dag.node(4).actualRows(), "1 row x 8 loops");
        assertEquals(72.0, dag.node(5).actualRows(), "9 rows x 8 loops");
        assertEquals(0.118 * 8 - 0.117 * 8, ms(dag.node(4)), EPS);
        assertEquals(3.739 - 0.118 * 8, ms(dag.node(3)), EPS);
    }

    @Test
    void plan12GatherCountsLaunchedWorkers() {
        ImportedPlan plan = ExamplePlans.load("12");
        assertOperators(
                plan,
                new Operator.Aggregate(List.of("count(*)", "sum((l_extendedprice * l_discount))")),
                new Operator.Gather(2),
                new Operator.Aggregate(List.of("PARTIAL count(*)", "PARTIAL sum((l_extendedprice * l_discount))")),
                new Operator.BitmapScan("lineitem_shipdate_idx", "lineitem"));
        assertEdges(plan, 1, 0, 2, 1, 3, 2);
        QueryDag dag = plan.dag();
        assertEquals(1371.46 - 1371.43, dag.node(0).estimatedCost(), EPS);
        assertEquals(0.0, dag.node(1).estimatedCost(), EPS);
        assertEquals(1371.43 - 1367.05, dag.node(2).estimatedCost(), EPS);
        assertEquals(1140.0, dag.node(3).actualRows(), "570 rows x 2 loops");
        assertEquals(85.237 - 9.166 * 2, ms(dag.node(1)), EPS);
        assertEquals("Finalize", plan.attributesOf(0).get("Partial Mode"));
        assertEquals(2L, plan.attributesOf(1).get("Workers Planned"));
        assertTrue(String.valueOf(plan.attributesOf(2).get("Workers")).startsWith("[{\"Worker Number\":0,"));
    }

    @Test
    void plan13GatherMerge() {
        ImportedPlan plan = ExamplePlans.load("13");
        assertOperators(
                plan,
                new Operator.GatherMerge(2),
                new Operator.Sort(
                        List.of(
                                "lineitem.l_shipdate",
                                "lineitem.l_extendedprice",
                                "lineitem.l_orderkey",
                                "lineitem.l_linenumber"),
                        List.of(false, true, false, false)),
                new Operator.SeqScan("lineitem"));
        assertEdges(plan, 1, 0, 2, 1);
        assertEquals(1737.80 - 1701.88, plan.dag().node(0).estimatedCost(), EPS);
        assertEquals(3420.0, plan.dag().node(1).actualRows(), "1710 rows x 2 loops");
    }

    @Test
    void plan14SetOperations() {
        ImportedPlan plan = ExamplePlans.load("14");
        assertOperators(
                plan,
                new Operator.Sort(List.of("customer.c_nationkey"), List.of(false)),
                new Operator.Except(),
                new Operator.Append(),
                new Operator.HashAggregate(List.of("customer.c_nationkey"), List.of("0")),
                new Operator.Append(),
                new Operator.SeqScan("customer"),
                new Operator.SeqScan("supplier"),
                new Operator.Result(),
                new Operator.Intersect(),
                new Operator.Append(),
                new Operator.SubqueryScan("*SELECT* 3"),
                new Operator.SeqScan("nation"),
                new Operator.SubqueryScan("*SELECT* 4"),
                new Operator.BitmapScan("customer_mktsegment_idx", "customer"));
        assertEdges(plan, 1, 0, 2, 1, 3, 2, 4, 3, 5, 4, 6, 4, 7, 2, 8, 7, 9, 8, 10, 9, 11, 10, 12, 9, 13, 12);
        assertEquals("Result", plan.attributesOf(7).get("rawNodeType"));
        assertEquals("Hashed", plan.attributesOf(1).get("Strategy"));
        assertEquals(115.33 - 107.85, plan.dag().node(0).estimatedCost(), EPS);
    }

    @Test
    void plans17And18PgvectorScans() {
        ImportedPlan hnsw = ExamplePlans.load("17");
        // no "Settings" in the JSON (pgvector's GUCs are not EXPLAIN settings): ef_search is the default
        assertOperators(
                hnsw,
                new Operator.Limit(10),
                new Operator.HnswScan("docs_embedding_hnsw_l2_idx", 40, "docs_embedding", 10));
        assertEdges(hnsw, 1, 0);
        assertEquals("l2", hnsw.attributesOf(1).get("vectorMetric"));
        assertNull(hnsw.attributesOf(1).get("exactVectorSearch"));
        assertEquals(0.0, hnsw.dag().node(0).estimatedCost(), EPS, "42.05 - 423.40 clamped");
        assertEquals(423.40, hnsw.dag().node(1).estimatedCost(), EPS);
        assertEquals(3.822 - 3.819, ms(hnsw.dag().node(0)), EPS);

        ImportedPlan ivf = ExamplePlans.load("18");
        assertOperators(
                ivf,
                new Operator.Limit(10),
                new Operator.IvfFlatScan("docs_embedding_ivfflat_cos_idx", 1, "docs_embedding", 10));
        assertEquals("cosine", ivf.attributesOf(1).get("vectorMetric"));
    }

    @Test
    void resolversDecideTheAccessMethod() {
        String json = ExamplePlans.read("17");
        List<String> asked = new ArrayList<>();
        ImportedPlan btree = PostgresPlans.fromExplainJson(json, (schema, index) -> {
            asked.add(schema + "." + index);
            return Optional.of("btree");
        });
        assertEquals(new Operator.IndexScan("docs_embedding_hnsw_l2_idx", "docs_embedding"), op(btree, 1));
        assertEquals(List.of("nd_examples.docs_embedding_hnsw_l2_idx"), asked, "asked once, schema from VERBOSE");
        assertEquals("l2", btree.attributesOf(1).get("vectorMetric"), "the metric does not depend on the index");

        AccessMethodResolver map = AccessMethodResolver.of(Map.of("nd_examples.docs_embedding_hnsw_l2_idx", "IVFFLAT"));
        assertEquals(
                new Operator.IvfFlatScan("docs_embedding_hnsw_l2_idx", 1, "docs_embedding", 10),
                op(PostgresPlans.fromExplainJson(json, map), 1));
        AccessMethodResolver unknown = AccessMethodResolver.of(Map.of("other_idx", "hnsw"));
        assertEquals(
                new Operator.IndexScan("docs_embedding_hnsw_l2_idx", "docs_embedding"),
                op(PostgresPlans.fromExplainJson(json, unknown), 1));
        assertEquals(
                new Operator.HnswScan("docs_embedding_hnsw_l2_idx", 40, "docs_embedding", 10),
                op(PostgresPlans.fromExplainJson(json, unknown.orElse(AccessMethodResolver.nameHeuristic())), 1));
    }

    @Test
    void plan20MemoizeIsMaterialize() {
        ImportedPlan plan = ExamplePlans.load("20");
        assertOperators(
                plan,
                new Operator.NestedLoopJoin(JoinType.INNER),
                new Operator.IndexScan("lineitem_pkey", "lineitem"),
                new Operator.Materialize(),
                new Operator.IndexScan("supplier_pkey", "supplier"));
        assertEdges(plan, 1, 0, 2, 0, 3, 2);
        QueryDag dag = plan.dag();
        assertEquals("Memoize", plan.attributesOf(2).get("Node Type"));
        assertEquals(562.17 - 506.01 - 0.17, dag.node(0).estimatedCost(), EPS);
        assertEquals(0.17 - 0.16, dag.node(2).estimatedCost(), EPS);
        assertEquals(1598.0, dag.node(2).actualRows(), "1 row x 1598 loops");
        assertEquals(100.0, dag.node(3).actualRows(), "1 row x 100 loops (cache misses)");
        assertEquals(0.003 * 1598 - 0.002 * 100, ms(dag.node(2)), EPS);
    }

    @Test
    void plan21AntiJoinAndMaterialize() {
        ImportedPlan plan = ExamplePlans.load("21");
        assertOperators(
                plan,
                new Operator.NestedLoopJoin(JoinType.ANTI),
                new Operator.MergeJoin("(s.s_suppkey = ps.ps_suppkey)", JoinType.INNER),
                new Operator.IndexScan("supplier_pkey", "supplier"),
                new Operator.Sort(List.of("ps.ps_suppkey"), List.of(false)),
                new Operator.HashAggregate(List.of("ps.ps_suppkey"), List.of()),
                new Operator.SeqScan("partsupp"),
                new Operator.Materialize(),
                new Operator.SeqScan("customer"));
        assertEdges(plan, 1, 0, 2, 1, 3, 1, 4, 3, 5, 4, 6, 0, 7, 6);
        assertEquals(0.0, plan.dag().node(6).actualRows(), "0 rows x 64 loops");
    }

    @Test
    void plans22And24MapOtherNodesToResult() {
        ImportedPlan values = ExamplePlans.load("22");
        assertEquals(new Operator.Result(), op(values, 5));
        assertEquals("Function Scan", values.attributesOf(5).get("rawNodeType"));
        assertEquals("generate_series", values.attributesOf(5).get("Function Name"));
        assertEquals(new Operator.Result(), op(values, 8));
        assertEquals("Values Scan", values.attributesOf(8).get("rawNodeType"));
        assertEquals(new Operator.HashJoin("((d.day)::date = o.o_orderdate)", JoinType.LEFT), op(values, 4));
        assertEquals(704.41 - 10.01 - 397.00, values.dag().node(4).estimatedCost(), EPS);

        ImportedPlan insert = ExamplePlans.load("24");
        assertOperators(
                insert,
                new Operator.Result(),
                new Operator.SubqueryScan("*SELECT*"),
                new Operator.HashAggregate(
                        List.of("orders.o_custkey"), List.of("count(*)", "sum(orders.o_totalprice)")),
                new Operator.BitmapScan("orders_orderdate_idx", "orders"));
        assertEquals("ModifyTable", insert.attributesOf(0).get("rawNodeType"));
        assertEquals("Insert", insert.attributesOf(0).get("Operation"));
        assertEquals(0.0, insert.dag().node(0).estimatedCost(), EPS, "308.15 - 308.15");
    }

    @Test
    void plan15WindowAggregatesAndIncrementalSort() {
        ImportedPlan plan = ExamplePlans.load("15");
        assertOperators(
                plan,
                new Operator.WindowAgg(List.of("rank() OVER (?)", "(sum(o_totalprice) OVER (?))")),
                new Operator.IncrementalSort(List.of("orders.o_custkey", "orders.o_totalprice"), List.of(false, true)),
                new Operator.WindowAgg(List.of("sum(o_totalprice) OVER (?)")),
                new Operator.Sort(
                        List.of("orders.o_custkey", "orders.o_orderdate", "orders.o_orderkey"),
                        List.of(false, false, false)),
                new Operator.BitmapScan("orders_custkey_idx", "orders"));
        assertEquals("[\"orders.o_custkey\"]", plan.attributesOf(1).get("Presorted Key"));
        assertFalse(plan.attributesOf(1).containsKey("Plans"));
    }

    // ------------------------------------------------------------------ helpers

    private static Operator op(ImportedPlan plan, int id) {
        return plan.dag().node(id).operator();
    }

    private static void assertOperators(ImportedPlan plan, Operator... expected) {
        List<Operator> actual = new ArrayList<>();
        for (int id : plan.dag().nodeIds()) {
            actual.add(op(plan, id));
        }
        assertEquals(List.of(expected), actual, "operators in id order");
    }

    /** Edges as flat from/to pairs. */
    static void assertEdges(ImportedPlan plan, int... pairs) {
        List<Edge> expected = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            expected.add(new Edge(pairs[i], pairs[i + 1]));
        }
        expected.sort(null);
        assertEquals(expected, plan.dag().edges());
    }

    private static double ms(OperatorNode node) {
        return Objects.requireNonNull(node.actualTimeMs(), "actualTimeMs");
    }

    private static int count(String text, String needle) {
        int c = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            c++;
        }
        return c;
    }

    private static @Nullable Double topLevel(String json, String name) {
        Matcher m = Pattern.compile("\n    \"" + name + "\": ([0-9.]+)").matcher(json);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    private static double number(@Nullable Object v) {
        return ((Number) Objects.requireNonNull(v)).doubleValue();
    }
}
