package io.cvdflow.connector.binance.replay;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.util.List;

/** Options of {@link RecordedTradeSource}; set them through {@link RecordedTradeSourceBuilder}. */
@PublicEvolving
public final class RecordedTradeSourceOptions {
    private RecordedTradeSourceOptions() {}

    /** How fast to replay. */
    public enum Pace {
        /** As fast as the job takes it. */
        FULL_SPEED,
        /** The recorded gaps between event times, divided by {@link #SPEED_FACTOR}. */
        RECORDED
    }

    public static final ConfigOption<List<String>> PATHS = ConfigOptions.key("replay.paths")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Recordings and directories (searched recursively) to replay.");

    public static final ConfigOption<List<String>> SYMBOLS = ConfigOptions.key("replay.symbols")
            .stringType()
            .asList()
            .noDefaultValue()
            .withDescription("Replay only these symbols (upper case); all when unset.");

    public static final ConfigOption<String> INCLUDE_GLOB = ConfigOptions.key("replay.include-glob")
            .stringType()
            .defaultValue("*.{gz,zip,csv,json,jsonl,ndjson}")
            .withDescription("Glob on the names of files found in directories; files named directly are always read.");

    public static final ConfigOption<Pace> PACE = ConfigOptions.key("replay.pace")
            .enumType(Pace.class)
            .defaultValue(Pace.FULL_SPEED)
            .withDescription("FULL_SPEED, or RECORDED: sleep by the event-time gaps divided by the speed factor.");

    public static final ConfigOption<Double> SPEED_FACTOR = ConfigOptions.key("replay.speed-factor")
            .doubleType()
            .defaultValue(1.0)
            .withDescription("With pace RECORDED: 2.0 replays twice as fast as recorded.");

    public static final ConfigOption<Integer> REPEAT = ConfigOptions.key("replay.repeat")
            .intType()
            .defaultValue(1)
            .withDescription("DERIVED DATA for benchmarks: replay the input this many times, each pass with IDs "
                    + "and times shifted past the previous one so every sequence stays continuous.");

    public static final ConfigOption<Integer> SYMBOL_COPIES = ConfigOptions.key("replay.symbol-copies")
            .intType()
            .defaultValue(1)
            .withDescription("DERIVED DATA for scale tests: emit every symbol's trades and gaps under this many "
                    + "names: SYMBOL, SYMBOL_C1, SYMBOL_C2, ...");

    public static final ConfigOption<Integer> SNIFF_TRADES = ConfigOptions.key("replay.sniff-trades")
            .intType()
            .defaultValue(1000)
            .withDescription("Trades read from the start of each file at planning to learn its symbols.");

    public static final ConfigOption<Long> SNIFF_MAX_LINES = ConfigOptions.key("replay.sniff-max-lines")
            .longType()
            .defaultValue(200_000L)
            .withDescription("Lines looked at, at most, per file while sniffing its symbols.");

    public static final ConfigOption<Integer> MAX_LINE_BYTES = ConfigOptions.key("replay.max-line-bytes")
            .intType()
            .defaultValue(64 * 1024)
            .withDescription("Longer lines are dead letters (LINE_TOO_LONG); memory per reader is bounded by it.");

    public static final ConfigOption<Integer> FETCH_BATCH = ConfigOptions.key("replay.fetch-batch")
            .intType()
            .defaultValue(2048)
            .withDescription("Records handed from the reading thread to the task per fetch, at most.");
}
