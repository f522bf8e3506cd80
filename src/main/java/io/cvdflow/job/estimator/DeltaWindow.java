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
        if (sorted.length == 0) {
            ring.push(delta);
            return;
        }
        double in = key(delta);
        int n = ring.size;
        if (n < ring.capacity()) {
            int at = lowerBound(in, n);
            System.arraycopy(sorted, at, sorted, at + 1, n - at);
            sorted[at] = in;
        } else {
            int out = indexOf(key(ring.oldest()), n);
            int at = lowerBound(in, n);
            if (at > out) {
                System.arraycopy(sorted, out + 1, sorted, out, at - 1 - out);
                sorted[at - 1] = in;
            } else {
                System.arraycopy(sorted, at, sorted, at + 1, out - at);
                sorted[at] = in;
            }
        }
        ring.push(delta);
    }

    /** Number of keys {@code < key}. */
    int countBelow(double key) {
        return lowerBound(key, ring.size);
    }

    /** Number of keys {@code > key}. */
    int countAbove(double key) {
        int lo = 0;
        int hi = ring.size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return ring.size - lo;
    }

    /** Median of the keys; the two middle keys averaged on an even count. Requires {@code size() > 0}. */
    double median() {
        int n = ring.size;
        return (n & 1) == 1 ? sorted[n >> 1] : (sorted[(n >> 1) - 1] + sorted[n >> 1]) / 2;
    }

    /**
     * Median of {@code |key - median|}, exactly, without sorting: the deviations below and above the median are
     * each already ordered, so a two-pointer walk outward from the middle merges them up to the middle rank.
     */
    double medianAbsoluteDeviation(double median) {
        int n = ring.size;
        int left = (n >> 1) - 1;
        int right = n >> 1;
        double previous = 0;
        double current = 0;
        for (int rank = 0; rank <= n >> 1; rank++) {
            previous = current;
            if (left >= 0 && (right >= n || median - sorted[left] <= sorted[right] - median)) {
                current = median - sorted[left--];
            } else {
                current = sorted[right++] - median;
            }
        }
        return (n & 1) == 1 ? current : (previous + current) / 2;
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

    private int lowerBound(double key, int n) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int indexOf(double key, int n) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            double v = sorted[mid];
            if (v < key) {
                lo = mid + 1;
            } else if (v > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        throw new IllegalStateException("ordered window lost key " + key);
    }
}
