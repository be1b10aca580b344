package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DagFormatsTest {

    private static AbstractThrowableAssert<?, ? extends Throwable> serializationError(Runnable r) {
        return assertThatThrownBy(r::run)
                .isInstanceOf(DagException.class)
                .satisfies(e -> assertThat(((DagException) e).kind()).isEqualTo(DagException.Kind.SERIALIZATION));
    }

    private static List<Edge> edges(int... pairs) {
        Edge[] e = new Edge[pairs.length / 2];
        for (int i = 0; i < e.length; i++) {
            e[i] = new Edge(pairs[2 * i], pairs[2 * i + 1]);
        }
        return List.of(e);
    }

    // ------------------------------------------------------------------ bench

    @Test
    void benchOpIndicesAreTheOriginalsSeventeenKindsWithNeutralDefaults() {
        StringBuilder sb = new StringBuilder("{\"nodes\":[");
        for (int op = 0; op < 17; op++) {
            sb.append(op == 0 ? "" : ",")
                    .append("{\"id\":")
                    .append(op)
                    .append(",\"op\":")
                    .append(op)
                    .append("}");
        }
        QueryDag dag = DagFormats.fromBenchJson(sb.append("],\"edges\":[]}").toString());
        List<Operator> expected = List.of(
                new Operator.SeqScan(""),
                new Operator.IndexScan("", ""),
                new Operator.HnswScan("", 40),
                new Operator.IvfFlatScan("", 10),
                new Operator.NestedLoopJoin(JoinType.INNER),
                new Operator.HashJoin("", JoinType.INNER),
                new Operator.MergeJoin("", JoinType.INNER),
                new Operator.Aggregate(List.of()),
                new Operator.GroupBy(List.of()),
                new Operator.Filter(""),
                new Operator.Project(List.of()),
                new Operator.Sort(List.of()),
                new Operator.Limit(10),
                new Operator.VectorDistance(""),
                new Operator.Rerank(""),
                new Operator.Materialize(),
                new Operator.Result());
        for (int op = 0; op < 17; op++) {
            assertThat(dag.node(op)).isEqualTo(OperatorNode.of(expected.get(op)));
        }
    }

    @Test
    void benchCostAndRowsBecomeEstimatesAndIdsArePreserved() {
        QueryDag dag = DagFormats.fromBenchJson(
                "{\"edges\":[[7,42],[3,42]],\"nodes\":[{\"id\":42,\"op\":16,\"cost\":2.5,\"rows\":1},"
                        + "{\"rows\":399,\"cost\":1.25,\"op\":3,\"id\":7,\"extra\":[1,{\"x\":2}]},{\"id\":3,\"op\":0}]}");
        assertThat(dag.nodeIds()).containsExactly(3, 7, 42);
        assertThat(dag.nextId()).isEqualTo(43);
        assertThat(dag.node(7)).isEqualTo(OperatorNode.of(new Operator.IvfFlatScan("", 10), 399, 1.25));
        assertThat(dag.node(42)).isEqualTo(OperatorNode.of(new Operator.Result(), 1, 2.5));
        assertThat(dag.node(3)).isEqualTo(OperatorNode.of(new Operator.SeqScan("")));
        assertThat(dag.edges()).isEqualTo(edges(3, 42, 7, 42));
    }

    @Test
    void benchRepeatedEdgeIsKeptOnce() {
        QueryDag dag = DagFormats.fromBenchJson(
                "{\"nodes\":[{\"id\":0,\"op\":0},{\"id\":1,\"op\":16}],\"edges\":[[0,1],[0,1]]}");
        assertThat(dag.edges()).isEqualTo(edges(0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "op 17|{\"nodes\":[{\"id\":0,\"op\":17}],\"edges\":[]}|outside [0, 16]",
                "op -1|{\"nodes\":[{\"id\":0,\"op\":-1}],\"edges\":[]}|outside [0, 16]",
                "op string|{\"nodes\":[{\"id\":0,\"op\":\"3\"}],\"edges\":[]}|must be an integer",
                "op float|{\"nodes\":[{\"id\":0,\"op\":3.5}],\"edges\":[]}|must be an integer",
                "id long|{\"nodes\":[{\"id\":99999999999,\"op\":3}],\"edges\":[]}|out of the int range",
                "id negative|{\"nodes\":[{\"id\":-4,\"op\":3}],\"edges\":[]}|invalid node id -4",
                "missing id|{\"nodes\":[{\"op\":3}],\"edges\":[]}|without \"id\"",
                "missing op|{\"nodes\":[{\"id\":5}],\"edges\":[]}|node 5 without \"op\"",
                "missing nodes|{\"edges\":[]}|missing \"nodes\"",
                "negative cost|{\"nodes\":[{\"id\":0,\"op\":3,\"cost\":-1}]}|estimatedCost must be finite and >= 0",
                "huge cost|{\"nodes\":[{\"id\":0,\"op\":3,\"cost\":1e400}]}|estimatedCost must be finite",
                "rows string|{\"nodes\":[{\"id\":0,\"op\":3,\"rows\":\"x\"}]}|\"rows\" must be a number",
                "dangling edge|{\"nodes\":[{\"id\":0,\"op\":3}],\"edges\":[[0,9]]}|edge 0->9 names a missing node",
                "self-loop|{\"nodes\":[{\"id\":0,\"op\":3}],\"edges\":[[0,0]]}|edge 0->0 is a self-loop",
                "edge of three|{\"nodes\":[{\"id\":0,\"op\":3}],\"edges\":[[0,0,0]]}|the end of an edge pair",
                "trailing|{\"nodes\":[]} []|unexpected content after",
                "NaN token|{\"nodes\":[{\"id\":0,\"op\":3,\"cost\":NaN}]}|Non-standard token 'NaN'",
                "not an object|[1,2]|expected a DAG object",
                "truncated|{\"nodes\":[{\"id\":0,|end-of-input",
            })
    void benchRejectsBadInputWithLineAndColumn(String name, String json, String message) {
        serializationError(() -> DagFormats.fromBenchJson(json))
                .hasMessageStartingWith("bench JSON DAG: ")
                .hasMessageContaining(message)
                .hasMessageMatching("(?s).*\\(line \\d+, column \\d+\\).*");
    }

    @Test
    void benchDuplicateIdIsReportedWhereItOccurs() {
        String json = "{\"nodes\":[\n{\"id\":0,\"op\":3},\n{\"id\":1,\"op\":3},\n{\"id\":0,\"op\":3}\n]}";
        serializationError(() -> DagFormats.fromBenchJson(json))
                .hasMessageContaining("duplicate node id 0")
                .hasMessageContaining("(line 4, column");
    }

    @Test
    void benchCycleIsASerializationError() {
        String json = "{\"nodes\":[{\"id\":0,\"op\":3},{\"id\":1,\"op\":3},{\"id\":2,\"op\":3}],"
                + "\"edges\":[[0,1],[1,2],[2,0]]}";
        serializationError(() -> DagFormats.fromBenchJson(json))
                .hasMessageContaining("cycle through 3 nodes")
                .hasMessageContaining("(line 1, column");
    }

    // ------------------------------------------------------------------ upstream

    @Test
    void upstreamVectorSearchExample() {
        QueryDag dag = DagFormats.fromUpstreamJson(BenchDags.resource("/formats/upstream-vector-search.json"));
        assertThat(dag.nodeIds()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(dag.node(0))
                .isEqualTo(new OperatorNode(
                        new Operator.HnswScan("items_embedding_hnsw", 64),
                        100.0,
                        25.5,
                        100.0,
                        1.75,
                        null,
                        null,
                        new float[] {0.25f, -0.5f, 0.125f, 1.0f}));
        assertThat(dag.node(1)).isEqualTo(OperatorNode.of(new Operator.SeqScan("items"), 50000, 1250));
        assertThat(dag.node(2).operator()).isEqualTo(new Operator.Filter("category = 'books'"));
        assertThat(dag.node(3).operator()).isEqualTo(new Operator.HashJoin("item_id", JoinType.INNER));
        assertThat(dag.node(4).operator()).isEqualTo(new Operator.VectorDistance("cosine"));
        assertThat(dag.node(5).operator()).isEqualTo(new Operator.Rerank("cross-encoder-mini"));
        assertThat(dag.node(6).operator())
                .isEqualTo(new Operator.Sort(List.of("score", "item_id"), List.of(true, false)));
        assertThat(dag.node(7)).isEqualTo(OperatorNode.of(new Operator.Limit(10), 10, 0.5));
        assertThat(dag.node(8)).isEqualTo(OperatorNode.of(new Operator.Result(), 10, 0));
        // [3,4] is listed twice upstream; kept once here. "root" is ignored.
        assertThat(dag.edges()).isEqualTo(edges(0, 3, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8));
        assertThat(dag.sources()).containsExactly(0, 1);
        assertThat(dag.sinks()).containsExactly(8);
        assertThat(DagFormats.detect(BenchDags.resource("/formats/upstream-vector-search.json")))
                .isEqualTo(DagFormats.Format.UPSTREAM);
        assertThat(QueryDag.fromJson(dag.toJson())).isEqualTo(dag);
    }

    @Test
    void upstreamLegacyKindsSparseIdsAndEdgeObjects() {
        String text = BenchDags.resource("/formats/upstream-legacy-kinds.json");
        QueryDag dag = DagFormats.fromUpstreamJson(text);
        assertThat(dag.nodeIds()).containsExactly(3, 7, 12, 15, 20, 31, 33, 40, 41, 42, 50);
        assertThat(dag.nextId()).isEqualTo(51);
        assertThat(dag.node(3)).isEqualTo(OperatorNode.of(new Operator.SeqScan(""), 10, 1));
        assertThat(dag.node(7).operator()).isEqualTo(new Operator.IndexScan("orders_pkey", "orders"));
        assertThat(dag.node(12).operator()).isEqualTo(new Operator.NestedLoopJoin(JoinType.INNER));
        assertThat(dag.node(15).operator()).isEqualTo(new Operator.IvfFlatScan("docs_ivf", 8));
        assertThat(dag.node(20).operator()).isEqualTo(new Operator.MergeJoin("doc_id", JoinType.INNER));
        assertThat(dag.node(31).operator()).isEqualTo(new Operator.GroupBy(List.of("customer_id")));
        assertThat(dag.node(33).operator()).isEqualTo(new Operator.Aggregate(List.of("sum(total)", "count(*)")));
        assertThat(dag.node(40).operator()).isEqualTo(new Operator.Project(List.of("customer_id", "total")));
        assertThat(dag.node(41).operator()).isEqualTo(new Operator.Materialize());
        assertThat(dag.node(42).operator()).isEqualTo(new Operator.NestedLoopJoin());
        assertThat(dag.node(50)).isEqualTo(OperatorNode.of(new Operator.Result(), 1, 0.25));
        assertThat(dag.edges())
                .isEqualTo(edges(3, 12, 7, 12, 12, 20, 15, 20, 20, 31, 31, 33, 33, 40, 40, 41, 41, 42, 42, 50));
        // 7 (cost 2) -> 12 (3) beats 3 (1) -> 12 and 15 (4) -> 20
        assertThat(dag.criticalPath().path()).containsExactly(7, 12, 20, 31, 33, 40, 41, 42, 50);
        assertThat(dag.criticalPath().cost()).isEqualTo(2 + 3 + 5 + 6 + 7 + 8 + 9 + 10 + 0.25);
        assertThat(DagFormats.detect(text)).isEqualTo(DagFormats.Format.UPSTREAM);
        assertThat(DagFormats.read(text)).isEqualTo(dag);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown kind|{\"nodes\":[{\"id\":0,\"op_type\":\"Teleport\"}]}|unknown operator type \"Teleport\"",
                "two kinds|{\"nodes\":[{\"id\":0,\"op_type\":{\"SeqScan\":{},\"Result\":{}}}]}|exactly one",
                "empty kind|{\"nodes\":[{\"id\":0,\"op_type\":{}}]}|exactly one",
                "number kind|{\"nodes\":[{\"id\":0,\"op_type\":7}]}|must be a string or an object",
                "fields array|{\"nodes\":[{\"id\":0,\"op_type\":{\"SeqScan\":[1]}}]}|must be an object",
                "bad field|{\"nodes\":[{\"id\":0,\"op_type\":{\"SeqScan\":{\"table\":5}}}]}|\"table\" must be a string",
                "ef zero|{\"nodes\":[{\"id\":0,\"op_type\":{\"HnswScan\":{\"index\":\"i\",\"ef_search\":0}}}]}|HnswScan",
                "ef huge|{\"nodes\":[{\"id\":0,\"op_type\":{\"HnswScan\":{\"ef_search\":99999999999}}}]}|out of range",
                "missing op_type|{\"nodes\":[{\"id\":0}]}|without \"op_type\"",
                "edge object|{\"nodes\":[{\"id\":0,\"op_type\":\"Result\"}],\"edges\":[{\"from\":0}]}|without \"from\" and \"to\"",
                "edge string|{\"nodes\":[{\"id\":0,\"op_type\":\"Result\"}],\"edges\":[\"0-1\"]}|expected an edge",
                "bad embedding|{\"nodes\":[{\"id\":0,\"op_type\":\"Result\",\"embedding\":[1,\"x\"]}]}|must be a number",
                "inf embedding|{\"nodes\":[{\"id\":0,\"op_type\":\"Result\",\"embedding\":[1e300]}]}|not finite",
                "actual negative|{\"nodes\":[{\"id\":0,\"op_type\":\"Result\",\"actual_rows\":-1}]}|actualRows",
                "cycle|{\"nodes\":[{\"id\":0,\"op_type\":\"Result\"},{\"id\":1,\"op_type\":\"Result\"}],\"edges\":[[0,1],[1,0]]}|cycle",
            })
    void upstreamRejectsBadInputWithLineAndColumn(String name, String json, String message) {
        serializationError(() -> DagFormats.fromUpstreamJson(json))
                .hasMessageStartingWith("upstream JSON DAG: ")
                .hasMessageContaining(message)
                .hasMessageMatching("(?s).*\\(line \\d+, column \\d+\\).*");
    }

    // ------------------------------------------------------------------ fixture

    @Test
    void fixtureExampleLoadsNamedDagsInOrder() {
        String text = BenchDags.resource("/formats/sample_dags.json");
        Map<String, QueryDag> dags = DagFormats.fromFixtureJson(text);
        assertThat(dags.keySet()).containsExactly("simple_scan", "hash_join", "vector_search");

        QueryDag simple = Objects.requireNonNull(dags.get("simple_scan"));
        assertThat(simple.node(0)).isEqualTo(OperatorNode.of(new Operator.SeqScan("users"), 1000, 100));
        assertThat(simple.node(1)).isEqualTo(OperatorNode.of(new Operator.Filter("age > 18"), 600, 10));
        assertThat(simple.node(2)).isEqualTo(OperatorNode.of(new Operator.Result(), 0, 1));
        assertThat(simple.edges()).isEqualTo(edges(0, 1, 1, 2));

        QueryDag join = Objects.requireNonNull(dags.get("hash_join"));
        assertThat(join.node(0).operator()).isEqualTo(new Operator.SeqScan("orders"));
        assertThat(join.node(1).operator()).isEqualTo(new Operator.SeqScan(""));
        assertThat(join.node(2).operator()).isEqualTo(new Operator.HashJoin("customer_id", JoinType.INNER));
        assertThat(join.node(3).operator()).isEqualTo(new Operator.Aggregate(List.of("count(*)")));
        assertThat(join.node(4).operator()).isEqualTo(new Operator.Sort(List.of("count")));
        assertThat(join.criticalPath().path()).containsExactly(0, 2, 3, 4, 5);
        assertThat(join.criticalPath().cost()).isEqualTo(676.0);

        QueryDag vector = Objects.requireNonNull(dags.get("vector_search"));
        assertThat(vector.nodeIds()).containsExactly(10, 20, 30);
        assertThat(vector.node(10).operator()).isEqualTo(new Operator.HnswScan("doc_embedding_idx", 100));
        assertThat(vector.node(20).operator()).isEqualTo(new Operator.Limit(5));
        assertThat(vector.edges()).isEqualTo(edges(10, 20, 20, 30));

        assertThat(DagFormats.detect(text)).isEqualTo(DagFormats.Format.FIXTURE);
        assertThatThrownBy(() -> dags.put("x", new QueryDag())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fixtureErrorsNameTheDag() {
        serializationError(() -> DagFormats.fromFixtureJson(
                        "{\"a\":{\"nodes\":[]},\"b\":{\"nodes\":[{\"id\":0,\"type\":\"Nope\"}]}}"))
                .hasMessageStartingWith("fixture JSON: DAG \"b\": ")
                .hasMessageContaining("unknown operator type \"Nope\"")
                .hasMessageContaining("(line 1, column");
        serializationError(() -> DagFormats.fromFixtureJson("{\"a\":{\"nodes\":[]},\"a\":{\"nodes\":[]}}"))
                .hasMessageContaining("DAG \"a\" is defined twice");
        serializationError(() -> DagFormats.fromFixtureJson("[{\"nodes\":[]}]"))
                .hasMessageContaining("expected an object of named DAGs");
        serializationError(() -> DagFormats.fromFixtureJson("{\"a\":{\"nodes\":[{\"id\":0}]}}"))
                .hasMessageContaining("node 0 without \"type\"");
        serializationError(() -> DagFormats.fromFixtureJson("{\"a\":{\"nodes\":[{\"id\":0,\"type\":1}]}}"))
                .hasMessageContaining("\"type\" must be a string");
        serializationError(() -> DagFormats.fromFixtureJson(
                        "{\"a\":{\"nodes\":[{\"id\":0,\"type\":\"Result\"}],\"edges\":[[0,1]]}}"))
                .hasMessageContaining("DAG \"a\": edge 0->1 names a missing node");
        serializationError(() -> DagFormats.fromFixtureJson("{\"a\":{\"nodes\":[]}} x"))
                .hasMessageContaining("(line 1, column");
        assertThat(DagFormats.fromFixtureJson("{}")).isEmpty();
    }

    @Test
    void fixtureAcceptsEstimatedFieldNamesAndActuals() {
        QueryDag dag = DagFormats.fromFixtureJson(
                        "{\"x\":{\"nodes\":[{\"id\":1,\"type\":\"IvfFlatScan\",\"index\":\"i\","
                                + "\"probes\":4,\"estimated_cost\":2,\"estimated_rows\":3,\"actual_rows\":4,"
                                + "\"actual_time_ms\":0.5,\"embedding\":[1,2]}]}}")
                .values()
                .iterator()
                .next();
        assertThat(dag.node(1))
                .isEqualTo(new OperatorNode(
                        new Operator.IvfFlatScan("i", 4), 3, 2, 4.0, 0.5, null, null, new float[] {1, 2}));
    }

    // ------------------------------------------------------------------ detection and read

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "canonical|{\"version\":1,\"nodes\":[],\"edges\":[]}|CANONICAL",
                "canonical, version last|{\"nodes\":[],\"edges\":[],\"version\":1}|CANONICAL",
                "canonical without version|{\"nodes\":[{\"id\":0,\"op\":{\"type\":\"Result\"}}]}|CANONICAL",
                "bench|{\"nodes\":[{\"id\":0,\"op\":3}],\"edges\":[]}|BENCH",
                "bench, id later|{\"nodes\":[{\"cost\":1,\"op\":3,\"id\":0}]}|BENCH",
                "bench, empty|{\"nodes\":[],\"edges\":[]}|BENCH",
                "upstream|{\"nodes\":[{\"id\":0,\"op_type\":\"Result\"}],\"edges\":[]}|UPSTREAM",
                "upstream, empty with root|{\"root\":null,\"nodes\":[],\"edges\":[]}|UPSTREAM",
                "fixture|{\"q1\":{\"nodes\":[]}}|FIXTURE",
                "fixture, description first|{\"q1\":{\"description\":\"d\",\"nodes\":[]}}|FIXTURE",
                "explain array|[{\"Plan\":{\"Node Type\":\"Result\"},\"Planning Time\":0.1}]|POSTGRES_EXPLAIN",
                "explain, Plan later|[{\"Query Text\":\"x\",\"Plan\":{}}]|POSTGRES_EXPLAIN",
                "explain object|{\"Plan\":{\"Node Type\":\"Result\"}}|POSTGRES_EXPLAIN",
                "array of numbers|[1,2]|UNKNOWN",
                "empty array|[]|UNKNOWN",
                "empty object|{}|UNKNOWN",
                "number|42|UNKNOWN",
                "not json|hello|UNKNOWN",
                "truncated|{\"nodes\":[{\"id\"|UNKNOWN",
                "root only|{\"root\":3}|UNKNOWN",
                "fixture-like single dag|{\"nodes\":[{\"id\":0,\"type\":\"Result\"}]}|UNKNOWN",
                "op string|{\"nodes\":[{\"id\":0,\"op\":\"x\"}]}|UNKNOWN",
                "object of objects|{\"a\":{\"b\":1}}|UNKNOWN",
            })
    void detectsTheFormat(String name, String text, DagFormats.Format expected) {
        assertThat(DagFormats.detect(text)).isEqualTo(expected);
    }

    @Test
    void detectsTheEmptyDocumentAsUnknown() {
        assertThat(DagFormats.detect("")).isEqualTo(DagFormats.Format.UNKNOWN);
        assertThat(DagFormats.detect("   ")).isEqualTo(DagFormats.Format.UNKNOWN);
    }

    @Test
    void readDispatchesOnTheDetectedFormat() {
        QueryDag dag = new QueryDag();
        dag.addNode(4, OperatorNode.of(new Operator.SeqScan(""), 5, 1.5));
        dag.addNode(9, new Operator.Result());
        dag.addEdge(4, 9);
        assertThat(DagFormats.read(dag.toJson())).isEqualTo(dag);
        assertThat(DagFormats.read("{\"nodes\":[{\"id\":4,\"op\":0,\"cost\":1.5,\"rows\":5},{\"id\":9,\"op\":16}],"
                        + "\"edges\":[[4,9]]}"))
                .isEqualTo(dag);
        assertThat(DagFormats.read("{\"nodes\":[{\"id\":4,\"op_type\":{\"SeqScan\":{\"table\":\"\"}},"
                        + "\"estimated_rows\":5,\"estimated_cost\":1.5},{\"id\":9,\"op_type\":\"Result\"}],"
                        + "\"edges\":[{\"from\":4,\"to\":9}],\"root\":4}"))
                .isEqualTo(dag);
    }

    @Test
    void readNamesTheFormatItCannotRead() {
        serializationError(() -> DagFormats.read("{\"q\":{\"nodes\":[]}}"))
                .hasMessageContaining("FIXTURE")
                .hasMessageContaining("fromFixtureJson");
        serializationError(() -> DagFormats.read("[{\"Plan\":{}}]")).hasMessageContaining("POSTGRES_EXPLAIN");
        serializationError(() -> DagFormats.read("{\"a\":1}")).hasMessageContaining("UNKNOWN");
        serializationError(() -> DagFormats.read("{\n  \"nodes\": [}"))
                .hasMessageContaining("UNKNOWN")
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("(line 2, column");
        serializationError(() -> DagFormats.read("{\"version\":2,\"nodes\":[]}"))
                .hasMessageContaining("unsupported DAG format version 2");
        serializationError(() -> DagFormats.read(" ".repeat(DagLimits.MAX_INPUT_BYTES + 1)))
                .hasMessageContaining("exceeds the limit");
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThatThrownBy(() -> DagFormats.read(nullString())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DagFormats.detect(nullString())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DagFormats.fromBenchJson(nullString())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DagFormats.fromUpstreamJson(nullString())).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> DagFormats.fromFixtureJson(nullString())).isInstanceOf(NullPointerException.class);
    }

    @SuppressWarnings("NullAway") // deliberately null
    private static String nullString() {
        return null;
    }
}
