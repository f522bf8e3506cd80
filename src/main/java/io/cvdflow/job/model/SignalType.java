package io.cvdflow.job.model;

/** What a signal on {@code cvd.signals} reports. */
public enum SignalType {
    /** A quality window at WARNING level or worse. */
    LEVEL,
    /** A step of the automatic rollback flow. */
    ROLLBACK,
    /** A control command applied to a symbol, with the fingerprint now in force. */
    ACK,
    /** A control command refused for a symbol (the dead letter holds the command). */
    REJECTED,
    /** Missing trade IDs: detected in a replay, backfilled, or unrecoverable. */
    GAP
}
