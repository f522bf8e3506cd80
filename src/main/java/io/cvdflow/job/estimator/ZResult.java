package io.cvdflow.job.estimator;

/** What one trade gives: a reusable holder that {@link ZEstimator#update} overwrites. */
public final class ZResult {
    /** Signed quantity: + for a taker buy, - for a taker sell; NaN when rejected. */
    public double delta;
    /** CVD after the trade. */
    public double cvd;
    /** The Z, or NaN when withheld (a level Z with a flat window is 0 with reason {@link WithheldReason#FLAT}). */
    public double z;
    public WithheldReason reason;
    /**
     * What Z divides by: the delta scale (A1), the standard deviation of the CVD window (level), or the implied
     * scale |delta| / |z| (calibrated). NaN when not computed.
     */
    public double scale;
    public double ewmaFast;
    public double ewmaSlow;
    /** The sigma floor of the hybrid scale (MAD floor times multiplier and boost); NaN outside it. */
    public double floor;
    /** Whether the floor decided the scale. */
    public boolean floorHit;
    /** Trades per second over the last 60 s. */
    public double tradesPerSecond;

    /** Whether there is a Z (including a flat level Z of 0). */
    public boolean hasZ() {
        return !Double.isNaN(z);
    }

    @Override
    public String toString() {
        return "ZResult[delta=" + delta + ", cvd=" + cvd + ", z=" + z + ", reason=" + reason + ", scale=" + scale
                + ", ewmaFast=" + ewmaFast + ", ewmaSlow=" + ewmaSlow + ", floor=" + floor + ", floorHit=" + floorHit
                + ", tps=" + tradesPerSecond + "]";
    }
}
