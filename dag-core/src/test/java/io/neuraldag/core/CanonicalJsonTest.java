package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The canonical JSON reader and writer of spec 01 §2.9: accepted shapes and every rejection. */
class CanonicalJsonTest {

    static String doc(String nodes, String edges) {
        return "{\"version\":1,\"nodes\":[" + nodes + "],\"edges\":[" + edges + "]}";
    }

    static String node(int id, String op) {
        return "{\"id\":" + id + ",\"op\":" + op + "}";
    }

    static final String RESULT = "{\"type\":\"Result\"}";

    static void rejects(String json, String messagePart) {
        assertThatThrownBy(() -> QueryDag.fromJson(json))
                .as(json.length() > 200 ? json.substring(0, 200) : json)
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.SERIALIZATION))
                .hasMessageContaining(messagePart);
    }

    @Test
    void writesTheSpecShape() {
        QueryDag d = new QueryDag();
        d.addNode(1, new Operator.Result());
        d.addNode(0, new Operator.HnswScan("v", 64));
        d.addEdge(0, 1);
        assertThat(d.toJson())
                .isEqualTo("{\"version\":1,\"nodes\":[{\"id\":0,\"op\":{\"type\":\"HnswScan\",\"index\":\"v\","
                        + "\"ef_search\":64},\"estimated_rows\":0.0,\"estimated_cost\":0.0},{\"id\":1,\"op\":"
                        + "{\"type\":\"Result\"},\"estimated_rows\":0.0,\"estimated_cost\":0.0}],\"edges\":[[0,1]]}");
    }

    @Test
    void readsFieldsInAnyOrderAndKeepsIds() {
        String json = "{\"edges\":[[40,7]],\"nodes\":[{\"estimated_cost\":2.5,\"op\":{\"table\":\"t\",\"type\":"
                + "\"SeqScan\"},\"id\":40},{\"id\":7,\"op\":{\"type\":\"Result\"},\"actual_rows\":null,"
                + "\"embedding\":null}],\"version\":1}";
        QueryDag d = QueryDag.fromJson(json);
        assertThat(d.nodeIds()).containsExactly(7, 40);
        assertThat(d.edges()).containsExactly(new Edge(40, 7));
        assertThat(d.node(40)).isEqualTo(OperatorNode.of(new Operator.SeqScan("t"), 0, 2.5));
        assertThat(d.node(7).actualRows()).isNull();
        assertThat(d.nextId()).isEqualTo(41);
        assertThat(d.addNode(new Operator.Result())).isEqualTo(41);
    }

    @Test
    void emptyAndEdgelessDags() {
        assertThat(QueryDag.fromJson("{\"version\":1,\"nodes\":[]}").isEmpty()).isTrue();
        assertThat(QueryDag.fromJson(doc("", "")).nextId()).isZero();
        assertThat(QueryDag.fromJson(new QueryDag().toJson())).isEqualTo(new QueryDag());
        assertThat(new QueryDag().toJson()).isEqualTo("{\"version\":1,\"nodes\":[],\"edges\":[]}");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"version\":1,\"generator\":{\"name\":\"x\",\"tags\":[1,[2]]},\"nodes\":[{\"id\":0,"
                + "\"op\":{\"type\":\"Result\"},\"comment\":{\"deep\":[{}]},\"depth\":3}],\"edges\":[],\"extra\":5}";
        assertThat(QueryDag.fromJson(json).nodeCount()).isEqualTo(1);
    }

    @Test
    void lenientOperatorFields() {
        String nodes = String.join(
                ",",
                node(0, "{\"type\":\"Scan\"}"),
                node(1, "{\"type\":\"Join\"}"),
                node(2, "{\"type\":\"HashJoin\",\"key\":\"a=b\",\"join_type\":\"left\"}"),
                node(3, "{\"type\":\"IvfFlatScan\",\"index\":\"i\",\"probes\":4}"),
                node(4, "{\"type\":\"HnswScan\"}"),
                node(5, "{\"type\":\"Limit\"}"),
                node(6, "{\"type\":\"SeqScan\",\"table\":null}"),
                node(7, "{\"type\":\"Project\",\"columns\":\"only\"}"),
                node(8, "{\"type\":\"Sort\",\"keys\":[\"a\"],\"descending\":[true]}"),
                node(9, "{\"type\":\"MergeJoin\",\"key\":\"m\"}"),
                node(10, "{\"type\":\"IncrementalSort\",\"keys\":[\"a\"]}"),
                node(11, "{\"type\":\"Union\"}"),
                node(12, "{\"type\":\"Gather\"}"),
                node(13, "{\"type\":\"HnswScan\",\"index\":\"h\",\"ef_search\":8,\"k\":null}"),
                node(14, "{\"type\":\"Limit\",\"count\":10000000000}"),
                node(15, "{\"type\":\"Sort\",\"keys\":[\"x\",\"y\"]}"),
                node(16, "{\"type\":\"GroupBy\"}"));
        QueryDag d = QueryDag.fromJson(doc(nodes, ""));
        assertThat(d.node(0).operator()).isEqualTo(new Operator.SeqScan(""));
        assertThat(d.node(1).operator()).isEqualTo(new Operator.NestedLoopJoin(JoinType.INNER));
        assertThat(d.node(2).operator()).isEqualTo(new Operator.HashJoin("a=b", JoinType.LEFT));
        assertThat(d.node(3).operator()).isEqualTo(new Operator.IvfFlatScan("i", 4));
        assertThat(d.node(4).operator()).isEqualTo(new Operator.HnswScan("", 40));
        assertThat(d.node(5).operator()).isEqualTo(new Operator.Limit(10));
        assertThat(d.node(6).operator()).isEqualTo(new Operator.SeqScan(""));
        assertThat(d.node(7).operator()).isEqualTo(new Operator.Project(List.of("only")));
        assertThat(d.node(8).operator()).isEqualTo(new Operator.Sort(List.of("a"), List.of(true)));
        assertThat(d.node(9).operator()).isEqualTo(new Operator.MergeJoin("m"));
        assertThat(d.node(10).operator()).isEqualTo(new Operator.IncrementalSort(List.of("a")));
        assertThat(d.node(11).operator()).isEqualTo(new Operator.Union(false));
        assertThat(d.node(12).operator()).isEqualTo(new Operator.Gather(0));
        assertThat(d.node(13).operator()).isEqualTo(new Operator.HnswScan("h", 8));
        assertThat(d.node(14).operator()).isEqualTo(new Operator.Limit(10_000_000_000L));
        assertThat(d.node(15).operator()).isEqualTo(new Operator.Sort(List.of("x", "y"), List.of(false, false)));
        assertThat(d.node(16).operator()).isEqualTo(new Operator.GroupBy(List.of()));
    }

    @Test
    void structuralErrors() {
        rejects("[]", "JSON object");
        rejects("{\"nodes\":[]}", "missing \"version\"");
        rejects("{\"version\":1}", "missing \"nodes\"");
        rejects("{\"version\":2,\"nodes\":[]}", "unsupported DAG format version 2");
        rejects("{\"version\":\"1\",\"nodes\":[]}", "\"version\" must be an integer");
        rejects("{\"version\":1,\"nodes\":{}}", "an array of nodes");
        rejects("{\"version\":1,\"nodes\":[5]}", "a node object");
        rejects("{\"version\":1,\"nodes\":[],\"edges\":{}}", "an array of edges");
        rejects("{\"version\":1,\"nodes\":[]} {}", "unexpected content");
        rejects("{\"version\":1,\"nodes\":[]", "JSON DAG");
        rejects("", "JSON");
        rejects("{\"version\":1,\"nodes\":[}", "line 1");
    }

    @Test
    void nodeErrors() {
        rejects(doc("{\"op\":" + RESULT + "}", ""), "without \"id\"");
        rejects(doc("{\"id\":0}", ""), "without \"op\"");
        rejects(doc("{\"id\":1.5,\"op\":" + RESULT + "}", ""), "node \"id\" must be an integer");
        rejects(doc("{\"id\":\"0\",\"op\":" + RESULT + "}", ""), "node \"id\" must be an integer");
        rejects(doc("{\"id\":10000000000,\"op\":" + RESULT + "}", ""), "node \"id\" is out of the int range");
        rejects(doc(node(-1, RESULT), ""), "invalid node id -1");
        rejects(doc(node(Integer.MAX_VALUE, RESULT), ""), "invalid node id");
        rejects(doc(node(3, RESULT) + "," + node(3, RESULT), ""), "duplicate node id 3");
        rejects(doc("{\"id\":0,\"op\":" + RESULT + ",\"estimated_cost\":\"high\"}", ""), "must be a number");
        rejects(doc("{\"id\":0,\"op\":" + RESULT + ",\"estimated_cost\":-1}", ""), "estimatedCost");
        rejects(doc("{\"id\":0,\"op\":" + RESULT + ",\"selectivity\":1.5}", ""), "selectivity");
        rejects(doc("{\"id\":0,\"op\":" + RESULT + ",\"actual_rows\":true}", ""), "must be a number");
        rejects(doc("{\"id\":0,\"op\":" + RESULT + ",\"embedding\":5}", ""), "an embedding array");
        rejects(doc("{\"id\":0,\"op\":" + RESULT + ",\"embedding\":[1,\"x\"]}", ""), "must be a number");
        rejects(doc("{\"id\":0,\"op\":" + RESULT + ",\"embedding\":[1e39]}", ""), "not finite");
    }

    @Test
    void edgeErrors() {
        String two = node(0, RESULT) + "," + node(1, RESULT);
        rejects(doc(two, "5"), "an edge [from, to]");
        rejects(doc(two, "[0]"), "edge target must be an integer");
        rejects(doc(two, "[0,1,2]"), "the end of an edge pair");
        rejects(doc(two, "[0,\"1\"]"), "must be an integer");
        rejects(doc(two, "[0,1.0]"), "must be an integer");
        rejects(doc(two, "[0,4294967296]"), "out of the int range");
        rejects(doc(two, "[0,2]"), "edge 0->2 names a missing node");
        rejects(doc(two, "[0,1],[0,1]"), "edge 0->1 is a duplicate");
        rejects(doc(two, "[1,1]"), "self-loop");
        rejects(doc(two, "[0,1],[1,0]"), "cycle");
        String three = two + "," + node(2, RESULT);
        rejects(doc(three, "[0,1],[1,2],[2,0]"), "cycle");
    }

    @Test
    void operatorErrors() {
        rejects(doc(node(0, "5"), ""), "an operator must be an object");
        rejects(doc(node(0, "{}"), ""), "operator without a string \"type\"");
        rejects(doc(node(0, "{\"type\":7}"), ""), "operator without a string \"type\"");
        rejects(doc(node(0, "{\"type\":\"Teleport\"}"), ""), "unknown operator type \"Teleport\"");
        rejects(doc(node(0, "{\"type\":\"SeqScan\",\"table\":5}"), ""), "\"table\" must be a string");
        rejects(doc(node(0, "{\"type\":\"SeqScan\",\"table\":{\"a\":1}}"), ""), "must be a string");
        rejects(doc(node(0, "{\"type\":\"GroupBy\",\"keys\":[1]}"), ""), "must hold strings");
        rejects(doc(node(0, "{\"type\":\"GroupBy\",\"keys\":7}"), ""), "must be a list of strings");
        rejects(doc(node(0, "{\"type\":\"Sort\",\"keys\":[\"a\"],\"descending\":[1]}"), ""), "must hold booleans");
        rejects(doc(node(0, "{\"type\":\"Sort\",\"keys\":[\"a\"],\"descending\":true}"), ""), "list of booleans");
        rejects(doc(node(0, "{\"type\":\"Sort\",\"keys\":[\"a\"],\"descending\":[]}"), ""), "0 flags for 1 keys");
        rejects(doc(node(0, "{\"type\":\"HashJoin\",\"join_type\":\"SIDEWAYS\"}"), ""), "unknown join type");
        rejects(doc(node(0, "{\"type\":\"HashJoin\",\"join_type\":1}"), ""), "\"join_type\" must be a string");
        rejects(doc(node(0, "{\"type\":\"HnswScan\",\"ef_search\":0}"), ""), "efSearch");
        rejects(doc(node(0, "{\"type\":\"HnswScan\",\"ef_search\":\"64\"}"), ""), "must be an integer");
        rejects(doc(node(0, "{\"type\":\"HnswScan\",\"ef_search\":2.5}"), ""), "must be an integer");
        rejects(doc(node(0, "{\"type\":\"HnswScan\",\"ef_search\":4294967296}"), ""), "out of range");
        rejects(
                doc(node(0, "{\"type\":\"HnswScan\",\"ef_search\":123456789012345678901234567890}"), ""),
                "must be an integer");
        rejects(doc(node(0, "{\"type\":\"Limit\",\"count\":-1}"), ""), "count");
        rejects(doc(node(0, "{\"type\":\"Union\",\"all\":\"yes\"}"), ""), "must be a boolean");
        rejects(doc(node(0, "{\"type\":\"Gather\",\"workers\":-3}"), ""), "workers");
    }

    @Test
    void errorsCarryLineAndColumn() {
        String json = "{\"version\":1,\n\"nodes\":[\n{\"id\":0,\"op\":{\"type\":\"Nope\"}}]}";
        rejects(json, "line 3");
        rejects("{\"version\":1,\n \"nodes\":[,]}", "line 2");
    }

    @Test
    void limitsAreEnforced() {
        rejects("{\"version\":1,\"nodes\":[],\"x\":" + "[".repeat(100) + "]".repeat(100) + "}", "nesting depth");
        String deep = doc(node(0, "{\"type\":\"Result\",\"x\":" + "[".repeat(70)), "");
        rejects(deep, "nesting depth");
        StringBuilder many = new StringBuilder("{\"version\":1,\"nodes\":[");
        for (int i = 0; i <= DagLimits.MAX_NODES; i++) {
            many.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"op\":{\"type\":\"Result\"}}");
        }
        rejects(many.append("]}").toString(), "more than 100000 nodes");
        StringBuilder list = new StringBuilder("{\"type\":\"GroupBy\",\"keys\":[");
        for (int i = 0; i <= DagLimits.MAX_LIST_LENGTH; i++) {
            list.append(i == 0 ? "\"a\"" : ",\"a\"");
        }
        rejects(doc(node(0, list.append("]}").toString()), ""), "list longer than 65536");
        StringBuilder emb = new StringBuilder("{\"id\":0,\"op\":{\"type\":\"Result\"},\"embedding\":[");
        for (int i = 0; i <= DagLimits.MAX_EMBEDDING_DIMENSION; i++) {
            emb.append(i == 0 ? "0" : ",0");
        }
        rejects(doc(emb.append("]}").toString(), ""), "embedding longer than 65536");
        rejects(
                doc(
                        node(
                                0,
                                "{\"type\":\"SeqScan\",\"table\":\"" + "a".repeat(DagLimits.MAX_STRING_LENGTH + 1)
                                        + "\"}"),
                        ""),
                "String value length");
        rejects(" ".repeat(DagLimits.MAX_INPUT_BYTES + 1), "exceeds the limit");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {1, 2, 3})
    void floatsAndDoublesRoundTripBitForBit(long seed) {
        // every embedding float and every double attribute survives the decimal text form exactly
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag d = new QueryDag();
        for (int i = 0; i < 40; i++) {
            float[] e = new float[1000];
            for (int k = 0; k < e.length; k++) {
                float f;
                do {
                    f = Float.intBitsToFloat(r.nextInt());
                } while (!Float.isFinite(f));
                e[k] = f;
            }
            double cost = Math.abs(Double.longBitsToDouble(r.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL));
            d.addNode(
                    i,
                    new OperatorNode(new Operator.Result(), r.nextDouble() * 1e300, cost, null, null, null, null, e));
        }
        QueryDag back = QueryDag.fromJson(d.toJson());
        for (int i = 0; i < 40; i++) {
            assertThat(back.node(i).embedding()).isEqualTo(d.node(i).embedding());
        }
        assertThat(back).isEqualTo(d);
    }
}
