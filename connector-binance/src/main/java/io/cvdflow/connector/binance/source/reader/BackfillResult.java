package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;

import org.apache.flink.annotation.Internal;

import java.util.List;

/**
 * One REST page for a symbol's backfill request: its trades in ID order, the elements REST sent that were not valid
 * trades (dead letters), or an error when REST refused the request for good.
 */
@Internal
public final class BackfillResult {
    private final long requestId;
    private final String symbol;
    private final List<Trade> trades;
    private final List<FeedEvent> deadLetters;
    private final int pageSize;
    private final int limit;
    private final String error;

    private BackfillResult(long requestId, String symbol, List<Trade> trades, List<FeedEvent> deadLetters,
            int pageSize, int limit, String error) {
        this.requestId = requestId;
        this.symbol = symbol;
        this.trades = trades;
        this.deadLetters = deadLetters;
        this.pageSize = pageSize;
        this.limit = limit;
        this.error = error;
    }

    /** A page of {@code pageSize} elements; fewer than {@code limit} means REST had no more. */
    public static BackfillResult page(long requestId, String symbol, List<Trade> trades, List<FeedEvent> deadLetters,
            int pageSize, int limit) {
        return new BackfillResult(requestId, symbol, trades, deadLetters, pageSize, limit, null);
    }

    public static BackfillResult failed(long requestId, String symbol, String error) {
        return new BackfillResult(requestId, symbol, List.of(), List.of(), 0, 0, error);
    }

    public long requestId() {
        return requestId;
    }

    public String symbol() {
        return symbol;
    }

    public List<Trade> trades() {
        return trades;
    }

    public List<FeedEvent> deadLetters() {
        return deadLetters;
    }

    public int pageSize() {
        return pageSize;
    }

    public int limit() {
        return limit;
    }

    /** Why REST refused the request for good, or null. */
    public String error() {
        return error;
    }
}
