package io.neuraldag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * corr-bench end to end at the small scale on the real server, with the learned chooser: the run
 * completes, every result under a chosen arm equals the default-settings result, and the report is
 * well-formed. Nothing scale-dependent (no speed-up) is asserted.
 */
@ExtendWith(RealServer.class)
class CorrBenchIT {

    @Test
    void smallScaleRunsEndToEndAndHintsNeverChangeAnswers() throws Exception {
        List<String> phases = new ArrayList<>();
        CorrBenchOptions o = CorrBenchOptions.DEFAULTS.with(Scale.SMALL, 100, 42, 2);
        CorrBenchReport r = Benchmarks.corr(RealServer.url(), o, (phase, done, total) -> {
            assertThat(done).isBetween(0, total);
            if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(phase)) {
                phases.add(phase);
            }
        });
        assertThat(phases).contains("vanilla + oracle", "learned 1/2", "learned 2/2", "PG + statistics");
        assertThat(r.resultMismatches()).as("%s", r.mismatches()).isZero();
        assertThat(r.mismatches()).isEmpty();
        // 2 orders x 100 learned results, plus oracle arms, second default runs and PG + statistics
        assertThat(r.resultChecks()).isGreaterThanOrEqualTo(200 + 2L * r.distinctInstances());
        assertThat(r.templates()).isEqualTo(10);
        assertThat(r.distinctInstances()).isBetween(1, 100);
        assertThat(r.orders()).hasSize(2);
        for (CorrBenchReport.OrderTotals t : r.orders()) {
            for (double v : new double[] {
                t.vanillaMillis(), t.statsMillis(), t.oracleMillis(), t.learnedMillis(), t.learnedPlanningMillis(),
                t.retrainMillis(), t.learnedOverVanilla(), t.learnedOverStats(), t.regretMillis(), t.learnedOverOracle()
            }) {
                assertThat(v).isFinite();
            }
            assertThat(t.oracleMillis()).isPositive();
            assertThat(t.learnedPlanningMillis()).isPositive().isLessThan(t.learnedMillis());
        }
        for (CorrBenchReport.TemplateRow t : r.perTemplate()) {
            assertThat(t.count()).isPositive();
            assertThat(t.vanillaMedianMillis()).isFinite().isPositive();
            assertThat(t.learnedMedianMillis()).isFinite().isPositive();
            assertThat(t.medianRatio()).isFinite();
            assertThat(t.p95Ratio()).isFinite();
            assertThat(t.p99Ratio()).isFinite();
            assertThat(t.statsMedianRatio()).isFinite();
            assertThat(t.oracleMedianMillis()).isFinite().isPositive();
        }
        assertThat(r.perTemplate().stream()
                        .mapToInt(CorrBenchReport.TemplateRow::count)
                        .sum())
                .isEqualTo(100);
        assertThat(r.qError().samples()).isPositive();
        assertThat(r.qError().median()).isFinite().isGreaterThanOrEqualTo(1.0);
        assertThat(r.qError().p99())
                .isFinite()
                .isGreaterThanOrEqualTo(r.qError().median());
        // the oracle is the best of the instance's own runs, its second default run among them
        assertThat(r.trace())
                .hasSize(200)
                .allSatisfy(q -> assertThat(q.oracleMillis())
                        .isLessThanOrEqualTo(q.armMillis().get(0)));
        assertThat(r.vanillaCumulative()).hasSize(100);
        assertThat(r.learnedCumulative())
                .hasSize(2)
                .allSatisfy(c -> assertThat(c).hasSize(100));
        assertThat(r.text())
                .contains("| order |")
                .contains("| template |")
                .contains("q-error")
                .contains("targets:");
        assertThat(SvgTest.parse(r.svg()).getElementsByTagName("polyline").getLength())
                .isEqualTo(5);
    }
}
