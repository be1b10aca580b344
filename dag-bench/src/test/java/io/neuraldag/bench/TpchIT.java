package io.neuraldag.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The TPC-H control at SF 0.01 on the real server: all 22 queries run, hints never change answers. */
@ExtendWith(RealServer.class)
class TpchIT {

    @Test
    void tinyScaleFactorRunsAllQueriesWithEqualResults() {
        TpchReport r = Benchmarks.tpch(RealServer.url(), 0.01, 42, 2, Progress.NONE);
        assertThat(r.perQuery()).hasSize(22);
        assertThat(r.resultMismatches()).isZero();
        assertThat(r.resultChecks()).isEqualTo(44);
        assertThat(r.ratio()).isFinite().isPositive();
        assertThat(r.vanillaMillis()).isPositive();
        assertThat(r.perQuery())
                .allSatisfy(q -> assertThat(q.vanillaMedianMillis()).isPositive());
        assertThat(r.text()).contains("| q22 |");
        // a second run reuses the load
        assertThat(Benchmarks.tpch(RealServer.url(), 0.01, 42, 1, Progress.NONE).loadSeconds())
                .isZero();
        assertThatThrownBy(() -> Benchmarks.tpch(RealServer.url(), 0, 1, 1, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Benchmarks.tpch(RealServer.url(), 0.01, 1, 0, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Benchmarks.corr("jdbc:mysql://x", CorrBenchOptions.DEFAULTS, Progress.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
