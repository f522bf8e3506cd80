package io.cvdflow.connector.binance.testutils.fakeexchange;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@link java.net.http.WebSocket} client that collects what it receives, for tests against the fake exchange.
 * Pings are answered with pongs by the JDK; binary frames are collected apart from text ones.
 */
public final class CollectingWebSocket implements WebSocket.Listener, AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** What {@link #awaitClose} gives when the connection ended without a close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private final StringBuilder partialText = new StringBuilder();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private WebSocket socket;

    private CollectingWebSocket() {}

    public static CollectingWebSocket connect(URI uri) throws Exception {
        CollectingWebSocket listener = new CollectingWebSocket();
        listener.socket = CLIENT.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, listener)
                .get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return listener;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            texts.add(partialText.toString());
            partialText.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partialBinary.writeBytes(chunk);
        if (last) {
            binaries.add(partialBinary.toByteArray());
            partialBinary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(ABNORMAL_CLOSURE);
    }

    public void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    public void sendPing() throws Exception {
        socket.sendPing(ByteBuffer.allocate(0)).get(5, TimeUnit.SECONDS);
    }

    public void sendPong() throws Exception {
        socket.sendPong(ByteBuffer.allocate(0)).get(5, TimeUnit.SECONDS);
    }

    /** The next text frame, or null if none arrives within {@code timeout}. */
    public String nextText(Duration timeout) throws InterruptedException {
        return texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next {@code n} text frames; fails if they do not all arrive within {@code timeout}. */
    public List<String> texts(int n, Duration timeout) throws InterruptedException, TimeoutException {
        List<String> out = new ArrayList<>(n);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < n) {
            String s = texts.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new TimeoutException("received " + out.size() + " of " + n + " frames: " + out);
            }
            out.add(s);
        }
        return out;
    }

    /** Whatever text frames arrive within {@code quiet} of each other. */
    public List<String> drainTexts(Duration quiet) throws InterruptedException {
        List<String> out = new ArrayList<>();
        String s;
        while ((s = texts.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            out.add(s);
        }
        return out;
    }

    public byte[] nextBinary(Duration timeout) throws InterruptedException {
        return binaries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int pingsReceived() {
        return pings.get();
    }

    /** The close code the server sent (1006 for a connection cut without a close frame); fails after a timeout. */
    public int awaitClose(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
