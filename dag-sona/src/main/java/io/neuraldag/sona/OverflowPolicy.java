package io.neuraldag.sona;

/** What {@link DagTrajectoryBuffer#record} does when the buffer is full. Thread-safe. */
public enum OverflowPolicy {
    /** The default (spec 02 §1.4): remove the oldest entry, count it as dropped, keep the new one. */
    DROP_OLDEST,
    /** Keep the buffer as it is and count the new entry as dropped. */
    REJECT_NEW
}
