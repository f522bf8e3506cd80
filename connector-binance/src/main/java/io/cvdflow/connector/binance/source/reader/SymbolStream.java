package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;

import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One symbol's way from frames to emitted trades: every ID exactly once and in order. Pure Java, driven by one
 * thread (the split fetcher).
 *
 * <ul>
 *   <li>{@code LIVE}: the next ID is emitted, a lower one is a dropped duplicate, a jump starts a backfill;
 *   <li>{@code AWAITING}: after a (re)connect or restore, continuity is unproven. The first live trade proves it
 *       (the next ID) or starts a backfill (a jump); if none comes within the resync delay, REST is asked;
 *   <li>{@code BACKFILLING}: live trades are held, in ID order, while REST pages fill the hole; the two are merged
 *       by ID. IDs that REST does not have (it answers with a later ID, or it stays behind the live stream past
 *       the catch-up timeout) are reported as one {@link GapStatus#UNRECOVERABLE} gap per range, then streaming
 *       goes on.
 * </ul>
 */
@Internal
public final class SymbolStream {
    private static final Logger LOG = LoggerFactory.getLogger(SymbolStream.class);

    /** Where records go: the fetch's records, by split. */
    public interface Output {
        void emit(String splitId, FeedEvent event);
    }

    /** The REST backfill: asynchronous; its answer comes back through {@link #onBackfill}. */
    public interface Backfill {
        /** Asks for trades from {@code fromId}, not before {@code notBeforeNanos}; returns the request's ID. */
        long request(SymbolStream stream, long fromId, long notBeforeNanos);

        void cancel(long requestId);
    }

    /** What the stream counts; metrics in the reader, plain counters in tests. */
    public interface Counters {
        void emitted();

        void backfilled();

        void duplicateDropped();

        void gap(TradeGap gap);
    }

    enum Mode {
        LIVE,
        AWAITING,
        BACKFILLING
    }

    private final String symbol;
    private final String splitId;
    private final TradeKind kind;
    private final boolean restHistory;
    private final Counters counters;
    private final long resyncDelayNanos;
    private final long catchUpTimeoutNanos;

    private long lastId;
    private long lastEventTimeMs;
    private Mode mode = Mode.LIVE;
    /** Live trades held while backfilling, by ID. */
    private final TreeMap<Long, Trade> held = new TreeMap<>();
    private long requestId;
    private long requestNotBeforeNanos;
    private long restBehindSinceNanos = -1;
    /** The run of consecutive backfilled IDs being emitted, reported as one gap when it ends. */
    private long runFirst = -1;
    private long runLast = -1;
    private long runEventTimeMs = -1;

    public SymbolStream(BinanceSymbolSplit split, boolean restHistory, Counters counters, long resyncDelayNanos,
            long catchUpTimeoutNanos) {
        this.symbol = split.symbol();
        this.splitId = split.splitId();
        this.kind = split.streamType().kind();
        this.restHistory = restHistory;
        this.counters = counters;
        this.resyncDelayNanos = resyncDelayNanos;
        this.catchUpTimeoutNanos = catchUpTimeoutNanos;
        this.lastId = split.lastEmittedId();
        this.lastEventTimeMs = split.lastEventTimeMs();
    }

    public String symbol() {
        return symbol;
    }

    public String splitId() {
        return splitId;
    }

    public long lastId() {
        return lastId;
    }

    Mode mode() {
        return mode;
    }

    /**
     * The stream's connection was (re)established or it was restored: trades may have been missed since
     * {@link #lastId()}. Waits briefly for a live trade to prove continuity, else asks REST.
     */
    public void resync(long nowNanos, Backfill backfill) {
        if (lastId == BinanceSymbolSplit.NONE || !restHistory || mode != Mode.LIVE) {
            return;
        }
        mode = Mode.AWAITING;
        request(backfill, nowNanos + resyncDelayNanos);
    }

    /**
     * A live trade. {@code fromRotationSuccessor}: it came over the new connection of a rotation while the old one
     * still runs; a jump on it only means the new connection started later, and the old one delivers the IDs.
     */
    public void onLive(Trade trade, boolean fromRotationSuccessor, long nowNanos, Output out, Backfill backfill) {
        long id = trade.tradeId;
        if (lastId != BinanceSymbolSplit.NONE && id <= lastId) {
            counters.duplicateDropped();
            return;
        }
        if (mode == Mode.BACKFILLING) {
            hold(trade);
            drainHeld(out);
            if (held.isEmpty()) {
                cancelRequest(backfill);
                finishEpisode(out);
            }
            return;
        }
        if (lastId == BinanceSymbolSplit.NONE || id == lastId + 1) {
            emit(trade, out);
            if (mode == Mode.AWAITING) {
                cancelRequest(backfill);
                finishEpisode(out);
            }
            return;
        }
        if (fromRotationSuccessor) {
            counters.duplicateDropped();
            return;
        }
        if (!restHistory) {
            unrecoverable(lastId + 1, id - 1, "the " + kind + " stream has no REST history by ID", out);
            emit(trade, out);
            return;
        }
        mode = Mode.BACKFILLING;
        hold(trade);
        LOG.debug("{}: live stream jumped from {} to {}; backfilling from REST", symbol, lastId, id);
        if (requestId == 0 || requestNotBeforeNanos > nowNanos) {
            request(backfill, nowNanos);
        }
    }

    /** A REST page asked for by this stream. Stale answers (of cancelled or replaced requests) are ignored. */
    public void onBackfill(BackfillResult result, long nowNanos, Output out, Backfill backfill) {
        if (result.requestId() != requestId) {
            return;
        }
        requestId = 0;
        if (result.error() != null) {
            drainAllHeld(out, "REST backfill failed: " + result.error());
            finishEpisode(out);
            return;
        }
        boolean progress = false;
        List<Trade> trades = result.trades();
        for (int i = 0; i < trades.size(); i++) {
            Trade t = trades.get(i);
            if (t.tradeId <= lastId) {
                counters.duplicateDropped();
                continue;
            }
            progress = true;
            emitHeldBelow(t.tradeId, out);
            if (held.containsKey(t.tradeId)) {
                // the live copy, with its frame's receive time, goes out in order
                counters.duplicateDropped();
                continue;
            }
            if (t.tradeId > lastId + 1) {
                unrecoverable(lastId + 1, t.tradeId - 1, "missing from the REST answer", out);
            }
            emitBackfilled(t, out);
        }
        drainHeld(out);
        if (progress) {
            restBehindSinceNanos = -1;
        }
        boolean restAtHead = result.pageSize() < result.limit();
        if (!restAtHead) {
            mode = Mode.BACKFILLING;
            request(backfill, nowNanos);
            return;
        }
        if (held.isEmpty()) {
            finishEpisode(out);
            return;
        }
        // REST has nothing more, yet the live stream is ahead: REST lags, or lost the trades
        if (restBehindSinceNanos < 0) {
            restBehindSinceNanos = nowNanos;
        }
        if (nowNanos - restBehindSinceNanos < catchUpTimeoutNanos) {
            request(backfill, nowNanos + Math.max(1, catchUpTimeoutNanos / 5));
            return;
        }
        drainAllHeld(out, "REST history ends before the live stream resumed");
        finishEpisode(out);
    }

    /** The symbol is released: drops outstanding work. */
    public void close(Backfill backfill) {
        cancelRequest(backfill);
        held.clear();
    }

    private void request(Backfill backfill, long notBeforeNanos) {
        if (requestId != 0) {
            backfill.cancel(requestId);
        }
        requestId = backfill.request(this, lastId + 1, notBeforeNanos);
        requestNotBeforeNanos = notBeforeNanos;
    }

    private void cancelRequest(Backfill backfill) {
        if (requestId != 0) {
            backfill.cancel(requestId);
            requestId = 0;
        }
    }

    private void hold(Trade trade) {
        if (held.putIfAbsent(trade.tradeId, trade) != null) {
            counters.duplicateDropped();
        }
    }

    /** Emits held trades that continue the emitted sequence. */
    private void drainHeld(Output out) {
        while (!held.isEmpty()) {
            Map.Entry<Long, Trade> first = held.firstEntry();
            long id = first.getKey();
            if (id <= lastId) {
                held.pollFirstEntry();
                counters.duplicateDropped();
            } else if (id == lastId + 1) {
                held.pollFirstEntry();
                emit(first.getValue(), out);
            } else {
                return;
            }
        }
    }

    /** Emits held trades below a REST trade's ID; REST proves that the IDs between them do not exist. */
    private void emitHeldBelow(long restId, Output out) {
        while (!held.isEmpty() && held.firstKey() < restId) {
            Trade t = held.pollFirstEntry().getValue();
            if (t.tradeId <= lastId) {
                counters.duplicateDropped();
                continue;
            }
            if (t.tradeId > lastId + 1) {
                unrecoverable(lastId + 1, t.tradeId - 1, "missing from the REST answer", out);
            }
            emit(t, out);
        }
    }

    /** Emits all held trades; the IDs missing between them are reported unrecoverable. */
    private void drainAllHeld(Output out, String detail) {
        while (!held.isEmpty()) {
            Trade t = held.pollFirstEntry().getValue();
            if (t.tradeId > lastId + 1) {
                unrecoverable(lastId + 1, t.tradeId - 1, detail, out);
            }
            emit(t, out);
        }
    }

    private void finishEpisode(Output out) {
        endRun(out);
        mode = Mode.LIVE;
        restBehindSinceNanos = -1;
    }

    private void emitBackfilled(Trade trade, Output out) {
        if (runFirst >= 0 && trade.tradeId != runLast + 1) {
            endRun(out);
        }
        if (runFirst < 0) {
            runFirst = trade.tradeId;
            runEventTimeMs = lastEventTimeMs;
        }
        runLast = trade.tradeId;
        append(trade, out);
        counters.backfilled();
    }

    private void endRun(Output out) {
        if (runFirst < 0) {
            return;
        }
        TradeGap gap = new TradeGap(symbol, kind, runFirst, runLast, GapStatus.BACKFILLED, runEventTimeMs,
                (runLast - runFirst + 1) + " trades backfilled from REST");
        counters.gap(gap);
        out.emit(splitId, FeedEvent.of(gap));
        LOG.info("{}: backfilled trades [{}..{}] from REST", symbol, runFirst, runLast);
        runFirst = -1;
        runLast = -1;
    }

    private void unrecoverable(long first, long last, String detail, Output out) {
        endRun(out);
        TradeGap gap = new TradeGap(symbol, kind, first, last, GapStatus.UNRECOVERABLE, lastEventTimeMs, detail);
        LOG.warn("{}: trades [{}..{}] ({} IDs) are unrecoverable: {}", symbol, first, last, gap.missingCount(),
                detail);
        counters.gap(gap);
        out.emit(splitId, FeedEvent.of(gap));
    }

    /** Emits a live trade; it ends a run of backfilled ones. */
    private void emit(Trade trade, Output out) {
        endRun(out);
        append(trade, out);
    }

    private void append(Trade trade, Output out) {
        lastId = trade.tradeId;
        lastEventTimeMs = trade.eventTimeMs;
        counters.emitted();
        out.emit(splitId, FeedEvent.of(trade));
    }
}
