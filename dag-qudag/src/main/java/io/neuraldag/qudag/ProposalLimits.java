package io.neuraldag.qudag;

/**
 * The fixed limits of a pattern proposal (spec 03 §3.1). Constants only.
 */
public final class ProposalLimits {
    /** Largest centroid dimension. */
    public static final int MAX_DIMENSION = 256;
    /** Most patterns in one proposal. */
    public static final int MAX_PATTERNS = 100;
    /** Largest signed proposal, bytes (1 MiB). */
    public static final int MAX_PROPOSAL_BYTES = 1 << 20;
    /** How far ahead of the receiver's clock a timestamp may be, ms (5 min). */
    public static final long MAX_FUTURE_MILLIS = 5 * 60_000L;
    /** How far behind the receiver's clock a timestamp may be, ms (10 min). */
    public static final long MAX_AGE_MILLIS = 10 * 60_000L;
    /** Most metadata entries. */
    public static final int MAX_METADATA_ENTRIES = 64;
    /** Longest metadata key or value, UTF-16 chars. */
    public static final int MAX_METADATA_STRING = 4096;

    private ProposalLimits() {}
}
