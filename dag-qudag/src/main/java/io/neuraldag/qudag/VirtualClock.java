package io.neuraldag.qudag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/*
 * A clock that only moves when told to (simulations, tests). Thread-safe (volatile reads, synchronized
 * advance).
 */
final class VirtualClock extends Clock {
    private volatile long millis;

    VirtualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    synchronized void advance(Duration d) {
        millis += d.toMillis();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }
}
