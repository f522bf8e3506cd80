package io.cvdflow.job.quality;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Gives a quality report its level: the worst level any metric reaches, or {@link QualityLevel#INCONCLUSIVE}
 * when the window has fewer samples than the minimum (then no metric is tested, so a small window never
 * breaches). Proportions are tested with the configured {@link BreachTest}; the scale median and the latency
 * p95 (receipt to emission: the job's own delay, meaningful on a replay too) are plain comparisons.
 */
public final class QualityEvaluator implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The standard normal quantile of 0.975, for a two-sided 95% interval. */
    static final double Z_95 = 1.959963984540054;

    private final QualityThresholds thresholds;
    private final int windowMinSamples;
    private final BreachTest breachTest;

    public QualityEvaluator(QualityThresholds thresholds, int windowMinSamples, BreachTest breachTest) {
        this.thresholds = thresholds;
        this.windowMinSamples = windowMinSamples;
        this.breachTest = breachTest;
    }

    /** Sets {@code report.level} and {@code report.breaches} from its statistics. */
    public void judge(QualityReport report) {
        if (report.samples < windowMinSamples) {
            report.level = QualityLevel.INCONCLUSIVE;
            report.breaches = "samples " + report.samples + " < " + windowMinSamples;
            return;
        }
        Verdict v = new Verdict();
        proportion(v, "P2", true, report.tail2, report.samples, thresholds.tailP2());
        proportion(v, "P3", true, report.tail3, report.samples, thresholds.tailP3());
        proportion(v, "floor hit", false, report.floorHits, report.samples, thresholds.floorHitRate());
        if (thresholds.scaleMedianMin() > 0 && report.scaleMedian < thresholds.scaleMedianMin()) {
            v.breach(QualityLevel.ROLLBACK, "scale median " + digits(report.scaleMedian) + " < "
                    + digits(thresholds.scaleMedianMin()));
        }
        if (thresholds.latencyP95MaxMs() > 0 && report.receiptLatencyP95Ms > thresholds.latencyP95MaxMs()) {
            v.breach(QualityLevel.ROLLBACK, "latency p95 " + digits(report.receiptLatencyP95Ms) + " ms > "
                    + digits(thresholds.latencyP95MaxMs()) + " ms");
        }
        report.level = v.level;
        report.breaches = v.text.toString();
    }

    private void proportion(Verdict v, String name, boolean percent, long hits, long n, ProportionBounds bounds) {
        double ratio = (double) hits / n;
        double tested = breachTest == BreachTest.WILSON ? wilsonLower(hits, n) : ratio;
        QualityLevel level;
        double bound;
        if (tested > bounds.rollback()) {
            level = QualityLevel.ROLLBACK;
            bound = bounds.rollback();
        } else if (tested > bounds.critical()) {
            level = QualityLevel.CRITICAL;
            bound = bounds.critical();
        } else if (tested > bounds.warning()) {
            level = QualityLevel.WARNING;
            bound = bounds.warning();
        } else {
            return;
        }
        String text = name + " " + proportion(ratio, percent) + " > " + proportion(bound, percent);
        if (breachTest == BreachTest.WILSON) {
            text += " (wilson lower " + proportion(tested, percent) + ")";
        }
        v.breach(level, text);
    }

    /** The lower end of the 95% Wilson score interval of {@code hits / n}; 0 when {@code n} is 0. */
    public static double wilsonLower(long hits, long n) {
        return n == 0 ? 0 : Math.max(0, wilsonCenter(hits, n) - wilsonHalfWidth(hits, n));
    }

    /** The upper end of the 95% Wilson score interval of {@code hits / n}; 1 when {@code n} is 0. */
    public static double wilsonUpper(long hits, long n) {
        return n == 0 ? 1 : Math.min(1, wilsonCenter(hits, n) + wilsonHalfWidth(hits, n));
    }

    private static double wilsonCenter(long hits, long n) {
        double p = (double) hits / n;
        double z2 = Z_95 * Z_95;
        return (p + z2 / (2.0 * n)) / (1 + z2 / n);
    }

    private static double wilsonHalfWidth(long hits, long n) {
        double p = (double) hits / n;
        double z2 = Z_95 * Z_95;
        return Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
    }

    private static String proportion(double fraction, boolean percent) {
        return percent ? digits(fraction * 100) + "%" : digits(fraction);
    }

    /** Three significant digits, no exponent, no trailing zeros. */
    static String digits(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** The worst level so far and the breaches at that level. */
    private static final class Verdict {
        QualityLevel level = QualityLevel.OK;
        final StringBuilder text = new StringBuilder();

        void breach(QualityLevel at, String what) {
            if (at.ordinal() > level.ordinal()) {
                level = at;
                text.setLength(0);
            }
            if (at == level) {
                if (text.length() > 0) {
                    text.append("; ");
                }
                text.append(what);
            }
        }
    }
}
