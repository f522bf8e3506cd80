package io.cvdflow.connector.binance.model;

import org.apache.flink.annotation.PublicEvolving;

/** A rejected input, kept with its raw text so that nothing is lost silently. */
@PublicEvolving
public class DeadLetter {
    /** Raw text is kept up to this many characters; {@link #rawLength} tells the original length. */
    public static final int MAX_RAW_CHARS = 16 * 1024;

    /** Where it was rejected: for example {@code file:/data/x.gz:120}, {@code ws:conn-0}, {@code z-operator}. */
    public String origin;
    public RejectReason reason;
    /** A human-readable explanation, for example the missing field's name. */
    public String detail;
    /** Symbol when it could be read, else null. */
    public String symbol;
    public String raw;
    public int rawLength;
    /** Wall clock (epoch milliseconds) of the rejection. */
    public long rejectedAtMs;

    public DeadLetter() {}

    public static DeadLetter of(String origin, RejectReason reason, String detail, String symbol, String raw) {
        DeadLetter d = new DeadLetter();
        d.origin = origin;
        d.reason = reason;
        d.detail = detail;
        d.symbol = symbol;
        d.rawLength = raw == null ? 0 : raw.length();
        d.raw = raw == null || raw.length() <= MAX_RAW_CHARS ? raw : raw.substring(0, MAX_RAW_CHARS);
        d.rejectedAtMs = System.currentTimeMillis();
        return d;
    }

    @Override
    public String toString() {
        return reason + " at " + origin + (symbol == null ? "" : " (" + symbol + ")") + ": " + detail;
    }
}
