package io.cvdflow.connector.binance.testutils.fakeexchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binance's market-stream WebSocket server on loopback: the routed {@code /market/stream} and {@code /market/ws}
 * endpoints, the unrouted ones that acknowledge and stay silent, the request protocol (SUBSCRIBE, UNSUBSCRIBE,
 * LIST_SUBSCRIPTIONS) and the per-connection limits.
 */
final class MarketStreamServer extends WebSocketServer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Market market;
    private final Counters counters;
    private final ScheduledExecutorService timer;
    private final int maxStreams;
    private final int maxMessagesPerSecond;
    private final Duration maxConnectionAge;
    private final AtomicLong connectionIds = new AtomicLong();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    MarketStreamServer(Market market, Counters counters, ScheduledExecutorService timer, int maxStreams,
            int maxMessagesPerSecond, Duration maxConnectionAge) {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2);
        this.market = market;
        this.counters = counters;
        this.timer = timer;
        this.maxStreams = maxStreams;
        this.maxMessagesPerSecond = maxMessagesPerSecond;
        this.maxConnectionAge = maxConnectionAge;
        setConnectionLostTimeout(0);
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
    }

    /** Where a client asked to connect. */
    static final class Route {
        final boolean routed;
        final boolean combined;
        final List<String> streams;

        private Route(boolean routed, boolean combined, List<String> streams) {
            this.routed = routed;
            this.combined = combined;
            this.streams = streams;
        }

        /** Reads {@code /market/stream?streams=a/b}, {@code /market/ws/a}, their unrouted forms; null if neither. */
        static Route parse(String resource) {
            int q = resource.indexOf('?');
            String path = q < 0 ? resource : resource.substring(0, q);
            String query = q < 0 ? "" : resource.substring(q + 1);
            boolean routed = path.startsWith("/market/");
            if (routed) {
                path = path.substring("/market".length());
            } else if (path.startsWith("/public/") || path.startsWith("/private/")) {
                path = path.substring(path.indexOf('/', 1));
            }
            List<String> streams = new ArrayList<>();
            if (path.equals("/stream")) {
                String list = param(query, "streams");
                if (list != null) {
                    split(list, streams);
                }
                return new Route(routed, true, streams);
            }
            if (path.equals("/ws")) {
                return new Route(routed, false, streams);
            }
            if (path.startsWith("/ws/") && path.length() > 4) {
                streams.add(path.substring(4));
                return new Route(routed, false, streams);
            }
            return null;
        }

        private static String param(String query, String name) {
            int start = 0;
            while (start < query.length()) {
                int amp = query.indexOf('&', start);
                int end = amp < 0 ? query.length() : amp;
                if (query.startsWith(name + "=", start)) {
                    return URLDecoder.decode(query.substring(start + name.length() + 1, end), StandardCharsets.UTF_8);
                }
                start = end + 1;
            }
            return null;
        }

        private static void split(String list, List<String> out) {
            int start = 0;
            while (start < list.length()) {
                int slash = list.indexOf('/', start);
                int end = slash < 0 ? list.length() : slash;
                if (end > start) {
                    out.add(list.substring(start, end));
                }
                start = end + 1;
            }
        }
    }

    void startAndWait() throws IOException, InterruptedException {
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IOException("WebSocket server did not start");
        }
        if (startFailure != null) {
            throw new IOException("WebSocket server failed to start", startFailure);
        }
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + getPort());
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
            ClientHandshake request) throws InvalidDataException {
        if (Route.parse(request.getResourceDescriptor()) == null) {
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "no such path");
        }
        return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
        String resource = handshake.getResourceDescriptor();
        Route route = Route.parse(resource);
        StreamConnection c = new StreamConnection(connectionIds.incrementAndGet(), socket, this, resource,
                route.routed, route.combined, counters, maxMessagesPerSecond);
        socket.setAttachment(c);
        counters.increment(ExchangeCounter.CONNECTIONS_OPENED);
        if (!route.routed) {
            counters.increment(ExchangeCounter.UNROUTED_CONNECTIONS);
        }
        if (route.streams.size() > maxStreams) {
            market.open(c, List.of());
            counters.increment(ExchangeCounter.STREAM_LIMIT_REJECTIONS);
            c.close(CloseCause.STREAM_LIMIT, CloseFrame.POLICY_VALIDATION,
                    "Too many streams: at most " + maxStreams + " per connection");
            return;
        }
        market.open(c, route.streams);
        c.setLifetimeClose(timer.schedule(() -> expire(c), maxConnectionAge.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Closes a connection as Binance does at the end of its lifetime. */
    void expire(StreamConnection c) {
        if (c.isOpen()) {
            counters.increment(ExchangeCounter.LIFETIME_CLOSES);
            c.close(CloseCause.LIFETIME, CloseFrame.GOING_AWAY, "Connection lifetime exceeded");
        }
    }

    @Override
    public void onMessage(WebSocket socket, String message) {
        StreamConnection c = socket.getAttachment();
        if (admit(c)) {
            handleRequest(c, message);
        }
    }

    @Override
    public void onMessage(WebSocket socket, ByteBuffer message) {
        StreamConnection c = socket.getAttachment();
        if (admit(c)) {
            reject(c, null, 3, "Invalid JSON: binary frames are not requests");
        }
    }

    @Override
    public void onWebsocketPing(WebSocket socket, Framedata f) {
        StreamConnection c = socket.getAttachment();
        if (admit(c) && !c.isStalled()) {
            super.onWebsocketPing(socket, f);
        }
    }

    @Override
    public void onWebsocketPong(WebSocket socket, Framedata f) {
        StreamConnection c = socket.getAttachment();
        if (admit(c)) {
            c.pongReceived();
        }
    }

    /** Counts an incoming message and closes the connection if it breaks the per-second limit. */
    private boolean admit(StreamConnection c) {
        if (c == null || !c.isOpen()) {
            return false;
        }
        if (c.admitIncoming(System.nanoTime())) {
            return true;
        }
        counters.increment(ExchangeCounter.RATE_LIMIT_DISCONNECTS);
        c.close(CloseCause.RATE_LIMIT, CloseFrame.POLICY_VALIDATION, "Too many requests");
        return false;
    }

    private void handleRequest(StreamConnection c, String message) {
        JsonNode request;
        try {
            request = JSON.readTree(message);
        } catch (IOException e) {
            reject(c, null, 3, "Invalid JSON: " + e.getMessage());
            return;
        }
        if (request == null || !request.isObject()) {
            reject(c, null, 3, "Invalid JSON: expected an object");
            return;
        }
        JsonNode id = request.get("id");
        String method = request.path("method").asText("");
        switch (method) {
            case "SUBSCRIBE": {
                counters.increment(ExchangeCounter.SUBSCRIBE_REQUESTS);
                List<String> streams = streamParams(c, request, id);
                if (streams != null && !market.subscribe(c, streams, maxStreams, ack(id))) {
                    counters.increment(ExchangeCounter.STREAM_LIMIT_REJECTIONS);
                    reject(c, id, 2, "Invalid request: more than " + maxStreams + " streams on one connection");
                }
                break;
            }
            case "UNSUBSCRIBE": {
                counters.increment(ExchangeCounter.UNSUBSCRIBE_REQUESTS);
                List<String> streams = streamParams(c, request, id);
                if (streams != null) {
                    market.unsubscribe(c, streams, ack(id));
                }
                break;
            }
            case "LIST_SUBSCRIPTIONS": {
                counters.increment(ExchangeCounter.LIST_SUBSCRIPTIONS_REQUESTS);
                ObjectNode response = JSON.createObjectNode();
                ArrayNode result = response.putArray("result");
                market.subscriptions(c).forEach(result::add);
                response.set("id", id);
                c.send(response.toString());
                break;
            }
            default:
                reject(c, id, 2, "Invalid request: unknown variant '" + method
                        + "', expected one of SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS");
        }
    }

    private List<String> streamParams(StreamConnection c, JsonNode request, JsonNode id) {
        JsonNode params = request.get("params");
        if (params == null || !params.isArray()) {
            reject(c, id, 2, "Invalid request: params must be an array of stream names");
            return null;
        }
        List<String> streams = new ArrayList<>(params.size());
        for (JsonNode p : params) {
            if (!p.isTextual()) {
                reject(c, id, 2, "Invalid request: params must be an array of stream names");
                return null;
            }
            streams.add(p.asText());
        }
        return streams;
    }

    private static String ack(JsonNode id) {
        return "{\"result\":null,\"id\":" + (id == null ? "null" : id.toString()) + "}";
    }

    private void reject(StreamConnection c, JsonNode id, int code, String msg) {
        counters.increment(ExchangeCounter.INVALID_REQUESTS);
        ObjectNode response = JSON.createObjectNode();
        response.putObject("error").put("code", code).put("msg", msg);
        response.set("id", id);
        c.send(response.toString());
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
        StreamConnection c = socket.getAttachment();
        if (c != null) {
            c.closed(code);
            market.closed(c);
        }
    }

    @Override
    public void onError(WebSocket socket, Exception ex) {
        if (socket == null) {
            startFailure = ex;
            started.countDown();
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
