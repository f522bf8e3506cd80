package io.cvdflow.job.validation;

import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.LogBucketHistogram;
import io.cvdflow.job.quality.QualityAccumulator;
import io.cvdflow.job.quality.QualityReport;
import io.cvdflow.job.quality.ZTailHistogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Everything a validation report says about one series under one profile: the job's Z records accumulated over
 * the whole run (a {@link QualityAccumulator} without a regime split, plus the signed Z split into a positive and
 * a negative |Z| histogram for the QQ plot), and the job's own quality reports of its 60 s windows, whose regime
 * split (each window's threshold taken from the window before it) gives the active and quiet sample counts.
 */
public final class SeriesStatistics {
    private final SeriesId id;
    private final QualityAccumulator whole = new QualityAccumulator();
    /** |Z| of Z &gt;= 0. */
    private final ZTailHistogram positive = new ZTailHistogram();
    /** |Z| of Z &lt; 0. */
    private final ZTailHistogram negative = new ZTailHistogram();
    private final List<QualityReport> windows = new ArrayList<>();

    public SeriesStatistics(SeriesId id) {
        this.id = id;
    }

    /** The series of several: sums, with the windows of all. */
    public static SeriesStatistics pooled(SeriesId id, List<SeriesStatistics> parts) {
        SeriesStatistics p = new SeriesStatistics(id);
        for (SeriesStatistics s : parts) {
            p.whole.merge(s.whole);
            p.positive.merge(s.positive);
            p.negative.merge(s.negative);
            p.windows.addAll(s.windows);
        }
        return p;
    }

    public void add(ZRecord r) {
        whole.add(r);
        if (r.z != null) {
            (r.z >= 0 ? positive : negative).add(r.z);
        }
    }

    /** One of the job's quality windows of this series. */
    public void add(QualityReport window) {
        windows.add(window);
    }

    public SeriesId id() {
        return id;
    }

    /** Z values. */
    public long samples() {
        return whole.all.z.count;
    }

    /** Z values with |Z| &gt; 2. */
    public long aboveTwo() {
        return whole.all.z.above2;
    }

    /** Z values with |Z| &gt; 3. */
    public long aboveThree() {
        return whole.all.z.above3;
    }

    /** P(|Z| &gt; 2), or NaN without samples. */
    public double tailP2() {
        return whole.all.z.tailP2();
    }

    /** P(|Z| &gt; 3), or NaN without samples. */
    public double tailP3() {
        return whole.all.z.tailP3();
    }

    /** Samples the job's windows put in the active regime. */
    public long activeSamples() {
        return windows.stream().mapToLong(w -> w.active.samples).sum();
    }

    /** Samples the job's windows put in the quiet regime. */
    public long quietSamples() {
        return windows.stream().mapToLong(w -> w.quiet.samples).sum();
    }

    /** Receipt-to-emission latency quantile, milliseconds (1% relative error), or NaN without records. */
    public double latencyMs(double q) {
        return whole.receiptLatencyNs.quantile(q) / 1e6;
    }

    /** Receipt-to-emission latencies, nanoseconds. */
    public LogBucketHistogram latencyNs() {
        return whole.receiptLatencyNs;
    }

    /** The job's quality windows in time order. */
    public List<QualityReport> windows() {
        List<QualityReport> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(w -> w.windowStartMs));
        return Collections.unmodifiableList(sorted);
    }

    /**
     * The q-quantile of the signed Z at the histograms' resolution ({@link ZTailHistogram#BIN_WIDTH}; values beyond
     * {@link ZTailHistogram#MAX_TRACKED} read as that bound), by the rank convention {@code floor(q (n - 1))}; NaN
     * without samples.
     */
    public double signedQuantile(double q) {
        long n = negative.count + positive.count;
        if (n == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.floor(q * (n - 1));
        if (rank < negative.count) {
            // the negative values in ascending order run from the largest |Z| down
            long seen = negative.overflow;
            if (rank < seen) {
                return -ZTailHistogram.MAX_TRACKED;
            }
            int[] bins = negative.bins;
            for (int i = bins == null ? -1 : bins.length - 1; i >= 0; i--) {
                seen += bins[i];
                if (seen > rank) {
                    return -(i + 0.5) * ZTailHistogram.BIN_WIDTH;
                }
            }
        }
        long seen = negative.count;
        if (positive.bins != null) {
            for (int i = 0; i < positive.bins.length; i++) {
                seen += positive.bins[i];
                if (seen > rank) {
                    return (i + 0.5) * ZTailHistogram.BIN_WIDTH;
                }
            }
        }
        return ZTailHistogram.MAX_TRACKED;
    }

    /** Count of |Z| in [lo, hi) over both signs, at the histograms' resolution ({@code lo}, {@code hi} on bin edges). */
    public long absCount(double lo, double hi) {
        return binSum(positive, lo, hi) + binSum(negative, lo, hi);
    }

    private static long binSum(ZTailHistogram h, double lo, double hi) {
        if (h.bins == null) {
            return 0;
        }
        int from = (int) Math.round(lo / ZTailHistogram.BIN_WIDTH);
        int to = Math.min(h.bins.length, (int) Math.round(hi / ZTailHistogram.BIN_WIDTH));
        long sum = 0;
        for (int i = Math.max(0, from); i < to; i++) {
            sum += h.bins[i];
        }
        return sum;
    }
}
