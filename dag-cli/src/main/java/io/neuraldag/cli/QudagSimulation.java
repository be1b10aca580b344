package io.neuraldag.cli;

import io.neuraldag.postgres.ReasoningBankSink;
import io.neuraldag.qudag.ConsensusStatus;
import io.neuraldag.qudag.InMemoryNetwork;
import io.neuraldag.qudag.PatternImporter;
import io.neuraldag.qudag.PatternProposal;
import io.neuraldag.qudag.PrivacyParams;
import io.neuraldag.qudag.ProposalState;
import io.neuraldag.qudag.QuDagClient;
import io.neuraldag.qudag.QudagConfig;
import io.neuraldag.qudag.SnowballParams;
import io.neuraldag.qudag.SyncedPattern;
import io.neuraldag.sona.DagReasoningBank;
import io.neuraldag.sona.SonaConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/*
 * One run of "neural-dag qudag simulate": a seeded InMemoryNetwork of n nodes whose last f nodes are
 * Byzantine, two proposals from honest nodes (a valid pattern of 500 members with quality 0.9 from
 * node 0, a low-quality one, quality 0.0, from node 1 or node 0 when it is the only honest node),
 * Snowball rounds until every honest node that knows a proposal has decided it or the round bound is
 * reached, then a sync of every honest node into its own SONA reasoning bank through
 * ReasoningBankSink. Everything that varies is derived from the seed (identities, sampling, loss,
 * latency, differential-privacy noise), so equal parameters give equal results.
 *
 * Safety holds when, for each proposal, all honest nodes that decided it decided the same way;
 * validity when no honest node finalized the low-quality proposal or rejected the valid one.
 */
final class QudagSimulation {
    /** Members behind each proposed centroid (keeps the DP noise well below the signal). */
    static final int MEMBERS = 500;

    private static final List<InMemoryNetwork.Byzantine> MIXED_ORDER = List.of(
            InMemoryNetwork.Byzantine.FLIP,
            InMemoryNetwork.Byzantine.EQUIVOCATE,
            InMemoryNetwork.Byzantine.FORGE,
            InMemoryNetwork.Byzantine.REPLAY);

    /** How the Byzantine nodes misbehave. */
    enum Behavior {
        MIXED,
        FLIP,
        EQUIVOCATE,
        FORGE,
        REPLAY;

        /* The behaviour of the i-th Byzantine node; MIXED cycles flip, equivocate, forge, replay. */
        InMemoryNetwork.Byzantine forNode(int i) {
            return switch (this) {
                case MIXED -> MIXED_ORDER.get(i % MIXED_ORDER.size());
                case FLIP -> InMemoryNetwork.Byzantine.FLIP;
                case EQUIVOCATE -> InMemoryNetwork.Byzantine.EQUIVOCATE;
                case FORGE -> InMemoryNetwork.Byzantine.FORGE;
                case REPLAY -> InMemoryNetwork.Byzantine.REPLAY;
            };
        }
    }

    /** Validated parameters of a run. */
    record Params(
            int nodes,
            int byzantine,
            Behavior behavior,
            double drop,
            long seed,
            String preset,
            SnowballParams snowball,
            int maxRounds,
            int minValidators) {

        /** Whether f < n/3, the bound under which Snowball's safety argument holds. */
        boolean safetyGuaranteed() {
            return 3L * byzantine < nodes;
        }

        /** Distinct validators as the network applies them (capped at the honest peers under f < n/3). */
        int effectiveMinValidators() {
            return QudagConfig.builder().minValidators(minValidators).build().minValidatorsFor(nodes);
        }

        /** Snowball parameters as the network applies them (k capped at n − 1). */
        SnowballParams effective() {
            return snowball.forNetworkSize(nodes);
        }
    }

    /** The outcome of one proposal over the honest nodes. */
    record ProposalOutcome(
            String name,
            int proposer,
            ConsensusStatus expected,
            int finalized,
            int rejected,
            int undecided,
            long firstDecisionRound,
            long lastDecisionRound,
            boolean agreed) {}

    /** The outcome of a run. */
    record Result(
            Params params,
            Map<Integer, InMemoryNetwork.Byzantine> byzantineNodes,
            int roundsRun,
            long roundsToFinality,
            long sent,
            long delivered,
            long dropped,
            List<ProposalOutcome> proposals,
            boolean safetyHeld,
            boolean validityHeld,
            int byzantineFlagged,
            int honestFlagged,
            int honestNodes,
            int banksSynced,
            int banksFound) {

        /*
         * The probability that one poll of k peers gets at least alpha answers when each query and
         * each answer is lost with the drop probability and an unanswered poll is retried up to
         * maxRetries times: P(Binomial(k, q) ≥ alpha) with q = 1 − (1 − (1 − drop)²)^(maxRetries + 1).
         * An upper bound on a successful Snowball round, before any Byzantine answer is counted.
         */
        double pollSuccess() {
            SnowballParams s = params.effective();
            double once = (1 - params.drop()) * (1 - params.drop());
            double q = 1 - Math.pow(1 - once, s.maxRetries() + 1);
            double sum = 0;
            for (int j = s.alpha(); j <= s.k(); j++) {
                sum += binomial(s.k(), j) * Math.pow(q, j) * Math.pow(1 - q, s.k() - j);
            }
            return Math.min(1, sum);
        }

        private static double binomial(int n, int k) {
            double c = 1;
            for (int i = 1; i <= k; i++) {
                c = c * (n - k + i) / i;
            }
            return c;
        }

        /** Virtual time to finality, or −1 if some honest node is still undecided. */
        long virtualMillisToFinality() {
            return roundsToFinality < 0
                    ? -1
                    : roundsToFinality * params.effective().roundTimeout().toMillis();
        }
    }

    private QudagSimulation() {}

    static Result run(Params p) {
        Map<Integer, InMemoryNetwork.Byzantine> byz = new TreeMap<>();
        for (int i = 0; i < p.byzantine(); i++) {
            byz.put(p.nodes() - 1 - i, p.behavior().forNode(i));
        }
        QudagConfig q = QudagConfig.builder()
                .snowball(p.snowball())
                .minValidators(p.minValidators())
                .build();
        InMemoryNetwork.Config cfg = InMemoryNetwork.Config.of(p.nodes(), p.seed())
                .withQudag(q)
                .withDropRate(p.drop())
                .withByzantine(byz);
        try (InMemoryNetwork net = InMemoryNetwork.create(cfg)) {
            int honest = p.nodes() - p.byzantine();
            int lowProposer = Math.min(1, honest - 1);
            float[] valid = vector(p.seed());
            QuDagClient first = QuDagClient.connect(net.transport(0), net.identity(0));
            QuDagClient second = lowProposer == 0
                    ? first
                    : QuDagClient.connect(net.transport(lowProposer), net.identity(lowProposer));
            String validId = first.proposePattern(PatternProposal.of(
                            valid, MEMBERS, 0.9, Map.of("simulation", "valid"), PrivacyParams.defaults()))
                    .join();
            String lowId = second.proposePattern(PatternProposal.of(
                            vector(~p.seed()),
                            MEMBERS,
                            0.0,
                            Map.of("simulation", "low-quality"),
                            PrivacyParams.defaults()))
                    .join();
            int roundsRun = net.runUntilQuiet(p.maxRounds());

            List<ProposalOutcome> outcomes = List.of(
                    outcome(net, "valid", 0, validId, ConsensusStatus.FINALIZED),
                    outcome(net, "low-quality", lowProposer, lowId, ConsensusStatus.REJECTED));
            boolean safe = true;
            boolean validity = true;
            boolean allDecided = true;
            long last = 0;
            for (ProposalOutcome o : outcomes) {
                safe &= o.agreed();
                validity &= o.expected() == ConsensusStatus.FINALIZED ? o.rejected() == 0 : o.finalized() == 0;
                allDecided &= o.undecided() == 0;
                last = Math.max(last, o.lastDecisionRound());
            }

            Set<String> byzantineIds = new HashSet<>();
            for (int i : byz.keySet()) {
                byzantineIds.add(net.identity(i).nodeId());
            }
            Set<String> flagged = new HashSet<>();
            for (int i = 0; i < p.nodes(); i++) {
                if (!net.isByzantine(i)) {
                    flagged.addAll(net.flaggedByzantine(i));
                }
            }
            int byzantineFlagged = 0;
            for (String id : flagged) {
                if (byzantineIds.contains(id)) {
                    byzantineFlagged++;
                }
            }

            double[] query = toDoubles(valid);
            int synced = 0;
            int found = 0;
            for (int i = 0; i < p.nodes(); i++) {
                if (net.isByzantine(i)) {
                    continue;
                }
                DagReasoningBank bank = DagReasoningBank.create(SonaConfig.defaults());
                ReasoningBankSink sink = ReasoningBankSink.create(bank);
                QuDagClient client = QuDagClient.connect(net.transport(i), net.identity(i));
                List<SyncedPattern> patterns = client.syncPatterns(0).join();
                PatternImporter.create(sink).importAll(patterns);
                String syncedId = validId + "#0";
                if (sink.bankId(syncedId).isPresent()) {
                    synced++;
                    long bankId = sink.bankId(syncedId).orElseThrow();
                    if (bank.querySimilar(query, 1).stream().anyMatch(x -> x.id() == bankId)) {
                        found++;
                    }
                }
            }

            InMemoryNetwork.Stats stats = net.stats();
            return new Result(
                    p,
                    Map.copyOf(byz),
                    roundsRun,
                    allDecided ? last : -1,
                    stats.sent(),
                    stats.delivered(),
                    stats.lost(),
                    outcomes,
                    safe,
                    validity,
                    byzantineFlagged,
                    flagged.size() - byzantineFlagged,
                    honest,
                    synced,
                    found);
        }
    }

    private static ProposalOutcome outcome(
            InMemoryNetwork net, String name, int proposer, String id, ConsensusStatus expected) {
        int finalized = 0;
        int rejected = 0;
        int undecided = 0;
        long firstRound = -1;
        long lastRound = -1;
        @Nullable ConsensusStatus decided = null;
        boolean agreed = true;
        for (int i = 0; i < net.size(); i++) {
            if (net.isByzantine(i)) {
                continue;
            }
            if (!net.knows(i, id)) {
                undecided++;
                continue;
            }
            ProposalState s = net.state(i, id);
            if (!s.status().isFinal()) {
                undecided++;
                continue;
            }
            if (s.status() == ConsensusStatus.FINALIZED) {
                finalized++;
            } else {
                rejected++;
            }
            if (decided != null && decided != s.status()) {
                agreed = false;
            }
            decided = s.status();
            firstRound = firstRound < 0 ? s.finalizedRound() : Math.min(firstRound, s.finalizedRound());
            lastRound = Math.max(lastRound, s.finalizedRound());
        }
        return new ProposalOutcome(
                name, proposer, expected, finalized, rejected, undecided, firstRound, lastRound, agreed);
    }

    /* A seeded 256-dimensional Gaussian direction: the proposed centroid (clipped to norm 1 by DP). */
    static float[] vector(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[SonaConfig.defaults().dimension()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
