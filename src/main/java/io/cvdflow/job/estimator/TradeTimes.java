package io.cvdflow.job.estimator;

/**
 * The event times of a symbol's trades in the last 60 seconds, for its trade rate. Times leave from the front, as
 * from a FIFO, while they are more than 60 s older than the newest (compared in seconds as {@code ms / 1000.0},
 * as the original calculator did). Equal consecutive times are stored once with a count, as an offset from
 * {@link #base}, in a power-of-two ring that grows and shrinks with the rate. A Flink POJO.
 *
 * <p>The ring holds at most {@link #MAX_RUNS} distinct times. A minute with more (over 34 trades per second, spread
 * over distinct milliseconds) keeps the newest {@code MAX_RUNS}: the reported rate is then a lower bound of at
 * least 34 per second, and no Z changes, since a Z uses the rate only below {@code R_REF} (at most 30).
 */
public class TradeTimes {
    static final double SPAN_SEC = 60.0;
    static final int MAX_RUNS = 2048;
    private static final int MIN_CAPACITY = 16;

    /** Epoch ms the offsets count from. */
    public long base;
    /** Distinct consecutive times, as {@code time - base}, in a power-of-two ring. */
    public int[] offsets = new int[MIN_CAPACITY];
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
        while (runs > 0 && now - (base + offsets[head]) / 1000.0 > SPAN_SEC) {
            dropOldest();
        }
        if (runs == 0) {
            base = timeMs;
        } else if (timeMs - base != (int) (timeMs - base)) {
            rebase(timeMs);
        }
        int offset = (int) (timeMs - base);
        int mask = offsets.length - 1;
        int last = (head + runs - 1) & mask;
        if (runs > 0 && offsets[last] == offset) {
            counts[last]++;
        } else {
            if (runs == MAX_RUNS) {
                dropOldest();
            }
            if (runs == offsets.length) {
                reallocate(offsets.length * 2);
                mask = offsets.length - 1;
            }
            int slot = (head + runs) & mask;
            offsets[slot] = offset;
            counts[slot] = 1;
            runs++;
        }
        total++;
        if (offsets.length > MIN_CAPACITY && runs <= offsets.length / 4) {
            reallocate(offsets.length / 2);
        }
    }

    /**
     * The rate of a window of {@code count} trades, {@code count / 60} (0 below 2 trades): what
     * {@link #perSecond()} gives, since trimming keeps newest - oldest within 60 s.
     */
    static double perSecond(int count) {
        return count < 2 ? 0.0 : count / SPAN_SEC;
    }

    /** Trades per second: count / max(60, newest - oldest) in seconds, or 0 with fewer than 2 trades. */
    double perSecond() {
        if (total < 2) {
            return 0.0;
        }
        int mask = offsets.length - 1;
        double span = (base + offsets[(head + runs - 1) & mask]) / 1000.0 - (base + offsets[head]) / 1000.0;
        return total / Math.max(SPAN_SEC, span);
    }

    private void dropOldest() {
        total -= counts[head];
        head = (head + 1) & (offsets.length - 1);
        runs--;
    }

    /**
     * Moves the base to the oldest time held, after about 24 days of a window that never emptied. If the times
     * still do not fit in offsets (a clock that jumped by weeks), the window restarts at {@code timeMs}.
     */
    private void rebase(long timeMs) {
        int mask = offsets.length - 1;
        long shift = offsets[head];
        long lowest = timeMs - base - shift;
        long highest = lowest;
        for (int i = 0; i < runs; i++) {
            long shifted = offsets[(head + i) & mask] - shift;
            lowest = Math.min(lowest, shifted);
            highest = Math.max(highest, shifted);
        }
        if (lowest < Integer.MIN_VALUE || highest > Integer.MAX_VALUE) {
            head = 0;
            runs = 0;
            total = 0;
            base = timeMs;
            return;
        }
        for (int i = 0; i < runs; i++) {
            offsets[(head + i) & mask] -= (int) shift;
        }
        base += shift;
    }

    private void reallocate(int capacity) {
        int[] o = new int[capacity];
        int[] c = new int[capacity];
        int mask = offsets.length - 1;
        for (int i = 0; i < runs; i++) {
            o[i] = offsets[(head + i) & mask];
            c[i] = counts[(head + i) & mask];
        }
        offsets = o;
        counts = c;
        head = 0;
    }
}
