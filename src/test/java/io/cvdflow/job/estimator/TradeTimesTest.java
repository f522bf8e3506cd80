package io.cvdflow.job.estimator;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The run-length ring of trade times against a plain FIFO of every time. */
class TradeTimesTest {

    @Test
    void countAndRateMatchAFifoOfEveryTimeThroughBurstsLullsAndClockSteps() {
        Random random = new Random(7);
        TradeTimes times = new TradeTimes();
        ArrayDeque<Long> naive = new ArrayDeque<>();
        long t = 1_700_000_000_000L;
        int largestRing = 0;
        for (int i = 0; i < 200_000; i++) {
            int phase = (i / 20_000) % 4;
            switch (phase) {
                case 0: t += random.nextInt(80); break;             // busy: about 1500 distinct ms a minute
                case 1: t += random.nextInt(400); break;            // steady
                case 2: t += random.nextInt(90_000); break;         // lull: the window empties
                default: t += random.nextInt(200) - 40;             // a clock that sometimes steps back
            }
            times.add(t);
            naive.addLast(t);
            while (t / 1000.0 - naive.peekFirst() / 1000.0 > 60.0) {
                naive.removeFirst();
            }
            double rate = naive.size() >= 2
                    ? naive.size() / Math.max(60.0, naive.peekLast() / 1000.0 - naive.peekFirst() / 1000.0) : 0.0;
            assertThat(times.total).isEqualTo(naive.size());
            assertThat(Double.doubleToLongBits(times.perSecond())).isEqualTo(Double.doubleToLongBits(rate));
            assertThat(Integer.bitCount(times.offsets.length)).isEqualTo(1);
            largestRing = Math.max(largestRing, times.offsets.length);
        }
        assertThat(largestRing).isGreaterThan(1024);
        assertThat(times.offsets.length).as("shrinks again after the lull").isLessThan(largestRing);
    }

    @Test
    void equalConsecutiveTimesShareOneSlot() {
        TradeTimes times = new TradeTimes();
        for (int i = 0; i < 1000; i++) {
            times.add(5_000);
        }
        times.add(5_500);
        assertThat(times.runs).isEqualTo(2);
        assertThat(times.offsets.length).isEqualTo(16);
        assertThat(times.total).isEqualTo(1001);
        assertThat(times.perSecond()).isEqualTo(1001 / 60.0);
        times.add(65_250);
        assertThat(times.total).as("5.0 s is 60.25 s older and leaves; 5.5 s stays").isEqualTo(2);
        times.add(65_500);
        assertThat(times.total).as("exactly 60 s older stays").isEqualTo(3);
    }

    @Test
    void aMinuteWithMoreDistinctTimesThanTheRingKeepsTheNewestAndStaysAboveThirtyFourPerSecond() {
        TradeTimes times = new TradeTimes();
        for (int i = 0; i < 6_000; i++) {
            times.add(10L * i);                     // 100 distinct ms per second
        }
        assertThat(times.runs).isEqualTo(TradeTimes.MAX_RUNS);
        assertThat(times.total).isEqualTo(TradeTimes.MAX_RUNS);
        assertThat(times.offsets.length).isEqualTo(TradeTimes.MAX_RUNS);
        assertThat(times.perSecond()).isGreaterThan(34).isLessThan(6_001 / 60.0);
        times.add(10L * 6_000 + 70_000);            // a lull: all of it expires
        assertThat(times.total).isEqualTo(1);
    }

    @Test
    void offsetsRebaseWhenAWindowOutlivesTheirRange() {
        TradeTimes times = new TradeTimes();
        long t = 1_000;
        for (int i = 0; i < 40_000; i++) {          // one trade every 59 s for 27 days: the window never empties
            times.add(t);
            t += 59_000;
            assertThat(times.total).isEqualTo(i == 0 ? 1 : 2);
            assertThat(times.base + times.offsets[(times.head + times.runs - 1) & (times.offsets.length - 1)])
                    .isEqualTo(t - 59_000);
        }
        assertThat(times.base).as("moved forward once").isGreaterThan(Integer.MAX_VALUE / 2);
        times.add(t - 40L * 86_400_000);            // a clock 40 days back does not fit: the window restarts
        assertThat(times.total).isEqualTo(1);
        times.add(t + 86_400_000L * 30);
        assertThat(times.total).isEqualTo(1);
    }
}
