package io.cvdflow.connector.binance.model;

import org.apache.flink.annotation.PublicEvolving;

@PublicEvolving
public enum GapStatus {
    /** Seen in a bounded replay, which cannot repair it. */
    DETECTED,
    /** Filled from REST; the trades were emitted in order. */
    BACKFILLED,
    /** REST could not supply the range (beyond history, or lost by the exchange). */
    UNRECOVERABLE
}
