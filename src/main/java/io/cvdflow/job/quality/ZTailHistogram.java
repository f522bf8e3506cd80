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
 * <p>A Flink POJO: the bins are allocated on the first value, so an empty histogram (a regime without samples)
 * costs nothing. Adding is allocation-free and O(1).
 */
public class ZTailHistogram {
    public static final double BIN_WIDTH = 0.01;
    public static final double MAX_TRACKED = 10.0;
    public static final double ERROR_BOUND = BIN_WIDTH / 2;
    static final int BINS = 1000;

    /** Counts per bin of {@link #BIN_WIDTH}; null until the first value. */
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
        if (bins == null) {
            bins = new int[BINS];
        }
        bins[Math.min(BINS - 1, (int) (a / BIN_WIDTH))]++;
    }

    public void merge(ZTailHistogram other) {
        if (other.count == 0) {
            return;
        }
        if (other.bins != null) {
            if (bins == null) {
                bins = new int[BINS];
            }
            for (int i = 0; i < BINS; i++) {
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
            for (int i = 0; i < BINS; i++) {
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
