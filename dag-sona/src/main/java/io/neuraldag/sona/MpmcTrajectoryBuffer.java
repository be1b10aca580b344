package io.neuraldag.sona;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;

/**
 * {@link DagTrajectoryBuffer} over JCTools' {@link MpmcAtomicArrayQueue}.
 *
 * <p>Design. The JCTools queue rounds its capacity up to a power of two, so an exact capacity is
 * kept by a permit counter: a producer first takes a permit ({@code held < capacity}, by CAS), then
 * offers. Under {@link OverflowPolicy#DROP_OLDEST} a producer that finds no free permit polls the
 * oldest entry and inherits its permit; that poll is atomic in the queue, so an entry is either
 * drained, dropped, or still held, never lost and never counted twice (the original implementation
 * popped and pushed non-atomically). A drainer releases one permit per entry it removes. Hence
 * {@code queue size <= held <= capacity <= queue capacity}.
 *
 * <p>A poll can briefly find the queue empty while permits are full (producers between taking a
 * permit and offering), and an offer can briefly fail while a consumer finishes releasing the slot
 * it claimed; both cases spin for the few instructions the other thread needs. The atomic variant of
 * the queue is used rather than the {@code Unsafe}-based one, which JDK 24+ warns about at run time.
 */
final class MpmcTrajectoryBuffer implements DagTrajectoryBuffer {

    private final int capacity;
    private final OverflowPolicy policy;
    private final MpmcAtomicArrayQueue<Trajectory> queue;
    private final AtomicInteger held = new AtomicInteger();
    private final LongAdder seen = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder drained = new LongAdder();

    MpmcTrajectoryBuffer(int capacity, OverflowPolicy policy) {
        this.capacity = capacity;
        this.policy = policy;
        this.queue = new MpmcAtomicArrayQueue<>(Math.max(2, capacity));
    }

    @Override
    public boolean record(Trajectory trajectory) {
        Objects.requireNonNull(trajectory, "trajectory");
        seen.increment();
        while (true) {
            int h = held.get();
            if (h < capacity) {
                if (held.compareAndSet(h, h + 1)) {
                    break;
                }
                continue;
            }
            if (policy == OverflowPolicy.REJECT_NEW) {
                dropped.increment();
                return false;
            }
            if (queue.poll() != null) {
                dropped.increment(); // the permit of the removed entry passes to this one
                break;
            }
            Thread.onSpinWait();
        }
        while (!queue.offer(trajectory)) {
            Thread.onSpinWait();
        }
        return true;
    }

    @Override
    public List<Trajectory> drain() {
        return drain(capacity);
    }

    @Override
    public List<Trajectory> drain(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be >= 0: " + max);
        }
        List<Trajectory> out = new ArrayList<>(Math.min(max, Math.max(held.get(), 0)));
        while (out.size() < max) {
            Trajectory t = queue.poll();
            if (t == null) {
                break;
            }
            out.add(t);
            drained.increment();
            held.decrementAndGet();
        }
        return out;
    }

    @Override
    public int size() {
        return held.get();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public OverflowPolicy policy() {
        return policy;
    }

    @Override
    public long totalSeen() {
        return seen.sum();
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public long drained() {
        return drained.sum();
    }

    @Override
    public String toString() {
        return "DagTrajectoryBuffer[capacity=" + capacity + ", policy=" + policy + ", size=" + held.get() + "]";
    }
}
