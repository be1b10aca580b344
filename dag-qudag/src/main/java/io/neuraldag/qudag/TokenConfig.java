package io.neuraldag.qudag;

import java.util.Objects;

/**
 * Token rules (spec 03 §3.4). Amounts in micro-rUv (1 rUv = {@value #MICROS_PER_RUV} micro-rUv).
 *
 * @param rewardPolicy {@link RewardPolicy#EVENTS} (default) or {@link RewardPolicy#FORMULA}
 * @param minStakeMicros smallest stake (default 10 rUv)
 * @param maxStakeMicros largest stake (default 1000 rUv)
 * @param defaultLockDays lock of a stake when none is given (default 30)
 * @param quorum participation needed for a governance decision, (0, 1] (default 0.10)
 * @param approvalThreshold for/(for+against) needed to pass, (0, 1] (default 0.67)
 * @param votingDays governance voting window, days ≥ 1 (default 7)
 */
public record TokenConfig(
        RewardPolicy rewardPolicy,
        long minStakeMicros,
        long maxStakeMicros,
        int defaultLockDays,
        double quorum,
        double approvalThreshold,
        int votingDays) {
    /** Micro-units per rUv. */
    public static final long MICROS_PER_RUV = 1_000_000L;

    /** How rewards are earned. */
    public enum RewardPolicy {
        /**
         * Per event: accepted proposal +10 rUv plus 10 per percentage point of accuracy gain;
         * validation +2; rejected proposal −5; Byzantine behaviour −1000 (slashed, capped at the
         * stake).
         */
        EVENTS,
        /**
         * By formula: validation 1.0·relative weight·quality; contribution 10·quality; staking
         * amount·(1.05^(1/365) − 1)·days.
         */
        FORMULA
    }

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and value
     */
    public TokenConfig {
        Objects.requireNonNull(rewardPolicy, "rewardPolicy");
        if (minStakeMicros <= 0 || maxStakeMicros < minStakeMicros) {
            throw new IllegalArgumentException(
                    "need 0 < minStakeMicros <= maxStakeMicros, got " + minStakeMicros + ", " + maxStakeMicros);
        }
        if (defaultLockDays < 0 || defaultLockDays > 3650) {
            throw new IllegalArgumentException("defaultLockDays must be in [0, 3650], got " + defaultLockDays);
        }
        if (!(quorum > 0 && quorum <= 1)) {
            throw new IllegalArgumentException("quorum must be in (0, 1], got " + quorum);
        }
        if (!(approvalThreshold > 0 && approvalThreshold <= 1)) {
            throw new IllegalArgumentException("approvalThreshold must be in (0, 1], got " + approvalThreshold);
        }
        if (votingDays < 1 || votingDays > 365) {
            throw new IllegalArgumentException("votingDays must be in [1, 365], got " + votingDays);
        }
    }

    /**
     * The defaults listed on the components.
     *
     * @return the defaults
     */
    public static TokenConfig defaults() {
        return new TokenConfig(RewardPolicy.EVENTS, 10 * MICROS_PER_RUV, 1000 * MICROS_PER_RUV, 30, 0.10, 0.67, 7);
    }

    /**
     * This config with another reward policy.
     *
     * @param policy the policy
     * @return a copy
     */
    public TokenConfig withRewardPolicy(RewardPolicy policy) {
        return new TokenConfig(
                policy, minStakeMicros, maxStakeMicros, defaultLockDays, quorum, approvalThreshold, votingDays);
    }

    /**
     * This config with another quorum.
     *
     * @param q the quorum in (0, 1]
     * @return a copy
     */
    public TokenConfig withQuorum(double q) {
        return new TokenConfig(
                rewardPolicy, minStakeMicros, maxStakeMicros, defaultLockDays, q, approvalThreshold, votingDays);
    }
}
