package io.cvdflow.job.quality;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QualityEvaluatorTest {
    private static final QualitySettings SEED = QualitySettings.defaults();
    private static final QualitySettings RATIO = QualitySettings.fromMap(Map.of("breach-test", "ratio"), "quality");

    private static QualityReport report(long samples, long tail2, long tail3, long floorHits) {
        QualityReport r = new QualityReport();
        r.symbol = "BTCUSDT";
        r.samples = samples;
        r.tail2 = tail2;
        r.tail3 = tail3;
        r.floorHits = floorHits;
        r.tailP2 = (double) tail2 / samples;
        r.tailP3 = (double) tail3 / samples;
        r.floorHitRate = (double) floorHits / samples;
        r.scaleMedian = 20;
        r.receiptLatencyP95Ms = 5;
        return r;
    }

    private static QualityReport judged(QualitySettings settings, QualityReport r) {
        settings.evaluator().judge(r);
        return r;
    }

    @Test
    void wilsonIntervalMatchesKnownValues() {
        assertThat(QualityEvaluator.wilsonLower(10, 100)).isCloseTo(0.0552, within(5e-5));
        assertThat(QualityEvaluator.wilsonUpper(10, 100)).isCloseTo(0.1744, within(5e-5));
        assertThat(QualityEvaluator.wilsonLower(50, 100)).isCloseTo(0.4038, within(5e-5));
        assertThat(QualityEvaluator.wilsonUpper(50, 100)).isCloseTo(0.5962, within(5e-5));
        assertThat(QualityEvaluator.wilsonLower(0, 10)).isZero();
        assertThat(QualityEvaluator.wilsonUpper(0, 10)).isCloseTo(0.2775, within(5e-5));
        assertThat(QualityEvaluator.wilsonLower(1, 1)).isCloseTo(0.2065, within(5e-5));
        assertThat(QualityEvaluator.wilsonUpper(1, 1)).isEqualTo(1.0);
        assertThat(QualityEvaluator.wilsonLower(0, 0)).isZero();
    }

    @Test
    void seedDefaults() {
        QualityThresholds t = SEED.thresholds();
        assertThat(t.tailP2()).isEqualTo(new ProportionBounds(0.05, 0.08, 0.10));
        assertThat(t.tailP3()).isEqualTo(new ProportionBounds(0.01, 0.025, 0.05));
        assertThat(t.floorHitRate()).isEqualTo(new ProportionBounds(0.1, 0.2, 0.3));
        assertThat(t.scaleMedianMin()).isEqualTo(10);
        assertThat(t.latencyP95MaxMs()).isEqualTo(500);
        assertThat(SEED.breachTest()).isEqualTo(BreachTest.WILSON);
    }

    @Test
    void credibleTailBreachIsARollbackAndSaysWhy() {
        QualityReport r = judged(SEED, report(1000, 121, 3, 0));
        assertThat(r.level).isEqualTo(QualityLevel.ROLLBACK);
        assertThat(r.breaches).isEqualTo("P2 12.1% > 10% (wilson lower 10.2%)");
    }

    @Test
    void smallSampleWithAnExtremeRatioRollsBackOnlyUnderRatio() {
        QualityReport wilson = judged(SEED, report(100, 12, 6, 0));
        assertThat(wilson.level).isEqualTo(QualityLevel.CRITICAL);
        assertThat(wilson.breaches).isEqualTo("P3 6% > 2.5% (wilson lower 2.78%)");

        QualityReport ratio = judged(RATIO, report(100, 12, 6, 0));
        assertThat(ratio.level).isEqualTo(QualityLevel.ROLLBACK);
        assertThat(ratio.breaches).isEqualTo("P2 12% > 10%; P3 6% > 5%");
    }

    @Test
    void belowTheMinimumNothingIsTestedHoweverExtreme() {
        for (QualitySettings s : new QualitySettings[] {SEED, RATIO}) {
            QualityReport r = report(99, 99, 99, 99);
            r.scaleMedian = 0.001;
            r.receiptLatencyP95Ms = 10_000;
            judged(s, r);
            assertThat(r.level).isEqualTo(QualityLevel.INCONCLUSIVE);
            assertThat(r.breaches).isEqualTo("samples 99 < 100");
        }
    }

    @Test
    void theMinimumIsWhatStopsASingleSample() {
        QualitySettings one = QualitySettings.fromMap(Map.of("window-min-samples", "1"), "quality");
        QualityReport r = judged(one, report(1, 1, 0, 0));
        assertThat(r.level).as("1 of 1 has a Wilson lower bound of 20.7%").isEqualTo(QualityLevel.ROLLBACK);
        assertThat(r.breaches).isEqualTo("P2 100% > 10% (wilson lower 20.7%)");
    }

    @Test
    void eachMetricReachesItsLevels() {
        assertThat(judged(SEED, report(1000, 30, 5, 50)).level).isEqualTo(QualityLevel.OK);
        assertThat(judged(SEED, report(1000, 30, 5, 50)).breaches).isEmpty();
        assertThat(judged(SEED, report(1000, 80, 5, 0)).breaches).isEqualTo("P2 8% > 5% (wilson lower 6.47%)");
        assertThat(judged(SEED, report(1000, 80, 5, 0)).level).isEqualTo(QualityLevel.WARNING);
        assertThat(judged(SEED, report(1000, 30, 40, 0)).level).isEqualTo(QualityLevel.CRITICAL);
        assertThat(judged(SEED, report(100, 0, 0, 40)).breaches).isEqualTo("floor hit 0.4 > 0.3 (wilson lower 0.309)");
        assertThat(judged(SEED, report(100, 0, 0, 40)).level).isEqualTo(QualityLevel.ROLLBACK);
    }

    @Test
    void theWorstLevelDecidesAndOnlyItsBreachesAreListed() {
        QualityReport r = judged(SEED, report(1000, 70, 40, 250));
        assertThat(r.level).isEqualTo(QualityLevel.CRITICAL);
        assertThat(r.breaches).as("P2 is only at WARNING")
                .isEqualTo("P3 4% > 2.5% (wilson lower 2.95%); floor hit 0.25 > 0.2 (wilson lower 0.224)");
    }

    @Test
    void scaleMedianAndLatencyAreRollbackBoundsThatZeroDisables() {
        QualityReport scale = report(1000, 0, 0, 0);
        scale.scaleMedian = 7.2;
        judged(SEED, scale);
        assertThat(scale.level).isEqualTo(QualityLevel.ROLLBACK);
        assertThat(scale.breaches).isEqualTo("scale median 7.2 < 10");

        QualitySettings btc = SEED.withSymbolOverrides(Map.of("scale-median-min", "0.001"),
                "estimator.symbols.BTCUSDT.quality");
        QualityReport small = report(1000, 0, 0, 0);
        small.scaleMedian = 0.0042;
        assertThat(judged(btc, small).level).isEqualTo(QualityLevel.OK);
        QualitySettings off = SEED.withSymbolOverrides(Map.of("scale-median-min", "0"), "x");
        small.scaleMedian = 1e-9;
        assertThat(judged(off, small).level).isEqualTo(QualityLevel.OK);

        QualityReport slow = report(1000, 0, 0, 0);
        slow.receiptLatencyP95Ms = 612;
        judged(SEED, slow);
        assertThat(slow.level).isEqualTo(QualityLevel.ROLLBACK);
        assertThat(slow.breaches).isEqualTo("latency p95 612 ms > 500 ms");
        QualitySettings noLatency = QualitySettings.fromMap(Map.of("latency-p95-max", "0"), "quality");
        assertThat(judged(noLatency, slow).level).isEqualTo(QualityLevel.OK);
    }
}
