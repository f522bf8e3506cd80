package io.cvdflow.connector.binance.source.reader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheLimitAtOnceThenWaitsForTheOldestToLeaveTheWindow() {
        MessageRateLimiter limiter = new MessageRateLimiter(10, SECOND);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(i * 1_000L)).isTrue();
        }
        assertThat(limiter.tryAcquire(10_000)).isFalse();
        assertThat(limiter.nanosUntilPermit(10_000)).isEqualTo(SECOND - 10_000);
        assertThat(limiter.tryAcquire(SECOND - 1)).isFalse();
        assertThat(limiter.tryAcquire(SECOND)).isTrue();
        assertThat(limiter.tryAcquire(SECOND)).isFalse();
        assertThat(limiter.tryAcquire(SECOND + 1_000)).isTrue();
    }

    @Test
    void neverExceedsTheLimitInAnyWindow() {
        long window = SECOND + SECOND / 4;
        MessageRateLimiter limiter = new MessageRateLimiter(10, window);
        long[] sent = new long[1_000];
        int n = 0;
        for (long t = 0; t < 20 * SECOND; t += SECOND / 1_000) {
            if (limiter.tryAcquire(t)) {
                sent[n++] = t;
            }
        }
        assertThat(n).isEqualTo(160); // bursts of 10 every 1.25 s
        for (int i = 0; i + 10 < n; i++) {
            assertThat(sent[i + 10] - sent[i]).isGreaterThanOrEqualTo(window);
        }
    }

    @Test
    void aQuietPeriodAllowsNoMoreThanTheLimit() {
        MessageRateLimiter limiter = new MessageRateLimiter(5, SECOND);
        int granted = 0;
        while (limiter.tryAcquire(100 * SECOND)) {
            granted++;
        }
        assertThat(granted).isEqualTo(5);
    }
}
