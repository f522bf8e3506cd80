package io.cvdflow.connector.binance.source.reader;

import org.apache.flink.annotation.Internal;

/**
 * Keeps the messages a client sends on one WebSocket connection to at most {@code permitsPerSecond} in any window
 * of one second: Binance disconnects a connection that sends more than 10 per second. Remembers the times of the
 * last {@code permitsPerSecond} messages. Not thread-safe.
 */
@Internal
public final class MessageRateLimiter {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final long[] sentAtNanos;
    private int next;
    private int count;

    public MessageRateLimiter(int permitsPerSecond) {
        if (permitsPerSecond <= 0) {
            throw new IllegalArgumentException("permitsPerSecond must be positive: " + permitsPerSecond);
        }
        this.sentAtNanos = new long[permitsPerSecond];
    }

    /** Takes a permit if sending now keeps the last second within the rate. */
    public boolean tryAcquire(long nowNanos) {
        if (nanosUntilPermit(nowNanos) > 0) {
            return false;
        }
        sentAtNanos[next] = nowNanos;
        next = (next + 1) % sentAtNanos.length;
        count = Math.min(count + 1, sentAtNanos.length);
        return true;
    }

    /** Nanoseconds until a permit will be available; 0 if one is available now. */
    public long nanosUntilPermit(long nowNanos) {
        if (count < sentAtNanos.length) {
            return 0;
        }
        // with a full ring, next is the oldest of the remembered messages
        return Math.max(0, sentAtNanos[next] + SECOND_NANOS - nowNanos);
    }
}
