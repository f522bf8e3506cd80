package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import org.apache.flink.annotation.PublicEvolving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance trade frames to {@link Trade}s, with Jackson's streaming parser and without per-frame regex, splits
 * or number strings.
 *
 * <p>One entry point takes every JSON line format: combined-stream envelopes ({@code {"stream":..,"data":..}},
 * fields in any order, with an optional {@code recv_ts} in unix seconds), bare payloads, {@code aggTrade}
 * ({@code a}) and raw {@code trade} ({@code t}) events, and lines prefixed with a receive time in epoch
 * nanoseconds ({@code <nanos> <json>}). Frames of other streams (depth updates, book tickers, REST depth
 * snapshots, subscription acknowledgements) return null and are counted by kind in {@link #counters()}.
 * Everything else that is not a valid trade becomes a dead letter with a {@link RejectReason} and a detail.
 *
 * <p>Not thread-safe: one parser per thread. The Jackson factory is shared.
 */
@PublicEvolving
public final class AggTradeFrameParser implements LineParser {
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

    public static final String KIND_DEPTH_SNAPSHOT = "depthSnapshot";
    public static final String KIND_SUBSCRIPTION_ACK = "subscriptionAck";
    public static final String KIND_SUBSCRIPTION_ERROR = "subscriptionError";
    public static final String KIND_BOOK_TICKER = "bookTicker";

    static final JsonFactory JSON =
            JsonFactory.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build();

    private static final long ABSENT = Long.MIN_VALUE;
    private static final char[] AGG_TRADE = "aggTrade".toCharArray();
    private static final char[] TRADE = "trade".toCharArray();

    private final int maxLineBytes;
    private final ParseCounters counters;
    private final NameTable symbols = NameTable.forSymbols();
    private final NameTable names = NameTable.forNames();

    // the frame being parsed
    private TradeKind eventKind;
    private String eventName;
    private TradeKind streamKind;
    private String streamName;
    private boolean sawData;
    private boolean sawSnapshot;
    private boolean sawResult;
    private boolean sawError;
    private boolean sawU;
    private boolean sawBigB;
    private String symbol;
    private long aggId;
    private long tradeId;
    private long exchangeTime;
    private long tradeTime;
    private double price;
    private double quantity;
    private int buyerMaker;
    private long recvTsNanos;
    private RejectReason failure;
    private String failureDetail;

    public AggTradeFrameParser() {
        this(DEFAULT_MAX_LINE_BYTES, new ParseCounters());
    }

    public AggTradeFrameParser(int maxLineBytes, ParseCounters counters) {
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.counters = counters;
    }

    @Override
    public ParseCounters counters() {
        return counters;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** A whole frame. Returns a trade or dead letter event, or null for a skipped frame of another stream. */
    public FeedEvent parse(byte[] frame, String origin, long receivedAtNanos) {
        return parseLine(frame, 0, frame.length, frame.length, origin, -1, receivedAtNanos);
    }

    public FeedEvent parse(byte[] buf, int offset, int length, String origin, long receivedAtNanos) {
        return parseLine(buf, offset, length, length, origin, -1, receivedAtNanos);
    }

    public FeedEvent parse(String frame, String origin, long receivedAtNanos) {
        byte[] bytes = frame.getBytes(StandardCharsets.UTF_8);
        return parseLine(bytes, 0, bytes.length, bytes.length, origin, -1, receivedAtNanos);
    }

    @Override
    public FeedEvent parseLine(
            byte[] buf, int offset, int length, long totalLength, String origin, long lineNo, long receivedAtNanos) {
        if (totalLength > maxLineBytes) {
            return reject(RejectReason.LINE_TOO_LONG, Rejection.lineTooLong(totalLength, maxLineBytes), null,
                    buf, offset, length, totalLength, origin, lineNo);
        }
        int start = offset;
        int end = offset + length;
        while (start < end && isBlank(buf[start])) {
            start++;
        }
        while (end > start && isBlank(buf[end - 1])) {
            end--;
        }
        if (start == end) {
            return reject(RejectReason.EMPTY_LINE, length == 0 ? "empty line" : "blank line", null,
                    buf, offset, length, totalLength, origin, lineNo);
        }
        long prefixNanos = -1;
        if (isDigit(buf[start])) {
            long value = 0;
            int i = start;
            while (i < end && isDigit(buf[i])) {
                int digit = buf[i] - '0';
                if (value > (Long.MAX_VALUE - digit) / 10) {
                    return reject(RejectReason.NOT_JSON, "receive-time prefix out of the long range", null,
                            buf, offset, length, totalLength, origin, lineNo);
                }
                value = value * 10 + digit;
                i++;
            }
            if (i == end || !isBlank(buf[i])) {
                return reject(RejectReason.NOT_JSON,
                        "expected a JSON object or '<receive nanos> <JSON object>', found a number followed by "
                                + (i == end ? "the end of the line" : "'" + (char) (buf[i] & 0xff) + "'"),
                        null, buf, offset, length, totalLength, origin, lineNo);
            }
            while (isBlank(buf[i])) {
                i++;
            }
            prefixNanos = value;
            start = i;
        }
        reset();
        try (JsonParser p = JSON.createParser(buf, start, end - start)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return reject(RejectReason.NOT_JSON, "expected a JSON object, found " + describe(first), null,
                        buf, offset, length, totalLength, origin, lineNo);
            }
            readObject(p, true);
            JsonToken after = p.nextToken();
            if (after != null) {
                return reject(RejectReason.NOT_JSON, "content after the JSON object: " + describe(after), symbol,
                        buf, offset, length, totalLength, origin, lineNo);
            }
        } catch (JsonProcessingException e) {
            return reject(RejectReason.NOT_JSON, jsonError(e), symbol, buf, offset, length, totalLength, origin,
                    lineNo);
        } catch (IOException e) {
            return reject(RejectReason.NOT_JSON, String.valueOf(e.getMessage()), symbol, buf, offset, length,
                    totalLength, origin, lineNo);
        }
        String skippedKind = skippedKind();
        if (skippedKind != null) {
            counters.countSkipped(skippedKind);
            return null;
        }
        if (failure != null) {
            return reject(failure, failureDetail, symbol, buf, offset, length, totalLength, origin, lineNo);
        }
        TradeKind kind = eventKind != null ? eventKind : streamKind;
        if (kind == null) {
            return reject(RejectReason.MISSING_FIELD, "e (event type)", symbol, buf, offset, length, totalLength,
                    origin, lineNo);
        }
        if (eventKind == null && !sawData) {
            return reject(RejectReason.MISSING_FIELD, "data", symbol, buf, offset, length, totalLength, origin,
                    lineNo);
        }
        return trade(kind, symbol, prefixNanos >= 0 ? prefixNanos : recvTsNanos, receivedAtNanos,
                buf, offset, length, totalLength, origin, lineNo);
    }

    /**
     * The body of {@code GET /fapi/v1/aggTrades}: a JSON array of {@code {"a","p","q","f","l","T","m"}} objects
     * without symbol or event time. Gives one trade ({@link TradeKind#AGG_TRADE}, event and exchange time
     * {@code T}) or dead letter per element, in order; dead letters' origins end with the element index. A body
     * that is not a JSON array, or breaks off, ends the list with a {@link RejectReason#NOT_JSON} dead letter.
     */
    public List<FeedEvent> parseRestAggTrades(byte[] body, String symbol, String origin, long receivedAtNanos) {
        String canonical = BinanceSymbol.normalize(symbol);
        List<FeedEvent> out = new ArrayList<>();
        long index = 0;
        int elementStart = 0;
        try (JsonParser p = JSON.createParser(body)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                out.add(reject(RejectReason.NOT_JSON, "expected a JSON array of aggTrades, found " + describe(first),
                        canonical, body, 0, body.length, body.length, origin, -1));
                return out;
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                elementStart = (int) p.currentTokenLocation().getByteOffset();
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    out.add(reject(RejectReason.NOT_JSON, "element is " + describe(t) + ", not a JSON object",
                            canonical, body, elementStart, end - elementStart, end - elementStart, origin, index++));
                    continue;
                }
                reset();
                readObject(p, false);
                int end = (int) p.currentLocation().getByteOffset();
                int length = end - elementStart;
                FeedEvent event = canonical == null
                        ? reject(RejectReason.UNKNOWN_SYMBOL,
                                "symbol \"" + symbol + "\" does not match " + BinanceSymbol.PATTERN, null,
                                body, elementStart, length, length, origin, index)
                        : trade(TradeKind.AGG_TRADE, canonical, -1, receivedAtNanos, body, elementStart, length,
                                length, origin, index);
                out.add(event);
                index++;
            }
            if (t == null) {
                throw new IOException("the array is not closed");
            }
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException ? jsonError((JsonProcessingException) e)
                    : e.getMessage();
            out.add(reject(RejectReason.NOT_JSON, detail + " (element " + index + ")", canonical,
                    body, elementStart, body.length - elementStart, body.length - elementStart, origin, index));
        }
        return out;
    }

    private FeedEvent trade(
            TradeKind kind,
            String symbol,
            long recordedAtNanos,
            long receivedAtNanos,
            byte[] buf,
            int offset,
            int length,
            long totalLength,
            String origin,
            long lineNo) {
        RejectReason reason = null;
        String detail = null;
        long id = kind == TradeKind.AGG_TRADE ? aggId : tradeId;
        if (failure != null) {
            reason = failure;
            detail = failureDetail;
        } else if (symbol == null) {
            reason = RejectReason.UNKNOWN_SYMBOL;
            detail = "missing field s (symbol)";
        } else if (id == ABSENT) {
            reason = RejectReason.MISSING_FIELD;
            detail = kind == TradeKind.AGG_TRADE ? "a (aggregate trade ID)" : "t (trade ID)";
        } else if (Double.isNaN(price)) {
            reason = RejectReason.MISSING_FIELD;
            detail = "p (price)";
        } else if (Double.isNaN(quantity)) {
            reason = RejectReason.MISSING_FIELD;
            detail = "q (quantity)";
        } else if (buyerMaker < 0) {
            reason = RejectReason.MISSING_FIELD;
            detail = "m (buyer is maker)";
        } else if (tradeTime == ABSENT && exchangeTime == ABSENT) {
            reason = RejectReason.MISSING_FIELD;
            detail = "T (trade time) and E (event time)";
        } else if (quantity <= 0) {
            reason = RejectReason.NON_POSITIVE_QUANTITY;
            detail = "q = " + quantity;
        } else if (price <= 0) {
            reason = RejectReason.NON_POSITIVE_PRICE;
            detail = "p = " + price;
        }
        if (reason != null) {
            return reject(reason, detail, symbol, buf, offset, length, totalLength, origin, lineNo);
        }
        counters.countTrade();
        return FeedEvent.of(new Trade(
                symbol,
                id,
                kind,
                price,
                quantity,
                buyerMaker == 1,
                tradeTime != ABSENT ? tradeTime : exchangeTime,
                exchangeTime != ABSENT ? exchangeTime : tradeTime,
                receivedAtNanos,
                recordedAtNanos));
    }

    private String skippedKind() {
        if (eventKind != null) {
            return null;
        }
        if (eventName != null) {
            return eventName;
        }
        if (streamKind != null) {
            return null;
        }
        if (streamName != null) {
            return streamName;
        }
        if (sawSnapshot) {
            return KIND_DEPTH_SNAPSHOT;
        }
        if (sawResult) {
            return KIND_SUBSCRIPTION_ACK;
        }
        if (sawError) {
            return KIND_SUBSCRIPTION_ERROR;
        }
        if (sawU && sawBigB) {
            return KIND_BOOK_TICKER;
        }
        return null;
    }

    private void reset() {
        eventKind = null;
        eventName = null;
        streamKind = null;
        streamName = null;
        sawData = false;
        sawSnapshot = false;
        sawResult = false;
        sawError = false;
        sawU = false;
        sawBigB = false;
        symbol = null;
        aggId = ABSENT;
        tradeId = ABSENT;
        exchangeTime = ABSENT;
        tradeTime = ABSENT;
        price = Double.NaN;
        quantity = Double.NaN;
        buyerMaker = -1;
        recvTsNanos = -1;
        failure = null;
        failureDetail = null;
    }

    /** Reads the fields of an object whose START_OBJECT is the current token; fields of any order. */
    private void readObject(JsonParser p, boolean topLevel) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (topLevel && name.length() > 1) {
                readEnvelopeField(p, name, value);
            } else if (eventName != null || name.length() != 1) {
                p.skipChildren();
            } else {
                readPayloadField(p, name.charAt(0), value);
            }
        }
    }

    private void readEnvelopeField(JsonParser p, String name, JsonToken value) throws IOException {
        switch (name) {
            case "stream":
                readStream(p, value);
                break;
            case "data":
                if (value == JsonToken.START_OBJECT) {
                    sawData = true;
                    readObject(p, false);
                } else {
                    p.skipChildren();
                    fail(RejectReason.NOT_JSON, "data is " + describe(value) + ", not a JSON object");
                }
                break;
            case "recv_ts":
                readRecvTs(p, value);
                break;
            case "lastUpdateId":
                sawSnapshot = true;
                p.skipChildren();
                break;
            case "result":
                sawResult = true;
                p.skipChildren();
                break;
            case "error":
                sawError = true;
                p.skipChildren();
                break;
            default:
                p.skipChildren();
        }
    }

    private void readPayloadField(JsonParser p, char name, JsonToken value) throws IOException {
        switch (name) {
            case 'e':
                readEventType(p, value);
                break;
            case 'E':
                exchangeTime = readLong(p, value, "E");
                break;
            case 'T':
                tradeTime = readLong(p, value, "T");
                break;
            case 's':
                readSymbol(p, value);
                break;
            case 'a':
                aggId = readLong(p, value, "a");
                break;
            case 't':
                tradeId = readLong(p, value, "t");
                break;
            case 'p':
                price = readDouble(p, value, "p");
                break;
            case 'q':
                quantity = readDouble(p, value, "q");
                break;
            case 'm':
                readBuyerMaker(p, value);
                break;
            case 'u':
                sawU = true;
                p.skipChildren();
                break;
            case 'B':
                sawBigB = true;
                p.skipChildren();
                break;
            default:
                p.skipChildren();
        }
    }

    private void readEventType(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return;
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (equal(text, offset, length, AGG_TRADE)) {
            eventKind = TradeKind.AGG_TRADE;
        } else if (equal(text, offset, length, TRADE)) {
            eventKind = TradeKind.TRADE;
        } else {
            eventName = names.lookup(text, offset, length);
        }
    }

    private void readStream(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return;
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int end = offset + p.getTextLength();
        int at = offset;
        while (at < end && text[at] != '@') {
            at++;
        }
        int kindStart = at < end ? at + 1 : offset;
        int kindEnd = kindStart;
        while (kindEnd < end && text[kindEnd] != '@') {
            kindEnd++;
        }
        int length = kindEnd - kindStart;
        if (equal(text, kindStart, length, AGG_TRADE)) {
            streamKind = TradeKind.AGG_TRADE;
        } else if (equal(text, kindStart, length, TRADE)) {
            streamKind = TradeKind.TRADE;
        } else {
            streamName = names.lookup(text, kindStart, length);
        }
    }

    private void readSymbol(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            String canonical = symbols.lookup(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (canonical == null) {
                fail(RejectReason.UNKNOWN_SYMBOL,
                        "symbol \"" + p.getText() + "\" does not match " + BinanceSymbol.PATTERN);
            } else {
                symbol = canonical;
            }
        } else if (value != JsonToken.VALUE_NULL) {
            p.skipChildren();
            fail(RejectReason.UNKNOWN_SYMBOL, "s is " + describe(value) + ", not a string");
        }
    }

    private void readRecvTs(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_FLOAT || value == JsonToken.VALUE_NUMBER_INT
                || value == JsonToken.VALUE_STRING) {
            long nanos = DecimalText.secondsToNanos(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (nanos != ABSENT) {
                recvTsNanos = nanos;
                return;
            }
            double seconds = readDouble(p, value, "recv_ts");
            if (!Double.isNaN(seconds)) {
                recvTsNanos = (long) (seconds * 1e9);
            }
        } else if (value != JsonToken.VALUE_NULL) {
            p.skipChildren();
            fail(RejectReason.NON_NUMERIC, "recv_ts is " + describe(value) + ", not a number");
        }
    }

    private long readLong(JsonParser p, JsonToken value, String field) throws IOException {
        switch (value) {
            case VALUE_NUMBER_INT:
                try {
                    return p.getLongValue();
                } catch (InputCoercionException e) {
                    fail(RejectReason.NON_NUMERIC, field + " is out of the long range: " + p.getText());
                    return ABSENT;
                }
            case VALUE_STRING:
                try {
                    return DecimalText.parseLong(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                } catch (NumberFormatException e) {
                    fail(RejectReason.NON_NUMERIC, field + " is not an integer: \"" + p.getText() + "\"");
                    return ABSENT;
                }
            case VALUE_NUMBER_FLOAT:
                fail(p.isNaN() ? RejectReason.NON_FINITE : RejectReason.NON_NUMERIC,
                        field + " is not an integer: " + p.getText());
                return ABSENT;
            case VALUE_NULL:
                return ABSENT;
            default:
                p.skipChildren();
                fail(RejectReason.NON_NUMERIC, field + " is " + describe(value) + ", not an integer");
                return ABSENT;
        }
    }

    private double readDouble(JsonParser p, JsonToken value, String field) throws IOException {
        double result;
        switch (value) {
            case VALUE_STRING:
                try {
                    result = DecimalText.parseDouble(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                } catch (NumberFormatException e) {
                    fail(RejectReason.NON_NUMERIC, field + " is not a number: \"" + p.getText() + "\"");
                    return Double.NaN;
                }
                break;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                result = p.getDoubleValue();
                break;
            case VALUE_NULL:
                return Double.NaN;
            default:
                p.skipChildren();
                fail(RejectReason.NON_NUMERIC, field + " is " + describe(value) + ", not a number");
                return Double.NaN;
        }
        if (!Double.isFinite(result)) {
            fail(RejectReason.NON_FINITE, field + " is not finite: " + p.getText());
            return Double.NaN;
        }
        return result;
    }

    private void readBuyerMaker(JsonParser p, JsonToken value) throws IOException {
        switch (value) {
            case VALUE_TRUE:
                buyerMaker = 1;
                break;
            case VALUE_FALSE:
                buyerMaker = 0;
                break;
            case VALUE_NULL:
                break;
            case VALUE_STRING:
                String text = p.getText();
                if ("true".equalsIgnoreCase(text)) {
                    buyerMaker = 1;
                } else if ("false".equalsIgnoreCase(text)) {
                    buyerMaker = 0;
                } else {
                    fail(RejectReason.NON_NUMERIC, "m is not a boolean: \"" + text + "\"");
                }
                break;
            default:
                p.skipChildren();
                fail(RejectReason.NON_NUMERIC, "m is " + describe(value) + ", not a boolean");
        }
    }

    private void fail(RejectReason reason, String detail) {
        if (failure == null) {
            failure = reason;
            failureDetail = detail;
        }
    }

    private FeedEvent reject(
            RejectReason reason,
            String detail,
            String symbol,
            byte[] buf,
            int offset,
            int length,
            long totalLength,
            String origin,
            long lineNo) {
        return Rejection.of(counters, reason, detail, symbol, buf, offset, length, totalLength, origin, lineNo);
    }

    private static String jsonError(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return e.getLocation() == null ? message : message + " (column " + e.getLocation().getColumnNr() + ")";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the input";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }

    private static boolean equal(char[] text, int offset, int length, char[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
