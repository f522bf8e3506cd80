package io.cvdflow.connector.binance.replay;

import io.cvdflow.connector.binance.parse.BinanceSymbol;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds a {@link RecordedTradeSource}; only {@link #paths} is required. */
@PublicEvolving
public final class RecordedTradeSourceBuilder {
    private final Configuration options = new Configuration();
    private final List<String> paths = new ArrayList<>();

    RecordedTradeSourceBuilder() {}

    /** Recordings or directories (searched recursively for {@link #includeGlob}). */
    public RecordedTradeSourceBuilder paths(String... paths) {
        this.paths.addAll(Arrays.asList(paths));
        return this;
    }

    public RecordedTradeSourceBuilder paths(Path... paths) {
        for (Path path : paths) {
            this.paths.add(path.toString());
        }
        return this;
    }

    /** Replays only these symbols (case-insensitive). */
    public RecordedTradeSourceBuilder symbols(String... symbols) {
        List<String> canonical = new ArrayList<>();
        for (String symbol : symbols) {
            String s = BinanceSymbol.normalize(symbol);
            if (s == null) {
                throw new IllegalArgumentException("not a symbol (" + BinanceSymbol.PATTERN + "): " + symbol);
            }
            canonical.add(s);
        }
        options.set(RecordedTradeSourceOptions.SYMBOLS, canonical);
        return this;
    }

    public RecordedTradeSourceBuilder includeGlob(String glob) {
        options.set(RecordedTradeSourceOptions.INCLUDE_GLOB, glob);
        return this;
    }

    /** As fast as the job takes it (the default). */
    public RecordedTradeSourceBuilder fullSpeed() {
        options.set(RecordedTradeSourceOptions.PACE, RecordedTradeSourceOptions.Pace.FULL_SPEED);
        return this;
    }

    /** The recorded gaps between trades, divided by {@code speedFactor} (1.0 is real time). */
    public RecordedTradeSourceBuilder recordedPace(double speedFactor) {
        require(speedFactor > 0 && !Double.isInfinite(speedFactor), "speed factor must be positive: " + speedFactor);
        options.set(RecordedTradeSourceOptions.PACE, RecordedTradeSourceOptions.Pace.RECORDED);
        options.set(RecordedTradeSourceOptions.SPEED_FACTOR, speedFactor);
        return this;
    }

    /**
     * DERIVED DATA: replays the input {@code times} times; each pass shifts IDs and times past the previous one,
     * per symbol, so every sequence stays continuous.
     */
    public RecordedTradeSourceBuilder repeat(int times) {
        require(times >= 1, "repeat must be at least 1: " + times);
        options.set(RecordedTradeSourceOptions.REPEAT, times);
        return this;
    }

    /**
     * DERIVED DATA: emits every symbol under {@code copies} names ({@code BTCUSDT}, {@code BTCUSDT_C1}, ...) for
     * scale tests.
     */
    public RecordedTradeSourceBuilder symbolCopies(int copies) {
        require(copies >= 1, "symbol copies must be at least 1: " + copies);
        options.set(RecordedTradeSourceOptions.SYMBOL_COPIES, copies);
        return this;
    }

    public RecordedTradeSourceBuilder sniffTrades(int trades) {
        require(trades >= 1, "sniff trades must be at least 1: " + trades);
        options.set(RecordedTradeSourceOptions.SNIFF_TRADES, trades);
        return this;
    }

    public RecordedTradeSourceBuilder maxLineBytes(int bytes) {
        require(bytes >= 1, "max line bytes must be positive: " + bytes);
        options.set(RecordedTradeSourceOptions.MAX_LINE_BYTES, bytes);
        return this;
    }

    /** Sets any option of {@link RecordedTradeSourceOptions}. */
    public <T> RecordedTradeSourceBuilder setOption(ConfigOption<T> option, T value) {
        options.set(option, value);
        return this;
    }

    public RecordedTradeSource build() {
        List<String> all = new ArrayList<>(paths);
        options.getOptional(RecordedTradeSourceOptions.PATHS).ifPresent(all::addAll);
        require(!all.isEmpty(), "no recordings: set paths(...)");
        Configuration built = new Configuration(options);
        built.set(RecordedTradeSourceOptions.PATHS, all);
        require(built.get(RecordedTradeSourceOptions.REPEAT) >= 1, "repeat must be at least 1");
        require(built.get(RecordedTradeSourceOptions.SYMBOL_COPIES) >= 1, "symbol copies must be at least 1");
        require(built.get(RecordedTradeSourceOptions.FETCH_BATCH) >= 1, "fetch batch must be at least 1");
        double speed = built.get(RecordedTradeSourceOptions.SPEED_FACTOR);
        require(speed > 0 && !Double.isInfinite(speed), "speed factor must be positive: " + speed);
        return new RecordedTradeSource(built);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
