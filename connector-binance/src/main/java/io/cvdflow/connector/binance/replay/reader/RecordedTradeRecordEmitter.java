package io.cvdflow.connector.binance.replay.reader;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.GapStatus;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.connector.binance.parse.TradeSequence;
import io.cvdflow.connector.binance.replay.split.RecordingSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

import java.util.HashMap;
import java.util.Map;

/**
 * Checks each trade's ID against its symbol's last one (a duplicate becomes a {@link
 * RejectReason#DUPLICATE_ID} dead letter, a jump a {@link GapStatus#DETECTED} gap before the trade), emits the
 * trade with its event time as timestamp, and advances the split state. With symbol copies, trades, gaps and
 * duplicate-ID dead letters are emitted once per copy name; dead letters of unreadable input once.
 */
@Internal
public final class RecordedTradeRecordEmitter implements RecordEmitter<ReplayRecord, FeedEvent, RecordingSplitState> {
    private final int symbolCopies;
    private final RecordedTradeReaderMetrics metrics;
    private final Map<String, String[]> copyNames = new HashMap<>();

    RecordedTradeRecordEmitter(int symbolCopies, RecordedTradeReaderMetrics metrics) {
        this.symbolCopies = symbolCopies;
        this.metrics = metrics;
    }

    @Override
    public void emitRecord(ReplayRecord record, SourceOutput<FeedEvent> output, RecordingSplitState state) {
        Trade trade = record.event.trade;
        if (trade == null) {
            metrics.deadLetter(record.event.deadLetter.reason);
            collect(output, record.event, state.lastTimestampMs());
        } else {
            if (record.pass == 0) {
                state.extent().record(trade);
            }
            String[] names = copyNames.computeIfAbsent(trade.symbol, this::namesOf);
            TradeSequence.Step step = state.sequence().next(trade.symbol, trade.kind, trade.tradeId);
            if (step.status() == TradeSequence.Status.DUPLICATE) {
                String origin = state.origin(record.fileIndex, record.linesConsumed);
                long lastId = state.sequence().lastId(trade.symbol, trade.kind);
                for (String name : names) {
                    metrics.deadLetter(RejectReason.DUPLICATE_ID);
                    String detail = trade.kind + " ID " + trade.tradeId + " is not above the last ID " + lastId
                            + " of " + name;
                    output.collect(FeedEvent.of(DeadLetter.of(origin, RejectReason.DUPLICATE_ID, detail, name,
                            trade.toString())), trade.eventTimeMs);
                }
            } else {
                for (int copy = 0; copy < names.length; copy++) {
                    if (step.status() == TradeSequence.Status.GAP) {
                        metrics.gap(names[copy]);
                        output.collect(FeedEvent.of(new TradeGap(names[copy], trade.kind, step.firstMissing(),
                                step.lastMissing(), GapStatus.DETECTED, trade.eventTimeMs,
                                "replay: missing before " + state.origin(record.fileIndex, record.linesConsumed))),
                                trade.eventTimeMs);
                    }
                    metrics.trade();
                    output.collect(copy == 0 ? record.event : FeedEvent.of(renamed(trade, names[copy])),
                            trade.eventTimeMs);
                }
                state.setLastTimestampMs(trade.eventTimeMs);
            }
        }
        state.advance(record.fileIndex, record.linesConsumed, record.pass);
    }

    private static void collect(SourceOutput<FeedEvent> output, FeedEvent event, long timestampMs) {
        if (timestampMs == Long.MIN_VALUE) {
            output.collect(event);
        } else {
            output.collect(event, timestampMs);
        }
    }

    private String[] namesOf(String symbol) {
        String[] names = new String[symbolCopies];
        names[0] = symbol;
        for (int i = 1; i < symbolCopies; i++) {
            names[i] = symbol + "_C" + i;
        }
        return names;
    }

    private static Trade renamed(Trade t, String symbol) {
        return new Trade(symbol, t.tradeId, t.kind, t.price, t.quantity, t.buyerMaker, t.eventTimeMs,
                t.exchangeTimeMs, t.receivedAtNanos, t.recordedAtNanos);
    }
}
