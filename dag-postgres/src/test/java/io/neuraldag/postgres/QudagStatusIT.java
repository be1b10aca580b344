package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code qudag_connected} of the Status group answers from the link source given to the builder:
 * live through the Java API (each call asks the source), as of the last settings write through the
 * plain-SQL {@code dag_status()}, false without a source and false when the source fails.
 */
@ExtendWith(PgDatabase.class)
class QudagStatusIT {

    /* 0 = down, 1 = up, 2 = the source throws. */
    private final AtomicInteger link = new AtomicInteger();

    private boolean linkState() {
        if (link.get() == 2) {
            throw new IllegalStateException("link state unavailable");
        }
        return link.get() == 1;
    }

    private static boolean sqlConnected(PgFixture pg) throws Exception {
        List<List<String>> rows = ApiFixtures.rows(
                pg, "SELECT qudag_connected FROM " + Jdbc.quoteIdent(pg.schema().name()) + ".dag_status()");
        assertThat(rows).hasSize(1);
        return Boolean.parseBoolean(rows.get(0).get(0))
                || "t".equals(rows.get(0).get(0));
    }

    @Test
    void followsTheLinkSource(PgFixture pg) throws Exception {
        try (NeuralDag dag = NeuralDag.builder(pg.dataSource())
                .schema(pg.schema())
                .qudagStatus(this::linkState)
                .build()) {
            assertThat(dag.state().status().qudagConnected()).isFalse();
            assertThat(sqlConnected(pg)).isFalse();

            link.set(1);
            assertThat(dag.state().status().qudagConnected()).isTrue();
            // the SQL data entry sees the state as of the last settings write
            assertThat(sqlConnected(pg)).isFalse();
            dag.settings().setLearningRate(0.003);
            assertThat(sqlConnected(pg)).isTrue();

            link.set(2);
            assertThat(dag.state().status().qudagConnected()).isFalse();
            link.set(0);
            assertThat(dag.state().status().qudagConnected()).isFalse();
            dag.settings().setLearningRate(0.002);
            assertThat(sqlConnected(pg)).isFalse();
        }
    }

    @Test
    void withoutSourceNeverConnected(PgFixture pg) throws Exception {
        try (NeuralDag dag =
                NeuralDag.builder(pg.dataSource()).schema(pg.schema()).build()) {
            dag.settings().setQudagEndpoint("https://qudag.example:8443", 10);
            assertThat(dag.state().config().qudagEndpoint()).isEqualTo("https://qudag.example:8443");
            assertThat(dag.state().status().qudagConnected()).isFalse();
            assertThat(sqlConnected(pg)).isFalse();
        }
    }
}
