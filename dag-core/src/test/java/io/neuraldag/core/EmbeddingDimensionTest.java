package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Spec 01 §1.4: all embeddings in one DAG share a dimension, and a rejected change leaves the DAG as it was. */
class EmbeddingDimensionTest {

    private static OperatorNode embedded(int dim) {
        return OperatorNode.of(new Operator.Result()).withEmbedding(new float[dim]);
    }

    @Test
    void mixedDimensionsAreRejectedAndLeaveTheDagUnchanged() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, embedded(4));
        dag.addNode(1, OperatorNode.of(new Operator.SeqScan("t")));
        assertThat(dag.embeddingDimension()).isEqualTo(4);
        String before = dag.toJson();

        assertThatThrownBy(() -> dag.addNode(2, embedded(3)))
                .isInstanceOfSatisfying(
                        DagException.class, e -> assertThat(e.kind()).isEqualTo(DagException.Kind.INVALID_OPERATION))
                .hasMessageContaining("dimension 3")
                .hasMessageContaining("dimension 4");
        assertThatThrownBy(() -> dag.addNode(embedded(5))).isInstanceOf(DagException.class);
        assertThatThrownBy(() -> dag.replaceNode(1, embedded(2))).isInstanceOf(DagException.class);

        assertThat(dag.toJson()).isEqualTo(before);
        assertThat(dag.nodeCount()).isEqualTo(2);
        assertThat(dag.nextId()).isEqualTo(2);
    }

    @Test
    void theOnlyEmbeddingMayChangeDimensionAndRemovalFreesTheDimension() {
        QueryDag dag = new QueryDag();
        dag.addNode(0, embedded(4));
        dag.replaceNode(0, embedded(8));
        assertThat(dag.embeddingDimension()).isEqualTo(8);
        dag.addNode(1, embedded(8));
        dag.removeNode(0);
        dag.removeNode(1);
        assertThat(dag.embeddingDimension()).isZero();
        dag.addNode(2, embedded(3));
        assertThat(dag.embeddingDimension()).isEqualTo(3);
        dag.replaceNode(2, OperatorNode.of(new Operator.Result()));
        assertThat(dag.embeddingDimension()).isZero();
    }

    @Test
    void readersRejectMixedDimensions() {
        String json = "{\"version\":1,\"nodes\":["
                + "{\"id\":0,\"op\":{\"type\":\"Result\"},\"embedding\":[1.0,2.0]},"
                + "{\"id\":1,\"op\":{\"type\":\"Result\"},\"embedding\":[1.0]}],\"edges\":[]}";
        assertThatThrownBy(() -> QueryDag.fromJson(json))
                .isInstanceOf(DagException.class)
                .hasMessageContaining("dimension");
    }
}
