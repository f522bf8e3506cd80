package io.cvdflow.job.model;

/**
 * A validated control command. The JSON form on {@code cvd.control} (README, "Control commands"):
 * {@code {"action":"switch-profile","symbol":"BTCUSDT","profile":"baseline","reason":"..."}},
 * {@code {"action":"set-parameters","symbol":"*","parameters":{"MAD_MULTIPLIER":"2.0"}}},
 * {@code {"action":"pin-fingerprint","symbol":"BTCUSDT","fingerprint":"7cfbd0c7c4ea69ea"}}.
 */
public class ControlCommand {
    public static final String ALL_SYMBOLS = "*";

    public ControlAction action;
    /** A symbol, or {@code *} for all. */
    public String symbol;
    public String profile;
    /** SET_PARAMETERS: canonical {@code KEY=value} pairs joined by commas. */
    public String parameters;
    /** PIN_FINGERPRINT: the fingerprint expected; for the others, optional: refuse unless the result has it. */
    public String fingerprint;
    /** {@code operator}, or {@code rollback} for the job's own rollbacks. */
    public String issuedBy;
    public String reason;
    /** Event time at which the job issued it (rollbacks), else 0. */
    public long issuedAtMs;

    public ControlCommand() {}

    public boolean appliesTo(String s) {
        return ALL_SYMBOLS.equals(symbol) || symbol.equals(s);
    }

    @Override
    public String toString() {
        return action + " " + symbol + (profile == null ? "" : " -> " + profile)
                + (parameters == null ? "" : " " + parameters) + " by " + issuedBy;
    }
}
