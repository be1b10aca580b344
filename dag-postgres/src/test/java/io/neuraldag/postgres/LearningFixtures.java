package io.neuraldag.postgres;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.RandomDags;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.SonaConfig;
import java.util.SplittableRandom;

/** Engines that learn quickly, and seeded executions to feed them. */
final class LearningFixtures {
    private LearningFixtures() {}

    /** Engine settings for tests: a cycle needs 5 trajectories, everything else default. */
    static SonaConfig fastEngine() {
        return SonaConfig.builder().minTrajectories(5).storeConfidence(0.0).build();
    }

    /** Feeds {@code n} executions of {@code families} distinct random plans, seeded. */
    static void feed(DagSonaEngine engine, int families, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        QueryDag[] dags = new QueryDag[families];
        for (int f = 0; f < families; f++) {
            dags[f] = RandomDags.random(seed * 31 + f);
        }
        for (int i = 0; i < n; i++) {
            QueryDag dag = dags[i % families];
            double exec = 1 + r.nextDouble() * 4;
            engine.postQuery(dag, exec, 10.0, AttentionKind.ofIndex(r.nextInt(AttentionKind.COUNT)));
        }
    }
}
