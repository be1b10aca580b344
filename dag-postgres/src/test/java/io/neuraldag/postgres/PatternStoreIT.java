package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.sona.CycleResult;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.Pattern;
import io.neuraldag.sona.SonaConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabase.class)
class PatternStoreIT {
    private final PgFixture pg;
    private PatternStore store;

    PatternStoreIT(PgFixture pg) {
        this.pg = pg;
    }

    @BeforeEach
    void install() {
        store = PatternStore.create(pg.dataSource(), pg.install());
    }

    @Test
    void persistThenLoadRestoresEveryPattern_seed11() {
        try (DagSonaEngine engine = DagSonaEngine.create(LearningFixtures.fastEngine())) {
            LearningFixtures.feed(engine, 6, 60, 11);
            assertThat(engine.runBackgroundCycle()).isInstanceOf(CycleResult.Completed.class);
            List<Pattern> learned = engine.reasoningBank().patterns();
            assertThat(learned).isNotEmpty();
            PatternStore.Persisted p = store.persist("t_seed11", engine);
            assertThat(p.patterns()).isEqualTo(learned.size());
            assertThat(store.count("t_seed11")).isEqualTo(learned.size());
            assertThat(store.patterns("t_seed11")).isEqualTo(learned);

            try (DagSonaEngine restarted = DagSonaEngine.create(LearningFixtures.fastEngine())) {
                assertThat(store.load("t_seed11", restarted)).isTrue();
                assertThat(restarted.reasoningBank().patterns()).isEqualTo(learned);
            }
        }
    }

    @Test
    void persistDeletesPatternsTheBankDropped_seed12() {
        try (DagSonaEngine engine = DagSonaEngine.create(LearningFixtures.fastEngine())) {
            LearningFixtures.feed(engine, 4, 40, 12);
            engine.runBackgroundCycle();
            int before = engine.reasoningBank().size();
            store.persist("t_seed12", engine);
            engine.reasoningBank().clear();
            PatternStore.Persisted p = store.persist("t_seed12", engine);
            assertThat(p.patterns()).isZero();
            assertThat(p.deleted()).isEqualTo(before);
            assertThat(store.count("t_seed12")).isZero();
        }
    }

    @Test
    void scopesAreSeparate_seed13() {
        try (DagSonaEngine a = DagSonaEngine.create(LearningFixtures.fastEngine());
                DagSonaEngine b = DagSonaEngine.create(LearningFixtures.fastEngine())) {
            LearningFixtures.feed(a, 3, 30, 13);
            a.runBackgroundCycle();
            store.persist("a_seed13", a);
            store.persist("b_seed13", b);
            assertThat(store.count("a_seed13")).isEqualTo(a.reasoningBank().size());
            assertThat(store.count("b_seed13")).isZero();
            assertThat(store.delete("a_seed13")).isEqualTo(a.reasoningBank().size());
            try (DagSonaEngine fresh = DagSonaEngine.create(LearningFixtures.fastEngine())) {
                assertThat(store.load("a_seed13", fresh)).isFalse();
            }
        }
    }

    @Test
    void stateOfAnotherRankDoesNotLoadAndLeavesTheEngineUnchanged_seed14() {
        try (DagSonaEngine engine = DagSonaEngine.create(LearningFixtures.fastEngine())) {
            LearningFixtures.feed(engine, 3, 30, 14);
            engine.runBackgroundCycle();
            store.persist("r_seed14", engine);
        }
        SonaConfig rank4 = LearningFixtures.fastEngine().toBuilder().loraRank(4).build();
        try (DagSonaEngine other = DagSonaEngine.create(rank4)) {
            assertThatThrownBy(() -> store.load("r_seed14", other))
                    .isInstanceOf(DagStateException.class)
                    .hasMessageStartingWith("[RV004]");
            assertThat(other.reasoningBank().size()).isZero();
        }
    }

    @Test
    void registryReloadsOnStart_seed15() {
        DagRegistry first = DagRegistry.builder()
                .engineBase(LearningFixtures.fastEngine())
                .store(store)
                .build();
        List<Pattern> learned;
        try (first) {
            LearningFixtures.feed(first.global().engine(), 5, 50, 15);
            first.global().engine().runBackgroundCycle();
            learned = first.global().engine().reasoningBank().patterns();
            store.persist(DagRegistry.GLOBAL, first.global().engine());
        }
        try (DagRegistry second = DagRegistry.builder()
                .engineBase(LearningFixtures.fastEngine())
                .store(store)
                .build()) {
            assertThat(second.global().engine().reasoningBank().patterns()).isEqualTo(learned);
        }
        store.delete(DagRegistry.GLOBAL);
    }
}
