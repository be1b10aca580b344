package io.neuraldag.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.neuraldag.attention.AttentionKind;
import io.neuraldag.core.QueryDag;
import io.neuraldag.core.testing.TestDags;
import io.neuraldag.qudag.AttentionType;
import io.neuraldag.qudag.ConsensusStatus;
import io.neuraldag.qudag.InMemoryNetwork;
import io.neuraldag.qudag.PatternImporter;
import io.neuraldag.qudag.PatternProposal;
import io.neuraldag.qudag.PrivacyParams;
import io.neuraldag.qudag.QuDagClient;
import io.neuraldag.qudag.SyncedPattern;
import io.neuraldag.sona.DagReasoningBank;
import io.neuraldag.sona.DagSonaEngine;
import io.neuraldag.sona.Pattern;
import io.neuraldag.sona.PreQueryResult;
import io.neuraldag.sona.SonaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The dag-qudag → dag-sona seam: a plan pattern proposed on one in-memory node, finalized by
 * consensus and synced on another node, is found by that node's reasoning bank and recommended by
 * its SONA engine for the same plan.
 */
class ReasoningBankSinkTest {

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static double cosine(float[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void aPatternProposedOnNodeZeroIsQueryableInNodeThreesReasoningBank() {
        QueryDag plan = TestDags.medium();
        double[] planVector = plan.planVector();
        try (InMemoryNetwork net = InMemoryNetwork.create(InMemoryNetwork.Config.of(7, 11));
                DagSonaEngine sona = DagSonaEngine.create(SonaConfig.defaults())) {
            QuDagClient proposer = QuDagClient.connect(net.transport(0), net.identity(0));
            String id = proposer.proposePattern(new PatternProposal(
                            floats(planVector),
                            500,
                            0.9,
                            AttentionType.CRITICAL_PATH,
                            Map.of("plan", "medium"),
                            PrivacyParams.defaults(),
                            0))
                    .join();
            assertThat(proposer.awaitConsensus(id, Duration.ofSeconds(30)).join())
                    .isEqualTo(ConsensusStatus.FINALIZED);
            net.runUntilQuiet(100);

            QuDagClient other = QuDagClient.connect(net.transport(3), net.identity(3));
            List<SyncedPattern> synced = other.syncPatterns(0).join();
            assertThat(synced).hasSize(1);
            SyncedPattern p = synced.get(0);
            assertThat(p.proposalId()).isEqualTo(id);
            assertThat(p.proposer()).isEqualTo(net.identity(0).nodeId());
            // differential privacy changed the vector, but not its direction much
            assertThat(cosine(p.vector(), planVector)).isGreaterThan(0.7).isLessThan(1.0);

            ReasoningBankSink sink = ReasoningBankSink.create(sona.reasoningBank());
            PatternImporter.ImportStats stats = PatternImporter.create(sink).importAll(synced);
            assertThat(stats.applied()).isEqualTo(1);
            long bankId = sink.bankId(p.id()).orElseThrow();

            List<Pattern> found = sona.reasoningBank().querySimilar(planVector, 1);
            assertThat(found).hasSize(1);
            Pattern q = found.get(0);
            assertThat(q.id()).isEqualTo(bankId);
            assertThat(q.bestMechanism()).isEqualTo(AttentionKind.CRITICAL_PATH);
            assertThat(q.quality()).isCloseTo(p.quality(), within(1e-9));
            assertThat(q.confidence()).isCloseTo(p.confidence(), within(1e-9));
            assertThat(q.sampleCount()).isEqualTo(p.samples());

            // consensus without faults is confident enough for the engine to apply the pattern
            assertThat(p.confidence()).isGreaterThan(0.8);
            PreQueryResult pre = sona.preQuery(plan);
            assertThat(pre).isInstanceOf(PreQueryResult.PatternApplied.class);
            assertThat(((PreQueryResult.PatternApplied) pre).pattern().id()).isEqualTo(bankId);
            assertThat(pre.mechanism()).isEqualTo(AttentionKind.CRITICAL_PATH);
        }
    }

    private static SyncedPattern synced(String id, float[] v, double confidence, AttentionType t, long round) {
        return new SyncedPattern(id, "p", "qudag_x", v, Map.of(), 0.8, confidence, 51, t, round);
    }

    private static float[] direction(int dim, int hot) {
        float[] v = new float[dim];
        v[hot] = 1;
        v[(hot + 1) % dim] = 0.5f;
        return v;
    }

    @Test
    void importingAgainIsIdempotentAndAConflictWinnerMergesIntoTheSamePattern() {
        DagReasoningBank bank = DagReasoningBank.create(SonaConfig.defaults());
        ReasoningBankSink sink = ReasoningBankSink.create(bank);
        PatternImporter importer = PatternImporter.create(sink);
        SyncedPattern first = synced("p#0", direction(256, 3), 0.6, AttentionType.TOPOLOGICAL, 20);
        importer.importAll(List.of(first));
        importer.importAll(List.of(first));
        assertThat(bank.size()).isEqualTo(1);
        assertThat(sink.counts()).isEqualTo(new ReasoningBankSink.Counts(1, 0, 0));

        // the same id reported by another node with a higher confidence wins the conflict
        SyncedPattern winner = synced("p#0", direction(256, 3), 0.9, AttentionType.TOPOLOGICAL, 22);
        assertThat(importer.importAll(List.of(winner)).conflictsResolved()).isEqualTo(1);
        assertThat(bank.size()).isEqualTo(1);
        assertThat(sink.counts()).isEqualTo(new ReasoningBankSink.Counts(1, 1, 0));
        Pattern merged = bank.patterns().get(0);
        assertThat(sink.bankId("p#0")).contains(merged.id());
        // equal sample counts: the merged confidence is the plain mean, samples add up
        assertThat(merged.confidence()).isCloseTo((0.6 + 0.9) / 2, within(1e-9));
        assertThat(merged.sampleCount()).isEqualTo(2 * 51);
    }

    @Test
    void aPatternOfAnotherDimensionIsRejectedAndTheBankIsUnchanged() {
        DagReasoningBank bank = DagReasoningBank.create(SonaConfig.defaults());
        ReasoningBankSink sink = ReasoningBankSink.create(bank);
        long version = bank.version();
        assertThatThrownBy(() -> sink.importPattern(synced("x#0", direction(128, 0), 0.9, AttentionType.AUTO, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension 128")
                .hasMessageContaining("256");
        assertThat(bank.size()).isZero();
        assertThat(bank.version()).isEqualTo(version);
        assertThat(sink.bankId("x#0")).isEqualTo(Optional.empty());
    }

    @Test
    void belowTheStoreConfidenceTheBankRejectsItAndTheSinkCountsIt() {
        DagReasoningBank bank = DagReasoningBank.create(SonaConfig.defaults());
        ReasoningBankSink sink = ReasoningBankSink.create(bank);
        sink.importPattern(synced("low#0", direction(256, 7), 0.2, AttentionType.AUTO, 1));
        assertThat(bank.size()).isZero();
        assertThat(sink.counts()).isEqualTo(new ReasoningBankSink.Counts(0, 0, 1));
        assertThat(sink.bankId("low#0")).isEmpty();
    }

    @Test
    void autoAttentionGivesAnEmptyTallyAndFewSamplesCountAsOne() {
        SyncedPattern auto = new SyncedPattern(
                "a#0", "a", "qudag_x", direction(256, 1), Map.of(), 0.5, 0.9, 0, AttentionType.AUTO, 1);
        var c = ReasoningBankSink.candidate(auto, 256);
        assertThat(c.tally().total()).isZero();
        assertThat(c.sampleCount()).isEqualTo(1);
        assertThat(c.meanMetrics().executionMs()).isZero();
    }

    @ParameterizedTest
    @EnumSource(AttentionType.class)
    void everyAttentionTypeButAutoMapsToTheMechanismOfTheSameName(AttentionType t) {
        @Nullable AttentionKind k = ReasoningBankSink.kindOf(t);
        if (k == null) {
            assertThat(t).isEqualTo(AttentionType.AUTO);
        } else {
            assertThat(k.name()).isEqualTo(t.name());
            var c = ReasoningBankSink.candidate(synced("t#0", direction(256, 2), 0.9, t, 1), 256);
            assertThat(c.tally().count(k)).isEqualTo(51);
            assertThat(c.tally().best(AttentionKind.TOPOLOGICAL)).isEqualTo(k);
        }
    }
}
