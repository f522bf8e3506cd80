package io.cvdflow.job.model;

/** The aggressor of a trade. Binance's {@code m} ("buyer is maker") true means the taker sold. */
public enum TakerSide {
    BUY,
    SELL;

    public static TakerSide ofBuyerMaker(boolean buyerMaker) {
        return buyerMaker ? SELL : BUY;
    }
}
