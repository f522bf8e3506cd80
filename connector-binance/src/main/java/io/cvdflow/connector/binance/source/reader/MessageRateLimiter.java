package io.cvdflow.connector.binance.source.reader;

import org.apache.flink.annotation.Internal;

/**
 * Keeps the messages a client sends on one WebSocket connection to at most {@code permits} in any window of
 * {@code windowNanos}: Binance disconnects a connection that sends more than 10 messages per second. A window a
 * little longer than the exchange's second absorbs delivery jitter, which can bring messages sent one second apart
 * closer together on arrival. Remembers the send times of the last {@code permits} messages. Not thread-safe.
 */
@Internal
public final class MessageRateLimiter {
    private final long[] sentAtNanos;
    private final long windowNanos;
    private int next;
    private int count;

    public MessageRateLimiter(int permits, long windowNanos) {
        if (permits <= 0 || windowNanos <= 0) {
            throw new IllegalArgumentException("permits and window must be positive: " + permits + ", " + windowNanos);
        }
        this.sentAtNanos = new long[permits];
        this.windowNanos = windowNanos;
    }

    /** Takes a permit if sending now keeps the last window within the limit. */
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
        return Math.max(0, sentAtNanos[next] + windowNanos - nowNanos);
    }
}
