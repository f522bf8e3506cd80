package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits feed events. A trade carries its event time as the record timestamp and advances its split's last emitted
 * ID, which is what a checkpoint stores; a gap carries the event time of the trade it follows; a dead letter
 * carries no timestamp, so it cannot move watermarks.
 */
@Internal
public final class BinanceRecordEmitter implements RecordEmitter<FeedEvent, FeedEvent, BinanceSymbolSplitState> {

    @Override
    public void emitRecord(FeedEvent event, SourceOutput<FeedEvent> output, BinanceSymbolSplitState state) {
        Trade trade = event.trade;
        if (trade != null) {
            output.collect(event, trade.eventTimeMs);
            state.advance(trade.tradeId, trade.eventTimeMs);
        } else if (event.gap != null && event.gap.eventTimeMs >= 0) {
            output.collect(event, event.gap.eventTimeMs);
        } else {
            output.collect(event);
        }
    }
}
