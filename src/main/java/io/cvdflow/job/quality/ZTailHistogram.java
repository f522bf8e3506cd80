package io.cvdflow.job.quality;

/**
 * A fixed-resolution histogram of |Z|: bins of {@value #BIN_WIDTH} from 0 to {@value #MAX_TRACKED}, an overflow
 * count above, and exact counts of |Z| &gt; 2 and |Z| &gt; 3 (exact because a bin edge cannot decide a strict
 * inequality on the value itself).
 *
 * <p>Quantiles use the rank convention of DDSketch: the quantile q is the value at 0-based sorted index
 * {@code floor(q * (n - 1))}. The estimate is the midpoint of that value's bin, so it is within
 * {@value #ERROR_BOUND} (half a bin width) of the exact value when that value is below {@value #MAX_TRACKED};
 * a quantile in the overflow is reported as {@value #MAX_TRACKED}, meaning "at least". With the A1 winsor
 * limit of 8 no |Z| reaches the overflow.
 *
 * <p>A Flink POJO kept in every open quality window, three times (all samples and each regime). The bins run from
 * 0 only up to the highest one used, grown in steps of {@value #GROWTH_BINS}: an empty histogram costs nothing, and
 * most histograms stay far below {@value #MAX_TRACKED} (a calibrated |Z| rarely passes 3.5), which keeps a symbol's
 * checkpointed state small. Adding is O(1) and allocates only when the bins grow.
 */
public class ZTailHistogram {
    public static final double BIN_WIDTH = 0.01;
    public static final double MAX_TRACKED = 10.0;
    public static final double ERROR_BOUND = BIN_WIDTH / 2;
    static final int BINS = 1000;
    static final int GROWTH_BINS = 32;

    /** Counts per bin of {@link #BIN_WIDTH}, up to the highest bin used; null until the first value. */
    public int[] bins;
    /** Values of at least {@link #MAX_TRACKED}. */
    public long overflow;
    public long count;
    /** Values with |Z| &gt; 2. */
    public long above2;
    /** Values with |Z| &gt; 3. */
    public long above3;

    public ZTailHistogram() {}

    /** Adds one Z (its sign is ignored). A NaN is ignored: callers count withheld Z themselves. */
    public void add(double z) {
        double a = Math.abs(z);
        if (Double.isNaN(a)) {
            return;
        }
        count++;
        if (a > 2) {
            above2++;
            if (a > 3) {
                above3++;
            }
        }
        if (a >= MAX_TRACKED) {
            overflow++;
            return;
        }
        int bin = Math.min(BINS - 1, (int) (a / BIN_WIDTH));
        if (bins == null || bin >= bins.length) {
            grow(bin + 1);
        }
        bins[bin]++;
    }

    private void grow(int length) {
        int rounded = Math.min(BINS, (length + GROWTH_BINS - 1) / GROWTH_BINS * GROWTH_BINS);
        bins = bins == null ? new int[rounded] : java.util.Arrays.copyOf(bins, rounded);
    }

    public void merge(ZTailHistogram other) {
        if (other.count == 0) {
            return;
        }
        if (other.bins != null) {
            if (bins == null || bins.length < other.bins.length) {
                grow(other.bins.length);
            }
            for (int i = 0; i < other.bins.length; i++) {
                bins[i] += other.bins[i];
            }
        }
        overflow += other.overflow;
        count += other.count;
        above2 += other.above2;
        above3 += other.above3;
    }

    /** The q-quantile of |Z| within {@link #ERROR_BOUND} (see the class comment), or NaN when empty. */
    public double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.floor(q * (count - 1));
        long seen = 0;
        if (bins != null) {
            for (int i = 0; i < bins.length; i++) {
                seen += bins[i];
                if (seen > rank) {
                    return (i + 0.5) * BIN_WIDTH;
                }
            }
        }
        return MAX_TRACKED;
    }

    /** P(|Z| &gt; 2), or NaN when empty. */
    public double tailP2() {
        return count == 0 ? Double.NaN : (double) above2 / count;
    }

    /** P(|Z| &gt; 3), or NaN when empty. */
    public double tailP3() {
        return count == 0 ? Double.NaN : (double) above3 / count;
    }
}
