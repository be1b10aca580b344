package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.sona.EwcPlusPlus;
import io.neuraldag.sona.SonaConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DagConfigTest {

    @Test
    void defaultsAreTheSpecTable() {
        DagConfig c = DagConfig.defaults();
        assertThat(c.enabled()).isTrue();
        assertThat(c.learningRate()).isEqualTo(0.002);
        assertThat(c.patternClusters()).isEqualTo(100);
        assertThat(c.qualityThreshold()).isEqualTo(0.3);
        assertThat(c.maxTrajectories()).isEqualTo(1000);
        assertThat(c.attention()).isEqualTo(AttentionMechanism.AUTO);
        assertThat(c.attentionExploration()).isEqualTo(0.1);
        assertThat(c.ewcLambda()).isEqualTo(5000);
        assertThat(c.ewcMaxLambda()).isEqualTo(15_000);
        assertThat(c.mincutEnabled()).isTrue();
        assertThat(c.mincutThreshold()).isEqualTo(0.5);
        assertThat(c.backgroundIntervalMs()).isEqualTo(3_600_000L);
        assertThat(c.microLoraRank()).isEqualTo(2);
        assertThat(c.baseLoraRank()).isEqualTo(8);
        assertThat(c.qudagEnabled()).isFalse();
        assertThat(c.qudagNode()).isEmpty();
        assertThat(c.qudagDpEpsilon()).isEqualTo(1.0);
        assertThat(c.qudagSyncInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(c.qudagMinStake()).isEqualTo(10);
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                bad("learning_rate", b -> b.learningRate(0)),
                bad("learning_rate", b -> b.learningRate(1.5)),
                bad("learning_rate", b -> b.learningRate(Double.NaN)),
                bad("learning_rate", b -> b.learningRate(Double.POSITIVE_INFINITY)),
                bad("learning_rate", b -> b.learningRate(0.99e-4)),
                bad("pattern_clusters", b -> b.patternClusters(9)),
                bad("pattern_clusters", b -> b.patternClusters(1001)),
                bad("quality_threshold", b -> b.qualityThreshold(-0.01)),
                bad("quality_threshold", b -> b.qualityThreshold(Double.NaN)),
                bad("max_trajectories", b -> b.maxTrajectories(9)),
                bad("attention_exploration", b -> b.attentionExploration(1.01)),
                bad("ewc_lambda", b -> b.ewcLambda(99)),
                bad("ewc_lambda", b -> b.ewcLambda(Double.NEGATIVE_INFINITY)),
                bad("ewc_max_lambda", b -> b.ewcMaxLambda(50_001)),
                bad("must not exceed", b -> b.ewcLambda(20_000)),
                bad("mincut_threshold", b -> b.mincutThreshold(Double.NaN)),
                bad("background_interval", b -> b.backgroundIntervalMs(59_999)),
                bad("background_interval", b -> b.backgroundIntervalMs(86_400_001L)),
                bad(
                        "background_interval",
                        b -> b.backgroundInterval(Duration.ofSeconds(60).plusNanos(1))),
                bad("micro_lora_rank", b -> b.microLoraRank(0)),
                bad("micro_lora_rank", b -> b.microLoraRank(5)),
                bad("base_lora_rank", b -> b.baseLoraRank(3)),
                bad("base_lora_rank", b -> b.baseLoraRank(17)),
                bad("qudag_node_url", b -> b.qudagNodeUrl(" ")),
                bad("qudag_node_url", b -> b.qudagNodeUrl("relative/path")),
                bad("qudag_node_url", b -> b.qudagNodeUrl("http://bad host")),
                bad("qudag_dp_epsilon", b -> b.qudagDpEpsilon(0)),
                bad("qudag_dp_epsilon", b -> b.qudagDpEpsilon(Double.NaN)),
                bad("qudag_sync_interval", b -> b.qudagSyncInterval(Duration.ofSeconds(59))),
                bad("qudag_min_stake", b -> b.qudagMinStake(9.99)));
    }

    private static Arguments bad(String field, UnaryOperator<DagConfig.Builder> f) {
        return Arguments.of(field, f);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfRange")
    void outOfRangeIsRv011(String field, UnaryOperator<DagConfig.Builder> f) {
        DagConfig.Builder b = f.apply(DagConfig.builder());
        assertThatThrownBy(b::build)
                .isInstanceOf(DagArgumentException.class)
                .hasMessageContaining(field)
                .hasMessageStartingWith("[RV011]")
                .satisfies(e -> assertThat(((RvException) e).code()).isEqualTo(RvCode.INVALID_ARGUMENT));
    }

    @Test
    void boundariesAreInside() {
        DagConfig lo = DagConfig.builder()
                .learningRate(1e-4)
                .patternClusters(10)
                .qualityThreshold(0)
                .maxTrajectories(10)
                .attentionExploration(0)
                .ewcLambda(100)
                .ewcMaxLambda(100)
                .mincutThreshold(0)
                .backgroundIntervalMs(60_000)
                .microLoraRank(1)
                .baseLoraRank(4)
                .qudagDpEpsilon(1e-9)
                .qudagSyncInterval(Duration.ofSeconds(60))
                .qudagMinStake(10)
                .qudagNodeUrl("http://127.0.0.1:9090")
                .build();
        assertThat(lo.qudagNode()).contains("http://127.0.0.1:9090");
        DagConfig hi = DagConfig.builder()
                .learningRate(1)
                .patternClusters(1000)
                .qualityThreshold(1)
                .maxTrajectories(1_000_000)
                .attentionExploration(1)
                .ewcLambda(50_000)
                .ewcMaxLambda(50_000)
                .mincutThreshold(1)
                .backgroundIntervalMs(86_400_000L)
                .microLoraRank(4)
                .baseLoraRank(16)
                .qudagDpEpsilon(10)
                .qudagSyncInterval(Duration.ofHours(24))
                .qudagMinStake(1000)
                .build();
        assertThat(hi.backgroundInterval()).isEqualTo(Duration.ofDays(1));
        // the engine's λ is capped at its own maximum
        assertThat(hi.toSonaConfig(SonaConfig.defaults()).ewcLambda()).isEqualTo(EwcPlusPlus.MAX_LAMBDA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "", "auto;drop", "causal cone"})
    void unknownMechanismIsRv002(String name) {
        DagConfig.Builder b = DagConfig.builder();
        assertThatThrownBy(() -> b.attention(name))
                .isInstanceOf(DagArgumentException.class)
                .satisfies(e -> assertThat(((RvException) e).code()).isEqualTo(RvCode.INVALID_ATTENTION));
        assertThat(b.build().attention()).isEqualTo(AttentionMechanism.AUTO);
    }

    @Test
    void mechanismNamesRoundTrip() {
        for (AttentionMechanism m : AttentionMechanism.values()) {
            assertThat(AttentionMechanism.parse(m.sqlName().toUpperCase(java.util.Locale.ROOT)))
                    .isEqualTo(m);
        }
        for (AttentionKind k : AttentionKind.values()) {
            assertThat(AttentionMechanism.of(k).kind()).contains(k);
        }
        assertThat(AttentionMechanism.parse("causal-cone")).isEqualTo(AttentionMechanism.CAUSAL_CONE);
        assertThat(AttentionMechanism.AUTO.kind()).isEmpty();
    }

    @Test
    void toSonaConfigMapsEverySetting() {
        SonaConfig base = SonaConfig.builder().minTrajectories(7).seed(99).build();
        DagConfig c = DagConfig.builder()
                .learningRate(0.01)
                .microLoraRank(3)
                .patternClusters(20)
                .qualityThreshold(0.4)
                .maxTrajectories(500)
                .attentionExploration(0.2)
                .ewcLambda(3000)
                .backgroundIntervalMs(120_000)
                .attention("critical_path")
                .build();
        SonaConfig s = c.toSonaConfig(base);
        assertThat(s.learningRate()).isEqualTo(0.01);
        assertThat(s.loraRank()).isEqualTo(3);
        assertThat(s.maxClusters()).isEqualTo(20);
        assertThat(s.minQuality()).isEqualTo(0.4);
        assertThat(s.bufferCapacity()).isEqualTo(500);
        assertThat(s.epsilon()).isEqualTo(0.2);
        assertThat(s.ewcLambda()).isEqualTo(3000);
        assertThat(s.backgroundInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.mechanisms()).isEqualTo(List.of(AttentionKind.CRITICAL_PATH));
        assertThat(s.defaultMechanism()).isEqualTo(AttentionKind.CRITICAL_PATH);
        assertThat(s.minTrajectories()).isEqualTo(7);
        assertThat(s.seed()).isEqualTo(99);
        assertThat(DagConfig.defaults().toSonaConfig(base).mechanisms()).isEqualTo(base.mechanisms());
    }

    @Test
    void rvCodesAreTheirSqlStates() {
        assertThat(RvCode.values()).hasSize(12);
        int n = 0;
        for (RvCode c : RvCode.values()) {
            n++;
            assertThat(c.sqlState()).isEqualTo(String.format(java.util.Locale.ROOT, "RV%03d", n));
            assertThat(RvCode.ofSqlState(c.sqlState())).isSameAs(c);
            RuntimeException e = RvException.of(c, "m", null);
            assertThat(((RvException) e).code()).isSameAs(c);
            assertThat(((RvException) e).sqlState()).isEqualTo(c.sqlState());
            assertThat(e.getMessage()).isEqualTo("[" + c.sqlState() + "] m");
        }
        assertThat(RvException.of(RvCode.INVALID_ARGUMENT, "m", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RvException.of(RvCode.DAG_DISABLED, "m", null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RvCode.ofSqlState("42P01")).isInstanceOf(IllegalArgumentException.class);
    }
}
