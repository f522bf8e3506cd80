package io.cvdflow.job.quality;

/** One step of a symbol's rollback flow: the signal the rollback operator emits. A Flink POJO. */
public class RollbackTransition {
    public String symbol;
    /** The state entered. */
    public RollbackState state;
    /** The profile rolled back from (for NORMAL after an operator's switch: the profile switched from). */
    public String fromProfile;
    /**
     * The profile rolled back to: the prospective target while BREACHING, null when there is none (for NORMAL
     * after an operator's switch: the profile switched to).
     */
    public String toProfile;
    public String reason;
    /** Event time of the transition, epoch milliseconds: a check's window end or a deadline. */
    public long eventTimeMs;
    /** Consecutive ROLLBACK-level checks so far. */
    public int streak;
    /** Verification checks counted (CONFIRMED, FAILED). */
    public int checks;
    /** Verification checks that passed (CONFIRMED, FAILED). */
    public int passes;
    /**
     * The check that caused the transition: for EXECUTED the trigger, for CONFIRMED and FAILED after a
     * verification the {@link RollbackStatus#evidence}.
     */
    public MetricSnapshot metrics;

    public RollbackTransition() {}

    @Override
    public String toString() {
        return symbol + " " + state + "@" + eventTimeMs + " " + fromProfile + " -> " + toProfile + ": " + reason;
    }
}
