package io.cvdflow.connector.binance.source.reader;

import org.apache.flink.annotation.Internal;

/**
 * Keeps REST requests within a weight budget per minute. Binance counts weight per IP in windows of one clock
 * minute and reports the used weight in {@code X-MBX-USED-WEIGHT-1M}. The budget trusts the larger of that report
 * and its own count for the current minute, so weight used by other clients on the same IP is respected too.
 * Not thread-safe.
 */
@Internal
public final class RestWeightBudget {
    private static final long MINUTE_MS = 60_000L;

    private final int budgetPerMinute;
    private long minute = Long.MIN_VALUE;
    private int spentThisMinute;
    private int reportedThisMinute;

    public RestWeightBudget(int budgetPerMinute) {
        if (budgetPerMinute <= 0) {
            throw new IllegalArgumentException("budgetPerMinute must be positive: " + budgetPerMinute);
        }
        this.budgetPerMinute = budgetPerMinute;
    }

    /** Milliseconds to wait before a request of this weight fits the budget; 0 if it fits now. */
    public long delayMs(int weight, long nowMs) {
        roll(nowMs);
        if (used() + weight <= budgetPerMinute || used() == 0) {
            return 0;
        }
        return (minute + 1) * MINUTE_MS - nowMs;
    }

    /** Records a request about to be sent. */
    public void spend(int weight, long nowMs) {
        roll(nowMs);
        spentThisMinute += weight;
    }

    /** Records the {@code X-MBX-USED-WEIGHT-1M} of an answer. */
    public void reported(int usedWeight, long nowMs) {
        roll(nowMs);
        reportedThisMinute = Math.max(reportedThisMinute, usedWeight);
    }

    /** Weight used in the current minute, as far as known. */
    public int used() {
        return Math.max(spentThisMinute, reportedThisMinute);
    }

    public int budgetPerMinute() {
        return budgetPerMinute;
    }

    private void roll(long nowMs) {
        long now = Math.floorDiv(nowMs, MINUTE_MS);
        if (now != minute) {
            minute = now;
            spentThisMinute = 0;
            reportedThisMinute = 0;
        }
    }
}
