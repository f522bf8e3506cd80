package io.cvdflow.job.estimator;

/**
 * The event times of a symbol's trades in the last 60 seconds, for its trade rate. Equal consecutive times are
 * stored once with a count, in a ring that grows and shrinks with the rate (powers of two). Times leave from
 * the front, as from a FIFO, while they are more than 60 s older than the newest. A Flink POJO.
 */
public class TradeTimes {
    static final double SPAN_SEC = 60.0;
    private static final int MIN_CAPACITY = 16;

    /** Distinct consecutive times (epoch ms) in a power-of-two ring. */
    public long[] times = new long[MIN_CAPACITY];
    /** How many trades had each time. */
    public int[] counts = new int[MIN_CAPACITY];
    /** Slot of the oldest run. */
    public int head;
    /** Number of runs in the ring. */
    public int runs;
    /** Number of trades in the window. */
    public int total;

    public TradeTimes() {}

    /** Appends the time of an accepted trade and drops the times more than 60 s older. */
    void add(long timeMs) {
        double now = timeMs / 1000.0;
        int mask = times.length - 1;
        while (runs > 0 && now - times[head] / 1000.0 > SPAN_SEC) {
            total -= counts[head];
            head = (head + 1) & mask;
            runs--;
        }
        int last = (head + runs - 1) & mask;
        if (runs > 0 && times[last] == timeMs) {
            counts[last]++;
        } else {
            if (runs == times.length) {
                reallocate(times.length * 2);
                mask = times.length - 1;
            }
            int slot = (head + runs) & mask;
            times[slot] = timeMs;
            counts[slot] = 1;
            runs++;
        }
        total++;
        if (times.length > MIN_CAPACITY && runs <= times.length / 4) {
            reallocate(times.length / 2);
        }
    }

    /** Trades per second: count / max(60, newest - oldest) in seconds, or 0 with fewer than 2 trades. */
    double perSecond() {
        if (total < 2) {
            return 0.0;
        }
        int mask = times.length - 1;
        double span = times[(head + runs - 1) & mask] / 1000.0 - times[head] / 1000.0;
        return total / Math.max(SPAN_SEC, span);
    }

    private void reallocate(int capacity) {
        long[] t = new long[capacity];
        int[] c = new int[capacity];
        int mask = times.length - 1;
        for (int i = 0; i < runs; i++) {
            t[i] = times[(head + i) & mask];
            c[i] = counts[(head + i) & mask];
        }
        times = t;
        counts = c;
        head = 0;
    }
}
