package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;

import java.nio.charset.StandardCharsets;

/** Turns a rejected line into a counted {@link DeadLetter}, decoding only as much raw text as it keeps. */
final class Rejection {
    private Rejection() {}

    /**
     * @param totalLength the line's length in bytes before a reader cut it at its limit
     * @param lineNo position within {@code origin} (line or array index), or negative for none
     */
    static FeedEvent of(
            ParseCounters counters,
            RejectReason reason,
            String detail,
            String symbol,
            byte[] buf,
            int offset,
            int length,
            long totalLength,
            String origin,
            long lineNo) {
        counters.countRejected(reason);
        int kept = Math.min(length, DeadLetter.MAX_RAW_CHARS);
        String raw = new String(buf, offset, kept, StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.of(lineNo < 0 ? origin : origin + ":" + lineNo, reason, detail, symbol, raw);
        letter.rawLength = (int) Math.min(Integer.MAX_VALUE, Math.max(totalLength, raw.length()));
        return FeedEvent.of(letter);
    }

    static String lineTooLong(long totalLength, int maxLineBytes) {
        return "line of " + totalLength + " bytes exceeds the limit of " + maxLineBytes + " bytes";
    }
}
