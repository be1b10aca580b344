package io.neuraldag.sona;

import java.util.List;
import java.util.Objects;

/**
 * A bounded multi-producer, multi-consumer buffer of trajectories between the instant loop and the
 * background loop (spec 02 §1.4). It stores references and never copies.
 *
 * <p>Built on JCTools' MPMC array queue (CAS over sequence-numbered slots), with an exact capacity.
 * Every {@link #record} increments {@link #totalSeen()}; every entry removed by the overflow policy
 * or rejected by it increments {@link #dropped()}; every entry returned by {@link #drain} increments
 * {@link #drained()}. Invariants: {@code size() <= capacity()} at all times, and when no call is in
 * flight {@code totalSeen() == drained() + dropped() + size()}.
 *
 * <p>Thread-safe: any number of threads may record and drain concurrently. {@code record} costs
 * O(1) and does not allocate.
 */
public interface DagTrajectoryBuffer {

    /**
     * Creates a buffer.
     *
     * @param capacity the exact maximum number of entries, {@code >= 1} (default in {@link
     *     SonaConfig}: 1000)
     * @param policy what to do when full
     * @return an empty buffer
     * @throws IllegalArgumentException if capacity {@code < 1}
     * @throws NullPointerException if policy is null
     */
    static DagTrajectoryBuffer create(int capacity, OverflowPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
        }
        return new MpmcTrajectoryBuffer(capacity, policy);
    }

    /**
     * Adds a trajectory. When full, {@link OverflowPolicy#DROP_OLDEST} removes the oldest entry
     * first, {@link OverflowPolicy#REJECT_NEW} discards this one; either counts one drop.
     *
     * @param trajectory the trajectory
     * @return true if it was stored, false if it was rejected
     * @throws NullPointerException if trajectory is null
     */
    boolean record(Trajectory trajectory);

    /**
     * Removes and returns the entries present, oldest first, at most {@link #capacity()} of them.
     *
     * @return the entries in FIFO order (a new mutable list)
     */
    List<Trajectory> drain();

    /**
     * Removes and returns at most {@code max} entries, oldest first.
     *
     * @param max upper bound, {@code >= 0}
     * @return the entries in FIFO order (a new mutable list)
     * @throws IllegalArgumentException if max {@code < 0}
     */
    List<Trajectory> drain(int max);

    /**
     * Entries currently held.
     *
     * @return a value in {@code [0, capacity()]}
     */
    int size();

    /**
     * The capacity.
     *
     * @return the exact maximum size
     */
    int capacity();

    /**
     * The overflow policy.
     *
     * @return the policy
     */
    OverflowPolicy policy();

    /**
     * Calls to {@link #record} so far.
     *
     * @return the count
     */
    long totalSeen();

    /**
     * Entries removed by the overflow policy, plus entries it rejected.
     *
     * @return the count
     */
    long dropped();

    /**
     * Entries returned by {@link #drain}.
     *
     * @return the count
     */
    long drained();
}
