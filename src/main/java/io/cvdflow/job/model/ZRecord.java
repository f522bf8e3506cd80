package io.cvdflow.job.model;

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
