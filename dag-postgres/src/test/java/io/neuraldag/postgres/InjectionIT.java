package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.sona.DagSonaEngine;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile texts through every text argument of the module: nothing but the intended statement runs.
 * The canary is a table that any injected statement below would drop or change.
 */
@ExtendWith(PgDatabase.class)
class InjectionIT {
    static final List<String> HOSTILE = List.of(
            "x'; DROP TABLE canary; --",
            "x\"; DROP TABLE canary; --",
            "x; DROP TABLE canary",
            "$$; DROP TABLE canary; $$",
            "$tag$ x $tag$; DELETE FROM canary; --",
            "*/ DROP TABLE canary; /*",
            "x') ; UPDATE canary SET v = 0; --",
            "public.\"we\"\"ird; DROP TABLE canary; --\"",
            "E'\\''; DROP TABLE canary; --");

    private final PgFixture pg;
    private String canary;
    private DagSchema.Installed installed;

    InjectionIT(PgFixture pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() throws Exception {
        installed = pg.install();
        canary = pg.q("canary");
        pg.exec("CREATE TABLE IF NOT EXISTS " + canary + " (v int)");
        pg.exec("DELETE FROM " + canary);
        pg.exec("INSERT INTO " + canary + " VALUES (1), (2), (3)");
    }

    @AfterEach
    void canaryIsIntact() throws Exception {
        assertThat(pg.queryLong("SELECT count(*) FROM " + canary + " WHERE v IN (1, 2, 3)"))
                .isEqualTo(3);
        assertThat(pg.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'canary'"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void hostileTableNamesOnlyLookUp() {
        try (DagRegistry registry = DagRegistry.create()) {
            for (String name : HOSTILE) {
                assertThatThrownBy(() -> registry.enable(pg.dataSource(), name))
                        .as(name)
                        .isInstanceOf(DagArgumentException.class)
                        .hasMessageStartingWith("[RV011]");
            }
            assertThat(registry.scopes()).hasSize(1);
        }
    }

    @Test
    void aTableWhoseNameIsHostileIsATableLikeAnyOther() throws Exception {
        String raw = "we\"ird; DROP TABLE canary; --";
        String quoted = Jdbc.quoteIdent(pg.schema().name()) + "." + Jdbc.quoteIdent(raw);
        pg.exec("CREATE TABLE " + quoted + " (id int)");
        pg.exec("INSERT INTO " + quoted + " SELECT generate_series(1, 20)");
        try (DagRegistry registry =
                DagRegistry.builder().engineBase(LearningFixtures.fastEngine()).build()) {
            DagScope scope = registry.enable(pg.dataSource(), quoted);
            assertThat(scope.key()).isEqualTo(pg.schema().name() + "." + raw);
            NeuralDagDataSource ds =
                    NeuralDagDataSource.builder(pg.dataSource(), registry).build();
            try (Connection c = ds.getConnection();
                    Statement st = c.createStatement()) {
                for (int i = 0; i < 6; i++) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quoted + " WHERE id > " + i)) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(20 - i);
                    }
                }
            }
            assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
            assertThat(ds.stats().captured()).isEqualTo(6);
            assertThat(scope.engine().trajectoryBuffer().size()).isEqualTo(6);
            try (LearningScheduler s = LearningScheduler.builder(registry, pg.dataSource(), installed)
                    .recorder(ds.recorder())
                    .build()) {
                s.learnNow();
            }
            assertThat(pg.queryLong(
                            "SELECT count(*) FROM " + pg.q("dag_trajectories") + " WHERE scope = ?", scope.key()))
                    .isEqualTo(6);
            assertThat(PatternStore.create(pg.dataSource(), installed).count(scope.key()))
                    .isEqualTo(scope.engine().reasoningBank().size());
        }
    }

    @Test
    void hostileStatementTextsAreExplainedAsOneStatementOrNotAtAll() throws Exception {
        try (DagRegistry registry = DagRegistry.create()) {
            NeuralDagDataSource ds =
                    NeuralDagDataSource.builder(pg.dataSource(), registry).build();
            try (Connection c = ds.getConnection()) {
                for (String h : HOSTILE) {
                    // as a value: one statement, bound, explained with the same bind
                    try (PreparedStatement ps =
                            c.prepareStatement("SELECT count(*) FROM " + canary + " WHERE ? <> ''")) {
                        ps.setString(1, h);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            assertThat(rs.getLong(1)).isEqualTo(3);
                        }
                    }
                    // inside literals, dollar quotes and comments of the text itself
                    String text = "SELECT $q$" + h + "$q$ AS a, '" + h.replace("'", "''") + "' AS b /* "
                            + h.replace("*/", "* /").replace("/*", "/ *") + " */ FROM " + canary + " LIMIT 1";
                    try (Statement st = c.createStatement();
                            ResultSet rs = st.executeQuery(text)) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo(h);
                    }
                    // the analysis entry point refuses more than one statement
                    assertThatThrownBy(() -> ds.analyzeExecuted(c, "SELECT 1; " + h))
                            .isInstanceOf(DagStateException.class);
                    assertThatThrownBy(() -> ds.analyzeExecuted(c, "SELECT 1 FROM " + h))
                            .isInstanceOf(DagStateException.class);
                }
            }
            assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
            assertThat(ds.stats().captured()).isEqualTo(2L * HOSTILE.size());
        }
    }

    @Test
    void hostileScopesTextsAndSchemaNamesAreData() throws Exception {
        for (String h : HOSTILE) {
            assertThatThrownBy(() -> DagSchema.named(h)).isInstanceOf(DagArgumentException.class);
        }
        PatternStore store = PatternStore.create(pg.dataSource(), installed);
        TrajectoryRecorder recorder = TrajectoryRecorder.create(100);
        try (DagSonaEngine engine = DagSonaEngine.create(LearningFixtures.fastEngine())) {
            LearningFixtures.feed(engine, 3, 30, 31);
            engine.runBackgroundCycle();
            var trajectories = engine.trajectoryBuffer().drain();
            for (String h : HOSTILE) {
                store.persist(h, engine);
                assertThat(store.count(h)).isEqualTo(engine.reasoningBank().size());
                try (DagSonaEngine loaded = DagSonaEngine.create(LearningFixtures.fastEngine())) {
                    assertThat(store.load(h, loaded)).isTrue();
                }
                recorder.offer(new CapturedExecution(
                        h,
                        trajectories.isEmpty() ? sample(engine) : trajectories.get(0),
                        SqlTexts.sqlHash(h),
                        null,
                        h,
                        CaptureMode.TIMING));
                assertThat(store.delete(h)).isEqualTo(engine.reasoningBank().size());
            }
        }
        try (DagRegistry registry = DagRegistry.create();
                LearningScheduler s = LearningScheduler.builder(registry, pg.dataSource(), installed)
                        .recorder(recorder)
                        .build()) {
            assertThat(s.flushTrajectories()).isEqualTo(HOSTILE.size());
        }
        for (String h : HOSTILE) {
            assertThat(pg.queryLong(
                            "SELECT count(*) FROM " + pg.q("dag_trajectories") + " WHERE scope = ? AND query_text = ?",
                            h,
                            h))
                    .as(h)
                    .isEqualTo(1);
        }
    }

    private static io.neuraldag.sona.Trajectory sample(DagSonaEngine engine) {
        return engine.postQuery(
                io.neuraldag.core.testing.TestDags.simple(),
                1.0,
                2.0,
                io.neuraldag.attention.AttentionKind.TOPOLOGICAL);
    }
}
