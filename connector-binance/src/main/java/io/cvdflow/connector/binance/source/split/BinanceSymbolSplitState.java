package io.cvdflow.connector.binance.source.split;

import org.apache.flink.annotation.Internal;

/** The mutable position of a {@link BinanceSymbolSplit}, advanced by the record emitter per emitted trade. */
@Internal
public final class BinanceSymbolSplitState {
    private final BinanceSymbolSplit split;
    private long lastEmittedId;
    private long lastEventTimeMs;

    public BinanceSymbolSplitState(BinanceSymbolSplit split) {
        this.split = split;
        this.lastEmittedId = split.lastEmittedId();
        this.lastEventTimeMs = split.lastEventTimeMs();
    }

    public void advance(long tradeId, long eventTimeMs) {
        lastEmittedId = tradeId;
        lastEventTimeMs = eventTimeMs;
    }

    public BinanceSymbolSplit toSplit() {
        return new BinanceSymbolSplit(split.symbol(), split.streamType(), lastEmittedId, lastEventTimeMs);
    }
}
