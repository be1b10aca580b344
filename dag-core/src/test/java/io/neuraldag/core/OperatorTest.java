package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.core.testing.TestDags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The 32 operator kinds of spec 01 §1.3: tags, validation, defaults and serialization. */
class OperatorTest {

    static List<Operator> kinds() {
        return TestDags.everyOperatorKind();
    }

    @Test
    void thirtyTwoKindsWithUniqueTagsInOrder() {
        List<Operator> ops = kinds();
        assertThat(ops).hasSize(Operator.KIND_COUNT).hasSize(32);
        Set<Integer> tags = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ops.size(); i++) {
            assertThat(ops.get(i).tag()).isEqualTo(i);
            tags.add(ops.get(i).tag());
            names.add(ops.get(i).typeName());
        }
        assertThat(tags).hasSize(32);
        assertThat(names).hasSize(32);
        assertThat(Operator.class.getPermittedSubclasses()).hasSize(32);
    }

    @Test
    void typeNamesAreTheRecordNames() {
        for (Operator op : kinds()) {
            assertThat(op.typeName()).isEqualTo(op.getClass().getSimpleName());
        }
        assertThat(new Operator.HnswScan("i", 1).typeName()).isEqualTo("HnswScan");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void roundTripsWithEveryFieldSet(Operator op) {
        QueryDag d = new QueryDag();
        d.addNode(0, TestDags.fullNode(op));
        d.addNode(1, OperatorNode.of(op));
        d.addEdge(0, 1);
        QueryDag fromJson = QueryDag.fromJson(d.toJson());
        QueryDag fromBytes = QueryDag.fromBytes(d.toBytes());
        assertThat(fromJson).isEqualTo(d);
        assertThat(fromBytes).isEqualTo(d);
        assertThat(fromJson.node(0)).isEqualTo(d.node(0));
        assertThat(fromJson.node(0).operator()).isEqualTo(op);
        assertThat(fromBytes.node(0).operator()).isEqualTo(op);
        assertThat(fromJson.toJson()).isEqualTo(d.toJson());
        assertThat(fromBytes.toBytes()).isEqualTo(d.toBytes());
        assertThat(d.toJson()).contains("\"type\":\"" + op.typeName() + "\"");
        // the tag is the byte after the id of the first node: magic(4) version(1) n(4) id(4)
        assertThat(d.toBytes()[13]).isEqualTo((byte) op.tag());
    }

    @Test
    void allKindsInOneDagRoundTrip() {
        QueryDag d = new QueryDag();
        int id = 0;
        for (Operator op : kinds()) {
            d.addNode(id, TestDags.fullNode(op));
            if (id > 0) {
                d.addEdge(id - 1, id);
            }
            id++;
        }
        assertThat(QueryDag.fromJson(d.toJson())).isEqualTo(d);
        assertThat(QueryDag.fromBytes(d.toBytes())).isEqualTo(d);
    }

    @Test
    void canonicalJsonUsesSnakeCaseFieldNames() {
        QueryDag d = new QueryDag();
        int id = 0;
        for (Operator op : kinds()) {
            d.addNode(id++, TestDags.fullNode(op));
        }
        String json = d.toJson();
        for (String field : List.of(
                "\"ef_search\":128",
                "\"nprobe\":7",
                "\"k\":25",
                "\"cte_name\":\"recent_orders\"",
                "\"hash_key\":\"a.id = b.id\"",
                "\"merge_key\":\"k1 = k2\"",
                "\"join_type\":\"LEFT\"",
                "\"join_type\":\"FULL\"",
                "\"descending\":[true,false]",
                "\"count\":1099511627776",
                "\"all\":true",
                "\"workers\":4",
                "\"functions\":[\"count(*)\",\"sum(x)\"]",
                "\"columns\":[\"a\",\"b\",\"c\"]",
                "\"estimated_rows\":1234.0",
                "\"estimated_cost\":56.75",
                "\"actual_rows\":1200.0",
                "\"actual_time_ms\":3.5",
                "\"start_time_ms\":",
                "\"selectivity\":0.125",
                "\"embedding\":[0.5,-1.25,")) {
            assertThat(json).contains(field);
        }
    }

    @Test
    void defaultsOfConvenienceConstructors() {
        assertThat(new Operator.HnswScan("i", 64)).isEqualTo(new Operator.HnswScan("i", 64, "", null));
        assertThat(new Operator.IvfFlatScan("i", 3)).isEqualTo(new Operator.IvfFlatScan("i", 3, "", null));
        assertThat(new Operator.NestedLoopJoin().joinType()).isEqualTo(JoinType.INNER);
        assertThat(new Operator.HashJoin("k").joinType()).isEqualTo(JoinType.INNER);
        assertThat(new Operator.MergeJoin("k").joinType()).isEqualTo(JoinType.INNER);
        assertThat(new Operator.Sort(List.of("a", "b")).descending()).containsExactly(false, false);
        assertThat(new Operator.IncrementalSort(List.of("a")).descending()).containsExactly(false);
        assertThat(new Operator.Sort(List.of()).descending()).isEmpty();
        assertThat(JoinType.values()).hasSize(6);
    }

    @Test
    void emptyStringsAndListsRoundTrip() {
        QueryDag d = new QueryDag();
        d.addNode(0, new Operator.HnswScan("", 1));
        d.addNode(1, new Operator.IvfFlatScan("", 1));
        d.addNode(2, new Operator.Sort(List.of()));
        d.addNode(3, new Operator.Aggregate(List.of()));
        d.addNode(4, new Operator.Limit(0));
        d.addNode(5, new Operator.Gather(0));
        d.addNode(6, new Operator.Union(false));
        d.addNode(7, new Operator.Limit(Long.MAX_VALUE));
        d.addNode(8, OperatorNode.of(new Operator.Result()).withEmbedding(new float[0]));
        assertThat(QueryDag.fromJson(d.toJson())).isEqualTo(d);
        assertThat(QueryDag.fromBytes(d.toBytes())).isEqualTo(d);
        assertThat(QueryDag.fromJson(d.toJson()).node(8).hasEmbedding()).isTrue();
        assertThat(d.toJson()).contains("\"embedding\":[]");
    }

    @Test
    void invalidCountsAreRejected() {
        assertThatThrownBy(() -> new Operator.HnswScan("i", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("efSearch")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new Operator.HnswScan("i", -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Operator.HnswScan("i", 5, "t", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k");
        assertThatThrownBy(() -> new Operator.IvfFlatScan("i", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nprobe");
        assertThatThrownBy(() -> new Operator.IvfFlatScan("i", 2, "t", -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Operator.Limit(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new Operator.Gather(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Operator.GatherMerge(-2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sortFlagsMustMatchTheKeys() {
        assertThatThrownBy(() -> new Operator.Sort(List.of("a", "b"), List.of(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 flags for 2 keys");
        assertThatThrownBy(() -> new Operator.Sort(List.of(), List.of(false)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Operator.IncrementalSort(List.of("a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void nullFieldsAreRejected() {
        assertThatThrownBy(() -> new Operator.SeqScan(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.IndexScan("i", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.IndexOnlyScan(null, "t")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.BitmapScan("i", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.HnswScan(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.IvfFlatScan("i", 1, null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.SubqueryScan(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.CteScan(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.NestedLoopJoin(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.HashJoin("k", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.MergeJoin(null, JoinType.INNER)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.Filter(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.VectorDistance(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.Rerank(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.Project(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Operator.Aggregate(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void listsAreCopiedAndImmutable() {
        List<String> keys = new ArrayList<>(List.of("a"));
        List<Boolean> flags = new ArrayList<>(List.of(true));
        Operator.Sort sort = new Operator.Sort(keys, flags);
        keys.add("b");
        flags.set(0, false);
        assertThat(sort.keys()).containsExactly("a");
        assertThat(sort.descending()).containsExactly(true);
        assertThatThrownBy(() -> sort.keys().add("c")).isInstanceOf(UnsupportedOperationException.class);
        List<String> fns = new ArrayList<>(List.of("f"));
        Operator.HashAggregate agg = new Operator.HashAggregate(fns, fns);
        fns.clear();
        assertThat(agg.keys()).containsExactly("f");
        assertThat(agg.functions()).containsExactly("f");
    }

    @Test
    void recordsCompareByValue() {
        assertThat(kinds()).isEqualTo(TestDags.everyOperatorKind());
        for (Operator op : kinds()) {
            assertThat(op)
                    .isNotEqualTo(new Operator.Result().equals(op) ? new Operator.Append() : new Operator.Result());
        }
        assertThat(new Operator.HashJoin("k", JoinType.LEFT)).isNotEqualTo(new Operator.HashJoin("k", JoinType.RIGHT));
        assertThat(new Operator.Union(true)).isNotEqualTo(new Operator.Union(false));
    }
}
