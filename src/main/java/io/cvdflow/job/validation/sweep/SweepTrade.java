package io.cvdflow.job.validation.sweep;

/**
 * A trade as the sweep job moves it: what the estimator needs, the series it belongs to, its position in that
 * series, and (after the fan-out) the grid point that scores it. A Flink POJO.
 */
public class SweepTrade {
    public int point;
    public int series;
    /** Position in the series, increasing: the batch sort orders a key's records by it. */
    public long ordinal;
    public long tradeId;
    public double quantity;
    public boolean buyerMaker;
    public long eventTimeMs;

    public SweepTrade() {}

    SweepTrade at(int point) {
        SweepTrade t = new SweepTrade();
        t.point = point;
        t.series = series;
        t.ordinal = ordinal;
        t.tradeId = tradeId;
        t.quantity = quantity;
        t.buyerMaker = buyerMaker;
        t.eventTimeMs = eventTimeMs;
        return t;
    }

    /** The key of (grid point, series). */
    long key() {
        return (long) point << 32 | series;
    }
}
