package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.RandomDags;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec 01 §7 item 7: the full fingerprint changes with any payload, estimate or edge change; the
 * structural one ignores estimates, actuals, timestamps, selectivity and embeddings but not
 * operators, ids or edges.
 */
class FingerprintPropertyTest {

    static List<RandomDags.Spec> cases() {
        return RandomDags.specs(0xF1A6_E271L, 500, 1, 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void changesWithEveryEdit(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        SplittableRandom r = new SplittableRandom(spec.seed() + 1);
        Fingerprint full = dag.fullFingerprint();
        Fingerprint structural = dag.structuralFingerprint();
        int[] ids = dag.nodeIds();
        int id = ids[r.nextInt(ids.length)];
        OperatorNode node = dag.node(id);

        // non-structural edits: only the full fingerprint moves
        List<OperatorNode> soft = List.of(
                node.withEstimates(node.estimatedRows() + 1, node.estimatedCost()),
                node.withEstimates(node.estimatedRows(), node.estimatedCost() + 0.25),
                node.withActuals(node.actualRows() == null ? 5.0 : null, node.actualTimeMs()),
                node.withActuals(node.actualRows(), node.actualTimeMs() == null ? 1.5 : null),
                node.withStartTimeMs(node.startTimeMs() == null ? 0.0 : null),
                node.withSelectivity(node.selectivity() == null ? 0.5 : null),
                node.withEmbedding(node.hasEmbedding() ? null : new float[Math.max(1, dag.embeddingDimension())]));
        for (OperatorNode edited : soft) {
            QueryDag copy = dag.copy();
            copy.replaceNode(id, edited);
            assertThat(copy.fullFingerprint()).as("%s", edited).isNotEqualTo(full);
            assertThat(copy.structuralFingerprint()).as("%s", edited).isEqualTo(structural);
        }

        // a different operator moves both
        QueryDag op = dag.copy();
        Operator other = node.operator() instanceof Operator.Result ? new Operator.Append() : new Operator.Result();
        op.replaceNode(id, node.withOperator(other));
        assertThat(op.fullFingerprint()).isNotEqualTo(full);
        assertThat(op.structuralFingerprint()).isNotEqualTo(structural);

        // an edge added or removed moves both
        QueryDag edge = dag.copy();
        if (edge.edgeCount() > 0) {
            Edge e = edge.edges().get(r.nextInt(edge.edgeCount()));
            edge.removeEdge(e.from(), e.to());
        } else if (ids.length > 1) {
            edge.addEdge(ids[0], ids[1]);
        } else {
            edge.addNode(new Operator.Result());
        }
        assertThat(edge.fullFingerprint()).isNotEqualTo(full);
        assertThat(edge.structuralFingerprint()).isNotEqualTo(structural);

        // the same payload under another id moves both
        QueryDag moved = dag.copy();
        OperatorNode removed = moved.removeNode(id);
        moved.addNode(moved.nextId(), removed);
        assertThat(moved.fullFingerprint()).isNotEqualTo(full);
        assertThat(moved.structuralFingerprint()).isNotEqualTo(structural);

        // an unchanged copy and a round trip keep both
        assertThat(dag.copy().fullFingerprint()).isEqualTo(full);
        assertThat(QueryDag.fromJson(dag.toJson()).structuralFingerprint()).isEqualTo(structural);
    }
}
