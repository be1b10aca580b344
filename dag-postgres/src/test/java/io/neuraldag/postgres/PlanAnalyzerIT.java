package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link PlanAnalyzer} gives the rows of {@code NeuralDag.analysis().analyzePlan} for the same query
 * and server, without a schema: the test's schema stays uninstalled while it runs, and its errors
 * are the facade's RV012.
 */
@ExtendWith(PgDatabase.class)
class PlanAnalyzerIT {

    @Test
    void sameRowsAsTheFacadeAndNoSchema(PgFixture pg) throws Exception {
        String t = pg.q("pa_items");
        pg.exec("CREATE SCHEMA IF NOT EXISTS " + Jdbc.quoteIdent(pg.schema().name()));
        pg.exec("CREATE TABLE " + t + " (id int PRIMARY KEY, grp int NOT NULL)");
        pg.exec("INSERT INTO " + t + " SELECT g, g % 30 FROM generate_series(1, 3000) g");
        pg.exec("ANALYZE " + t);
        String q = "SELECT a.grp, count(*) FROM " + t + " a JOIN " + t + " b ON b.id = a.grp GROUP BY a.grp";

        List<NeuralDag.PlanNodeRow> alone = PlanAnalyzer.on(pg.dataSource()).analyzePlan(q);
        assertThat(pg.inspect()).as("no schema installed by the analyzer").isEmpty();
        assertThat(alone).isNotEmpty();
        assertThatThrownBy(() -> PlanAnalyzer.on(pg.dataSource()).analyzePlan("SELECT 1; SELECT 2"))
                .isInstanceOf(DagStateException.class)
                .hasMessageStartingWith("[RV012]");

        try (NeuralDag dag =
                NeuralDag.builder(pg.dataSource()).schema(pg.schema()).build()) {
            List<NeuralDag.PlanNodeRow> facade = dag.analysis().analyzePlan(q);
            assertThat(alone).hasSameSizeAs(facade);
            for (int i = 0; i < facade.size(); i++) {
                NeuralDag.PlanNodeRow a = alone.get(i);
                NeuralDag.PlanNodeRow f = facade.get(i);
                assertThat(a.nodeId()).isEqualTo(f.nodeId());
                assertThat(a.operatorType()).isEqualTo(f.operatorType());
                assertThat(a.criticality()).isEqualTo(f.criticality());
                assertThat(a.bottleneckScore()).isEqualTo(f.bottleneckScore());
                assertThat(a.estimatedCost()).isEqualTo(f.estimatedCost());
                assertThat(a.childIds()).isEqualTo(f.childIds());
                assertThat(a.parentIds()).isEqualTo(f.parentIds());
                assertThat(a.embedding()).isEqualTo(f.embedding());
                assertThat(a.recommendations()).isEqualTo(f.recommendations());
            }
        }
    }
}
