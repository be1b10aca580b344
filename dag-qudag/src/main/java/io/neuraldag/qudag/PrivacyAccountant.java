package io.neuraldag.qudag;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Caps the privacy loss of one node's releases by basic composition: the ε of all releases in any
 * sliding window (default 24 h) sums to at most the budget (default ε = 10).
 *
 * <p>{@link #tryCharge(double)} either records the charge and returns {@code true}, or records
 * nothing and returns {@code false}; a refused release must not be published. Time comes from the
 * injected {@link Clock}. Thread-safe (synchronized); O(charges in the window) per call.
 */
public final class PrivacyAccountant {
    private record Charge(long atMillis, double epsilon) {}

    private final Clock clock;
    private final double budget;
    private final long windowMillis;
    private final ArrayDeque<Charge> charges = new ArrayDeque<>();

    private PrivacyAccountant(Clock clock, double budget, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(budget > 0) || Double.isInfinite(budget)) {
            throw new IllegalArgumentException("budget must be positive and finite, got " + budget);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.budget = budget;
        this.windowMillis = window.toMillis();
    }

    /**
     * An accountant with ε ≤ 10 per 24 hours.
     *
     * @param clock the time source
     * @return the accountant
     */
    public static PrivacyAccountant create(Clock clock) {
        return new PrivacyAccountant(clock, PrivacyParams.MAX_EPSILON, Duration.ofHours(24));
    }

    /**
     * An accountant with a custom budget and window.
     *
     * @param clock the time source
     * @param budget the ε allowed per window, &gt; 0
     * @param window the sliding window, &gt; 0
     * @return the accountant
     */
    public static PrivacyAccountant create(Clock clock, double budget, Duration window) {
        return new PrivacyAccountant(clock, budget, window);
    }

    /**
     * Charges {@code epsilon} if the window's total stays within the budget.
     *
     * @param epsilon ε &gt; 0
     * @return whether it was charged; on {@code false} nothing is recorded
     */
    public synchronized boolean tryCharge(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
        long now = clock.millis();
        expire(now);
        if (spentInWindow() + epsilon > budget + 1e-12) {
            return false;
        }
        charges.addLast(new Charge(now, epsilon));
        return true;
    }

    /**
     * The ε spent in the current window.
     *
     * @return the sum
     */
    public synchronized double spent() {
        expire(clock.millis());
        return spentInWindow();
    }

    /**
     * The ε still available in the current window.
     *
     * @return budget − spent, ≥ 0
     */
    public synchronized double remaining() {
        return Math.max(0, budget - spent());
    }

    private void expire(long now) {
        while (!charges.isEmpty() && charges.peekFirst().atMillis() <= now - windowMillis) {
            charges.removeFirst();
        }
    }

    private double spentInWindow() {
        double s = 0;
        for (Charge c : charges) {
            s += c.epsilon();
        }
        return s;
    }
}
