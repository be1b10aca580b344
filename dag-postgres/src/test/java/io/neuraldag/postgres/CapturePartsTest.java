package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.core.plan.ImportedPlan;
import io.neuraldag.core.plan.PostgresPlans;
import io.neuraldag.core.testing.TestDags;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.ExecutionMetrics;
import io.neuraldag.sona.SonaConfig;
import io.neuraldag.sona.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLWarning;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure parts of the capture: metrics, notices, settings, the recorder and the baseline. */
class CapturePartsTest {
    private static final Path PLANS = Path.of("..", "examples", "plans");

    private static ImportedPlan plan(String file) throws Exception {
        return PostgresPlans.fromExplainJson(Files.readString(PLANS.resolve(file)));
    }

    @Test
    void metricsOfAnExecutedHashJoinPlan() throws Exception {
        ImportedPlan p = plan("05_hash_join_q3.json");
        PlanMetrics m = PlanMetrics.of(p);
        assertThat(m.rows()).isEqualTo(10);
        assertThat(m.cacheHitRatio()).isCloseTo(1449.0 / (1449 + 36), org.assertj.core.data.Offset.offset(1e-12));
        long kb = 0;
        for (Map<String, Object> a : p.attributes().values()) {
            if (a.get("Hash Peak Memory Usage") instanceof Number n) {
                kb += n.longValue();
            }
            if ("Memory".equals(a.get("Sort Space Type")) && a.get("Sort Space Used") instanceof Number n) {
                kb += n.longValue();
            }
        }
        assertThat(kb).isPositive();
        assertThat(m.memoryBytes()).isEqualTo(kb * 1024);
    }

    @Test
    void aPlanWithoutAnalyzeHasUnknownMetrics() {
        ImportedPlan p = PostgresPlans.fromExplainJson(
                "[{\"Plan\": {\"Node Type\": \"Result\", \"Total Cost\": 0.01, \"Plan Rows\": 1}}]");
        PlanMetrics m = PlanMetrics.of(p);
        assertThat(m.rows()).isEqualTo(ExecutionMetrics.UNKNOWN);
        assertThat(m.memoryBytes()).isEqualTo(ExecutionMetrics.UNKNOWN);
        assertThat(m.cacheHitRatio()).isNaN();
    }

    @Test
    void autoExplainNoticesAreFoundAndStripped() {
        SQLWarning user = new SQLWarning("a user notice", "01000");
        SQLWarning notice = new SQLWarning(
                "duration: 1.250 ms  plan:\n{\"Query Text\": \"select 1\", \"Plan\": {\"Node Type\": \"Result\"}}",
                "00000");
        SQLWarning other = new SQLWarning("another", "01000");
        user.setNextWarning(notice);
        notice.setNextWarning(other);
        AutoExplainNotice n = java.util.Objects.requireNonNull(AutoExplainNotice.find(user));
        assertThat(n.durationMs()).isEqualTo(1.25);
        assertThat(n.json()).startsWith("{\"Query Text\"");
        SQLWarning stripped = AutoExplainNotice.strip(user);
        java.util.List<String> messages = new java.util.ArrayList<>();
        for (SQLWarning w = stripped; w != null; w = w.getNextWarning()) {
            messages.add(w.getMessage());
        }
        assertThat(messages).containsExactly("a user notice", "another");
        assertThat((Object) AutoExplainNotice.strip(other)).isSameAs(other);
        assertThat(AutoExplainNotice.find(other)).isNull();
        assertThat(AutoExplainNotice.find(null)).isNull();
        assertThat((Object) AutoExplainNotice.strip(notice)).isNotSameAs(notice);
    }

    @Test
    void onlyWhitelistedSettingsInRangeAreApplied() {
        assertThat(Capture.settingValue("hnsw.ef_search", 64)).isEqualTo("64");
        assertThat(Capture.settingValue("hnsw.ef_search", 0)).isNull();
        assertThat(Capture.settingValue("hnsw.ef_search", 1001)).isNull();
        assertThat(Capture.settingValue("hnsw.ef_search", 64.5)).isNull();
        assertThat(Capture.settingValue("ivfflat.probes", 10)).isEqualTo("10");
        assertThat(Capture.settingValue("work_mem", 8192)).isEqualTo("8192kB");
        assertThat(Capture.settingValue("work_mem", 10)).isNull();
        assertThat(Capture.settingValue("enable_seqscan", 0)).isEqualTo("off");
        assertThat(Capture.settingValue("enable_hashjoin", 1)).isEqualTo("on");
        assertThat(Capture.settingValue("enable_x", 2)).isNull();
        assertThat(Capture.settingValue("enable_x; DROP TABLE t", 1)).isNull();
        assertThat(Capture.settingValue("statement_timeout", 1)).isNull();
        assertThat(Capture.settingValue("hnsw.ef_search", Double.NaN)).isNull();
    }

    @Test
    void settingsAndQueryIdsAreRead() {
        assertThat(PlanExplainer.kilobytes("4MB")).isEqualTo(4096);
        assertThat(PlanExplainer.kilobytes("'64kB'")).isEqualTo(64);
        assertThat(PlanExplainer.kilobytes("1GB")).isEqualTo(1024L * 1024);
        assertThat(PlanExplainer.kilobytes("2TB")).isEqualTo(2L * 1024 * 1024 * 1024);
        assertThat(PlanExplainer.kilobytes("12")).isEqualTo(12);
        assertThat(PlanExplainer.kilobytes("x")).isNull();
        assertThat(PlanExplainer.kilobytes("5PB")).isNull();
        assertThat(PlanExplainer.queryId("[{\"Plan\": {\"Node Type\": \"Result\", \"Query Identifier\": 1},"
                        + " \"Query Identifier\": -4242, \"Planning Time\": 0.1}]"))
                .isEqualTo(-4242L);
        assertThat(PlanExplainer.queryId("[{\"Plan\": {\"Node Type\": \"Result\"}}]"))
                .isNull();
        assertThat(PlanExplainer.queryId("not json")).isNull();
    }

    @Test
    void relationsComeFromScanNodes() throws Exception {
        assertThat(PlanExplainer.relations(plan("05_hash_join_q3.json")))
                .isNotEmpty()
                .allMatch(r -> r.contains("."));
    }

    @Test
    void theBaselineIsAnEwmaOfEarlierRuns() {
        Capture.Ewma e = new Capture.Ewma();
        assertThat(e.update(10)).isZero();
        assertThat(e.update(20)).isEqualTo(10);
        assertThat(e.update(0)).isEqualTo(0.2 * 20 + 0.8 * 10);
        assertThat(e.update(5)).isEqualTo(0.8 * (0.2 * 20 + 0.8 * 10));
    }

    @Test
    void recorderCountsAddUp() {
        TrajectoryRecorder r = TrajectoryRecorder.create(3);
        try (DagSonaEngine engine = DagSonaEngine.create(SonaConfig.defaults())) {
            Trajectory t = engine.postQuery(TestDags.simple(), 1.0, 2.0, AttentionKind.TOPOLOGICAL);
            CapturedExecution row = new CapturedExecution(
                    "global", t, SqlTexts.sqlHash("select 1"), 7L, "x".repeat(5000), CaptureMode.TIMING);
            assertThat(row.queryText()).hasSize(CapturedExecution.MAX_TEXT);
            for (int i = 0; i < 5; i++) {
                r.offer(row);
            }
            assertThat(r.counts()).isEqualTo(new TrajectoryRecorder.Counts(5, 0, 2, 3));
            assertThat(r.drain(2)).hasSize(2);
            r.stored(2);
            r.drain(10);
            r.dropped(1);
            TrajectoryRecorder.Counts c = r.counts();
            assertThat(c.seen()).isEqualTo(c.stored() + c.dropped() + c.pending());
            assertThatThrownBy(() -> new CapturedExecution("g", t, "nothex", null, null, CaptureMode.TIMING))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> TrajectoryRecorder.create(0)).isInstanceOf(DagArgumentException.class);
    }

    @Test
    void bindsReplayInOrderAndRefuseGaps() throws Exception {
        Binds b = new Binds();
        assertThat(b.replay()).isNotNull();
        b.set(2, ps -> {});
        assertThat(b.replay()).isNull();
        b.set(1, ps -> {});
        assertThat(b.replay()).isNotNull();
        b.set(20, ps -> {});
        assertThat(b.replay()).isNull();
        b.clear();
        b.set(0, ps -> {});
        assertThat(b.replay()).isNull();
        b.clear();
        b.opaque();
        assertThat(b.replay()).isNull();
        b.clear();
        assertThat(b.replay()).isNotNull();
    }

    @Test
    void dataSourceSettingsAreValidated() {
        try (DagRegistry registry = DagRegistry.create()) {
            javax.sql.DataSource none = new org.postgresql.ds.PGSimpleDataSource();
            assertThatThrownBy(() -> NeuralDagDataSource.builder(none, registry)
                            .sampleRate(1.5)
                            .build())
                    .isInstanceOf(DagArgumentException.class);
            assertThatThrownBy(() -> NeuralDagDataSource.builder(none, registry)
                            .sampleRate(Double.NaN)
                            .build())
                    .isInstanceOf(DagArgumentException.class);
            assertThatThrownBy(() -> NeuralDagDataSource.builder(none, registry)
                            .planCacheSize(0)
                            .build())
                    .isInstanceOf(DagArgumentException.class);
            assertThatThrownBy(() -> NeuralDagDataSource.builder(none, registry)
                            .planTtl(java.time.Duration.ofSeconds(-1))
                            .build())
                    .isInstanceOf(DagArgumentException.class);
            assertThatThrownBy(() -> NeuralDagDataSource.builder(none, registry)
                            .explainTimeout(java.time.Duration.ZERO)
                            .build())
                    .isInstanceOf(DagArgumentException.class);
            assertThatThrownBy(() -> NeuralDagDataSource.builder(none, registry)
                            .learningQueueCapacity(0)
                            .build())
                    .isInstanceOf(DagArgumentException.class)
                    .hasMessageContaining("learning_queue_capacity");
            assertThatThrownBy(() -> NeuralDagDataSource.builder(none, registry)
                            .learningQueueCapacity(1_000_001)
                            .build())
                    .isInstanceOf(DagArgumentException.class);
            NeuralDagDataSource ds = NeuralDagDataSource.builder(none, registry).build();
            assertThat(ds.mode()).isEqualTo(CaptureMode.TIMING);
            assertThat(ds.registry()).isSameAs(registry);
            assertThat(ds.delegate()).isSameAs(none);
        }
    }

    @Test
    void environmentDefaults() {
        assertThat(PgConnections.env(Map.of(), PgConnections.URL_ENV, PgConnections.DEFAULT_URL))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(PgConnections.env(Map.of(PgConnections.URL_ENV, " "), PgConnections.URL_ENV, "d"))
                .isEqualTo("d");
        assertThat(PgConnections.env(Map.of(PgConnections.USER_ENV, "u"), PgConnections.USER_ENV, "d"))
                .isEqualTo("u");
        assertThatThrownBy(() -> PgConnections.pool("p", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
