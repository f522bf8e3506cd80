package io.cvdflow.connector.binance.source.reader;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExponentialBackoffTest {

    @Test
    void doublesUpToTheMaximumWithoutJitter() {
        ExponentialBackoff b = new ExponentialBackoff(100, 1_000, 0, new Random(1));
        assertThat(new long[] {b.nextDelayNanos(), b.nextDelayNanos(), b.nextDelayNanos(), b.nextDelayNanos(),
            b.nextDelayNanos(), b.nextDelayNanos()}).containsExactly(100, 200, 400, 800, 1_000, 1_000);
        assertThat(b.attempts()).isEqualTo(6);
        b.reset();
        assertThat(b.nextDelayNanos()).isEqualTo(100);
    }

    @Test
    void jitterSpreadsDelaysWithinItsFractionAndNeverPastTheMaximum() {
        ExponentialBackoff b = new ExponentialBackoff(1_000_000, 8_000_000, 0.25, new Random(7));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++) {
            b.reset();
            b.nextDelayNanos();
            long third = 0;
            b.nextDelayNanos();
            third = b.nextDelayNanos(); // base 4 ms
            min = Math.min(min, third);
            max = Math.max(max, third);
        }
        assertThat(min).isBetween(3_000_000L, 3_100_000L);
        assertThat(max).isBetween(4_900_000L, 5_000_000L);
        for (int i = 0; i < 50; i++) {
            assertThat(b.nextDelayNanos()).isLessThanOrEqualTo(8_000_000L);
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new ExponentialBackoff(0, 10, 0, new Random())).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExponentialBackoff(10, 5, 0, new Random())).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExponentialBackoff(10, 50, 1.5, new Random())).isInstanceOf(
                IllegalArgumentException.class);
    }
}
