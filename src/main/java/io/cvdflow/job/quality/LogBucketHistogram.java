package io.cvdflow.job.quality;

/**
 * A mergeable quantile sketch with relative error for positive values spanning many decades: scales, floors,
 * EWMAs and trade rates (from 1e-9 to thousands) and latencies in nanoseconds. It is the DDSketch algorithm
 * (Masson, Rim and Lee, VLDB 2019): value {@code x > 0} goes to bucket {@code i = ceil(log_gamma(x))} with
 * {@code gamma = (1 + a) / (1 - a)}, and bucket {@code i} is represented by {@code 2 gamma^i / (gamma + 1)}, which
 * is within a relative error {@code a} of every value in {@code (gamma^(i-1), gamma^i]}. The counts live in one
 * dense array over the observed range of indices, grown (with slack) when a value falls outside it.
 *
 * <p>Why not Datadog's {@code sketches-java}: its {@code DDSketch} is not a Flink POJO (final fields of the
 * interface types {@code IndexMapping} and {@code Store}, no public no-arg constructor), so as keyed state it
 * would fall back to Kryo, which the job disables ({@code pipeline.generic-types: false}), or need a hand-written
 * serializer around its protobuf encoding; and it throws on a value outside its range, where a quality window
 * must count the value and carry on. This class is the same algorithm as a plain POJO: Flink's POJO serializer
 * writes it field by field, heap state keeps it as an object (no (de)serialisation per record), and adding a
 * value costs one logarithm, O(1), with no allocation except when the array grows.
 *
 * <p>Quantiles use DDSketch's rank convention: the q-quantile is the value at 0-based sorted index
 * {@code floor(q * (n - 1))}, estimated within relative error {@link #relativeAccuracy} and clamped to the
 * observed minimum and maximum. Zero and negative values are counted apart ({@link #zeroCount},
 * {@link #negativeCount}) and rank below every positive value; a quantile that falls on one of them is
 * reported as 0. Positive values outside [{@value #MIN_TRACKED}, {@value #MAX_TRACKED}] go to the edge buckets
 * (the error bound does not hold for them). NaN is ignored.
 */
public class LogBucketHistogram {
    public static final double DEFAULT_RELATIVE_ACCURACY = 0.01;
    public static final double MIN_TRACKED = 1e-12;
    public static final double MAX_TRACKED = 1e15;
    private static final int INITIAL_BUCKETS = 32;
    private static final int MIN_SLACK = 8;

    public double relativeAccuracy = DEFAULT_RELATIVE_ACCURACY;
    /** Bucket index of {@code counts[0]}. */
    public int offset;
    /** Counts of positive values per bucket; null until the first one. */
    public int[] counts;
    public long positiveCount;
    public long zeroCount;
    public long negativeCount;
    /** Smallest positive value seen (meaningful when {@link #positiveCount} &gt; 0). */
    public double min;
    /** Largest positive value seen (meaningful when {@link #positiveCount} &gt; 0). */
    public double max;

    /** {@code ln(gamma)} and its inverse, derived from {@link #relativeAccuracy}: transient, not state. */
    private transient double logGamma;
    private transient double inverseLogGamma;

    public LogBucketHistogram() {}

    public LogBucketHistogram(double relativeAccuracy) {
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1)) {
            throw new IllegalArgumentException("relative accuracy " + relativeAccuracy + " must be in (0, 1)");
        }
        this.relativeAccuracy = relativeAccuracy;
    }

    public void add(double x) {
        if (x > 0) {
            addPositive(x, index(x));
        } else {
            addNonPositive(x);
        }
    }

    /**
     * Adds {@code x} to this sketch and to {@code other} (of the same relative accuracy, or null), computing its
     * bucket once.
     */
    public void add(double x, LogBucketHistogram other) {
        if (other == null) {
            add(x);
        } else if (x > 0) {
            if (other.relativeAccuracy != relativeAccuracy) {
                throw new IllegalArgumentException("sketches of relative accuracy " + relativeAccuracy + " and "
                        + other.relativeAccuracy + " do not share buckets");
            }
            int i = index(x);
            addPositive(x, i);
            other.addPositive(x, i);
        } else {
            addNonPositive(x);
            other.addNonPositive(x);
        }
    }

    private void addPositive(double x, int i) {
        if (counts == null) {
            counts = new int[INITIAL_BUCKETS];
            offset = i - INITIAL_BUCKETS / 2;
        } else if (i < offset || i >= offset + counts.length) {
            grow(i);
        }
        counts[i - offset]++;
        if (positiveCount == 0 || x < min) {
            min = x;
        }
        if (positiveCount == 0 || x > max) {
            max = x;
        }
        positiveCount++;
    }

    private void addNonPositive(double x) {
        if (x == 0) {
            zeroCount++;
        } else if (x < 0) {
            negativeCount++;
        }
    }

    public void merge(LogBucketHistogram other) {
        if (Double.compare(relativeAccuracy, other.relativeAccuracy) != 0) {
            throw new IllegalArgumentException("cannot merge sketches of relative accuracy "
                    + relativeAccuracy + " and " + other.relativeAccuracy);
        }
        if (other.positiveCount > 0) {
            int first = other.offset;
            while (other.counts[first - other.offset] == 0) {
                first++;
            }
            int last = other.offset + other.counts.length - 1;
            while (other.counts[last - other.offset] == 0) {
                last--;
            }
            if (counts == null) {
                counts = new int[last - first + 1];
                offset = first;
            } else {
                if (first < offset) {
                    grow(first);
                }
                if (last >= offset + counts.length) {
                    grow(last);
                }
            }
            for (int i = first; i <= last; i++) {
                counts[i - offset] += other.counts[i - other.offset];
            }
            if (positiveCount == 0 || other.min < min) {
                min = other.min;
            }
            if (positiveCount == 0 || other.max > max) {
                max = other.max;
            }
            positiveCount += other.positiveCount;
        }
        zeroCount += other.zeroCount;
        negativeCount += other.negativeCount;
    }

    public long count() {
        return positiveCount + zeroCount + negativeCount;
    }

    /** The q-quantile within relative error {@link #relativeAccuracy} (see the class comment), or NaN when empty. */
    public double quantile(double q) {
        int i = quantileBucket(q);
        if (i == Integer.MIN_VALUE) {
            return count() == 0 ? Double.NaN : 0.0;
        }
        double v = 2 * Math.exp(i * logGamma()) / (Math.exp(logGamma()) + 1);
        return Math.min(max, Math.max(min, v));
    }

    /**
     * The upper edge {@code gamma^i} of the bucket holding the q-quantile: no value of that bucket exceeds it,
     * so "above this bound" separates whole buckets, ties included. At most about {@code 2a} above the exact
     * quantile. 0 when the quantile is zero or negative, NaN when empty.
     */
    public double quantileUpperBound(double q) {
        int i = quantileBucket(q);
        if (i == Integer.MIN_VALUE) {
            return count() == 0 ? Double.NaN : 0.0;
        }
        return Math.exp(i * logGamma());
    }

    /** Bucket index of the q-quantile, or {@link Integer#MIN_VALUE} when it is not a positive value. */
    private int quantileBucket(double q) {
        long n = count();
        if (n == 0) {
            return Integer.MIN_VALUE;
        }
        long rank = (long) Math.floor(q * (n - 1)) - zeroCount - negativeCount;
        if (rank < 0) {
            return Integer.MIN_VALUE;
        }
        long seen = 0;
        for (int j = 0; j < counts.length; j++) {
            seen += counts[j];
            if (seen > rank) {
                return offset + j;
            }
        }
        return offset + counts.length - 1;
    }

    private int index(double x) {
        if (inverseLogGamma == 0) {
            logGamma();
        }
        double v = Math.min(MAX_TRACKED, Math.max(MIN_TRACKED, x));
        return (int) Math.ceil(Math.log(v) * inverseLogGamma);
    }

    private double logGamma() {
        if (logGamma == 0) {
            logGamma = Math.log((1 + relativeAccuracy) / (1 - relativeAccuracy));
            inverseLogGamma = 1 / logGamma;
        }
        return logGamma;
    }

    /**
     * Widens {@link #counts} to hold bucket {@code i}, with slack on the side it grows towards: an eighth of the
     * range keeps growth amortised O(1) while the array, which is checkpointed whole, stays close to the range.
     */
    private void grow(int i) {
        int low = Math.min(offset, i);
        int high = Math.max(offset + counts.length - 1, i);
        int slack = Math.max(MIN_SLACK, (high - low + 1) / 8);
        if (i < offset) {
            low -= slack;
        } else {
            high += slack;
        }
        int[] wider = new int[high - low + 1];
        System.arraycopy(counts, 0, wider, offset - low, counts.length);
        counts = wider;
        offset = low;
    }
}
