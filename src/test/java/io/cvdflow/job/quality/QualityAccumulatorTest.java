package io.cvdflow.job.quality;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.estimator.EstimatorState;
import io.cvdflow.job.estimator.WithheldReason;
import io.cvdflow.job.estimator.ZEstimator;
import io.cvdflow.job.estimator.ZResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The accumulator on A1's Z over real BTCUSDT spot trades, in 60 s windows, against the exact statistics of the
 * same records (which the test buffers and sorts; the accumulator never does).
 */
class QualityAccumulatorTest {
    private static final long WINDOW_MS = 60_000;
    private static final double A = LogBucketHistogram.DEFAULT_RELATIVE_ACCURACY;
    private static final QualitySettings SETTINGS = QualitySettings.defaults();

    private static List<Trade> trades;
    private static List<ZResult> z;
    /** Measured time of each trade's Z computation: receipt to emission when nothing queues. */
    private static long[] processingNs;
    /** Real delay from the exchange's trade time to the recorder's receipt (negative where the clocks differ). */
    private static long[] exchangeDelayNs;
    /** Trade indices per window start, in time order. */
    private static final Map<Long, int[]> WINDOWS = new TreeMap<>();

    @BeforeAll
    static void replay() {
        trades = RealTrades.btcSpot();
        z = RealTrades.btcSpotA1();
        processingNs = new long[trades.size()];
        exchangeDelayNs = new long[trades.size()];
        ZEstimator estimator = ZEstimator.create(EstimatorProfiles.a1());
        EstimatorState state = estimator.newState();
        ZResult out = new ZResult();
        Map<Long, List<Integer>> byWindow = new TreeMap<>();
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            long start = System.nanoTime();
            estimator.update(state, t.tradeId, t.quantity, t.buyerMaker, t.eventTimeMs, out);
            processingNs[i] = System.nanoTime() - start;
            exchangeDelayNs[i] = t.receivedAtNanos - t.eventTimeMs * 1_000_000;
            long window = Math.floorDiv(t.eventTimeMs, WINDOW_MS) * WINDOW_MS;
            byWindow.computeIfAbsent(window, k -> new ArrayList<>()).add(i);
        }
        byWindow.forEach((k, v) -> WINDOWS.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    }

    private static void add(QualityAccumulator acc, int i) {
        ZResult r = z.get(i);
        acc.add(r.z, r.reason, r.scale, r.floor, r.ewmaFast, r.ewmaSlow, r.floorHit, r.tradesPerSecond,
                processingNs[i], exchangeDelayNs[i]);
    }

    private static QualityReport report(QualityAccumulator acc, long start) {
        return acc.report("BTCUSDT", start, start + WINDOW_MS, "a1", EstimatorProfiles.a1().fingerprint(), SETTINGS);
    }

    private static double[] values(int[] indices, IntPredicate keep, IntToDoubleFunction value) {
        return Arrays.stream(indices).filter(keep).mapToDouble(value).sorted().toArray();
    }

    private static void assertMedianWithinRelativeAccuracy(String what, double actual, double[] sorted) {
        double exact = RealTrades.exactQuantile(sorted, 0.5);
        if (exact <= 0) {
            assertThat(actual).as(what).isZero();
        } else {
            assertThat(Math.abs(actual - exact)).as("%s: %s vs exact %s", what, actual, exact)
                    .isLessThanOrEqualTo(A * exact * (1 + 1e-9));
        }
    }

    private static void assertQuantileMs(String what, double actualMs, long[] ns, int[] indices, double q) {
        double[] sorted = Arrays.stream(indices).mapToDouble(i -> ns[i]).sorted().toArray();
        double exactMs = RealTrades.exactQuantile(sorted, q) / 1e6;
        if (exactMs <= 0) {
            assertThat(actualMs).as(what).isZero();
        } else {
            assertThat(Math.abs(actualMs - exactMs)).as("%s: %s vs exact %s", what, actualMs, exactMs)
                    .isLessThanOrEqualTo(A * exactMs * (1 + 1e-9));
        }
    }

    @Test
    void everyWindowMatchesTheExactStatistics() {
        assertThat(WINDOWS).hasSizeGreaterThanOrEqualTo(11);
        double threshold = Double.NaN;
        double[] previousRates = null;
        for (Map.Entry<Long, int[]> w : WINDOWS.entrySet()) {
            int[] idx = w.getValue();
            QualityAccumulator acc = new QualityAccumulator(threshold);
            for (int i : idx) {
                add(acc, i);
            }
            QualityReport r = report(acc, w.getKey());
            IntPredicate hasZ = i -> z.get(i).hasZ();
            long samples = Arrays.stream(idx).filter(hasZ).count();

            assertThat(r.trades).isEqualTo(idx.length);
            assertThat(r.tradesPerSecond).isEqualTo(idx.length / 60.0);
            assertThat(r.samples).isEqualTo(samples);
            for (WithheldReason reason : List.of(WithheldReason.WARMUP, WithheldReason.STALE, WithheldReason.FLAT)) {
                long withheld = Arrays.stream(idx).filter(i -> !z.get(i).hasZ() && z.get(i).reason == reason).count();
                long reported = reason == WithheldReason.WARMUP ? r.withheldWarmup
                        : reason == WithheldReason.STALE ? r.withheldStale : r.withheldFlat;
                assertThat(reported).as("%s", reason).isEqualTo(withheld);
            }

            double[] absZ = values(idx, hasZ, i -> Math.abs(z.get(i).z));
            long tail2 = Arrays.stream(absZ).filter(a -> a > 2).count();
            long tail3 = Arrays.stream(absZ).filter(a -> a > 3).count();
            assertThat(r.tail2).isEqualTo(tail2);
            assertThat(r.tail3).isEqualTo(tail3);
            assertThat(r.tailP2).isEqualTo((double) tail2 / samples);
            assertThat(r.tailP3).isEqualTo((double) tail3 / samples);
            double halfBin = ZTailHistogram.ERROR_BOUND + 1e-12;
            assertThat(r.zMedian).isCloseTo(RealTrades.exactQuantile(absZ, 0.5), within(halfBin));
            assertThat(r.zP95).isCloseTo(RealTrades.exactQuantile(absZ, 0.95), within(halfBin));
            long floorHits = Arrays.stream(idx).filter(i -> z.get(i).hasZ() && z.get(i).floorHit).count();
            assertThat(r.floorHits).isEqualTo(floorHits);
            assertThat(r.floorHitRate).isEqualTo((double) floorHits / samples);

            assertMedianWithinRelativeAccuracy("scale", r.scaleMedian, values(idx, hasZ, i -> z.get(i).scale));
            assertMedianWithinRelativeAccuracy("floor", r.floorMedian, values(idx, hasZ, i -> z.get(i).floor));
            assertMedianWithinRelativeAccuracy("ewma fast", r.ewmaFastMedian,
                    values(idx, hasZ, i -> z.get(i).ewmaFast));
            assertMedianWithinRelativeAccuracy("ewma slow", r.ewmaSlowMedian,
                    values(idx, hasZ, i -> z.get(i).ewmaSlow));

            assertQuantileMs("receipt p50", r.receiptLatencyP50Ms, processingNs, idx, 0.50);
            assertQuantileMs("receipt p95", r.receiptLatencyP95Ms, processingNs, idx, 0.95);
            assertQuantileMs("receipt p99", r.receiptLatencyP99Ms, processingNs, idx, 0.99);
            assertQuantileMs("event p50", r.eventLatencyP50Ms, exchangeDelayNs, idx, 0.50);
            assertQuantileMs("event p95", r.eventLatencyP95Ms, exchangeDelayNs, idx, 0.95);
            assertQuantileMs("event p99", r.eventLatencyP99Ms, exchangeDelayNs, idx, 0.99);

            assertThat(Double.compare(r.regimeThreshold, threshold)).as("the threshold in use").isZero();
            if (Double.isNaN(threshold)) {
                assertThat(r.active.samples + r.quiet.samples).as("no split in the first window").isZero();
                assertThat(r.active.conclusive).isFalse();
                assertThat(r.quiet.conclusive).isFalse();
            } else {
                double t = threshold;
                double exact = RealTrades.exactQuantile(previousRates, 0.6);
                assertThat(t).as("at or above the previous window's 60%% quantile, by at most one bucket")
                        .isGreaterThanOrEqualTo(exact)
                        .isLessThanOrEqualTo(exact * (1 + A) / (1 - A) * (1 + 1e-9));
                long active = Arrays.stream(idx).filter(i -> z.get(i).hasZ() && z.get(i).tradesPerSecond > t).count();
                assertThat(r.active.samples).isEqualTo(active);
                assertThat(r.quiet.samples).isEqualTo(samples - active);
                assertThat(r.active.tail2 + r.quiet.tail2).isEqualTo(tail2);
                assertThat(r.active.floorHits + r.quiet.floorHits).isEqualTo(floorHits);
                assertThat(r.active.conclusive).isEqualTo(active >= SETTINGS.regimeMinSamples());
                assertThat(r.quiet.conclusive).isEqualTo(samples - active >= SETTINGS.regimeMinSamples());
            }
            previousRates = values(idx, hasZ, i -> z.get(i).tradesPerSecond);
            threshold = acc.nextRegimeThreshold(SETTINGS.regimeQuantile());
        }
    }

    @Test
    void theSeedsScaleBoundDoesNotFitBitcoinQuantities() {
        QualitySettings btc = SETTINGS.withSymbolOverrides(Map.of("scale-median-min", "0"),
                "estimator.symbols.BTCUSDT.quality");
        for (Map.Entry<Long, int[]> w : WINDOWS.entrySet()) {
            QualityAccumulator acc = new QualityAccumulator();
            for (int i : w.getValue()) {
                add(acc, i);
            }
            QualityReport seed = report(acc, w.getKey());
            assertThat(seed.scaleMedian).as("BTC trades are fractions of a coin").isLessThan(0.1);
            if (seed.level == QualityLevel.INCONCLUSIVE) {
                continue;
            }
            assertThat(seed.level).isEqualTo(QualityLevel.ROLLBACK);
            assertThat(seed.breaches).contains("scale median " + QualityEvaluator.digits(seed.scaleMedian) + " < 10");
            QualityReport tuned = acc.report("BTCUSDT", w.getKey(), w.getKey() + WINDOW_MS, "a1", "fp", btc);
            assertThat(tuned.breaches).doesNotContain("scale median");
        }
    }

    @Test
    void mergedPartsReportLikeTheWhole() {
        double threshold = Double.NaN;
        for (Map.Entry<Long, int[]> w : WINDOWS.entrySet()) {
            QualityAccumulator whole = new QualityAccumulator(threshold);
            QualityAccumulator even = new QualityAccumulator(threshold);
            QualityAccumulator odd = new QualityAccumulator(threshold);
            int n = 0;
            for (int i : w.getValue()) {
                add(whole, i);
                add(n++ % 2 == 0 ? even : odd, i);
            }
            even.merge(odd);
            assertThat(report(even, w.getKey())).usingRecursiveComparison()
                    .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class)
                    .isEqualTo(report(whole, w.getKey()));
            assertThat(Double.compare(even.nextRegimeThreshold(0.6), whole.nextRegimeThreshold(0.6))).isZero();
            threshold = whole.nextRegimeThreshold(0.6);
        }
        assertThatThrownBy(() -> new QualityAccumulator(1.0).merge(new QualityAccumulator(2.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyWindowReportsNaNAndIsInconclusive() {
        QualityReport r = report(new QualityAccumulator(3.0), 0);
        assertThat(r.samples).isZero();
        assertThat(r.tailP2).isNaN();
        assertThat(r.zMedian).isNaN();
        assertThat(r.scaleMedian).isNaN();
        assertThat(r.receiptLatencyP95Ms).isNaN();
        assertThat(r.tradesPerSecond).isZero();
        assertThat(r.level).isEqualTo(QualityLevel.INCONCLUSIVE);
        assertThat(r.active.conclusive).isFalse();
        assertThat(new QualityAccumulator().nextRegimeThreshold(0.6)).isNaN();
    }

    @Test
    void addingIsAllocationFreeOnceTheSketchesCoverTheWindow() {
        int[] idx = WINDOWS.values().stream().max((a, b) -> Integer.compare(a.length, b.length)).orElseThrow();
        QualityAccumulator acc = new QualityAccumulator(20.0);
        for (int i : idx) {
            add(acc, i);
        }
        double[] zs = new double[idx.length];
        double[] scale = new double[idx.length];
        double[] floor = new double[idx.length];
        double[] fast = new double[idx.length];
        double[] slow = new double[idx.length];
        double[] tps = new double[idx.length];
        boolean[] hit = new boolean[idx.length];
        WithheldReason[] reason = new WithheldReason[idx.length];
        long[] receipt = new long[idx.length];
        long[] event = new long[idx.length];
        for (int k = 0; k < idx.length; k++) {
            ZResult r = z.get(idx[k]);
            zs[k] = r.z;
            scale[k] = r.scale;
            floor[k] = r.floor;
            fast[k] = r.ewmaFast;
            slow[k] = r.ewmaSlow;
            tps[k] = r.tradesPerSecond;
            hit[k] = r.floorHit;
            reason[k] = r.reason;
            receipt[k] = processingNs[idx[k]];
            event[k] = exchangeDelayNs[idx[k]];
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int k = 0; k < idx.length; k++) {
            acc.add(zs[k], reason[k], scale[k], floor[k], fast[k], slow[k], hit[k], tps[k], receipt[k], event[k]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by %s adds", idx.length).isLessThan(1024);
        assertThat(acc.trades).isEqualTo(2L * idx.length);
    }
}
