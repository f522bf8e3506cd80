package io.cvdflow.connector.binance.source.reader;

import org.apache.flink.annotation.Internal;

import java.util.Random;

/**
 * Delays between reconnect or retry attempts: {@code initial * 2^attempt}, capped at {@code max}, each spread
 * randomly by {@code ±jitter} (a fraction) so that many clients do not retry in step. Not thread-safe.
 */
@Internal
public final class ExponentialBackoff {
    private final long initialNanos;
    private final long maxNanos;
    private final double jitter;
    private final Random random;
    private int attempt;

    public ExponentialBackoff(long initialNanos, long maxNanos, double jitter, Random random) {
        if (initialNanos <= 0 || maxNanos < initialNanos) {
            throw new IllegalArgumentException(
                    "need 0 < initial <= max, got initial=" + initialNanos + "ns max=" + maxNanos + "ns");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.jitter = jitter;
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the base delay until it reaches the maximum. */
    public long nextDelayNanos() {
        long base = initialNanos;
        for (int i = 0; i < attempt && base < maxNanos; i++) {
            base = Math.min(maxNanos, base * 2);
        }
        attempt++;
        double spread = jitter == 0 ? 1 : 1 + jitter * (2 * random.nextDouble() - 1);
        return Math.min(maxNanos, Math.max(0, (long) (base * spread)));
    }

    /** Attempts since the last {@link #reset()}. */
    public int attempts() {
        return attempt;
    }

    /** Starts over at the initial delay, after a success. */
    public void reset() {
        attempt = 0;
    }
}
