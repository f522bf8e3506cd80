package io.cvdflow.job.quality;

/**
 * The states of a symbol's rollback flow. {@link RollbackStatus#state} rests in NORMAL, BREACHING, PENDING,
 * VERIFYING or FAILED; EXECUTED and CONFIRMED are instants, signalled by a {@link RollbackTransition} and
 * followed at once by VERIFYING and NORMAL.
 */
public enum RollbackState {
    /** No failing streak (also signalled when a streak is reset or an operator acted). */
    NORMAL,
    /** Fewer consecutive ROLLBACK-level checks than the trigger needs. */
    BREACHING,
    /** Triggered: the rollback executes at the deadline. */
    PENDING,
    /** The switch to the rollback profile is ordered; verification starts. */
    EXECUTED,
    /** Checks of the rollback profile are counted until the deadline. */
    VERIFYING,
    /** More than the pass ratio of the verification checks passed: back to NORMAL on the rollback profile. */
    CONFIRMED,
    /** Escalated: the verification failed, or there was no profile to roll back to. Waits for an operator. */
    FAILED
}
