package io.cvdflow.connector.binance.testutils.fakeexchange;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Binance USD-M JSON as it goes over the wire, field order included. */
final class WireFormat {
    private WireFormat() {}

    static String aggTradeStream(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@aggTrade";
    }

    static String tradeStream(String symbol) {
        return symbol.toLowerCase(Locale.ROOT) + "@trade";
    }

    /** {@code {"e":"aggTrade","E":..,"a":..,"s":"..","p":"..","q":"..","f":..,"l":..,"T":..,"m":..}}. */
    static String aggTradeEvent(AggTrade t) {
        return aggTradeEvent(t, '"' + t.quantity + '"', Long.toString(t.id), Boolean.toString(t.buyerMaker));
    }

    /** The event with raw JSON values for {@code q} (left out when null), {@code a} and {@code m}, for malformed frames. */
    static String aggTradeEvent(AggTrade t, String quantityJson, String idJson, String buyerMakerJson) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"e\":\"aggTrade\",\"E\":").append(t.eventTimeMs)
                .append(",\"a\":").append(idJson)
                .append(",\"s\":\"").append(t.symbol)
                .append("\",\"p\":\"").append(t.price).append('"');
        if (quantityJson != null) {
            sb.append(",\"q\":").append(quantityJson);
        }
        sb.append(",\"f\":").append(t.firstTradeId)
                .append(",\"l\":").append(t.lastTradeId)
                .append(",\"T\":").append(t.tradeTimeMs)
                .append(",\"m\":").append(buyerMakerJson)
                .append('}');
        return sb.toString();
    }

    /** {@code {"e":"trade","E":..,"T":..,"s":"..","t":..,"p":"..","q":"..","X":"MARKET","m":..}}. */
    static String tradeEvent(String symbol, RawTrade t) {
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"e\":\"trade\",\"E\":").append(t.eventTimeMs)
                .append(",\"T\":").append(t.tradeTimeMs)
                .append(",\"s\":\"").append(symbol)
                .append("\",\"t\":").append(t.id)
                .append(",\"p\":\"").append(t.price)
                .append("\",\"q\":\"").append(t.quantity)
                .append("\",\"X\":\"MARKET\",\"m\":").append(t.buyerMaker)
                .append('}');
        return sb.toString();
    }

    /** {@code {"stream":"..","data":<event>}}. */
    static String combined(String stream, String event) {
        return new StringBuilder(event.length() + stream.length() + 22)
                .append("{\"stream\":\"").append(stream).append("\",\"data\":").append(event).append('}')
                .toString();
    }

    /** One element of {@code GET /fapi/v1/aggTrades}: {@code {"a":..,"p":"..","q":"..","f":..,"l":..,"T":..,"m":..}}. */
    static void restAggTrade(StringBuilder sb, AggTrade t) {
        sb.append("{\"a\":").append(t.id)
                .append(",\"p\":\"").append(t.price)
                .append("\",\"q\":\"").append(t.quantity)
                .append("\",\"f\":").append(t.firstTradeId)
                .append(",\"l\":").append(t.lastTradeId)
                .append(",\"T\":").append(t.tradeTimeMs)
                .append(",\"m\":").append(t.buyerMaker)
                .append('}');
    }

    /**
     * One element of {@code GET /fapi/v1/historicalTrades}:
     * {@code {"id":..,"price":"..","qty":"..","quoteQty":"..","time":..,"isBuyerMaker":..}}.
     */
    static void restRawTrade(StringBuilder sb, RawTrade t) {
        String quoteQty = new BigDecimal(t.price).multiply(new BigDecimal(t.quantity)).stripTrailingZeros()
                .toPlainString();
        sb.append("{\"id\":").append(t.id)
                .append(",\"price\":\"").append(t.price)
                .append("\",\"qty\":\"").append(t.quantity)
                .append("\",\"quoteQty\":\"").append(quoteQty)
                .append("\",\"time\":").append(t.tradeTimeMs)
                .append(",\"isBuyerMaker\":").append(t.buyerMaker)
                .append('}');
    }

    /**
     * An unmasked WebSocket text frame (RFC 6455 section 5.2) holding {@code text}: what a server writes on the wire
     * for one message.
     */
    static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int n = payload.length;
        int header = n < 126 ? 2 : n < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + n];
        frame[0] = (byte) 0x81;
        if (n < 126) {
            frame[1] = (byte) n;
        } else if (n < 65_536) {
            frame[1] = 126;
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = 127;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, header, n);
        return frame;
    }

    /** Binance's error body: {@code {"code":-1121,"msg":"Invalid symbol."}}. */
    static String error(int code, String msg) {
        return "{\"code\":" + code + ",\"msg\":\"" + msg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }
}
