package io.cvdflow.connector.binance.testutils.fakeexchange;

import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.server.WebSocketServer;

import java.nio.ByteBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exchange's side of one WebSocket connection.
 *
 * <p>Trade frames are queued while the {@link Market} publishes and written with one buffer per batch
 * ({@link #flush}), straight into the connection's outgoing queue: the frames on the wire are the same as with
 * {@link WebSocket#send(String)}, without a selector wake-up and a socket write for each one, so the exchange keeps
 * up with tens of thousands of trades per second on a small machine.
 */
final class StreamConnection {
    private static final long ONE_SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int RETAINED_BUFFER_BYTES = 1 << 20;

    final long id;
    final WebSocket socket;
    private final WebSocketServer server;
    final String resource;
    final boolean routed;
    final boolean combined;
    /** Subscribed streams, in order of subscription. Guarded by the {@link Market}. */
    final Set<String> streams = new LinkedHashSet<>();

    private final Counters counters;
    private final AtomicLong tradeFramesSent = new AtomicLong();
    private final AtomicLong framesWithheld = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong pingsSent = new AtomicLong();
    private final AtomicLong pongsReceived = new AtomicLong();
    /** Arrival times of the last incoming messages, in a circle, for the per-second limit. */
    private final long[] recentMessages;
    private int recentNext;
    private int recentCount;
    /** Encoded trade frames not yet handed to the socket; guarded by the {@link Market}. */
    private byte[] pending = new byte[4096];
    private int pendingLength;

    private volatile boolean stalled;
    /** When the oldest unanswered ping was sent, or 0. */
    private volatile long unansweredPingSinceNanos;
    /** Set when the exchange starts closing the connection, before the close completes. */
    private volatile CloseCause intendedCause;
    private volatile int intendedCode = -1;
    private volatile CloseCause closeCause;
    private volatile int closeCode = -1;
    private volatile ScheduledFuture<?> lifetimeClose;

    StreamConnection(long id, WebSocket socket, WebSocketServer server, String resource, boolean routed,
            boolean combined, Counters counters, int maxMessagesPerSecond) {
        this.id = id;
        this.socket = socket;
        this.server = server;
        this.resource = resource;
        this.routed = routed;
        this.combined = combined;
        this.counters = counters;
        this.recentMessages = new long[maxMessagesPerSecond];
    }

    /**
     * Queues an encoded trade frame ({@link WireFormat#textFrame}) until {@link #flush}; returns true if it is the
     * first since the last flush. The caller holds the {@link Market} lock.
     */
    boolean queueTradeFrame(byte[] frame) {
        if (stalled) {
            withhold();
            return false;
        }
        if (pendingLength + frame.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + frame.length));
        }
        System.arraycopy(frame, 0, pending, pendingLength, frame.length);
        pendingLength += frame.length;
        tradeFramesSent.incrementAndGet();
        counters.increment(ExchangeCounter.TRADE_FRAMES_SENT);
        return pendingLength == frame.length;
    }

    /** Hands the queued trade frames to the socket as one buffer. The caller holds the {@link Market} lock. */
    void flush() {
        if (pendingLength == 0) {
            return;
        }
        if (socket.isOpen()) {
            ((WebSocketImpl) socket).outQueue.add(ByteBuffer.wrap(Arrays.copyOf(pending, pendingLength)));
            server.onWriteDemand(socket);
        }
        pendingLength = 0;
        if (pending.length > RETAINED_BUFFER_BYTES) {
            pending = new byte[4096];
        }
    }

    void sendMalformed(MalformedFrame kind, String text) {
        if (stalled) {
            withhold();
            return;
        }
        try {
            if (text == null) {
                socket.send(MalformedFrame.garbageBytes());
            } else {
                socket.send(text);
            }
            counters.increment(ExchangeCounter.MALFORMED_FRAMES_SENT);
        } catch (WebsocketNotConnectedException closing) {
            // the connection is going away: nothing to deliver to
        }
    }

    /** Sends a response unless stalled. */
    void send(String text) {
        if (stalled) {
            withhold();
            return;
        }
        try {
            socket.send(text);
        } catch (WebsocketNotConnectedException closing) {
            // the connection is going away: nothing to deliver to
        }
    }

    private void withhold() {
        framesWithheld.incrementAndGet();
        counters.increment(ExchangeCounter.FRAMES_WITHHELD);
    }

    /** Counts an incoming message; false if it is one more than the per-second limit allows. */
    synchronized boolean admitIncoming(long nowNanos) {
        messagesReceived.incrementAndGet();
        if (recentCount == recentMessages.length && nowNanos - recentMessages[recentNext] < ONE_SECOND_NANOS) {
            return false;
        }
        recentMessages[recentNext] = nowNanos;
        recentNext = (recentNext + 1) % recentMessages.length;
        recentCount = Math.min(recentCount + 1, recentMessages.length);
        return true;
    }

    boolean isStalled() {
        return stalled;
    }

    void setStalled(boolean stalled) {
        this.stalled = stalled;
    }

    /** Sends a ping unless stalled. */
    boolean ping(long nowNanos) {
        if (stalled || !socket.isOpen()) {
            return false;
        }
        try {
            socket.sendPing();
        } catch (WebsocketNotConnectedException closing) {
            return false;
        }
        if (unansweredPingSinceNanos == 0) {
            unansweredPingSinceNanos = nowNanos;
        }
        pingsSent.incrementAndGet();
        counters.increment(ExchangeCounter.PINGS_SENT);
        return true;
    }

    void pongReceived() {
        unansweredPingSinceNanos = 0;
        pongsReceived.incrementAndGet();
        counters.increment(ExchangeCounter.PONGS_RECEIVED);
    }

    /** Nanoseconds the oldest unanswered ping has waited, or 0. */
    long pingWaitNanos(long nowNanos) {
        long since = unansweredPingSinceNanos;
        return since == 0 ? 0 : nowNanos - since;
    }

    void setLifetimeClose(ScheduledFuture<?> task) {
        this.lifetimeClose = task;
    }

    /** Closes with a close frame. */
    void close(CloseCause cause, int code, String reason) {
        intendedCode = code;
        intendedCause = cause;
        socket.close(code, reason);
    }

    /** Cuts the TCP connection without a close frame. */
    void cut() {
        intendedCode = CloseFrame.ABNORMAL_CLOSE;
        intendedCause = CloseCause.FAULT_ABNORMAL_CLOSE;
        socket.closeConnection(CloseFrame.ABNORMAL_CLOSE, "connection cut by the fake exchange");
    }

    void closed(int code) {
        closeCode = code;
        CloseCause intended = intendedCause;
        closeCause = intended != null ? intended : CloseCause.CLIENT;
        ScheduledFuture<?> task = lifetimeClose;
        if (task != null) {
            task.cancel(false);
        }
    }

    boolean isOpen() {
        return closeCause == null && socket.isOpen();
    }

    /**
     * Takes a snapshot; the caller holds the {@link Market} lock, which guards {@link #streams}. A connection the
     * exchange is closing shows as closed, with its cause and code, at once.
     */
    ConnectionStats stats() {
        CloseCause cause = closeCause != null ? closeCause : intendedCause;
        int code = closeCode >= 0 ? closeCode : intendedCode;
        return new ConnectionStats(id, resource, routed, combined, new ArrayList<>(streams), cause == null && isOpen(),
                stalled, tradeFramesSent.get(), framesWithheld.get(), messagesReceived.get(), pingsSent.get(),
                pongsReceived.get(), cause, code);
    }
}
