package io.cvdflow.connector.binance.replay.reader;

import org.apache.flink.annotation.Internal;

/**
 * Maps event time to wall time for a replay at recorded pace: the first event time seen is due at once, a later
 * one after its event-time distance divided by the speed factor. Earlier event times are due at once.
 */
@Internal
final class Pacer {
    private final double speedFactor;
    private long originEventMs = Long.MIN_VALUE;
    private long originNanos;

    Pacer(double speedFactor) {
        if (!(speedFactor > 0) || Double.isInfinite(speedFactor)) {
            throw new IllegalArgumentException("speed factor must be positive and finite: " + speedFactor);
        }
        this.speedFactor = speedFactor;
    }

    /** Nanoseconds from {@code nowNanos} until {@code eventTimeMs} is due; zero or less when it is. */
    long nanosUntilDue(long eventTimeMs, long nowNanos) {
        if (originEventMs == Long.MIN_VALUE) {
            originEventMs = eventTimeMs;
            originNanos = nowNanos;
            return 0;
        }
        double offsetNanos = (eventTimeMs - originEventMs) * 1e6 / speedFactor;
        return originNanos + (long) offsetNanos - nowNanos;
    }
}
