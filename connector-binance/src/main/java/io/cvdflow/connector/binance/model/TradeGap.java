package io.cvdflow.connector.binance.model;

import org.apache.flink.annotation.PublicEvolving;

/** A run of trade IDs missing from a symbol's stream: {@code [firstMissingId, lastMissingId]}, inclusive. */
@PublicEvolving
public class TradeGap {
    public String symbol;
    public TradeKind kind;
    public long firstMissingId;
    public long lastMissingId;
    public GapStatus status;
    /** Event time (epoch ms) of the trade after which the gap was seen. */
    public long eventTimeMs;
    public String detail;

    public TradeGap() {}

    public TradeGap(String symbol, TradeKind kind, long firstMissingId, long lastMissingId, GapStatus status,
            long eventTimeMs, String detail) {
        this.symbol = symbol;
        this.kind = kind;
        this.firstMissingId = firstMissingId;
        this.lastMissingId = lastMissingId;
        this.status = status;
        this.eventTimeMs = eventTimeMs;
        this.detail = detail;
    }

    public long missingCount() {
        return lastMissingId - firstMissingId + 1;
    }

    @Override
    public String toString() {
        return status + " gap " + symbol + " [" + firstMissingId + ".." + lastMissingId + "] " + detail;
    }
}
