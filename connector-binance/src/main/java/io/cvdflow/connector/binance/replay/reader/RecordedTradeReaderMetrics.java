package io.cvdflow.connector.binance.replay.reader;

import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.parse.ParseCounters;

import org.apache.flink.annotation.Internal;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The replay reader's metrics: trades, gaps (also per symbol), dead letters per reason, lines read and frames
 * skipped per kind. Trades, gaps and dead letters are counted on the task thread; lines and skips on the
 * reading thread, from the parse counters.
 */
@Internal
public final class RecordedTradeReaderMetrics {
    private final MetricGroup group;
    private final Counter trades;
    private final Counter gaps;
    private final Counter deadLetters;
    private final Counter lines;
    private final Counter skipped;
    private final Map<String, Counter> gapsBySymbol = new HashMap<>();
    private final Map<RejectReason, Counter> deadLettersByReason = new EnumMap<>(RejectReason.class);
    private final Map<String, Counter> skippedByKind = new HashMap<>();
    private long linesReported;

    public RecordedTradeReaderMetrics(MetricGroup group) {
        this.group = group;
        this.trades = group.counter("tradesEmitted");
        this.gaps = group.counter("gapsDetected");
        this.deadLetters = group.counter("deadLetters");
        this.lines = group.counter("linesRead");
        this.skipped = group.counter("skippedFrames");
    }

    void trade() {
        trades.inc();
    }

    void gap(String symbol) {
        gaps.inc();
        gapsBySymbol.computeIfAbsent(symbol, s -> group.addGroup("symbol", s).counter("gapsDetected")).inc();
    }

    void deadLetter(RejectReason reason) {
        deadLetters.inc();
        deadLettersByReason.computeIfAbsent(reason, r -> group.addGroup("reason", r.name()).counter("deadLetters"))
                .inc();
    }

    /** Brings lines and skipped frames up to the reading thread's parse counters. */
    void update(ParseCounters counters) {
        lines.inc(counters.lines() - linesReported);
        linesReported = counters.lines();
        counters.skippedByKind().forEach((kind, count) -> {
            Counter c = skippedByKind.computeIfAbsent(kind,
                    k -> group.addGroup("kind", k).counter("skippedFrames"));
            long delta = count - c.getCount();
            c.inc(delta);
            skipped.inc(delta);
        });
    }
}
