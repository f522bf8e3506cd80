package io.cvdflow.connector.binance.source.reader;

import org.apache.flink.annotation.Internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One physical WebSocket connection (one attempt of a {@link MultiplexedConnection}). Its JDK listener only
 * time-stamps and queues what arrives; the fetch thread does the rest. The JDK client answers server pings with
 * pongs by itself.
 *
 * <p>Flow control: the listener asks for the next message only while the inbox is below its high-water mark; past
 * it the session pauses and the fetch thread resumes it after draining, so a slow pipeline pushes back on the
 * socket instead of filling the heap.
 */
@Internal
public final class WebSocketSession implements WebSocket.Listener {
    static final int INBOX_HIGH_WATER = 200_000;

    /**
     * A complete message as UTF-8 bytes, encoded on the I/O thread so that the fetch thread only parses. Binance
     * sends text; a binary message (from a misbehaving server) is passed on as it is.
     */
    static final class Frame {
        final WebSocketSession session;
        final byte[] bytes;
        final long receivedAtNanos;

        Frame(WebSocketSession session, byte[] bytes, long receivedAtNanos) {
            this.session = session;
            this.bytes = bytes;
            this.receivedAtNanos = receivedAtNanos;
        }
    }

    /** The handshake completed. */
    static final class Opened {
        final WebSocketSession session;

        Opened(WebSocketSession session) {
            this.session = session;
        }
    }

    /** The connection closed or failed. */
    static final class Ended {
        final WebSocketSession session;
        final String cause;
        final Throwable error;

        Ended(WebSocketSession session, String cause, Throwable error) {
            this.session = session;
            this.cause = cause;
            this.error = error;
        }
    }

    final MultiplexedConnection connection;
    final URI uri;
    /** Streams this session carries (symbols), as far as sent; touched by the fetch thread only. */
    final Set<String> subscribed;
    final MessageRateLimiter limiter;

    private final BlockingQueue<Object> inbox;
    private final Queue<WebSocketSession> paused;
    private volatile WebSocket socket;
    private volatile long lastMessageNanos;
    private volatile boolean flowPaused;

    // fetch thread only
    long openedAtNanos = -1;
    long lastPingNanos;
    /** The connection's {@link MultiplexedConnection#symbolsVersion} this session last converged on. */
    int reconciledVersion;
    boolean dataSeen;
    boolean silenceReported;
    boolean discarded;
    private CompletableFuture<WebSocket> pendingSend;

    // listener thread only (the JDK calls a listener sequentially)
    private StringBuilder partialText;
    private ByteArrayOutputStream partialBinary;

    WebSocketSession(MultiplexedConnection connection, URI uri, Set<String> symbols, MessageRateLimiter limiter,
            BlockingQueue<Object> inbox, Queue<WebSocketSession> paused, long nowNanos) {
        this.connection = connection;
        this.uri = uri;
        this.subscribed = new LinkedHashSet<>(symbols);
        this.limiter = limiter;
        this.inbox = inbox;
        this.paused = paused;
        this.lastMessageNanos = nowNanos;
    }

    boolean isOpen() {
        return openedAtNanos >= 0 && !discarded;
    }

    long lastMessageNanos() {
        return lastMessageNanos;
    }

    /** Whether a text message or ping could be sent now without waiting for an earlier one. */
    boolean canSend() {
        return socket != null && (pendingSend == null || pendingSend.isDone());
    }

    void sendText(String text) {
        pendingSend = socket.sendText(text, true);
    }

    void sendPing(long nowNanos) {
        lastPingNanos = nowNanos;
        pendingSend = socket.sendPing(ByteBuffer.allocate(0));
    }

    /** Leaves the connection for good and ignores whatever it still delivers. */
    void discard(boolean graceful) {
        discarded = true;
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        if (graceful && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((w, e) -> ws.abort());
        } else {
            ws.abort();
        }
    }

    /** Asks for the next message after the fetch thread drained the inbox. */
    void resumeFlow() {
        if (flowPaused) {
            flowPaused = false;
            WebSocket ws = socket;
            if (ws != null) {
                ws.request(1);
            }
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        lastMessageNanos = System.nanoTime();
        inbox.add(new Opened(this));
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastMessageNanos = System.nanoTime();
        long receivedAtNanos = RestBackfill.epochNanos();
        if (!last) {
            if (partialText == null) {
                partialText = new StringBuilder(data.length() * 2);
            }
            partialText.append(data);
            webSocket.request(1);
            return null;
        }
        String text;
        if (partialText != null && partialText.length() > 0) {
            text = partialText.append(data).toString();
            partialText.setLength(0);
        } else {
            text = data.toString();
        }
        inbox.add(new Frame(this, text.getBytes(StandardCharsets.UTF_8), receivedAtNanos));
        requestNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        lastMessageNanos = System.nanoTime();
        if (partialBinary == null) {
            partialBinary = new ByteArrayOutputStream();
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.write(chunk, 0, chunk.length);
        if (last) {
            byte[] bytes = partialBinary.toByteArray();
            partialBinary.reset();
            inbox.add(new Frame(this, bytes, RestBackfill.epochNanos()));
            requestNext(webSocket);
        } else {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastMessageNanos = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        lastMessageNanos = System.nanoTime();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        inbox.add(new Ended(this, "closed by the server with " + statusCode
                + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"), null));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        inbox.add(new Ended(this, "failed: " + error, error));
    }

    /** Called when the handshake fails; the listener's callbacks never run then. */
    void connectFailed(Throwable error) {
        inbox.add(new Ended(this, "could not connect: " + rootMessage(error), error));
    }

    private void requestNext(WebSocket webSocket) {
        if (inbox.size() < INBOX_HIGH_WATER) {
            webSocket.request(1);
        } else {
            flowPaused = true;
            paused.add(this);
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    @Override
    public String toString() {
        return "session of connection " + connection.id + " to " + uri.getHost() + ":" + uri.getPort();
    }
}
