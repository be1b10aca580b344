package io.neuraldag.qudag;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The rUv ledger of one network view: balances, stakes, pending rewards and governance, in long
 * micro-units on an injected clock (spec 03 §3.4).
 *
 * <p>Invariants, checked by the tests after every operation: no balance, stake or pending amount is
 * negative; {@code Σ balance + Σ stake = genesis + claimed − slashed − penalties}; a slash never
 * exceeds the stake. Every failing operation throws before changing anything. Implementations are
 * thread-safe.
 */
public interface TokenLedger {
    /**
     * A new, empty ledger.
     *
     * @param config the token rules
     * @param clock the time source (locks, voting windows, staking accrual)
     * @return the ledger
     */
    static TokenLedger create(TokenConfig config, Clock clock) {
        return new MicroLedger(config, clock);
    }

    /**
     * A staking receipt.
     *
     * @param stakedMicros the new stake
     * @param txHash the transaction hash
     */
    record StakeReceipt(long stakedMicros, String txHash) {}

    /**
     * A claim receipt.
     *
     * @param amountMicros paid out
     * @param txHash the transaction hash
     * @param source "events" or "formula"
     */
    record ClaimReceipt(long amountMicros, String txHash, String source) {}

    /**
     * Staking state of an account.
     *
     * @param stakedMicros the stake (0 if none)
     * @param pendingMicros unclaimed rewards
     * @param lockUntil when the stake unlocks ({@link Instant#EPOCH} if none)
     * @param aprEstimate expected yearly staking return as a fraction (0.05 under FORMULA, 0 under
     *     EVENTS)
     */
    record StakingInfo(long stakedMicros, long pendingMicros, Instant lockUntil, double aprEstimate) {}

    /** Kinds of governance proposals. */
    enum GovernanceType {
        /** Change a parameter. */
        PARAMETER_CHANGE,
        /** Change the pattern policy. */
        PATTERN_POLICY,
        /** Change rewards. */
        REWARD_ADJUSTMENT,
        /** Upgrade the protocol. */
        PROTOCOL_UPGRADE
    }

    /** Lifecycle of a governance proposal. */
    enum GovernanceStatus {
        /** Open for votes. */
        ACTIVE,
        /** Finalized with quorum and approval. */
        PASSED,
        /** Finalized without quorum or approval. */
        FAILED,
        /** Passed and carried out. */
        EXECUTED,
        /** Withdrawn. */
        CANCELLED
    }

    /** A governance vote. */
    enum Choice {
        /** For (yes). */
        FOR,
        /** Against (no). */
        AGAINST,
        /** Abstain (counts for participation only). */
        ABSTAIN
    }

    /**
     * A governance tally.
     *
     * @param forMicros weight for
     * @param againstMicros weight against
     * @param abstainMicros weight abstaining
     * @param participation voted weight / total stake (0 when nothing is staked)
     * @param approval for / (for + against), 0 when both are 0
     * @param quorumReached participation ≥ quorum
     * @param passes quorum reached and approval ≥ threshold
     * @param status the proposal's status
     */
    record Tally(
            long forMicros,
            long againstMicros,
            long abstainMicros,
            double participation,
            double approval,
            boolean quorumReached,
            boolean passes,
            GovernanceStatus status) {}

    /**
     * The token rules.
     *
     * @return the config
     */
    TokenConfig config();

    /**
     * Credits genesis funds (not a reward; outside the reward accounting).
     *
     * @param account the account
     * @param micros &gt; 0
     */
    void mintGenesis(String account, long micros);

    /**
     * The spendable balance.
     *
     * @param account the account
     * @return micro-rUv (0 for an unknown account)
     */
    long balance(String account);

    /**
     * Moves {@code micros} from balance to stake, locked for {@code lockDays}.
     *
     * @param account the account
     * @param micros within [minStake, maxStake]
     * @param lockDays 0…3650
     * @return the receipt
     * @throws IllegalArgumentException on an amount out of range or a second stake
     * @throws QuDagException RV007 if the balance does not cover it
     */
    StakeReceipt stake(String account, long micros, int lockDays);

    /**
     * Returns the whole stake to the balance once the lock has expired.
     *
     * @param account the account
     * @return the amount returned
     * @throws IllegalStateException if there is no stake or it is still locked
     */
    long unstake(String account);

    /**
     * Staking state.
     *
     * @param account the account
     * @return the info
     */
    StakingInfo stakingInfo(String account);

    /**
     * The stake weight amount·(1 + lockDays/365), micro-rUv.
     *
     * @param account the account
     * @return the weight (0 without stake)
     */
    double weight(String account);

    /**
     * The weight relative to the total weight (0 when nothing is staked; never NaN).
     *
     * @param account the account
     * @return weight / total
     */
    double relativeWeight(String account);

    /**
     * Records the outcome of a finalized proposal and credits the rewards of the policy. Idempotent
     * by proposal id.
     *
     * @param proposalId the proposal
     * @param proposer the proposer
     * @param accepted whether it was accepted
     * @param quality its mean quality in [0, 1]
     * @param accuracyGainPercent measured gain in percentage points, ≥ 0
     * @param validators validators whose votes matched the outcome
     * @return whether it was recorded (false if already known)
     */
    boolean recordOutcome(
            String proposalId,
            String proposer,
            boolean accepted,
            double quality,
            double accuracyGainPercent,
            List<String> validators);

    /**
     * Slashes up to 1000 rUv of a Byzantine account's stake (burned). Idempotent by evidence key.
     *
     * @param account the offender
     * @param evidenceKey identifies the offence (e.g. the proposal id)
     * @return the amount slashed (0 without stake or for known evidence)
     */
    long slash(String account, String evidenceKey);

    /**
     * Pending rewards (staking accrual included under FORMULA).
     *
     * @param account the account
     * @return micro-rUv
     */
    long pendingRewards(String account);

    /**
     * Pays all pending rewards into the balance.
     *
     * @param account the account
     * @return the receipt (amount 0 when nothing was pending)
     */
    ClaimReceipt claimRewards(String account);

    /**
     * Opens a governance proposal for {@code votingDays}.
     *
     * @param creator the creator
     * @param type the type
     * @param description free text, ≤ 4096 chars
     * @return the proposal id
     */
    String createGovernance(String creator, GovernanceType type, String description);

    /**
     * Casts a governance vote.
     *
     * @param proposalId the proposal
     * @param voter the voter
     * @param choice the choice
     * @param weightMicros 1…the voter's stake
     * @throws QuDagException RV007 without stake or with weight above the stake
     * @throws IllegalStateException on a second vote, a closed window or an unknown proposal
     */
    void voteGovernance(String proposalId, String voter, Choice choice, long weightMicros);

    /**
     * The current tally.
     *
     * @param proposalId the proposal
     * @return the tally
     */
    Tally tally(String proposalId);

    /**
     * Closes voting once the window has passed and sets PASSED or FAILED.
     *
     * @param proposalId the proposal
     * @return the final tally
     * @throws IllegalStateException before the window ends or if already finalized
     */
    Tally finalizeGovernance(String proposalId);

    /**
     * Funds credited by {@link #mintGenesis}.
     *
     * @return micro-rUv
     */
    long genesisMicros();

    /**
     * Rewards paid out by claims (the only minting).
     *
     * @return micro-rUv
     */
    long claimedMicros();

    /**
     * Stake burned by slashing.
     *
     * @return micro-rUv
     */
    long slashedMicros();

    /**
     * Balance burned by rejection penalties.
     *
     * @return micro-rUv
     */
    long penaltyMicros();

    /**
     * Σ balance + Σ stake over all accounts.
     *
     * @return micro-rUv
     */
    long circulatingMicros();
}
