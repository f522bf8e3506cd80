package io.cvdflow.job.quality;

import io.cvdflow.job.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QualitySettingsTest {

    @Test
    void defaultsAreTheSeeds() {
        QualitySettings s = QualitySettings.defaults();
        assertThat(s.checkIntervalMs()).isEqualTo(60_000);
        assertThat(s.regimeQuantile()).isEqualTo(0.60);
        assertThat(s.regimeMinSamples()).isEqualTo(1000);
        assertThat(s.windowMinSamples()).isEqualTo(100);
        assertThat(s.breachTest()).isEqualTo(BreachTest.WILSON);
        assertThat(s.rollbackChecks()).isEqualTo(3);
        assertThat(s.rollbackDelayMs()).isEqualTo(30_000);
        assertThat(s.verificationMs()).isEqualTo(300_000);
        assertThat(s.verificationPassRatio()).isEqualTo(0.8);
        assertThat(s.asMap()).containsOnlyKeys(QualitySettings.DEFAULTS.keySet());
        assertThat(QualitySettings.fromMap(Map.of(), "quality")).isEqualTo(s);
    }

    @Test
    void everyKeyIsSettable() {
        Map<String, String> raw = new HashMap<>();
        raw.put("check-interval", "30s");
        raw.put("regime-quantile", "0.75");
        raw.put("regime-min-samples", "200");
        raw.put("window-min-samples", "50");
        raw.put("breach-test", "ratio");
        raw.put("p2-warning", "0.04");
        raw.put("p2-critical", "6%");
        raw.put("p2-rollback", " 12 % ");
        raw.put("p3-warning", "0.5%");
        raw.put("p3-critical", "1%");
        raw.put("p3-rollback", "2%");
        raw.put("floor-hit-warning", "0.2");
        raw.put("floor-hit-critical", "0.4");
        raw.put("floor-hit-rollback", "50%");
        raw.put("scale-median-min", "0.001");
        raw.put("latency-p95-max", "2s");
        raw.put("rollback-consecutive-checks", "5");
        raw.put("rollback-delay", "0s");
        raw.put("verification-period", "10m");
        raw.put("verification-pass-ratio", "0.5");
        QualitySettings s = QualitySettings.fromMap(raw, "quality");
        assertThat(s.checkIntervalMs()).isEqualTo(30_000);
        assertThat(s.regimeQuantile()).isEqualTo(0.75);
        assertThat(s.regimeMinSamples()).isEqualTo(200);
        assertThat(s.windowMinSamples()).isEqualTo(50);
        assertThat(s.breachTest()).isEqualTo(BreachTest.RATIO);
        assertThat(s.thresholds()).isEqualTo(new QualityThresholds(
                new ProportionBounds(0.04, 0.06, 0.12),
                new ProportionBounds(0.005, 0.01, 0.02),
                new ProportionBounds(0.2, 0.4, 0.5),
                0.001,
                2000));
        assertThat(s.rollbackChecks()).isEqualTo(5);
        assertThat(s.rollbackDelayMs()).isZero();
        assertThat(s.verificationMs()).isEqualTo(600_000);
        assertThat(s.verificationPassRatio()).isEqualTo(0.5);
    }

    @Test
    void symbolOverridesApplyOnTopAndRefuseJobWideKeys() {
        QualitySettings job = QualitySettings.fromMap(Map.of("p2-rollback", "12%"), "quality");
        QualitySettings eth = job.withSymbolOverrides(Map.of("scale-median-min", "0.5", "window-min-samples", "40"),
                "estimator.symbols.ETHUSDT.quality");
        assertThat(eth.thresholds().scaleMedianMin()).isEqualTo(0.5);
        assertThat(eth.windowMinSamples()).isEqualTo(40);
        assertThat(eth.thresholds().tailP2().rollback()).as("kept from the job's settings").isEqualTo(0.12);
        assertThat(job.thresholds().scaleMedianMin()).as("the job's settings are unchanged").isEqualTo(10);

        assertThatThrownBy(() -> job.withSymbolOverrides(Map.of("rollback-delay", "10s"),
                "estimator.symbols.ETHUSDT.quality"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("estimator.symbols.ETHUSDT.quality.rollback-delay holds for the whole job and cannot be set"
                        + " per symbol: set it under quality.rollback-delay");
    }

    private static void refused(Map<String, String> raw, String message) {
        assertThatThrownBy(() -> QualitySettings.fromMap(raw, "quality"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void badValuesNameTheKeyTheValueAndTheBound() {
        refused(Map.of("p2-rollbak", "10%"), "quality.p2-rollbak is not a quality setting: known are "
                + new java.util.TreeSet<>(QualitySettings.DEFAULTS.keySet()));
        refused(Map.of("p2-rollback", "10"),
                "quality.p2-rollback = 10 is above 1: write a percentage with % (10%) or a fraction");
        refused(Map.of("p2-rollback", "ten"), "quality.p2-rollback = 'ten' is not a proportion: write 5% or 0.05");
        refused(Map.of("p3-rollback", "120%"),
                "quality.p3-rollback = 120% is out of bounds: must be within [0, 1] (0% to 100%)");
        refused(Map.of("p2-warning", "9%"),
                "quality.p2-warning = 9% is out of bounds: must be at most p2-critical (8%)");
        refused(Map.of("floor-hit-critical", "0.35"),
                "quality.floor-hit-critical = 0.35 is out of bounds: must be at most floor-hit-rollback (0.3)");
        refused(Map.of("regime-quantile", "1"), "quality.regime-quantile = 1 is out of bounds: must be within (0, 1)");
        refused(Map.of("regime-quantile", "NaN"), "quality.regime-quantile = 'NaN' is not a number");
        refused(Map.of("regime-min-samples", "0"),
                "quality.regime-min-samples = 0 is out of bounds: must be within [1, 1000000000]");
        refused(Map.of("window-min-samples", "1.5"), "quality.window-min-samples = '1.5' is not an integer");
        refused(Map.of("breach-test", "bayes"),
                "quality.breach-test = 'bayes' is not a breach test: use wilson or ratio");
        refused(Map.of("scale-median-min", "-1"),
                "quality.scale-median-min = -1 is out of bounds: must be at least 0 (0 disables the check)");
        refused(Map.of("check-interval", "500ms"),
                "quality.check-interval = 500ms is out of bounds: must be at least 1s");
        refused(Map.of("rollback-delay", "soon"),
                "quality.rollback-delay = 'soon' is not a duration: write e.g. 500ms, 10s, 2m, 1h");
        refused(Map.of("verification-period", "30s"), "quality.verification-period = 30s is out of bounds: must be at"
                + " least check-interval (60s): no check window would fit in a shorter period");
        refused(Map.of("verification-pass-ratio", "1"), "quality.verification-pass-ratio = 1 is out of bounds: must be"
                + " within [0, 1): a rollback is confirmed when MORE than this share of checks pass");
        refused(Map.of("rollback-consecutive-checks", "0"),
                "quality.rollback-consecutive-checks = 0 is out of bounds: must be within [1, 1000]");
        refused(Map.of("p2-warning", " "), "quality.p2-warning has no value");
    }
}
