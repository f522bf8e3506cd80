package io.cvdflow.connector.binance.replay.split;

import io.cvdflow.connector.binance.parse.TradeSequence;

import org.apache.flink.annotation.Internal;

/** The mutable reading position of a {@link RecordingSplit}, advanced by the record emitter per record. */
@Internal
public final class RecordingSplitState {
    private final RecordingSplit split;
    private final TradeSequence sequence;
    private final PassExtent extent;
    private int fileIndex;
    private long linesConsumed;
    private int pass;
    private long lastTimestampMs;

    public RecordingSplitState(RecordingSplit split) {
        this.split = split;
        this.sequence = split.sequence();
        this.extent = split.extent();
        this.fileIndex = split.fileIndex();
        this.linesConsumed = split.linesConsumed();
        this.pass = split.pass();
        this.lastTimestampMs = split.lastTimestampMs();
    }

    public void advance(int fileIndex, long linesConsumed, int pass) {
        this.fileIndex = fileIndex;
        this.linesConsumed = linesConsumed;
        this.pass = pass;
    }

    public TradeSequence sequence() {
        return sequence;
    }

    public PassExtent extent() {
        return extent;
    }

    public long lastTimestampMs() {
        return lastTimestampMs;
    }

    public void setLastTimestampMs(long lastTimestampMs) {
        this.lastTimestampMs = lastTimestampMs;
    }

    /** {@code file:<path>:<line>} of a position in this split. */
    public String origin(int fileIndex, long lineNo) {
        return "file:" + split.files().get(fileIndex) + ":" + lineNo;
    }

    public RecordingSplit toSplit() {
        return new RecordingSplit(split.splitId(), split.files(), split.symbols(), fileIndex, linesConsumed, pass,
                sequence, extent, lastTimestampMs);
    }
}
