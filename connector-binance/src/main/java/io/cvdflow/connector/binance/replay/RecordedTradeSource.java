package io.cvdflow.connector.binance.replay;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.replay.enumerator.RecordedTradeEnumState;
import io.cvdflow.connector.binance.replay.enumerator.RecordedTradeEnumStateSerializer;
import io.cvdflow.connector.binance.replay.enumerator.RecordedTradeEnumerator;
import io.cvdflow.connector.binance.replay.enumerator.RecordingSplitPlanner;
import io.cvdflow.connector.binance.replay.reader.RecordedTradeSourceReader;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;
import io.cvdflow.connector.binance.replay.split.RecordingSplitSerializer;

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

import java.util.List;

/**
 * A bounded source replaying recorded Binance trades (every format {@link
 * io.cvdflow.connector.binance.parse.RecordedFileReader} reads) from files and directories as {@link
 * FeedEvent}s: trades with their event time as timestamp, dead letters, and gaps ({@code DETECTED}) where a
 * symbol's IDs jump. Files sharing a symbol form one split, read in file-name order, so each symbol's IDs are
 * checked in order and duplicates become dead letters. Checkpoints hold the file, line and per-symbol last ID
 * of every split, so a restore neither loses nor repeats a trade.
 *
 * <pre>{@code
 * RecordedTradeSource source = RecordedTradeSource.builder()
 *         .paths("/data/recordings")
 *         .symbols("BTCUSDT", "ETHUSDT")
 *         .recordedPace(10.0)
 *         .build();
 * env.fromSource(source, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(1)), "replay");
 * }</pre>
 *
 * <p>{@link RecordedTradeSourceBuilder#repeat(int)} and {@link RecordedTradeSourceBuilder#symbolCopies(int)}
 * produce DERIVED data for benchmarks and scale tests, not recordings.
 */
@PublicEvolving
public final class RecordedTradeSource
        implements Source<FeedEvent, RecordingSplit, RecordedTradeEnumState>, ResultTypeQueryable<FeedEvent> {
    private static final long serialVersionUID = 1L;

    private final Configuration options;

    RecordedTradeSource(Configuration options) {
        this.options = new Configuration(options);
    }

    public static RecordedTradeSourceBuilder builder() {
        return new RecordedTradeSourceBuilder();
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<FeedEvent, RecordingSplit> createReader(SourceReaderContext readerContext) {
        return RecordedTradeSourceReader.create(options, readerContext);
    }

    @Override
    public SplitEnumerator<RecordingSplit, RecordedTradeEnumState> createEnumerator(
            SplitEnumeratorContext<RecordingSplit> context) {
        return restoreEnumerator(context, new RecordedTradeEnumState(false, List.of()));
    }

    @Override
    public SplitEnumerator<RecordingSplit, RecordedTradeEnumState> restoreEnumerator(
            SplitEnumeratorContext<RecordingSplit> context, RecordedTradeEnumState checkpoint) {
        return new RecordedTradeEnumerator(context, planner(), checkpoint);
    }

    /** The planner of this source's splits. */
    public RecordingSplitPlanner planner() {
        return new RecordingSplitPlanner(
                options.get(RecordedTradeSourceOptions.PATHS),
                options.get(RecordedTradeSourceOptions.INCLUDE_GLOB),
                options.get(RecordedTradeSourceOptions.SNIFF_TRADES),
                options.get(RecordedTradeSourceOptions.SNIFF_MAX_LINES));
    }

    @Override
    public SimpleVersionedSerializer<RecordingSplit> getSplitSerializer() {
        return RecordingSplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<RecordedTradeEnumState> getEnumeratorCheckpointSerializer() {
        return new RecordedTradeEnumStateSerializer();
    }

    @Override
    public TypeInformation<FeedEvent> getProducedType() {
        return TypeInformation.of(FeedEvent.class);
    }
}
