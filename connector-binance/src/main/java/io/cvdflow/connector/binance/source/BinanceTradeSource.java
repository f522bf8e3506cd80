package io.cvdflow.connector.binance.source;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.source.enumerator.BinanceEnumState;
import io.cvdflow.connector.binance.source.enumerator.BinanceEnumStateSerializer;
import io.cvdflow.connector.binance.source.enumerator.BinanceSourceEnumerator;
import io.cvdflow.connector.binance.source.enumerator.ExchangeInfoDiscovery;
import io.cvdflow.connector.binance.source.enumerator.StaticSymbolList;
import io.cvdflow.connector.binance.source.enumerator.SymbolDiscovery;
import io.cvdflow.connector.binance.source.reader.BinanceSourceReader;
import io.cvdflow.connector.binance.source.reader.BinanceSourceReaderMetrics;
import io.cvdflow.connector.binance.source.reader.BinanceSplitReader;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplitSerializer;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The live, unbounded source of Binance USD-M futures trades: every trade ID of every symbol exactly once and in
 * order, across reconnects, rotations and restores (within Binance's REST history), as {@link FeedEvent}s:
 * trades (record timestamp = trade time), dead letters for malformed frames, and gap reports (backfilled from
 * REST, or unrecoverable with the exact ID range).
 *
 * <pre>{@code
 * BinanceTradeSource source = BinanceTradeSource.builder()
 *     .setSymbols("BTCUSDT", "ETHUSDT")
 *     .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "binance");
 * }</pre>
 *
 * <p>One split per symbol; see {@link BinanceTradeSourceBuilder} and {@link BinanceSourceOptions} for settings.
 */
@PublicEvolving
public final class BinanceTradeSource
        implements Source<FeedEvent, BinanceSymbolSplit, BinanceEnumState>, ResultTypeQueryable<FeedEvent> {
    private static final long serialVersionUID = 1L;

    private final Configuration config;

    BinanceTradeSource(Configuration config) {
        this.config = config;
    }

    public static BinanceTradeSourceBuilder builder() {
        return new BinanceTradeSourceBuilder();
    }

    /** A copy of the settings. */
    public Configuration getConfiguration() {
        return new Configuration(config);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Internal
    @Override
    public SourceReader<FeedEvent, BinanceSymbolSplit> createReader(SourceReaderContext readerContext) {
        BinanceSourceReaderMetrics metrics = new BinanceSourceReaderMetrics(readerContext.metricGroup());
        return new BinanceSourceReader(
                () -> new BinanceSplitReader(config, readerContext.getIndexOfSubtask(), metrics),
                config,
                readerContext);
    }

    @Internal
    @Override
    public SplitEnumerator<BinanceSymbolSplit, BinanceEnumState> createEnumerator(
            SplitEnumeratorContext<BinanceSymbolSplit> enumContext) {
        return restoreEnumerator(enumContext, BinanceEnumState.empty());
    }

    @Internal
    @Override
    public SplitEnumerator<BinanceSymbolSplit, BinanceEnumState> restoreEnumerator(
            SplitEnumeratorContext<BinanceSymbolSplit> enumContext, BinanceEnumState checkpoint) {
        return new BinanceSourceEnumerator(
                enumContext,
                discovery(),
                config.get(BinanceSourceOptions.STREAM_TYPE),
                config.get(BinanceSourceOptions.DISCOVERY_INTERVAL).toMillis(),
                checkpoint);
    }

    private SymbolDiscovery discovery() {
        if (config.get(BinanceSourceOptions.DISCOVERY_ENABLED)) {
            return new ExchangeInfoDiscovery(
                    config.get(BinanceSourceOptions.REST_URL),
                    config.get(BinanceSourceOptions.DISCOVERY_STATUS),
                    config.get(BinanceSourceOptions.DISCOVERY_CONTRACT_TYPE),
                    config.get(BinanceSourceOptions.DISCOVERY_QUOTE_ASSET),
                    config.get(BinanceSourceOptions.REST_REQUEST_TIMEOUT));
        }
        return new StaticSymbolList(config.get(BinanceSourceOptions.SYMBOLS));
    }

    @Internal
    @Override
    public SimpleVersionedSerializer<BinanceSymbolSplit> getSplitSerializer() {
        return new BinanceSymbolSplitSerializer();
    }

    @Internal
    @Override
    public SimpleVersionedSerializer<BinanceEnumState> getEnumeratorCheckpointSerializer() {
        return new BinanceEnumStateSerializer();
    }

    @Override
    public TypeInformation<FeedEvent> getProducedType() {
        return TypeInformation.of(FeedEvent.class);
    }
}
