package io.cvdflow.connector.binance.testutils.fakeexchange;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** The thread that publishes trades by a {@link Pace} until stopped. */
final class Pacer implements Runnable {
    private static final long TICK_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    /** A fixed rate that falls behind catches up in batches of at most this much time, so that stop stays prompt. */
    private static final double MAX_BATCH_SECONDS = 0.005;

    private final Market market;
    private final Pace pace;
    private final long run;
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private volatile boolean stopped;

    Pacer(Market market, Pace pace, long run) {
        this.market = market;
        this.pace = pace;
        this.run = run;
        this.thread = new Thread(this, "fake-binance-pacer-" + run);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long released = 0;
        long maxBatch = Math.max(1, (long) (pace.tradesPerSecond * MAX_BATCH_SECONDS));
        while (!stopped) {
            long elapsedNanos = System.nanoTime() - start;
            if (pace.isRecorded()) {
                published.addAndGet(market.publishDue(run, (long) (elapsedNanos / 1e6 * pace.speed)));
            } else {
                long due = (long) (elapsedNanos / 1e9 * pace.tradesPerSecond);
                long batch = Math.min(due - released, maxBatch);
                published.addAndGet(market.publishRoundRobin(batch));
                released += batch;
                if (released < due) {
                    continue;
                }
            }
            LockSupport.parkNanos(TICK_NANOS);
        }
    }

    long published() {
        return published.get();
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
