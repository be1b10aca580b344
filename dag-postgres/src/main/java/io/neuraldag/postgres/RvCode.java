package io.neuraldag.postgres;

/**
 * The error codes of the SQL API (spec 03 §2), each with the SQLSTATE it is raised under. The
 * SQLSTATE is the code itself ({@code RV001} …), a five-character state of the non-standard class
 * {@code RV}, so a PL/pgSQL caller can catch it with {@code WHEN SQLSTATE 'RV011'}.
 *
 * <p>Immutable and thread-safe.
 */
public enum RvCode {
    /** RV001: the engine of the scope is disabled. */
    DAG_DISABLED("RV001"),
    /** RV002: an unknown attention mechanism. */
    INVALID_ATTENTION("RV002"),
    /** RV003: no pattern has the given id. */
    PATTERN_NOT_FOUND("RV003"),
    /** RV004: a learning cycle or its persistence failed. */
    LEARNING_FAILED("RV004"),
    /** RV005: the QuDAG network is not connected. */
    QUDAG_DISCONNECTED("RV005"),
    /** RV006: the QuDAG node rejected the credentials. */
    QUDAG_AUTH_FAILED("RV006"),
    /** RV007: the stake is too small for the operation. */
    INSUFFICIENT_STAKE("RV007"),
    /** RV008: encryption, decryption or a signature check failed. */
    CRYPTO_ERROR("RV008"),
    /** RV009: a repair action failed. */
    REPAIR_FAILED("RV009"),
    /** RV010: the trajectory buffer is full under the REJECT_NEW policy. */
    TRAJECTORY_OVERFLOW("RV010"),
    /** RV011: an argument or setting is out of range, NaN or infinite, or otherwise invalid. */
    INVALID_ARGUMENT("RV011"),
    /** RV012: a query plan could not be obtained or read. */
    PLAN_PARSE_ERROR("RV012");

    private final String sqlState;

    RvCode(String sqlState) {
        this.sqlState = sqlState;
    }

    /**
     * The SQLSTATE, e.g. {@code "RV011"}.
     *
     * @return five characters
     */
    public String sqlState() {
        return sqlState;
    }

    /**
     * The code with that SQLSTATE.
     *
     * @param sqlState e.g. {@code "RV002"}
     * @return the code
     * @throws IllegalArgumentException if no code has that SQLSTATE
     */
    public static RvCode ofSqlState(String sqlState) {
        for (RvCode c : values()) {
            if (c.sqlState.equals(sqlState)) {
                return c;
            }
        }
        throw new IllegalArgumentException("not an RV SQLSTATE: " + sqlState);
    }
}
