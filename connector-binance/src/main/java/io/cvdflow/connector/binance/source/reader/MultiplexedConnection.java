package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.source.reader.BinanceSourceReaderMetrics.ConnectionMetrics;

import org.apache.flink.annotation.Internal;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A logical combined-stream connection: up to {@code streams-per-connection} symbols over one WebSocket. It
 * outlives its physical sessions: a reconnect replaces {@link #current}; a rotation opens a {@link #successor},
 * runs both for the overlap, then promotes it. Touched by the fetch thread only.
 */
@Internal
final class MultiplexedConnection {
    final int id;
    /** Dead-letter origin of its frames. */
    final String origin;
    final ConnectionMetrics metrics;
    /** The symbols it should carry; sessions converge on this set by SUBSCRIBE/UNSUBSCRIBE. */
    final Set<String> symbols = new LinkedHashSet<>();
    final ExponentialBackoff backoff;

    WebSocketSession current;
    WebSocketSession successor;
    /** When {@link #current} is null: when to connect again. */
    long reconnectAtNanos;
    /** Earliest time for the next rotation attempt (after a failed one). */
    long rotationNotBeforeNanos;
    /** Incremented whenever {@link #symbols} changes, so sessions know when to reconcile. */
    int symbolsVersion;

    MultiplexedConnection(int id, ConnectionMetrics metrics, ExponentialBackoff backoff) {
        this.id = id;
        this.origin = "ws:conn-" + id;
        this.metrics = metrics;
        this.backoff = backoff;
        metrics.registerStreams(symbols::size);
    }

    /** Any symbol it carries: dead letters without a readable symbol are filed under its split. */
    String anySymbol() {
        return symbols.isEmpty() ? null : symbols.iterator().next();
    }

    /** Whether a frame of this session is from a rotation successor while the old session still runs. */
    boolean isOverlapSuccessor(WebSocketSession session) {
        return session == successor && current != null && current.isOpen();
    }
}
