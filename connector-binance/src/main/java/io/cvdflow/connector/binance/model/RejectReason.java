package io.cvdflow.connector.binance.model;

import org.apache.flink.annotation.PublicEvolving;

/** Why an input line or frame was sent to the dead-letter output. Stable names: they appear in metrics and JSON. */
@PublicEvolving
public enum RejectReason {
    EMPTY_LINE,
    LINE_TOO_LONG,
    NOT_JSON,
    MISSING_FIELD,
    NON_NUMERIC,
    NON_FINITE,
    NON_POSITIVE_QUANTITY,
    NON_POSITIVE_PRICE,
    UNKNOWN_SYMBOL,
    /** The trade ID is not above the last one emitted for the symbol: a duplicate or a step backwards. */
    DUPLICATE_ID,
    /** A CSV row with the wrong number of columns or an unreadable cell. */
    BAD_CSV_ROW,
    /** A control command that could not be applied (unknown profile, bad value, fingerprint mismatch). */
    INVALID_COMMAND,
    /** A recording that cannot be read on (a truncated gzip or zip, a read error); the lines before it count. */
    UNREADABLE_FILE
}
