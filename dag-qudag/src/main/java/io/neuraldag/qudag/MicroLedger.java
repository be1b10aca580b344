package io.neuraldag.qudag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/*
 * The in-memory ledger. All state is guarded by `this`. Amounts are long micro-rUv; fractional
 * rewards (FORMULA) are rounded down to whole micro-units when credited.
 *
 * Invariants (tested): balance, stake and pending are never negative;
 *   Σ balance + Σ stake = genesis + claimed − slashed − penalties;
 * every operation validates before it mutates, so a thrown operation changes nothing.
 */
final class MicroLedger implements TokenLedger {
    private static final long RUV = TokenConfig.MICROS_PER_RUV;
    private static final long ACCEPTED_REWARD = 10 * RUV;
    private static final long GAIN_REWARD_PER_POINT = 10 * RUV;
    private static final long VALIDATION_REWARD = 2 * RUV;
    private static final long REJECTED_PENALTY = 5 * RUV;
    private static final long BYZANTINE_SLASH = 1000 * RUV;
    private static final double DAILY_STAKING_RATE = Math.pow(1.05, 1.0 / 365) - 1;

    private static final class Account {
        long balance;
        long stake;
        int lockDays;
        long stakedAtMillis;
        long accruedUntilMillis;
        long pending;
    }

    private static final class Governance {
        final String creator;
        final GovernanceType type;
        final long createdMillis;
        final Map<String, Choice> voters = new LinkedHashMap<>();
        long forW;
        long againstW;
        long abstainW;
        GovernanceStatus status = GovernanceStatus.ACTIVE;

        Governance(String creator, GovernanceType type, long createdMillis) {
            this.creator = creator;
            this.type = type;
            this.createdMillis = createdMillis;
        }
    }

    private final TokenConfig config;
    private final Clock clock;
    private final Map<String, Account> accounts = new HashMap<>();
    private final Set<String> outcomes = new HashSet<>();
    private final Set<String> slashes = new HashSet<>();
    private final Map<String, Governance> governance = new LinkedHashMap<>();
    private long genesis;
    private long claimed;
    private long slashed;
    private long penalties;
    private long txCounter;

    MicroLedger(TokenConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public TokenConfig config() {
        return config;
    }

    private Account account(String id) {
        return accounts.computeIfAbsent(Objects.requireNonNull(id, "account"), k -> new Account());
    }

    private String tx(String kind, String account, long amount) {
        txCounter++;
        return Bytes.hex(QuDagCrypto.blake3(
                Bytes.utf8(kind),
                Bytes.utf8(account),
                Bytes.longBytes(amount),
                Bytes.longBytes(clock.millis()),
                Bytes.longBytes(txCounter)));
    }

    @Override
    public synchronized void mintGenesis(String account, long micros) {
        if (micros <= 0) {
            throw new IllegalArgumentException("genesis amount must be > 0, got " + micros);
        }
        Account a = account(account);
        a.balance = Math.addExact(a.balance, micros);
        genesis += micros;
    }

    @Override
    public synchronized long balance(String account) {
        Account a = accounts.get(account);
        return a == null ? 0 : a.balance;
    }

    @Override
    public synchronized StakeReceipt stake(String account, long micros, int lockDays) {
        if (micros < config.minStakeMicros() || micros > config.maxStakeMicros()) {
            throw new IllegalArgumentException("stake must be in [" + config.minStakeMicros() + ", "
                    + config.maxStakeMicros() + "] micro-rUv, got " + micros);
        }
        if (lockDays < 0 || lockDays > 3650) {
            throw new IllegalArgumentException("lockDays must be in [0, 3650], got " + lockDays);
        }
        Account a = account(account);
        if (a.stake > 0) {
            throw new IllegalArgumentException("account " + account + " already has a stake; one stake per node");
        }
        if (a.balance < micros) {
            throw QuDagException.stake("balance " + a.balance + " does not cover a stake of " + micros);
        }
        a.balance -= micros;
        a.stake = micros;
        a.lockDays = lockDays;
        a.stakedAtMillis = clock.millis();
        a.accruedUntilMillis = a.stakedAtMillis;
        return new StakeReceipt(micros, tx("stake", account, micros));
    }

    @Override
    public synchronized long unstake(String account) {
        Account a = accounts.get(account);
        if (a == null || a.stake == 0) {
            throw new IllegalStateException("account " + account + " has no stake");
        }
        long until = a.stakedAtMillis + Duration.ofDays(a.lockDays).toMillis();
        if (clock.millis() < until) {
            throw new IllegalStateException("stake of " + account + " is locked until " + Instant.ofEpochMilli(until));
        }
        accrue(a);
        long s = a.stake;
        a.balance += s;
        a.stake = 0;
        a.lockDays = 0;
        return s;
    }

    @Override
    public synchronized StakingInfo stakingInfo(String account) {
        Account a = accounts.get(account);
        if (a == null) {
            return new StakingInfo(0, 0, Instant.EPOCH, apr());
        }
        Instant lock = a.stake == 0
                ? Instant.EPOCH
                : Instant.ofEpochMilli(
                        a.stakedAtMillis + Duration.ofDays(a.lockDays).toMillis());
        return new StakingInfo(a.stake, pendingOf(a), lock, apr());
    }

    private double apr() {
        return config.rewardPolicy() == TokenConfig.RewardPolicy.FORMULA ? 0.05 : 0.0;
    }

    @Override
    public synchronized double weight(String account) {
        Account a = accounts.get(account);
        return a == null ? 0 : weightOf(a);
    }

    private static double weightOf(Account a) {
        return a.stake * (1 + a.lockDays / 365.0);
    }

    @Override
    public synchronized double relativeWeight(String account) {
        double total = 0;
        for (Account a : accounts.values()) {
            total += weightOf(a);
        }
        return total <= 0 ? 0 : weight(account) / total;
    }

    @Override
    public synchronized boolean recordOutcome(
            String proposalId,
            String proposer,
            boolean accepted,
            double quality,
            double accuracyGainPercent,
            List<String> validators) {
        Objects.requireNonNull(proposalId, "proposalId");
        if (!(quality >= 0 && quality <= 1)) {
            throw new IllegalArgumentException("quality must be in [0, 1], got " + quality);
        }
        if (!(accuracyGainPercent >= 0) || Double.isInfinite(accuracyGainPercent)) {
            throw new IllegalArgumentException(
                    "accuracyGainPercent must be finite and >= 0, got " + accuracyGainPercent);
        }
        if (!outcomes.add(proposalId)) {
            return false;
        }
        switch (config.rewardPolicy()) {
            case EVENTS -> {
                if (accepted) {
                    long gain = Math.multiplyExact((long) Math.floor(accuracyGainPercent), GAIN_REWARD_PER_POINT);
                    account(proposer).pending += ACCEPTED_REWARD + gain;
                    for (String v : validators) {
                        account(v).pending += VALIDATION_REWARD;
                    }
                } else {
                    Account p = account(proposer);
                    long penalty = Math.min(REJECTED_PENALTY, p.balance);
                    p.balance -= penalty;
                    penalties += penalty;
                    for (String v : validators) {
                        account(v).pending += VALIDATION_REWARD;
                    }
                }
            }
            case FORMULA -> {
                if (accepted) {
                    account(proposer).pending += (long) Math.floor(10 * quality * RUV);
                }
                double total = 0;
                for (Account a : accounts.values()) {
                    total += weightOf(a);
                }
                for (String v : validators) {
                    Account a = account(v);
                    double rel = total <= 0 ? 0 : weightOf(a) / total;
                    a.pending += (long) Math.floor(1.0 * rel * quality * RUV);
                }
            }
        }
        return true;
    }

    @Override
    public synchronized long slash(String account, String evidenceKey) {
        Account a = accounts.get(account);
        String key = account + "\u0000" + evidenceKey;
        if (slashes.contains(key)) {
            return 0;
        }
        slashes.add(key);
        if (a == null || a.stake == 0) {
            return 0;
        }
        long amount = Math.min(BYZANTINE_SLASH, a.stake);
        a.stake -= amount;
        slashed += amount;
        return amount;
    }

    private void accrue(Account a) {
        if (config.rewardPolicy() != TokenConfig.RewardPolicy.FORMULA || a.stake == 0) {
            return;
        }
        long now = clock.millis();
        long days = (now - a.accruedUntilMillis) / Duration.ofDays(1).toMillis();
        if (days > 0) {
            a.pending += (long) Math.floor(a.stake * DAILY_STAKING_RATE * days);
            a.accruedUntilMillis += days * Duration.ofDays(1).toMillis();
        }
    }

    private long pendingOf(Account a) {
        accrue(a);
        return a.pending;
    }

    @Override
    public synchronized long pendingRewards(String account) {
        Account a = accounts.get(account);
        return a == null ? 0 : pendingOf(a);
    }

    @Override
    public synchronized ClaimReceipt claimRewards(String account) {
        Account a = account(account);
        accrue(a);
        long amount = a.pending;
        a.pending = 0;
        a.balance = Math.addExact(a.balance, amount);
        claimed += amount;
        String source = config.rewardPolicy() == TokenConfig.RewardPolicy.EVENTS ? "events" : "formula";
        return new ClaimReceipt(amount, tx("claim", account, amount), source);
    }

    @Override
    public synchronized String createGovernance(String creator, GovernanceType type, String description) {
        Objects.requireNonNull(type, "type");
        if (description.length() > 4096) {
            throw new IllegalArgumentException("description longer than 4096 chars");
        }
        String id = "gov_" + tx("governance", creator, governance.size()).substring(0, 24);
        governance.put(id, new Governance(creator, type, clock.millis()));
        return id;
    }

    private Governance gov(String id) {
        Governance g = governance.get(id);
        if (g == null) {
            throw new IllegalStateException("unknown governance proposal " + id);
        }
        return g;
    }

    private long windowEnd(Governance g) {
        return g.createdMillis + Duration.ofDays(config.votingDays()).toMillis();
    }

    @Override
    public synchronized void voteGovernance(String proposalId, String voter, Choice choice, long weightMicros) {
        Objects.requireNonNull(choice, "choice");
        Governance g = gov(proposalId);
        if (g.status != GovernanceStatus.ACTIVE || clock.millis() >= windowEnd(g)) {
            throw new IllegalStateException("voting on " + proposalId + " is closed");
        }
        if (g.voters.containsKey(voter)) {
            throw new IllegalStateException(voter + " already voted on " + proposalId);
        }
        Account a = accounts.get(voter);
        long stake = a == null ? 0 : a.stake;
        if (stake == 0) {
            throw QuDagException.stake(voter + " has no stake to vote with");
        }
        if (weightMicros <= 0 || weightMicros > stake) {
            throw QuDagException.stake("vote weight must be in [1, " + stake + "], got " + weightMicros);
        }
        g.voters.put(voter, choice);
        switch (choice) {
            case FOR -> g.forW += weightMicros;
            case AGAINST -> g.againstW += weightMicros;
            case ABSTAIN -> g.abstainW += weightMicros;
        }
    }

    @Override
    public synchronized Tally tally(String proposalId) {
        Governance g = gov(proposalId);
        long totalStake = 0;
        for (Account a : accounts.values()) {
            totalStake += a.stake;
        }
        long voted = g.forW + g.againstW + g.abstainW;
        double participation = totalStake == 0 ? 0 : (double) voted / totalStake;
        double approval = g.forW + g.againstW == 0 ? 0 : (double) g.forW / (g.forW + g.againstW);
        boolean quorum = totalStake > 0 && participation >= config.quorum();
        boolean passes = quorum && approval >= config.approvalThreshold();
        return new Tally(g.forW, g.againstW, g.abstainW, participation, approval, quorum, passes, g.status);
    }

    @Override
    public synchronized Tally finalizeGovernance(String proposalId) {
        Governance g = gov(proposalId);
        if (g.status != GovernanceStatus.ACTIVE) {
            throw new IllegalStateException(proposalId + " is already " + g.status);
        }
        if (clock.millis() < windowEnd(g)) {
            throw new IllegalStateException(
                    "voting on " + proposalId + " ends at " + Instant.ofEpochMilli(windowEnd(g)));
        }
        Tally t = tally(proposalId);
        g.status = t.passes() ? GovernanceStatus.PASSED : GovernanceStatus.FAILED;
        return tally(proposalId);
    }

    @Override
    public synchronized long genesisMicros() {
        return genesis;
    }

    @Override
    public synchronized long claimedMicros() {
        return claimed;
    }

    @Override
    public synchronized long slashedMicros() {
        return slashed;
    }

    @Override
    public synchronized long penaltyMicros() {
        return penalties;
    }

    @Override
    public synchronized long circulatingMicros() {
        long s = 0;
        for (Account a : accounts.values()) {
            s += a.balance + a.stake;
        }
        return s;
    }

    @Override
    public synchronized String toString() {
        return "MicroLedger[" + accounts.size() + " accounts, " + governance.size()
                + " governance proposals, creator of first "
                + governance.values().stream()
                        .findFirst()
                        .map(g -> g.creator + "/" + g.type)
                        .orElse("-") + "]";
    }
}
