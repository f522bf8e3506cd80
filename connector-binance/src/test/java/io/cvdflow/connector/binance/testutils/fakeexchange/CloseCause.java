package io.cvdflow.connector.binance.testutils.fakeexchange;

/** Why a connection ended. */
public enum CloseCause {
    /** The client closed it, or the TCP connection broke from its side. */
    CLIENT,
    /** More incoming messages per second than allowed. */
    RATE_LIMIT,
    /** More streams in the URL than a connection may have. */
    STREAM_LIMIT,
    /** The maximum connection age (Binance's 24 hours) was reached, or forced by a command. */
    LIFETIME,
    /** A ping went unanswered for longer than the pong timeout. */
    PONG_TIMEOUT,
    /** {@link FakeBinanceExchange#closeAllConnections}: a close frame with a code. */
    FAULT_CLEAN_CLOSE,
    /** {@link FakeBinanceExchange#dropAllConnections}: the TCP connection cut without a close frame. */
    FAULT_ABNORMAL_CLOSE,
    /** The exchange shut down. */
    SHUTDOWN
}
