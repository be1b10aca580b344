package io.neuraldag.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Report rendering and the target evaluation, on hand-made reports. */
class ReportTest {

    static CorrBenchReport report(double learned, double medianRatio, double qMedian) {
        CorrBenchReport.OrderTotals o = new CorrBenchReport.OrderTotals(
                1, 100, 80, 50, learned, 5, 1, 0, learned / 100, learned / 80, learned - 50, learned / 50);
        CorrBenchReport.TemplateRow t = new CorrBenchReport.TemplateRow(
                "corr_filter", true, 10, 10, 8, 5, 10 * medianRatio, medianRatio, 1, 1, 0.8);
        return new CorrBenchReport(
                CorrBenchOptions.DEFAULTS.with(Scale.SMALL, 10, 42, 1),
                10,
                8,
                3,
                1.5,
                List.of(o),
                List.of(t),
                new CorrBenchReport.QError(10, qMedian, 2, 3),
                20,
                0,
                List.of(),
                List.of(1.0, 2.0),
                List.of(1.0, 1.5),
                List.of(0.5, 1.0),
                List.of(List.of(0.7, 1.4)),
                List.of("default", "no_nestloop"),
                List.of(
                        new CorrBenchReport.QueryTrace(
                                1,
                                1,
                                "corr_filter",
                                "[3, 103]",
                                true,
                                "default",
                                0.5,
                                12.25,
                                false,
                                Double.NaN,
                                12.0,
                                4.0,
                                "no_nestloop",
                                false,
                                true,
                                List.of(12.0, 4.0),
                                List.of(Double.NaN, Double.NaN)),
                        new CorrBenchReport.QueryTrace(
                                1,
                                2,
                                "t,\"x\"",
                                "[a]",
                                false,
                                "no_nestloop",
                                1.0,
                                30.0,
                                true,
                                9.5,
                                3.0,
                                3.0,
                                "default",
                                true,
                                false,
                                List.of(3.0, Double.NaN),
                                List.of(8.25, 9.5))));
    }

    @Test
    void traceCsvHasOneRowPerQueryQuotedAndWithEmptyNaNs() {
        String[] lines = report(60, 1.0, 1.2).traceCsv().split("\n", -1);
        assertThat(lines).hasSize(4);
        assertThat(lines[0])
                .isEqualTo("order,index,template,binds,trap,arm,planning_ms,execution_ms,timed_out,predicted_ms,"
                        + "vanilla_ms,oracle_ms,oracle_arm,guarded,vanilla_first,arm_default_ms,arm_no_nestloop_ms,"
                        + "predicted_default_ms,predicted_no_nestloop_ms");
        assertThat(lines[1])
                .isEqualTo("1,1,corr_filter,\"[3, 103]\",true,default,0.500,12.250,false,,12.000,4.000,no_nestloop,"
                        + "false,true,12.000,4.000,,");
        assertThat(lines[2])
                .isEqualTo("1,2,\"t,\"\"x\"\"\",[a],false,no_nestloop,1.000,30.000,true,9.500,3.000,3.000,default,"
                        + "true,false,3.000,,8.250,9.500");
        assertThat(lines[3]).isEmpty();
    }

    @Test
    void targetsFollowTheThresholds() {
        CorrBenchReport.Targets met = report(60, 1.0, 1.2).targets();
        assertThat(met.vanillaTarget()).isTrue();
        assertThat(met.statsTarget()).isTrue();
        assertThat(met.templateTarget()).isTrue();
        assertThat(met.qErrorTarget()).isTrue();
        CorrBenchReport.Targets not = report(75, 1.2, 1.6).targets();
        assertThat(not.vanillaTarget()).isFalse();
        assertThat(not.statsTarget()).isFalse();
        assertThat(not.templateTarget()).isFalse();
        assertThat(not.qErrorTarget()).isFalse();
    }

    @Test
    void textCarriesEveryTableAndSvgParses() throws Exception {
        CorrBenchReport r = report(60, 1.0, 1.2);
        assertThat(r.text())
                .contains("scale small, 10 queries, seed 42, 1 orders")
                .contains("data generated in 1.5 s")
                .contains("| 1 | 0.10 | 0.08 | 0.05 | 0.06 |")
                .contains("| corr_filter | trap | 10 |")
                .contains("median 1.200, p90 2.000, p99 3.000")
                .contains("20 compared with the default-settings result, 0 differ")
                .contains("learned <= 0.70 x PG in every order: met");
        Document d = SvgTest.parse(r.svg());
        assertThat(d.getElementsByTagName("polyline").getLength()).isEqualTo(4);
        TpchReport t = new TpchReport(
                0.1, 1, 42, 0, 100, 103, 2, 1.03, 22, 0, List.of(new TpchReport.QueryRow("q1", 10, 11, 0)));
        assertThat(t.withinFivePercent()).isTrue();
        assertThat(t.text())
                .contains("SF 0.10")
                .contains("| q1 | 10.00 | 11.00 | 1.100 | 0 |")
                .contains("reused");
    }
}
