package io.cvdflow.connector.binance.parse;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;

import org.apache.flink.annotation.PublicEvolving;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Streams a recording (plain, gzip, or zip of CSV or JSON-lines entries; told by magic bytes) line by line to
 * {@link FeedEvent}s: trades and dead letters, with origin {@code file:<path>:<lineNo>}. Frames of other
 * streams are skipped and counted. Memory is bounded by the line limit: the rest of a longer line is read and
 * dropped, giving one {@link RejectReason#LINE_TOO_LONG} dead letter.
 *
 * <p>Each file or zip entry is JSON lines or an aggTrades CSV dump: by its name ({@code .csv}, {@code .json},
 * {@code .jsonl}, {@code .ndjson}), else by its first line that shows which. Line numbers run on across the
 * entries of a zip. A read error (a truncated gzip, say) ends the file with one {@link
 * RejectReason#UNREADABLE_FILE} dead letter.
 *
 * <p>Not thread-safe.
 */
@PublicEvolving
public final class RecordedFileReader implements Closeable {
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private enum Format { JSON, CSV }

    private final Path file;
    private final String origin;
    private final int maxLineBytes;
    private final ParseCounters counters;
    private final AggTradeFrameParser frames;
    private final InputStream input;
    private final ZipInputStream zip;
    private BoundedLineReader lines;
    /** The name the CSV parser takes the symbol from: the entry's, else the file's. */
    private String csvName;
    private Format entryFormat;
    private AggTradeCsvParser csv;
    private long lineNo;
    private FeedEvent failure;

    private RecordedFileReader(Path file, int maxLineBytes, ParseCounters counters) throws IOException {
        this.file = file;
        this.counters = counters;
        this.origin = "file:" + file;
        this.maxLineBytes = maxLineBytes;
        this.frames = new AggTradeFrameParser(maxLineBytes, counters);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), STREAM_BUFFER_BYTES);
        try {
            in.mark(4);
            int b0 = in.read();
            int b1 = in.read();
            int b2 = in.read();
            int b3 = in.read();
            in.reset();
            String name = file.getFileName().toString();
            if (b0 == 0x1f && b1 == 0x8b) {
                input = new GZIPInputStream(in, STREAM_BUFFER_BYTES);
                zip = null;
                startEntry(input, name.toLowerCase(Locale.ROOT).endsWith(".gz")
                        ? name.substring(0, name.length() - 3) : name);
            } else if (b0 == 'P' && b1 == 'K' && b2 == 3 && b3 == 4) {
                zip = new ZipInputStream(in);
                input = zip;
                nextZipEntry();
            } else {
                input = in;
                zip = null;
                startEntry(input, name);
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public static RecordedFileReader open(Path file) throws IOException {
        return open(file, AggTradeFrameParser.DEFAULT_MAX_LINE_BYTES, 0);
    }

    /**
     * Opens {@code file} and passes over its first {@code linesToSkip} lines without parsing them, to resume
     * where a reader that had consumed that many lines stopped.
     */
    public static RecordedFileReader open(Path file, int maxLineBytes, long linesToSkip) throws IOException {
        return open(file, maxLineBytes, linesToSkip, new ParseCounters());
    }

    /** As {@link #open(Path, int, long)}, counting into {@code counters}, which may be shared by many files. */
    public static RecordedFileReader open(Path file, int maxLineBytes, long linesToSkip, ParseCounters counters)
            throws IOException {
        RecordedFileReader reader = new RecordedFileReader(file, maxLineBytes, counters);
        reader.skipLines(linesToSkip);
        return reader;
    }

    /** The valid trades of a recording, in file order. */
    public static List<Trade> readTrades(Path file) {
        List<Trade> trades = new ArrayList<>();
        try (RecordedFileReader reader = open(file)) {
            FeedEvent event;
            while ((event = reader.next()) != null) {
                if (event.trade != null) {
                    trades.add(event.trade);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return trades;
    }

    /**
     * The symbols of a recording's first {@code maxTrades} trades (looking at no more than {@code maxLines}
     * lines), plus the symbol a CSV dump's file name gives.
     */
    public static Set<String> sniffSymbols(Path file, int maxTrades, long maxLines) throws IOException {
        Set<String> symbols = new TreeSet<>();
        String fromName = AggTradeCsvParser.symbolFromFileName(file.getFileName().toString());
        if (fromName != null) {
            symbols.add(fromName);
        }
        try (RecordedFileReader reader = open(file)) {
            int trades = 0;
            FeedEvent event;
            while (trades < maxTrades && reader.linesConsumed() < maxLines && (event = reader.next()) != null) {
                if (event.trade != null) {
                    symbols.add(event.trade.symbol);
                    trades++;
                }
            }
        }
        return symbols;
    }

    /** The next trade or dead letter, or null at the end of the file. */
    public FeedEvent next() {
        while (true) {
            if (!readLine()) {
                FeedEvent last = failure;
                failure = null;
                return last;
            }
            counters.countLine();
            FeedEvent event = parserFor(lines.line(), lines.length()).parseLine(lines.line(), 0, lines.length(),
                    lines.totalLength(), origin, lineNo, System.currentTimeMillis() * 1_000_000L);
            if (event != null) {
                return event;
            }
        }
    }

    /** Lines consumed so far, including lines passed over at opening; the number of the last line read. */
    public long linesConsumed() {
        return lineNo;
    }

    public ParseCounters counters() {
        return counters;
    }

    @Override
    public void close() throws IOException {
        lines = null;
        input.close();
    }

    private void skipLines(long count) {
        while (lineNo < count && readLine()) {
            parserFor(lines.line(), lines.length());
        }
    }

    /**
     * Reads the next line into {@link #lines}, moving on through zip entries; false at the end of the file. A
     * read error ends the file and leaves one dead letter in {@link #failure}.
     */
    private boolean readLine() {
        try {
            while (lines != null) {
                if (lines.readLine()) {
                    lineNo++;
                    return true;
                }
                if (zip == null || !nextZipEntry()) {
                    lines = null;
                }
            }
        } catch (IOException e) {
            lines = null;
            failure = Rejection.of(counters, RejectReason.UNREADABLE_FILE, "read error after line " + lineNo + ": " + e,
                    null, new byte[0], 0, 0, 0, origin, lineNo + 1);
        }
        return false;
    }

    private boolean nextZipEntry() throws IOException {
        ZipEntry entry;
        do {
            entry = zip.getNextEntry();
        } while (entry != null && entry.isDirectory());
        if (entry == null) {
            return false;
        }
        startEntry(zip, entry.getName());
        return true;
    }

    private void startEntry(InputStream in, String name) {
        lines = new BoundedLineReader(in, maxLineBytes);
        String fileName = file.getFileName().toString();
        csvName = AggTradeCsvParser.symbolFromFileName(name) == null
                && AggTradeCsvParser.symbolFromFileName(fileName) != null ? fileName : name;
        csv = null;
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            entryFormat = Format.CSV;
        } else if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            entryFormat = Format.JSON;
        } else {
            entryFormat = null;
        }
    }

    private LineParser parserFor(byte[] line, int length) {
        if (entryFormat == null) {
            entryFormat = formatOf(line, length);
        }
        if (entryFormat != Format.CSV) {
            return frames;
        }
        if (csv == null) {
            csv = new AggTradeCsvParser(csvName, maxLineBytes, counters);
        }
        return csv;
    }

    /** The format a line shows, or null when it shows none (blank or garbage). */
    private static Format formatOf(byte[] line, int length) {
        int i = 0;
        while (i < length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        if (i == length) {
            return null;
        }
        if (line[i] == '{') {
            return Format.JSON;
        }
        if (startsWith(line, i, length, "agg_trade_id")) {
            return Format.CSV;
        }
        while (i < length && line[i] >= '0' && line[i] <= '9') {
            i++;
        }
        if (i == 0 || i == length) {
            return null;
        }
        if (line[i] == ',') {
            return Format.CSV;
        }
        return line[i] == ' ' || line[i] == '\t' ? Format.JSON : null;
    }

    private static boolean startsWith(byte[] line, int from, int length, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        if (length - from < p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (line[from + i] != p[i]) {
                return false;
            }
        }
        return true;
    }
}
