package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** 8 client threads × 500 queries through the wrapper while the scheduler runs. */
@ExtendWith(PgDatabase.class)
class ConcurrencyIT {
    private static final int THREADS = 8;
    private static final int QUERIES = 500;
    private final PgFixture pg;

    ConcurrencyIT(PgFixture pg) {
        this.pg = pg;
    }

    @Test
    void resultsMatchTheUnwrappedDataSourceAndCountsAddUp() throws Exception {
        DagSchema.Installed installed = pg.install();
        String t = pg.q("kv");
        pg.exec("CREATE TABLE " + t + " (k int PRIMARY KEY, v text NOT NULL)");
        pg.exec("INSERT INTO " + t + " SELECT g, md5(g::text) FROM generate_series(1, 2000) g");
        String sql = "SELECT k, v FROM " + t + " WHERE k BETWEEN ? AND ? ORDER BY k";
        HikariDataSource pool = pg.dataSource();
        TrajectoryRecorder recorder = TrajectoryRecorder.create(1000);
        try (DagRegistry registry =
                DagRegistry.builder().engineBase(LearningFixtures.fastEngine()).build()) {
            NeuralDagDataSource ds = NeuralDagDataSource.builder(pool, registry)
                    .recorder(recorder)
                    .build();
            LearningScheduler scheduler = LearningScheduler.builder(registry, pool, installed)
                    .recorder(recorder)
                    .interval(Duration.ofMillis(100))
                    .flushInterval(Duration.ofMillis(50))
                    .build();
            scheduler.start();
            ExecutorService clients = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int th = 0; th < THREADS; th++) {
                    int seed = th;
                    done.add(clients.submit(() -> {
                        int checked = 0;
                        try (Connection wrapped = ds.getConnection();
                                Connection plain = pool.getConnection();
                                PreparedStatement w = wrapped.prepareStatement(sql);
                                PreparedStatement p = plain.prepareStatement(sql)) {
                            for (int i = 0; i < QUERIES; i++) {
                                int lo = 1 + (seed * 997 + i * 31) % 1990;
                                int hi = lo + (i % 7);
                                w.setInt(1, lo);
                                w.setInt(2, hi);
                                p.setInt(1, lo);
                                p.setInt(2, hi);
                                assertThat(rows(w)).isEqualTo(rows(p));
                                checked++;
                            }
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : done) {
                    total += f.get();
                }
                assertThat(total).isEqualTo(THREADS * QUERIES);
                // the learner thread may still be working through the last executions
                assertThat(ds.awaitLearning(Duration.ofSeconds(60))).isTrue();
            } finally {
                clients.shutdown();
                scheduler.close();
            }
            CaptureStats s = ds.stats();
            assertThat(s.statements()).isEqualTo(THREADS * QUERIES);
            assertThat(s.learningFailures()).isZero();
            assertThat(s.learningDropped()).isZero();
            assertThat(s.captured()).isEqualTo(THREADS * QUERIES);
            TrajectoryRecorder.Counts c = recorder.counts();
            assertThat(c.pending()).isZero();
            assertThat(c.seen()).isEqualTo(s.captured());
            assertThat(c.stored() + c.dropped()).isEqualTo(c.seen());
            assertThat(TrajectoryStore.create(pool, installed).count(DagRegistry.GLOBAL))
                    .isEqualTo(c.stored());
            assertThat(scheduler.status().passes()).isPositive();
            assertThat(scheduler.status().failures()).isZero();
        }
    }

    private static List<String> rows(PreparedStatement ps) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1) + "=" + rs.getString(2));
            }
        }
        return out;
    }
}
