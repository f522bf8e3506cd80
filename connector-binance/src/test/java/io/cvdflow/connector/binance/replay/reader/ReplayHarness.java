package io.cvdflow.connector.binance.replay.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.connector.testutils.source.reader.TestingReaderOutput;
import org.apache.flink.core.io.InputStatus;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drives a replay source reader outside a cluster. */
final class ReplayHarness implements AutoCloseable {
    final RecordedTradeSourceReader reader;
    final TestingReaderOutput<FeedEvent> output = new TestingReaderOutput<>();

    ReplayHarness(RecordedTradeSource source, List<RecordingSplit> splits) {
        reader = (RecordedTradeSourceReader) source.createReader(new TestingReaderContext());
        reader.start();
        reader.addSplits(splits);
        reader.notifyNoMoreSplits();
    }

    /** Polls until {@code count} more events were emitted or the input ended; true at the end of the input. */
    boolean poll(long count) throws Exception {
        long target = output.getEmittedRecords().size() + count;
        while (output.getEmittedRecords().size() < target) {
            InputStatus status = reader.pollNext(output);
            if (status == InputStatus.END_OF_INPUT) {
                return true;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                reader.isAvailable().get(30, TimeUnit.SECONDS);
            }
        }
        return false;
    }

    List<FeedEvent> drain() throws Exception {
        while (!poll(Long.MAX_VALUE / 2)) {
            // until the end of the input
        }
        return output.getEmittedRecords();
    }

    @Override
    public void close() throws Exception {
        reader.close();
    }
}
