package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabase.class)
class SchemaIT {

    @Test
    void installIsIdempotentAndCreatesEveryTable(PgFixture pg) throws Exception {
        DagSchema.Installed first = pg.install();
        DagSchema.Installed second = pg.install();
        assertThat(second.created()).isFalse();
        assertThat(second.version()).isEqualTo(DagSchema.CURRENT_VERSION);
        assertThat(second.vectorType()).isEqualTo(first.vectorType());
        for (String t : DagSchema.TABLES) {
            assertThat(pg.queryLong(
                            "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename = ?",
                            pg.schema().name(),
                            t))
                    .as(t)
                    .isEqualTo(1);
        }
        for (String t : List.of(
                "dag_patterns",
                "dag_trajectories",
                "dag_clusters",
                "dag_anomalies",
                "dag_repairs",
                "dag_qudag_proposals",
                "dag_config",
                "dag_keystore",
                "dag_requests")) {
            assertThat(pg.queryLong(
                            "SELECT count(*) FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                                    + " AND column_name = 'scope'",
                            pg.schema().name(),
                            t))
                    .as(t + ".scope")
                    .isEqualTo(1);
        }
        assertThat(pg.inspect()).contains(second);
    }

    @Test
    void pgvectorGivesVectorColumnsAndAnHnswCosineIndex(PgFixture pg) throws Exception {
        assumeTrue(pg.vectorAvailable(), "pgvector is not installed (scripts/install-pgvector.sh)");
        DagSchema.Installed installed = pg.install();
        assertThat(installed.vectorType()).isEqualTo(VectorType.PGVECTOR);
        assertThat(pg.queryLong(
                        "SELECT count(*) FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
                                + " WHERE a.attrelid = to_regclass(?) AND a.attname = 'centroid'"
                                + " AND t.typname = 'vector' AND a.atttypmod = 256",
                        pg.q("dag_patterns")))
                .isEqualTo(1);
        assertThat(pg.queryLong(
                        "SELECT count(*) FROM pg_indexes WHERE schemaname = ? AND tablename = 'dag_patterns'"
                                + " AND indexdef LIKE '%USING hnsw%vector_cosine_ops%'",
                        pg.schema().name()))
                .isEqualTo(1);
    }

    @Test
    void withoutPgvectorTheColumnsAreRealArrays(PgFixture pg) throws Exception {
        DagSchema plain = DagSchema.named(pg.schema().name() + "_plain").withoutPgvector();
        try {
            DagSchema.Installed installed = plain.install(pg.dataSource());
            assertThat(installed.vectorType()).isEqualTo(VectorType.REAL_ARRAY);
            assertThat(installed.vectorSqlType()).isEqualTo("real[]");
            assertThat(plain.install(pg.dataSource()).vectorType()).isEqualTo(VectorType.REAL_ARRAY);
            assertThat(plain.withoutPgvector()).isSameAs(plain);
            assertThat(plain.usesPgvector()).isFalse();
            assertThat(plain.toString()).contains("real[]");
            // the stores work the same on real[] columns
            PatternStore store = PatternStore.create(pg.dataSource(), installed);
            assertThat(store.installed()).isEqualTo(installed);
            try (io.neuraldag.sona.DagSonaEngine engine =
                    io.neuraldag.sona.DagSonaEngine.create(LearningFixtures.fastEngine())) {
                LearningFixtures.feed(engine, 3, 30, 51);
                engine.runBackgroundCycle();
                var trajectories = engine.trajectoryBuffer().drain();
                store.persist("global", engine);
                assertThat(store.patterns("global"))
                        .isEqualTo(engine.reasoningBank().patterns());
                TrajectoryStore ts = TrajectoryStore.create(pg.dataSource(), installed);
                java.util.List<CapturedExecution> rows = new java.util.ArrayList<>();
                for (var t : engine.reasoningBank().patterns().isEmpty()
                        ? java.util.List.<io.neuraldag.sona.Trajectory>of()
                        : trajectories) {
                    rows.add(new CapturedExecution("global", t, SqlTexts.sqlHash("q"), 1L, "q", CaptureMode.TIMING));
                }
                assertThat(ts.insert(rows)).isEqualTo(rows.size());
                assertThat(ts.insert(java.util.List.of())).isZero();
                assertThat(ts.count("global")).isEqualTo(rows.size());
                assertThat(pg.queryLong("SELECT count(*) FROM " + plain.table("dag_trajectories")
                                + " WHERE array_length(embedding, 1) = 256"))
                        .isEqualTo(rows.size());
            }
            assertThat(pg.queryLong(
                            "SELECT count(*) FROM information_schema.columns WHERE table_schema = ?"
                                    + " AND table_name = 'dag_patterns' AND column_name = 'centroid'"
                                    + " AND data_type = 'ARRAY'",
                            plain.name()))
                    .isEqualTo(1);
        } finally {
            plain.drop(pg.dataSource());
        }
        assertThat(plain.inspect(pg.dataSource())).isEmpty();
    }

    @Test
    void concurrentInstallsAgree(PgFixture pg) throws Exception {
        DagSchema s = DagSchema.named(pg.schema().name() + "_race");
        try {
            List<Thread> threads = new java.util.ArrayList<>();
            java.util.Queue<Object> results = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    try {
                        results.add(s.install(pg.dataSource()));
                    } catch (RuntimeException e) {
                        results.add(e);
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(results).hasSize(4).allMatch(r -> r instanceof DagSchema.Installed);
            assertThat(results.stream().filter(r -> ((DagSchema.Installed) r).created()))
                    .hasSize(1);
        } finally {
            s.drop(pg.dataSource());
        }
    }

    @Test
    void badSchemaNamesAreRejected() {
        for (String bad : List.of("", "Upper", "a-b", "x\"; DROP SCHEMA public; --", "1abc", "a".repeat(64))) {
            assertThatThrownBy(() -> DagSchema.named(bad))
                    .as(bad)
                    .isInstanceOf(DagArgumentException.class)
                    .hasMessageStartingWith("[RV011]");
        }
        assertThat(DagSchema.named("ruvector")).isSameAs(DagSchema.defaultSchema());
        assertThat(DagSchema.defaultSchema().table("dag_patterns")).isEqualTo("\"ruvector\".\"dag_patterns\"");
        assertThatThrownBy(() -> DagSchema.defaultSchema().table("pg_class"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
