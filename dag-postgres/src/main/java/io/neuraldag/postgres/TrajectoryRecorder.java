package io.neuraldag.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded queue of captured executions on their way to {@code dag_trajectories}. The capture
 * {@linkplain #offer offers} each execution; the {@link LearningScheduler} drains the queue and
 * stores the rows. A full queue drops the new row and counts it.
 *
 * <p>The counters add up at every quiescent moment: {@code seen = stored + dropped + pending}. A
 * drained batch whose insert fails (its transaction rolled back) is counted as dropped.
 *
 * <p>Thread-safe: any number of producers and consumers.
 */
public final class TrajectoryRecorder {
    private final ArrayBlockingQueue<CapturedExecution> queue;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private TrajectoryRecorder(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * A recorder holding at most {@code capacity} pending rows.
     *
     * @param capacity at least 1
     * @return the recorder
     * @throws DagArgumentException RV011 if {@code capacity < 1}
     */
    public static TrajectoryRecorder create(int capacity) {
        if (capacity < 1) {
            throw DagArgumentException.invalid("recorder capacity must be >= 1: " + capacity);
        }
        return new TrajectoryRecorder(capacity);
    }

    /**
     * Queues an execution.
     *
     * @param row the execution
     * @return false if the queue was full and the row was dropped
     */
    public boolean offer(CapturedExecution row) {
        Objects.requireNonNull(row, "row");
        seen.incrementAndGet();
        if (queue.offer(row)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /**
     * Takes up to {@code max} pending rows, oldest first. The caller must report them with {@link
     * #stored(int)} or {@link #dropped(int)}.
     *
     * @param max the most rows to take
     * @return the rows
     */
    public List<CapturedExecution> drain(int max) {
        List<CapturedExecution> out = new ArrayList<>(Math.min(max, queue.size()));
        queue.drainTo(out, max);
        return out;
    }

    /**
     * Reports drained rows as stored (their transaction committed).
     *
     * @param n the number of rows
     */
    public void stored(int n) {
        stored.addAndGet(n);
    }

    /**
     * Reports drained rows as lost (their transaction failed).
     *
     * @param n the number of rows
     */
    public void dropped(int n) {
        dropped.addAndGet(n);
    }

    /**
     * The counters.
     *
     * @return seen, stored, dropped and pending rows
     */
    public Counts counts() {
        return new Counts(seen.get(), stored.get(), dropped.get(), queue.size());
    }

    /**
     * Counters of a {@link TrajectoryRecorder}, each read atomically (the set is not one snapshot).
     *
     * @param seen rows offered
     * @param stored rows committed to the table
     * @param dropped rows lost to a full queue or a failed insert
     * @param pending rows waiting
     */
    public record Counts(long seen, long stored, long dropped, int pending) {}
}
