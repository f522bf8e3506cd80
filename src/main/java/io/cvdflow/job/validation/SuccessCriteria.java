package io.cvdflow.job.validation;

import io.cvdflow.job.estimator.EstimatorParameters;
import io.cvdflow.job.estimator.ZMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a series must show to pass. Every profile is held to the seed's success criteria: P(|Z| &gt; 2) &lt;= 8%,
 * P(|Z| &gt; 3) &lt;= 2.5%, latency P99 &lt;= 100 ms. A profile whose {@code Z_MODE} is {@code calibrated} is also
 * held to the calibration goal of issue 6: P(|Z| &gt; 2) within [3.5%, 6.5%] (a normal Z gives 4.55%) and
 * P(|Z| &gt; 3) &lt;= 1% (normal: 0.27%).
 *
 * <p>Latency is judged only when the input arrives at a live-like pace (a paced replay, or live): a replay at
 * full speed saturates the job on purpose, so its latency measures queueing, not the job.
 *
 * <p>Every series gets a verdict, and how depends on its samples. With at least {@code minSamples} Z values the
 * tail ratios themselves are held to the limits: at 1000 Z values one standard error of P(|Z| &gt; 2) is 0.66
 * points, so the band [3.5%, 6.5%] is about +-2.3 standard errors around the normal 4.55%. A thinner series
 * cannot be judged that way (on 62 Z values the standard error is 2.6 points, and one exceedance moves the ratio
 * by 1.6), so its exceedance counts are: a limit is missed only when the exact binomial test at level
 * {@value #THIN_TEST_ALPHA} rejects every rate the limit allows, that is when the exact
 * {@value #THIN_TEST_CONFIDENCE_PERCENT}% interval of the rate ({@link ExactBinomial}) lies wholly outside it.
 */
public final class SuccessCriteria {
    public static final double SEED_MAX_P2 = 0.08;
    public static final double SEED_MAX_P3 = 0.025;
    public static final double SEED_MAX_LATENCY_P99_MS = 100;
    public static final double GOAL_MIN_P2 = 0.035;
    public static final double GOAL_MAX_P2 = 0.065;
    public static final double GOAL_MAX_P3 = 0.01;
    public static final int DEFAULT_MIN_SAMPLES = 1000;
    /** Level of the exact binomial test that judges the tail counts of a thin series. */
    public static final double THIN_TEST_ALPHA = 0.01;
    static final int THIN_TEST_CONFIDENCE_PERCENT = 99;

    /** A series' standing. */
    public enum Status {
        PASS,
        FAIL
    }

    /** How a series' tail ratios were judged. */
    public enum Basis {
        /** The ratios against the limits: enough samples. */
        RATIOS,
        /** The exact binomial test of the exceedance counts: too few samples for the ratios. */
        EXACT_TEST
    }

    /** The status, how it was reached, and, when failed, each criterion missed with its figure. */
    public record Verdict(Status status, Basis basis, List<String> misses) {
        public String describe() {
            return misses.isEmpty() ? status.name() : status + ": " + String.join("; ", misses);
        }
    }

    private final boolean calibrationGoal;
    private final boolean judgeLatency;
    private final int minSamples;

    public SuccessCriteria(boolean calibrationGoal, boolean judgeLatency, int minSamples) {
        if (minSamples < 1) {
            throw new IllegalArgumentException("minimum samples must be at least 1: " + minSamples);
        }
        this.calibrationGoal = calibrationGoal;
        this.judgeLatency = judgeLatency;
        this.minSamples = minSamples;
    }

    /** The criteria for a profile: the calibration goal applies when its Z mode is calibrated. */
    public static SuccessCriteria forParameters(EstimatorParameters parameters, boolean judgeLatency, int minSamples) {
        return new SuccessCriteria(parameters.zMode() == ZMode.CALIBRATED, judgeLatency, minSamples);
    }

    public int minSamples() {
        return minSamples;
    }

    /** Whether a series has the samples to be judged by its tail ratios. */
    public boolean enoughSamples(SeriesStatistics s) {
        return s.samples() >= minSamples;
    }

    /** The exact {@value #THIN_TEST_CONFIDENCE_PERCENT}% interval of P(|Z| &gt; 2) of a series. */
    public static double[] intervalP2(SeriesStatistics s) {
        return ExactBinomial.interval(s.aboveTwo(), s.samples(), THIN_TEST_ALPHA);
    }

    /** The exact {@value #THIN_TEST_CONFIDENCE_PERCENT}% interval of P(|Z| &gt; 3) of a series. */
    public static double[] intervalP3(SeriesStatistics s) {
        return ExactBinomial.interval(s.aboveThree(), s.samples(), THIN_TEST_ALPHA);
    }

    /** Judges one series: by its tail ratios with enough samples, else by the exact test of its counts. */
    public Verdict judge(SeriesStatistics s) {
        boolean ratios = enoughSamples(s);
        List<String> misses = new ArrayList<>();
        if (s.samples() == 0) {
            return new Verdict(Status.FAIL, Basis.EXACT_TEST, List.of("no Z values"));
        }
        double[] p2 = ratios ? new double[] {s.tailP2(), s.tailP2()} : intervalP2(s);
        double[] p3 = ratios ? new double[] {s.tailP3(), s.tailP3()} : intervalP3(s);
        String p2Name = ratios ? "P(|Z|>2) " + percent(s.tailP2()) : "P(|Z|>2) " + interval(p2);
        String p3Name = ratios ? "P(|Z|>3) " + percent(s.tailP3()) : "P(|Z|>3) " + interval(p3);
        if (!(p2[0] <= SEED_MAX_P2)) {
            misses.add(p2Name + " > " + percent(SEED_MAX_P2));
        }
        if (!(p3[0] <= SEED_MAX_P3)) {
            misses.add(p3Name + " > " + percent(SEED_MAX_P3));
        }
        double p99 = s.latencyMs(0.99);
        if (judgeLatency && !(p99 <= SEED_MAX_LATENCY_P99_MS)) {
            misses.add(String.format(Locale.ROOT, "latency P99 %.1f ms > %.0f ms", p99, SEED_MAX_LATENCY_P99_MS));
        }
        if (calibrationGoal) {
            if (p2[1] < GOAL_MIN_P2 || p2[0] > GOAL_MAX_P2) {
                misses.add(p2Name + " outside [" + percent(GOAL_MIN_P2) + ", " + percent(GOAL_MAX_P2) + "]");
            }
            if (p3[0] > GOAL_MAX_P3) {
                misses.add(p3Name + " > " + percent(GOAL_MAX_P3));
            }
        }
        return new Verdict(misses.isEmpty() ? Status.PASS : Status.FAIL, ratios ? Basis.RATIOS : Basis.EXACT_TEST,
                List.copyOf(misses));
    }

    /** The criteria in words. */
    public String describe() {
        String seed = "P(|Z|>2) <= " + percent(SEED_MAX_P2) + ", P(|Z|>3) <= " + percent(SEED_MAX_P3)
                + ", latency P99 <= " + (int) SEED_MAX_LATENCY_P99_MS + " ms" + (judgeLatency ? ""
                        : " (not judged: a replay at full speed saturates the job on purpose)") + " (seed)";
        String criteria = calibrationGoal ? seed + "; P(|Z|>2) in [" + percent(GOAL_MIN_P2) + ", "
                + percent(GOAL_MAX_P2) + "], P(|Z|>3) <= " + percent(GOAL_MAX_P3) + " (calibration goal)" : seed;
        return String.format(Locale.ROOT, "%s. A series with %,d Z values or more is judged by its tail ratios; a "
                + "thinner one by its exceedance counts: it misses a limit only when the exact binomial test at "
                + "level %.2f rejects every rate the limit allows (the exact %d%% interval lies wholly outside it)",
                criteria, minSamples, THIN_TEST_ALPHA, THIN_TEST_CONFIDENCE_PERCENT);
    }

    /** An exact interval as {@code 99% CI [low, high]}, both ends in percent. */
    public static String interval(double[] lowHigh) {
        return THIN_TEST_CONFIDENCE_PERCENT + "% CI [" + percent(lowHigh[0]) + ", " + percent(lowHigh[1]) + "]";
    }

    /** A fraction as a percentage with two decimals, or n/a for NaN. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
