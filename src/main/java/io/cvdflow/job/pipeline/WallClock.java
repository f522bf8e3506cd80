package io.cvdflow.job.pipeline;

import java.time.Instant;

/** Wall-clock time in epoch nanoseconds, at the platform clock's resolution (microseconds on Linux). */
public final class WallClock {
    private WallClock() {}

    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
