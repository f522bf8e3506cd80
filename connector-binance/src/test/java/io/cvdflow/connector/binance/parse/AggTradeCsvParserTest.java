package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AggTradeCsvParserTest {
    private static final String FUTURES_HEADER =
            "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker";

    private final AggTradeCsvParser parser = new AggTradeCsvParser("BTCUSDT-aggTrades-2026-01-01.csv");

    @Test
    void symbolFromFileName() {
        assertThat(AggTradeCsvParser.symbolFromFileName("BTCUSDT-aggTrades-2026-01-01.csv")).isEqualTo("BTCUSDT");
        assertThat(AggTradeCsvParser.symbolFromFileName("/data/x/ETHUSDT-aggTrades-2025-12.zip")).isEqualTo("ETHUSDT");
        assertThat(AggTradeCsvParser.symbolFromFileName("BTCUSDT-aggTrades-2026-01-01-first5000.csv"))
                .isEqualTo("BTCUSDT");
        assertThat(AggTradeCsvParser.symbolFromFileName("btcusd_perp-aggTrades-2024-08-08.csv"))
                .isEqualTo("BTCUSD_PERP");
        assertThat(AggTradeCsvParser.symbolFromFileName("trades.csv")).isNull();
        assertThat(AggTradeCsvParser.symbolFromFileName("-aggTrades-2026.csv")).isNull();
        assertThat(AggTradeCsvParser.symbolFromFileName("BTC USDT-aggTrades-2026.csv")).isNull();
    }

    @Test
    void realSpotRowsInMicroseconds() {
        List<String> rows = SharedData.lines(SharedData.SPOT_CSV);
        FeedEvent first = parser.parse(rows.get(0), "t", 5L);
        assertThat(first.trade).isEqualTo(new Trade("BTCUSDT", 3800397495L, TradeKind.AGG_TRADE, 87648.21, 0.08185,
                true, 1767225600039L, 1767225600039L, 5L, -1));
        Trade second = parser.parse(rows.get(1), "t", 0).trade;
        assertThat(second.tradeId).isEqualTo(3800397496L);
        assertThat(second.quantity).isEqualTo(0.00013);
        assertThat(second.buyerMaker).isFalse();
        assertThat(second.eventTimeMs).isEqualTo(1767225600272L);
        Trade last = parser.parse(rows.get(4999), "t", 0).trade;
        assertThat(last.tradeId).isEqualTo(3800402494L);
    }

    @Test
    void everyRealRow() {
        long previous = 3800397494L;
        for (String row : SharedData.lines(SharedData.SPOT_CSV)) {
            Trade t = parser.parse(row, "t", 0).trade;
            assertThat(t.tradeId).isEqualTo(previous + 1);
            assertThat(t.eventTimeMs).isBetween(1767225600000L, 1767226400000L);
            previous = t.tradeId;
        }
        assertThat(parser.counters().trades()).isEqualTo(5000);
        assertThat(parser.counters().rejectedTotal()).isZero();
    }

    /** The futures layout: header, seven columns, milliseconds; rows derived from the real spot rows. */
    @Test
    void futuresLayoutWithHeader() {
        assertThat(parser.parse(FUTURES_HEADER, "t", 0)).isNull();
        assertThat(parser.counters().skipped(AggTradeCsvParser.KIND_HEADER)).isEqualTo(1);
        for (String spotRow : SharedData.lines(SharedData.SPOT_CSV).subList(0, 100)) {
            String[] c = spotRow.split(",");
            String futuresRow = String.join(",", c[0], c[1], c[2], c[3], c[4],
                    Long.toString(Long.parseLong(c[5]) / 1000), c[6].toLowerCase());
            Trade spot = new AggTradeCsvParser("BTCUSDT-aggTrades-x.csv").parse(spotRow, "t", 0).trade;
            Trade futures = parser.parse(futuresRow, "t", 0).trade;
            assertThat(futures).isEqualTo(spot);
        }
    }

    @Test
    void withoutSymbolEveryRowIsUnknownSymbol() {
        AggTradeCsvParser nameless = new AggTradeCsvParser("dump.csv");
        assertThat(nameless.symbol()).isNull();
        for (String row : SharedData.lines(SharedData.SPOT_CSV).subList(0, 10)) {
            DeadLetter d = nameless.parse(row, "t", 0).deadLetter;
            assertThat(d.reason).isEqualTo(RejectReason.UNKNOWN_SYMBOL);
            assertThat(d.detail).isEqualTo("no symbol: file name \"dump.csv\" is not <SYMBOL>-aggTrades-...");
        }
        assertThat(nameless.counters().rejected(RejectReason.UNKNOWN_SYMBOL)).isEqualTo(10);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3800397495,87648.21000000,0.08185000,5723703861,5723703861,1767225600039409|BAD_CSV_ROW|expected 7 or 8 columns, found 6",
        "3800397495,87648.21000000,0.08185000,5723703861,5723703861,1767225600039409,True,True,x|BAD_CSV_ROW|more than 8 columns",
        "3800397495,87648.21000000,0.08185000,5723703861,5723703861,1767225600039409,Yes,True|BAD_CSV_ROW|is_buyer_maker is not a boolean: \"Yes\"",
        "38003x7495,87648.21000000,0.08185000,5723703861,5723703861,1767225600039409,True,True|NON_NUMERIC|agg_trade_id is not an integer: \"38003x7495\"",
        "3800397495,,0.08185000,5723703861,5723703861,1767225600039409,True,True|NON_NUMERIC|price is not a number: \"\"",
        "3800397495,87648.21000000,abc,5723703861,5723703861,1767225600039409,True,True|NON_NUMERIC|quantity is not a number: \"abc\"",
        "3800397495,87648.21000000,0.08185000,5723703861,5723703861,17672256.5,True,True|NON_NUMERIC|transact_time is not an integer: \"17672256.5\"",
        "3800397495,NaN,0.08185000,5723703861,5723703861,1767225600039409,True,True|NON_FINITE|price is not finite: \"NaN\"",
        "3800397495,87648.21000000,Infinity,5723703861,5723703861,1767225600039409,True,True|NON_FINITE|quantity is not finite: \"Infinity\"",
        "3800397495,87648.21000000,0.00000000,5723703861,5723703861,1767225600039409,True,True|NON_POSITIVE_QUANTITY|quantity = 0.0",
        "3800397495,87648.21000000,-2,5723703861,5723703861,1767225600039409,True,True|NON_POSITIVE_QUANTITY|quantity = -2.0",
        "3800397495,0,0.08185000,5723703861,5723703861,1767225600039409,True,True|NON_POSITIVE_PRICE|price = 0.0",
        "hello world|BAD_CSV_ROW|expected 7 or 8 columns, found 1"
    })
    void badRows(String row, RejectReason reason, String detail) {
        DeadLetter d = parser.parse(row, "file:x.csv", 0).deadLetter;
        assertThat(d.reason).isEqualTo(reason);
        assertThat(d.detail).isEqualTo(detail);
        assertThat(d.symbol).isEqualTo("BTCUSDT");
        assertThat(d.raw).isEqualTo(row);
    }

    @Test
    void emptyAndTooLong() {
        assertThat(parser.parse("", "t", 0).deadLetter.reason).isEqualTo(RejectReason.EMPTY_LINE);
        AggTradeCsvParser small = new AggTradeCsvParser("BTCUSDT-aggTrades-x.csv", 20, new ParseCounters());
        assertThat(small.parse(SharedData.lines(SharedData.SPOT_CSV).get(0), "t", 0).deadLetter.reason)
                .isEqualTo(RejectReason.LINE_TOO_LONG);
    }
}
