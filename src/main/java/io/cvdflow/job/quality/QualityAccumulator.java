package io.cvdflow.job.quality;

import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.model.ZRecord;

/**
 * The running statistics of one symbol's Z records over one quality window: adding a record is O(1), never
 * buffers it, and allocates nothing once the sketches' arrays have grown to the window's range.
 *
 * <p>Regimes: a sample is active when its trades per second are above {@link #regimeThreshold}, which the
 * caller takes from the previous window ({@link #nextRegimeThreshold}), so the split is causal. The first window
 * has no threshold (NaN): its samples go to neither regime and both regimes are inconclusive.
 *
 * <p>A Flink POJO; {@link #merge} combines partial accumulators of the same window.
 */
public class QualityAccumulator {
    /** Trades per second above which a sample is active; NaN when unknown. */
    public double regimeThreshold = Double.NaN;
    public long trades;
    public long withheldWarmup;
    public long withheldStale;
    public long withheldFlat;
    public SampleAccumulator all = new SampleAccumulator();
    public SampleAccumulator active = new SampleAccumulator();
    public SampleAccumulator quiet = new SampleAccumulator();
    public LogBucketHistogram ewmaFast = new LogBucketHistogram();
    public LogBucketHistogram ewmaSlow = new LogBucketHistogram();
    /** Trades per second of the samples: the next window's regime threshold. */
    public LogBucketHistogram tradeRate = new LogBucketHistogram();
    public LogBucketHistogram receiptLatencyNs = new LogBucketHistogram();
    public LogBucketHistogram eventLatencyNs = new LogBucketHistogram();

    public QualityAccumulator() {}

    public QualityAccumulator(double regimeThreshold) {
        this.regimeThreshold = regimeThreshold;
    }

    /**
     * Adds one Z record. A record with a Z ({@code z} not NaN, either sign) is a sample; a record without one
     * ({@code z} NaN) is counted by its withheld reason (any other reason, or null, only as a trade). Latencies
     * are recorded for every record; a negative latency (clock offset) is counted and reads as 0 in the
     * quantiles.
     *
     * @param z the Z, or NaN when withheld
     * @param withheld why the Z is withheld (read only when {@code z} is NaN)
     * @param scale the scale that divided the delta
     * @param floor the MAD floor on the scale (sigma floor)
     * @param floorHit whether the floor decided the scale
     * @param tradesPerSecond the symbol's activity at this trade
     * @param receiptLatencyNs emission minus receipt wall clock, nanoseconds
     * @param eventLatencyNs emission wall clock minus the trade's event time, nanoseconds
     */
    public void add(
            double z,
            WithheldReason withheld,
            double scale,
            double floor,
            double ewmaFast,
            double ewmaSlow,
            boolean floorHit,
            double tradesPerSecond,
            long receiptLatencyNs,
            long eventLatencyNs) {
        trades++;
        this.receiptLatencyNs.add(receiptLatencyNs);
        this.eventLatencyNs.add(eventLatencyNs);
        if (Double.isNaN(z)) {
            if (withheld == WithheldReason.WARMUP) {
                withheldWarmup++;
            } else if (withheld == WithheldReason.STALE) {
                withheldStale++;
            } else if (withheld == WithheldReason.FLAT) {
                withheldFlat++;
            }
            return;
        }
        // Every comparison with NaN is false: without a threshold a sample joins neither regime.
        SampleAccumulator regime = tradesPerSecond > regimeThreshold ? active
                : tradesPerSecond <= regimeThreshold ? quiet : null;
        all.add(z, scale, floor, floorHit, regime);
        this.ewmaFast.add(ewmaFast);
        this.ewmaSlow.add(ewmaSlow);
        tradeRate.add(tradesPerSecond);
    }

    /**
     * Adds one of the job's Z records: its receipt latency (0 when the record has no receipt time) and its
     * latency from the trade's event time.
     */
    public void add(ZRecord r) {
        add(r.z == null ? Double.NaN : r.z,
                r.withheldReason == null ? WithheldReason.NONE : WithheldReason.valueOf(r.withheldReason),
                r.scale, r.floor, r.ewmaFast, r.ewmaSlow, r.floorHit, r.tradesPerSecond,
                r.receivedAtNanos > 0 ? r.emittedAtNanos - r.receivedAtNanos : 0,
                r.emittedAtNanos - r.tradeTimeMs * 1_000_000L);
    }

    /** Adds another accumulator of the same window (and so the same regime threshold). */
    public void merge(QualityAccumulator other) {
        if (Double.compare(regimeThreshold, other.regimeThreshold) != 0) {
            throw new IllegalArgumentException("cannot merge windows split at different regime thresholds "
                    + regimeThreshold + " and " + other.regimeThreshold);
        }
        trades += other.trades;
        withheldWarmup += other.withheldWarmup;
        withheldStale += other.withheldStale;
        withheldFlat += other.withheldFlat;
        all.merge(other.all);
        active.merge(other.active);
        quiet.merge(other.quiet);
        ewmaFast.merge(other.ewmaFast);
        ewmaSlow.merge(other.ewmaSlow);
        tradeRate.merge(other.tradeRate);
        receiptLatencyNs.merge(other.receiptLatencyNs);
        eventLatencyNs.merge(other.eventLatencyNs);
    }

    /**
     * The regime threshold for the next window: the upper edge of the sketch bucket holding the {@code quantile}
     * of this window's sample trade rates (within 2% above the exact quantile; samples tied at the quantile stay
     * quiet). NaN when this window has no sample.
     */
    public double nextRegimeThreshold(double quantile) {
        return tradeRate.quantileUpperBound(quantile);
    }

    /** The window's report, judged by {@code settings}' thresholds. The report shares nothing with this. */
    public QualityReport report(
            String symbol,
            long windowStartMs,
            long windowEndMs,
            String profile,
            String fingerprint,
            QualitySettings settings) {
        QualityReport r = new QualityReport();
        r.symbol = symbol;
        r.windowStartMs = windowStartMs;
        r.windowEndMs = windowEndMs;
        r.profile = profile;
        r.fingerprint = fingerprint;

        RegimeStats s = all.stats(true);
        r.samples = s.samples;
        r.tail2 = s.tail2;
        r.tail3 = s.tail3;
        r.floorHits = s.floorHits;
        r.tailP2 = s.tailP2;
        r.tailP3 = s.tailP3;
        r.zP95 = s.zP95;
        r.zMedian = s.zMedian;
        r.floorHitRate = s.floorHitRate;
        r.scaleMedian = s.scaleMedian;
        r.floorMedian = s.floorMedian;
        r.ewmaFastMedian = ewmaFast.quantile(0.5);
        r.ewmaSlowMedian = ewmaSlow.quantile(0.5);

        r.trades = trades;
        r.tradesPerSecond = windowEndMs > windowStartMs ? trades * 1000.0 / (windowEndMs - windowStartMs) : Double.NaN;
        r.withheldWarmup = withheldWarmup;
        r.withheldStale = withheldStale;
        r.withheldFlat = withheldFlat;

        r.receiptLatencyP50Ms = millis(receiptLatencyNs.quantile(0.50));
        r.receiptLatencyP95Ms = millis(receiptLatencyNs.quantile(0.95));
        r.receiptLatencyP99Ms = millis(receiptLatencyNs.quantile(0.99));
        r.eventLatencyP50Ms = millis(eventLatencyNs.quantile(0.50));
        r.eventLatencyP95Ms = millis(eventLatencyNs.quantile(0.95));
        r.eventLatencyP99Ms = millis(eventLatencyNs.quantile(0.99));

        boolean split = !Double.isNaN(regimeThreshold);
        int minRegime = settings.regimeMinSamples();
        r.regimeThreshold = regimeThreshold;
        r.active = active.stats(split && active.z.count >= minRegime);
        r.quiet = quiet.stats(split && quiet.z.count >= minRegime);

        settings.evaluator().judge(r);
        return r;
    }

    private static double millis(double nanos) {
        return nanos / 1e6;
    }
}
