package io.cvdflow.connector.binance.testutils.fakeexchange;

/** What {@link FakeBinanceExchange#count} counts. */
public enum ExchangeCounter {
    /** WebSocket connections accepted, routed or not. */
    CONNECTIONS_OPENED,
    /** Connections on a URL without the {@code /market} route: acknowledged, never fed. */
    UNROUTED_CONNECTIONS,
    SUBSCRIBE_REQUESTS,
    UNSUBSCRIBE_REQUESTS,
    LIST_SUBSCRIPTIONS_REQUESTS,
    /** Requests answered with an error: not JSON, unknown method, bad parameters. */
    INVALID_REQUESTS,
    /** Connections closed for sending more than the allowed messages per second. */
    RATE_LIMIT_DISCONNECTS,
    /** Connections or subscriptions refused for asking more streams than a connection may have. */
    STREAM_LIMIT_REJECTIONS,
    /** Trade frames ({@code aggTrade} and {@code trade}) written to connections. */
    TRADE_FRAMES_SENT,
    /** Trade frames not sent because of {@link FakeBinanceExchange#dropNextFrames}: in REST, missing on the stream. */
    FRAMES_DROPPED,
    /** Frames not sent to a stalled connection. */
    FRAMES_WITHHELD,
    /** Trades published as lost: on neither the stream nor REST. */
    TRADES_LOST,
    MALFORMED_FRAMES_SENT,
    PINGS_SENT,
    PONGS_RECEIVED,
    /** Connections closed on reaching the maximum connection age (Binance's 24 hours). */
    LIFETIME_CLOSES,
    /** Connections closed for not answering a ping within the pong timeout. */
    PONG_TIMEOUT_CLOSES,
    /** Connections closed by a fault command, cleanly or not. */
    FAULT_CLOSES,
    /** Every HTTP request, answered or not. */
    REST_CALLS,
    /** Answered with 429. */
    REST_THROTTLED,
    /** Answered with 418. */
    REST_BANNED,
    /** Answered with 400 (bad parameters, unknown symbol). */
    REST_BAD_REQUESTS
}
