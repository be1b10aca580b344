package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.sona.CycleResult;
import io.neuraldag.sona.Pattern;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabase.class)
class LearningSchedulerIT {
    private final PgFixture pg;
    private DagSchema.Installed installed;
    private PatternStore store;

    LearningSchedulerIT(PgFixture pg) {
        this.pg = pg;
    }

    @BeforeEach
    void install() throws Exception {
        installed = pg.install();
        store = PatternStore.create(pg.dataSource(), installed);
        pg.exec("DELETE FROM " + pg.q("dag_patterns"));
        pg.exec("DELETE FROM " + pg.q("dag_engine_state"));
    }

    private DagRegistry registry() {
        return DagRegistry.builder()
                .engineBase(LearningFixtures.fastEngine())
                .store(store)
                .build();
    }

    @Test
    void learnNowPersistsEveryScopeAndARestartReloadsIt_seed21() throws Exception {
        pg.exec("CREATE TABLE IF NOT EXISTS " + pg.q("orders") + " (id int)");
        List<Pattern> global;
        List<Pattern> orders;
        try (DagRegistry registry = registry();
                LearningScheduler s = LearningScheduler.builder(registry, pg.dataSource(), installed)
                        .build()) {
            DagScope table = registry.enable(pg.dataSource(), pg.q("orders"));
            assertThat(table.key()).isEqualTo(pg.schema().name() + ".orders");
            LearningFixtures.feed(registry.global().engine(), 5, 50, 21);
            LearningFixtures.feed(table.engine(), 3, 30, 22);
            LearningScheduler.LearningReport r = s.learnNow();
            assertThat(r.scopes())
                    .extracting(LearningScheduler.ScopeCycle::scope)
                    .containsExactly(DagRegistry.GLOBAL, table.key());
            assertThat(r.scopes()).allSatisfy(c -> assertThat(c.cycle()).isInstanceOf(CycleResult.Completed.class));
            global = registry.global().engine().reasoningBank().patterns();
            orders = table.engine().reasoningBank().patterns();
            assertThat(global).isNotEmpty();
            assertThat(orders).isNotEmpty();
            assertThat(s.status().passes()).isEqualTo(1);
        }
        try (DagRegistry restarted = registry()) {
            assertThat(restarted.global().engine().reasoningBank().patterns()).isEqualTo(global);
            DagScope table = restarted.enable(pg.dataSource(), pg.q("orders"));
            assertThat(table.engine().reasoningBank().patterns()).isEqualTo(orders);
        }
    }

    @Test
    void connectionKilledMidTransactionLeavesNoPartialPatternSet_seed23() throws Exception {
        try (DagRegistry registry = registry();
                LearningScheduler s = LearningScheduler.builder(registry, pg.dataSource(), installed)
                        .build()) {
            LearningFixtures.feed(registry.global().engine(), 4, 40, 23);
            s.learnNow();
            int first = store.count(DagRegistry.GLOBAL);
            List<Pattern> committed = store.patterns(DagRegistry.GLOBAL);
            assertThat(first).isPositive();

            LearningFixtures.feed(registry.global().engine(), 9, 90, 24);
            s.beforeCommit = c -> {
                long pid;
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_backend_pid()");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    pid = rs.getLong(1);
                }
                try (Connection killer = pg.dataSource().getConnection();
                        PreparedStatement ps = killer.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    ps.setInt(1, (int) pid);
                    ps.execute();
                }
                return pid;
            };
            assertThatThrownBy(s::learnNow)
                    .isInstanceOf(DagStateException.class)
                    .hasMessageStartingWith("[RV004]");
            assertThat(s.status().failures()).isEqualTo(1);
            assertThat(store.patterns(DagRegistry.GLOBAL)).isEqualTo(committed);

            s.beforeCommit = null;
            s.learnNow();
            assertThat(store.count(DagRegistry.GLOBAL))
                    .isEqualTo(registry.global().engine().reasoningBank().size());
            assertThat(store.patterns(DagRegistry.GLOBAL))
                    .isEqualTo(registry.global().engine().reasoningBank().patterns());
        }
    }

    @Test
    void theThreadRunsPassesRestartsAfterAnErrorAndStopsCleanly_seed25() throws Exception {
        TrajectoryRecorder recorder = TrajectoryRecorder.create(100);
        try (DagRegistry registry = registry()) {
            LearningScheduler s = LearningScheduler.builder(registry, pg.dataSource(), installed)
                    .recorder(recorder)
                    .interval(Duration.ofMillis(50))
                    .restartDelay(Duration.ofMillis(50))
                    .flushInterval(Duration.ofMillis(20))
                    .build();
            s.beforeCommit = c -> {
                throw new java.sql.SQLException("injected", "XX000");
            };
            s.start();
            assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (s.status().failures() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(s.status().failures()).isGreaterThanOrEqualTo(2);
            assertThat(s.status().lastError()).hasMessageContaining("injected");
            s.beforeCommit = null;
            LearningFixtures.feed(registry.global().engine(), 3, 30, 25);
            while (s.status().passes() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(s.status().passes()).isPositive();
            s.reschedule(Duration.ofMillis(30));
            assertThat(s.interval()).isEqualTo(Duration.ofMillis(30));
            s.close();
            s.close();
            assertThat(store.count(DagRegistry.GLOBAL))
                    .isEqualTo(registry.global().engine().reasoningBank().size());
        }
    }

    @Test
    void retentionDeletesOldTrajectories_seed26() throws Exception {
        TrajectoryRecorder recorder = TrajectoryRecorder.create(100);
        try (DagRegistry registry = registry()) {
            LearningFixtures.feed(registry.global().engine(), 2, 10, 26);
            var t = registry.global().engine().trajectoryBuffer().drain();
            for (var x : t) {
                recorder.offer(new CapturedExecution(
                        DagRegistry.GLOBAL, x, SqlTexts.sqlHash("select 1"), null, "select ?", CaptureMode.TIMING));
            }
            Instant future = Instant.now().plus(Duration.ofDays(8));
            try (LearningScheduler s = LearningScheduler.builder(registry, pg.dataSource(), installed)
                    .recorder(recorder)
                    .build()) {
                assertThat(s.flushTrajectories()).isEqualTo(10);
            }
            TrajectoryStore ts = TrajectoryStore.create(pg.dataSource(), installed);
            assertThat(ts.count(DagRegistry.GLOBAL)).isGreaterThanOrEqualTo(10);
            try (LearningScheduler later = LearningScheduler.builder(registry, pg.dataSource(), installed)
                    .clock(() -> future)
                    .build()) {
                LearningScheduler.LearningReport r = later.learnNow();
                assertThat(r.trajectoriesDeleted()).isGreaterThanOrEqualTo(10);
            }
            assertThat(ts.countAll()).isZero();
            assertThat(recorder.counts()).isEqualTo(new TrajectoryRecorder.Counts(10, 10, 0, 0));
        }
    }

    @Test
    void badSettingsAreRejected() {
        try (DagRegistry registry = registry()) {
            assertThatThrownBy(() -> LearningScheduler.builder(registry, pg.dataSource(), installed)
                            .interval(Duration.ZERO)
                            .build())
                    .isInstanceOf(DagArgumentException.class);
            assertThatThrownBy(() -> LearningScheduler.builder(registry, pg.dataSource(), installed)
                            .retention(Duration.ofMillis(10))
                            .build())
                    .isInstanceOf(DagArgumentException.class);
            try (LearningScheduler s = LearningScheduler.builder(registry, pg.dataSource(), installed)
                    .build()) {
                assertThat(s.interval()).isEqualTo(Duration.ofHours(1));
                assertThatThrownBy(() -> s.reschedule(Duration.ZERO)).isInstanceOf(DagArgumentException.class);
            }
        }
    }
}
