package io.cvdflow.connector.binance.testutils.fakeexchange;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.parse.AggTradeFrameParser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.cvdflow.connector.binance.testutils.fakeexchange.FakeExchangeStreamTest.awaitCount;
import static io.cvdflow.connector.binance.testutils.fakeexchange.FakeExchangeStreamTest.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each fault the fake exchange injects, seen from a JDK client. */
class FakeExchangeFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SymbolTape eth;

    @BeforeAll
    static void readRecordings() {
        eth = Recordings.tape(Recordings.USDM_ETHUSDT);
    }

    private static FakeBinanceExchange.Builder exchange() {
        return FakeBinanceExchange.builder().tape(eth);
    }

    /** The {@code a} of each frame, in order. */
    private static List<Long> ids(List<String> frames) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String f : frames) {
            ids.add(JSON.readTree(f).get("data").get("a").asLong());
        }
        return ids;
    }

    private static List<Long> restIds(FakeBinanceExchange ex, long fromId, int limit) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ex.restBaseUri()
                + "/fapi/v1/aggTrades?symbol=ETHUSDT&fromId=" + fromId + "&limit=" + limit)).build(),
                HttpResponse.BodyHandlers.ofString());
        List<Long> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(r.body())) {
            ids.add(n.get("a").asLong());
        }
        return ids;
    }

    private static List<Long> range(long first, long count) {
        return LongStream.range(first, first + count).boxed().collect(Collectors.toList());
    }

    private static CollectingWebSocket connect(FakeBinanceExchange ex) throws Exception {
        return CollectingWebSocket.connect(ex.combinedStreamUri("ethusdt@aggTrade"));
    }

    @Test
    void closeAllSendsTheCodeAndClientsCanReconnect() throws Exception {
        try (FakeBinanceExchange ex = exchange().start(); CollectingWebSocket a = connect(ex);
                CollectingWebSocket b = connect(ex)) {
            awaitOpen(ex, 2);
            assertThat(ex.closeAllConnections(1011, "Internal error")).isEqualTo(2);
            assertThat(a.awaitClose(WAIT)).isEqualTo(1011);
            assertThat(b.awaitClose(WAIT)).isEqualTo(1011);
            try (CollectingWebSocket again = connect(ex)) {
                awaitOpen(ex, 1);
                ex.publish("ETHUSDT", 3);
                assertThat(ids(again.texts(3, WAIT))).isEqualTo(range(ex.publishedIds("ETHUSDT")[0], 3));
            }
            assertThat(ex.connections()).extracting(c -> c.closeCause).startsWith(CloseCause.FAULT_CLEAN_CLOSE,
                    CloseCause.FAULT_CLEAN_CLOSE);
            assertThat(ex.count(ExchangeCounter.FAULT_CLOSES)).isEqualTo(2);
        }
    }

    @Test
    void dropAllCutsConnectionsWithoutACloseFrame() throws Exception {
        try (FakeBinanceExchange ex = exchange().start(); CollectingWebSocket ws = connect(ex)) {
            awaitOpen(ex, 1);
            assertThat(ex.dropAllConnections()).isEqualTo(1);
            assertThat(ws.awaitClose(WAIT)).isEqualTo(CollectingWebSocket.ABNORMAL_CLOSURE);
            assertThat(ex.connections().get(0).closeCause).isEqualTo(CloseCause.FAULT_ABNORMAL_CLOSE);
            assertThat(ex.openConnectionCount()).isZero();
        }
    }

    @Test
    void droppedFramesLeaveAGapThatRestFills() throws Exception {
        try (FakeBinanceExchange ex = exchange().start(); CollectingWebSocket ws = connect(ex)) {
            awaitOpen(ex, 1);
            ex.publish("ETHUSDT", 10);
            ex.dropNextFrames("ETHUSDT", 5);
            ex.publish("ETHUSDT", 10);
            long first = ex.publishedIds("ETHUSDT")[0];
            List<Long> expected = range(first, 10);
            expected.addAll(range(first + 15, 5));
            assertThat(ids(ws.texts(15, WAIT))).isEqualTo(expected);
            assertThat(ws.drainTexts(QUIET)).isEmpty();
            assertThat(restIds(ex, first + 10, 5)).isEqualTo(range(first + 10, 5));
            assertThat(ex.publishedIds("ETHUSDT")).hasSize(20);
            assertThat(ex.count(ExchangeCounter.FRAMES_DROPPED)).isEqualTo(5);
        }
    }

    @Test
    void lostTradesAreOnNeitherTheStreamNorRest() throws Exception {
        try (FakeBinanceExchange ex = exchange().start(); CollectingWebSocket ws = connect(ex)) {
            awaitOpen(ex, 1);
            ex.publish("ETHUSDT", 4);
            ex.loseNextTrades("ETHUSDT", 3);
            ex.publish("ETHUSDT", 6);
            long first = ex.lostIds("ETHUSDT")[0] - 4;
            List<Long> expected = range(first, 4);
            expected.addAll(range(first + 7, 3));
            assertThat(ids(ws.texts(7, WAIT))).isEqualTo(expected);
            assertThat(restIds(ex, first, 1000)).isEqualTo(expected);
            assertThat(ex.publishedIds("ETHUSDT")).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
            assertThat(ex.lostIds("ETHUSDT")).containsExactly(first + 4, first + 5, first + 6);
            assertThat(ex.count(ExchangeCounter.TRADES_LOST)).isEqualTo(3);
        }
    }

    @Test
    void aStallSilencesOpenConnectionsUntilResumed() throws Exception {
        try (FakeBinanceExchange ex = exchange().start(); CollectingWebSocket stalled = connect(ex)) {
            awaitOpen(ex, 1);
            assertThat(ex.stall()).isEqualTo(1);
            try (CollectingWebSocket fresh = connect(ex)) {
                awaitOpen(ex, 2);
                ex.publish("ETHUSDT", 5);
                assertThat(fresh.texts(5, WAIT)).hasSize(5);
                stalled.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}");
                assertThat(stalled.drainTexts(QUIET)).as("no frames, no answers").isEmpty();
                assertThat(stalled.isClosed()).isFalse();
                ex.resume();
                ex.publish("ETHUSDT", 2);
                long first = ex.publishedIds("ETHUSDT")[0];
                assertThat(ids(stalled.texts(2, WAIT))).isEqualTo(range(first + 5, 2));
                assertThat(ex.connections().get(0).framesWithheld).isEqualTo(6);
            }
        }
    }

    @Test
    void aTimedStallEndsByItself() throws Exception {
        try (FakeBinanceExchange ex = exchange().start(); CollectingWebSocket ws = connect(ex)) {
            awaitOpen(ex, 1);
            ex.stallFor(Duration.ofMillis(200));
            ex.publish("ETHUSDT", 3);
            assertThat(ws.nextText(Duration.ofMillis(100))).isNull();
            Thread.sleep(250);
            ex.publish("ETHUSDT", 3);
            assertThat(ids(ws.texts(3, WAIT))).isEqualTo(range(ex.publishedIds("ETHUSDT")[3], 3));
            assertThat(ex.count(ExchangeCounter.FRAMES_WITHHELD)).isEqualTo(3);
        }
    }

    @Test
    void malformedFramesSitBetweenValidOnes() throws Exception {
        try (FakeBinanceExchange ex = exchange().start(); CollectingWebSocket ws = connect(ex)) {
            awaitOpen(ex, 1);
            AggTradeFrameParser parser = new AggTradeFrameParser();
            for (MalformedFrame kind : MalformedFrame.values()) {
                ex.publish("ETHUSDT", 2);
                assertThat(ex.injectMalformed("ETHUSDT", kind)).isEqualTo(1);
                ex.publish("ETHUSDT", 2);
                if (kind == MalformedFrame.BINARY_GARBAGE) {
                    byte[] garbage = ws.nextBinary(WAIT);
                    assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(garbage)))
                            .isInstanceOf(CharacterCodingException.class);
                    assertThat(ws.texts(4, WAIT)).allSatisfy(f -> assertThat(parser.parse(f, "t", 0).trade).isNotNull());
                    continue;
                }
                List<String> frames = ws.texts(5, WAIT);
                List<FeedEvent> events = new ArrayList<>();
                for (String f : frames) {
                    events.add(parser.parse(f, "t", 0));
                }
                assertThat(events).extracting(e -> e.trade != null).as(kind + ": " + frames)
                        .containsExactly(true, true, false, true, true);
                assertThat(events.get(3).trade.tradeId).isEqualTo(events.get(1).trade.tradeId + 1);
                String bad = frames.get(2);
                RejectReason reason = events.get(2).deadLetter.reason;
                switch (kind) {
                    case TRUNCATED_JSON:
                    case TEXT_GARBAGE:
                        assertThat(reason).isEqualTo(RejectReason.NOT_JSON);
                        break;
                    case NAN_QUANTITY:
                        assertThat(JSON.readTree(bad).get("data").get("q").asText()).isEqualTo("NaN");
                        break;
                    case NEGATIVE_QUANTITY:
                        assertThat(reason).isEqualTo(RejectReason.NON_POSITIVE_QUANTITY);
                        break;
                    case WRONG_TYPES:
                        assertThat(JSON.readTree(bad).get("data").get("a").isTextual()).isTrue();
                        break;
                    case MISSING_QUANTITY:
                        assertThat(reason).isEqualTo(RejectReason.MISSING_FIELD);
                        break;
                    default:
                        throw new AssertionError(kind);
                }
                if (kind != MalformedFrame.TRUNCATED_JSON && kind != MalformedFrame.TEXT_GARBAGE) {
                    assertThat(JSON.readTree(bad).get("data").get("a").asText())
                            .isIn(Long.toString(events.get(3).trade.tradeId), "n/a");
                }
            }
            assertThat(ex.count(ExchangeCounter.MALFORMED_FRAMES_SENT)).isEqualTo(MalformedFrame.values().length);
        }
    }

    @Test
    void connectionsAreClosedAtTheirMaximumAge() throws Exception {
        try (FakeBinanceExchange ex = exchange().maxConnectionAge(Duration.ofMillis(300)).start();
                CollectingWebSocket ws = connect(ex)) {
            awaitOpen(ex, 1);
            ex.publish("ETHUSDT", 2);
            assertThat(ws.texts(2, WAIT)).hasSize(2);
            assertThat(ws.awaitClose(WAIT)).isEqualTo(1001);
            assertThat(ex.connections().get(0).closeCause).isEqualTo(CloseCause.LIFETIME);
            assertThat(ex.count(ExchangeCounter.LIFETIME_CLOSES)).isEqualTo(1);
        }
    }

    @Test
    void expiringAllConnectionsIsTheLifetimeCloseOnCommand() throws Exception {
        try (FakeBinanceExchange ex = exchange().start(); CollectingWebSocket a = connect(ex);
                CollectingWebSocket b = connect(ex)) {
            awaitOpen(ex, 2);
            assertThat(ex.expireAllConnections()).isEqualTo(2);
            assertThat(a.awaitClose(WAIT)).isEqualTo(1001);
            assertThat(b.awaitClose(WAIT)).isEqualTo(1001);
            awaitCount(ex, ExchangeCounter.LIFETIME_CLOSES, 2);
        }
    }

    @Test
    void closeStopsEveryThreadAndFreesThePorts() throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        FakeBinanceExchange ex = exchange().pingInterval(Duration.ofMillis(50)).start();
        CollectingWebSocket ws = connect(ex);
        awaitOpen(ex, 1);
        ex.startPacing(Pace.fixedRate(1000));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ex.restBaseUri()
                + "/fapi/v1/exchangeInfo")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(newThreads(before)).isNotEmpty();

        ex.close();
        assertThat(ws.awaitClose(WAIT)).isEqualTo(1001);
        assertThat(ex.connections().get(0).closeCause).isEqualTo(CloseCause.SHUTDOWN);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!newThreads(before).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(newThreads(before)).isEmpty();
        assertThatThrownBy(() -> CollectingWebSocket.connect(ex.combinedStreamUri("ethusdt@aggTrade")))
                .isInstanceOf(Exception.class);
        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create(ex.restBaseUri()
                + "/fapi/v1/exchangeInfo")).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
    }

    /** Live threads started since {@code before}, apart from the JDK HTTP client's own. */
    private static List<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName).filter(n -> !n.startsWith("HttpClient"))
                .collect(Collectors.toList());
    }
}
