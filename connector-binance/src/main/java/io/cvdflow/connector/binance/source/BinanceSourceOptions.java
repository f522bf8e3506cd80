package io.cvdflow.connector.binance.source;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

import java.time.Duration;
import java.util.List;

/** Every setting of {@link BinanceTradeSource}. The builder fills them; they can also be set by key. */
@PublicEvolving
public final class BinanceSourceOptions {

    public static final ConfigOption<List<String>> SYMBOLS =
            ConfigOptions.key("binance.symbols")
                    .stringType()
                    .asList()
                    .noDefaultValue()
                    .withDescription("Explicit symbols to stream, for example BTCUSDT;ETHUSDT. "
                            + "Leave unset and enable discovery to stream every symbol exchangeInfo lists.");

    public static final ConfigOption<Boolean> DISCOVERY_ENABLED =
            ConfigOptions.key("binance.discovery.enabled")
                    .booleanType()
                    .defaultValue(false)
                    .withDescription("Discover the symbols from /fapi/v1/exchangeInfo, filtered by status, "
                            + "contract type and quote asset, and re-read them every discovery interval.");

    public static final ConfigOption<String> DISCOVERY_STATUS =
            ConfigOptions.key("binance.discovery.status")
                    .stringType()
                    .defaultValue("TRADING")
                    .withDescription("Discovery keeps symbols with this status; empty keeps all.");

    public static final ConfigOption<String> DISCOVERY_CONTRACT_TYPE =
            ConfigOptions.key("binance.discovery.contract-type")
                    .stringType()
                    .defaultValue("PERPETUAL")
                    .withDescription("Discovery keeps symbols with this contractType; empty keeps all.");

    public static final ConfigOption<String> DISCOVERY_QUOTE_ASSET =
            ConfigOptions.key("binance.discovery.quote-asset")
                    .stringType()
                    .defaultValue("USDT")
                    .withDescription("Discovery keeps symbols with this quoteAsset; empty keeps all.");

    public static final ConfigOption<Duration> DISCOVERY_INTERVAL =
            ConfigOptions.key("binance.discovery.interval")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription("How often discovery re-reads exchangeInfo. New symbols start streaming "
                            + "within one interval, removed ones are released.");

    public static final ConfigOption<StreamType> STREAM_TYPE =
            ConfigOptions.key("binance.stream-type")
                    .enumType(StreamType.class)
                    .defaultValue(StreamType.AGG_TRADE)
                    .withDescription("aggTrade (default; gaps are repaired from REST) or trade "
                            + "(raw trades; gaps are reported as unrecoverable).");

    public static final ConfigOption<String> WS_URL =
            ConfigOptions.key("binance.ws-url")
                    .stringType()
                    .defaultValue("wss://fstream.binance.com/market")
                    .withDescription("WebSocket base URL; combined streams are opened at <url>/stream?streams=... "
                            + "Since 2026-04-23 aggTrade is only served under the routed /market path.");

    public static final ConfigOption<String> REST_URL =
            ConfigOptions.key("binance.rest-url")
                    .stringType()
                    .defaultValue("https://fapi.binance.com")
                    .withDescription("REST base URL for exchangeInfo and the aggTrades backfill.");

    public static final ConfigOption<Integer> STREAMS_PER_CONNECTION =
            ConfigOptions.key("binance.streams-per-connection")
                    .intType()
                    .defaultValue(200)
                    .withDescription("Most streams multiplexed over one WebSocket connection.");

    public static final ConfigOption<Integer> WS_MESSAGES_PER_SECOND =
            ConfigOptions.key("binance.ws.messages-per-second")
                    .intType()
                    .defaultValue(5)
                    .withDescription("Most messages (SUBSCRIBE, UNSUBSCRIBE, ping) sent per second and connection. "
                            + "Binance disconnects above 10; the default leaves room for automatic pongs.");

    public static final ConfigOption<Duration> CONNECT_TIMEOUT =
            ConfigOptions.key("binance.connect-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Timeout of a WebSocket handshake.");

    public static final ConfigOption<Duration> RECONNECT_BACKOFF_INITIAL =
            ConfigOptions.key("binance.reconnect.backoff.initial")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDescription("First delay before reconnecting; it doubles per failed attempt.");

    public static final ConfigOption<Duration> RECONNECT_BACKOFF_MAX =
            ConfigOptions.key("binance.reconnect.backoff.max")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription("Longest delay between reconnect attempts.");

    public static final ConfigOption<Double> RECONNECT_BACKOFF_JITTER =
            ConfigOptions.key("binance.reconnect.backoff.jitter")
                    .doubleType()
                    .defaultValue(0.2)
                    .withDescription("Relative random spread of each backoff delay, in [0, 1].");

    public static final ConfigOption<Duration> STALL_TIMEOUT =
            ConfigOptions.key("binance.stall-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("A connection that receives nothing (data, ping or pong) for this long is "
                            + "reconnected. The source pings every third of it, so a connection carrying only "
                            + "quiet symbols stays alive.");

    public static final ConfigOption<Duration> ROTATION_AGE =
            ConfigOptions.key("binance.rotation.age")
                    .durationType()
                    .defaultValue(Duration.ofHours(23))
                    .withDescription("Age at which a connection is replaced, make-before-break, ahead of "
                            + "Binance's 24-hour limit.");

    public static final ConfigOption<Duration> ROTATION_OVERLAP =
            ConfigOptions.key("binance.rotation.overlap")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("How long the old and the new connection run side by side during a rotation.");

    public static final ConfigOption<Integer> REST_WEIGHT_BUDGET =
            ConfigOptions.key("binance.rest.weight-budget")
                    .intType()
                    .defaultValue(1200)
                    .withDescription("REST request weight per minute this reader may use (Binance's IP limit is "
                            + "quoted as 2400; X-MBX-USED-WEIGHT-1M is watched against this budget).");

    public static final ConfigOption<Integer> REST_PAGE_LIMIT =
            ConfigOptions.key("binance.rest.page-limit")
                    .intType()
                    .defaultValue(1000)
                    .withDescription("limit of one /fapi/v1/aggTrades page (at most 1000).");

    public static final ConfigOption<Duration> REST_REQUEST_TIMEOUT =
            ConfigOptions.key("binance.rest.request-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("Timeout of one REST request.");

    public static final ConfigOption<Duration> RESYNC_DELAY =
            ConfigOptions.key("binance.backfill.resync-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription("After a (re)connect or restore, how long a symbol waits for a live trade "
                            + "that proves continuity before it asks REST for trades it may have missed.");

    public static final ConfigOption<Duration> CATCH_UP_TIMEOUT =
            ConfigOptions.key("binance.backfill.catch-up-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(5))
                    .withDescription("How long to keep asking REST for IDs the live stream has already passed "
                            + "before the remaining range is reported as an unrecoverable gap.");

    public static final ConfigOption<Duration> BACKFILL_GIVE_UP =
            ConfigOptions.key("binance.backfill.give-up-after")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(2))
                    .withDescription("How long one backfill request may keep failing (network errors, HTTP 5xx, "
                            + "429/418 with long Retry-After) before the range it was to fill is reported as an "
                            + "unrecoverable gap, so that the symbol's live trades are not held back any longer.");

    private BinanceSourceOptions() {}
}
