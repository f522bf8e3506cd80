package io.cvdflow.job.model;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZResult;

import java.util.Objects;

/**
 * One trade's Z: the job's main output, one per accepted trade. A Flink POJO; its JSON form (README, "Output
 * schema") uses these field names.
 */
public class ZRecord {
    public String symbol;
    public long tradeId;
    /** Event time of the trade, epoch milliseconds ({@code T}, else {@code E}). */
    public long tradeTimeMs;
    public double price;
    public double quantity;
    public TakerSide side;
    /** Signed quantity: + for a taker buy, - for a taker sell. */
    public double delta;
    /** Cumulative volume delta of the symbol after this trade. */
    public double cvd;
    /** The Z-score, or null when withheld; {@link #withheldReason} then says why. */
    public Double z;
    /** WARMUP, STALE or FLAT when {@link #z} is null, else null. */
    public String withheldReason;
    public double scale;
    public double ewmaFast;
    public double ewmaSlow;
    /** The MAD floor on the scale (sigma floor). */
    public double floor;
    public boolean floorHit;
    public double tradesPerSecond;
    public String profile;
    /** Fingerprint of the parameters that computed this record. */
    public String fingerprint;
    /** Wall clock at receipt of the trade's frame, epoch nanoseconds. */
    public long receivedAtNanos;
    /** Wall clock at which this record was computed, epoch nanoseconds. */
    public long emittedAtNanos;

    public ZRecord() {}

    /** The record of a trade the estimator has just processed into {@code result}; the wall-clock stamps are the caller's. */
    public static ZRecord of(Trade trade, ZResult result, String profile, String fingerprint) {
        ZRecord r = new ZRecord();
        r.symbol = trade.symbol;
        r.tradeId = trade.tradeId;
        r.tradeTimeMs = trade.eventTimeMs;
        r.price = trade.price;
        r.quantity = trade.quantity;
        r.side = TakerSide.ofBuyerMaker(trade.buyerMaker);
        r.delta = result.delta;
        r.cvd = result.cvd;
        r.z = result.reason == WithheldReason.NONE ? result.z : null;
        r.withheldReason = result.reason == WithheldReason.NONE ? null : result.reason.name();
        r.scale = result.scale;
        r.ewmaFast = result.ewmaFast;
        r.ewmaSlow = result.ewmaSlow;
        r.floor = result.floor;
        r.floorHit = result.floorHit;
        r.tradesPerSecond = result.tradesPerSecond;
        r.profile = profile;
        r.fingerprint = fingerprint;
        return r;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ZRecord)) {
            return false;
        }
        ZRecord r = (ZRecord) o;
        return sameValues(r) && receivedAtNanos == r.receivedAtNanos && emittedAtNanos == r.emittedAtNanos;
    }

    /** Equality of everything computed from the trade, ignoring the two wall-clock stamps. */
    public boolean sameValues(ZRecord r) {
        return tradeId == r.tradeId
                && tradeTimeMs == r.tradeTimeMs
                && Double.compare(price, r.price) == 0
                && Double.compare(quantity, r.quantity) == 0
                && Double.compare(delta, r.delta) == 0
                && Double.compare(cvd, r.cvd) == 0
                && Double.compare(scale, r.scale) == 0
                && Double.compare(ewmaFast, r.ewmaFast) == 0
                && Double.compare(ewmaSlow, r.ewmaSlow) == 0
                && Double.compare(floor, r.floor) == 0
                && floorHit == r.floorHit
                && Double.compare(tradesPerSecond, r.tradesPerSecond) == 0
                && side == r.side
                && Objects.equals(symbol, r.symbol)
                && Objects.equals(z, r.z)
                && Objects.equals(withheldReason, r.withheldReason)
                && Objects.equals(profile, r.profile)
                && Objects.equals(fingerprint, r.fingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, tradeId, z);
    }

    @Override
    public String toString() {
        return symbol + "#" + tradeId + " z=" + (z == null ? withheldReason : z) + " cvd=" + cvd + " [" + profile + "]";
    }
}
