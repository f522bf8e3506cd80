package io.cvdflow.connector.binance.testutils.fakeexchange;

/** One raw trade ({@code <symbol>@trade}, ID field {@code t}) inside an {@link AggTrade}. */
public final class RawTrade {
    public final long id;
    public final String price;
    public final String quantity;
    public final long tradeTimeMs;
    public final long eventTimeMs;
    public final boolean buyerMaker;

    public RawTrade(long id, String price, String quantity, long tradeTimeMs, long eventTimeMs, boolean buyerMaker) {
        this.id = id;
        this.price = price;
        this.quantity = quantity;
        this.tradeTimeMs = tradeTimeMs;
        this.eventTimeMs = eventTimeMs;
        this.buyerMaker = buyerMaker;
    }

    @Override
    public String toString() {
        return "t=" + id + " " + (buyerMaker ? "SELL " : "BUY ") + quantity + "@" + price + " T=" + tradeTimeMs;
    }
}
