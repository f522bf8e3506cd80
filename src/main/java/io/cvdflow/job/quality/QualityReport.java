package io.cvdflow.job.quality;

/**
 * The quality of one symbol's Z over one event-time window, with its verdict. A Flink POJO and the output
 * record of the quality operator; its JSON form uses these field names. Proportions are fractions
 * ({@code 0.121} for 12.1%); a value that could not be computed (no sample, no latency, no regime threshold)
 * is NaN.
 */
public class QualityReport {
    public String symbol;
    /** Inclusive start of the window, epoch milliseconds of event time. */
    public long windowStartMs;
    /** Exclusive end of the window, epoch milliseconds of event time. */
    public long windowEndMs;
    public String profile;
    public String fingerprint;

    /** Z values emitted in the window. */
    public long samples;
    /** Samples with |Z| &gt; 2. */
    public long tail2;
    /** Samples with |Z| &gt; 3. */
    public long tail3;
    /** Samples whose scale was the MAD floor. */
    public long floorHits;
    /** P(|Z| &gt; 2). */
    public double tailP2;
    /** P(|Z| &gt; 3). */
    public double tailP3;
    /** p95 of |Z|, within {@link ZTailHistogram#ERROR_BOUND}. */
    public double zP95;
    /** Median of |Z|, within {@link ZTailHistogram#ERROR_BOUND}. */
    public double zMedian;
    public double floorHitRate;
    /** Medians over the samples, within the sketches' 1% relative error. */
    public double scaleMedian;
    public double floorMedian;
    public double ewmaFastMedian;
    public double ewmaSlowMedian;

    /** Trades in the window: samples and withheld. */
    public long trades;
    /** {@link #trades} over the window's length. */
    public double tradesPerSecond;
    public long withheldWarmup;
    public long withheldStale;
    public long withheldFlat;

    /** Wall-clock latency from the frame's receipt to the Z's emission, milliseconds (1% relative error). */
    public double receiptLatencyP50Ms;
    public double receiptLatencyP95Ms;
    public double receiptLatencyP99Ms;
    /** Latency from the exchange's event time to the Z's emission, milliseconds; includes clock offset. */
    public double eventLatencyP50Ms;
    public double eventLatencyP95Ms;
    public double eventLatencyP99Ms;

    /** Trades per second above which a sample is active, from the previous window; NaN in the first window. */
    public double regimeThreshold;
    public RegimeStats active;
    public RegimeStats quiet;

    public QualityLevel level;
    /** The breaches that decided {@link #level}, separated by "; ", or empty when OK. */
    public String breaches;

    public QualityReport() {}

    @Override
    public String toString() {
        return symbol + " [" + windowStartMs + ", " + windowEndMs + ") " + profile + " samples=" + samples
                + " P2=" + tailP2 + " P3=" + tailP3 + " " + level
                + (breaches == null || breaches.isEmpty() ? "" : ": " + breaches);
    }
}
