package io.cvdflow.connector.binance.source.reader;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.AggTradeFrameParser;
import io.cvdflow.connector.binance.source.BinanceSourceOptions;
import io.cvdflow.connector.binance.source.StreamType;
import io.cvdflow.connector.binance.source.reader.BinanceSourceReaderMetrics.SymbolMetrics;
import io.cvdflow.connector.binance.source.split.BinanceSymbolSplit;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsRemoval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live source's split reader: all splits of one reader multiplexed over as few combined-stream WebSocket
 * connections as the per-connection limit allows, plus one REST backfill thread.
 *
 * <p>WebSocket listeners and the backfill thread only fill an inbox; {@link #fetch()} drains it (waiting with a
 * timeout, cut short by {@link #wakeUp()}), and on the same fetcher thread parses frames, runs every symbol's
 * {@link SymbolStream}, and keeps connections healthy: reconnects with backoff, stall detection with keep-alive
 * pings, make-before-break rotation, and SUBSCRIBE/UNSUBSCRIBE within the per-connection message rate.
 */
@Internal
public final class BinanceSplitReader implements SplitReader<FeedEvent, BinanceSymbolSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceSplitReader.class);

    private static final long TIMER_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_FETCH_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int MAX_EVENTS_PER_DRAIN = 10_000;
    /** Binance's message limit counts per second; the extra quarter second absorbs delivery jitter. */
    private static final long MESSAGE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(1_250);
    private static final Object WAKE_UP = new Object();

    private final StreamType streamType;
    private final String wsBaseUrl;
    private final boolean routedUrl;
    private final int streamsPerConnection;
    private final int messagesPerSecond;
    private final Duration connectTimeout;
    private final long stallTimeoutNanos;
    private final long keepAliveNanos;
    private final long rotationAgeNanos;
    private final long rotationOverlapNanos;
    private final long resyncDelayNanos;
    private final long catchUpTimeoutNanos;
    private final long backoffInitialNanos;
    private final long backoffMaxNanos;
    private final double backoffJitter;

    private final BinanceSourceReaderMetrics metrics;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<WebSocketSession> pausedSessions = new ConcurrentLinkedQueue<>();
    private final Map<String, SymbolStream> streams = new HashMap<>();
    private final Map<String, SymbolMetrics> symbolMetrics = new HashMap<>();
    private final Map<String, MultiplexedConnection> connectionOf = new HashMap<>();
    private final TreeMap<Integer, MultiplexedConnection> connections = new TreeMap<>();
    private final List<String> finishedSplits = new ArrayList<>();
    private final AggTradeFrameParser parser = new AggTradeFrameParser();
    private final FetchOutput output = new FetchOutput();
    private final Random random = new Random();
    private final ExecutorService executor;
    private final HttpClient http;
    private final RestBackfill backfill;

    private volatile boolean wokenUp;
    private long nextTimersNanos;
    private int messageId;

    public BinanceSplitReader(Configuration config, int subtaskIndex, BinanceSourceReaderMetrics metrics) {
        this.streamType = config.get(BinanceSourceOptions.STREAM_TYPE);
        String ws = config.get(BinanceSourceOptions.WS_URL);
        this.wsBaseUrl = ws.endsWith("/") ? ws.substring(0, ws.length() - 1) : ws;
        this.routedUrl = isRouted(wsBaseUrl);
        this.streamsPerConnection = config.get(BinanceSourceOptions.STREAMS_PER_CONNECTION);
        this.messagesPerSecond = config.get(BinanceSourceOptions.WS_MESSAGES_PER_SECOND);
        this.connectTimeout = config.get(BinanceSourceOptions.CONNECT_TIMEOUT);
        this.stallTimeoutNanos = config.get(BinanceSourceOptions.STALL_TIMEOUT).toNanos();
        this.keepAliveNanos = stallTimeoutNanos / 3;
        this.rotationAgeNanos = config.get(BinanceSourceOptions.ROTATION_AGE).toNanos();
        this.rotationOverlapNanos = config.get(BinanceSourceOptions.ROTATION_OVERLAP).toNanos();
        this.resyncDelayNanos = config.get(BinanceSourceOptions.RESYNC_DELAY).toNanos();
        this.catchUpTimeoutNanos = config.get(BinanceSourceOptions.CATCH_UP_TIMEOUT).toNanos();
        this.backoffInitialNanos = config.get(BinanceSourceOptions.RECONNECT_BACKOFF_INITIAL).toNanos();
        this.backoffMaxNanos = config.get(BinanceSourceOptions.RECONNECT_BACKOFF_MAX).toNanos();
        this.backoffJitter = config.get(BinanceSourceOptions.RECONNECT_BACKOFF_JITTER);
        this.metrics = metrics;
        metrics.registerPendingFrames(inbox::size);

        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "binance-io-" + subtaskIndex + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .connectTimeout(connectTimeout)
                .build();
        Duration restTimeout = config.get(BinanceSourceOptions.REST_REQUEST_TIMEOUT);
        this.backfill = new RestBackfill(
                new AggTradesClient(http, config.get(BinanceSourceOptions.REST_URL), restTimeout),
                config.get(BinanceSourceOptions.REST_PAGE_LIMIT),
                config.get(BinanceSourceOptions.BACKFILL_GIVE_UP).toNanos(),
                new RestWeightBudget(config.get(BinanceSourceOptions.REST_WEIGHT_BUDGET)),
                newBackoff(),
                inbox,
                metrics,
                "binance-backfill-" + subtaskIndex);
        if (!routedUrl) {
            LOG.warn("The WebSocket URL {} has no routed /market path; Binance serves trade streams only under "
                    + "wss://fstream.binance.com/market since 2026-04-23", wsBaseUrl);
        }
    }

    /** Whether a base URL has Binance's routed market-data path, which serves aggTrade and trade streams. */
    static boolean isRouted(String wsBaseUrl) {
        String path = URI.create(wsBaseUrl).getPath();
        return path != null && path.endsWith("/market");
    }

    @Override
    public RecordsWithSplitIds<FeedEvent> fetch() {
        output.begin();
        long start = System.nanoTime();
        try {
            while (!wokenUp) {
                long now = System.nanoTime();
                if (now >= nextTimersNanos) {
                    runTimers(now);
                    nextTimersNanos = now + TIMER_INTERVAL_NANOS;
                }
                if (output.size > 0 || !finishedSplits.isEmpty() || now - start >= MAX_FETCH_NANOS) {
                    break;
                }
                Object event = inbox.poll(Math.max(1, nextTimersNanos - now), TimeUnit.NANOSECONDS);
                if (event == null) {
                    continue;
                }
                handle(event);
                for (int i = 0; i < MAX_EVENTS_PER_DRAIN && (event = inbox.poll()) != null; i++) {
                    handle(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wokenUp = false;
        WebSocketSession paused;
        while ((paused = pausedSessions.poll()) != null) {
            paused.resumeFlow();
        }
        if (!finishedSplits.isEmpty()) {
            output.builder.addFinishedSplits(finishedSplits);
            finishedSplits.clear();
        }
        return output.builder.build();
    }

    /** Frames, backfill pages and connection events waiting for {@link #fetch()}: the reader's backlog. */
    public int pendingInputs() {
        return inbox.size();
    }

    @Override
    public void handleSplitsChanges(SplitsChange<BinanceSymbolSplit> splitsChanges) {
        if (splitsChanges instanceof SplitsAddition) {
            addSplits(splitsChanges.splits());
        } else if (splitsChanges instanceof SplitsRemoval) {
            removeSplits(splitsChanges.splits());
        } else {
            throw new UnsupportedOperationException("Unsupported split change " + splitsChanges);
        }
    }

    @Override
    public void wakeUp() {
        wokenUp = true;
        inbox.add(WAKE_UP);
    }

    @Override
    public void close() throws Exception {
        for (MultiplexedConnection c : connections.values()) {
            discardSessions(c, false);
        }
        backfill.close();
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ splits

    private void addSplits(List<BinanceSymbolSplit> splits) {
        long now = System.nanoTime();
        List<MultiplexedConnection> fresh = new ArrayList<>();
        for (BinanceSymbolSplit split : splits) {
            String symbol = split.symbol();
            if (streams.containsKey(symbol)) {
                LOG.warn("{} is already streaming; ignoring a second assignment {}", symbol, split);
                continue;
            }
            SymbolMetrics m = metrics.symbol(symbol);
            symbolMetrics.put(symbol, m);
            streams.put(symbol, new SymbolStream(split, streamType == StreamType.AGG_TRADE, m, resyncDelayNanos,
                    catchUpTimeoutNanos));
            MultiplexedConnection c = connectionWithRoom();
            if (c == null) {
                c = newConnection();
                fresh.add(c);
            }
            c.symbols.add(symbol);
            c.symbolsVersion++;
            connectionOf.put(symbol, c);
        }
        for (MultiplexedConnection c : fresh) {
            c.current = open(c, now);
        }
        LOG.info("Streaming {} {} streams over {} connections", streams.size(), streamType, connections.size());
    }

    private void removeSplits(List<BinanceSymbolSplit> splits) {
        for (BinanceSymbolSplit split : splits) {
            String symbol = split.symbol();
            SymbolStream stream = streams.remove(symbol);
            if (stream == null) {
                continue;
            }
            stream.close(backfill);
            symbolMetrics.remove(symbol).close();
            MultiplexedConnection c = connectionOf.remove(symbol);
            c.symbols.remove(symbol);
            c.symbolsVersion++;
            if (c.symbols.isEmpty()) {
                discardSessions(c, true);
                c.metrics.close();
                connections.remove(c.id);
            }
            finishedSplits.add(stream.splitId());
            LOG.info("Released {}", symbol);
        }
    }

    private MultiplexedConnection connectionWithRoom() {
        for (MultiplexedConnection c : connections.values()) {
            if (c.symbols.size() < streamsPerConnection) {
                return c;
            }
        }
        return null;
    }

    private MultiplexedConnection newConnection() {
        int id = 0;
        while (connections.containsKey(id)) {
            id++;
        }
        MultiplexedConnection c = new MultiplexedConnection(id, metrics.connection(id), newBackoff());
        connections.put(id, c);
        return c;
    }

    private ExponentialBackoff newBackoff() {
        return new ExponentialBackoff(backoffInitialNanos, backoffMaxNanos, backoffJitter, random);
    }

    // ------------------------------------------------------------------ events

    private void handle(Object event) {
        long now = System.nanoTime();
        if (event instanceof WebSocketSession.Frame) {
            onFrame((WebSocketSession.Frame) event, now);
        } else if (event instanceof BackfillResult) {
            onBackfillResult((BackfillResult) event, now);
        } else if (event instanceof WebSocketSession.Opened) {
            onOpened(((WebSocketSession.Opened) event).session, now);
        } else if (event instanceof WebSocketSession.Ended) {
            WebSocketSession.Ended ended = (WebSocketSession.Ended) event;
            onEnded(ended.session, ended.cause, now);
        }
    }

    private void onFrame(WebSocketSession.Frame frame, long now) {
        WebSocketSession session = frame.session;
        if (session.discarded) {
            return;
        }
        MultiplexedConnection c = session.connection;
        c.metrics.frame();
        FeedEvent event = parser.parse(frame.bytes, c.origin, frame.receivedAtNanos);
        if (event == null) {
            return;
        }
        if (!session.dataSeen) {
            session.dataSeen = true;
            c.backoff.reset();
        }
        Trade trade = event.trade;
        if (trade != null) {
            SymbolStream stream = streams.get(trade.symbol);
            if (stream == null || trade.kind != streamType.kind()) {
                metrics.frameIgnored();
                return;
            }
            c.metrics.receiveLag(frame.receivedAtNanos / 1_000_000 - trade.exchangeTimeMs);
            stream.onLive(trade, c.isOverlapSuccessor(session), now, output, backfill);
        } else {
            emitDeadLetter(event, c.anySymbol());
        }
    }

    /**
     * A source emits only through splits: a dead letter goes out under its symbol's split, or, when its symbol
     * cannot be read, under a split of the connection it came from.
     */
    private void emitDeadLetter(FeedEvent event, String fallbackSymbol) {
        DeadLetter letter = event.deadLetter;
        metrics.parseError(letter.reason);
        String symbol = letter.symbol != null && streams.containsKey(letter.symbol) ? letter.symbol : fallbackSymbol;
        SymbolStream stream = symbol == null ? null : streams.get(symbol);
        if (stream != null) {
            output.emit(stream.splitId(), event);
        }
    }

    private void onBackfillResult(BackfillResult result, long now) {
        SymbolStream stream = streams.get(result.symbol());
        if (stream == null) {
            return;
        }
        for (FeedEvent deadLetter : result.deadLetters()) {
            emitDeadLetter(deadLetter, stream.symbol());
        }
        stream.onBackfill(result, now, output, backfill);
    }

    private void onOpened(WebSocketSession session, long now) {
        MultiplexedConnection c = session.connection;
        if (session.discarded || (session != c.current && session != c.successor)) {
            session.discard(false);
            return;
        }
        session.openedAtNanos = now;
        session.lastPingNanos = now;
        if (session == c.current) {
            LOG.info("Connection {} open with {} streams at {}", c.id, session.subscribed.size(), wsBaseUrl);
            resync(session.subscribed, now);
        } else {
            LOG.info("Connection {}: rotation successor open; overlapping for {} ms", c.id,
                    rotationOverlapNanos / 1_000_000);
        }
    }

    private void onEnded(WebSocketSession session, String cause, long now) {
        if (session.discarded) {
            return;
        }
        MultiplexedConnection c = session.connection;
        if (session == c.current) {
            lose(c, cause, now);
        } else if (session == c.successor) {
            session.discard(false);
            c.successor = null;
            long delay = c.backoff.nextDelayNanos();
            c.rotationNotBeforeNanos = now + delay;
            LOG.warn("Connection {}: rotation successor {}; retrying the rotation in {} ms", c.id, cause,
                    delay / 1_000_000);
        } else {
            session.discard(false);
        }
    }

    /** The current session of a connection is gone: promote a running rotation successor, else reconnect. */
    private void lose(MultiplexedConnection c, String cause, long now) {
        c.current.discard(false);
        c.metrics.reconnect();
        WebSocketSession next = c.successor;
        if (next != null && next.isOpen()) {
            c.current = next;
            c.successor = null;
            LOG.warn("Connection {} {}; switching to its rotation successor early", c.id, cause);
            resync(next.subscribed, now);
            return;
        }
        if (next != null) {
            next.discard(false);
            c.successor = null;
        }
        c.current = null;
        long delay = c.backoff.nextDelayNanos();
        c.reconnectAtNanos = now + delay;
        LOG.warn("Connection {} {}; reconnecting in {} ms (attempt {})", c.id, cause, delay / 1_000_000,
                c.backoff.attempts());
    }

    private void resync(Collection<String> symbols, long now) {
        for (String symbol : symbols) {
            SymbolStream stream = streams.get(symbol);
            if (stream != null) {
                stream.resync(now, backfill);
            }
        }
    }

    // ------------------------------------------------------------------ connections

    private void runTimers(long now) {
        for (MultiplexedConnection c : connections.values()) {
            WebSocketSession s = c.current;
            if (s == null) {
                if (now >= c.reconnectAtNanos) {
                    c.current = open(c, now);
                }
                continue;
            }
            if (!s.isOpen()) {
                continue;
            }
            long silentNanos = now - s.lastMessageNanos();
            if (!s.dataSeen && !s.silenceReported && now - s.openedAtNanos >= stallTimeoutNanos) {
                reportSilence(c, s);
            }
            if (silentNanos >= stallTimeoutNanos) {
                c.metrics.stall();
                lose(c, "received nothing (no data, ping or pong) for " + silentNanos / 1_000_000 + " ms", now);
                continue;
            }
            if (silentNanos >= keepAliveNanos && now - s.lastPingNanos >= keepAliveNanos && s.canSend()
                    && s.limiter.tryAcquire(now)) {
                s.sendPing(now);
            }
            reconcile(c, s, now);
            rotate(c, s, now);
        }
    }

    private void rotate(MultiplexedConnection c, WebSocketSession current, long now) {
        WebSocketSession next = c.successor;
        if (next == null) {
            if (now - current.openedAtNanos >= rotationAgeNanos && now >= c.rotationNotBeforeNanos) {
                LOG.info("Connection {} is {} s old; rotating make-before-break", c.id,
                        (now - current.openedAtNanos) / 1_000_000_000L);
                c.successor = open(c, now);
            }
            return;
        }
        if (!next.isOpen()) {
            return;
        }
        if (now - next.openedAtNanos < rotationOverlapNanos) {
            reconcile(c, next, now);
            return;
        }
        c.current = next;
        c.successor = null;
        current.discard(true);
        c.metrics.rotation();
        LOG.info("Connection {} rotated to its new session", c.id);
    }

    /** Sends at most one SUBSCRIBE or UNSUBSCRIBE per call, within the connection's message rate. */
    private void reconcile(MultiplexedConnection c, WebSocketSession s, long now) {
        if (s.reconciledVersion == c.symbolsVersion || !s.canSend()) {
            return;
        }
        List<String> unsubscribe = new ArrayList<>();
        for (String symbol : s.subscribed) {
            if (!c.symbols.contains(symbol)) {
                unsubscribe.add(symbol);
            }
        }
        List<String> subscribe = new ArrayList<>();
        for (String symbol : c.symbols) {
            if (!s.subscribed.contains(symbol)) {
                subscribe.add(symbol);
            }
        }
        if (unsubscribe.isEmpty() && subscribe.isEmpty()) {
            s.reconciledVersion = c.symbolsVersion;
            return;
        }
        if (!s.limiter.tryAcquire(now)) {
            return;
        }
        if (!unsubscribe.isEmpty()) {
            s.sendText(subscriptionMessage("UNSUBSCRIBE", unsubscribe));
            unsubscribe.forEach(s.subscribed::remove);
            return;
        }
        s.sendText(subscriptionMessage("SUBSCRIBE", subscribe));
        s.subscribed.addAll(subscribe);
        LOG.info("Connection {}: subscribed {}", c.id, subscribe);
        if (s == c.current) {
            resync(subscribe, now);
        }
    }

    private String subscriptionMessage(String method, List<String> symbols) {
        StringBuilder json = new StringBuilder(32 + symbols.size() * 24).append("{\"method\":\"").append(method)
                .append("\",\"params\":[");
        for (int i = 0; i < symbols.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(streamType.streamName(symbols.get(i))).append('"');
        }
        return json.append("],\"id\":").append(++messageId).append('}').toString();
    }

    private WebSocketSession open(MultiplexedConnection c, long now) {
        StringBuilder url = new StringBuilder(wsBaseUrl.length() + 16 + c.symbols.size() * 24)
                .append(wsBaseUrl).append("/stream?streams=");
        boolean first = true;
        for (String symbol : c.symbols) {
            url.append(first ? "" : "/").append(streamType.streamName(symbol));
            first = false;
        }
        URI uri = URI.create(url.toString());
        WebSocketSession session = new WebSocketSession(c, uri, c.symbols,
                new MessageRateLimiter(messagesPerSecond, MESSAGE_WINDOW_NANOS), inbox, pausedSessions, now);
        session.reconciledVersion = c.symbolsVersion;
        http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(uri, session)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        session.connectFailed(error);
                    }
                });
        return session;
    }

    private void discardSessions(MultiplexedConnection c, boolean graceful) {
        if (c.current != null) {
            c.current.discard(graceful);
        }
        if (c.successor != null) {
            c.successor.discard(graceful);
        }
    }

    private void reportSilence(MultiplexedConnection c, WebSocketSession s) {
        s.silenceReported = true;
        c.metrics.silentConnection();
        if (!routedUrl) {
            LOG.warn("Connection {} has received no data in {} ms since it subscribed to {} streams at {}. The URL "
                            + "has no routed '/market' path: since 2026-04-23 Binance serves aggTrade and trade "
                            + "streams only under wss://fstream.binance.com/market, and a subscription on the old "
                            + "URL is acknowledged and then stays silent. Set binance.ws-url to "
                            + "wss://fstream.binance.com/market.",
                    c.id, stallTimeoutNanos / 1_000_000, s.subscribed.size(), wsBaseUrl);
        } else {
            LOG.info("Connection {} has received no trades in {} ms for its {} streams; they may be quiet", c.id,
                    stallTimeoutNanos / 1_000_000, s.subscribed.size());
        }
    }

    /** Records of one fetch, by split. */
    private static final class FetchOutput implements SymbolStream.Output {
        RecordsBySplits.Builder<FeedEvent> builder;
        int size;

        void begin() {
            builder = new RecordsBySplits.Builder<>();
            size = 0;
        }

        @Override
        public void emit(String splitId, FeedEvent event) {
            builder.add(splitId, event);
            size++;
        }
    }
}
