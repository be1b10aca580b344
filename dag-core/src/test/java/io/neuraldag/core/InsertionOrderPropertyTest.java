package io.neuraldag.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.neuraldag.core.testing.RandomDags;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spec 01 §2 "deterministic" and §7 items 1 and 7: the same DAG built in a different insertion
 * order is equal and gives the same text, bytes, fingerprints and analysis results.
 */
class InsertionOrderPropertyTest {

    static List<RandomDags.Spec> cases() {
        return RandomDags.specs(0x0DE2_1C5EL, 500, 1, 200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameDagInAnotherOrderGivesTheSameResults(RandomDags.Spec spec) {
        QueryDag dag = spec.build();
        QueryDag other = RandomDags.shuffledCopy(dag, ~spec.seed());
        assertThat(other).isEqualTo(dag).hasSameHashCodeAs(dag);
        assertThat(other.toJson()).isEqualTo(dag.toJson());
        assertThat(other.toBytes()).isEqualTo(dag.toBytes());
        assertThat(other.fullFingerprint()).isEqualTo(dag.fullFingerprint());
        assertThat(other.structuralFingerprint()).isEqualTo(dag.structuralFingerprint());
        assertThat(other.topologicalSort()).isEqualTo(dag.topologicalSort());
        assertThat(other.criticalPath()).isEqualTo(dag.criticalPath());
        assertThat(other.criticalSet()).isEqualTo(dag.criticalSet());
        assertThat(other.planVector()).isEqualTo(dag.planVector());
        assertThat(other.bottleneckScore()).isEqualTo(dag.bottleneckScore());
        assertThat(other.sources()).isEqualTo(dag.sources());
        assertThat(other.sinks()).isEqualTo(dag.sinks());
        for (int id : dag.nodeIds()) {
            assertThat(other.criticality(id)).isEqualTo(dag.criticality(id));
            assertThat(other.depth(id)).isEqualTo(dag.depth(id));
            assertThat(other.level(id)).isEqualTo(dag.level(id));
            assertThat(other.hopsToSink(id)).isEqualTo(dag.hopsToSink(id));
            assertThat(other.parents(id)).isEqualTo(dag.parents(id));
            assertThat(other.children(id)).isEqualTo(dag.children(id));
        }
    }
}
