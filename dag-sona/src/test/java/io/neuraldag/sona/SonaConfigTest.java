package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SonaConfigTest {

    @Test
    void defaultsAreTheSpecValues() {
        SonaConfig c = SonaConfig.defaults();
        assertThat(c.seed()).isEqualTo(42);
        assertThat(c.dimension()).isEqualTo(256);
        assertThat(c.bufferCapacity()).isEqualTo(1000);
        assertThat(c.overflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(c.loraRank()).isEqualTo(2);
        assertThat(c.loraScale()).isEqualTo(1.0);
        assertThat(c.loraRule()).isEqualTo(LoraUpdateRule.ONE_SIDED);
        assertThat(c.learningRate()).isEqualTo(0.002);
        assertThat(c.updateBatchSize()).isEqualTo(100);
        assertThat(c.ewcLambda()).isEqualTo(5000);
        assertThat(c.ewcGamma()).isEqualTo(0.99);
        assertThat(c.maxTasks()).isEqualTo(10);
        assertThat(c.boundaryZ()).isEqualTo(2.0);
        assertThat(c.boundaryMinTrajectories()).isEqualTo(50);
        assertThat(c.minTrajectories()).isEqualTo(100);
        assertThat(c.minQuality()).isEqualTo(0.3);
        assertThat(c.searchK()).isEqualTo(5);
        assertThat(c.similarityThreshold()).isEqualTo(0.7);
        assertThat(c.applyConfidence()).isEqualTo(0.8);
        assertThat(c.storeConfidence()).isEqualTo(0.5);
        assertThat(c.mergeCosine()).isEqualTo(0.95);
        assertThat(c.maxPatterns()).isEqualTo(10_000);
        assertThat(c.maxClusters()).isEqualTo(100);
        assertThat(c.ivfThreshold()).isEqualTo(1000);
        assertThat(c.ivfProbes()).isEqualTo(4);
        assertThat(c.kmeansMaxIterations()).isEqualTo(100);
        assertThat(c.kmeansTolerance()).isEqualTo(1e-3);
        assertThat(c.ucbExploration()).isEqualTo(1.414);
        assertThat(c.epsilon()).isEqualTo(0.1);
        assertThat(c.qualityEmaAlpha()).isEqualTo(0.05);
        assertThat(c.qualityFunction()).isEqualTo(QualityFunction.EXECUTION_AND_IMPROVEMENT);
        assertThat(c.mechanisms()).hasSize(7).first().isEqualTo(Mechanism.TOPOLOGICAL);
        assertThat(c.defaultMechanism()).isEqualTo(Mechanism.TOPOLOGICAL);
        assertThat(c.backgroundInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(c.toBuilder().build()).isEqualTo(c);
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                bad("dimension", b -> b.dimension(0)),
                bad("bufferCapacity", b -> b.bufferCapacity(0)),
                bad("loraRank", b -> b.loraRank(17)),
                bad("loraScale", b -> b.loraScale(0)),
                bad("learningRate", b -> b.learningRate(Double.NaN)),
                bad("updateBatchSize", b -> b.updateBatchSize(0)),
                bad("ewcLambda", b -> b.ewcLambda(99)),
                bad("ewcLambda", b -> b.ewcLambda(15_001)),
                bad("ewcGamma", b -> b.ewcGamma(1)),
                bad("maxTasks", b -> b.maxTasks(0)),
                bad("boundaryZ", b -> b.boundaryZ(-1)),
                bad("boundaryMinTrajectories", b -> b.boundaryMinTrajectories(0)),
                bad("minTrajectories", b -> b.minTrajectories(0)),
                bad("minQuality", b -> b.minQuality(1.5)),
                bad("searchK", b -> b.searchK(0)),
                bad("similarityThreshold", b -> b.similarityThreshold(2)),
                bad("applyConfidence", b -> b.applyConfidence(-0.1)),
                bad("storeConfidence", b -> b.storeConfidence(Double.NaN)),
                bad("mergeCosine", b -> b.mergeCosine(-2)),
                bad("maxPatterns", b -> b.maxPatterns(0)),
                bad("maxClusters", b -> b.maxClusters(0)),
                bad("ivfThreshold", b -> b.ivfThreshold(0)),
                bad("ivfProbes", b -> b.ivfProbes(0)),
                bad("kmeansMaxIterations", b -> b.kmeansMaxIterations(0)),
                bad("kmeansTolerance", b -> b.kmeansTolerance(-1)),
                bad("ucbExploration", b -> b.ucbExploration(Double.POSITIVE_INFINITY)),
                bad("epsilon", b -> b.epsilon(1.1)),
                bad("qualityEmaAlpha", b -> b.qualityEmaAlpha(0)),
                bad("mechanisms", b -> b.mechanisms(List.of())),
                bad("mechanisms", b -> b.mechanisms(List.of(Mechanism.TOPOLOGICAL, Mechanism.TOPOLOGICAL))),
                bad("defaultMechanism", b -> b.mechanisms(List.of(Mechanism.CAUSAL_CONE))),
                bad("maxBanditContexts", b -> b.maxBanditContexts(0)),
                bad("backgroundInterval", b -> b.backgroundInterval(Duration.ZERO)));
    }

    private static Arguments bad(String field, UnaryOperator<SonaConfig.Builder> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void badFieldIsNamed(String field, UnaryOperator<SonaConfig.Builder> change) {
        assertThatThrownBy(() -> change.apply(SonaConfig.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SonaConfig." + field);
    }

    @Test
    void engineNeedsThePlanVectorDimension() {
        assertThatThrownBy(() ->
                        DagSonaEngine.create(SonaConfig.builder().dimension(8).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SonaConfig.dimension")
                .hasMessageContaining("256");
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose
    void nullReferenceIsRejected() {
        assertThatThrownBy(() -> SonaConfig.builder().clock(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("SonaConfig.clock");
    }
}
