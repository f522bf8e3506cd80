package io.cvdflow.connector.binance.source;

import io.cvdflow.connector.binance.parse.BinanceSymbol;
import io.cvdflow.connector.binance.source.reader.AggTradesClient;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link BinanceTradeSource}. Choose the symbols with {@link #setSymbols} or {@link #setSymbolDiscovery};
 * everything else has defaults (see {@link BinanceSourceOptions}).
 */
@PublicEvolving
public final class BinanceTradeSourceBuilder {
    private final Configuration config = new Configuration();

    BinanceTradeSourceBuilder() {}

    /** Streams exactly these symbols (any case). */
    public BinanceTradeSourceBuilder setSymbols(String... symbols) {
        return setSymbols(Arrays.asList(symbols));
    }

    public BinanceTradeSourceBuilder setSymbols(List<String> symbols) {
        config.set(BinanceSourceOptions.SYMBOLS, new ArrayList<>(symbols));
        return this;
    }

    /**
     * Streams every symbol of {@code exchangeInfo} with this status, contract type and quote asset (an empty or
     * null filter matches all), for example {@code ("TRADING", "PERPETUAL", "USDT")}, re-read every discovery
     * interval.
     */
    public BinanceTradeSourceBuilder setSymbolDiscovery(String status, String contractType, String quoteAsset) {
        config.set(BinanceSourceOptions.DISCOVERY_ENABLED, true);
        config.set(BinanceSourceOptions.DISCOVERY_STATUS, status == null ? "" : status);
        config.set(BinanceSourceOptions.DISCOVERY_CONTRACT_TYPE, contractType == null ? "" : contractType);
        config.set(BinanceSourceOptions.DISCOVERY_QUOTE_ASSET, quoteAsset == null ? "" : quoteAsset);
        return this;
    }

    public BinanceTradeSourceBuilder setDiscoveryInterval(Duration interval) {
        return setOption(BinanceSourceOptions.DISCOVERY_INTERVAL, interval);
    }

    public BinanceTradeSourceBuilder setStreamType(StreamType streamType) {
        return setOption(BinanceSourceOptions.STREAM_TYPE, streamType);
    }

    /** WebSocket base URL, such as {@code wss://fstream.binance.com/market}. */
    public BinanceTradeSourceBuilder setWebSocketUrl(String url) {
        return setOption(BinanceSourceOptions.WS_URL, url);
    }

    /** REST base URL, such as {@code https://fapi.binance.com}. */
    public BinanceTradeSourceBuilder setRestUrl(String url) {
        return setOption(BinanceSourceOptions.REST_URL, url);
    }

    public BinanceTradeSourceBuilder setStreamsPerConnection(int streams) {
        return setOption(BinanceSourceOptions.STREAMS_PER_CONNECTION, streams);
    }

    public BinanceTradeSourceBuilder setReconnectBackoff(Duration initial, Duration max, double jitter) {
        config.set(BinanceSourceOptions.RECONNECT_BACKOFF_INITIAL, initial);
        config.set(BinanceSourceOptions.RECONNECT_BACKOFF_MAX, max);
        config.set(BinanceSourceOptions.RECONNECT_BACKOFF_JITTER, jitter);
        return this;
    }

    public BinanceTradeSourceBuilder setStallTimeout(Duration timeout) {
        return setOption(BinanceSourceOptions.STALL_TIMEOUT, timeout);
    }

    /** Replaces connections at {@code age}, running old and new side by side for {@code overlap}. */
    public BinanceTradeSourceBuilder setRotation(Duration age, Duration overlap) {
        config.set(BinanceSourceOptions.ROTATION_AGE, age);
        config.set(BinanceSourceOptions.ROTATION_OVERLAP, overlap);
        return this;
    }

    public BinanceTradeSourceBuilder setRestWeightBudget(int weightPerMinute) {
        return setOption(BinanceSourceOptions.REST_WEIGHT_BUDGET, weightPerMinute);
    }

    public BinanceTradeSourceBuilder setRestPageLimit(int limit) {
        return setOption(BinanceSourceOptions.REST_PAGE_LIMIT, limit);
    }

    /** Any option of {@link BinanceSourceOptions}. */
    public <T> BinanceTradeSourceBuilder setOption(ConfigOption<T> option, T value) {
        config.set(option, value);
        return this;
    }

    /** Every {@code binance.*} option set in {@code settings}, for example from a job's configuration file. */
    public BinanceTradeSourceBuilder setConfiguration(Configuration settings) {
        config.addAll(settings);
        return this;
    }

    public BinanceTradeSource build() {
        boolean discovery = config.get(BinanceSourceOptions.DISCOVERY_ENABLED);
        List<String> symbols = config.getOptional(BinanceSourceOptions.SYMBOLS).orElse(List.of());
        if (discovery == !symbols.isEmpty()) {
            throw new IllegalArgumentException(
                    "Choose the symbols: set either binance.symbols or binance.discovery.enabled, not "
                            + (discovery ? "both" : "neither"));
        }
        for (String symbol : symbols) {
            if (BinanceSymbol.normalize(symbol.trim()) == null) {
                throw new IllegalArgumentException(
                        "Symbol \"" + symbol + "\" does not match " + BinanceSymbol.PATTERN);
            }
        }
        checkUrl(BinanceSourceOptions.WS_URL, "ws", "wss");
        checkUrl(BinanceSourceOptions.REST_URL, "http", "https");
        checkRange(BinanceSourceOptions.STREAMS_PER_CONNECTION, 1, 1024);
        checkRange(BinanceSourceOptions.WS_MESSAGES_PER_SECOND, 1, 10);
        checkRange(BinanceSourceOptions.REST_PAGE_LIMIT, 1, 1000);
        checkRange(BinanceSourceOptions.REST_WEIGHT_BUDGET, AggTradesClient.WEIGHT, Integer.MAX_VALUE);
        for (ConfigOption<Duration> option : List.of(
                BinanceSourceOptions.DISCOVERY_INTERVAL,
                BinanceSourceOptions.CONNECT_TIMEOUT,
                BinanceSourceOptions.RECONNECT_BACKOFF_INITIAL,
                BinanceSourceOptions.RECONNECT_BACKOFF_MAX,
                BinanceSourceOptions.STALL_TIMEOUT,
                BinanceSourceOptions.ROTATION_AGE,
                BinanceSourceOptions.ROTATION_OVERLAP,
                BinanceSourceOptions.REST_REQUEST_TIMEOUT,
                BinanceSourceOptions.CATCH_UP_TIMEOUT,
                BinanceSourceOptions.BACKFILL_GIVE_UP)) {
            if (config.get(option).isNegative() || config.get(option).isZero()) {
                throw new IllegalArgumentException(option.key() + " must be positive: " + config.get(option));
            }
        }
        if (config.get(BinanceSourceOptions.RESYNC_DELAY).isNegative()) {
            throw new IllegalArgumentException(BinanceSourceOptions.RESYNC_DELAY.key() + " must not be negative");
        }
        if (config.get(BinanceSourceOptions.RECONNECT_BACKOFF_MAX)
                .compareTo(config.get(BinanceSourceOptions.RECONNECT_BACKOFF_INITIAL)) < 0) {
            throw new IllegalArgumentException("binance.reconnect.backoff.max must not be below the initial delay");
        }
        double jitter = config.get(BinanceSourceOptions.RECONNECT_BACKOFF_JITTER);
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("binance.reconnect.backoff.jitter must be in [0, 1]: " + jitter);
        }
        if (config.get(BinanceSourceOptions.ROTATION_OVERLAP)
                .compareTo(config.get(BinanceSourceOptions.ROTATION_AGE)) >= 0) {
            throw new IllegalArgumentException("binance.rotation.overlap must be shorter than binance.rotation.age");
        }
        return new BinanceTradeSource(new Configuration(config));
    }

    private void checkUrl(ConfigOption<String> option, String... schemes) {
        String url = config.get(option);
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option.key() + " is not a URL: " + url, e);
        }
        if (uri.getHost() == null || !Arrays.asList(schemes).contains(uri.getScheme())) {
            throw new IllegalArgumentException(
                    option.key() + " must be a " + String.join(" or ", schemes) + " URL: " + url);
        }
    }

    private void checkRange(ConfigOption<Integer> option, int min, int max) {
        int value = config.get(option);
        if (value < min || value > max) {
            throw new IllegalArgumentException(option.key() + " must be in [" + min + ", " + max + "]: " + value);
        }
    }
}
