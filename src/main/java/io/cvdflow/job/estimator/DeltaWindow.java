package io.cvdflow.job.estimator;

import java.util.Arrays;

/**
 * The last deltas of a symbol, oldest first, and optionally their keys ({@code delta}, or {@code |delta|}) in
 * ascending order. The ordered copy is updated by binary search and one {@link System#arraycopy} per trade, never
 * by sorting; median, MAD and rank counts are read from it exactly. A Flink POJO.
 */
public class DeltaWindow {
    /** Signed deltas, kept in every mode so that another estimator can warm-start from them. */
    public DoubleRing ring = new DoubleRing();
    /** Keys of the ring's deltas in ascending order ({@code size} of them), or empty when not kept. */
    public double[] sorted = new double[0];
    /** Whether the keys are {@code |delta|} rather than {@code delta}. */
    public boolean absoluteKeys;

    public DeltaWindow() {}

    int size() {
        return ring.size;
    }

    boolean ordered() {
        return sorted.length > 0;
    }

    private double key(double delta) {
        return absoluteKeys ? Math.abs(delta) : delta;
    }

    /** Appends a delta; when full, the oldest leaves the ring and its key the ordered copy. */
    void push(double delta) {
        if (sorted.length > 0) {
            insertKey(key(delta), lowerBound(key(delta)));
        }
        ring.push(delta);
    }

    /**
     * Appends a delta whose key's lower bound in the ordered copy is already known.
     *
     * @param at {@link #countBelow} of the delta's key
     */
    void push(double delta, int at) {
        insertKey(key(delta), at);
        ring.push(delta);
    }

    private void insertKey(double in, int at) {
        int n = ring.size;
        if (n < ring.capacity()) {
            System.arraycopy(sorted, at, sorted, at + 1, n - at);
            sorted[at] = in;
            return;
        }
        int out = lowerBound(key(ring.oldest()));
        if (at > out) {
            System.arraycopy(sorted, out + 1, sorted, out, at - 1 - out);
            sorted[at - 1] = in;
        } else {
            System.arraycopy(sorted, at, sorted, at + 1, out - at);
            sorted[at] = in;
        }
    }

    /** Number of keys {@code < key}. */
    int countBelow(double key) {
        return lowerBound(key);
    }

    /** Number of keys {@code > key}. */
    int countAbove(double key) {
        int n = ring.size;
        if (n == 0) {
            return 0;
        }
        int base = 0;
        int len = n;
        while (len > 1) {
            int half = len >>> 1;
            base += sorted[base + half - 1] <= key ? half : 0;
            len -= half;
        }
        return n - base - (sorted[base] <= key ? 1 : 0);
    }

    /** Median of the keys; the two middle keys averaged on an even count. Requires {@code size() > 0}. */
    double median() {
        int n = ring.size;
        return (n & 1) == 1 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2;
    }

    /**
     * Median of {@code |key - median|}, exactly and without sorting. The deviations of the keys below the middle
     * ({@code L}, walking down from it) and above it ({@code R}, walking up) are each ordered already, so the
     * {@code t = size / 2 + 1} smallest deviations are the first {@code i} of {@code L} and the first {@code t - i}
     * of {@code R} for the {@code i} a binary search finds; the largest and second largest of those are the middle
     * order statistics of all deviations.
     */
    double medianAbsoluteDeviation(double median) {
        int n = ring.size;
        int h = n >> 1;
        int t = h + 1;
        int rightCount = n - h;
        int lo = Math.max(0, t - rightCount);
        int hi = Math.min(t, h);
        while (lo < hi) {
            int i = (lo + hi) >>> 1;
            if (sorted[h + t - i - 1] - median > median - sorted[h - 1 - i]) {
                lo = i + 1;
            } else {
                hi = i;
            }
        }
        int fromLeft = lo;
        int fromRight = t - lo;
        double lastLeft = fromLeft > 0 ? median - sorted[h - fromLeft] : Double.NEGATIVE_INFINITY;
        double lastRight = fromRight > 0 ? sorted[h + fromRight - 1] - median : Double.NEGATIVE_INFINITY;
        double largest = Math.max(lastLeft, lastRight);
        if ((n & 1) == 1) {
            return largest;
        }
        double second;
        if (lastLeft >= lastRight) {
            second = Math.max(lastRight, fromLeft > 1 ? median - sorted[h - fromLeft + 1] : Double.NEGATIVE_INFINITY);
        } else {
            second = Math.max(lastLeft, fromRight > 1 ? sorted[h + fromRight - 2] - median : Double.NEGATIVE_INFINITY);
        }
        return (second + largest) / 2;
    }

    /**
     * Changes the capacity (keeping the newest deltas) and what is ordered, rebuilding the ordered copy with one
     * sort when anything changed.
     */
    void reshape(int capacity, boolean keepOrdered, boolean absolute) {
        boolean sameOrder = keepOrdered == ordered() && (!keepOrdered || absolute == absoluteKeys);
        if (capacity == ring.capacity() && sameOrder) {
            return;
        }
        ring.resize(capacity);
        absoluteKeys = absolute;
        sorted = keepOrdered ? new double[capacity] : new double[0];
        if (keepOrdered) {
            for (int i = 0; i < ring.size; i++) {
                sorted[i] = key(ring.get(i));
            }
            Arrays.sort(sorted, 0, ring.size);
        }
    }

    /** First index of the ordered copy whose key is {@code >= key}: a branch-free binary search. */
    private int lowerBound(double key) {
        int n = ring.size;
        if (n == 0) {
            return 0;
        }
        int base = 0;
        int len = n;
        while (len > 1) {
            int half = len >>> 1;
            base += sorted[base + half - 1] < key ? half : 0;
            len -= half;
        }
        return base + (sorted[base] < key ? 1 : 0);
    }
}
