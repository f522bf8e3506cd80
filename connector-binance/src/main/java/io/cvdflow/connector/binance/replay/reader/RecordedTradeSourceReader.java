package io.cvdflow.connector.binance.replay.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.replay.RecordedTradeSourceOptions;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;
import io.cvdflow.connector.binance.replay.split.RecordingSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The replay's source reader: one fetcher thread reads all splits of this subtask. */
@Internal
public final class RecordedTradeSourceReader
        extends SingleThreadMultiplexSourceReaderBase<ReplayRecord, FeedEvent, RecordingSplit, RecordingSplitState> {

    private RecordedTradeSourceReader(
            RecordedTradeReaderMetrics metrics, Configuration options, SourceReaderContext context) {
        super(() -> new RecordedTradeSplitReader(
                        symbolFilter(options),
                        options.get(RecordedTradeSourceOptions.REPEAT),
                        options.get(RecordedTradeSourceOptions.MAX_LINE_BYTES),
                        options.get(RecordedTradeSourceOptions.FETCH_BATCH),
                        options.get(RecordedTradeSourceOptions.PACE) == RecordedTradeSourceOptions.Pace.RECORDED
                                ? options.get(RecordedTradeSourceOptions.SPEED_FACTOR)
                                : 0,
                        metrics),
                new RecordedTradeRecordEmitter(options.get(RecordedTradeSourceOptions.SYMBOL_COPIES), metrics),
                options,
                context);
    }

    public static RecordedTradeSourceReader create(Configuration options, SourceReaderContext context) {
        return new RecordedTradeSourceReader(new RecordedTradeReaderMetrics(context.metricGroup()), options, context);
    }

    private static Set<String> symbolFilter(Configuration options) {
        List<String> symbols = options.getOptional(RecordedTradeSourceOptions.SYMBOLS).orElse(null);
        return symbols == null ? null : new HashSet<>(symbols);
    }

    @Override
    protected void onSplitFinished(Map<String, RecordingSplitState> finishedSplitIds) {
        // bounded: the enumerator has no more splits to give once these are done
    }

    @Override
    protected RecordingSplitState initializedState(RecordingSplit split) {
        return new RecordingSplitState(split);
    }

    @Override
    protected RecordingSplit toSplitType(String splitId, RecordingSplitState state) {
        return state.toSplit();
    }
}
