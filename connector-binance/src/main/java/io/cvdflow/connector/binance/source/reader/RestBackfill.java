package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.AggTradeFrameParser;

import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches REST pages for symbol streams on its own thread, one request at a time, so that the reader keeps
 * streaming while it waits. Requests wait for their not-before time, then for the weight budget; HTTP 429 and
 * 418 pause all requests for {@code Retry-After} (or a backoff when absent); network errors and 5xx are retried
 * with a backoff. Each answer goes back to the fetch thread's inbox as a {@link BackfillResult}.
 */
@Internal
public final class RestBackfill implements SymbolStream.Backfill, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestBackfill.class);

    private final AggTradesClient client;
    private final int limit;
    private final long giveUpNanos;
    private final RestWeightBudget budget;
    private final ExponentialBackoff backoff;
    private final BlockingQueue<Object> inbox;
    private final BinanceSourceReaderMetrics metrics;
    private final AggTradeFrameParser parser = new AggTradeFrameParser();
    private final DelayQueue<Request> queue = new DelayQueue<>();
    private final Map<Long, Request> outstanding = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    public RestBackfill(AggTradesClient client, int limit, long giveUpNanos, RestWeightBudget budget,
            ExponentialBackoff backoff, BlockingQueue<Object> inbox, BinanceSourceReaderMetrics metrics,
            String threadName) {
        this.client = client;
        this.limit = limit;
        this.giveUpNanos = giveUpNanos;
        this.budget = budget;
        this.backoff = backoff;
        this.inbox = inbox;
        this.metrics = metrics;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public long request(SymbolStream stream, long fromId, long notBeforeNanos) {
        Request r = new Request(nextId.incrementAndGet(), stream.symbol(), fromId, notBeforeNanos);
        outstanding.put(r.id, r);
        queue.put(r);
        return r.id;
    }

    @Override
    public void cancel(long requestId) {
        Request r = outstanding.remove(requestId);
        if (r != null) {
            queue.remove(r);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(5_000);
    }

    private void run() {
        long pausedUntilNanos = 0;
        while (!closed) {
            Request r = null;
            try {
                r = queue.take();
                if (!outstanding.containsKey(r.id)) {
                    continue;
                }
                long pause = pausedUntilNanos - System.nanoTime();
                if (pause > 0) {
                    TimeUnit.NANOSECONDS.sleep(pause);
                }
                long wait = budget.delayMs(AggTradesClient.WEIGHT, System.currentTimeMillis());
                if (wait > 0) {
                    LOG.info("REST weight budget of {}/min spent ({} used); waiting {} ms",
                            budget.budgetPerMinute(), budget.used(), wait);
                    Thread.sleep(wait);
                }
                if (!outstanding.containsKey(r.id)) {
                    continue;
                }
                budget.spend(AggTradesClient.WEIGHT, System.currentTimeMillis());
                metrics.restRequest();
                AggTradesClient.Answer answer = client.get(r.symbol, r.fromId, limit);
                long receivedAtNanos = epochNanos();
                if (answer.usedWeight >= 0) {
                    budget.reported(answer.usedWeight, System.currentTimeMillis());
                    metrics.restUsedWeight(answer.usedWeight);
                }
                if (answer.status == 200) {
                    backoff.reset();
                    deliver(r, page(r, answer.body, receivedAtNanos));
                } else if (answer.status == 429 || answer.status == 418) {
                    metrics.restThrottle();
                    long pauseNanos = answer.retryAfterSeconds >= 0
                            ? TimeUnit.SECONDS.toNanos(answer.retryAfterSeconds)
                            : backoff.nextDelayNanos();
                    LOG.warn("REST answered {} ({}); pausing backfill for {} ms as Retry-After asks", answer.status,
                            answer.status == 418 ? "IP banned" : "too many requests", pauseNanos / 1_000_000);
                    pausedUntilNanos = System.nanoTime() + pauseNanos;
                    retry(r, 0, "HTTP " + answer.status);
                } else if (answer.status >= 500) {
                    metrics.restFailure();
                    long delay = backoff.nextDelayNanos();
                    LOG.warn("REST answered {} for {} from {}; retrying in {} ms", answer.status, r.symbol,
                            r.fromId, delay / 1_000_000);
                    retry(r, delay, "HTTP " + answer.status);
                } else {
                    metrics.restFailure();
                    String body = new String(answer.body, StandardCharsets.UTF_8);
                    deliver(r, BackfillResult.failed(r.id, r.symbol,
                            "HTTP " + answer.status + ": " + body.substring(0, Math.min(200, body.length()))));
                }
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                if (r != null) {
                    retry(r, 0, "interrupted");
                }
            } catch (IOException | RuntimeException e) {
                metrics.restFailure();
                long delay = backoff.nextDelayNanos();
                LOG.warn("REST backfill request for {} failed ({}); retrying in {} ms", r == null ? "?" : r.symbol, e,
                        delay / 1_000_000);
                if (r != null) {
                    retry(r, delay, e.toString());
                }
            }
        }
    }

    /** Queues a failed request again, unless it has been failing for too long: then the stream is told so. */
    private void retry(Request r, long delayNanos, String failure) {
        long now = System.nanoTime();
        if (now - r.createdAtNanos >= giveUpNanos) {
            deliver(r, BackfillResult.failed(r.id, r.symbol, "REST unavailable for "
                    + (now - r.createdAtNanos) / 1_000_000 + " ms, last: " + failure));
            return;
        }
        r.notBeforeNanos = now + delayNanos;
        if (outstanding.containsKey(r.id)) {
            queue.put(r);
        }
    }

    private void deliver(Request r, BackfillResult result) {
        if (outstanding.remove(r.id) != null) {
            inbox.add(result);
        }
    }

    private BackfillResult page(Request r, byte[] body, long receivedAtNanos) {
        String origin = "rest:aggTrades?symbol=" + r.symbol + "&fromId=" + r.fromId;
        List<FeedEvent> events = parser.parseRestAggTrades(body, r.symbol, origin, receivedAtNanos);
        List<Trade> trades = new ArrayList<>(events.size());
        List<FeedEvent> deadLetters = new ArrayList<>(0);
        for (FeedEvent e : events) {
            if (e.trade != null) {
                trades.add(e.trade);
            } else {
                deadLetters.add(e);
            }
        }
        return BackfillResult.page(r.id, r.symbol, trades, deadLetters, events.size(), limit);
    }

    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static final class Request implements Delayed {
        final long id;
        final String symbol;
        final long fromId;
        final long createdAtNanos;
        volatile long notBeforeNanos;

        Request(long id, String symbol, long fromId, long notBeforeNanos) {
            this.id = id;
            this.symbol = symbol;
            this.fromId = fromId;
            this.notBeforeNanos = notBeforeNanos;
            this.createdAtNanos = Math.max(System.nanoTime(), notBeforeNanos);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(notBeforeNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Request other = (Request) o;
            int c = Long.compare(notBeforeNanos, other.notBeforeNanos);
            return c != 0 ? c : Long.compare(id, other.id);
        }
    }
}
