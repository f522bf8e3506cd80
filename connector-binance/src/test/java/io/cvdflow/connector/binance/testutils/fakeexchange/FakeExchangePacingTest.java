package io.cvdflow.connector.binance.testutils.fakeexchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.cvdflow.connector.binance.testutils.fakeexchange.FakeExchangeStreamTest.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Manual and paced publishing, listing changes while paced, and wall-clock timestamps. */
class FakeExchangePacingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishAllMergesSymbolsInRecordedPaceOrder() throws Exception {
        List<SymbolTape> tapes = Recordings.tapes(Recordings.USDM_SMALLCAPS);
        List<long[]> due = new ArrayList<>();
        for (int s = 0; s < tapes.size(); s++) {
            for (int i = 0; i < tapes.get(s).size(); i++) {
                due.add(new long[] {tapes.get(s).paceOffsetMs(i), s});
            }
        }
        due.sort(Comparator.<long[]>comparingLong(d -> d[0]).thenComparingLong(d -> d[1]));
        long[] expected = new long[tapes.size()];
        due.subList(0, 150).forEach(d -> expected[(int) d[1]]++);

        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tapes(tapes).start()) {
            assertThat(ex.publishAll(100)).isEqualTo(100);
            assertThat(ex.publishAll(50)).isEqualTo(50);
            long[] actual = tapes.stream().mapToLong(t -> ex.publishedCount(t.symbol())).toArray();
            assertThat(actual).containsExactly(expected);
            assertThat(ex.publishAll(10_000)).isEqualTo(due.size() - 150);
            assertThat(ex.publishAll(1)).isZero();
        }
    }

    @Test
    void fixedRateSpreadsTradesEvenlyOverSymbols() throws Exception {
        SymbolTape eth = Recordings.tape(Recordings.USDM_ETHUSDT);
        FakeBinanceExchange.Builder b = FakeBinanceExchange.builder();
        String[] streams = new String[20];
        for (int i = 0; i < 20; i++) {
            String symbol = String.format("E%02dUSDT", i);
            b.tape(eth.renamed(symbol).cycling());
            streams[i] = symbol.toLowerCase() + "@aggTrade";
        }
        try (FakeBinanceExchange ex = b.start(); CollectingWebSocket ws = CollectingWebSocket.connect(
                ex.combinedStreamUri(streams))) {
            awaitOpen(ex, 1);
            long start = System.nanoTime();
            ex.startPacing(Pace.fixedRate(20_000));
            Thread.sleep(500);
            long published = ex.stopPacing();
            double seconds = (System.nanoTime() - start) / 1e9;
            // never faster than the rate; how close it gets depends on the CPU the machine leaves it
            assertThat(published).isPositive();
            assertThat((double) published).isLessThanOrEqualTo(20_000 * seconds);

            long min = Long.MAX_VALUE;
            long max = 0;
            for (String s : ex.symbols()) {
                min = Math.min(min, ex.publishedCount(s));
                max = Math.max(max, ex.publishedCount(s));
            }
            assertThat(max - min).as("round robin").isLessThanOrEqualTo(1);

            Map<String, Long> next = new HashMap<>();
            for (String frame : ws.texts((int) published, WAIT)) {
                JsonNode data = JSON.readTree(frame).get("data");
                String symbol = data.get("s").asText();
                long id = data.get("a").asLong();
                long expectedId = next.getOrDefault(symbol, ex.publishedIds(symbol)[0]);
                assertThat(id).isEqualTo(expectedId);
                next.put(symbol, id + 1);
            }
        }
    }

    @Test
    void recordedPaceNeverPublishesATradeBeforeItIsDue() throws Exception {
        List<SymbolTape> tapes = Recordings.tapes(Recordings.USDM_SMALLCAPS);
        double speed = 200;
        long total = tapes.stream().mapToLong(SymbolTape::size).sum();
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tapes(tapes).start();
                CollectingWebSocket ws = CollectingWebSocket.connect(ex.combinedStreamUri("sandusdt@aggTrade",
                        "ctkusdt@aggTrade", "batusdt@aggTrade", "neousdt@aggTrade", "chrusdt@aggTrade"))) {
            awaitOpen(ex, 1);
            long start = System.nanoTime();
            ex.startPacing(Pace.recorded(speed));
            Map<String, SymbolTape> bySymbol = new HashMap<>();
            tapes.forEach(t -> bySymbol.put(t.symbol(), t));
            for (int received = 0; received < total; received++) {
                String frame = ws.nextText(WAIT);
                assertThat(frame).as("frame %d of %d", received, total).isNotNull();
                double elapsedMs = (System.nanoTime() - start) / 1e6;
                JsonNode data = JSON.readTree(frame).get("data");
                SymbolTape tape = bySymbol.get(data.get("s").asText());
                long index = data.get("a").asLong() - tape.trade(0).id;
                assertThat(elapsedMs).isGreaterThanOrEqualTo(tape.paceOffsetMs(index) / speed - 1);
            }
            long longest = tapes.stream().mapToLong(t -> t.paceOffsetMs(t.size() - 1)).max().orElseThrow();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                    .isLessThan((long) (longest / speed) + 5_000);
            assertThat(ex.stopPacing()).isEqualTo(total);
        }
    }

    @Test
    void onlyTradingSymbolsArePacedAndListingStartsOne() throws Exception {
        SymbolTape eth = Recordings.tape(Recordings.USDM_ETHUSDT);
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(eth.cycling())
                .unlistedTape(eth.renamed("NEWUSDT").cycling()).start()) {
            assertThatThrownBy(() -> ex.publish("NEWUSDT", 1)).isInstanceOf(IllegalStateException.class);
            ex.startPacing(Pace.fixedRate(2_000));
            Thread.sleep(150);
            assertThat(ex.publishedCount("ETHUSDT")).isPositive();
            assertThat(ex.publishedCount("NEWUSDT")).isZero();
            ex.listSymbol("NEWUSDT");
            Thread.sleep(150);
            assertThat(ex.publishedCount("NEWUSDT")).isPositive();
            ex.delistSymbol("ETHUSDT");
            Thread.sleep(50);
            long stopped = ex.publishedCount("ETHUSDT");
            Thread.sleep(150);
            assertThat(ex.publishedCount("ETHUSDT")).isEqualTo(stopped);
            ex.stopPacing();
        }
    }

    @Test
    void wallClockTimestampsStampTradesAtPublication() throws Exception {
        SymbolTape btc = Recordings.tape(Recordings.SPOT_BTCUSDT);
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(btc).wallClockTimestamps(true).start()) {
            long before = System.currentTimeMillis();
            ex.publish("BTCUSDT", 200);
            long after = System.currentTimeMillis();
            List<AggTrade> published = ex.published("BTCUSDT");
            for (int i = 0; i < published.size(); i++) {
                AggTrade t = published.get(i);
                AggTrade recorded = btc.recorded().get(i);
                assertThat(t.eventTimeMs).isBetween(before, after + 1_000);
                assertThat(t.eventTimeMs - t.tradeTimeMs).isEqualTo(recorded.eventTimeMs - recorded.tradeTimeMs);
                assertThat(t.rawTrades.get(0).tradeTimeMs).isEqualTo(t.tradeTimeMs);
                if (i > 0) {
                    assertThat(t.tradeTimeMs).isGreaterThanOrEqualTo(published.get(i - 1).tradeTimeMs);
                }
                assertThat(t.id).isEqualTo(recorded.id);
                assertThat(t.quantity).isEqualTo(recorded.quantity);
            }
        }
    }
}
