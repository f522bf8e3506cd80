package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.RejectReason;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What parsing saw: lines, trades, frames of other streams skipped (by kind) and rejects (by reason). Not
 * thread-safe: one instance per reading thread.
 */
@PublicEvolving
public final class ParseCounters implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final RejectReason[] REASONS = RejectReason.values();

    private long lines;
    private long trades;
    private final long[] rejected = new long[REASONS.length];
    private final Map<String, long[]> skipped = new HashMap<>();

    public void countLine() {
        lines++;
    }

    public void countTrade() {
        trades++;
    }

    public void countSkipped(String kind) {
        skipped.computeIfAbsent(kind, k -> new long[1])[0]++;
    }

    public void countRejected(RejectReason reason) {
        rejected[reason.ordinal()]++;
    }

    public long lines() {
        return lines;
    }

    public long trades() {
        return trades;
    }

    public long skipped(String kind) {
        long[] n = skipped.get(kind);
        return n == null ? 0 : n[0];
    }

    public long skippedTotal() {
        long total = 0;
        for (long[] n : skipped.values()) {
            total += n[0];
        }
        return total;
    }

    /** Skipped frames by kind ({@code depthUpdate}, {@code bookTicker}, {@code depthSnapshot}, ...), sorted. */
    public Map<String, Long> skippedByKind() {
        Map<String, Long> out = new TreeMap<>();
        skipped.forEach((k, n) -> out.put(k, n[0]));
        return Collections.unmodifiableMap(out);
    }

    public long rejected(RejectReason reason) {
        return rejected[reason.ordinal()];
    }

    public long rejectedTotal() {
        long total = 0;
        for (long n : rejected) {
            total += n;
        }
        return total;
    }

    /** Non-zero reject counts by reason. */
    public Map<RejectReason, Long> rejectedByReason() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        for (RejectReason r : REASONS) {
            if (rejected[r.ordinal()] > 0) {
                out.put(r, rejected[r.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public String toString() {
        return "lines=" + lines + " trades=" + trades + " skipped=" + skippedByKind() + " rejected="
                + rejectedByReason();
    }
}
