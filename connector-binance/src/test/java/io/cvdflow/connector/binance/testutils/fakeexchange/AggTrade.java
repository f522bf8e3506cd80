package io.cvdflow.connector.binance.testutils.fakeexchange;

import java.util.List;

/**
 * One aggregate trade as the fake exchange publishes it. Prices and quantities are decimal strings, written to
 * the wire as they are. {@link #rawTrades} holds the underlying raw trades when the recording had them (spot and
 * COIN-M {@code @trade} recordings), and is empty for recordings of aggTrades.
 */
public final class AggTrade {
    public final String symbol;
    /** {@code a}. */
    public final long id;
    public final String price;
    public final String quantity;
    /** {@code f}. */
    public final long firstTradeId;
    /** {@code l}. */
    public final long lastTradeId;
    /** {@code T}. */
    public final long tradeTimeMs;
    /** {@code E}. */
    public final long eventTimeMs;
    /** {@code m}: the buyer was the maker, so the taker sold. */
    public final boolean buyerMaker;
    public final List<RawTrade> rawTrades;

    public AggTrade(String symbol, long id, String price, String quantity, long firstTradeId, long lastTradeId,
            long tradeTimeMs, long eventTimeMs, boolean buyerMaker, List<RawTrade> rawTrades) {
        this.symbol = symbol;
        this.id = id;
        this.price = price;
        this.quantity = quantity;
        this.firstTradeId = firstTradeId;
        this.lastTradeId = lastTradeId;
        this.tradeTimeMs = tradeTimeMs;
        this.eventTimeMs = eventTimeMs;
        this.buyerMaker = buyerMaker;
        this.rawTrades = List.copyOf(rawTrades);
    }

    /** The same trade under another symbol, with {@code a}, the raw IDs ({@code f}, {@code l}, {@code t}) and all times moved. */
    AggTrade moved(String newSymbol, long aggIdShift, long tradeIdShift, long timeShiftMs) {
        RawTrade[] raws = new RawTrade[rawTrades.size()];
        for (int i = 0; i < raws.length; i++) {
            RawTrade r = rawTrades.get(i);
            raws[i] = new RawTrade(r.id + tradeIdShift, r.price, r.quantity, r.tradeTimeMs + timeShiftMs,
                    r.eventTimeMs + timeShiftMs, r.buyerMaker);
        }
        return new AggTrade(newSymbol, id + aggIdShift, price, quantity, firstTradeId + tradeIdShift,
                lastTradeId + tradeIdShift, tradeTimeMs + timeShiftMs, eventTimeMs + timeShiftMs, buyerMaker,
                List.of(raws));
    }

    @Override
    public String toString() {
        return symbol + " a=" + id + " " + (buyerMaker ? "SELL " : "BUY ") + quantity + "@" + price + " f=" + firstTradeId
                + " l=" + lastTradeId + " T=" + tradeTimeMs;
    }
}
