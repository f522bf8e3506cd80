package io.cvdflow.connector.binance.model;

import org.apache.flink.annotation.PublicEvolving;

import java.util.Objects;

/**
 * One exchange trade, as the job sees it: Binance's wire format stops at the connector.
 *
 * <p>A Flink POJO (public fields, public no-arg constructor) so that it is serialised without Kryo.
 */
@PublicEvolving
public class Trade {
    /** Exchange symbol in upper case, for example {@code BTCUSDT}. */
    public String symbol;
    /** Aggregate trade ID {@code a} for aggTrades, trade ID {@code t} for raw trades. */
    public long tradeId;
    public TradeKind kind;
    public double price;
    public double quantity;
    /** Binance's {@code m}: true means the buyer was the maker, so the taker sold. */
    public boolean buyerMaker;
    /** Trade time {@code T} in epoch milliseconds, else the event time {@code E}. */
    public long eventTimeMs;
    /** Exchange event time {@code E} in epoch milliseconds, else {@code T}. */
    public long exchangeTimeMs;
    /** Wall clock (epoch nanoseconds) at which this process received the frame; drives latency metrics. */
    public long receivedAtNanos;
    /** Receive time written by a recorder (epoch nanoseconds), or -1 when the input had none. */
    public long recordedAtNanos = -1;

    public Trade() {}

    public Trade(
            String symbol,
            long tradeId,
            TradeKind kind,
            double price,
            double quantity,
            boolean buyerMaker,
            long eventTimeMs,
            long exchangeTimeMs,
            long receivedAtNanos,
            long recordedAtNanos) {
        this.symbol = symbol;
        this.tradeId = tradeId;
        this.kind = kind;
        this.price = price;
        this.quantity = quantity;
        this.buyerMaker = buyerMaker;
        this.eventTimeMs = eventTimeMs;
        this.exchangeTimeMs = exchangeTimeMs;
        this.receivedAtNanos = receivedAtNanos;
        this.recordedAtNanos = recordedAtNanos;
    }

    /** Signed taker quantity: positive for a taker buy, negative for a taker sell. */
    public double signedQuantity() {
        return buyerMaker ? -quantity : quantity;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Trade)) {
            return false;
        }
        Trade t = (Trade) o;
        return tradeId == t.tradeId
                && Double.compare(price, t.price) == 0
                && Double.compare(quantity, t.quantity) == 0
                && buyerMaker == t.buyerMaker
                && eventTimeMs == t.eventTimeMs
                && exchangeTimeMs == t.exchangeTimeMs
                && recordedAtNanos == t.recordedAtNanos
                && kind == t.kind
                && Objects.equals(symbol, t.symbol);
    }

    /** Ignores {@link #receivedAtNanos}, which differs between two readings of the same trade. */
    @Override
    public int hashCode() {
        return Objects.hash(symbol, tradeId, kind, price, quantity, buyerMaker, eventTimeMs);
    }

    @Override
    public String toString() {
        return symbol + "#" + tradeId + " " + (buyerMaker ? "SELL " : "BUY ") + quantity + "@" + price
                + " T=" + eventTimeMs;
    }
}
