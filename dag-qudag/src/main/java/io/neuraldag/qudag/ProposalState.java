package io.neuraldag.qudag;

/**
 * A proposal's state at one node.
 *
 * @param proposalId the id
 * @param status the status
 * @param votesFor accepting answers in the last counted round
 * @param votesAgainst rejecting answers in the last counted round
 * @param rounds rounds this node has polled it
 * @param finalizedRound the global round of the decision, or −1
 * @param confidence the share of accepting answers over all rounds, in [0, 1] (0 before any answer)
 * @param distinctValidators distinct voters behind the current streak
 */
public record ProposalState(
        String proposalId,
        ConsensusStatus status,
        int votesFor,
        int votesAgainst,
        int rounds,
        long finalizedRound,
        double confidence,
        int distinctValidators) {}
