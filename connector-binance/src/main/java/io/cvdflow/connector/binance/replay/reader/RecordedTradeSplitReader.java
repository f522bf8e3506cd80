package io.cvdflow.connector.binance.replay.reader;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.ParseCounters;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.replay.split.PassExtent;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;

import java.io.IOException;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Set;

/**
 * Reads the assigned splits' recordings on the fetcher thread, taking the splits in turn. A split's files are
 * read one after another; a repeated replay starts over with the next pass, its trades shifted by the first
 * pass's extent. At recorded pace a trade is handed over only when due; when none is, the fetch waits for the
 * earliest, and {@link #wakeUp()} ends the wait. Each split keeps its own pace, anchored anew at the start of
 * each file, so that splits (and files) recorded in different years play side by side instead of waiting for
 * each other's dates.
 */
@Internal
public final class RecordedTradeSplitReader implements SplitReader<ReplayRecord, RecordingSplit> {
    private final Set<String> symbols;
    private final int repeat;
    private final int maxLineBytes;
    private final int batchSize;
    private final double speedFactor;
    private final RecordedTradeReaderMetrics metrics;
    private final ParseCounters counters = new ParseCounters();
    private final ArrayDeque<Cursor> cursors = new ArrayDeque<>();
    private final Object wakeLock = new Object();
    private boolean wakeRequested;

    /**
     * @param symbols only these symbols, or null for all
     * @param speedFactor the recorded pace times this, or 0 for full speed
     */
    RecordedTradeSplitReader(Set<String> symbols, int repeat, int maxLineBytes, int batchSize, double speedFactor,
            RecordedTradeReaderMetrics metrics) {
        this.symbols = symbols;
        this.repeat = repeat;
        this.maxLineBytes = maxLineBytes;
        this.batchSize = batchSize;
        this.speedFactor = speedFactor;
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<ReplayRecord> fetch() throws IOException {
        RecordsBySplits.Builder<ReplayRecord> out = new RecordsBySplits.Builder<>();
        int handed = 0;
        boolean finished = false;
        long earliestDue = Long.MAX_VALUE;
        for (int visited = 0, n = cursors.size(); visited < n && handed < batchSize; visited++) {
            Cursor cursor = cursors.poll();
            while (handed < batchSize) {
                ReplayRecord record = cursor.next();
                if (record == null) {
                    cursor.close();
                    out.addFinishedSplit(cursor.split.splitId());
                    finished = true;
                    break;
                }
                if (cursor.pacer != null && record.event.trade != null) {
                    long wait = cursor.pacer.nanosUntilDue(record.event.trade.eventTimeMs, System.nanoTime());
                    if (wait > 0) {
                        cursor.pending = record;
                        earliestDue = Math.min(earliestDue, wait);
                        break;
                    }
                }
                if (record.event.trade != null) {
                    // receipt is the hand-over: at recorded pace the trade was read ahead and held until due
                    record.event.trade.receivedAtNanos = epochNanos();
                }
                out.add(cursor.split, record);
                handed++;
            }
            if (!cursor.closed) {
                cursors.add(cursor);
            }
        }
        metrics.update(counters);
        if (handed == 0 && !finished && earliestDue != Long.MAX_VALUE) {
            waitNanos(earliestDue);
        }
        return out.build();
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void waitNanos(long nanos) throws IOException {
        long deadline = System.nanoTime() + nanos;
        synchronized (wakeLock) {
            try {
                long left;
                while (!wakeRequested && (left = deadline - System.nanoTime()) > 0) {
                    wakeLock.wait(left / 1_000_000L, (int) (left % 1_000_000L));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the recorded pace", e);
            }
            wakeRequested = false;
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<RecordingSplit> splitsChange) {
        if (!(splitsChange instanceof SplitsAddition)) {
            throw new UnsupportedOperationException("unsupported split change " + splitsChange);
        }
        for (RecordingSplit split : splitsChange.splits()) {
            cursors.add(new Cursor(split));
        }
    }

    @Override
    public void wakeUp() {
        synchronized (wakeLock) {
            wakeRequested = true;
            wakeLock.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        for (Cursor cursor : cursors) {
            cursor.close();
        }
        cursors.clear();
    }

    /** Where reading a split stands: the open file, the pass, and a record held back until it is due. */
    private final class Cursor {
        final RecordingSplit split;
        final PassExtent extent;
        /** Null at full speed. */
        Pacer pacer;
        int fileIndex;
        int pass;
        long linesToSkip;
        RecordedFileReader reader;
        ReplayRecord pending;
        boolean closed;

        Cursor(RecordingSplit split) {
            this.split = split;
            this.extent = split.extent();
            this.fileIndex = split.fileIndex();
            this.pass = split.pass();
            this.linesToSkip = split.linesConsumed();
        }

        /** The next record, or null when the split is done. */
        ReplayRecord next() throws IOException {
            if (pending != null) {
                ReplayRecord record = pending;
                pending = null;
                return record;
            }
            while (true) {
                if (reader == null) {
                    if (fileIndex == split.files().size()) {
                        if (pass + 1 >= repeat) {
                            return null;
                        }
                        pass++;
                        fileIndex = 0;
                    }
                    String file = split.files().get(fileIndex);
                    try {
                        reader = RecordedFileReader.open(Paths.get(file), maxLineBytes, linesToSkip, counters);
                    } catch (IOException e) {
                        // the position moves past the file, so that a restore does not report it again
                        linesToSkip = 0;
                        fileIndex++;
                        return new ReplayRecord(FeedEvent.of(DeadLetter.of("file:" + file,
                                RejectReason.UNREADABLE_FILE, "cannot open: " + e, null, null)), fileIndex, 0, pass);
                    }
                    linesToSkip = 0;
                    pacer = speedFactor > 0 ? new Pacer(speedFactor) : null;
                }
                FeedEvent event = reader.next();
                if (event == null) {
                    reader.close();
                    reader = null;
                    fileIndex++;
                    continue;
                }
                Trade trade = event.trade;
                if (trade != null) {
                    if (symbols != null && !symbols.contains(trade.symbol)) {
                        continue;
                    }
                    if (pass == 0) {
                        extent.record(trade);
                    } else {
                        extent.shift(trade, pass);
                    }
                }
                return new ReplayRecord(event, fileIndex, reader.linesConsumed(), pass);
            }
        }

        void close() throws IOException {
            closed = true;
            if (reader != null) {
                reader.close();
                reader = null;
            }
        }
    }
}
