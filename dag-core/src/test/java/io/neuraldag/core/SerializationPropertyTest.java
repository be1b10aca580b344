package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.RandomDags;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Spec 01 §7 item 3: JSON and binary round trips preserve equality and ids, sparse ids included. */
class SerializationPropertyTest {

    static List<RandomDags.Spec> cases() {
        return RandomDags.specs(0x5E71_A112L, 500, 1, 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jsonAndBinaryRoundTrips(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        int[] ids = dag.nodeIds();
        int expectedNextId = ids.length == 0 ? 0 : ids[ids.length - 1] + 1;

        String json = dag.toJson();
        QueryDag fromJson = QueryDag.fromJson(json);
        assertThat(fromJson).isEqualTo(dag).hasSameHashCodeAs(dag);
        assertThat(fromJson.nodeIds()).isEqualTo(ids);
        assertThat(fromJson.edges()).isEqualTo(dag.edges());
        assertThat(fromJson.toJson()).isEqualTo(json);
        assertThat(fromJson.nextId()).isEqualTo(expectedNextId);
        for (int id : ids) {
            assertThat(fromJson.node(id)).isEqualTo(dag.node(id));
        }

        byte[] bytes = dag.toBytes();
        QueryDag fromBytes = QueryDag.fromBytes(bytes);
        assertThat(fromBytes).isEqualTo(dag).hasSameHashCodeAs(dag);
        assertThat(fromBytes.nodeIds()).isEqualTo(ids);
        assertThat(fromBytes.toBytes()).isEqualTo(bytes);
        assertThat(fromBytes.nextId()).isEqualTo(expectedNextId);

        // across formats, and the fingerprints survive both
        assertThat(QueryDag.fromBytes(fromJson.toBytes())).isEqualTo(dag);
        assertThat(QueryDag.fromJson(fromBytes.toJson()).toJson()).isEqualTo(json);
        assertThat(fromJson.fullFingerprint()).isEqualTo(dag.fullFingerprint());
        assertThat(fromBytes.structuralFingerprint()).isEqualTo(dag.structuralFingerprint());
        assertThat(fromJson.topologicalSort()).isEqualTo(dag.topologicalSort());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void restoredDagsStayMutable(RandomDags.Spec spec) {
        // the readers bulk-load and reset the dynamic order; the result must accept the same edits
        QueryDag dag = spec.build();
        QueryDag restored = QueryDag.fromBytes(dag.toBytes());
        int[] order = dag.topologicalSort();
        int first = order[0];
        int last = order[order.length - 1];
        if (first != last && !dag.hasEdge(first, last)) {
            assertThat(restored.addEdge(first, last)).isTrue();
            assertThat(dag.addEdge(first, last)).isTrue();
        }
        if (first != last) {
            assertThat(QueryDagTest.rejectsAsCycle(restored, last, first)).isTrue();
        }
        int id = restored.addNode(new Operator.Result());
        restored.addEdge(last, id);
        assertThat(restored.sinks()).contains(id);
        assertThat(restored.nodeCount()).isEqualTo(dag.nodeCount() + 1);
    }
}
