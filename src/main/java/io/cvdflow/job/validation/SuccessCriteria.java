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
 * <p>A tail ratio needs samples: at 1000 Z values one standard error of P(|Z| &gt; 2) is 0.66 points, while on the
 * 18 Z values of a thin two-minute recording one exceedance moves it by 5.6 points. A series with fewer than
 * {@code minSamples} Z values is therefore {@link Status#THIN}, not judged alone; the thin series of a profile
 * are judged pooled.
 */
public final class SuccessCriteria {
    public static final double SEED_MAX_P2 = 0.08;
    public static final double SEED_MAX_P3 = 0.025;
    public static final double SEED_MAX_LATENCY_P99_MS = 100;
    public static final double GOAL_MIN_P2 = 0.035;
    public static final double GOAL_MAX_P2 = 0.065;
    public static final double GOAL_MAX_P3 = 0.01;
    public static final int DEFAULT_MIN_SAMPLES = 1000;

    /** A series' standing. */
    public enum Status {
        PASS,
        FAIL,
        /** Too few Z values to be judged alone. */
        THIN
    }

    /** The status and, when failed, each criterion missed with its figure. */
    public record Verdict(Status status, List<String> misses) {
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

    /** Judges one series; a thin one only when {@code pooled} (the thin series taken together). */
    public Verdict judge(SeriesStatistics s, boolean pooled) {
        if (!pooled && s.samples() < minSamples) {
            return new Verdict(Status.THIN, List.of());
        }
        List<String> misses = new ArrayList<>();
        double p2 = s.tailP2();
        double p3 = s.tailP3();
        double p99 = s.latencyMs(0.99);
        if (!(p2 <= SEED_MAX_P2)) {
            misses.add("P(|Z|>2) " + percent(p2) + " > " + percent(SEED_MAX_P2));
        }
        if (!(p3 <= SEED_MAX_P3)) {
            misses.add("P(|Z|>3) " + percent(p3) + " > " + percent(SEED_MAX_P3));
        }
        if (judgeLatency && !(p99 <= SEED_MAX_LATENCY_P99_MS)) {
            misses.add(String.format(Locale.ROOT, "latency P99 %.1f ms > %.0f ms", p99, SEED_MAX_LATENCY_P99_MS));
        }
        if (calibrationGoal) {
            if (p2 < GOAL_MIN_P2 || p2 > GOAL_MAX_P2) {
                misses.add("P(|Z|>2) " + percent(p2) + " outside [" + percent(GOAL_MIN_P2) + ", "
                        + percent(GOAL_MAX_P2) + "]");
            }
            if (p3 > GOAL_MAX_P3) {
                misses.add("P(|Z|>3) " + percent(p3) + " > " + percent(GOAL_MAX_P3));
            }
        }
        return new Verdict(misses.isEmpty() ? Status.PASS : Status.FAIL, List.copyOf(misses));
    }

    /** The criteria in words. */
    public String describe() {
        String seed = "P(|Z|>2) <= " + percent(SEED_MAX_P2) + ", P(|Z|>3) <= " + percent(SEED_MAX_P3)
                + ", latency P99 <= " + (int) SEED_MAX_LATENCY_P99_MS + " ms" + (judgeLatency ? ""
                        : " (not judged: a replay at full speed saturates the job on purpose)") + " (seed)";
        return calibrationGoal ? seed + "; P(|Z|>2) in [" + percent(GOAL_MIN_P2) + ", " + percent(GOAL_MAX_P2)
                + "], P(|Z|>3) <= " + percent(GOAL_MAX_P3) + " (calibration goal)" : seed;
    }

    /** A fraction as a percentage with two decimals, or n/a for NaN. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
