package io.cvdflow.connector.binance.replay.split;

import io.cvdflow.connector.binance.parse.TradeSequence;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Recordings whose symbols overlap, read one after another in file-name order by a single reader, so that a
 * symbol's IDs are checked in order. Immutable; the position says where reading resumes: the file, the lines
 * already consumed in it, the pass of a repeated replay, the ID continuity per symbol, and the first pass's
 * extent.
 */
@Internal
public final class RecordingSplit implements SourceSplit {
    private final String splitId;
    private final List<String> files;
    private final SortedSet<String> symbols;
    private final int fileIndex;
    private final long linesConsumed;
    private final int pass;
    private final TradeSequence sequence;
    private final PassExtent extent;
    private final long lastTimestampMs;

    public RecordingSplit(
            String splitId,
            List<String> files,
            Collection<String> symbols,
            int fileIndex,
            long linesConsumed,
            int pass,
            TradeSequence sequence,
            PassExtent extent,
            long lastTimestampMs) {
        this.splitId = Objects.requireNonNull(splitId);
        this.files = List.copyOf(files);
        this.symbols = new TreeSet<>(symbols);
        this.fileIndex = fileIndex;
        this.linesConsumed = linesConsumed;
        this.pass = pass;
        this.sequence = sequence.copy();
        this.extent = extent.copy();
        this.lastTimestampMs = lastTimestampMs;
    }

    /** A split that has not been read yet. */
    public static RecordingSplit unread(String splitId, List<String> files, Collection<String> symbols) {
        return new RecordingSplit(splitId, files, symbols, 0, 0, 0, new TradeSequence(), new PassExtent(),
                Long.MIN_VALUE);
    }

    @Override
    public String splitId() {
        return splitId;
    }

    /** Paths in reading order. */
    public List<String> files() {
        return files;
    }

    /** Symbols sniffed at discovery (the first trades of each file, and CSV dump names). */
    public SortedSet<String> symbols() {
        return symbols;
    }

    public int fileIndex() {
        return fileIndex;
    }

    public long linesConsumed() {
        return linesConsumed;
    }

    public int pass() {
        return pass;
    }

    /** A copy of the ID continuity state. */
    public TradeSequence sequence() {
        return sequence.copy();
    }

    /** A copy of the first pass's extent. */
    public PassExtent extent() {
        return extent.copy();
    }

    /** Timestamp of the last trade emitted, or {@link Long#MIN_VALUE}. */
    public long lastTimestampMs() {
        return lastTimestampMs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordingSplit)) {
            return false;
        }
        RecordingSplit s = (RecordingSplit) o;
        return fileIndex == s.fileIndex
                && linesConsumed == s.linesConsumed
                && pass == s.pass
                && lastTimestampMs == s.lastTimestampMs
                && splitId.equals(s.splitId)
                && files.equals(s.files)
                && symbols.equals(s.symbols)
                && sequence.equals(s.sequence)
                && extent.equals(s.extent);
    }

    @Override
    public int hashCode() {
        return Objects.hash(splitId, files, fileIndex, linesConsumed, pass);
    }

    @Override
    public String toString() {
        return "RecordingSplit{" + splitId + " " + symbols + " file " + fileIndex + "/" + files.size() + " after line "
                + linesConsumed + " pass " + pass + "}";
    }
}
