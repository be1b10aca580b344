package io.neuraldag.qudag;

/*
 * Domain-separation tags: every signed message starts with its own tag, so a signature made for one
 * kind of message never verifies as another.
 */
final class Tags {
    static final String PREFIX = "neural-dag/qudag/";
    static final String PROPOSAL = PREFIX + "proposal/v1";
    static final String VOTE = PREFIX + "vote/v1";
    static final String VALIDATION = PREFIX + "validation/v1";
    static final String STAKE = PREFIX + "stake/v1";
    static final String UNSTAKE = PREFIX + "unstake/v1";
    static final String CLAIM = PREFIX + "claim/v1";
    static final String GOVERNANCE_CREATE = PREFIX + "governance-create/v1";
    static final String GOVERNANCE_VOTE = PREFIX + "governance-vote/v1";
    static final String GOVERNANCE_FINALIZE = PREFIX + "governance-finalize/v1";
    static final String LEDGER_READ = PREFIX + "ledger-read/v1";
    static final String REQUEST = PREFIX + "request/v1";
    static final String RESPONSE = PREFIX + "response/v1";

    private Tags() {}
}
