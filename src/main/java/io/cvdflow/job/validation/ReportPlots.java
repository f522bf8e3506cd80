package io.cvdflow.job.validation;

import io.cvdflow.job.estimator.NormalQuantile;
import io.cvdflow.job.quality.LogBucketHistogram;
import io.cvdflow.job.quality.QualityReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report's plots, each an inline SVG element (see {@link SvgChart}). */
final class ReportPlots {
    static final int WIDTH = 660;
    static final int HEIGHT = 380;
    static final double MAX_ABS_Z = 8;
    private static final double DENSITY_BIN = 0.1;
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    /** One line of a plot: a label, a colour and the statistics drawn. */
    record Curve(String label, String color, SeriesStatistics stats) {}

    /** One profile's quality windows of one series. */
    record WindowCurve(String label, String color, List<QualityReport> windows) {}

    private ReportPlots() {}

    /**
     * The density of |Z| in bins of 0.1 on a log scale, one line per curve, against the density of |Z| for a
     * standard normal Z (the half-normal, 2 phi(z)). Empty bins break a line.
     */
    static String absZDensity(String id, String title, List<Curve> curves) {
        SvgChart chart = new SvgChart(id, title, WIDTH, HEIGHT, SvgChart.Axis.linear(0, MAX_ABS_Z, "|Z|"),
                SvgChart.Axis.log(1e-5, 2, "density of |Z| (log scale)"));
        chart.vertical(2, "#999", "3 3", null).vertical(3, "#999", "3 3", null);
        int bins = (int) Math.round(MAX_ABS_Z / DENSITY_BIN);
        for (Curve c : curves) {
            long n = c.stats().samples();
            if (n == 0) {
                continue;
            }
            double[] xs = new double[bins];
            double[] ys = new double[bins];
            for (int i = 0; i < bins; i++) {
                double lo = i * DENSITY_BIN;
                xs[i] = lo + DENSITY_BIN / 2;
                long count = c.stats().absCount(lo, lo + DENSITY_BIN);
                ys[i] = count == 0 ? Double.NaN : count / (n * DENSITY_BIN);
            }
            chart.line(xs, ys, c.color(), 1.6, null, c.label());
        }
        int steps = 161;
        double[] xs = new double[steps];
        double[] ys = new double[steps];
        for (int i = 0; i < steps; i++) {
            xs[i] = MAX_ABS_Z * i / (steps - 1);
            ys[i] = 2 * Math.exp(-xs[i] * xs[i] / 2) / SQRT_2PI;
        }
        chart.line(xs, ys, "#000", 2.4, "7 4", "normal: 2 phi(|z|)");
        return chart.svg();
    }

    /**
     * Quantiles of the signed Z against the standard normal's, one line per curve, at 199 evenly spaced
     * probabilities plus tail probabilities down to 1e-4 where the series has a value that far out.
     */
    static String normalQq(String id, String title, List<Curve> curves) {
        SvgChart chart = new SvgChart(id, title, WIDTH, HEIGHT, SvgChart.Axis.linear(-4, 4, "standard normal quantile"),
                SvgChart.Axis.linear(-MAX_ABS_Z, MAX_ABS_Z, "quantile of Z"));
        chart.line(new double[] {-4, 4}, new double[] {-4, 4}, "#000", 1.6, "7 4", "Z = normal");
        for (Curve c : curves) {
            long n = c.stats().samples();
            List<Double> probabilities = qqProbabilities(n);
            double[] xs = new double[probabilities.size()];
            double[] ys = new double[probabilities.size()];
            for (int i = 0; i < xs.length; i++) {
                double p = probabilities.get(i);
                xs[i] = NormalQuantile.of(p);
                ys[i] = c.stats().signedQuantile(p);
            }
            chart.line(xs, ys, c.color(), 1.6, null, c.label());
        }
        return chart.svg();
    }

    static List<Double> qqProbabilities(long n) {
        List<Double> ps = new ArrayList<>();
        if (n < 2) {
            return ps;
        }
        double[] tails = {1e-4, 3e-4, 1e-3, 3e-3};
        for (double t : tails) {
            if (t * n >= 1) {
                ps.add(t);
            }
        }
        for (int k = 1; k < 200; k++) {
            ps.add(k / 200.0);
        }
        for (int i = tails.length - 1; i >= 0; i--) {
            if (tails[i] * n >= 1) {
                ps.add(1 - tails[i]);
            }
        }
        return ps;
    }

    /**
     * P(|Z| &gt; 2) (solid, dots) and P(|Z| &gt; 3) (dashed) of each quality window over time, per profile, with the
     * seed's thresholds and the calibration goal's band. Windows with fewer than {@code minSamples} samples, which
     * the job does not judge, are faint P(|Z| &gt; 2) dots; lines join adjacent windows only.
     */
    static String windowTails(String id, String title, List<WindowCurve> curves, int minSamples) {
        long origin = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        double highest = 0;
        for (WindowCurve c : curves) {
            for (QualityReport w : c.windows()) {
                origin = Math.min(origin, w.windowStartMs);
                end = Math.max(end, w.windowEndMs);
                if (!Double.isNaN(w.tailP2)) {
                    highest = Math.max(highest, w.tailP2);
                }
            }
        }
        if (origin == Long.MAX_VALUE) {
            origin = 0;
            end = 60_000;
        }
        boolean hours = end - origin > 3 * 3_600_000L;
        double unitMs = hours ? 3_600_000.0 : 60_000.0;
        double top = Math.min(100, Math.max(12, Math.ceil(highest * 100 / 5) * 5 + 2));
        SvgChart chart = new SvgChart(id, title, WIDTH, HEIGHT,
                SvgChart.Axis.linear(0, Math.max(1, (end - origin) / unitMs), hours ? "hours since first window" : "minutes since first window"),
                SvgChart.Axis.linear(0, top, "share of the window's Z values, %"));
        chart.band(100 * SuccessCriteria.GOAL_MIN_P2, 100 * SuccessCriteria.GOAL_MAX_P2, "#2ca02c", "goal band P(|Z|>2)");
        chart.horizontal(100 * SuccessCriteria.SEED_MAX_P2, "#ff7f0e", null, "P(|Z|>2) limit 8%");
        chart.horizontal(10, "#d62728", null, "P(|Z|>2) rollback 10%");
        chart.horizontal(100 * SuccessCriteria.SEED_MAX_P3, "#ff7f0e", "2 3", "P(|Z|>3) limit 2.5%");
        for (WindowCurve c : curves) {
            List<double[]> faint = new ArrayList<>();
            List<double[]> firm = new ArrayList<>();
            List<double[]> path = new ArrayList<>();
            long previousEnd = Long.MIN_VALUE;
            for (QualityReport w : c.windows()) {
                double x = (w.windowStartMs + (w.windowEndMs - w.windowStartMs) / 2.0 - origin) / unitMs;
                double[] point = {x, 100 * w.tailP2, 100 * w.tailP3};
                if (w.samples < minSamples) {
                    faint.add(point);
                    continue;
                }
                if (w.windowStartMs != previousEnd) {
                    // lines join adjacent windows only
                    path.add(new double[] {x, Double.NaN, Double.NaN});
                }
                path.add(point);
                firm.add(point);
                previousEnd = w.windowEndMs;
            }
            chart.line(column(path, 0), column(path, 1), c.color(), 1.0, null, c.label() + " P(|Z|>2)");
            chart.line(column(path, 0), column(path, 2), c.color(), 1.0, "4 3", c.label() + " P(|Z|>3)");
            chart.points(column(firm, 0), column(firm, 1), c.color(), 2.2, 0.9, null);
            chart.points(column(faint, 0), column(faint, 1), c.color(), 2.2, 0.3, null);
        }
        return chart.svg();
    }

    private static double[] column(List<double[]> rows, int i) {
        double[] c = new double[rows.size()];
        for (int r = 0; r < c.length; r++) {
            c[r] = rows.get(r)[i];
        }
        return c;
    }

    /** Percent levels of the latency curve: every quarter percent to 99, then finer into the tail. */
    private static double[] latencyLevels() {
        double[] tail = {99.25, 99.5, 99.75, 99.9, 99.95, 99.99, 100};
        double[] levels = new double[397 + tail.length];
        for (int i = 0; i < 397; i++) {
            levels[i] = i * 0.25;
        }
        System.arraycopy(tail, 0, levels, 397, tail.length);
        return levels;
    }

    /** The distribution function of the receipt-to-emission latency on a log axis, with each curve's P99. */
    static String latencyCdf(String id, String title, List<Curve> curves) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = SuccessCriteria.SEED_MAX_LATENCY_P99_MS * 2;
        for (Curve c : curves) {
            LogBucketHistogram h = c.stats().latencyNs();
            if (h.count() > 0) {
                lo = Math.min(lo, Math.max(1e-3, c.stats().latencyMs(0)));
                hi = Math.max(hi, c.stats().latencyMs(1));
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0.01;
        }
        double from = Math.pow(10, Math.floor(Math.log10(lo)));
        double to = Math.pow(10, Math.ceil(Math.log10(hi)));
        SvgChart chart = new SvgChart(id, title, WIDTH, HEIGHT, SvgChart.Axis.log(from, to, "latency, ms (log scale)"),
                SvgChart.Axis.linear(0, 100, "share of Z records at or below, %"));
        chart.vertical(SuccessCriteria.SEED_MAX_LATENCY_P99_MS, "#d62728", null, "P99 limit 100 ms");
        chart.horizontal(99, "#999", "3 3", null);
        for (Curve c : curves) {
            if (c.stats().latencyNs().count() == 0) {
                continue;
            }
            double[] ys = latencyLevels();
            double[] xs = new double[ys.length];
            for (int i = 0; i < ys.length; i++) {
                xs[i] = Math.max(from, c.stats().latencyMs(ys[i] / 100));
            }
            double p99 = c.stats().latencyMs(0.99);
            chart.line(xs, ys, c.color(), 1.8, null, String.format(Locale.ROOT, "%s (P99 %.1f ms)", c.label(), p99));
            chart.vertical(p99, c.color(), "2 3", null);
        }
        return chart.svg();
    }
}
