package io.neuraldag.qudag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatternImporterTest {
    private static SyncedPattern p(String id, double confidence, long round, float x) {
        return new SyncedPattern(
                id,
                "prop",
                "qudag_x",
                new float[] {x, 1},
                Map.of("k", "v"),
                0.8,
                confidence,
                10,
                AttentionType.AUTO,
                round);
    }

    @Test
    void importsAreIdempotentAndConflictsFollowTheRule() {
        AcceptanceFlow.FakeBank bank = new AcceptanceFlow.FakeBank();
        PatternImporter imp = PatternImporter.create(bank);
        assertThat(imp.importAll(List.of(p("a", 0.9, 5, 1), p("b", 0.9, 5, 1))))
                .isEqualTo(new PatternImporter.ImportStats(2, 2, 0));
        assertThat(imp.importAll(List.of(p("a", 0.9, 5, 1)))).isEqualTo(new PatternImporter.ImportStats(1, 0, 0));
        // lower confidence loses, higher wins, equal confidence: the earlier round wins
        assertThat(imp.importAll(List.of(p("a", 0.5, 1, 2)))).isEqualTo(new PatternImporter.ImportStats(1, 0, 1));
        assertThat(java.util.Objects.requireNonNull(bank.patterns.get("a")).confidence())
                .isEqualTo(0.9);
        assertThat(imp.importAll(List.of(p("a", 0.95, 9, 3)))).isEqualTo(new PatternImporter.ImportStats(1, 1, 1));
        assertThat(java.util.Objects.requireNonNull(bank.patterns.get("a")).confidence())
                .isEqualTo(0.95);
        assertThat(imp.importAll(List.of(p("a", 0.95, 2, 4)))).isEqualTo(new PatternImporter.ImportStats(1, 1, 1));
        assertThat(java.util.Objects.requireNonNull(bank.patterns.get("a")).round())
                .isEqualTo(2);
        assertThat(imp.importAll(List.of(p("a", 0.95, 3, 5)))).isEqualTo(new PatternImporter.ImportStats(1, 0, 1));
        assertThat(imp.size()).isEqualTo(2);
    }

    @Test
    void recordsValidateAndCopy() {
        float[] v = {1, 2};
        SyncedPattern s = new SyncedPattern("i", "p", "n", v, Map.of(), 0.5, 0.5, 10, AttentionType.AUTO, 1);
        v[0] = 9;
        assertThat(s.vector()[0]).isEqualTo(1f);
        assertThat(s)
                .isEqualTo(new SyncedPattern(
                        "i", "p", "n", new float[] {1, 2}, Map.of(), 0.5, 0.5, 10, AttentionType.AUTO, 1));
        assertThat(s.hashCode())
                .isEqualTo(new SyncedPattern(
                                "i", "p", "n", new float[] {1, 2}, Map.of(), 0.5, 0.5, 10, AttentionType.AUTO, 1)
                        .hashCode());
        assertThat(s.toString()).contains("round 1");
        assertThatThrownBy(() ->
                        new SyncedPattern("i", "p", "n", new float[0], Map.of(), 0.5, 0.5, 10, AttentionType.AUTO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SyncedPattern("i", "p", "n", v, Map.of(), 1.5, 0.5, 10, AttentionType.AUTO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(CountBucket.of(9)).isEqualTo(CountBucket.FEW);
        assertThat(CountBucket.of(10)).isEqualTo(CountBucket.SOME);
        assertThat(CountBucket.of(50)).isEqualTo(CountBucket.SOME);
        assertThat(CountBucket.of(51)).isEqualTo(CountBucket.MANY);
        assertThat(CountBucket.of(201)).isEqualTo(CountBucket.LOTS);
        PatternProposal pp = PatternProposal.of(new float[] {1}, Map.of("a", "b"), PrivacyParams.laplace(2));
        assertThat(pp.withStake(5).stakeMicros()).isEqualTo(5);
        assertThat(pp).isEqualTo(PatternProposal.of(new float[] {1}, Map.of("a", "b"), PrivacyParams.laplace(2)));
        assertThat(pp.toString()).contains("n=10");
        assertThatThrownBy(() -> PatternProposal.of(new float[] {Float.NaN}, Map.of(), PrivacyParams.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QudagConfig.builder().minValidators(0).build()).hasMessageContaining("minValidators");
        assertThatThrownBy(() -> QudagConfig.builder().syncLimit(0).build()).hasMessageContaining("syncLimit");
        assertThatThrownBy(() -> QudagConfig.builder().genesisMicros(-1).build())
                .hasMessageContaining("genesis");
    }
}
