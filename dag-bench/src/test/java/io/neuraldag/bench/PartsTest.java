package io.neuraldag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Options validation, the row hash, the generator's statements, the arms and the TPC-H query texts. */
class PartsTest {

    @Test
    void optionsRejectOutOfRangeValues() {
        CorrBenchOptions d = CorrBenchOptions.DEFAULTS;
        assertThat(d.queries()).isEqualTo(500);
        assertThat(d.orders()).isEqualTo(3);
        assertThat(d.statementTimeoutMillis()).isEqualTo(30_000);
        assertThat(d.with(Scale.SMALL, 10, 1, 2).scale()).isEqualTo(Scale.SMALL);
        assertThatThrownBy(() -> d.with(Scale.SMALL, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.with(Scale.SMALL, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CorrBenchOptions(Scale.SMALL, 1, 1, 1, 99, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CorrBenchOptions(Scale.SMALL, 1, 1, 1, 100, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CorrBenchOptions(Scale.SMALL, 1, 1, 1, 100, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rowHashesOfDistinctRowsDoNotCollide() {
        SplittableRandom r = new SplittableRandom(3);
        Set<Long> seen = new HashSet<>();
        Set<String> rows = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String row = r.nextInt(1000) + "\u0001" + r.nextInt(1000) + "\u0001";
            if (rows.add(row)) {
                assertThat(seen.add(Exec.hash64(row))).as(row).isTrue();
            }
        }
    }

    @Test
    void generatorStatementsDependOnTheSeedAndScale() {
        List<String> a = CorrData.statements(Scale.SMALL, 1);
        assertThat(a).isEqualTo(CorrData.statements(Scale.SMALL, 1));
        assertThat(a).isNotEqualTo(CorrData.statements(Scale.SMALL, 2));
        assertThat(String.join("\n", a)).contains("generate_series(1, 50000)").contains("VACUUM (FREEZE, ANALYZE)");
        assertThat(String.join("\n", CorrData.statements(Scale.FULL, 1))).contains("generate_series(1, 2000000)");
    }

    @Test
    void theArmsAreThoseOfTheIssue() {
        List<Arm> arms = Arm.plannerArms();
        assertThat(arms).hasSize(5);
        assertThat(arms.get(0).isDefault()).isTrue();
        assertThat(arms.stream().skip(1).noneMatch(Arm::isDefault)).isTrue();
        assertThat(arms.stream().map(Arm::name).distinct().count()).isEqualTo(5);
    }

    @Test
    void tpchHasTwentyTwoQueriesWithoutComments() {
        List<Tpch.Query> q = Tpch.queries();
        assertThat(q).hasSize(22);
        for (Tpch.Query x : q) {
            assertThat(x.sql()).doesNotContain("--").doesNotEndWith(";");
            assertThat(x.sql().toUpperCase(java.util.Locale.ROOT)).startsWith("SELECT");
        }
        assertThat(q.get(14).sql()).contains("revenue").doesNotContain("CREATE");
        assertThat(Tpch.view()).startsWith("CREATE OR REPLACE VIEW tpch.revenue");
        assertThat(Tpch.strip("-- c\nSELECT 1;\n")).isEqualTo("SELECT 1");
        assertThat(Tpch.label(0.1)).isEqualTo("0.10");
    }
}
