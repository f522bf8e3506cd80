package io.cvdflow.connector.binance.source.split;

import io.cvdflow.connector.binance.source.StreamType;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Objects;

/**
 * One symbol's trade stream. Its checkpointed position is the last trade ID emitted: after a restore the reader
 * backfills from the next ID before it goes live.
 */
@Internal
public final class BinanceSymbolSplit implements SourceSplit {
    /** {@link #lastEmittedId()} of a stream that has emitted nothing yet: it starts at the live head. */
    public static final long NONE = -1L;

    private final String symbol;
    private final StreamType streamType;
    private final long lastEmittedId;
    private final long lastEventTimeMs;

    public BinanceSymbolSplit(String symbol, StreamType streamType, long lastEmittedId, long lastEventTimeMs) {
        this.symbol = Objects.requireNonNull(symbol);
        this.streamType = Objects.requireNonNull(streamType);
        this.lastEmittedId = lastEmittedId;
        this.lastEventTimeMs = lastEventTimeMs;
    }

    /** A split that starts at the live head. */
    public static BinanceSymbolSplit fresh(String symbol, StreamType streamType) {
        return new BinanceSymbolSplit(symbol, streamType, NONE, NONE);
    }

    public static String splitId(String symbol, StreamType streamType) {
        return symbol + '@' + streamType;
    }

    @Override
    public String splitId() {
        return splitId(symbol, streamType);
    }

    public String symbol() {
        return symbol;
    }

    public StreamType streamType() {
        return streamType;
    }

    public long lastEmittedId() {
        return lastEmittedId;
    }

    /** Event time of the last emitted trade, or {@link #NONE}. */
    public long lastEventTimeMs() {
        return lastEventTimeMs;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BinanceSymbolSplit)) {
            return false;
        }
        BinanceSymbolSplit s = (BinanceSymbolSplit) o;
        return lastEmittedId == s.lastEmittedId
                && lastEventTimeMs == s.lastEventTimeMs
                && symbol.equals(s.symbol)
                && streamType == s.streamType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(symbol, streamType, lastEmittedId, lastEventTimeMs);
    }

    @Override
    public String toString() {
        return "BinanceSymbolSplit{" + splitId() + ", lastEmittedId=" + lastEmittedId + '}';
    }
}
