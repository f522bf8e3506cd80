package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AggTradeFrameParserTest {
    private final AggTradeFrameParser parser = new AggTradeFrameParser();

    private Trade trade(String line) {
        FeedEvent event = parser.parse(line, "test", 42L);
        assertThat(event).as(line).isNotNull();
        assertThat(event.deadLetter).as(line).isNull();
        return event.trade;
    }

    private DeadLetter reject(String line) {
        FeedEvent event = parser.parse(line, "test", 42L);
        assertThat(event).as(line).isNotNull();
        assertThat(event.trade).as(line).isNull();
        return event.deadLetter;
    }

    private static String line(String file, int lineNo) {
        return SharedData.lines(file).get(lineNo - 1);
    }

    @Test
    void reconstructedFuturesLineFallsBackToEventTime() {
        Trade t = trade(line(SharedData.ETH_RECONSTRUCTED, 1));
        assertThat(t).isEqualTo(new Trade("ETHUSDT", 123590810L, TradeKind.AGG_TRADE, 3828.07, 0.007, true,
                1760730984079L, 1760730984079L, 42L, -1));
        Trade third = trade(line(SharedData.ETH_RECONSTRUCTED, 3));
        assertThat(third.tradeId).isEqualTo(123590812L);
        assertThat(third.price).isEqualTo(3827.92);
        assertThat(third.quantity).isEqualTo(0.015);
        assertThat(third.eventTimeMs).isEqualTo(1760730988188L);
    }

    @Test
    void cryptofeedEnvelopeWithRecvTs() {
        Trade t = trade(line(SharedData.CRYPTOFEED, 1));
        assertThat(t.symbol).isEqualTo("SANDUSDT");
        assertThat(t.tradeId).isEqualTo(9445517L);
        assertThat(t.kind).isEqualTo(TradeKind.AGG_TRADE);
        assertThat(t.price).isEqualTo(0.69067);
        assertThat(t.quantity).isEqualTo(369.0);
        assertThat(t.buyerMaker).isTrue();
        assertThat(t.eventTimeMs).isEqualTo(1617647797485L);
        assertThat(t.exchangeTimeMs).isEqualTo(1617647797640L);
        assertThat(t.recordedAtNanos).isEqualTo(1617647798374118800L);
        assertThat(t.receivedAtNanos).isEqualTo(42L);

        Trade fifth = trade(line(SharedData.CRYPTOFEED, 5));
        assertThat(fifth).isEqualTo(new Trade("BATUSDT", 17414844L, TradeKind.AGG_TRADE, 1.2233, 200.6, true,
                1617647798083L, 1617647798237L, 0, 1617647798820551900L));
    }

    @Test
    void spotRawTradeWithReceiveTimePrefix() {
        Trade t = trade(line(SharedData.SPOT_BTC_08, 4));
        assertThat(t).isEqualTo(new Trade("BTCUSDT", 3735683259L, TradeKind.TRADE, 61837.63, 0.02, true,
                1723161255342L, 1723161255343L, 0, 1723161254087896568L));
        Trade eth = trade(SharedData.lines(SharedData.SPOT_ETH_08).stream()
                .filter(l -> l.contains("@trade")).findFirst().orElseThrow());
        assertThat(eth).isEqualTo(new Trade("ETHUSDT", 1520538925L, TradeKind.TRADE, 2683.8, 0.002, true,
                1723161255611L, eth.exchangeTimeMs, 0, eth.recordedAtNanos));
    }

    @Test
    void coinMarginedSymbolWithUnderscore() {
        String first = SharedData.lines(SharedData.COINM_08).stream()
                .filter(l -> l.contains("@trade")).findFirst().orElseThrow();
        assertThat(first).startsWith("1723161256419684465 ");
        Trade t = trade(first);
        assertThat(t).isEqualTo(new Trade("BTCUSD_PERP", 849714402L, TradeKind.TRADE, 61804.8, 4.0, false,
                1723161257679L, 1723161257687L, 0, 1723161256419684465L));
    }

    /** Every line of every JSON recording: only trades and skips, and the counts of the README. */
    @ParameterizedTest
    @CsvSource({
        SharedData.ETH_RECONSTRUCTED + ",40333,0",
        SharedData.CRYPTOFEED + ",574,0",
        SharedData.SPOT_BTC_08 + ",9757,31492",
        SharedData.SPOT_BTC_09 + ",10147,48178",
        SharedData.SPOT_ETH_08 + ",6106,27512",
        SharedData.SPOT_ETH_09 + ",8409,37717",
        SharedData.COINM_08 + ",2286,45984",
        SharedData.COINM_09 + ",2949,47167"
    })
    void everyRealLine(String file, long trades, long skipped) {
        AggTradeFrameParser p = new AggTradeFrameParser();
        for (String line : SharedData.lines(file)) {
            FeedEvent event = p.parse(line.getBytes(StandardCharsets.UTF_8), "test", 0);
            assertThat(event == null || event.trade != null).as(line).isTrue();
        }
        assertThat(p.counters().trades()).isEqualTo(trades);
        assertThat(p.counters().skippedTotal()).isEqualTo(skipped);
        assertThat(p.counters().rejectedTotal()).isZero();
    }

    @Test
    void realFramesOfOtherStreamsAreSkippedByKind() {
        List<String> lines = SharedData.lines(SharedData.SPOT_BTC_08);
        assertThat(parser.parse(lines.get(0), "t", 0)).isNull(); // depth@100ms
        assertThat(parser.parse(lines.get(2), "t", 0)).isNull(); // bookTicker
        String snapshot = lines.stream().filter(l -> l.contains("lastUpdateId")).findFirst().orElseThrow();
        assertThat(parser.parse(snapshot, "t", 0)).isNull();
        assertThat(parser.counters().skippedByKind())
                .isEqualTo(Map.of("depthUpdate", 1L, "bookTicker", 1L, "depthSnapshot", 1L));
        String coinmDepth = SharedData.lines(SharedData.COINM_08).stream()
                .filter(l -> l.contains("@depth@0ms")).findFirst().orElseThrow();
        assertThat(parser.parse(coinmDepth, "t", 0)).isNull();
        assertThat(parser.counters().skipped("depthUpdate")).isEqualTo(2);
    }

    @Test
    void syntheticControlFramesAndOtherEventsAreSkipped() {
        assertThat(parser.parse("{\"result\":null,\"id\":1}", "t", 0)).isNull();
        assertThat(parser.parse("{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":3}", "t", 0)).isNull();
        assertThat(parser.parse("{\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35\",\"B\":\"31.21\",\"a\":\"25.36\","
                + "\"A\":\"40.66\"}", "t", 0)).isNull();
        assertThat(parser.parse("{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.1\"}",
                "t", 0)).isNull();
        assertThat(parser.parse("{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":1,\"s\":\"BTCUSDT\"}}",
                "t", 0)).isNull();
        assertThat(parser.counters().skippedByKind()).isEqualTo(Map.of("subscriptionAck", 1L,
                "subscriptionError", 1L, "bookTicker", 1L, "markPriceUpdate", 1L, "kline", 1L));
        assertThat(parser.counters().rejectedTotal()).isZero();
    }

    @Test
    void envelopeFieldsInAnyOrderAndBarePayloads() {
        String data = "{\"e\":\"aggTrade\",\"E\":1617647798237,\"a\":17414844,\"s\":\"BATUSDT\",\"p\":\"1.2233\","
                + "\"q\":\"200.6\",\"f\":31188465,\"l\":31188466,\"T\":1617647798083,\"m\":true}";
        Trade reference = trade("{\"stream\":\"batusdt@aggTrade\",\"data\":" + data + "}");
        assertThat(trade("{\"data\":" + data + ",\"stream\":\"batusdt@aggTrade\"}")).isEqualTo(reference);
        assertThat(trade(data)).isEqualTo(reference);
        assertThat(trade("  " + data + " \r")).isEqualTo(reference);
        Trade withRecv = trade("{\"recv_ts\":1617647798.8205519,\"data\":" + data + ",\"stream\":\"batusdt@aggTrade\"}");
        assertThat(withRecv.recordedAtNanos).isEqualTo(1617647798820551900L);
        Trade prefixed = trade("1617647798820551900 " + data);
        assertThat(prefixed).isEqualTo(withRecv);
        // payload fields in another order, numbers as JSON numbers
        Trade numbers = trade("{\"m\":true,\"q\":200.6,\"p\":1.2233,\"T\":1617647798083,\"s\":\"batusdt\","
                + "\"a\":17414844,\"E\":1617647798237,\"e\":\"aggTrade\"}");
        assertThat(numbers).isEqualTo(reference);
    }

    @Test
    void byteRangeAndStringEntryPointsAgree() {
        String line = line(SharedData.CRYPTOFEED, 7);
        byte[] framed = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        FeedEvent fromRange = parser.parse(framed, 2, framed.length - 4, "t", 0);
        assertThat(fromRange.trade).isEqualTo(trade(line));
    }

    @Test
    void emptyAndBlankLines() {
        DeadLetter empty = reject("");
        assertThat(empty.reason).isEqualTo(RejectReason.EMPTY_LINE);
        assertThat(empty.detail).isEqualTo("empty line");
        assertThat(empty.origin).isEqualTo("test");
        assertThat(reject(" \t\r").detail).isEqualTo("blank line");
    }

    @Test
    void lineTooLongHasALimit() {
        AggTradeFrameParser small = new AggTradeFrameParser(100, new ParseCounters());
        String line = line(SharedData.CRYPTOFEED, 1);
        FeedEvent event = small.parse(line, "t", 0);
        assertThat(event.deadLetter.reason).isEqualTo(RejectReason.LINE_TOO_LONG);
        assertThat(event.deadLetter.detail).isEqualTo("line of " + line.length() + " bytes exceeds the limit of 100 bytes");
        assertThat(event.deadLetter.raw).isEqualTo(line);
        assertThat(new AggTradeFrameParser().maxLineBytes()).isEqualTo(64 * 1024);
        // the real REST depth snapshot (64,066 bytes) fits the default limit
        String snapshot = SharedData.lines(SharedData.SPOT_BTC_08).stream()
                .filter(l -> l.contains("lastUpdateId")).findFirst().orElseThrow();
        assertThat(snapshot.length()).isGreaterThan(60_000);
        assertThat(parser.parse(snapshot, "t", 0)).isNull();
    }

    @Test
    void notJson() {
        String real = line(SharedData.CRYPTOFEED, 2);
        DeadLetter truncated = reject(real.substring(0, real.length() / 2));
        assertThat(truncated.reason).isEqualTo(RejectReason.NOT_JSON);
        assertThat(truncated.detail).contains("end-of-input");
        assertThat(reject("\u0001\u0002garbage\u00ff").reason).isEqualTo(RejectReason.NOT_JSON);
        DeadLetter binary = parser.parse(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0, 7}, "bin",
                0).deadLetter;
        assertThat(binary.reason).isEqualTo(RejectReason.NOT_JSON);
        assertThat(reject("[1,2]").detail).isEqualTo("expected a JSON object, found an array");
        assertThat(reject(real + "{}").detail).startsWith("content after the JSON object");
        assertThat(reject("1723161254087896568").detail).contains("found a number followed by the end of the line");
        assertThat(reject("17231612540878965681234 {}").detail).isEqualTo("receive-time prefix out of the long range");
        assertThat(reject("{\"stream\":\"btcusdt@aggTrade\",\"data\":\"x\"}").detail)
                .isEqualTo("data is a string, not a JSON object");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}|a (aggregate trade ID)",
        "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}|t (trade ID)",
        "{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"a\":1,\"q\":\"1\",\"T\":1,\"m\":true}|p (price)",
        "{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"a\":1,\"p\":\"1\",\"T\":1,\"m\":true}|q (quantity)",
        "{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"a\":1,\"p\":\"1\",\"q\":\"1\",\"T\":1}|m (buyer is maker)",
        "{\"e\":\"aggTrade\",\"s\":\"BTCUSDT\",\"a\":1,\"p\":\"1\",\"q\":\"1\",\"m\":true}|T (trade time) and E (event time)",
        "{\"E\":1,\"s\":\"BTCUSDT\",\"a\":1,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}|e (event type)",
        "{\"stream\":\"btcusdt@aggTrade\"}|data",
        "{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"a\":null,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}|a (aggregate trade ID)"
    })
    void missingField(String line, String field) {
        DeadLetter d = reject(line);
        assertThat(d.reason).isEqualTo(RejectReason.MISSING_FIELD);
        assertThat(d.detail).isEqualTo(field);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"p\":\"abc\"|NON_NUMERIC|p is not a number: \"abc\"",
        "\"p\":\"\"|NON_NUMERIC|p is not a number: \"\"",
        "\"p\":true|NON_NUMERIC|p is a boolean, not a number",
        "\"q\":[1]|NON_NUMERIC|q is an array, not a number",
        "\"a\":\"12x\"|NON_NUMERIC|a is not an integer: \"12x\"",
        "\"a\":1.5|NON_NUMERIC|a is not an integer: 1.5",
        "\"a\":123456789012345678901234|NON_NUMERIC|a is out of the long range: 123456789012345678901234",
        "\"T\":{\"x\":1}|NON_NUMERIC|T is an object, not an integer",
        "\"m\":\"yes\"|NON_NUMERIC|m is not a boolean: \"yes\"",
        "\"p\":\"NaN\"|NON_FINITE|p is not finite: NaN",
        "\"p\":NaN|NON_FINITE|p is not finite: NaN",
        "\"q\":\"Infinity\"|NON_FINITE|q is not finite: Infinity",
        "\"q\":\"-Infinity\"|NON_FINITE|q is not finite: -Infinity",
        "\"q\":\"1e400\"|NON_FINITE|q is not finite: 1e400",
        "\"q\":\"0\"|NON_POSITIVE_QUANTITY|q = 0.0",
        "\"q\":\"0.00000000\"|NON_POSITIVE_QUANTITY|q = 0.0",
        "\"q\":\"-1.5\"|NON_POSITIVE_QUANTITY|q = -1.5",
        "\"p\":\"0\"|NON_POSITIVE_PRICE|p = 0.0",
        "\"p\":-3|NON_POSITIVE_PRICE|p = -3.0",
        "\"s\":\"btc-usdt\"|UNKNOWN_SYMBOL|symbol \"btc-usdt\" does not match [A-Z0-9_]{1,40}",
        "\"s\":\"\"|UNKNOWN_SYMBOL|symbol \"\" does not match [A-Z0-9_]{1,40}",
        "\"s\":\"ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJK\"|UNKNOWN_SYMBOL|symbol \"ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJK\" does not match [A-Z0-9_]{1,40}",
        "\"s\":7|UNKNOWN_SYMBOL|s is a number, not a string",
        "\"s\":null|UNKNOWN_SYMBOL|missing field s (symbol)"
    })
    void badValues(String replacement, RejectReason reason, String detail) {
        String key = replacement.substring(0, replacement.indexOf(':') + 1);
        String valid = "{\"e\":\"aggTrade\",\"E\":1617647798237,\"a\":17414844,\"s\":\"BATUSDT\",\"p\":\"1.2233\","
                + "\"q\":\"200.6\",\"f\":31188465,\"l\":31188466,\"T\":1617647798083,\"m\":true}";
        int at = valid.indexOf(key);
        int end = valid.indexOf(',', at) < 0 ? valid.length() - 1 : valid.indexOf(',', at);
        String line = "{\"stream\":\"batusdt@aggTrade\",\"data\":" + valid.substring(0, at) + replacement
                + valid.substring(end) + "}";
        DeadLetter d = parser.parse(line, "ws:conn-0", 0).deadLetter;
        assertThat(d.reason).as(line).isEqualTo(reason);
        assertThat(d.detail).isEqualTo(detail);
        assertThat(d.origin).isEqualTo("ws:conn-0");
        assertThat(d.raw).isEqualTo(line);
        assertThat(parser.counters().rejected(reason)).isEqualTo(1);
    }

    @Test
    void symbolOfADeadLetterIsKeptWhenReadable() {
        DeadLetter d = reject("{\"e\":\"aggTrade\",\"E\":1,\"s\":\"ethusdt\",\"a\":1,\"p\":\"1\",\"q\":\"0\",\"T\":1,"
                + "\"m\":true}");
        assertThat(d.symbol).isEqualTo("ETHUSDT");
    }

    @Test
    void restAggTrades() {
        byte[] body = ("[{\"a\":26129,\"p\":\"0.01633102\",\"q\":\"4.70443515\",\"f\":27781,\"l\":27781,"
                + "\"T\":1498793709153,\"m\":true},"
                + "{\"a\":26130,\"p\":\"0.01633\",\"q\":\"0\",\"f\":27782,\"l\":27782,\"T\":1498793709160,\"m\":false},"
                + "7,"
                + "{\"a\":26131,\"p\":\"0.01634\",\"q\":\"1.5\",\"f\":27783,\"l\":27785,\"T\":1498793709170,\"m\":false}]")
                .getBytes(StandardCharsets.UTF_8);
        List<FeedEvent> events = parser.parseRestAggTrades(body, "btcusdt", "rest:BTCUSDT", 9L);
        assertThat(events).hasSize(4);
        assertThat(events.get(0).trade).isEqualTo(new Trade("BTCUSDT", 26129L, TradeKind.AGG_TRADE, 0.01633102,
                4.70443515, true, 1498793709153L, 1498793709153L, 9L, -1));
        assertThat(events.get(1).deadLetter.reason).isEqualTo(RejectReason.NON_POSITIVE_QUANTITY);
        assertThat(events.get(1).deadLetter.origin).isEqualTo("rest:BTCUSDT:1");
        assertThat(events.get(1).deadLetter.raw).isEqualTo("{\"a\":26130,\"p\":\"0.01633\",\"q\":\"0\",\"f\":27782,"
                + "\"l\":27782,\"T\":1498793709160,\"m\":false}");
        assertThat(events.get(2).deadLetter.reason).isEqualTo(RejectReason.NOT_JSON);
        assertThat(events.get(2).deadLetter.detail).isEqualTo("element is a number, not a JSON object");
        assertThat(events.get(3).trade.tradeId).isEqualTo(26131L);
        assertThat(events.get(3).trade.buyerMaker).isFalse();

        assertThat(parser.parseRestAggTrades("[]".getBytes(StandardCharsets.UTF_8), "BTCUSDT", "r", 0)).isEmpty();
        List<FeedEvent> error = parser.parseRestAggTrades(
                "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}".getBytes(StandardCharsets.UTF_8), "BTCUSDT", "r", 0);
        assertThat(error).singleElement().satisfies(e -> {
            assertThat(e.deadLetter.reason).isEqualTo(RejectReason.NOT_JSON);
            assertThat(e.deadLetter.detail).isEqualTo("expected a JSON array of aggTrades, found an object");
        });
        List<FeedEvent> cut = parser.parseRestAggTrades(
                new String(body, StandardCharsets.UTF_8).substring(0, 150).getBytes(StandardCharsets.UTF_8),
                "BTCUSDT", "r", 0);
        assertThat(cut).hasSize(2);
        assertThat(cut.get(0).trade.tradeId).isEqualTo(26129L);
        assertThat(cut.get(1).deadLetter.reason).isEqualTo(RejectReason.NOT_JSON);
        assertThat(parser.parseRestAggTrades(body, "BTC-USDT", "r", 0))
                .allSatisfy(e -> assertThat(e.deadLetter.reason).isIn(RejectReason.UNKNOWN_SYMBOL,
                        RejectReason.NOT_JSON));
    }
}
