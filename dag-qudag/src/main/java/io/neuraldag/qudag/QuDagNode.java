package io.neuraldag.qudag;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/*
 * One node's consensus and sync state, shared by the in-memory network and the loopback cluster.
 *
 * Admission of a proposal (submit, or the first poll that carries it), in order:
 *   open the envelope with the network key (RV008) → decode with limits (RV011) → id = content hash
 *   and envelope proposer = signed proposer (RV006) → timestamp at most 5 min ahead and 10 min old
 *   (RV006) → sequence above the proposer's last (replay, RV006) → known proposer and a valid
 *   ML-DSA signature (RV006) → §3.5 policy: balance ≥ stake, mean quality ≥ 0.3, at most half the
 *   patterns duplicates (cosine ≥ 0.95) of finalized ones → verdict accept/reject.
 * A failed structural check stores nothing. A policy rejection enters consensus with a reject
 * verdict, so the network finalizes REJECTED.
 *
 * Snowball (spec 03 §3.7) per proposal: preference starts at the node's own verdict; each round the
 * network samples k_eff = min(k, peers not excluded) peers, polls them with bounded retransmission
 * (SnowballParams), and hands in the sample and every answer that arrived within the round. Answers
 * that name another proposal, another voter than the channel's sender, or do not verify are dropped
 * and their sender is excluded from later samples; a voter whose validly signed verdict changes is
 * marked Byzantine and slashed (two signatures are the evidence). Each sampled voter counts at most
 * once per round however many of its retransmitted answers arrive. A value with ≥ α_eff =
 * alphaFor(k_eff) answers (a strict majority of the sample) wins the round: its d
 * counter grows, the preference follows the larger d, the consecutive count grows on the same
 * winner and restarts at 1 on another; no winner resets it to 0. The decision is taken when the
 * consecutive count reaches β, the winner is the preference, and the streak's answers came from
 * ≥ minValidators distinct voters not proven Byzantine (QudagConfig#minValidatorsFor caps it for
 * small n). Honest verdicts never change, so votes are signed once per node and proposal.
 *
 * Why the effective sample keeps safety: a decision still needs β consecutive rounds in each of
 * which a strict majority of the distinct sampled voters signed the same value; excluding proven
 * Byzantine peers removes only voters whose answers could not be trusted anyway, and a smaller
 * α_eff stays above half of the smaller sample, so two values can never both win a round and the
 * honest share a Byzantine minority must outvote is unchanged in proportion. Retransmission goes to
 * the same sampled peer, so the sample is fixed before any answer is seen and stays uniform.
 * All state is guarded by `this`.
 */
final class QuDagNode {
    /** Resolves node ids to public identities. */
    interface Directory {
        @Nullable
        PublicIdentity lookup(String nodeId);
    }

    /** Verifies votes; simulations may memoize (verification is a pure function of its bytes). */
    interface VoteVerifier {
        boolean verify(Vote vote, PublicIdentity voter);
    }

    record Answer(String from, Vote vote) {}

    record Certificate(String proposalId, String finalizer, boolean accepted, List<Vote> votes) {}

    static final double MIN_QUALITY = 0.3;
    static final double DUPLICATE_COSINE = 0.95;
    static final double SIMILAR_COSINE = 0.8;

    static final class Instance {
        final SignedProposal proposal;
        final SignedEnvelope envelope;
        final Validation validation;
        final boolean verdict;

        @Nullable
        Vote ownVote;

        boolean preference;
        int dAccept;
        int dReject;
        int lastWinner = -1;
        int consecutive;
        final Map<String, Vote> streak = new TreeMap<>();
        final Map<String, Vote> seen = new HashMap<>();
        int rounds;
        long totalFor;
        long totalAgainst;
        int lastFor;
        int lastAgainst;
        ConsensusStatus status = ConsensusStatus.PENDING;
        long finalRound = -1;
        double finalConfidence;

        Instance(SignedProposal proposal, SignedEnvelope envelope, Validation validation) {
            this.proposal = proposal;
            this.envelope = envelope;
            this.validation = validation;
            this.verdict = validation instanceof Validation.Accepted;
            this.preference = verdict;
        }

        double confidence() {
            long n = totalFor + totalAgainst;
            return n == 0 ? 0 : (double) totalFor / n;
        }
    }

    private final NodeIdentity identity;
    private final NodeIdentity networkKey;
    private final QudagConfig config;
    private final SnowballParams params;
    private final Clock clock;
    private final TokenLedger ledger;
    private final Directory directory;
    private final VoteVerifier verifier;
    private final LinkedHashMap<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Long> lastSequence = new HashMap<>();
    private final Map<String, Long> lastLedgerSequence = new HashMap<>();
    private final List<Instance> finalized = new ArrayList<>();
    private final Set<String> byzantine = new TreeSet<>();
    private final Set<String> excluded = new TreeSet<>();
    private final int minValidators;
    private long round;

    QuDagNode(
            NodeIdentity identity,
            NodeIdentity networkKey,
            QudagConfig config,
            int networkSize,
            Clock clock,
            TokenLedger ledger,
            Directory directory,
            VoteVerifier verifier) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.networkKey = Objects.requireNonNull(networkKey, "networkKey");
        this.config = Objects.requireNonNull(config, "config");
        this.params = config.snowball().forNetworkSize(networkSize);
        this.minValidators = config.minValidatorsFor(networkSize);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    NodeIdentity identity() {
        return identity;
    }

    String nodeId() {
        return identity.nodeId();
    }

    SnowballParams params() {
        return params;
    }

    TokenLedger ledger() {
        return ledger;
    }

    Clock clock() {
        return clock;
    }

    byte[] networkKemKey() {
        return networkKey.publicIdentity().kemPublicKey();
    }

    synchronized void setRound(long r) {
        this.round = Math.max(round, r);
    }

    synchronized long round() {
        return round;
    }

    synchronized Set<String> byzantine() {
        return Set.copyOf(byzantine);
    }

    synchronized boolean isExcluded(String nodeId) {
        return excluded.contains(nodeId);
    }

    // ------------------------------------------------------------------ admission

    synchronized String submit(SignedEnvelope env, String submitter) {
        if (!submitter.equals(env.proposer())) {
            throw QuDagException.auth("proposal of " + env.proposer() + " submitted by " + submitter);
        }
        if (instances.containsKey(env.id())) {
            return env.id();
        }
        return admit(env).proposal.id();
    }

    private Instance admit(SignedEnvelope env) {
        SignedProposal p = SignedProposal.open(networkKey, env);
        long now = clock.millis();
        if (p.timestampMillis() > now + ProposalLimits.MAX_FUTURE_MILLIS) {
            throw QuDagException.auth("timestamp more than 5 min in the future");
        }
        if (p.timestampMillis() < now - ProposalLimits.MAX_AGE_MILLIS) {
            throw QuDagException.auth("timestamp more than 10 min old");
        }
        Long last = lastSequence.get(p.proposer());
        if (last != null && p.sequence() <= last) {
            throw QuDagException.auth("replayed sequence " + p.sequence() + " (last " + last + ")");
        }
        PublicIdentity who = directory.lookup(p.proposer());
        if (who == null) {
            throw QuDagException.auth("unknown proposer " + p.proposer());
        }
        if (!p.verify(who.dsaKeyRef())) {
            throw QuDagException.auth("proposal signature does not verify for " + p.proposer());
        }
        Validation v = validatePolicy(p);
        lastSequence.put(p.proposer(), p.sequence());
        Instance inst = new Instance(p, env, v);
        instances.put(p.id(), inst);
        return inst;
    }

    private Validation validatePolicy(SignedProposal p) {
        String me = identity.nodeId();
        long balance = ledger.balance(p.proposer());
        if (balance < p.stakeMicros()) {
            return new Validation.Rejected("balance " + balance + " below stake " + p.stakeMicros(), me);
        }
        double q = p.meanQuality();
        if (q < MIN_QUALITY) {
            return new Validation.Rejected("mean quality " + q + " below 0.3", me);
        }
        int duplicates = 0;
        double bestSimilar = -1;
        for (NoisyPattern np : p.patterns()) {
            boolean dup = false;
            for (Instance f : finalized) {
                for (NoisyPattern fp : f.proposal.patterns()) {
                    double c = cosine(np.centroidRef(), fp.centroidRef());
                    if (c >= DUPLICATE_COSINE) {
                        dup = true;
                    }
                    if (c >= SIMILAR_COSINE) {
                        bestSimilar = Math.max(bestSimilar, fp.quality());
                    }
                }
            }
            if (dup) {
                duplicates++;
            }
        }
        if (2 * duplicates > p.patterns().size()) {
            return new Validation.Rejected(duplicates + " of " + p.patterns().size() + " patterns are duplicates", me);
        }
        double improvement = bestSimilar < 0 ? 0 : Math.max(0, q - bestSimilar);
        return new Validation.Accepted(q, improvement, me);
    }

    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            return 0;
        }
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    // ------------------------------------------------------------------ polling

    /** Answers a poll; validates the carried envelope first if the proposal is new. Null: no vote. */
    synchronized @Nullable Vote answerPoll(SignedEnvelope env) {
        Instance inst = instances.get(env.id());
        if (inst == null) {
            try {
                inst = admit(env);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return ownVote(inst);
    }

    synchronized @Nullable Vote ownVote(String proposalId) {
        Instance inst = instances.get(proposalId);
        return inst == null ? null : ownVote(inst);
    }

    synchronized boolean verdict(String proposalId) {
        Instance inst = instances.get(proposalId);
        return inst != null && inst.verdict;
    }

    private Vote ownVote(Instance inst) {
        Vote v = inst.ownVote;
        if (v == null) {
            v = Vote.sign(identity, inst.proposal.id(), inst.verdict);
            inst.ownVote = v;
        }
        return v;
    }

    /** Undecided proposals, in admission order. */
    synchronized List<SignedEnvelope> undecided() {
        List<SignedEnvelope> out = new ArrayList<>();
        for (Instance i : instances.values()) {
            if (!i.status.isFinal()) {
                out.add(i.envelope);
            }
        }
        return out;
    }

    /** Peers one round samples when {@code available} candidates remain: k_eff = min(k, available). */
    int sampleSize(int available) {
        return Math.max(0, Math.min(params.k(), available));
    }

    /** The distinct validators a decision needs in this network (QudagConfig#minValidatorsFor). */
    int minValidators() {
        return minValidators;
    }

    /**
     * Applies one round: {@code sampled} are the peers polled this round (k_eff of them, distinct),
     * {@code answers} every answer that arrived within the round, retransmissions included, in
     * arrival order. Returns a certificate when this round decided the proposal.
     *
     * Pass 1 validates each answer and records its vote: an answer from a peer outside the sample is
     * ignored; one naming another proposal or another voter than its sender, or not verifying,
     * excludes the sender; a validly signed verdict that differs from one seen earlier (in this round
     * or before) marks the voter Byzantine. Pass 2 counts each sampled voter at most once (first
     * valid answer), skipping voters marked Byzantine in pass 1, so a retransmission can recover a
     * lost answer but never adds a vote. A value wins the round with ≥ α_eff = alphaFor(k_eff)
     * counted answers, a strict majority of the sample, so at most one value can win.
     */
    synchronized @Nullable Certificate applyRound(String proposalId, List<String> sampled, List<Answer> answers) {
        Instance inst = instances.get(proposalId);
        if (inst == null || inst.status.isFinal()) {
            return null;
        }
        Set<String> sample = new TreeSet<>(sampled);
        Map<String, Vote> counted = new TreeMap<>();
        for (Answer a : answers) {
            Vote v = a.vote();
            if (!sample.contains(a.from()) || excluded.contains(a.from())) {
                continue;
            }
            if (!v.proposalId().equals(proposalId) || !v.voter().equals(a.from())) {
                excluded.add(a.from());
                continue;
            }
            PublicIdentity voter = directory.lookup(v.voter());
            if (voter == null || !verifier.verify(v, voter)) {
                excluded.add(a.from());
                continue;
            }
            if (recordVote(inst, v)) {
                counted.putIfAbsent(v.voter(), v);
            }
        }
        counted.keySet().removeIf(byzantine::contains);
        int forCount = 0;
        int againstCount = 0;
        for (Vote v : counted.values()) {
            if (v.accept()) {
                forCount++;
            } else {
                againstCount++;
            }
        }
        int alphaEff = sample.isEmpty() ? Integer.MAX_VALUE : params.alphaFor(Math.min(sample.size(), params.k()));
        inst.rounds++;
        inst.lastFor = forCount;
        inst.lastAgainst = againstCount;
        inst.totalFor += forCount;
        inst.totalAgainst += againstCount;
        int winner = forCount >= alphaEff ? 1 : againstCount >= alphaEff ? 0 : -1;
        if (winner >= 0) {
            if (winner == 1) {
                inst.dAccept++;
            } else {
                inst.dReject++;
            }
            if (inst.dAccept > inst.dReject) {
                inst.preference = true;
            } else if (inst.dReject > inst.dAccept) {
                inst.preference = false;
            }
            if (winner == inst.lastWinner) {
                inst.consecutive++;
            } else {
                inst.consecutive = 1;
                inst.streak.clear();
                inst.lastWinner = winner;
            }
            for (Vote v : counted.values()) {
                if (v.accept() == (winner == 1)) {
                    inst.streak.put(v.voter(), v);
                }
            }
        } else {
            inst.consecutive = 0;
            inst.lastWinner = -1;
            inst.streak.clear();
        }
        inst.streak.keySet().removeIf(byzantine::contains);
        boolean win = winner == 1;
        if (winner >= 0
                && inst.consecutive >= params.beta()
                && inst.preference == win
                && inst.streak.size() >= minValidators) {
            return decide(inst, win);
        }
        inst.status = inst.rounds >= params.maxRounds() ? ConsensusStatus.UNDECIDED : ConsensusStatus.VOTING;
        return null;
    }

    /** Records a voter's verdict; false (and the voter marked Byzantine) if it contradicts an earlier one. */
    private boolean recordVote(Instance inst, Vote v) {
        if (byzantine.contains(v.voter())) {
            return false;
        }
        Vote first = inst.seen.putIfAbsent(v.voter(), v);
        if (first != null && first.accept() != v.accept()) {
            markByzantine(v.voter(), inst.proposal.id());
            return false;
        }
        return true;
    }

    private void markByzantine(String voter, String evidenceKey) {
        byzantine.add(voter);
        excluded.add(voter);
        ledger.slash(voter, "equivocation:" + evidenceKey);
    }

    private Certificate decide(Instance inst, boolean accepted) {
        inst.status = accepted ? ConsensusStatus.FINALIZED : ConsensusStatus.REJECTED;
        inst.finalRound = round;
        inst.finalConfidence = inst.confidence();
        List<Vote> votes = List.copyOf(inst.streak.values());
        List<String> validators = new ArrayList<>(inst.streak.keySet());
        double quality = inst.proposal.meanQuality();
        double gain = inst.validation instanceof Validation.Accepted a ? a.improvementEstimate() * 100 : 0;
        if (accepted) {
            finalized.add(inst);
        }
        ledger.recordOutcome(inst.proposal.id(), inst.proposal.proposer(), accepted, quality, gain, validators);
        return new Certificate(inst.proposal.id(), identity.nodeId(), accepted, votes);
    }

    /** Cross-checks another node's certificate against the votes this node has seen. */
    synchronized void receiveCertificate(Certificate c) {
        Instance inst = instances.get(c.proposalId());
        if (inst == null) {
            return;
        }
        for (Vote v : c.votes()) {
            if (!v.proposalId().equals(c.proposalId()) || byzantine.contains(v.voter())) {
                continue;
            }
            PublicIdentity voter = directory.lookup(v.voter());
            if (voter == null || !verifier.verify(v, voter)) {
                continue;
            }
            Vote mine = inst.ownVote;
            if (mine != null && mine.voter().equals(v.voter())) {
                continue;
            }
            recordVote(inst, v);
        }
    }

    // ------------------------------------------------------------------ queries

    synchronized ProposalState state(String proposalId) {
        Instance i = instances.get(proposalId);
        if (i == null) {
            throw QuDagException.invalid("unknown proposal " + proposalId);
        }
        return new ProposalState(
                proposalId,
                i.status,
                i.lastFor,
                i.lastAgainst,
                i.rounds,
                i.finalRound,
                i.status.isFinal() ? i.finalConfidence : i.confidence(),
                i.streak.size());
    }

    synchronized boolean knows(String proposalId) {
        return instances.containsKey(proposalId);
    }

    synchronized Validation validation(String proposalId) {
        Instance i = instances.get(proposalId);
        if (i == null) {
            throw QuDagException.invalid("unknown proposal " + proposalId);
        }
        return i.validation;
    }

    synchronized List<SyncedPattern> fetchFinalized(long sinceRound, int limit) {
        if (limit < 1) {
            throw QuDagException.invalid("limit must be >= 1, got " + limit);
        }
        int cap = Math.min(limit, config.syncLimit());
        List<SyncedPattern> out = new ArrayList<>();
        for (Instance f : finalized) {
            if (f.finalRound < sinceRound) {
                continue;
            }
            List<NoisyPattern> ps = f.proposal.patterns();
            for (int k = 0; k < ps.size() && out.size() < cap; k++) {
                NoisyPattern np = ps.get(k);
                out.add(new SyncedPattern(
                        f.proposal.id() + "#" + k,
                        f.proposal.id(),
                        f.proposal.proposer(),
                        np.centroidRef(),
                        f.proposal.metadata(),
                        np.quality(),
                        f.finalConfidence,
                        SyncedPattern.samplesOf(np.bucket()),
                        np.attention(),
                        f.finalRound));
            }
        }
        return out;
    }

    synchronized int finalizedCount() {
        return finalized.size();
    }

    // ------------------------------------------------------------------ ledger

    synchronized Map<String, Object> ledger(LedgerRequest r, String submitter) {
        if (!submitter.equals(r.account())) {
            throw QuDagException.auth("ledger request of " + r.account() + " submitted by " + submitter);
        }
        PublicIdentity who = directory.lookup(r.account());
        if (who == null || !r.verify(who.dsaKeyRef())) {
            throw QuDagException.auth("ledger request signature does not verify for " + r.account());
        }
        long now = clock.millis();
        if (r.timestampMillis() > now + ProposalLimits.MAX_FUTURE_MILLIS
                || r.timestampMillis() < now - ProposalLimits.MAX_AGE_MILLIS) {
            throw QuDagException.auth("ledger request timestamp outside the window");
        }
        Long last = lastLedgerSequence.get(r.account());
        if (last != null && r.sequence() <= last) {
            throw QuDagException.auth("replayed ledger request, sequence " + r.sequence());
        }
        Map<String, Object> out = executeLedger(r);
        lastLedgerSequence.put(r.account(), r.sequence());
        return out;
    }

    private Map<String, Object> executeLedger(LedgerRequest r) {
        String a = r.account();
        Map<String, Object> p = r.params();
        Map<String, Object> out = new TreeMap<>();
        switch (r.kind()) {
            case BALANCE -> out.put("balance", ledger.balance(a));
            case STAKE -> {
                TokenLedger.StakeReceipt s = ledger.stake(a, longParam(p, "amount"), (int) longParam(p, "lock_days"));
                out.put("new_stake", s.stakedMicros());
                out.put("tx_hash", s.txHash());
            }
            case UNSTAKE -> out.put("amount", ledger.unstake(a));
            case CLAIM -> {
                TokenLedger.ClaimReceipt c = ledger.claimRewards(a);
                out.put("amount", c.amountMicros());
                out.put("tx_hash", c.txHash());
                out.put("source", c.source());
            }
            case STAKING_INFO -> {
                TokenLedger.StakingInfo s = ledger.stakingInfo(a);
                out.put("staked", s.stakedMicros());
                out.put("pending", s.pendingMicros());
                out.put("lock_until", s.lockUntil().toEpochMilli());
                out.put("apr_ppm", Math.round(s.aprEstimate() * 1e6));
            }
            case GOVERNANCE_CREATE ->
                out.put(
                        "id",
                        ledger.createGovernance(
                                a,
                                TokenLedger.GovernanceType.valueOf(stringParam(p, "type")),
                                stringParam(p, "description")));
            case GOVERNANCE_VOTE -> {
                ledger.voteGovernance(
                        stringParam(p, "id"),
                        a,
                        TokenLedger.Choice.valueOf(stringParam(p, "choice")),
                        longParam(p, "weight"));
                out.put("ok", true);
            }
            case GOVERNANCE_TALLY -> tally(out, ledger.tally(stringParam(p, "id")));
            case GOVERNANCE_FINALIZE -> tally(out, ledger.finalizeGovernance(stringParam(p, "id")));
        }
        return out;
    }

    private static void tally(Map<String, Object> out, TokenLedger.Tally t) {
        out.put("for", t.forMicros());
        out.put("against", t.againstMicros());
        out.put("abstain", t.abstainMicros());
        out.put("participation_ppm", Math.round(t.participation() * 1e6));
        out.put("approval_ppm", Math.round(t.approval() * 1e6));
        out.put("quorum_reached", t.quorumReached());
        out.put("passes", t.passes());
        out.put("status", t.status().name());
    }

    static long longParam(Map<String, Object> p, String name) {
        if (!(p.get(name) instanceof Long l)) {
            throw QuDagException.invalid("parameter " + name + " must be an integer");
        }
        return l;
    }

    static String stringParam(Map<String, Object> p, String name) {
        if (!(p.get(name) instanceof String s)) {
            throw QuDagException.invalid("parameter " + name + " must be a string");
        }
        return s;
    }
}
