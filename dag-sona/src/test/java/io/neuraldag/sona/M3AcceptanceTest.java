package io.neuraldag.sona;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.neuraldag.core.QueryDag;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The M3 acceptance code of the milestone plan, in Java (spec 02 §1.8 and §4). */
class M3AcceptanceTest {

    private static QueryDag createQueryDag() {
        return Dags.chain3();
    }

    @Test
    void instantLoopLearnsAPattern() {
        DagSonaEngine sona =
                DagSonaEngine.create(SonaConfig.builder().minTrajectories(1).build());
        QueryDag dag = createQueryDag();
        PreQueryResult pre = sona.preQuery(dag); // sealed: PatternApplied | DefaultWithAdaptation
        sona.postQuery(dag, ExecutionMetrics.of(12.5, 20.0), pre); // execution ms, baseline ms
        sona.runBackgroundCycle();
        List<Pattern> patterns = sona.reasoningBank().querySimilar(dag.planVector(), 1);
        assertFalse(patterns.isEmpty());

        // the resulting pattern has c = 0.5 and similarity 1 (spec 02 §1.8)
        Pattern p = patterns.get(0);
        assertEquals(0.5, p.confidence(), 1e-12);
        assertEquals(1, p.sampleCount());
        assertEquals(1.0, Vectors.dot(p.centroid(), 0, toFloat(dag.planVector()), 0, 256), 1e-6);
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
