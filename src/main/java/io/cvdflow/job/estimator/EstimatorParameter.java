package io.cvdflow.job.estimator;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Every parameter of the Z estimators: its key, type, bound, A1 default and meaning. The A1 defaults are the
 * values of {@code a1-delta-z.md}; the {@code CAL_*} parameters belong to the calibrated estimator.
 */
public enum EstimatorParameter {
    Z_MODE(Type.ENUM, ZMode.class, null, "delta", "what Z measures: delta (A1), level (CVD level) or calibrated"),
    SCALE_MODE(Type.ENUM, ScaleMode.class, null, "hybrid",
            "delta-Z scale: hybrid (EWMA mix floored by the MAD) or ewma (slow EWMA alone)"),
    MAD_MULTIPLIER(Type.DOUBLE, null, Bound.above(0), "1.8", "safety factor on the MAD floor"),
    SCALE_FAST_WEIGHT(Type.DOUBLE, null, Bound.within(0, 1), "0.20", "fast EWMA's weight in the hybrid scale"),
    HALF_LIFE_TRADES(Type.DOUBLE, null, Bound.above(0), "600", "slow EWMA half-life in trades (CLOCK = trades)"),
    WINSOR_LIMIT(Type.DOUBLE, null, Bound.above(0), "8.0", "clamp on |Z| (delta and calibrated modes)"),
    EWMA_FAST_HL(Type.DOUBLE, null, Bound.above(0), "80", "fast EWMA half-life in trades (CLOCK = trades)"),
    MAD_WINDOW_TRADES(Type.INT, null, Bound.window(), "300", "MAD window in trades"),
    MAD_SCALE_FACTOR(Type.DOUBLE, null, Bound.above(0), "1.4826", "MAD to sigma"),
    FREEZE_MIN(Type.INT, null, Bound.atLeast(0), "20", "warm-up trades without a delta Z"),
    SOFT_FREEZE_MS(Type.LONG, null, Bound.atLeast(0), "4000",
            "a gap longer than this withholds Z for the trade and the next one"),
    HARD_FREEZE_MS(Type.LONG, null, Bound.atLeast(0), "5000",
            "a gap longer than this withholds Z for the trade and the next two"),
    CLOCK(Type.ENUM, ClockMode.class, null, "event-time", "EWMA clock: event-time (TAU_*_SEC) or trades (*_HL)"),
    TAU_FAST_SEC(Type.DOUBLE, null, Bound.above(0), "60", "fast EWMA half-life in seconds (CLOCK = event-time)"),
    TAU_SLOW_SEC(Type.DOUBLE, null, Bound.above(0), "600", "slow EWMA half-life in seconds (CLOCK = event-time)"),
    ADAPTIVE(Type.BOOL, null, null, "true", "activity adaptation of the fast weight and the floor"),
    R_REF(Type.DOUBLE, null, Bound.aboveAtMost(0, 30), "1.5",
            "reference activity in trades per second (at most 30, which the 60 s trade-time window resolves)"),
    GAMMA(Type.DOUBLE, null, Bound.atLeast(0), "0.7", "floor boost exponent below R_REF"),
    BETA(Type.DOUBLE, null, Bound.atLeast(0), "1.0", "fast-weight damping exponent below R_REF"),
    Z_WINDOW(Type.INT, null, Bound.window(), "150", "level mode: number of previous CVD values"),
    WARMUP_MIN(Type.INT, null, Bound.atLeast(1), "3", "level mode: minimum previous CVD values"),
    CAL_WINDOW_TRADES(Type.INT, null, Bound.window(), "1000", "calibrated mode: past trade sizes ranked against"),
    CAL_MIN_FILL(Type.INT, null, Bound.atLeast(1), "20", "calibrated mode: past trade sizes needed before a Z");

    /** The value types parameters can have. */
    public enum Type {
        DOUBLE("a number"),
        INT("an integer"),
        LONG("an integer"),
        BOOL("true or false"),
        ENUM("one of");

        private final String expected;

        Type(String expected) {
            this.expected = expected;
        }
    }

    /** The largest window any parameter may ask for, which keeps a symbol's state small. */
    public static final int MAX_WINDOW = 100_000;

    private final Type type;
    private final Class<? extends Enum<?>> options;
    private final Bound bound;
    private final String a1Default;
    private final String description;

    EstimatorParameter(Type type, Class<? extends Enum<?>> options, Bound bound, String a1Default, String description) {
        this.type = type;
        this.options = options;
        this.bound = bound;
        this.a1Default = a1Default;
        this.description = description;
    }

    public String key() {
        return name();
    }

    public Type type() {
        return type;
    }

    /** The A1 value as written in {@code a1-delta-z.md}. */
    public String a1Default() {
        return a1Default;
    }

    public String description() {
        return description;
    }

    /** The bound in words, for example {@code must be in [0, 1]}. */
    public String boundDescription() {
        if (type == Type.ENUM) {
            StringBuilder sb = new StringBuilder("must be one of ");
            Enum<?>[] values = options.getEnumConstants();
            for (int i = 0; i < values.length; i++) {
                sb.append(i == 0 ? "" : ", ").append(((NamedOption) values[i]).configName());
            }
            return sb.toString();
        }
        if (type == Type.BOOL) {
            return "must be true or false";
        }
        return bound.describe();
    }

    /** The key a caller sees in messages: {@code where.KEY}, or {@code KEY} when {@code where} is empty. */
    static String qualified(String where, String key) {
        return where == null || where.isEmpty() ? key : where + "." + key;
    }

    /**
     * Parses and checks one value: a {@link Double}, {@link Integer}, {@link Long}, {@link Boolean} or the
     * option enum's constant.
     */
    Object parse(String raw, String where) {
        String text = raw == null ? "" : raw.trim();
        switch (type) {
            case ENUM:
                String wanted = text.toLowerCase(Locale.ROOT).replace('_', '-');
                for (Enum<?> e : options.getEnumConstants()) {
                    if (((NamedOption) e).configName().equals(wanted)) {
                        return e;
                    }
                }
                throw invalid(where, raw, "is not valid: " + boundDescription());
            case BOOL:
                switch (text.toLowerCase(Locale.ROOT)) {
                    case "true":
                    case "on":
                    case "yes":
                        return Boolean.TRUE;
                    case "false":
                    case "off":
                    case "no":
                        return Boolean.FALSE;
                    default:
                        throw invalid(where, raw, "is not valid: " + boundDescription());
                }
            default:
                BigDecimal number = parseNumber(text, where, raw);
                if (type == Type.DOUBLE) {
                    // bounds apply to the double that is used: 1e-400 is 0.0, 1e400 is infinite
                    double value = number.doubleValue();
                    if (Double.isInfinite(value) || !bound.contains(BigDecimal.valueOf(value))) {
                        throw invalid(where, raw, "is out of bounds: " + bound.describe());
                    }
                    return value;
                }
                if (number.stripTrailingZeros().scale() > 0) {
                    throw invalid(where, raw, "is not " + type.expected + " (" + bound.describe() + ")");
                }
                if (!bound.contains(number)) {
                    throw invalid(where, raw, "is out of bounds: " + bound.describe());
                }
                BigDecimal largest = BigDecimal.valueOf(type == Type.INT ? Integer.MAX_VALUE : Long.MAX_VALUE);
                if (number.compareTo(largest) > 0) {
                    throw invalid(where, raw, "is out of bounds: must be <= " + largest);
                }
                return type == Type.INT ? (Object) number.intValueExact() : (Object) number.longValueExact();
        }
    }

    private BigDecimal parseNumber(String text, String where, String raw) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw invalid(where, raw, "is not " + type.expected + " (" + bound.describe() + ")");
        }
    }

    /** The one spelling of a value: numbers without trailing zeros, so 1.8 and 1.80 read the same. */
    String canonical(Object value) {
        if (value instanceof NamedOption) {
            return ((NamedOption) value).configName();
        }
        if (value instanceof Double) {
            return BigDecimal.valueOf((Double) value).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    InvalidParameterException invalid(String where, String raw, String problem) {
        return new InvalidParameterException(qualified(where, key()) + " = " + raw + " " + problem);
    }

    /** A closed or open interval on a number line; integers use it too. */
    static final class Bound {
        private final BigDecimal lower;
        private final boolean lowerOpen;
        private final BigDecimal upper;

        private Bound(BigDecimal lower, boolean lowerOpen, BigDecimal upper) {
            this.lower = lower;
            this.lowerOpen = lowerOpen;
            this.upper = upper;
        }

        static Bound above(double lower) {
            return new Bound(BigDecimal.valueOf(lower), true, null);
        }

        static Bound aboveAtMost(double lower, double upper) {
            return new Bound(BigDecimal.valueOf(lower), true, BigDecimal.valueOf(upper));
        }

        static Bound atLeast(long lower) {
            return new Bound(BigDecimal.valueOf(lower), false, null);
        }

        static Bound within(double lower, double upper) {
            return new Bound(BigDecimal.valueOf(lower), false, BigDecimal.valueOf(upper));
        }

        static Bound window() {
            return new Bound(BigDecimal.valueOf(2), false, BigDecimal.valueOf(MAX_WINDOW));
        }

        boolean contains(BigDecimal v) {
            int lo = v.compareTo(lower);
            return (lowerOpen ? lo > 0 : lo >= 0) && (upper == null || v.compareTo(upper) <= 0);
        }

        String describe() {
            String lo = lower.stripTrailingZeros().toPlainString();
            if (upper == null) {
                return "must be " + (lowerOpen ? "> " : ">= ") + lo;
            }
            return "must be in " + (lowerOpen ? "(" : "[") + lo + ", " + upper.stripTrailingZeros().toPlainString() + "]";
        }
    }
}
