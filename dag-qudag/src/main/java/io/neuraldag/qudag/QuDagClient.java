package io.neuraldag.qudag;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A node's handle on the pattern-sharing network (spec 03 §3.1): propose patterns with
 * differential privacy, follow consensus, sync finalized patterns, and use the token ledger.
 *
 * {@snippet :
 * try (QuDagClient client = QuDagClient.connect(transport, identity)) {
 *     PatternProposal proposal = PatternProposal.of(vector, metadata, PrivacyParams.gaussian(1.0, 1e-5));
 *     String id = client.proposePattern(proposal).join();
 *     ConsensusStatus status = client.awaitConsensus(id, Duration.ofSeconds(10)).join();
 *     for (SyncedPattern p : client.syncPatterns(0).join()) {
 *         bank.importPattern(p);
 *     }
 * }
 * }
 *
 * <p>{@link #proposePattern} clips the centroid to norm C, adds Gaussian or Laplace noise
 * calibrated to 2C/n, noises the quality (ε 0.1), charges ε + 0.1 to the {@link
 * PrivacyAccountant} (ε ≤ 10 per 24 h; a refused release is never sent), signs with ML-DSA-65 and
 * seals to the network's ML-KEM-768 key. Token amounts in the API are whole rUv where the
 * parameter says so and micro-rUv elsewhere. While disconnected, every call fails with RV005.
 * Thread-safe.
 */
public final class QuDagClient implements AutoCloseable {
    private final QuDagTransport transport;
    private final NodeIdentity identity;
    private final PrivacyAccountant accountant;
    private final RandomGenerator noise;
    private final SecureRandom sealRandom = new SecureRandom();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong ledgerSequence = new AtomicLong();
    private final AtomicLong maxSyncedRound = new AtomicLong(-1);
    private volatile boolean connected;
    private volatile byte[] networkKey = new byte[0];

    private QuDagClient(QuDagTransport transport, NodeIdentity identity) {
        this.transport = transport;
        this.identity = identity;
        this.accountant = PrivacyAccountant.create(transport.clock());
        this.noise = transport.noiseSource();
    }

    /**
     * Connects: fetches the node's status and the network key. On a local-only or unreachable
     * transport the client is created disconnected and its calls fail with RV005.
     *
     * @param transport the transport
     * @param identity the identity proposals and ledger operations are signed with
     * @return the client
     */
    public static QuDagClient connect(QuDagTransport transport, NodeIdentity identity) {
        QuDagClient c = new QuDagClient(
                Objects.requireNonNull(transport, "transport"), Objects.requireNonNull(identity, "identity"));
        if (transport.isConnected()) {
            try {
                NodeStatus s = transport.status().join();
                c.networkKey = s.networkKemKey();
                c.connected = s.connected();
            } catch (RuntimeException e) {
                c.connected = false;
            }
        }
        return c;
    }

    /**
     * Whether the client is connected.
     *
     * @return connected
     */
    public boolean isConnected() {
        return connected && transport.isConnected();
    }

    /**
     * The client's identity.
     *
     * @return the node id
     */
    public String nodeId() {
        return identity.nodeId();
    }

    /**
     * The privacy accountant of this client's releases.
     *
     * @return the accountant
     */
    public PrivacyAccountant privacyAccountant() {
        return accountant;
    }

    private <T> CompletableFuture<T> guard(java.util.function.Supplier<CompletableFuture<T>> call) {
        if (!isConnected()) {
            return CompletableFuture.failedFuture(QuDagException.disconnected("client is not connected"));
        }
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The node's status.
     *
     * @return the status
     */
    public CompletableFuture<NodeStatus> status() {
        return guard(transport::status);
    }

    /**
     * Privatizes, signs, seals and submits a proposal.
     *
     * @param proposal the proposal
     * @return the proposal id; fails with RV011 when the privacy budget would be exceeded (nothing is
     *     charged or sent)
     */
    public CompletableFuture<String> proposePattern(PatternProposal proposal) {
        Objects.requireNonNull(proposal, "proposal");
        return guard(() -> transport.submit(seal(proposal)));
    }

    /**
     * Privatizes, signs and seals a proposal without submitting it (for inspection or resubmission).
     *
     * @param proposal the proposal
     * @return the envelope
     * @throws QuDagException RV011 if the privacy budget would be exceeded
     */
    public SignedEnvelope seal(PatternProposal proposal) {
        if (networkKey.length == 0) {
            throw QuDagException.disconnected("no network key: client is not connected");
        }
        double eps = DifferentialPrivacy.epsilonOfRelease(proposal.privacy());
        float[] noisy;
        int q;
        synchronized (noise) {
            noisy = DifferentialPrivacy.release(proposal.vector(), proposal.memberCount(), proposal.privacy(), noise);
            q = DifferentialPrivacy.noisyQualityTenths(proposal.quality(), proposal.memberCount(), noise);
        }
        if (!accountant.tryCharge(eps)) {
            throw QuDagException.invalid(
                    "privacy budget exhausted: " + accountant.remaining() + " of epsilon left, release needs " + eps);
        }
        NoisyPattern p = new NoisyPattern(noisy, proposal.attention(), q, CountBucket.of(proposal.memberCount()));
        long now = transport.clock().millis();
        long seq = sequence.updateAndGet(s -> Math.max(s + 1, now));
        SignedProposal sp =
                SignedProposal.sign(identity, seq, now, proposal.stakeMicros(), List.of(p), proposal.metadata());
        return sp.seal(networkKey, sealRandom);
    }

    /**
     * The proposal's state at this client's node.
     *
     * @param proposalId the id
     * @return the state
     */
    public CompletableFuture<ProposalState> proposalStatus(String proposalId) {
        return guard(() -> transport.poll(proposalId));
    }

    /**
     * Waits for a decision.
     *
     * @param proposalId the id
     * @param timeout the bound (virtual time in simulations)
     * @return FINALIZED, REJECTED, or the undecided status when the timeout passed
     */
    public CompletableFuture<ConsensusStatus> awaitConsensus(String proposalId, Duration timeout) {
        return guard(() -> transport.awaitDecision(proposalId, timeout).thenApply(ProposalState::status));
    }

    /**
     * This node's validation of a known proposal.
     *
     * @param proposalId the id
     * @return accepted with quality and improvement estimate, or rejected with a reason
     */
    public CompletableFuture<Validation> validate(String proposalId) {
        return guard(() -> transport.validate(proposalId));
    }

    /**
     * Finalized patterns with round ≥ {@code sinceRound}; the client remembers the largest round
     * seen ({@link #lastSyncedRound()}).
     *
     * @param sinceRound the first round
     * @return the patterns, oldest first
     */
    public CompletableFuture<List<SyncedPattern>> syncPatterns(long sinceRound) {
        return guard(() -> transport.fetchFinalized(sinceRound, 10_000).thenApply(list -> {
            for (SyncedPattern p : list) {
                maxSyncedRound.accumulateAndGet(p.round(), Math::max);
            }
            return list;
        }));
    }

    /**
     * The largest finalization round seen by {@link #syncPatterns}, or −1.
     *
     * @return the round
     */
    public long lastSyncedRound() {
        return maxSyncedRound.get();
    }

    private CompletableFuture<Map<String, Object>> ledger(LedgerRequest.Kind kind, Map<String, Object> params) {
        return guard(() -> {
            long now = transport.clock().millis();
            long seq = ledgerSequence.updateAndGet(s -> Math.max(s + 1, now));
            return transport.ledger(LedgerRequest.sign(identity, kind, seq, now, params));
        });
    }

    /**
     * The spendable balance.
     *
     * @return micro-rUv
     */
    public CompletableFuture<Long> balance() {
        return ledger(LedgerRequest.Kind.BALANCE, Map.of()).thenApply(m -> num(m, "balance"));
    }

    /**
     * Stakes whole rUv with the default 30-day lock.
     *
     * @param amountRuv 10…1000 rUv
     * @return the receipt
     */
    public CompletableFuture<TokenLedger.StakeReceipt> stake(long amountRuv) {
        return stake(amountRuv, TokenConfig.defaults().defaultLockDays());
    }

    /**
     * Stakes whole rUv.
     *
     * @param amountRuv 10…1000 rUv
     * @param lockDays 0…3650
     * @return the receipt
     */
    public CompletableFuture<TokenLedger.StakeReceipt> stake(long amountRuv, int lockDays) {
        return ledger(
                        LedgerRequest.Kind.STAKE,
                        Map.of("amount", Math.multiplyExact(amountRuv, TokenConfig.MICROS_PER_RUV), "lock_days", (long)
                                lockDays))
                .thenApply(m -> new TokenLedger.StakeReceipt(num(m, "new_stake"), str(m, "tx_hash")));
    }

    /**
     * Returns an unlocked stake.
     *
     * @return micro-rUv returned
     */
    public CompletableFuture<Long> unstake() {
        return ledger(LedgerRequest.Kind.UNSTAKE, Map.of()).thenApply(m -> num(m, "amount"));
    }

    /**
     * Claims all pending rewards.
     *
     * @return the receipt
     */
    public CompletableFuture<TokenLedger.ClaimReceipt> claimRewards() {
        return ledger(LedgerRequest.Kind.CLAIM, Map.of())
                .thenApply(m -> new TokenLedger.ClaimReceipt(num(m, "amount"), str(m, "tx_hash"), str(m, "source")));
    }

    /**
     * Staking state.
     *
     * @return the info
     */
    public CompletableFuture<TokenLedger.StakingInfo> stakingInfo() {
        return ledger(LedgerRequest.Kind.STAKING_INFO, Map.of())
                .thenApply(m -> new TokenLedger.StakingInfo(
                        num(m, "staked"),
                        num(m, "pending"),
                        java.time.Instant.ofEpochMilli(num(m, "lock_until")),
                        num(m, "apr_ppm") / 1e6));
    }

    /**
     * Opens a governance proposal.
     *
     * @param type the type
     * @param description the text
     * @return its id
     */
    public CompletableFuture<String> createGovernance(TokenLedger.GovernanceType type, String description) {
        return ledger(LedgerRequest.Kind.GOVERNANCE_CREATE, Map.of("type", type.name(), "description", description))
                .thenApply(m -> str(m, "id"));
    }

    /**
     * Votes on a governance proposal.
     *
     * @param id the proposal
     * @param choice the choice
     * @param weightMicros at most the stake
     * @return completion
     */
    public CompletableFuture<Void> voteGovernance(String id, TokenLedger.Choice choice, long weightMicros) {
        return ledger(
                        LedgerRequest.Kind.GOVERNANCE_VOTE,
                        Map.of("id", id, "choice", choice.name(), "weight", weightMicros))
                .thenApply(m -> null);
    }

    /**
     * A governance tally.
     *
     * @param id the proposal
     * @return the tally
     */
    public CompletableFuture<TokenLedger.Tally> tallyGovernance(String id) {
        return ledger(LedgerRequest.Kind.GOVERNANCE_TALLY, Map.of("id", id)).thenApply(QuDagClient::tally);
    }

    /**
     * Finalizes a governance proposal after its window.
     *
     * @param id the proposal
     * @return the final tally
     */
    public CompletableFuture<TokenLedger.Tally> finalizeGovernance(String id) {
        return ledger(LedgerRequest.Kind.GOVERNANCE_FINALIZE, Map.of("id", id)).thenApply(QuDagClient::tally);
    }

    private static TokenLedger.Tally tally(Map<String, Object> m) {
        return new TokenLedger.Tally(
                num(m, "for"),
                num(m, "against"),
                num(m, "abstain"),
                num(m, "participation_ppm") / 1e6,
                num(m, "approval_ppm") / 1e6,
                bool(m, "quorum_reached"),
                bool(m, "passes"),
                TokenLedger.GovernanceStatus.valueOf(str(m, "status")));
    }

    private static long num(Map<String, Object> m, String k) {
        if (m.get(k) instanceof Long l) {
            return l;
        }
        throw QuDagException.invalid("reply field " + k + " missing or not an integer");
    }

    private static String str(Map<String, Object> m, String k) {
        if (m.get(k) instanceof String s) {
            return s;
        }
        throw QuDagException.invalid("reply field " + k + " missing or not a string");
    }

    private static boolean bool(Map<String, Object> m, String k) {
        if (m.get(k) instanceof Boolean b) {
            return b;
        }
        throw QuDagException.invalid("reply field " + k + " missing or not a boolean");
    }

    /**
     * The node's peers.
     *
     * @return node ids
     */
    public CompletableFuture<List<String>> peers() {
        return guard(transport::peers);
    }

    /** Disconnects and closes the transport. */
    @Override
    public void close() {
        connected = false;
        transport.close();
    }

    @Override
    public String toString() {
        return "QuDagClient[" + identity.nodeId() + ", connected=" + isConnected() + "]";
    }
}
