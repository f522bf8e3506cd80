package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.connector.binance.source.BinanceSourceOptions;
import io.cvdflow.connector.binance.source.StreamType;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;
import io.cvdflow.connector.binance.testutils.fakeexchange.ExchangeCounter;
import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;
import io.cvdflow.connector.binance.testutils.fakeexchange.MalformedFrame;
import io.cvdflow.connector.binance.testutils.fakeexchange.Pace;
import io.cvdflow.connector.binance.testutils.fakeexchange.Recordings;
import io.cvdflow.connector.binance.testutils.fakeexchange.SymbolTape;

import org.apache.flink.configuration.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split reader against the fake exchange serving the real recordings, one fault at a time. Each test ends with
 * every published trade ID exactly once and in order per symbol.
 */
class BinanceSplitReaderITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ETH = "ETHUSDT";

    private static List<SymbolTape> smallcaps() {
        return Recordings.tapes(Recordings.USDM_SMALLCAPS);
    }

    private static List<String> symbols(List<SymbolTape> tapes) {
        return tapes.stream().map(SymbolTape::symbol).collect(Collectors.toList());
    }

    private static void awaitSubscribed(SplitReaderHarness h, FakeBinanceExchange exchange, int streams)
            throws InterruptedException {
        h.await(() -> exchange.connections().stream().filter(c -> c.open && !c.stalled)
                .mapToInt(c -> c.streams.size()).sum() == streams, TIMEOUT,
                () -> "subscriptions: " + exchange.connections());
    }

    @Test
    void twentyRandomDisconnectsLoseAndDoubleNothing() throws Exception {
        List<SymbolTape> tapes = new ArrayList<>();
        smallcaps().forEach(t -> tapes.add(t.cycling()));
        tapes.add(Recordings.tape(Recordings.USDM_ETHUSDT));
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(tapes).weightLimit(1_000_000)
                .start();
                SplitReaderHarness h = new SplitReaderHarness(unlimitedRest(SplitReaderHarness.config(exchange)))) {
            List<String> symbols = symbols(tapes);
            h.add(symbols);
            awaitSubscribed(h, exchange, symbols.size());
            exchange.startPacing(Pace.fixedRate(2_000));
            Random random = new Random(20);
            int faults = 0;
            while (faults < 20) {
                Thread.sleep(100 + random.nextInt(200));
                int hit;
                switch (random.nextInt(3)) {
                    case 0:
                        hit = exchange.closeAllConnections(1001, "going away");
                        break;
                    case 1:
                        hit = exchange.dropAllConnections();
                        break;
                    default:
                        hit = exchange.expireAllConnections();
                }
                faults += hit;
                // the next fault hits the new connection, not the one going away
                h.await(() -> exchange.openConnectionCount() == 1 && h.metrics.reconnects() >= faults(exchange),
                        TIMEOUT, () -> "reconnects " + h.metrics.reconnects());
            }
            Thread.sleep(300);
            exchange.stopPacing();
            h.awaitExactlyOnce(exchange, symbols, TIMEOUT);
            assertThat(h.metrics.reconnects()).isGreaterThanOrEqualTo(20);
            assertThat(h.gaps()).noneMatch(g -> g.status == GapStatus.UNRECOVERABLE);
            assertThat(h.metrics.backfilledTrades()).isPositive();
        }
    }

    @Test
    void aDroppedBurstIsBackfilledWithTheExactRange() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).start();
                SplitReaderHarness h = new SplitReaderHarness(SplitReaderHarness.config(exchange))) {
            h.add(List.of(ETH));
            awaitSubscribed(h, exchange, 1);
            exchange.publish(ETH, 100);
            long firstDropped = exchange.publishedIds(ETH)[99] + 1;
            exchange.dropNextFrames(ETH, 250);
            exchange.publish(ETH, 250);
            exchange.publish(ETH, 300);
            h.awaitExactlyOnce(exchange, List.of(ETH), TIMEOUT);

            assertThat(h.gaps()).singleElement().satisfies(g -> {
                assertThat(g.status).isEqualTo(GapStatus.BACKFILLED);
                assertThat(g.firstMissingId).isEqualTo(firstDropped);
                assertThat(g.lastMissingId).isEqualTo(firstDropped + 249);
            });
            assertThat(h.metrics.backfilledTrades()).isEqualTo(250);
            assertThat(exchange.count(ExchangeCounter.FRAMES_DROPPED)).isEqualTo(250);
            assertThat(h.metrics.framesReceived()).isEqualTo(400);
            assertThat(h.metrics.receiveLagMs().getCount()).isEqualTo(400);
            assertThat(h.metrics.restRequests()).isEqualTo(exchange.count(ExchangeCounter.REST_CALLS));
        }
    }

    @Test
    void rotationIsMakeBeforeBreak() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).start();
                SplitReaderHarness h = new SplitReaderHarness(rotating(SplitReaderHarness.config(exchange)))) {
            h.add(List.of(ETH));
            awaitSubscribed(h, exchange, 1);
            exchange.startPacing(Pace.fixedRate(1_000));
            h.await(() -> h.metrics.rotations() >= 3, TIMEOUT, () -> "rotations: " + h.metrics.rotations());
            exchange.stopPacing();
            h.awaitExactlyOnce(exchange, List.of(ETH), TIMEOUT);

            assertThat(h.metrics.reconnects()).isZero();
            assertThat(h.gaps()).isEmpty();
            assertThat(h.metrics.duplicatesDropped()).isPositive();
            assertThat(exchange.count(ExchangeCounter.REST_CALLS)).isZero();
            assertThat(exchange.connections()).hasSizeGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void restThrottlingIsHonoured() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT))
                .weightLimit(60).weightWindow(Duration.ofSeconds(1)).throttledCallsBeforeBan(1_000).start();
                SplitReaderHarness h = new SplitReaderHarness(pagesOf(50, SplitReaderHarness.config(exchange)))) {
            h.add(List.of(ETH));
            awaitSubscribed(h, exchange, 1);
            exchange.publish(ETH, 10);
            exchange.failNextRestCalls(1, 418, Duration.ofSeconds(1));
            exchange.failNextRestCalls(1, 429, Duration.ofSeconds(1));
            exchange.dropNextFrames(ETH, 400);
            exchange.publish(ETH, 400);
            long start = System.nanoTime();
            exchange.publish(ETH, 10);
            h.awaitExactlyOnce(exchange, List.of(ETH), TIMEOUT);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(2));
            assertThat(h.metrics.restThrottled()).isGreaterThanOrEqualTo(3);
            assertThat(exchange.count(ExchangeCounter.REST_BANNED)).isZero();
            assertThat(h.metrics.backfilledTrades()).isEqualTo(400);
        }
    }

    @Test
    void tradesTheExchangeLostAreOneUnrecoverableGap() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).start();
                SplitReaderHarness h = new SplitReaderHarness(SplitReaderHarness.config(exchange))) {
            h.add(List.of(ETH));
            awaitSubscribed(h, exchange, 1);
            exchange.publish(ETH, 50);
            exchange.loseNextTrades(ETH, 40);
            exchange.publish(ETH, 40);
            exchange.publish(ETH, 50);
            h.awaitExactlyOnce(exchange, List.of(ETH), TIMEOUT);

            long[] lost = exchange.lostIds(ETH);
            assertThat(lost).hasSize(40);
            TradeGap gap = h.gaps().stream().filter(g -> g.status == GapStatus.UNRECOVERABLE).findFirst()
                    .orElseThrow();
            assertThat(gap.firstMissingId).isEqualTo(lost[0]);
            assertThat(gap.lastMissingId).isEqualTo(lost[39]);
            assertThat(h.gaps()).hasSize(1);
            assertThat(h.metrics.unrecoverableTrades()).isEqualTo(40);
        }
    }

    @Test
    void aRestOutageIsReportedAfterTheGiveUpTimeAndStreamingGoesOn() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).start()) {
            Configuration config = SplitReaderHarness.config(exchange);
            config.set(BinanceSourceOptions.REST_URL, "http://127.0.0.1:1");
            config.set(BinanceSourceOptions.BACKFILL_GIVE_UP, Duration.ofSeconds(1));
            try (SplitReaderHarness h = new SplitReaderHarness(config)) {
                h.add(List.of(ETH));
                awaitSubscribed(h, exchange, 1);
                exchange.publish(ETH, 20);
                long[] beforeDrop = exchange.publishedIds(ETH);
                exchange.dropNextFrames(ETH, 15);
                exchange.publish(ETH, 15);
                exchange.publish(ETH, 20);
                long[] all = exchange.publishedIds(ETH);
                h.await(() -> h.ids(ETH).length == all.length - 15, TIMEOUT, () -> "emitted " + h.ids(ETH).length);

                long[] expected = LongStream.of(all).filter(id -> id <= beforeDrop[19] || id > beforeDrop[19] + 15)
                        .toArray();
                assertThat(h.ids(ETH)).containsExactly(expected);
                assertThat(h.gaps()).singleElement().satisfies(g -> {
                    assertThat(g.status).isEqualTo(GapStatus.UNRECOVERABLE);
                    assertThat(g.firstMissingId).isEqualTo(beforeDrop[19] + 1);
                    assertThat(g.lastMissingId).isEqualTo(beforeDrop[19] + 15);
                    assertThat(g.detail).contains("REST unavailable");
                });
            }
        }
    }

    @Test
    void aRestoreBeyondRestHistoryReportsTheRangeAndCatchesUp() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).historyLimit(300).start();
                SplitReaderHarness h = new SplitReaderHarness(SplitReaderHarness.config(exchange))) {
            exchange.publish(ETH, 1_000);
            long[] published = exchange.publishedIds(ETH);
            long restoredLast = published[99];
            h.addSplits(List.of(new BinanceSymbolSplit(ETH, StreamType.AGG_TRADE, restoredLast, 0)));
            awaitSubscribed(h, exchange, 1);
            h.await(() -> h.ids(ETH).length >= 300, TIMEOUT, () -> "emitted " + h.ids(ETH).length);
            exchange.publish(ETH, 20);

            // REST kept the last 300 of the first 1,000 trades; everything from there on is emitted
            long[] expected = LongStream.of(exchange.publishedIds(ETH)).filter(id -> id >= published[700])
                    .toArray();
            h.await(() -> h.ids(ETH).length >= expected.length, TIMEOUT, () -> "emitted " + h.ids(ETH).length);
            assertThat(h.ids(ETH)).containsExactly(expected);
            assertThat(h.gaps()).filteredOn(g -> g.status == GapStatus.UNRECOVERABLE).singleElement()
                    .satisfies(g -> {
                        assertThat(g.firstMissingId).isEqualTo(restoredLast + 1);
                        assertThat(g.lastMissingId).isEqualTo(published[published.length - 301]);
                    });
        }
    }

    @Test
    void fiveHundredSymbolsShareThreeConnections() throws Exception {
        List<SymbolTape> tapes = new ArrayList<>();
        List<SymbolTape> base = smallcaps();
        for (int i = 0; i < 500; i++) {
            tapes.add(base.get(i % base.size()).renamed(String.format("S%03d%s", i, base.get(i % base.size())
                    .symbol())));
        }
        List<String> symbols = symbols(tapes);
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(tapes).start();
                SplitReaderHarness h = new SplitReaderHarness(SplitReaderHarness.config(exchange))) {
            h.add(symbols);
            awaitSubscribed(h, exchange, 500);
            assertThat(exchange.connections()).filteredOn(c -> c.open).extracting(c -> c.streams.size())
                    .containsExactlyInAnyOrder(200, 200, 100);
            exchange.publishAll(15_000);
            h.awaitExactlyOnce(exchange, symbols, TIMEOUT);
            assertThat(h.metrics.tradesEmitted()).isEqualTo(15_000);
            assertThat(exchange.connections()).hasSize(3);
        }
    }

    @Test
    void malformedFramesAreCountedAndTheirNeighboursEmitted() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).start();
                SplitReaderHarness h = new SplitReaderHarness(SplitReaderHarness.config(exchange))) {
            h.add(List.of(ETH));
            awaitSubscribed(h, exchange, 1);
            for (MalformedFrame kind : MalformedFrame.values()) {
                exchange.publish(ETH, 3);
                exchange.injectMalformed(ETH, kind);
            }
            exchange.publish(ETH, 3);
            h.awaitExactlyOnce(exchange, List.of(ETH), TIMEOUT);
            h.await(() -> h.deadLetters().size() == MalformedFrame.values().length, TIMEOUT,
                    () -> "dead letters " + h.deadLetters());

            assertThat(h.gaps()).isEmpty();
            assertThat(h.metrics.parseErrors()).isEqualTo(MalformedFrame.values().length);
            assertThat(h.deadLetters()).extracting(d -> d.reason).containsExactly(
                    RejectReason.NOT_JSON, RejectReason.NON_FINITE, RejectReason.NON_POSITIVE_QUANTITY,
                    RejectReason.NON_NUMERIC, RejectReason.MISSING_FIELD, RejectReason.NOT_JSON,
                    RejectReason.NOT_JSON);
            assertThat(h.deadLetters()).allMatch(d -> d.origin.startsWith("ws:conn-0"));
            assertThat(h.metrics.parseErrors(RejectReason.NOT_JSON)).isEqualTo(3);
            assertThat(h.metrics.framesReceived()).isEqualTo(exchange.publishedIds(ETH).length
                    + MalformedFrame.values().length);
        }
    }

    @Test
    void aStalledConnectionIsReconnectedAndServerPingsAnswered() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).start();
                SplitReaderHarness h = new SplitReaderHarness(SplitReaderHarness.config(exchange))) {
            h.add(List.of(ETH));
            awaitSubscribed(h, exchange, 1);
            exchange.sendPings();
            h.await(() -> exchange.count(ExchangeCounter.PONGS_RECEIVED) >= 1, TIMEOUT, () -> "no pong");
            exchange.publish(ETH, 20);
            exchange.stall();
            exchange.publish(ETH, 30);
            h.await(() -> h.metrics.stalls() == 1, TIMEOUT, () -> "stalls " + h.metrics.stalls());
            awaitSubscribed(h, exchange, 1);
            exchange.publish(ETH, 10);
            h.awaitExactlyOnce(exchange, List.of(ETH), TIMEOUT);
            assertThat(h.metrics.backfilledTrades()).isEqualTo(30);
        }
    }

    @Test
    void aQuietSymbolOnALiveConnectionIsNoStall() throws Exception {
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).start();
                SplitReaderHarness h = new SplitReaderHarness(SplitReaderHarness.config(exchange))) {
            h.add(List.of(ETH));
            awaitSubscribed(h, exchange, 1);
            exchange.publish(ETH, 5);
            Thread.sleep(5_000); // 2.5 stall timeouts without a trade: the client's pings keep it alive
            exchange.publish(ETH, 5);
            h.awaitExactlyOnce(exchange, List.of(ETH), TIMEOUT);
            assertThat(h.metrics.stalls()).isZero();
            assertThat(h.metrics.reconnects()).isZero();
            assertThat(exchange.connections()).singleElement().satisfies(c -> assertThat(c.open).isTrue());
        }
    }

    @Test
    void symbolsAddedAndRemovedAtRuntimeAreSubscribedAndUnsubscribed() throws Exception {
        List<SymbolTape> tapes = smallcaps();
        List<String> symbols = symbols(tapes);
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(tapes).start();
                SplitReaderHarness h = new SplitReaderHarness(SplitReaderHarness.config(exchange))) {
            h.add(symbols.subList(0, 2));
            awaitSubscribed(h, exchange, 2);
            h.add(symbols.subList(2, 5));
            awaitSubscribed(h, exchange, 5);
            h.remove(symbols.subList(0, 1));
            awaitSubscribed(h, exchange, 4);
            exchange.publishAll(200);
            h.awaitExactlyOnce(exchange, symbols.subList(1, 5), TIMEOUT);

            assertThat(h.ids(symbols.get(0))).isEmpty();
            assertThat(h.finishedSplits()).containsExactly(symbols.get(0) + "@aggTrade");
            assertThat(exchange.connections()).singleElement();
            assertThat(exchange.count(ExchangeCounter.SUBSCRIBE_REQUESTS)).isEqualTo(1);
            assertThat(exchange.count(ExchangeCounter.UNSUBSCRIBE_REQUESTS)).isEqualTo(1);
            assertThat(exchange.count(ExchangeCounter.RATE_LIMIT_DISCONNECTS)).isZero();
        }
    }

    @Test
    void subscriptionBurstsStayWithinTheMessageRate() throws Exception {
        List<SymbolTape> tapes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            SymbolTape base = smallcaps().get(i % 5);
            tapes.add(base.renamed(String.format("B%02d%s", i, base.symbol())));
        }
        List<String> symbols = symbols(tapes);
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder().tapes(tapes).start()) {
            Configuration config = SplitReaderHarness.config(exchange);
            config.set(BinanceSourceOptions.WS_MESSAGES_PER_SECOND, 10);
            try (SplitReaderHarness h = new SplitReaderHarness(config)) {
                h.add(symbols.subList(0, 1));
                awaitSubscribed(h, exchange, 1);
                for (int i = 1; i < symbols.size(); i++) {
                    h.add(symbols.subList(i, i + 1));
                    if (i % 3 == 0) {
                        h.remove(symbols.subList(i - 1, i));
                        h.add(symbols.subList(i - 1, i));
                    }
                    Thread.sleep(30); // about 33 changes per second: more than the rate, so messages coalesce
                }
                awaitSubscribed(h, exchange, symbols.size());
                exchange.publishAll(600);
                h.awaitExactlyOnce(exchange, symbols, TIMEOUT);

                assertThat(exchange.count(ExchangeCounter.RATE_LIMIT_DISCONNECTS)).isZero();
                assertThat(exchange.connections()).singleElement();
                assertThat(exchange.count(ExchangeCounter.SUBSCRIBE_REQUESTS)
                        + exchange.count(ExchangeCounter.UNSUBSCRIBE_REQUESTS)).isBetween(12L, 40L);
            }
        }
    }

    @Test
    void anUnroutedUrlIsDetectedAndLoggedWithAHint() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) LogManager.getLogger(BinanceSplitReader.class);
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                warnings.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        logger.addAppender(capture);
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tape(Recordings.tape(Recordings.USDM_ETHUSDT)).start()) {
            Configuration config = SplitReaderHarness.config(exchange);
            config.set(BinanceSourceOptions.WS_URL, exchange.unroutedStreamBaseUri().toString());
            config.set(BinanceSourceOptions.STALL_TIMEOUT, Duration.ofSeconds(1));
            try (SplitReaderHarness h = new SplitReaderHarness(config)) {
                h.add(List.of(ETH));
                h.await(() -> exchange.connections().stream().anyMatch(c -> c.open && !c.routed), TIMEOUT,
                        () -> "connections " + exchange.connections());
                exchange.publish(ETH, 10);
                h.await(() -> h.metrics.silentConnections() >= 1, TIMEOUT, () -> "not detected");
                assertThat(h.ids(ETH)).isEmpty();
            }
            assertThat(exchange.connections()).allMatch(c -> !c.routed);
            assertThat(exchange.count(ExchangeCounter.UNROUTED_CONNECTIONS)).isPositive();
        } finally {
            logger.removeAppender(capture);
        }
        assertThat(warnings).anySatisfy(w -> assertThat(w)
                .contains("has received no data")
                .contains("no routed '/market' path")
                .contains("wss://fstream.binance.com/market"));
    }

    /** Connections the exchange closed or cut so far. */
    private static long faults(FakeBinanceExchange exchange) {
        return exchange.count(ExchangeCounter.FAULT_CLOSES) + exchange.count(ExchangeCounter.LIFETIME_CLOSES);
    }

    private static Configuration unlimitedRest(Configuration c) {
        c.set(BinanceSourceOptions.REST_WEIGHT_BUDGET, 1_000_000);
        return c;
    }

    private static Configuration rotating(Configuration c) {
        c.set(BinanceSourceOptions.ROTATION_AGE, Duration.ofMillis(1_200));
        c.set(BinanceSourceOptions.ROTATION_OVERLAP, Duration.ofMillis(300));
        return c;
    }

    private static Configuration pagesOf(int limit, Configuration c) {
        c.set(BinanceSourceOptions.REST_PAGE_LIMIT, limit);
        return c;
    }
}
