package io.cvdflow.job.quality;

/**
 * A symbol's rollback flow: the keyed state of the rollback operator, a Flink POJO. Only
 * {@link RollbackStateMachine} changes it.
 */
public class RollbackStatus {
    public String symbol;
    public RollbackState state = RollbackState.NORMAL;
    /** The profile the latest check ran on. */
    public String profile;
    /** The parameter fingerprint the latest check ran on. */
    public String fingerprint;
    /**
     * The profile the symbol ran on before {@link #profile}, set when an operator switches; the first choice of
     * rollback target. Cleared by a confirmed rollback, so a rollback never returns to the profile it left.
     */
    public String previousProfile;
    /** Consecutive ROLLBACK-level checks (inconclusive checks are skipped, not counted). */
    public int streak;
    /** Latest event time acted on: a check's window end or a deadline. A check ending at or before it is late. */
    public long timeMs = Long.MIN_VALUE;
    /** The rollback in progress (PENDING, VERIFYING, FAILED). */
    public String fromProfile;
    public String toProfile;
    /** When PENDING: the execution time; when VERIFYING: the end of verification. */
    public long deadlineMs = RollbackStateMachine.NO_DEADLINE;
    public long executedAtMs;
    /** Verification checks counted and passed. */
    public int checks;
    public int passes;
    /** The check that triggered the rollback in progress. */
    public MetricSnapshot trigger;
    /** The latest failing verification check, else the latest passing one. */
    public MetricSnapshot evidence;

    public RollbackStatus() {}

    @Override
    public String toString() {
        return symbol + " " + state + " on " + profile + " streak=" + streak + " deadline=" + deadlineMs;
    }
}
