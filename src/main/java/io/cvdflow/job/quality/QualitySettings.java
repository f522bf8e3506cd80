package io.cvdflow.job.quality;

import io.cvdflow.job.config.ConfigException;
import io.cvdflow.job.config.DurationValue;

import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The quality windows, thresholds and rollback flow, resolved and validated. Immutable and serialisable, so the
 * Flink functions carry it. Keys are kebab-case; the defaults are the seed's (see {@link #DEFAULTS}).
 *
 * <p>Proportions take a percentage ({@code 5%}) or a fraction ({@code 0.05}); a number above 1 without
 * {@code %} is refused rather than guessed. Durations take {@code 500ms}, {@code 30s}, {@code 5m}.
 *
 * <p>Per symbol: {@link #withSymbolOverrides} applies a symbol's keys on top of the job's. The window length
 * and the rollback flow ({@link #JOB_WIDE_KEYS}) hold for the whole job and cannot be overridden per symbol.
 */
public final class QualitySettings implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String CHECK_INTERVAL = "check-interval";
    public static final String REGIME_QUANTILE = "regime-quantile";
    public static final String REGIME_MIN_SAMPLES = "regime-min-samples";
    public static final String WINDOW_MIN_SAMPLES = "window-min-samples";
    public static final String BREACH_TEST = "breach-test";
    public static final String P2_WARNING = "p2-warning";
    public static final String P2_CRITICAL = "p2-critical";
    public static final String P2_ROLLBACK = "p2-rollback";
    public static final String P3_WARNING = "p3-warning";
    public static final String P3_CRITICAL = "p3-critical";
    public static final String P3_ROLLBACK = "p3-rollback";
    public static final String FLOOR_HIT_WARNING = "floor-hit-warning";
    public static final String FLOOR_HIT_CRITICAL = "floor-hit-critical";
    public static final String FLOOR_HIT_ROLLBACK = "floor-hit-rollback";
    public static final String SCALE_MEDIAN_MIN = "scale-median-min";
    public static final String LATENCY_P95_MAX = "latency-p95-max";
    public static final String ROLLBACK_CHECKS = "rollback-consecutive-checks";
    public static final String ROLLBACK_DELAY = "rollback-delay";
    public static final String VERIFICATION_PERIOD = "verification-period";
    public static final String VERIFICATION_PASS_RATIO = "verification-pass-ratio";

    /** Every key with its default, in documentation order. */
    public static final Map<String, String> DEFAULTS = defaultsInOrder();

    /** Keys that hold for the whole job: the window length and the rollback flow. */
    public static final Set<String> JOB_WIDE_KEYS = Set.of(
            CHECK_INTERVAL, ROLLBACK_CHECKS, ROLLBACK_DELAY, VERIFICATION_PERIOD, VERIFICATION_PASS_RATIO);

    private static final int MAX_SAMPLES = 1_000_000_000;
    private static final int MAX_ROLLBACK_CHECKS = 1000;
    private static final long MIN_CHECK_INTERVAL_MS = 1000;

    private final Map<String, String> values;
    private final long checkIntervalMs;
    private final double regimeQuantile;
    private final int regimeMinSamples;
    private final int windowMinSamples;
    private final BreachTest breachTest;
    private final QualityThresholds thresholds;
    private final int rollbackChecks;
    private final long rollbackDelayMs;
    private final long verificationMs;
    private final double verificationPassRatio;
    private final QualityEvaluator evaluator;

    private QualitySettings(Map<String, String> values, String where) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        Reader r = new Reader(values, where);
        checkIntervalMs = r.duration(CHECK_INTERVAL, MIN_CHECK_INTERVAL_MS);
        regimeQuantile = r.number(REGIME_QUANTILE);
        if (!(regimeQuantile > 0 && regimeQuantile < 1)) {
            throw r.outOfBounds(REGIME_QUANTILE, "must be within (0, 1)");
        }
        regimeMinSamples = r.integer(REGIME_MIN_SAMPLES, 1, MAX_SAMPLES);
        windowMinSamples = r.integer(WINDOW_MIN_SAMPLES, 1, MAX_SAMPLES);
        breachTest = r.breachTest(BREACH_TEST);
        ProportionBounds p2 = r.bounds(P2_WARNING, P2_CRITICAL, P2_ROLLBACK);
        ProportionBounds p3 = r.bounds(P3_WARNING, P3_CRITICAL, P3_ROLLBACK);
        ProportionBounds floorHit = r.bounds(FLOOR_HIT_WARNING, FLOOR_HIT_CRITICAL, FLOOR_HIT_ROLLBACK);
        double scaleMedianMin = r.number(SCALE_MEDIAN_MIN);
        if (scaleMedianMin < 0) {
            throw r.outOfBounds(SCALE_MEDIAN_MIN, "must be at least 0 (0 disables the check)");
        }
        long latencyP95MaxMs = r.duration(LATENCY_P95_MAX, 0);
        thresholds = new QualityThresholds(p2, p3, floorHit, scaleMedianMin, latencyP95MaxMs);
        rollbackChecks = r.integer(ROLLBACK_CHECKS, 1, MAX_ROLLBACK_CHECKS);
        rollbackDelayMs = r.duration(ROLLBACK_DELAY, 0);
        verificationMs = r.duration(VERIFICATION_PERIOD, 0);
        if (verificationMs < checkIntervalMs) {
            throw r.outOfBounds(VERIFICATION_PERIOD, "must be at least " + CHECK_INTERVAL + " ("
                    + values.get(CHECK_INTERVAL) + "): no check window would fit in a shorter period");
        }
        verificationPassRatio = r.number(VERIFICATION_PASS_RATIO);
        if (!(verificationPassRatio >= 0 && verificationPassRatio < 1)) {
            throw r.outOfBounds(VERIFICATION_PASS_RATIO,
                    "must be within [0, 1): a rollback is confirmed when MORE than this share of checks pass");
        }
        evaluator = new QualityEvaluator(thresholds, windowMinSamples, breachTest);
    }

    /** The seed's settings. */
    public static QualitySettings defaults() {
        return new QualitySettings(DEFAULTS, "quality");
    }

    /**
     * Settings from a flat map of kebab-case keys to values, on top of the defaults.
     *
     * @param where the path of the map in the configuration (for example {@code quality}), used in messages
     * @throws ConfigException naming the key, the value and the bound, for an unknown key or a bad value
     */
    public static QualitySettings fromMap(Map<String, String> raw, String where) {
        return defaults().apply(raw, where, Set.of());
    }

    /**
     * These settings with one symbol's keys on top.
     *
     * @param where the path of the symbol's map (for example {@code estimator.symbols.BTCUSDT.quality})
     * @throws ConfigException for an unknown or job-wide key, or a bad value
     */
    public QualitySettings withSymbolOverrides(Map<String, String> raw, String where) {
        return apply(raw, where, JOB_WIDE_KEYS);
    }

    private QualitySettings apply(Map<String, String> raw, String where, Set<String> refused) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey();
            if (!DEFAULTS.containsKey(key)) {
                throw new ConfigException(where + "." + key + " is not a quality setting: known are "
                        + new TreeSet<>(DEFAULTS.keySet()));
            }
            if (refused.contains(key)) {
                throw new ConfigException(where + "." + key + " holds for the whole job and cannot be set per symbol:"
                        + " set it under quality." + key);
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw new ConfigException(where + "." + key + " has no value");
            }
            merged.put(key, e.getValue().trim());
        }
        return new QualitySettings(merged, where);
    }

    /** Every key with its value as written (defaults included), in documentation order. */
    public Map<String, String> asMap() {
        return values;
    }

    /** Length of a quality window (and so the time between two checks), milliseconds of event time. */
    public long checkIntervalMs() {
        return checkIntervalMs;
    }

    /** The quantile of the previous window's trade rates that splits active from quiet samples. */
    public double regimeQuantile() {
        return regimeQuantile;
    }

    /** Samples a regime needs to be conclusive. */
    public int regimeMinSamples() {
        return regimeMinSamples;
    }

    /** Samples a window needs to be judged; below, its level is INCONCLUSIVE. */
    public int windowMinSamples() {
        return windowMinSamples;
    }

    public BreachTest breachTest() {
        return breachTest;
    }

    public QualityThresholds thresholds() {
        return thresholds;
    }

    /** Consecutive ROLLBACK-level checks that trigger a rollback. */
    public int rollbackChecks() {
        return rollbackChecks;
    }

    /** Event time from the trigger to the rollback's execution, milliseconds. */
    public long rollbackDelayMs() {
        return rollbackDelayMs;
    }

    /** Event time from the execution to the verdict, milliseconds. */
    public long verificationMs() {
        return verificationMs;
    }

    /** A rollback is confirmed when more than this share of the verification checks pass. */
    public double verificationPassRatio() {
        return verificationPassRatio;
    }

    /** The evaluator for these thresholds, minimum and breach test. */
    public QualityEvaluator evaluator() {
        return evaluator;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QualitySettings && values.equals(((QualitySettings) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private static Map<String, String> defaultsInOrder() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(CHECK_INTERVAL, "60s");
        d.put(REGIME_QUANTILE, "0.60");
        d.put(REGIME_MIN_SAMPLES, "1000");
        d.put(WINDOW_MIN_SAMPLES, "100");
        d.put(BREACH_TEST, BreachTest.WILSON.configName());
        d.put(P2_WARNING, "5%");
        d.put(P2_CRITICAL, "8%");
        d.put(P2_ROLLBACK, "10%");
        d.put(P3_WARNING, "1%");
        d.put(P3_CRITICAL, "2.5%");
        d.put(P3_ROLLBACK, "5%");
        d.put(FLOOR_HIT_WARNING, "0.1");
        d.put(FLOOR_HIT_CRITICAL, "0.2");
        d.put(FLOOR_HIT_ROLLBACK, "0.3");
        d.put(SCALE_MEDIAN_MIN, "10");
        d.put(LATENCY_P95_MAX, "500ms");
        d.put(ROLLBACK_CHECKS, "3");
        d.put(ROLLBACK_DELAY, "30s");
        d.put(VERIFICATION_PERIOD, "300s");
        d.put(VERIFICATION_PASS_RATIO, "0.8");
        return Collections.unmodifiableMap(d);
    }

    /** Typed reads of the merged values, with messages that name the full key, the value and the bound. */
    private static final class Reader {
        private final Map<String, String> values;
        private final String where;

        Reader(Map<String, String> values, String where) {
            this.values = values;
            this.where = where;
        }

        String path(String key) {
            return where + "." + key;
        }

        ConfigException outOfBounds(String key, String rule) {
            return new ConfigException(path(key) + " = " + values.get(key) + " is out of bounds: " + rule);
        }

        double number(String key) {
            String text = values.get(key);
            try {
                double v = Double.parseDouble(text);
                if (Double.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new ConfigException(path(key) + " = '" + text + "' is not a number");
        }

        int integer(String key, int min, int max) {
            String text = values.get(key);
            int v;
            try {
                v = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new ConfigException(path(key) + " = '" + text + "' is not an integer");
            }
            if (v < min || v > max) {
                throw outOfBounds(key, "must be within [" + min + ", " + max + "]");
            }
            return v;
        }

        long duration(String key, long minMs) {
            Duration d = DurationValue.parse(path(key), values.get(key));
            if (d.toMillis() < minMs) {
                throw outOfBounds(key, "must be at least " + DurationValue.format(Duration.ofMillis(minMs)));
            }
            return d.toMillis();
        }

        BreachTest breachTest(String key) {
            String text = values.get(key);
            for (BreachTest t : BreachTest.values()) {
                if (t.configName().equalsIgnoreCase(text)) {
                    return t;
                }
            }
            throw new ConfigException(path(key) + " = '" + text + "' is not a breach test: use wilson or ratio");
        }

        double proportion(String key) {
            String text = values.get(key);
            boolean percent = text.endsWith("%");
            double v;
            try {
                v = Double.parseDouble(percent ? text.substring(0, text.length() - 1).trim() : text);
            } catch (NumberFormatException e) {
                throw new ConfigException(path(key) + " = '" + text + "' is not a proportion: write 5% or 0.05");
            }
            if (!percent && v > 1) {
                throw new ConfigException(path(key) + " = " + text
                        + " is above 1: write a percentage with % (" + text + "%) or a fraction");
            }
            double fraction = percent ? v / 100 : v;
            if (!(fraction >= 0 && fraction <= 1)) {
                throw outOfBounds(key, "must be within [0, 1] (0% to 100%)");
            }
            return fraction;
        }

        ProportionBounds bounds(String warningKey, String criticalKey, String rollbackKey) {
            double warning = proportion(warningKey);
            double critical = proportion(criticalKey);
            double rollback = proportion(rollbackKey);
            if (warning > critical) {
                throw outOfBounds(warningKey, "must be at most " + criticalKey + " (" + values.get(criticalKey) + ")");
            }
            if (critical > rollback) {
                throw outOfBounds(criticalKey, "must be at most " + rollbackKey + " (" + values.get(rollbackKey) + ")");
            }
            return new ProportionBounds(warning, critical, rollback);
        }
    }
}
