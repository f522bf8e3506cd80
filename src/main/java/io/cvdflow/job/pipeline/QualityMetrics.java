package io.cvdflow.job.pipeline;

import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.quality.QualityLevel;
import io.cvdflow.job.quality.QualityReport;
import io.cvdflow.job.quality.QualitySettings;
import io.cvdflow.job.quality.RegimeStats;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Gauges holding each symbol's latest quality window (docs/METRICS.md), by regime {@code all}, {@code active}
 * and {@code quiet}. A symbol's gauges register with its first report.
 */
final class QualityMetrics {
    private final MetricGroup operator;
    private final CvdConfig config;
    private final Map<String, Latest> symbols = new HashMap<>();

    QualityMetrics(MetricGroup operator, CvdConfig config) {
        this.operator = operator;
        this.config = config;
    }

    void report(QualityReport r, QualitySettings settings) {
        Latest latest = symbols.computeIfAbsent(r.symbol, s -> new Latest(operator.addGroup("symbol", s), config.quality(s)));
        latest.report = r;
        if (r.level != QualityLevel.OK && r.level != QualityLevel.INCONCLUSIVE) {
            latest.warnings.inc();
        }
    }

    private static final class Latest {
        volatile QualityReport report;
        final Counter warnings;

        Latest(MetricGroup symbol, QualitySettings settings) {
            warnings = symbol.counter("cvd_warnings");
            regime(symbol.addGroup("regime", "all"), QualityMetrics::wholeWindow, r -> r.ewmaFastMedian, r -> r.ewmaSlowMedian);
            regime(symbol.addGroup("regime", "active"), r -> r.active, r -> Double.NaN, r -> Double.NaN);
            regime(symbol.addGroup("regime", "quiet"), r -> r.quiet, r -> Double.NaN, r -> Double.NaN);
            symbol.gauge("cvd_active_samples", () -> value(r -> r.active.samples));
            symbol.gauge("cvd_quiet_samples", () -> value(r -> r.quiet.samples));
            symbol.gauge("cvd_regime_threshold", () -> value(r -> r.regimeThreshold));
            symbol.gauge("cvd_latency_p95_seconds", () -> value(r -> r.receiptLatencyP95Ms / 1000));
            symbol.gauge("cvd_quality_level",
                    () -> value(r -> r.level == QualityLevel.INCONCLUSIVE ? -1 : r.level.ordinal()));
            symbol.gauge("cvd_scale_median_min", () -> settings.thresholds().scaleMedianMin());
        }

        private double value(ToDoubleFunction<QualityReport> f) {
            QualityReport r = report;
            return r == null ? Double.NaN : f.applyAsDouble(r);
        }

        /** The EWMA medians exist for the whole window only; the regimes report NaN for them. */
        private void regime(MetricGroup g, Function<QualityReport, RegimeStats> stats,
                ToDoubleFunction<QualityReport> fast, ToDoubleFunction<QualityReport> slow) {
            g.gauge("cvd_window_samples", () -> value(r -> stats.apply(r).samples));
            g.gauge("cvd_z_tail_p2", () -> value(r -> stats.apply(r).tailP2));
            g.gauge("cvd_z_tail_p3", () -> value(r -> stats.apply(r).tailP3));
            g.gauge("cvd_z_p95", () -> value(r -> stats.apply(r).zP95));
            g.gauge("cvd_z_median", () -> value(r -> stats.apply(r).zMedian));
            g.gauge("cvd_floor_hit_rate", () -> value(r -> stats.apply(r).floorHitRate));
            g.gauge("cvd_scale_median", () -> value(r -> stats.apply(r).scaleMedian));
            g.gauge("cvd_sigma_floor_median", () -> value(r -> stats.apply(r).floorMedian));
            g.gauge("cvd_ewma_fast_median", () -> value(fast));
            g.gauge("cvd_ewma_slow_median", () -> value(slow));
        }
    }

    private static RegimeStats wholeWindow(QualityReport r) {
        RegimeStats s = new RegimeStats();
        s.samples = r.samples;
        s.tailP2 = r.tailP2;
        s.tailP3 = r.tailP3;
        s.zP95 = r.zP95;
        s.zMedian = r.zMedian;
        s.floorHitRate = r.floorHitRate;
        s.scaleMedian = r.scaleMedian;
        s.floorMedian = r.floorMedian;
        return s;
    }
}
