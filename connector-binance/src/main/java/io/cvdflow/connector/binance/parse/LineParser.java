package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.FeedEvent;

/** One line of a recording to a trade, a dead letter, or null for a skipped line (counted by the parser). */
interface LineParser {
    /**
     * @param totalLength the line's full length; more than {@code length} when the reader cut it at its limit
     * @param lineNo the line number appended to {@code origin} in dead letters, or negative for none
     */
    FeedEvent parseLine(
            byte[] buf, int offset, int length, long totalLength, String origin, long lineNo, long receivedAtNanos);

    ParseCounters counters();
}
