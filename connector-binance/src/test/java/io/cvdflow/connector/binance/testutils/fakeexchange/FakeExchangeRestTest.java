package io.cvdflow.connector.binance.testutils.fakeexchange;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.parse.AggTradeFrameParser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST side of the fake exchange, against the JDK's HttpClient. */
class FakeExchangeRestTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SymbolTape eth;
    private static SymbolTape btc;

    @BeforeAll
    static void readRecordings() {
        eth = Recordings.tape(Recordings.USDM_ETHUSDT);
        btc = Recordings.tape(Recordings.SPOT_BTCUSDT);
    }

    private static HttpResponse<String> get(FakeBinanceExchange ex, String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(ex.restBaseUri() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<Long> ids(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(response.body())) {
            ids.add(n.has("a") ? n.get("a").asLong() : n.get("id").asLong());
        }
        return ids;
    }

    private static List<Long> range(long first, long count) {
        List<Long> out = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            out.add(id);
        }
        return out;
    }

    @Test
    void aggTradesPageByFromIdInBinanceFormat() throws Exception {
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(eth).start()) {
            assertThat(ex.restBaseUri().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
            ex.publish("ETHUSDT", 2500);
            long first = ex.publishedIds("ETHUSDT")[0];

            HttpResponse<String> page = get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=" + (first + 10)
                    + "&limit=1000");
            assertThat(ids(page)).isEqualTo(range(first + 10, 1000));
            JsonNode element = JSON.readTree(page.body()).get(0);
            List<String> fields = new ArrayList<>();
            element.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("a", "p", "q", "f", "l", "T", "m");
            AggTrade expected = ex.published("ETHUSDT").get(10);
            assertThat(element.get("p").asText()).isEqualTo(expected.price);
            assertThat(element.get("q").asText()).isEqualTo(expected.quantity);
            assertThat(element.get("T").asLong()).isEqualTo(expected.tradeTimeMs);
            assertThat(page.headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("20");
            assertThat(page.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");

            List<FeedEvent> parsed = new AggTradeFrameParser().parseRestAggTrades(page.body().getBytes(), "ETHUSDT",
                    "rest", System.nanoTime());
            assertThat(parsed).hasSize(1000).allSatisfy(e -> assertThat(e.trade).isNotNull());
            assertThat(parsed.get(0).trade.tradeId).isEqualTo(first + 10);
            assertThat(parsed.get(0).trade.quantity).isEqualTo(Double.parseDouble(expected.quantity));

            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=" + (first + 2000))))
                    .as("default limit 500, fewer at the end").isEqualTo(range(first + 2000, 500));
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=" + (first + 2400) + "&limit=1000")))
                    .isEqualTo(range(first + 2400, 100));
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=" + (first + 2500)))).isEmpty();
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&limit=3"))).as("most recent")
                    .isEqualTo(range(first + 2497, 3));
            assertThat(ex.usedWeight()).isEqualTo(5 * 20);
            assertThat(ex.count(ExchangeCounter.REST_CALLS)).isEqualTo(5);
        }
    }

    @Test
    void timeWindowsAreInclusive() throws Exception {
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(btc).start()) {
            ex.publish("BTCUSDT", 300);
            List<AggTrade> published = ex.published("BTCUSDT");
            long start = published.get(100).tradeTimeMs;
            long end = published.get(200).tradeTimeMs;
            List<Long> expected = new ArrayList<>();
            for (AggTrade t : published) {
                if (t.tradeTimeMs >= start && t.tradeTimeMs <= end) {
                    expected.add(t.id);
                }
            }
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=" + start + "&endTime=" + end
                    + "&limit=1000"))).isEqualTo(expected);
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=BTCUSDT&startTime=" + start + "&limit=5")))
                    .isEqualTo(expected.subList(0, 5));
            List<Long> upToEnd = ids(get(ex, "/fapi/v1/aggTrades?symbol=BTCUSDT&endTime=" + end + "&limit=5"));
            assertThat(upToEnd).isEqualTo(expected.subList(expected.size() - 5, expected.size()));
        }
    }

    @Test
    void historyLimitKeepsOnlyTheMostRecentTrades() throws Exception {
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(eth).historyLimit(1000).start()) {
            ex.publish("ETHUSDT", 1500);
            long first = ex.publishedIds("ETHUSDT")[0];
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=" + first + "&limit=10")))
                    .as("IDs beyond the history are not returned").isEqualTo(range(first + 500, 10));
            assertThat(ex.published("ETHUSDT")).hasSize(1000);
            assertThat(ex.publishedIds("ETHUSDT")).hasSize(1500);
        }
    }

    @Test
    void lostRangesAreNeverReturned() throws Exception {
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(eth).start()) {
            ex.publish("ETHUSDT", 20);
            long first = ex.publishedIds("ETHUSDT")[0];
            ex.markLost("ETHUSDT", first + 5, first + 7);
            List<Long> expected = range(first, 20);
            expected.removeAll(List.of(first + 5, first + 6, first + 7));
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=" + first))).isEqualTo(expected);
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=" + (first + 5) + "&limit=2")))
                    .isEqualTo(List.of(first + 8, first + 9));
            assertThat(ex.lostIds("ETHUSDT")).containsExactly(first + 5, first + 6, first + 7);
        }
    }

    @Test
    void historicalTradesServeTheRawTrades() throws Exception {
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(btc).tape(eth).start()) {
            ex.publish("BTCUSDT", 50);
            List<Long> raw = new ArrayList<>();
            ex.published("BTCUSDT").forEach(a -> a.rawTrades.forEach(r -> raw.add(r.id)));
            HttpResponse<String> page = get(ex, "/fapi/v1/historicalTrades?symbol=BTCUSDT&fromId=" + raw.get(3)
                    + "&limit=20");
            assertThat(ids(page)).isEqualTo(raw.subList(3, 23));
            JsonNode element = JSON.readTree(page.body()).get(0);
            List<String> fields = new ArrayList<>();
            element.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("id", "price", "qty", "quoteQty", "time", "isBuyerMaker");
            assertThat(ids(get(ex, "/fapi/v1/historicalTrades?symbol=BTCUSDT&limit=4")))
                    .isEqualTo(raw.subList(raw.size() - 4, raw.size()));
            ex.publish("ETHUSDT", 5);
            assertThat(ids(get(ex, "/fapi/v1/historicalTrades?symbol=ETHUSDT"))).as("recorded as aggTrades").isEmpty();
        }
    }

    @Test
    void badParametersGetBinanceErrors() throws Exception {
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(eth).start()) {
            assertError(get(ex, "/fapi/v1/aggTrades?symbol=NOPEUSDT"), 400, -1121);
            assertError(get(ex, "/fapi/v1/aggTrades"), 400, -1102);
            assertError(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=abc"), 400, -1100);
            assertError(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&limit=1001"), 400, -1130);
            assertError(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&limit=0"), 400, -1130);
            assertError(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=1&startTime=5"), 400, -1128);
            assertError(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT&startTime=0&endTime=3600000"), 400, -1127);
            assertThat(get(ex, "/fapi/v1/nothing").statusCode()).isEqualTo(404);
            assertThat(ex.count(ExchangeCounter.REST_BAD_REQUESTS)).isEqualTo(7);
            assertThat(JSON.readTree(get(ex, "/fapi/v1/aggTrades?symbol=NOPEUSDT").body()).get("msg").asText())
                    .isEqualTo("Invalid symbol.");
        }
    }

    @Test
    void overTheWeightLimitComes429ThenA418Ban() throws Exception {
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(eth).weightLimit(60)
                .weightWindow(Duration.ofSeconds(30)).throttledCallsBeforeBan(2).banDuration(Duration.ofSeconds(90))
                .start()) {
            ex.publish("ETHUSDT", 10);
            for (int i = 1; i <= 3; i++) {
                HttpResponse<String> ok = get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT");
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue(Integer.toString(20 * i));
            }
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> throttled = get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT");
                assertError(throttled, 429, -1003);
                assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                        .isBetween(1L, 30L);
            }
            HttpResponse<String> banned = get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT");
            assertError(banned, 418, -1003);
            assertThat(banned.headers().firstValue("Retry-After")).hasValue("90");
            assertError(get(ex, "/fapi/v1/exchangeInfo"), 418, -1003);
            assertThat(ex.count(ExchangeCounter.REST_THROTTLED)).isEqualTo(2);
            assertThat(ex.count(ExchangeCounter.REST_BANNED)).isEqualTo(2);
        }
    }

    @Test
    void forcedThrottlingHitsTheNextCallsOnly() throws Exception {
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(eth).start()) {
            ex.publish("ETHUSDT", 10);
            ex.failNextRestCalls(2, 429, Duration.ofSeconds(3));
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT");
                assertError(r, 429, -1003);
                assertThat(r.headers().firstValue("Retry-After")).hasValue("3");
            }
            assertThat(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT").statusCode()).isEqualTo(200);
            ex.failNextRestCalls(1, 418, Duration.ofSeconds(120));
            HttpResponse<String> banned = get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT");
            assertError(banned, 418, -1003);
            assertThat(banned.headers().firstValue("Retry-After")).hasValue("120");
            assertThat(get(ex, "/fapi/v1/aggTrades?symbol=ETHUSDT").statusCode()).isEqualTo(200);
            assertThat(ex.usedWeight()).as("refused calls weigh nothing").isEqualTo(40);
        }
    }

    @Test
    void exchangeInfoFollowsListingChanges() throws Exception {
        SymbolTape sol = eth.renamed("SOLUSDT");
        try (FakeBinanceExchange ex = FakeBinanceExchange.builder().tape(eth).tape(btc).unlistedTape(sol).start()) {
            JsonNode info = JSON.readTree(get(ex, "/fapi/v1/exchangeInfo").body());
            assertThat(info.get("rateLimits").get(0).get("limit").asInt()).isEqualTo(2400);
            assertThat(symbols(info)).containsExactly("ETHUSDT TRADING PERPETUAL USDT", "BTCUSDT TRADING PERPETUAL USDT");
            JsonNode ethInfo = info.get("symbols").get(0);
            assertThat(ethInfo.get("baseAsset").asText()).isEqualTo("ETH");
            assertThat(ethInfo.get("pricePrecision").asInt()).isEqualTo(2);
            assertThat(get(ex, "/fapi/v1/exchangeInfo").headers().firstValue("X-MBX-USED-WEIGHT-1M")).hasValue("2");

            ex.listSymbol("SOLUSDT");
            ex.delistSymbol("BTCUSDT");
            ex.listSymbol(ListedSymbol.perpetual("XRPUSDT").withContractType("CURRENT_QUARTER"));
            assertThat(symbols(JSON.readTree(get(ex, "/fapi/v1/exchangeInfo").body()))).containsExactly(
                    "ETHUSDT TRADING PERPETUAL USDT", "BTCUSDT SETTLING PERPETUAL USDT", "SOLUSDT TRADING PERPETUAL USDT",
                    "XRPUSDT TRADING CURRENT_QUARTER USDT");
            assertThat(ex.publish("SOLUSDT", 3)).isEqualTo(3);

            assertThat(ex.unlistSymbol("ETHUSDT")).isTrue();
            assertThat(symbols(JSON.readTree(get(ex, "/fapi/v1/exchangeInfo").body())))
                    .doesNotContain("ETHUSDT TRADING PERPETUAL USDT");
            assertThat(ids(get(ex, "/fapi/v1/aggTrades?symbol=XRPUSDT"))).as("listed without trades").isEmpty();
        }
    }

    private static List<String> symbols(JsonNode info) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : info.get("symbols")) {
            out.add(s.get("symbol").asText() + " " + s.get("status").asText() + " " + s.get("contractType").asText()
                    + " " + s.get("quoteAsset").asText());
        }
        return out;
    }

    private static void assertError(HttpResponse<String> response, int status, int code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(code);
        assertThat(body.get("msg").asText()).isNotEmpty();
    }
}
