package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.connector.binance.source.BinanceSourceOptions;
import io.cvdflow.connector.binance.source.StreamType;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;
import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsRemoval;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a {@link BinanceSplitReader} as Flink's split fetcher does (split changes and {@code fetch()} on one thread)
 * and keeps what it emits, by symbol, in emission order.
 */
final class SplitReaderHarness implements AutoCloseable {
    final BinanceSourceReaderMetrics metrics = new BinanceSourceReaderMetrics(new UnregisteredMetricsGroup());
    final BinanceSplitReader reader;

    private final ConcurrentLinkedQueue<SplitsChange<BinanceSymbolSplit>> changes = new ConcurrentLinkedQueue<>();
    private final Map<String, List<Trade>> trades = new HashMap<>();
    private final List<TradeGap> gaps = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final Set<String> finishedSplits = new HashSet<>();
    private final Thread fetcher;
    private volatile boolean closed;
    private volatile Throwable failure;

    SplitReaderHarness(Configuration config) {
        reader = new BinanceSplitReader(config, 0, metrics);
        fetcher = new Thread(this::run, "test-split-fetcher");
        fetcher.setDaemon(true);
        fetcher.start();
    }

    /** Settings for a test against the fake exchange: its URLs, short timeouts. */
    static Configuration config(FakeBinanceExchange exchange) {
        Configuration c = new Configuration();
        c.set(BinanceSourceOptions.WS_URL, exchange.marketStreamBaseUri().toString());
        c.set(BinanceSourceOptions.REST_URL, exchange.restBaseUri().toString());
        c.set(BinanceSourceOptions.STALL_TIMEOUT, Duration.ofSeconds(2));
        c.set(BinanceSourceOptions.RECONNECT_BACKOFF_INITIAL, Duration.ofMillis(20));
        c.set(BinanceSourceOptions.RECONNECT_BACKOFF_MAX, Duration.ofMillis(300));
        c.set(BinanceSourceOptions.RESYNC_DELAY, Duration.ofMillis(200));
        c.set(BinanceSourceOptions.CATCH_UP_TIMEOUT, Duration.ofSeconds(1));
        c.set(BinanceSourceOptions.REST_REQUEST_TIMEOUT, Duration.ofSeconds(5));
        c.set(BinanceSourceOptions.CONNECT_TIMEOUT, Duration.ofSeconds(5));
        return c;
    }

    void add(Collection<String> symbols) {
        List<BinanceSymbolSplit> splits = new ArrayList<>();
        for (String s : symbols) {
            splits.add(BinanceSymbolSplit.fresh(s, StreamType.AGG_TRADE));
        }
        addSplits(splits);
    }

    void addSplits(List<BinanceSymbolSplit> splits) {
        changes.add(new SplitsAddition<>(splits));
        reader.wakeUp();
    }

    void remove(Collection<String> symbols) {
        List<BinanceSymbolSplit> splits = new ArrayList<>();
        for (String s : symbols) {
            splits.add(BinanceSymbolSplit.fresh(s, StreamType.AGG_TRADE));
        }
        changes.add(new SplitsRemoval<>(splits));
        reader.wakeUp();
    }

    private void run() {
        try {
            while (!closed) {
                SplitsChange<BinanceSymbolSplit> change;
                while ((change = changes.poll()) != null) {
                    reader.handleSplitsChanges(change);
                }
                RecordsWithSplitIds<FeedEvent> records = reader.fetch();
                synchronized (this) {
                    String split;
                    while ((split = records.nextSplit()) != null) {
                        FeedEvent e;
                        while ((e = records.nextRecordFromSplit()) != null) {
                            if (e.trade != null) {
                                assertThat(split).isEqualTo(e.trade.symbol + "@aggTrade");
                                trades.computeIfAbsent(e.trade.symbol, s -> new ArrayList<>()).add(e.trade);
                            } else if (e.gap != null) {
                                gaps.add(e.gap);
                            } else {
                                deadLetters.add(e.deadLetter);
                            }
                        }
                    }
                    finishedSplits.addAll(records.finishedSplits());
                }
                records.recycle();
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    synchronized long[] ids(String symbol) {
        List<Trade> list = trades.getOrDefault(symbol, List.of());
        long[] ids = new long[list.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = list.get(i).tradeId;
        }
        return ids;
    }

    synchronized List<Trade> trades(String symbol) {
        return new ArrayList<>(trades.getOrDefault(symbol, List.of()));
    }

    synchronized List<TradeGap> gaps() {
        return new ArrayList<>(gaps);
    }

    synchronized List<DeadLetter> deadLetters() {
        return new ArrayList<>(deadLetters);
    }

    synchronized Set<String> finishedSplits() {
        return new HashSet<>(finishedSplits);
    }

    /** Waits until every symbol has emitted as many trades as the exchange published, then compares the IDs. */
    void awaitExactlyOnce(FakeBinanceExchange exchange, Collection<String> symbols, Duration timeout)
            throws InterruptedException {
        await(() -> {
            for (String s : symbols) {
                if (ids(s).length < exchange.publishedIds(s).length) {
                    return false;
                }
            }
            return true;
        }, timeout, () -> "emitted vs published: " + progress(exchange, symbols));
        for (String s : symbols) {
            assertThat(ids(s)).as("trade IDs of %s", s).containsExactly(exchange.publishedIds(s));
        }
    }

    private String progress(FakeBinanceExchange exchange, Collection<String> symbols) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (String s : symbols) {
            int emitted = ids(s).length;
            int published = exchange.publishedIds(s).length;
            if (emitted != published && shown++ < 10) {
                b.append(s).append(' ').append(emitted).append('/').append(published).append("; ");
            }
        }
        return b.toString();
    }

    void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (failure != null) {
                throw new AssertionError("the fetcher failed", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + ": " + what.get());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        reader.wakeUp();
        fetcher.join(5_000);
        reader.close();
        if (failure != null) {
            throw new AssertionError("the fetcher failed", failure);
        }
    }
}
