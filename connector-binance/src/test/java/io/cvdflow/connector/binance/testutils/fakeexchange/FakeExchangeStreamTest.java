package io.cvdflow.connector.binance.testutils.fakeexchange;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.connector.binance.parse.AggTradeFrameParser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WebSocket side of the fake exchange, against the JDK's WebSocket client. */
class FakeExchangeStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<SymbolTape> smallcaps;
    private static SymbolTape btc;

    @BeforeAll
    static void readRecordings() {
        smallcaps = Recordings.tapes(Recordings.USDM_SMALLCAPS);
        btc = Recordings.tape(Recordings.SPOT_BTCUSDT);
    }

    private static FakeBinanceExchange.Builder exchange() {
        return FakeBinanceExchange.builder().tapes(smallcaps).tape(btc);
    }

    private static Trade parse(AggTradeFrameParser parser, String frame) {
        FeedEvent e = parser.parse(frame, "test", System.nanoTime());
        assertThat(e).isNotNull();
        assertThat(e.deadLetter).as("frame %s", frame).isNull();
        return e.trade;
    }

    @Test
    void combinedStreamSendsBinanceFramesOfTheRecordedTrades() throws Exception {
        try (FakeBinanceExchange ex = exchange().start();
                CollectingWebSocket ws = CollectingWebSocket.connect(
                        ex.combinedStreamUri("sandusdt@aggTrade", "btcusdt@aggTrade"))) {
            assertThat(ex.marketStreamBaseUri().toString()).matches("ws://127\\.0\\.0\\.1:\\d+/market");
            awaitOpen(ex, 1);
            assertThat(ex.publish("SANDUSDT", 20)).isEqualTo(20);
            assertThat(ex.publish("BTCUSDT", 50)).isEqualTo(50);
            ex.publish("CTKUSDT", 5);
            List<String> frames = ws.texts(70, WAIT);
            assertThat(ws.drainTexts(QUIET)).as("CTKUSDT is not subscribed").isEmpty();

            AggTradeFrameParser parser = new AggTradeFrameParser();
            Iterator<AggTrade> sand = ex.published("SANDUSDT").iterator();
            Iterator<AggTrade> btcTrades = ex.published("BTCUSDT").iterator();
            for (String frame : frames) {
                JsonNode node = JSON.readTree(frame);
                assertThat(fieldNames(node)).containsExactly("stream", "data");
                assertThat(fieldNames(node.get("data"))).containsExactly("e", "E", "a", "s", "p", "q", "f", "l", "T",
                        "m");
                assertThat(node.get("data").get("p").isTextual()).isTrue();
                assertThat(node.get("data").get("q").isTextual()).isTrue();
                Trade t = parse(parser, frame);
                AggTrade expected = (t.symbol.equals("SANDUSDT") ? sand : btcTrades).next();
                assertThat(node.get("stream").asText()).isEqualTo(t.symbol.toLowerCase() + "@aggTrade");
                assertThat(t.kind).isEqualTo(TradeKind.AGG_TRADE);
                assertThat(t.tradeId).isEqualTo(expected.id);
                assertThat(t.price).isEqualTo(Double.parseDouble(expected.price));
                assertThat(t.quantity).isEqualTo(Double.parseDouble(expected.quantity));
                assertThat(t.buyerMaker).isEqualTo(expected.buyerMaker);
                assertThat(t.eventTimeMs).isEqualTo(expected.tradeTimeMs);
                assertThat(t.exchangeTimeMs).isEqualTo(expected.eventTimeMs).isGreaterThan(expected.tradeTimeMs);
                assertThat(node.get("data").get("f").asLong()).isEqualTo(expected.firstTradeId);
                assertThat(node.get("data").get("l").asLong()).isEqualTo(expected.lastTradeId);
            }
            assertThat(sand.hasNext()).isFalse();
            assertThat(btcTrades.hasNext()).isFalse();
            assertThat(ex.count(ExchangeCounter.TRADE_FRAMES_SENT)).isEqualTo(70);
        }
    }

    @Test
    void recordedAggTradesAreServedWithTheirRecordedValues() throws Exception {
        List<Trade> recorded = Recordings.trades(Recordings.USDM_SMALLCAPS).stream()
                .filter(t -> t.symbol.equals("BATUSDT")).collect(Collectors.toList());
        try (FakeBinanceExchange ex = exchange().start();
                CollectingWebSocket ws = CollectingWebSocket.connect(ex.combinedStreamUri("batusdt@aggTrade"))) {
            awaitOpen(ex, 1);
            assertThat(ex.publish("BATUSDT", Integer.MAX_VALUE)).isEqualTo(recorded.size());
            AggTradeFrameParser parser = new AggTradeFrameParser();
            List<String> frames = ws.texts(recorded.size(), WAIT);
            for (int i = 0; i < frames.size(); i++) {
                Trade served = parse(parser, frames.get(i));
                Trade original = recorded.get(i);
                assertThat(served.tradeId).isEqualTo(recorded.get(0).tradeId + i);
                assertThat(served.price).isEqualTo(original.price);
                assertThat(served.quantity).isEqualTo(original.quantity);
                assertThat(served.buyerMaker).isEqualTo(original.buyerMaker);
                assertThat(served.eventTimeMs).isEqualTo(original.eventTimeMs);
                assertThat(served.exchangeTimeMs).isEqualTo(original.exchangeTimeMs);
            }
            assertThat(ex.publish("BATUSDT", 1)).as("the tape has ended").isZero();
        }
    }

    @Test
    void subscribeIsAcknowledgedBeforeFramesAndUnsubscribeStopsThem() throws Exception {
        try (FakeBinanceExchange ex = exchange().start();
                CollectingWebSocket ws = CollectingWebSocket.connect(URI.create(ex.marketStreamBaseUri() + "/ws"))) {
            awaitOpen(ex, 1);
            ex.publish("BTCUSDT", 5);
            assertThat(ws.nextText(QUIET)).isNull();

            ws.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\",\"negusdt@aggTrade\"],\"id\":1}");
            assertThat(ws.nextText(WAIT)).isEqualTo("{\"result\":null,\"id\":1}");
            ex.publish("BTCUSDT", 3);
            List<String> frames = ws.texts(3, WAIT);
            assertThat(frames).allSatisfy(f -> assertThat(f).startsWith("{\"e\":\"aggTrade\",\"E\":"));
            AggTradeFrameParser parser = new AggTradeFrameParser();
            assertThat(parse(parser, frames.get(0)).tradeId).isEqualTo(ex.publishedIds("BTCUSDT")[5]);

            ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":2}");
            assertThat(ws.nextText(WAIT)).isEqualTo("{\"result\":[\"btcusdt@aggTrade\",\"negusdt@aggTrade\"],\"id\":2}");
            ws.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@aggTrade\"],\"id\":3}");
            assertThat(ws.nextText(WAIT)).isEqualTo("{\"result\":null,\"id\":3}");
            ex.publish("BTCUSDT", 3);
            assertThat(ws.nextText(QUIET)).isNull();

            ws.send("{\"method\":\"SUBSCRIBE\",\"params\":\"btcusdt@aggTrade\",\"id\":4}");
            assertThat(JSON.readTree(ws.nextText(WAIT)).get("error").get("code").asInt()).isEqualTo(2);
            ws.send("{\"method\":\"SUBSCRIBE\",");
            assertThat(JSON.readTree(ws.nextText(WAIT)).get("error").get("code").asInt()).isEqualTo(3);
            ws.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":5}");
            JsonNode unknown = JSON.readTree(ws.nextText(WAIT));
            assertThat(unknown.get("error").get("code").asInt()).isEqualTo(2);
            assertThat(unknown.get("id").asInt()).isEqualTo(5);
            assertThat(ex.count(ExchangeCounter.SUBSCRIBE_REQUESTS)).isEqualTo(2);
            assertThat(ex.count(ExchangeCounter.UNSUBSCRIBE_REQUESTS)).isEqualTo(1);
            assertThat(ex.count(ExchangeCounter.LIST_SUBSCRIPTIONS_REQUESTS)).isEqualTo(1);
            assertThat(ex.count(ExchangeCounter.INVALID_REQUESTS)).isEqualTo(3);
        }
    }

    @Test
    void rawTradeStreamsCarryTheRecordedRawTrades() throws Exception {
        try (FakeBinanceExchange ex = exchange().start();
                CollectingWebSocket ws = CollectingWebSocket.connect(
                        URI.create(ex.marketStreamBaseUri() + "/ws/btcusdt@trade"))) {
            awaitOpen(ex, 1);
            ex.publish("BTCUSDT", 40);
            List<RawTrade> raws = new ArrayList<>();
            ex.published("BTCUSDT").forEach(a -> raws.addAll(a.rawTrades));
            assertThat(raws.size()).isGreaterThan(40);
            List<String> frames = ws.texts(raws.size(), WAIT);
            AggTradeFrameParser parser = new AggTradeFrameParser();
            for (int i = 0; i < raws.size(); i++) {
                assertThat(fieldNames(JSON.readTree(frames.get(i))))
                        .containsExactly("e", "E", "T", "s", "t", "p", "q", "X", "m");
                Trade t = parse(parser, frames.get(i));
                assertThat(t.kind).isEqualTo(TradeKind.TRADE);
                assertThat(t.tradeId).isEqualTo(raws.get(i).id);
                assertThat(t.quantity).isEqualTo(Double.parseDouble(raws.get(i).quantity));
            }
            assertThat(ws.drainTexts(QUIET)).isEmpty();
        }
    }

    @Test
    void streamLimitClosesOversizedUrlsAndRefusesOversizedSubscriptions() throws Exception {
        try (FakeBinanceExchange ex = exchange().maxStreamsPerConnection(3).start()) {
            try (CollectingWebSocket tooMany = CollectingWebSocket.connect(
                    ex.combinedStreamUri("a@aggTrade", "b@aggTrade", "c@aggTrade", "d@aggTrade"))) {
                assertThat(tooMany.awaitClose(WAIT)).isEqualTo(1008);
            }
            try (CollectingWebSocket ws = CollectingWebSocket.connect(ex.combinedStreamUri("a@aggTrade"))) {
                ws.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"b@aggTrade\",\"c@aggTrade\"],\"id\":1}");
                assertThat(ws.nextText(WAIT)).isEqualTo("{\"result\":null,\"id\":1}");
                ws.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"d@aggTrade\"],\"id\":2}");
                JsonNode refused = JSON.readTree(ws.nextText(WAIT));
                assertThat(refused.get("error").get("code").asInt()).isEqualTo(2);
                assertThat(refused.get("id").asInt()).isEqualTo(2);
                ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}");
                assertThat(ws.nextText(WAIT))
                        .isEqualTo("{\"result\":[\"a@aggTrade\",\"b@aggTrade\",\"c@aggTrade\"],\"id\":3}");
            }
            assertThat(ex.count(ExchangeCounter.STREAM_LIMIT_REJECTIONS)).isEqualTo(2);
            assertThat(ex.connections().get(0).closeCause).isEqualTo(CloseCause.STREAM_LIMIT);
        }
    }

    @Test
    void theEleventhMessageWithinASecondDisconnects() throws Exception {
        try (FakeBinanceExchange ex = exchange().start();
                CollectingWebSocket ws = CollectingWebSocket.connect(ex.combinedStreamUri("btcusdt@aggTrade"))) {
            for (int i = 1; i <= 10; i++) {
                ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
            }
            assertThat(ws.texts(10, WAIT)).hasSize(10);
            ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":11}");
            assertThat(ws.awaitClose(WAIT)).isEqualTo(1008);
            assertThat(ws.drainTexts(QUIET)).isEmpty();
            assertThat(ex.count(ExchangeCounter.RATE_LIMIT_DISCONNECTS)).isEqualTo(1);
            ConnectionStats stats = ex.connections().get(0);
            assertThat(stats.closeCause).isEqualTo(CloseCause.RATE_LIMIT);
            assertThat(stats.messagesReceived).isEqualTo(11);
        }
    }

    @Test
    void theLimitIsPerSecondSoPausedBurstsPass() throws Exception {
        try (FakeBinanceExchange ex = exchange().maxIncomingMessagesPerSecond(3).start();
                CollectingWebSocket ws = CollectingWebSocket.connect(ex.combinedStreamUri("btcusdt@aggTrade"))) {
            for (int burst = 0; burst < 2; burst++) {
                for (int i = 1; i <= 3; i++) {
                    ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
                }
                assertThat(ws.texts(3, WAIT)).hasSize(3);
                if (burst == 0) {
                    Thread.sleep(1050);
                }
            }
            assertThat(ws.isClosed()).isFalse();
            assertThat(ex.count(ExchangeCounter.RATE_LIMIT_DISCONNECTS)).isZero();
        }
    }

    @Test
    void pingsArePongedAndClientPingsAnswered() throws Exception {
        try (FakeBinanceExchange ex = exchange().start();
                CollectingWebSocket ws = CollectingWebSocket.connect(ex.combinedStreamUri("btcusdt@aggTrade"))) {
            awaitOpen(ex, 1);
            assertThat(ex.sendPings()).isEqualTo(1);
            awaitCount(ex, ExchangeCounter.PONGS_RECEIVED, 1);
            assertThat(ws.pingsReceived()).isEqualTo(1);
            ws.sendPong();
            awaitCount(ex, ExchangeCounter.PONGS_RECEIVED, 2);
            ws.sendPing();
            ws.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}");
            assertThat(ws.nextText(WAIT)).isEqualTo("{\"result\":[\"btcusdt@aggTrade\"],\"id\":1}");
            ConnectionStats stats = ex.connections().get(0);
            assertThat(stats.pingsSent).isEqualTo(1);
            assertThat(stats.pongsReceived).isEqualTo(2);
            assertThat(stats.messagesReceived).isEqualTo(4);
        }
    }

    @Test
    void periodicPingsKeepAnAnsweringClientAndStopWhileStalled() throws Exception {
        try (FakeBinanceExchange ex = exchange().pingInterval(Duration.ofMillis(100)).pongTimeout(Duration.ofSeconds(3))
                .start();
                CollectingWebSocket ws = CollectingWebSocket.connect(ex.combinedStreamUri("btcusdt@aggTrade"))) {
            awaitCount(ex, ExchangeCounter.PONGS_RECEIVED, 4);
            ex.stall();
            long pings = ex.count(ExchangeCounter.PINGS_SENT);
            Thread.sleep(300);
            assertThat(ex.count(ExchangeCounter.PINGS_SENT)).as("no pings while stalled").isEqualTo(pings);
            ex.resume();
            awaitCount(ex, ExchangeCounter.PONGS_RECEIVED, pings + 2);
            assertThat(ws.isClosed()).isFalse();
            assertThat(ex.count(ExchangeCounter.PONG_TIMEOUT_CLOSES)).isZero();
        }
    }

    @Test
    void aClientThatDoesNotPongIsDisconnected() throws Exception {
        try (FakeBinanceExchange ex = exchange().pingInterval(Duration.ofMillis(50)).pongTimeout(Duration.ofMillis(200))
                .start()) {
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocketClient deaf = new WebSocketClient(ex.combinedStreamUri("btcusdt@aggTrade")) {
                @Override
                public void onWebsocketPing(WebSocket conn, Framedata f) {}

                @Override
                public void onOpen(ServerHandshake handshake) {}

                @Override
                public void onMessage(String message) {}

                @Override
                public void onClose(int code, String reason, boolean remote) {
                    closed.complete(code);
                }

                @Override
                public void onError(Exception ex) {}
            };
            try {
                assertThat(deaf.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
                assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1008);
            } finally {
                deaf.closeBlocking();
            }
            assertThat(ex.count(ExchangeCounter.PONG_TIMEOUT_CLOSES)).isEqualTo(1);
            assertThat(ex.count(ExchangeCounter.PONGS_RECEIVED)).isZero();
            assertThat(ex.connections().get(0).closeCause).isEqualTo(CloseCause.PONG_TIMEOUT);
        }
    }

    @Test
    void unroutedUrlsAcknowledgeAndStaySilent() throws Exception {
        try (FakeBinanceExchange ex = exchange().start();
                CollectingWebSocket routed = CollectingWebSocket.connect(ex.combinedStreamUri("btcusdt@aggTrade"));
                CollectingWebSocket combined = CollectingWebSocket.connect(
                        URI.create(ex.unroutedStreamBaseUri() + "/stream?streams=btcusdt@aggTrade"));
                CollectingWebSocket raw = CollectingWebSocket.connect(
                        URI.create(ex.unroutedStreamBaseUri() + "/ws/btcusdt@aggTrade"))) {
            awaitOpen(ex, 3);
            raw.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@aggTrade\",\"sandusdt@aggTrade\"],\"id\":7}");
            assertThat(raw.nextText(WAIT)).isEqualTo("{\"result\":null,\"id\":7}");
            raw.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":8}");
            assertThat(raw.nextText(WAIT))
                    .isEqualTo("{\"result\":[\"btcusdt@aggTrade\",\"ethusdt@aggTrade\",\"sandusdt@aggTrade\"],\"id\":8}");
            ex.publish("BTCUSDT", 100);
            ex.publish("SANDUSDT", 10);
            assertThat(routed.texts(100, WAIT)).hasSize(100);
            assertThat(combined.drainTexts(QUIET)).isEmpty();
            assertThat(raw.drainTexts(QUIET)).isEmpty();
            assertThat(ex.count(ExchangeCounter.UNROUTED_CONNECTIONS)).isEqualTo(2);
            assertThat(ex.connections()).filteredOn(c -> !c.routed)
                    .allSatisfy(c -> assertThat(c.tradeFramesSent).isZero());
        }
    }

    @Test
    void unknownPathsAreRefusedAtTheHandshake() throws Exception {
        try (FakeBinanceExchange ex = exchange().start()) {
            assertThatThrownBy(() -> CollectingWebSocket.connect(URI.create(ex.marketStreamBaseUri() + "/nope")))
                    .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class);
            assertThat(ex.count(ExchangeCounter.CONNECTIONS_OPENED)).isZero();
        }
    }

    @Test
    void routesAreReadLikeBinanceReadsThem() {
        MarketStreamServer.Route combined =
                MarketStreamServer.Route.parse("/market/stream?streams=btcusdt%40aggTrade/ethusdt@aggTrade&x=1");
        assertThat(combined.routed).isTrue();
        assertThat(combined.combined).isTrue();
        assertThat(combined.streams).containsExactly("btcusdt@aggTrade", "ethusdt@aggTrade");
        MarketStreamServer.Route raw = MarketStreamServer.Route.parse("/market/ws/btcusdt@trade");
        assertThat(raw.combined).isFalse();
        assertThat(raw.streams).containsExactly("btcusdt@trade");
        assertThat(MarketStreamServer.Route.parse("/market/ws").streams).isEmpty();
        assertThat(MarketStreamServer.Route.parse("/stream?streams=btcusdt@aggTrade").routed).isFalse();
        assertThat(MarketStreamServer.Route.parse("/ws/btcusdt@aggTrade").routed).isFalse();
        assertThat(MarketStreamServer.Route.parse("/public/stream?streams=btcusdt@aggTrade").routed).isFalse();
        assertThat(MarketStreamServer.Route.parse("/market/other")).isNull();
        assertThat(MarketStreamServer.Route.parse("/")).isNull();
    }

    @Test
    void textFramesCarryTheirLengthAsRfc6455Says() {
        for (int n : new int[] {0, 125, 126, 65_535, 65_536, 70_000}) {
            String text = "x".repeat(n);
            byte[] frame = WireFormat.textFrame(text);
            assertThat(frame[0]).as("FIN + text").isEqualTo((byte) 0x81);
            int header;
            long length;
            if (n < 126) {
                header = 2;
                length = frame[1];
            } else if (n < 65_536) {
                header = 4;
                assertThat(frame[1]).isEqualTo((byte) 126);
                length = ((frame[2] & 0xff) << 8) | (frame[3] & 0xff);
            } else {
                header = 10;
                assertThat(frame[1]).isEqualTo((byte) 127);
                length = 0;
                for (int i = 2; i < 10; i++) {
                    length = (length << 8) | (frame[i] & 0xff);
                }
            }
            assertThat(length).isEqualTo(n);
            assertThat(frame).hasSize(header + n);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static void awaitOpen(FakeBinanceExchange ex, int connections) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ex.openConnectionCount() < connections) {
            assertThat(System.nanoTime()).as("%d connections open", connections).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    static void awaitCount(FakeBinanceExchange ex, ExchangeCounter counter, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ex.count(counter) < atLeast) {
            assertThat(System.nanoTime()).as("%s reaches %d", counter, atLeast).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
