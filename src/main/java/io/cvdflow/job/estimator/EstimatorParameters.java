package io.cvdflow.job.estimator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable, validated, complete set of estimator parameters. Missing keys take their A1 defaults; keys are
 * matched without regard to case.
 */
public final class EstimatorParameters {
    private static final Map<String, EstimatorParameter> BY_KEY = new HashMap<>();

    static {
        for (EstimatorParameter p : EstimatorParameter.values()) {
            BY_KEY.put(p.key(), p);
        }
    }

    private static final EstimatorParameters A1 = fromMap(Map.of(), "a1");

    private final EnumMap<EstimatorParameter, Object> values;
    private final String canonicalForm;
    private final String fingerprint;

    private EstimatorParameters(EnumMap<EstimatorParameter, Object> values) {
        this.values = values;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(asMap()).entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        this.canonicalForm = sb.toString();
        this.fingerprint = sha256Prefix(canonicalForm);
    }

    /** The values of {@code a1-delta-z.md}. */
    public static EstimatorParameters a1Defaults() {
        return A1;
    }

    /**
     * Resolves raw values over the A1 defaults.
     *
     * @param where the path of the map in the configuration, prefixed to keys in error messages
     * @throws InvalidParameterException for an unknown key, an unparsable value or a value out of bounds
     */
    public static EstimatorParameters fromMap(Map<String, String> raw, String where) {
        EnumMap<EstimatorParameter, Object> values = new EnumMap<>(EstimatorParameter.class);
        for (EstimatorParameter p : EstimatorParameter.values()) {
            values.put(p, p.parse(p.a1Default(), "defaults"));
        }
        for (Map.Entry<String, String> e : raw.entrySet()) {
            EstimatorParameter p = BY_KEY.get(e.getKey() == null ? "" : e.getKey().trim().toUpperCase(Locale.ROOT));
            if (p == null) {
                throw new InvalidParameterException(EstimatorParameter.qualified(where, e.getKey()) + " = "
                        + e.getValue() + " is not a parameter: known are " + BY_KEY.keySet().stream().sorted().toList());
            }
            values.put(p, p.parse(e.getValue(), where));
        }
        crossCheck(values, where);
        return new EstimatorParameters(values);
    }

    private static void crossCheck(EnumMap<EstimatorParameter, Object> values, String where) {
        long soft = (Long) values.get(EstimatorParameter.SOFT_FREEZE_MS);
        long hard = (Long) values.get(EstimatorParameter.HARD_FREEZE_MS);
        if (soft > hard) {
            throw EstimatorParameter.SOFT_FREEZE_MS.invalid(where, String.valueOf(soft),
                    "is out of bounds: must be <= HARD_FREEZE_MS (" + hard + ")");
        }
        int fill = (Integer) values.get(EstimatorParameter.CAL_MIN_FILL);
        int window = (Integer) values.get(EstimatorParameter.CAL_WINDOW_TRADES);
        if (fill > window) {
            throw EstimatorParameter.CAL_MIN_FILL.invalid(where, String.valueOf(fill),
                    "is out of bounds: must be <= CAL_WINDOW_TRADES (" + window + ")");
        }
    }

    /** These parameters with one changed; {@code where} in error messages is empty. */
    public EstimatorParameters with(String key, String value) {
        Map<String, String> raw = new LinkedHashMap<>(asMap());
        raw.put(key, value);
        return fromMap(raw, "");
    }

    /** Every parameter by key, in declaration order, as canonical strings. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<EstimatorParameter, Object> e : values.entrySet()) {
            m.put(e.getKey().key(), e.getKey().canonical(e.getValue()));
        }
        return Collections.unmodifiableMap(m);
    }

    /** Sorted {@code KEY=value} lines with canonical numbers: equal parameters give equal text. */
    public String canonicalForm() {
        return canonicalForm;
    }

    /** The first 16 hex digits of the SHA-256 of {@link #canonicalForm()}. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The canonical string of one parameter. */
    public String value(EstimatorParameter p) {
        return p.canonical(values.get(p));
    }

    public ZMode zMode() {
        return (ZMode) values.get(EstimatorParameter.Z_MODE);
    }

    public ScaleMode scaleMode() {
        return (ScaleMode) values.get(EstimatorParameter.SCALE_MODE);
    }

    public double madMultiplier() {
        return real(EstimatorParameter.MAD_MULTIPLIER);
    }

    public double scaleFastWeight() {
        return real(EstimatorParameter.SCALE_FAST_WEIGHT);
    }

    public double halfLifeTrades() {
        return real(EstimatorParameter.HALF_LIFE_TRADES);
    }

    public double winsorLimit() {
        return real(EstimatorParameter.WINSOR_LIMIT);
    }

    public double ewmaFastHalfLife() {
        return real(EstimatorParameter.EWMA_FAST_HL);
    }

    public int madWindowTrades() {
        return integer(EstimatorParameter.MAD_WINDOW_TRADES);
    }

    public double madScaleFactor() {
        return real(EstimatorParameter.MAD_SCALE_FACTOR);
    }

    public int freezeMin() {
        return integer(EstimatorParameter.FREEZE_MIN);
    }

    public long softFreezeMs() {
        return (Long) values.get(EstimatorParameter.SOFT_FREEZE_MS);
    }

    public long hardFreezeMs() {
        return (Long) values.get(EstimatorParameter.HARD_FREEZE_MS);
    }

    public ClockMode clock() {
        return (ClockMode) values.get(EstimatorParameter.CLOCK);
    }

    public double tauFastSec() {
        return real(EstimatorParameter.TAU_FAST_SEC);
    }

    public double tauSlowSec() {
        return real(EstimatorParameter.TAU_SLOW_SEC);
    }

    public boolean adaptive() {
        return (Boolean) values.get(EstimatorParameter.ADAPTIVE);
    }

    public double rRef() {
        return real(EstimatorParameter.R_REF);
    }

    public double gamma() {
        return real(EstimatorParameter.GAMMA);
    }

    public double beta() {
        return real(EstimatorParameter.BETA);
    }

    public int zWindow() {
        return integer(EstimatorParameter.Z_WINDOW);
    }

    public int warmupMin() {
        return integer(EstimatorParameter.WARMUP_MIN);
    }

    public int calWindowTrades() {
        return integer(EstimatorParameter.CAL_WINDOW_TRADES);
    }

    public int calMinFill() {
        return integer(EstimatorParameter.CAL_MIN_FILL);
    }

    private double real(EstimatorParameter p) {
        return (Double) values.get(p);
    }

    private int integer(EstimatorParameter p) {
        return (Integer) values.get(p);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EstimatorParameters && ((EstimatorParameters) o).canonicalForm.equals(canonicalForm);
    }

    @Override
    public int hashCode() {
        return canonicalForm.hashCode();
    }

    @Override
    public String toString() {
        return "EstimatorParameters[" + fingerprint + "]";
    }

    static String sha256Prefix(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(16);
            for (int i = 0; i < 8; i++) {
                hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
