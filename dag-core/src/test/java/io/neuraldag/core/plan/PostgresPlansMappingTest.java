package io.neuraldag.core.plan;

import static io.neuraldag.core.plan.PlanJson.cost;
import static io.neuraldag.core.plan.PlanJson.explain;
import static io.neuraldag.core.plan.PlanJson.node;
import static io.neuraldag.core.plan.PlanJson.stats;
import static io.neuraldag.core.plan.PostgresPlansExamplesTest.assertEdges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuraldag.core.JoinType;
import io.neuraldag.core.Operator;
import io.neuraldag.core.OperatorNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-written plans for the mapping rows, PostgreSQL versions and EXPLAIN options that the real
 * example plans do not exercise. Each expected value is read off the JSON written here.
 */
class PostgresPlansMappingTest {
    private static final double EPS = 1e-9;

    private static ImportedPlan read(String json) {
        return PostgresPlans.fromExplainJson(json);
    }

    private static Operator op(ImportedPlan plan, int id) {
        return plan.dag().node(id).operator();
    }

    // ------------------------------------------------------------------ scans

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Seq Scan", "Sample Scan", "Tid Scan", "Tid Range Scan", "Foreign Scan", "Custom Scan"})
    void tableScansBecomeSeqScan(String type) {
        ImportedPlan plan = read(explain(node(type, "\"Relation Name\": \"t\", " + cost(12.5, 100))));
        assertEquals(new Operator.SeqScan("t"), op(plan, 0));
        assertEquals(12.5, plan.dag().node(0).estimatedCost(), EPS);
        assertEquals(100, plan.dag().node(0).estimatedRows(), EPS);
        assertEquals(type, plan.attributesOf(0).get("Node Type"));
    }

    @Test
    void foreignJoinPushdownHasNoRelationName() {
        ImportedPlan plan =
                read(explain(node("Foreign Scan", "\"Operation\": \"Select\", \"Relations\": \"(a) INNER JOIN (b)\"")));
        assertEquals(new Operator.SeqScan(""), op(plan, 0));
        assertEquals("(a) INNER JOIN (b)", plan.attributesOf(0).get("Relations"));
    }

    @Test
    void namedTuplestoreAndWorkTableScansAreCteScans() {
        ImportedPlan plan = read(explain(node(
                "Append",
                "",
                node("Named Tuplestore Scan", "\"Tuplestore Name\": \"newtab\""),
                node("WorkTable Scan", "\"CTE Name\": \"w\""))));
        assertEquals(new Operator.CteScan("newtab"), op(plan, 1));
        assertEquals(new Operator.CteScan("w"), op(plan, 2));
    }

    @Test
    void standaloneBitmapAndHashNodesAreNotFolded() {
        // malformed but readable: nothing to fold them into
        ImportedPlan plan = read(explain(node(
                "Append",
                "",
                node("Bitmap Index Scan", "\"Index Name\": \"i\""),
                node("BitmapOr", ""),
                node("Hash", "\"Hash Buckets\": 4", node("Seq Scan", "\"Relation Name\": \"t\"")))));
        assertEquals(5, plan.dag().nodeCount());
        assertEquals(new Operator.BitmapScan("i", ""), op(plan, 1));
        assertEquals(new Operator.Result(), op(plan, 2));
        assertEquals("BitmapOr", plan.attributesOf(2).get("rawNodeType"));
        assertEquals(new Operator.Result(), op(plan, 3));
        assertEquals("Hash", plan.attributesOf(3).get("rawNodeType"));
        assertEdges(plan, 1, 0, 2, 0, 3, 0, 4, 3);
    }

    @Test
    void bitmapInputsWithAnInitPlanAreRewiredToTheHeapScan() {
        // Bitmap Index Scan with an InitPlan (Index Cond = $0): the InitPlan feeds the heap scan
        String initPlan = node(
                "Result",
                "\"Parent Relationship\": \"InitPlan\", \"Subplan Name\": \"InitPlan 1 (returns $0)\", "
                        + cost(0.01, 1));
        ImportedPlan plan = read(explain(node(
                "Bitmap Heap Scan",
                "\"Relation Name\": \"t\", " + cost(50, 10),
                node(
                        "BitmapAnd",
                        "\"Parent Relationship\": \"Outer\", " + cost(8, 10),
                        node(
                                "Bitmap Index Scan",
                                "\"Parent Relationship\": \"Member\", \"Index Name\": \"a_idx\", " + cost(4, 10),
                                initPlan),
                        node(
                                "Bitmap Index Scan",
                                "\"Parent Relationship\": \"Member\", \"Index Name\": \"b_idx\", " + cost(4, 10))))));
        assertEquals(2, plan.dag().nodeCount());
        assertEquals(new Operator.BitmapScan("a_idx,b_idx", "t"), op(plan, 0));
        assertEquals("BitmapAnd(a_idx, b_idx)", plan.attributesOf(0).get("bitmapTree"));
        assertEdges(plan, 1, 0);
        assertEquals(50 - 0.01, plan.dag().node(0).estimatedCost(), EPS);
    }

    // ------------------------------------------------------------------ joins

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "Inner, INNER",
        "Left, LEFT",
        "Right, RIGHT",
        "Full, FULL",
        "Semi, SEMI",
        "Anti, ANTI",
        "Right Semi, SEMI",
        "Right Anti, ANTI",
        "Sideways, INNER"
    })
    void joinTypes(String pgJoinType, JoinType expected) {
        String hash = node(
                "Hash",
                "\"Parent Relationship\": \"Inner\", \"Hash Buckets\": 1024, \"Hash Batches\": 1, \"Peak Memory Usage\": 9, "
                        + stats(20, 100, 2.0, 100, 1),
                node(
                        "Seq Scan",
                        "\"Parent Relationship\": \"Outer\", \"Relation Name\": \"b\", "
                                + stats(20, 100, 1.5, 100, 1)));
        ImportedPlan plan = read(explain(node(
                "Hash Join",
                "\"Join Type\": \"" + pgJoinType + "\", \"Hash Cond\": \"(a.id = b.id)\", " + stats(70, 50, 9.0, 40, 1),
                node(
                        "Seq Scan",
                        "\"Parent Relationship\": \"Outer\", \"Relation Name\": \"a\", " + stats(30, 500, 4.0, 500, 1)),
                hash)));
        assertEquals(new Operator.HashJoin("(a.id = b.id)", expected), op(plan, 0));
        assertEquals(pgJoinType, plan.attributesOf(0).get("Join Type"), "the exact join type stays an attribute");
        assertEdges(plan, 1, 0, 2, 0);
        OperatorNode join = plan.dag().node(0);
        assertEquals(70 - 30 - 20, join.estimatedCost(), EPS);
        assertEquals(9.0 - 4.0 - 1.5, Objects.requireNonNull(join.actualTimeMs()), EPS);
        Map<String, Object> a = plan.attributesOf(0);
        assertEquals(1024L, a.get("Hash Buckets"));
        assertEquals(9L, a.get("Hash Peak Memory Usage"));
        assertEquals(2.0, a.get("Hash Actual Total Time"));
        assertEquals(70.0, a.get("Total Cost"), "the join's own fields win over the Hash's");
        assertFalse(a.containsKey("Hash Parent Relationship"));
    }

    @Test
    void nestedLoopAndMergeJoinWithoutJoinType() {
        ImportedPlan plan = read(explain(node(
                "Nested Loop",
                "",
                node("Merge Join", "\"Merge Cond\": \"(x = y)\"", node("Seq Scan", ""), node("Seq Scan", "")),
                node("Seq Scan", ""))));
        assertEquals(new Operator.NestedLoopJoin(JoinType.INNER), op(plan, 0));
        assertEquals(new Operator.MergeJoin("(x = y)", JoinType.INNER), op(plan, 1));
        assertEquals(new Operator.SeqScan(""), op(plan, 2));
    }

    // ------------------------------------------------------------------ aggregation, sorting, set ops

    @Test
    void aggregateStrategies() {
        String input = node("Seq Scan", "\"Relation Name\": \"t\"");
        assertEquals(
                new Operator.Aggregate(List.of("count(*)")),
                op(read(explain(node("Aggregate", "\"Strategy\": \"Plain\", \"Output\": [\"count(*)\"]", input))), 0));
        assertEquals(
                new Operator.Aggregate(List.of()),
                op(read(explain(node("Aggregate", "", input))), 0),
                "no strategy, no VERBOSE");
        assertEquals(
                new Operator.GroupBy(List.of("t.a")),
                op(read(explain(node("Aggregate", "\"Strategy\": \"Sorted\", \"Group Key\": [\"t.a\"]", input))), 0));
        assertEquals(
                new Operator.GroupBy(List.of("t.a", "t.b")),
                op(read(explain(node("Group", "\"Group Key\": [\"t.a\", \"t.b\"]", input))), 0));
        assertEquals(
                new Operator.HashAggregate(List.of("t.a"), List.of("sum(t.x)")),
                op(
                        read(explain(node(
                                "Aggregate",
                                "\"Strategy\": \"Hashed\", \"Output\": [\"a\", \"sum(t.x)\"], \"Group Key\": [\"t.a\"]",
                                input))),
                        0));
    }

    @Test
    void mixedAggregateTakesItsKeysFromTheGroupingSets() {
        // GROUP BY GROUPING SETS ((a), (b), ()) as PostgreSQL prints a MixedAggregate
        ImportedPlan plan = read(explain(node(
                "Aggregate",
                "\"Strategy\": \"Mixed\", \"Partial Mode\": \"Simple\", \"Output\": [\"a\", \"b\", \"count(*)\"], "
                        + "\"Grouping Sets\": [{\"Hash Key\": [\"t.a\"]}, {\"Hash Key\": [\"t.b\"]}, "
                        + "{\"Group Keys\": [[]]}, {\"Hash Key\": [\"t.a\"]}]",
                node("Seq Scan", "\"Relation Name\": \"t\""))));
        assertEquals(new Operator.HashAggregate(List.of("t.a", "t.b"), List.of("count(*)")), op(plan, 0));
        assertEquals(
                "[{\"Hash Key\":[\"t.a\"]},{\"Hash Key\":[\"t.b\"]},{\"Group Keys\":[[]]},{\"Hash Key\":[\"t.a\"]}]",
                plan.attributesOf(0).get("Grouping Sets"));
    }

    @Test
    void sortKeysLoseDirectionAndNullsPlacement() {
        ImportedPlan plan = read(explain(node(
                "Sort",
                "\"Sort Key\": [\"t.a DESC NULLS LAST\", \"t.b NULLS FIRST\", \"t.c\", \"(t.d || 'DESC')\", \"t.e DESC\"]",
                node("Seq Scan", ""))));
        assertEquals(
                new Operator.Sort(
                        List.of("t.a", "t.b", "t.c", "(t.d || 'DESC')", "t.e"),
                        List.of(true, false, false, false, true)),
                op(plan, 0));
    }

    @Test
    void mergeAppendUniqueAndAppend() {
        ImportedPlan plan = read(explain(node(
                "Unique",
                "",
                node(
                        "Merge Append",
                        "\"Sort Key\": [\"x DESC\"]",
                        node("Append", "", node("Seq Scan", "")),
                        node("Seq Scan", "")))));
        assertEquals(new Operator.Unique(List.of()), op(plan, 0));
        assertEquals(new Operator.MergeAppend(List.of("x")), op(plan, 1));
        assertEquals(new Operator.Append(), op(plan, 2));
        assertEdges(plan, 1, 0, 2, 1, 3, 2, 4, 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Intersect, Intersect", "Intersect All, Intersect", "Except, Except", "Except All, Except"})
    void setOpCommands(String command, String kind) {
        ImportedPlan plan = read(explain(
                node("SetOp", "\"Strategy\": \"Sorted\", \"Command\": \"" + command + "\"", node("Append", ""))));
        assertEquals(kind, op(plan, 0).typeName());
    }

    @Test
    void setOpWithoutCommandIsResult() {
        ImportedPlan plan = read(explain(node("SetOp", "")));
        assertEquals(new Operator.Result(), op(plan, 0));
        assertEquals("SetOp", plan.attributesOf(0).get("rawNodeType"));
    }

    @Test
    void limitRoundsPlanRows() {
        assertEquals(new Operator.Limit(13), op(read(explain(node("Limit", cost(1, 12.5)))), 0));
        assertEquals(new Operator.Limit(0), op(read(explain(node("Limit", ""))), 0), "COSTS OFF");
    }

    @Test
    void recursiveUnionWithWorkTableScan() {
        // WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 100) SELECT sum(n) FROM t
        String recursive = node(
                "Recursive Union",
                "\"Parent Relationship\": \"InitPlan\", \"Subplan Name\": \"CTE t\", " + stats(3.0, 31, 0.5, 100, 1),
                node("Result", "\"Parent Relationship\": \"Outer\", " + stats(0.01, 1, 0.001, 1, 1)),
                node(
                        "WorkTable Scan",
                        "\"Parent Relationship\": \"Inner\", \"CTE Name\": \"t\", \"Alias\": \"t_1\", "
                                + "\"Filter\": \"(t_1.n < 100)\", " + stats(0.25, 3, 0.002, 1, 100)));
        ImportedPlan plan = read(explain(node(
                "Aggregate",
                "\"Strategy\": \"Plain\", " + stats(3.71, 1, 0.3, 1, 1),
                recursive,
                node(
                        "CTE Scan",
                        "\"Parent Relationship\": \"Outer\", \"CTE Name\": \"t\", \"Alias\": \"t\", "
                                + stats(0.62, 31, 0.25, 100, 1)))));
        assertEquals(
                List.of(
                        new Operator.Aggregate(List.of()),
                        new Operator.Union(true),
                        new Operator.Result(),
                        new Operator.CteScan("t"),
                        new Operator.CteScan("t")),
                List.of(op(plan, 0), op(plan, 1), op(plan, 2), op(plan, 3), op(plan, 4)));
        // the WorkTable Scan reads the recursion's own work table: no CTE edge back into the union
        assertEdges(plan, 1, 0, 1, 4, 2, 1, 3, 1, 4, 0);
        assertEquals(100.0, plan.dag().node(3).actualRows(), "1 row x 100 loops");
        assertEquals(
                0.5 - 0.001 - 0.002 * 100,
                Objects.requireNonNull(plan.dag().node(1).actualTimeMs()),
                EPS);
        assertEquals(3.71 - 3.0 - 0.62, plan.dag().node(0).estimatedCost(), EPS);
    }

    @Test
    void innerCteDefinitionShadowsAnOuterOneOfTheSameName() {
        String outerDef = node("Result", "\"Parent Relationship\": \"InitPlan\", \"Subplan Name\": \"CTE x\"");
        String innerDef = node("Result", "\"Parent Relationship\": \"InitPlan\", \"Subplan Name\": \"CTE x\"");
        String inner = node(
                "Subquery Scan",
                "\"Parent Relationship\": \"Member\", \"Alias\": \"s\"",
                node(
                        "Append",
                        "\"Parent Relationship\": \"Subquery\"",
                        innerDef,
                        node("CTE Scan", "\"Parent Relationship\": \"Member\", \"CTE Name\": \"x\"")));
        ImportedPlan plan = read(explain(node(
                "Append",
                "",
                outerDef,
                node("CTE Scan", "\"Parent Relationship\": \"Member\", \"CTE Name\": \"x\""),
                inner,
                node("CTE Scan", "\"Parent Relationship\": \"Member\", \"CTE Name\": \"y\""))));
        // 0 Append, 1 outer CTE x, 2 CTE Scan x, 3 Subquery Scan, 4 Append, 5 inner CTE x, 6 CTE Scan x,
        // 7 CTE Scan y (no definition: no CTE edge)
        assertEdges(plan, 1, 0, 1, 2, 2, 0, 3, 0, 4, 3, 5, 4, 5, 6, 6, 4, 7, 0);
    }

    // ------------------------------------------------------------------ parallel and Result family

    @Test
    void gatherWorkerCounts() {
        assertEquals(
                new Operator.Gather(4),
                op(read(explain(node("Gather", "\"Workers Planned\": 4", node("Seq Scan", "")))), 0),
                "no ANALYZE: planned");
        assertEquals(
                new Operator.GatherMerge(1),
                op(read(explain(node("Gather Merge", "\"Workers Planned\": 4, \"Workers Launched\": 1"))), 0),
                "launched wins");
        assertEquals(new Operator.Gather(0), op(read(explain(node("Gather", ""))), 0));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Result",
                "ProjectSet",
                "Function Scan",
                "Table Function Scan",
                "Values Scan",
                "LockRows",
                "ModifyTable",
                "Frobnicate"
            })
    void otherNodesAreResultWithTheirRawType(String type) {
        ImportedPlan plan = read(explain(node(type, cost(1, 1), node("Seq Scan", "\"Relation Name\": \"t\""))));
        assertEquals(new Operator.Result(), op(plan, 0));
        assertEquals(type, plan.attributesOf(0).get("rawNodeType"));
        assertEdges(plan, 1, 0);
    }

    @Test
    void materializeAndMemoize() {
        ImportedPlan plan = read(explain(node("Memoize", "\"Cache Key\": \"t.a\"", node("Materialize", ""))));
        assertEquals(new Operator.Materialize(), op(plan, 0));
        assertEquals(new Operator.Materialize(), op(plan, 1));
        assertEquals("t.a", plan.attributesOf(0).get("Cache Key"));
    }

    // ------------------------------------------------------------------ versions and options

    @Test
    void postgres18DecimalRows() {
        ImportedPlan plan = read(explain(node(
                "Nested Loop",
                "\"Total Cost\": 40.5, \"Plan Rows\": 7, \"Actual Total Time\": 3.0, \"Actual Rows\": 9.50, \"Actual Loops\": 1",
                node("Seq Scan", stats(10, 4, 1.0, 4.00, 1)),
                node("Index Scan", "\"Index Name\": \"i\", " + stats(0.3, 1, 0.01, 2.50, 4)))));
        assertEquals(9.5, plan.dag().node(0).actualRows());
        assertEquals(10.0, plan.dag().node(2).actualRows(), "2.50 rows x 4 loops");
        assertEquals(3.0 - 1.0 - 0.04, Objects.requireNonNull(plan.dag().node(0).actualTimeMs()), EPS);
        assertEquals(2.5, plan.attributesOf(2).get("Actual Rows"));
    }

    @Test
    void withoutAnalyzeActualsAreNull() {
        ImportedPlan plan = read(explain(
                node("Sort", cost(80, 10) + ", \"Sort Key\": [\"a\"]", node("Seq Scan", cost(35, 10))),
                "\"Planning Time\": 0.1"));
        for (int id = 0; id < 2; id++) {
            assertNull(plan.dag().node(id).actualRows());
            assertNull(plan.dag().node(id).actualTimeMs());
        }
        assertEquals(45, plan.dag().node(0).estimatedCost(), EPS);
        assertEquals(0.1, plan.planningTimeMs());
        assertNull(plan.executionTimeMs());
    }

    @Test
    void costsOffGivesZeroEstimates() {
        ImportedPlan plan = read(explain(node("Sort", "\"Sort Key\": [\"a\"]", node("Seq Scan", ""))));
        assertEquals(0, plan.dag().node(0).estimatedCost());
        assertEquals(0, plan.dag().node(0).estimatedRows());
        assertEdges(plan, 1, 0);
    }

    @Test
    void timingOffKeepsRowsButNoTimes() {
        ImportedPlan plan = read(explain(node(
                "Limit",
                "\"Actual Rows\": 5, \"Actual Loops\": 1",
                node("Seq Scan", "\"Actual Rows\": 5, \"Actual Loops\": 1"))));
        assertEquals(5.0, plan.dag().node(0).actualRows());
        assertNull(plan.dag().node(0).actualTimeMs());
    }

    @Test
    void neverExecutedNodesHaveNullActuals() {
        // a Nested Loop whose inner side never ran ("never executed": loops 0)
        ImportedPlan plan = read(explain(node(
                "Nested Loop",
                stats(20, 1, 0.5, 0, 1),
                node("Seq Scan", stats(10, 1, 0.4, 0, 1)),
                node("Index Scan", "\"Index Name\": \"i\", " + stats(8, 1, 0.0, 0, 0)))));
        OperatorNode never = plan.dag().node(2);
        assertNull(never.actualRows());
        assertNull(never.actualTimeMs());
        assertEquals(8, never.estimatedCost(), EPS);
        assertEquals(0.5 - 0.4, Objects.requireNonNull(plan.dag().node(0).actualTimeMs()), EPS);
        assertEquals(0.0, plan.dag().node(1).actualRows());
    }

    @Test
    void bareObjectFormAndTopLevelFields() {
        ImportedPlan plan = read(
                "{\"Plan\": " + node("Result", "") + ", \"Planning Time\": 1.5, \"Execution Time\": 2,"
                        + " \"Settings\": {\"work_mem\": \"64MB\", \"jit\": \"off\"}, \"Triggers\": [], \"JIT\": {\"Functions\": 3}}");
        assertEquals(1, plan.dag().nodeCount());
        assertEquals(1.5, plan.planningTimeMs());
        assertEquals(2.0, plan.executionTimeMs());
        assertEquals(Map.of("work_mem", "64MB", "jit", "off"), plan.settings());
        assertEquals(List.of("work_mem", "jit"), List.copyOf(plan.settings().keySet()), "JSON order");
    }

    @Test
    void attributeValuesKeepTheirJsonForm() {
        ImportedPlan plan = read(explain(node(
                "Seq Scan",
                "\"Parallel Aware\": false, \"Plan Width\": 8, \"Total Cost\": 1.50, \"Output\": [\"a\", \"b, c\"], "
                        + "\"Workers\": [{\"Worker Number\": 0, \"Actual Rows\": 1.50}], \"Alias\": null, "
                        + "\"Huge\": 123456789012345678901234567890")));
        Map<String, Object> a = plan.attributesOf(0);
        assertEquals("false", a.get("Parallel Aware"));
        assertEquals(8L, a.get("Plan Width"));
        assertEquals(1.5, a.get("Total Cost"));
        assertEquals("[\"a\",\"b, c\"]", a.get("Output"));
        assertEquals("[{\"Worker Number\":0,\"Actual Rows\":1.50}]", a.get("Workers"), "numbers as written");
        assertFalse(a.containsKey("Alias"), "JSON null is absent");
        assertEquals(1.2345678901234568e29, a.get("Huge"));
        assertEquals(
                List.of("Node Type", "Parallel Aware", "Plan Width", "Total Cost", "Output", "Workers", "Huge"),
                List.copyOf(a.keySet()));
    }

    // ------------------------------------------------------------------ pgvector

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"<->, l2", "<=>, cosine", "<#>, negative_inner_product", "<+>, l1", "<~>, hamming", "<%>, jaccard"})
    void vectorOperatorsNameTheMetric(String operator, String metric) {
        ImportedPlan plan = read(explain(node(
                "Limit",
                cost(5, 3),
                node(
                        "Index Scan",
                        "\"Index Name\": \"items_emb_hnsw\", \"Relation Name\": \"items\", "
                                + "\"Order By\": \"(items.emb " + operator + " '[1,2]'::vector)\", "
                                + cost(50, 1000)))));
        assertEquals(new Operator.HnswScan("items_emb_hnsw", 40, "items", 3), op(plan, 1));
        assertEquals(metric, plan.attributesOf(1).get("vectorMetric"));
        assertNull(plan.attributesOf(1).get("exactVectorSearch"));
    }

    @Test
    void settingsGiveEfSearchAndProbes() {
        String scan = node(
                "Index Scan",
                "\"Index Name\": \"e_hnsw_idx\", \"Relation Name\": \"e\", \"Order By\": \"(v <-> '[1]')\"");
        String ivf = node("Index Scan", "\"Index Name\": \"e_ivfflat_idx\", \"Relation Name\": \"e\"");
        ImportedPlan plan = read(explain(
                node("Append", "", scan, ivf),
                "\"Settings\": {\"hnsw.ef_search\": \"64\", \"ivfflat.probes\": \"5\"}"));
        assertEquals(new Operator.HnswScan("e_hnsw_idx", 64, "e", null), op(plan, 1), "no Limit: k unknown");
        assertEquals(new Operator.IvfFlatScan("e_ivfflat_idx", 5, "e", null), op(plan, 2));

        ImportedPlan bad = read(explain(
                node("Append", "", scan, ivf),
                "\"Settings\": {\"hnsw.ef_search\": \"lots\", \"ivfflat.probes\": \"0\"}"));
        assertEquals(new Operator.HnswScan("e_hnsw_idx", 40, "e", null), op(bad, 1), "unreadable: default");
        assertEquals(new Operator.IvfFlatScan("e_ivfflat_idx", 1, "e", null), op(bad, 2), "not positive: default");
    }

    @Test
    void kComesFromTheNearestLimitInTheSameQuery() {
        String hnsw = node("Index Scan", "\"Index Name\": \"d_hnsw\", \"Relation Name\": \"d\"");
        // Limit 7 -> Nested Loop -> (Seq Scan, hnsw scan): k = 7
        ImportedPlan through = read(
                explain(node("Limit", cost(9, 7), node("Nested Loop", cost(90, 700), node("Seq Scan", ""), hnsw))));
        assertEquals(new Operator.HnswScan("d_hnsw", 40, "d", 7), op(through, 3));
        // the nearest of two Limits
        ImportedPlan nested = read(explain(node("Limit", cost(9, 2), node("Limit", cost(9, 5), hnsw))));
        assertEquals(new Operator.HnswScan("d_hnsw", 40, "d", 5), op(nested, 2));
        // a Limit of 0 rows says nothing about k
        ImportedPlan zero = read(explain(node("Limit", cost(0, 0), hnsw)));
        assertEquals(new Operator.HnswScan("d_hnsw", 40, "d", null), op(zero, 1));
        // an outer Limit does not reach into a SubPlan, but the SubPlan's own Limit does
        String subWithoutLimit =
                node("Sort", "\"Parent Relationship\": \"SubPlan\", \"Subplan Name\": \"SubPlan 1\"", hnsw);
        String subWithLimit = node(
                "Limit", "\"Parent Relationship\": \"SubPlan\", \"Subplan Name\": \"SubPlan 2\", " + cost(3, 4), hnsw);
        ImportedPlan sub = read(explain(node(
                "Limit",
                cost(9, 10),
                node("Seq Scan", "\"Filter\": \"(x = ANY($1))\"", subWithoutLimit, subWithLimit))));
        assertEquals(new Operator.HnswScan("d_hnsw", 40, "d", null), op(sub, 3));
        assertEquals(new Operator.HnswScan("d_hnsw", 40, "d", 4), op(sub, 5));
    }

    @Test
    void exactVectorSearchInFiltersAndSortsAboveNonVectorScans() {
        String distance = "(e.v <=> '[1,2,3]'::vector)";
        // ORDER BY distance without a vector index: a Sort above a Seq Scan
        ImportedPlan sorted = read(explain(node(
                "Limit",
                cost(10, 5),
                node("Sort", "\"Sort Key\": [\"" + distance + "\"]", node("Seq Scan", "\"Relation Name\": \"e\"")))));
        assertEquals("cosine", sorted.attributesOf(1).get("vectorMetric"));
        assertEquals("true", sorted.attributesOf(1).get("exactVectorSearch"));
        assertNull(sorted.attributesOf(2).get("vectorMetric"));

        // a re-sort above an HNSW scan is not an exact search
        ImportedPlan reranked = read(explain(node(
                "Sort",
                "\"Sort Key\": [\"" + distance + " DESC\"]",
                node("Index Scan", "\"Index Name\": \"e_hnsw\", \"Order By\": \"(e.v <-> '[1,2,3]'::vector)\""))));
        assertEquals("cosine", reranked.attributesOf(0).get("vectorMetric"));
        assertNull(reranked.attributesOf(0).get("exactVectorSearch"));
        assertEquals("l2", reranked.attributesOf(1).get("vectorMetric"));

        // an HNSW scan in a SubPlan of the scan below the Sort does not feed the Sort's distances
        ImportedPlan subplan = read(explain(node(
                "Sort",
                "\"Sort Key\": [\"" + distance + "\"]",
                node(
                        "Seq Scan",
                        "\"Relation Name\": \"e\", \"Filter\": \"(e.id = ANY ($0))\"",
                        node(
                                "Limit",
                                "\"Parent Relationship\": \"SubPlan\", \"Subplan Name\": \"SubPlan 1\"",
                                node(
                                        "Index Scan",
                                        "\"Index Name\": \"e_hnsw\", \"Order By\": \"(e.v <=> '[1]'::vector)\""))))));
        assertTrue(op(subplan, 3) instanceof Operator.HnswScan);
        assertEquals("true", subplan.attributesOf(0).get("exactVectorSearch"));

        // a distance threshold in a filter
        ImportedPlan filtered = read(explain(node(
                "Seq Scan",
                "\"Relation Name\": \"e\", \"Filter\": \"((e.v <#> '[1]'::vector) < '-0.5'::double precision)\"")));
        assertEquals("negative_inner_product", filtered.attributesOf(0).get("vectorMetric"));
        assertEquals("true", filtered.attributesOf(0).get("exactVectorSearch"));

        ImportedPlan joined = read(explain(node(
                "Nested Loop",
                "\"Join Filter\": \"((a.v <-> b.v) < '1'::double precision)\"",
                node("Seq Scan", ""),
                node("Seq Scan", ""))));
        assertEquals("l2", joined.attributesOf(0).get("vectorMetric"));
        assertEquals("true", joined.attributesOf(0).get("exactVectorSearch"));

        ImportedPlan plain = read(explain(node("Seq Scan", "\"Filter\": \"(a <> b)\"")));
        assertFalse(plain.attributesOf(0).containsKey("vectorMetric"));
    }

    @Test
    void theFirstVectorOperatorInTheTextWins() {
        assertEquals("hamming", PlanMapper.vectorMetric("(a <~> b) + (c <-> d)"));
        assertNull(PlanMapper.vectorMetric("a < -> b"));
    }

    @Test
    void resolverIsAskedOncePerIndex() {
        String scan = node("Index Scan", "\"Index Name\": \"i\", \"Schema\": \"s\"");
        int[] calls = new int[1];
        ImportedPlan plan = PostgresPlans.fromExplainJson(
                explain(node("Append", "", scan, scan, node("Index Scan", "\"Index Name\": \"i\", \"Schema\": \"t\""))),
                (schema, index) -> {
                    calls[0]++;
                    return java.util.Optional.empty();
                });
        assertEquals(2, calls[0], "(s, i) and (t, i)");
        assertEquals(new Operator.IndexScan("i", ""), op(plan, 1));
        assertTrue(AccessMethodResolver.nameHeuristic()
                .accessMethod("", "Docs_IVFFLAT_idx")
                .isPresent());
        assertTrue(AccessMethodResolver.nameHeuristic()
                .accessMethod("", "docs_pkey")
                .isEmpty());
    }

    // ------------------------------------------------------------------ size

    @Test
    void deepPlansImportWithoutRecursion() {
        int depth = 4_900; // 2 JSON levels per plan level: just inside the 10 000-level limit
        StringBuilder sb = new StringBuilder("[{\"Plan\": ");
        for (int i = 0; i < depth - 1; i++) {
            sb.append("{\"Node Type\": \"Sort\", \"Total Cost\": ")
                    .append(depth - i)
                    .append(", \"Plans\": [");
        }
        sb.append("{\"Node Type\": \"Seq Scan\", \"Total Cost\": 1}");
        sb.append("]}".repeat(depth - 1)).append("}]");
        ImportedPlan plan = PostgresPlans.fromExplainJson(sb.toString());
        assertEquals(depth, plan.dag().nodeCount());
        assertEquals(depth - 1, plan.dag().edgeCount());
        assertEquals(depth - 1, plan.dag().maxDepth());
        assertEquals(1.0, plan.dag().node(depth - 1).estimatedCost(), EPS);
        assertEquals(1.0, plan.dag().node(0).estimatedCost(), EPS, "each Sort adds 1");
    }

    @Test
    void oneHundredThousandNodesAreAccepted() {
        ImportedPlan plan = PostgresPlans.fromExplainJson(wideAppend(99_999));
        assertEquals(100_000, plan.dag().nodeCount());
        assertEquals(99_999, plan.dag().edgeCount());
        assertEquals(99_999, plan.dag().parents(0).length);
    }

    /** An Append over {@code children} Seq Scans. */
    static String wideAppend(int children) {
        StringBuilder sb =
                new StringBuilder(children * 30).append("[{\"Plan\": {\"Node Type\": \"Append\", \"Plans\": [");
        for (int i = 0; i < children; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"Node Type\": \"Seq Scan\"}");
        }
        return sb.append("]}}]").toString();
    }
}
