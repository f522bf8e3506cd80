package io.cvdflow.job.quality;

import io.cvdflow.connector.binance.model.Trade;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class LogBucketHistogramTest {
    private static final double A = LogBucketHistogram.DEFAULT_RELATIVE_ACCURACY;

    /** Real BTCUSDT spot trade quantities: heavy-tailed, over five decades. */
    private static double[] quantities() {
        return RealTrades.btcSpot().stream().mapToDouble(t -> t.quantity).toArray();
    }

    /** Real delays from the exchange's trade time to the recorder's receipt, ns; negative where clocks differ. */
    private static double[] receiptDelaysNs() {
        List<Trade> trades = RealTrades.btcSpot();
        return trades.stream().mapToDouble(t -> t.receivedAtNanos - t.eventTimeMs * 1_000_000.0).toArray();
    }

    private static void assertRelativeAccuracy(LogBucketHistogram h, double[] values, double accuracy) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0; i <= 1000; i++) {
            double q = i / 1000.0;
            double exact = RealTrades.exactQuantile(sorted, q);
            double estimate = h.quantile(q);
            if (exact <= 0) {
                assertThat(estimate).as("q=%s falls on a value <= 0", q).isZero();
            } else {
                assertThat(Math.abs(estimate - exact)).as("q=%s exact=%s estimate=%s", q, exact, estimate)
                        .isLessThanOrEqualTo(accuracy * exact * (1 + 1e-9));
            }
        }
    }

    @Test
    void quantilesOfRealQuantitiesAreWithinTheRelativeAccuracy() {
        double[] q = quantities();
        double min = Arrays.stream(q).min().orElseThrow();
        double max = Arrays.stream(q).max().orElseThrow();
        assertThat(max / min).as("the recording spans many decades").isGreaterThan(1e4);
        LogBucketHistogram h = new LogBucketHistogram();
        for (double v : q) {
            h.add(v);
        }
        assertThat(h.count()).isEqualTo(q.length);
        assertThat(h.min).isEqualTo(min);
        assertThat(h.max).isEqualTo(max);
        assertRelativeAccuracy(h, q, A);
        assertThat(h.counts.length).as("dense over the observed range only").isLessThan(2000);
    }

    @Test
    void aCoarserSketchKeepsItsCoarserBound() {
        double[] q = quantities();
        LogBucketHistogram h = new LogBucketHistogram(0.05);
        for (double v : q) {
            h.add(v);
        }
        assertRelativeAccuracy(h, q, 0.05);
    }

    @Test
    void realLatenciesWithNegativeClockOffsets() {
        double[] delays = receiptDelaysNs();
        LogBucketHistogram h = new LogBucketHistogram();
        for (double d : delays) {
            h.add(d);
        }
        long negative = Arrays.stream(delays).filter(d -> d < 0).count();
        long zero = Arrays.stream(delays).filter(d -> d == 0).count();
        assertThat(h.negativeCount).isEqualTo(negative);
        assertThat(h.zeroCount).isEqualTo(zero);
        assertThat(h.positiveCount).isEqualTo(delays.length - negative - zero);
        assertRelativeAccuracy(h, delays, A);
    }

    @Test
    void mergedPartsEqualTheWhole() {
        double[] q = quantities();
        LogBucketHistogram whole = new LogBucketHistogram();
        LogBucketHistogram[] parts = {new LogBucketHistogram(), new LogBucketHistogram(), new LogBucketHistogram()};
        for (int i = 0; i < q.length; i++) {
            whole.add(q[i]);
            parts[i % 3].add(q[i]);
        }
        LogBucketHistogram merged = new LogBucketHistogram();
        for (LogBucketHistogram p : parts) {
            merged.merge(p);
        }
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.min).isEqualTo(whole.min);
        assertThat(merged.max).isEqualTo(whole.max);
        for (int i = 0; i <= 100; i++) {
            assertThat(merged.quantile(i / 100.0)).isEqualTo(whole.quantile(i / 100.0));
        }
    }

    @Test
    void growsDownwardsAndUpwards() {
        LogBucketHistogram h = new LogBucketHistogram();
        double[] values = new double[19];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.pow(10, (i % 2 == 0 ? 1 : -1) * i / 2.0);
            h.add(values[i]);
        }
        assertRelativeAccuracy(h, values, A);
        LogBucketHistogram descending = new LogBucketHistogram();
        LogBucketHistogram ascending = new LogBucketHistogram();
        for (int i = 0; i < 19; i++) {
            descending.add(Math.pow(10, 9 - i));
            ascending.add(Math.pow(10, i - 9));
        }
        ascending.merge(descending);
        descending.merge(new LogBucketHistogram());
        assertThat(ascending.quantile(0)).isEqualTo(1e-9);
        assertThat(ascending.quantile(1)).isEqualTo(1e9);
        assertThat(descending.quantile(0.5)).isCloseTo(1, within(A));
    }

    @Test
    void zeroNegativeNanEmptyAndOutOfRange() {
        LogBucketHistogram h = new LogBucketHistogram();
        assertThat(h.quantile(0.5)).isNaN();
        assertThat(h.quantileUpperBound(0.5)).isNaN();
        h.add(Double.NaN);
        assertThat(h.count()).isZero();
        h.add(0);
        h.add(-5);
        assertThat(h.quantile(1)).isZero();
        assertThat(h.counts).isNull();
        h.add(1e-20);
        h.add(1e20);
        assertThat(h.zeroCount).isEqualTo(1);
        assertThat(h.negativeCount).isEqualTo(1);
        assertThat(h.quantile(0.5)).isZero();
        assertThat(h.min).isEqualTo(1e-20);
        assertThat(h.max).isEqualTo(1e20);
        assertThat(h.quantile(0.67)).as("in the lowest bucket")
                .isCloseTo(LogBucketHistogram.MIN_TRACKED, withinPercentage(1));
        assertThat(h.quantile(1)).as("in the highest bucket")
                .isCloseTo(LogBucketHistogram.MAX_TRACKED, withinPercentage(1));
        LogBucketHistogram below = new LogBucketHistogram();
        below.add(1e-20);
        assertThat(below.quantile(0.5)).as("clamped to the observed range").isEqualTo(1e-20);
    }

    @Test
    void upperBoundSeparatesWholeBucketsTiesIncluded() {
        double[] q = quantities();
        LogBucketHistogram h = new LogBucketHistogram();
        for (double v : q) {
            h.add(v);
        }
        double[] sorted = q.clone();
        Arrays.sort(sorted);
        double gamma = (1 + A) / (1 - A);
        for (double p : new double[] {0.1, 0.5, 0.6, 0.9}) {
            double exact = RealTrades.exactQuantile(sorted, p);
            double bound = h.quantileUpperBound(p);
            assertThat(bound).isGreaterThanOrEqualTo(exact).isLessThanOrEqualTo(exact * gamma * (1 + 1e-9));
            long above = Arrays.stream(q).filter(v -> v > bound).count();
            assertThat(above).as("p=%s: no more than 1 - p above", p)
                    .isLessThanOrEqualTo((long) ((1 - p) * q.length) + 1);
        }
        LogBucketHistogram ties = new LogBucketHistogram();
        for (int i = 0; i < 10; i++) {
            ties.add(25 / 60.0);
        }
        assertThat(25 / 60.0 > ties.quantileUpperBound(0.6)).isFalse();
    }

    @Test
    void refusesBadAccuracyAndMixedMerges() {
        assertThatThrownBy(() -> new LogBucketHistogram(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogBucketHistogram(1)).isInstanceOf(IllegalArgumentException.class);
        LogBucketHistogram coarse = new LogBucketHistogram(0.05);
        assertThatThrownBy(() -> new LogBucketHistogram().merge(coarse))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.01 and 0.05");
    }
}
