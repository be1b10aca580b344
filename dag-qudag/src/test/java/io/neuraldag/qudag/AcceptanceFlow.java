package io.neuraldag.qudag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The M6 acceptance code of the issue, verbatim inside {@link #run}, plus a fake reasoning bank. */
final class AcceptanceFlow {
    /** Stands in for the reasoning bank of dag-sona: keyed by pattern id. */
    static final class FakeBank implements PatternSink {
        final Map<String, SyncedPattern> patterns = new LinkedHashMap<>();

        @Override
        public void importPattern(SyncedPattern p) {
            patterns.put(p.id(), p);
        }
    }

    record Outcome(String proposalId, long balanceBefore, List<String> importedIds) {}

    private AcceptanceFlow() {}

    static float[] vector(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[256];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    static Outcome run(
            QuDagTransport transport, NodeIdentity identity, long vectorSeed, FakeBank reasoningBank, long sinceRound) {
        float[] patternVector = vector(vectorSeed);
        Map<String, String> metadata = Map.of("source", "acceptance", "seed", Long.toString(vectorSeed));
        String id;
        long bal;
        // ---- verbatim M6 acceptance (issue 9) ----
        try (QuDagClient client = QuDagClient.connect(transport, identity)) {
            assertTrue(client.isConnected());
            PatternProposal proposal = PatternProposal.of(patternVector, metadata, PrivacyParams.gaussian(1.0, 1e-5));
            String proposalId = client.proposePattern(proposal).join();
            ConsensusStatus status =
                    client.awaitConsensus(proposalId, Duration.ofSeconds(10)).join();
            assertEquals(ConsensusStatus.FINALIZED, status);
            for (SyncedPattern p : client.syncPatterns(sinceRound).join()) {
                reasoningBank.importPattern(p);
            }
            long balance = client.balance().join();
            client.stake(100).join();
            client.claimRewards().join();
            // ---- end of the verbatim part ----
            id = proposalId;
            bal = balance;
        }
        return new Outcome(id, bal, List.copyOf(reasoningBank.patterns.keySet()));
    }
}
