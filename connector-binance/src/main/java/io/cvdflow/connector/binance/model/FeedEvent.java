package io.cvdflow.connector.binance.model;

import org.apache.flink.annotation.PublicEvolving;

/**
 * What the connector's sources emit: a trade, a dead letter or a gap report. A source cannot write side
 * outputs, so the job's first operator routes the three kinds apart. Exactly one field is set.
 */
@PublicEvolving
public class FeedEvent {
    public Trade trade;
    public DeadLetter deadLetter;
    public TradeGap gap;

    public FeedEvent() {}

    public static FeedEvent of(Trade trade) {
        FeedEvent e = new FeedEvent();
        e.trade = trade;
        return e;
    }

    public static FeedEvent of(DeadLetter deadLetter) {
        FeedEvent e = new FeedEvent();
        e.deadLetter = deadLetter;
        return e;
    }

    public static FeedEvent of(TradeGap gap) {
        FeedEvent e = new FeedEvent();
        e.gap = gap;
        return e;
    }

    @Override
    public String toString() {
        return trade != null ? trade.toString() : deadLetter != null ? deadLetter.toString() : String.valueOf(gap);
    }
}
