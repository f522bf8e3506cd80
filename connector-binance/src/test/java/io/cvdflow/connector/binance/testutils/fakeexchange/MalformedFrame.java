package io.cvdflow.connector.binance.testutils.fakeexchange;

/**
 * Broken frames the exchange can slip between valid ones ({@link FakeBinanceExchange#injectMalformed}). Each is
 * built from the symbol's next trade and carries its {@code a}, so a client that counts a rejected frame as seen
 * would then drop the valid frame with that ID.
 */
public enum MalformedFrame {
    /** The combined-stream frame cut off in the middle. */
    TRUNCATED_JSON,
    /** {@code "q":"NaN"}. */
    NAN_QUANTITY,
    /** {@code "q":"-0.5"}. */
    NEGATIVE_QUANTITY,
    /** {@code "a":"n/a"} and {@code "m":1}. */
    WRONG_TYPES,
    /** No {@code q} at all. */
    MISSING_QUANTITY,
    /** A text frame that is not JSON: a proxy's error page. */
    TEXT_GARBAGE,
    /** A binary frame of bytes that are neither JSON nor UTF-8. Binance only ever sends text frames. */
    BINARY_GARBAGE;

    private static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0xC3, 0x28, 0x7B, (byte) 0x80,
        (byte) 0xF5, 0x01, 0x22, (byte) 0xA0, (byte) 0xE2, 0x28, (byte) 0xA1};

    /** The text to send, or null for {@link #BINARY_GARBAGE}. */
    String text(String stream, AggTrade next, boolean combined) {
        String event;
        switch (this) {
            case TRUNCATED_JSON:
                String whole = wrap(stream, WireFormat.aggTradeEvent(next), combined);
                return whole.substring(0, whole.length() / 2);
            case NAN_QUANTITY:
                event = WireFormat.aggTradeEvent(next, "\"NaN\"", Long.toString(next.id), Boolean.toString(next.buyerMaker));
                break;
            case NEGATIVE_QUANTITY:
                event = WireFormat.aggTradeEvent(next, "\"-" + next.quantity + '"', Long.toString(next.id),
                        Boolean.toString(next.buyerMaker));
                break;
            case WRONG_TYPES:
                event = WireFormat.aggTradeEvent(next, '"' + next.quantity + '"', "\"n/a\"", "1");
                break;
            case MISSING_QUANTITY:
                event = WireFormat.aggTradeEvent(next, null, Long.toString(next.id), Boolean.toString(next.buyerMaker));
                break;
            case TEXT_GARBAGE:
                return "<html><body><h1>502 Bad Gateway</h1></body></html>";
            case BINARY_GARBAGE:
                return null;
            default:
                throw new AssertionError(this);
        }
        return wrap(stream, event, combined);
    }

    /** The binary frame sent for {@link #BINARY_GARBAGE}. */
    static byte[] garbageBytes() {
        return GARBAGE.clone();
    }

    private static String wrap(String stream, String event, boolean combined) {
        return combined ? WireFormat.combined(stream, event) : event;
    }
}
