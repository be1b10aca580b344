package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.attention.AttentionConfig;
import io.neuraldag.attention.AttentionKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure parts of the API: attention parameters, the JSON tree, the state archive, plan texts. */
class ApiPartsTest {

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource({
        "topological, decay, 0.5",
        "topological, max_depth, 4",
        "causal_cone, decay, 0.5",
        "causal_cone, max_hops, 3",
        "causal_cone, time_window_ms, 100",
        "critical_path, boost, 2",
        "critical_path, boost_growth, 1.3",
        "critical_path, boost_cap, 6",
        "critical_path, variance_ratio, 0.5",
        "mincut_gated, gate_threshold, 0.4",
        "hierarchical_lorentz, curvature, 0.5",
        "hierarchical_lorentz, temperature, 2",
        "parallel_branch, cross_weight, 0.3",
        "parallel_branch, sync_boost, 0.2",
        "temporal_btsp, decay, 0.9",
        "temporal_btsp, learning_rate, 0.05",
        "temporal_btsp, plateau_threshold, 0.5",
        "temporal_btsp, plateau_ms, 100",
        "temporal_btsp, plateau_boost, 1.7",
        "temporal_btsp, coincidence_ms, 10",
        "temporal_btsp, coincidence_boost, 1.2",
        "temporal_btsp, temperature, 2",
        "temporal_btsp, cost_scale, 2",
        "temporal_btsp, rows_scale, 2",
        "temporal_btsp, cost_to_ms, 0.5",
        "temporal_btsp, max_plans, 64",
    })
    void everyAttentionParameterChangesTheConfig(String mechanism, String name, double value) {
        AttentionKind k = AttentionKind.fromWireName(mechanism);
        AttentionConfig base = AttentionConfig.defaults();
        AttentionConfig next = AttentionParams.apply(k, base, Map.of(name, value));
        assertThat(next).isNotEqualTo(base);
        assertThatThrownBy(() -> AttentionParams.apply(k, base, Map.of(name + "_x", value)))
                .isInstanceOf(DagArgumentException.class)
                .hasMessageContaining("has no parameter");
    }

    @Test
    void badAttentionValuesAreRv011() {
        AttentionConfig base = AttentionConfig.defaults();
        assertThatThrownBy(() -> AttentionParams.apply(AttentionKind.TOPOLOGICAL, base, Map.of("max_depth", 2.5)))
                .isInstanceOf(DagArgumentException.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> AttentionParams.apply(AttentionKind.TOPOLOGICAL, base, Map.of("decay", Double.NaN)))
                .isInstanceOf(DagArgumentException.class);
        assertThatThrownBy(() -> AttentionParams.apply(AttentionKind.TOPOLOGICAL, base, Map.of("decay", -5.0)))
                .isInstanceOf(DagArgumentException.class)
                .satisfies(e -> assertThat(((RvException) e).code()).isEqualTo(RvCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> AttentionParams.apply(AttentionKind.MINCUT_GATED, base, Map.of("x", 1.0)))
                .isInstanceOf(DagArgumentException.class);
    }

    @Test
    void jsonRoundTrips() {
        Object tree = Json.parse("{\"a\": [1, 2.5, \"x\", true, false, null, {\"b\": []}], \"c\": {}}");
        assertThat(Json.write(tree)).isEqualTo("{\"a\":[1,2.5,\"x\",true,false,null,{\"b\":[]}],\"c\":{}}");
        assertThat(Json.write(new NeuralDag.LearnRow(1, 2, 0, 1.5)))
                .isEqualTo("{\"patterns_updated\":1,\"new_clusters\":2,\"ewc_constraints_updated\":0,"
                        + "\"cycle_time_ms\":1.5}");
        assertThat(Json.write(List.of(
                        new float[] {1f}, new double[] {Double.NaN}, new int[] {3}, new long[] {4}, new Object[] {
                            Instant.EPOCH, RvCode.DAG_DISABLED, java.util.Optional.empty()
                        })))
                .isEqualTo("[[1.0],[null],[3],[4],[\"1970-01-01T00:00:00Z\",\"dag_disabled\",null]]");
        assertThat(Json.snake("avgLatencyUs")).isEqualTo("avg_latency_us");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,", "{\"a\" 1}", "nul"})
    void badJsonIsRv011(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(DagArgumentException.class);
    }

    @Test
    void jsonLimits() {
        assertThatThrownBy(() -> Json.parseObject("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100)))
                .isInstanceOf(DagArgumentException.class);
        assertThatThrownBy(() -> Json.parse(" ".repeat(Json.MAX_TEXT + 1))).hasMessageContaining("longer");
    }

    @Test
    void stateArchiveRoundTripsAndRejectsDamage() {
        StateArchive.Row row = new StateArchive.Row(
                7, Instant.ofEpochMilli(1234), 1.5, 2.0, 0.25, 0.8, "topological", "ab", "select ?", new float[] {1, 2
                });
        StateArchive.Row noText = new StateArchive.Row(
                8, Instant.ofEpochMilli(99), 1, 1, 0, 0.5, "causal_cone", "cd", null, new float[0]);
        byte[] a = StateArchive.write("global", new byte[] {1, 2, 3}, List.of(row, noText));
        StateArchive.Read r = StateArchive.read(a);
        assertThat(r.scope()).isEqualTo("global");
        assertThat(r.state()).containsExactly(1, 2, 3);
        assertThat(r.rows()).hasSize(2);
        assertThat(r.rows().get(0).queryText()).isEqualTo("select ?");
        assertThat(r.rows().get(0).embedding()).containsExactly(1f, 2f);
        assertThat(r.rows().get(1).queryText()).isNull();

        byte[] flipped = a.clone();
        flipped[20] ^= 1;
        assertThatThrownBy(() -> StateArchive.read(flipped)).hasMessageContaining("checksum");
        assertThatThrownBy(() -> StateArchive.read(java.util.Arrays.copyOf(a, a.length - 3)))
                .isInstanceOf(DagArgumentException.class);
        assertThatThrownBy(() -> StateArchive.read(new byte[5])).hasMessageContaining("truncated");
        byte[] version = a.clone();
        version[7] = 9;
        assertThatThrownBy(() -> StateArchive.read(version)).hasMessageContaining("version 9");
        byte[] magic = a.clone();
        magic[0] = 0;
        assertThatThrownBy(() -> StateArchive.read(magic)).hasMessageContaining("magic");
    }

    @Test
    void planTextsAreChecked() {
        assertThat(PlanExplainer.parameterCount("select ? from t where a = $1 and b = $12 and \"x$3\" = $2"))
                .isEqualTo(12);
        assertThat(PlanExplainer.parameterCount("select a$1 from t")).isZero();
        assertThatThrownBy(() -> PlanExplainer.parameterCount("select $0")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> PlanExplainer.check("SELECT 1; SELECT 2", false))
                .hasMessageContaining("exactly one");
        assertThatThrownBy(() -> PlanExplainer.check("DELETE FROM t", true)).hasMessageContaining("must start");
        assertThatThrownBy(() -> PlanExplainer.check("SELECT 'x", false)).hasMessageContaining("unterminated");
        assertThat(PlanExplainer.check("DELETE FROM t", false).statements).isEqualTo(1);
    }
}
