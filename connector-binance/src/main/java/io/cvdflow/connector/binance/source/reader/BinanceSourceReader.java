package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.source.enumerator.ReleaseSymbolsEvent;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplitState;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The live source's reader: one fetcher thread runs a {@link BinanceSplitReader} over all splits. Releases from the
 * enumerator become split removals on the fetcher; a released split leaves the checkpoint at once, although the
 * fetcher reports it finished a moment later.
 */
@Internal
public final class BinanceSourceReader
        extends SingleThreadMultiplexSourceReaderBase<FeedEvent, FeedEvent, BinanceSymbolSplit, BinanceSymbolSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceSourceReader.class);

    /** Splits of this reader by symbol (fetcher splits may be a moment behind). */
    private final Map<String, BinanceSymbolSplit> assigned = new HashMap<>();
    private final Map<String, BinanceSymbolSplit> releasing = new HashMap<>();

    public BinanceSourceReader(
            Supplier<BinanceSplitReader> splitReaderSupplier, Configuration config, SourceReaderContext context) {
        super(splitReaderSupplier::get, new BinanceRecordEmitter(), config, context);
    }

    @Override
    public void addSplits(List<BinanceSymbolSplit> splits) {
        for (BinanceSymbolSplit split : splits) {
            assigned.put(split.symbol(), split);
            releasing.remove(split.splitId());
        }
        super.addSplits(splits);
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
        if (!(event instanceof ReleaseSymbolsEvent)) {
            super.handleSourceEvents(event);
            return;
        }
        List<BinanceSymbolSplit> removed = new ArrayList<>();
        for (String symbol : ((ReleaseSymbolsEvent) event).symbols()) {
            BinanceSymbolSplit split = assigned.remove(symbol);
            if (split != null) {
                removed.add(split);
                releasing.put(split.splitId(), split);
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("Releasing {}", removed.stream().map(BinanceSymbolSplit::symbol).collect(Collectors.toList()));
            splitFetcherManager.removeSplits(removed);
        }
    }

    @Override
    public List<BinanceSymbolSplit> snapshotState(long checkpointId) {
        List<BinanceSymbolSplit> splits = super.snapshotState(checkpointId);
        if (releasing.isEmpty()) {
            return splits;
        }
        List<BinanceSymbolSplit> kept = new ArrayList<>(splits.size());
        for (BinanceSymbolSplit split : splits) {
            if (!releasing.containsKey(split.splitId())) {
                kept.add(split);
            }
        }
        return kept;
    }

    @Override
    protected void onSplitFinished(Map<String, BinanceSymbolSplitState> finishedSplitIds) {
        finishedSplitIds.keySet().forEach(releasing::remove);
    }

    @Override
    protected BinanceSymbolSplitState initializedState(BinanceSymbolSplit split) {
        return new BinanceSymbolSplitState(split);
    }

    @Override
    protected BinanceSymbolSplit toSplitType(String splitId, BinanceSymbolSplitState state) {
        return state.toSplit();
    }
}
