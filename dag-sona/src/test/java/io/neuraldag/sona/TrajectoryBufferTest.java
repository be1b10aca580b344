package io.neuraldag.sona;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrajectoryBufferTest {

    private static final float[] E = {1f, 0f};

    static Trajectory t(long id) {
        return new Trajectory(
                id, id, E, Mechanism.TOPOLOGICAL, Map.of(), ExecutionMetrics.of(1, 2), 0.5, Instant.EPOCH);
    }

    @Test
    void dropOldestKeepsTheNewest() {
        DagTrajectoryBuffer b = DagTrajectoryBuffer.create(5, OverflowPolicy.DROP_OLDEST);
        for (int i = 0; i < 10; i++) {
            assertThat(b.record(t(i))).isTrue();
            assertThat(b.size()).isLessThanOrEqualTo(5);
        }
        assertThat(b.totalSeen()).isEqualTo(10);
        assertThat(b.dropped()).isEqualTo(5);
        List<Trajectory> out = b.drain();
        assertThat(out).extracting(Trajectory::id).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(b.drained()).isEqualTo(5);
        assertThat(b.size()).isZero();
    }

    @Test
    void rejectNewKeepsTheOldest() {
        DagTrajectoryBuffer b = DagTrajectoryBuffer.create(5, OverflowPolicy.REJECT_NEW);
        for (int i = 0; i < 10; i++) {
            assertThat(b.record(t(i))).isEqualTo(i < 5);
        }
        assertThat(b.dropped()).isEqualTo(5);
        assertThat(b.drain()).extracting(Trajectory::id).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void capacityIsExactEvenWhenNotAPowerOfTwo() {
        for (int cap : new int[] {1, 2, 3, 1000}) {
            DagTrajectoryBuffer b = DagTrajectoryBuffer.create(cap, OverflowPolicy.DROP_OLDEST);
            for (int i = 0; i < 3 * cap + 1; i++) {
                b.record(t(i));
            }
            assertThat(b.size()).isEqualTo(cap);
            assertThat(b.capacity()).isEqualTo(cap);
            List<Trajectory> out = b.drain();
            assertThat(out).hasSize(cap);
            assertThat(out.get(0).id()).isEqualTo(2L * cap + 1);
        }
    }

    @Test
    void drainWithLimitIsFifo() {
        DagTrajectoryBuffer b = DagTrajectoryBuffer.create(10, OverflowPolicy.DROP_OLDEST);
        for (int i = 0; i < 7; i++) {
            b.record(t(i));
        }
        assertThat(b.drain(3)).extracting(Trajectory::id).containsExactly(0L, 1L, 2L);
        assertThat(b.drain(0)).isEmpty();
        assertThat(b.drain()).extracting(Trajectory::id).containsExactly(3L, 4L, 5L, 6L);
        assertThat(b.totalSeen()).isEqualTo(b.drained() + b.dropped() + b.size());
    }

    @Test
    @SuppressWarnings("NullAway") // passes null on purpose
    void rejectsBadArguments() {
        assertThatThrownBy(() -> DagTrajectoryBuffer.create(0, OverflowPolicy.DROP_OLDEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
        DagTrajectoryBuffer b = DagTrajectoryBuffer.create(4, OverflowPolicy.DROP_OLDEST);
        assertThatThrownBy(() -> b.drain(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.record(null)).isInstanceOf(NullPointerException.class);
        assertThat(b.totalSeen()).isZero();
        assertThat(b.policy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
        assertThat(b.toString()).contains("capacity=4");
    }

    /**
     * Producers record distinct ids while a drainer drains; at rest every id was drained, dropped or
     * is still held, exactly once, and the counters add up.
     */
    @ParameterizedTest(name = "producers={0}, perProducer={1}, capacity={2}, policy={3}")
    @CsvSource({
        "4, 250000, 1000, DROP_OLDEST",
        "8, 20000, 1000, DROP_OLDEST",
        "4, 20000, 64, REJECT_NEW",
        "8, 10000, 3, DROP_OLDEST"
    })
    void concurrentProducersAndDrainer(int producers, int perProducer, int capacity, OverflowPolicy policy)
            throws InterruptedException {
        DagTrajectoryBuffer b = DagTrajectoryBuffer.create(capacity, policy);
        long total = (long) producers * perProducer;
        Trajectory[] items = new Trajectory[(int) total];
        for (int i = 0; i < total; i++) {
            items[i] = t(i);
        }
        byte[] seen = new byte[(int) total];
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong maxSize = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int base = p * perProducer;
            Thread th = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perProducer; i++) {
                    b.record(items[base + i]);
                }
            });
            threads.add(th);
            th.start();
        }
        List<Trajectory> drained = new ArrayList<>();
        Thread drainer = new Thread(() -> {
            awaitQuietly(start);
            while (!done.get()) {
                maxSize.accumulateAndGet(b.size(), Math::max);
                drained.addAll(b.drain());
                Thread.onSpinWait();
            }
        });
        drainer.start();
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        done.set(true);
        drainer.join();
        List<Trajectory> rest = b.drain();
        long held = rest.size();
        assertThat(b.totalSeen()).isEqualTo(total);
        assertThat(b.totalSeen()).isEqualTo(b.drained() + b.dropped() + b.size());
        assertThat(b.drained()).isEqualTo(drained.size() + held);
        assertThat(maxSize.get()).isLessThanOrEqualTo(capacity);
        for (Trajectory x : drained) {
            assertThat(seen[(int) x.id()]++).as("duplicate %s", x.id()).isZero();
        }
        for (Trajectory x : rest) {
            assertThat(seen[(int) x.id()]++).as("duplicate %s", x.id()).isZero();
        }
        long delivered = drained.size() + held;
        assertThat(delivered + b.dropped()).isEqualTo(total);
        System.out.printf(
                "buffer: %d producers, %d records, capacity %d, %s: drained %d, dropped %d%n",
                producers, total, capacity, policy, delivered, b.dropped());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
