package io.neuraldag.qudag;

/** Where a proposal stands at one node. */
public enum ConsensusStatus {
    /** Known, not yet polled. */
    PENDING,
    /** Being polled; no decision yet. */
    VOTING,
    /** Validated and accepted by this node, not yet final (reported by {@code validate}). */
    ACCEPTED,
    /** Finally rejected by consensus. */
    REJECTED,
    /** Finally accepted by consensus; its patterns are synced. */
    FINALIZED,
    /** maxRounds passed without a decision; polling continues (e.g. after a partition heals). */
    UNDECIDED;

    /**
     * Whether the status is a final decision.
     *
     * @return FINALIZED or REJECTED
     */
    public boolean isFinal() {
        return this == FINALIZED || this == REJECTED;
    }
}
