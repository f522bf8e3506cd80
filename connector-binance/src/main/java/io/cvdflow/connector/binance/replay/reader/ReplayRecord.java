package io.cvdflow.connector.binance.replay.reader;

import io.cvdflow.connector.binance.model.FeedEvent;

import org.apache.flink.annotation.Internal;

/**
 * A trade or dead letter read from a split, with the position reading resumes at after it: file index, lines
 * consumed in that file, and the pass.
 */
@Internal
public final class ReplayRecord {
    final FeedEvent event;
    final int fileIndex;
    final long linesConsumed;
    final int pass;

    ReplayRecord(FeedEvent event, int fileIndex, long linesConsumed, int pass) {
        this.event = event;
        this.fileIndex = fileIndex;
        this.linesConsumed = linesConsumed;
        this.pass = pass;
    }

    @Override
    public String toString() {
        return event + " @" + fileIndex + ":" + linesConsumed + "/" + pass;
    }
}
