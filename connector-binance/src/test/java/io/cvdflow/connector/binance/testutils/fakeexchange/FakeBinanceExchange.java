package io.cvdflow.connector.binance.testutils.fakeexchange;

import org.java_websocket.framing.CloseFrame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A Binance USD-M futures exchange on loopback, speaking Binance's wire format over real WebSocket and HTTP, fed
 * with the real recordings in {@code ../shared/data}, with fault injection on command. The live source's tests, the
 * job's ITCases and the benchmarks run against it.
 *
 * <h2>Start it</h2>
 *
 * <pre>{@code
 * try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
 *         .tapes(Recordings.tapes(Recordings.USDM_SMALLCAPS))          // SANDUSDT, CTKUSDT, BATUSDT, NEOUSDT, CHRUSDT
 *         .tapes(Recordings.tapes(Recordings.SPOT_BTCUSDT))            // raw trades merged into aggTrades
 *         .start()) {
 *     URI ws = exchange.marketStreamBaseUri();   // ws://127.0.0.1:<port>/market   (the source's ws-url)
 *     URI rest = exchange.restBaseUri();         // http://127.0.0.1:<port>         (the source's rest-url)
 *     ...
 * }
 * }</pre>
 *
 * Both servers bind to 127.0.0.1 on free ports. {@link #close()} stops every thread it started.
 * {@link Recordings#tapes} reads recordings with the connector's {@code RecordedFileReader}; a {@link SymbolTape} can be
 * {@linkplain SymbolTape#renamed renamed} (500 symbols from a few recordings) and made to
 * {@linkplain SymbolTape#cycling cycle} for long paced runs.
 *
 * <h2>What it serves</h2>
 *
 * <ul>
 *   <li>{@code ws://…/market/stream?streams=btcusdt@aggTrade/ethusdt@aggTrade}: combined frames
 *       {@code {"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":..,"a":..,"s":"BTCUSDT","p":"..","q":"..",
 *       "f":..,"l":..,"T":..,"m":..}}}; {@code ws://…/market/ws/<stream>} and {@code /market/ws} send the bare
 *       event. {@code <symbol>@trade} streams carry {@code {"e":"trade","E","T","s","t","p","q","X","m"}} for symbols
 *       recorded as raw trades (spot, COIN-M), nothing for symbols recorded as aggTrades.
 *   <li>Requests {@code {"method":"SUBSCRIBE","params":[..],"id":1}}, {@code UNSUBSCRIBE} and
 *       {@code LIST_SUBSCRIPTIONS}, answered {@code {"result":null,"id":1}} (or the list) before any frame of the new
 *       streams. Errors come back as {@code {"error":{"code":2,"msg":".."},"id":1}}.
 *   <li>Limits: at most {@link Builder#maxStreamsPerConnection} streams (default 200; more in the URL closes the
 *       connection with 1008, more by SUBSCRIBE is refused with an error); at most
 *       {@link Builder#maxIncomingMessagesPerSecond} incoming messages per second, pings and pongs included (default
 *       10; one more closes the connection with 1008 "Too many requests"); a connection older than
 *       {@link Builder#maxConnectionAge} (default 24 h) is closed with 1001. Server pings every
 *       {@link Builder#pingInterval} (default 3 min); a ping unanswered for {@link Builder#pongTimeout} (default
 *       10 min) closes the connection. Client pings are answered.
 *   <li>Unrouted URLs ({@code /stream?…}, {@code /ws/…}, and {@code /public/…}): the connection is accepted and
 *       subscriptions are acknowledged, then nothing is ever sent: how clients broke in April 2026.
 *   <li>{@code GET /fapi/v1/aggTrades?symbol=S&fromId=N&limit=L}: {@code [{"a","p","q","f","l","T","m"}]} in ID
 *       order, {@code fromId}, {@code startTime}, {@code endTime} inclusive, limit default 500, at most 1000. Only the
 *       {@link Builder#historyLimit} most recent published trades per symbol are kept (Binance's one-year limit):
 *       asking for older IDs returns the oldest ones still kept. {@code GET /fapi/v1/historicalTrades} returns raw
 *       trades the same way. Both weigh 20; {@code GET /fapi/v1/exchangeInfo} weighs 1. Every answer carries
 *       {@code X-MBX-USED-WEIGHT-1M}; over {@link Builder#weightLimit} per {@link Builder#weightWindow} (fixed windows
 *       counted from the exchange's start, so a short test never straddles two) the answer is
 *       429 with {@code Retry-After}, and after {@link Builder#throttledCallsBeforeBan} more, 418 for
 *       {@link Builder#banDuration}. Bad parameters get 400 and Binance's error JSON, for example
 *       {@code {"code":-1121,"msg":"Invalid symbol."}}.
 *   <li>Every tape given to the builder is listed in exchangeInfo as a TRADING perpetual;
 *       {@link #listSymbol}, {@link #delistSymbol} and {@link #unlistSymbol} change the listing at runtime, and
 *       {@link Builder#unlistedTape} holds a tape back until it is listed (discovery tests).
 * </ul>
 *
 * <h2>Publishing</h2>
 *
 * Nothing is published until the test says so. Manually: {@link #publish(String, int)} releases a symbol's next
 * trades, {@link #publishAll(int)} the next trades of all TRADING symbols merged in recorded-pace order; both return
 * once the frames are queued on every subscribed connection. Paced: {@link #startPacing} with
 * {@link Pace#recorded} (recorded pace × speed) or {@link Pace#fixedRate} (for example 50,000 trades/s over 200
 * symbols, which it sustains at about half a core together with a client reading every frame) until
 * {@link #stopPacing}. A trade is in REST history from the moment it is published, even when a fault
 * kept its frame off the stream. A connection receives the trades published after it subscribed.
 *
 * <p>Times: by default {@code T} is the recorded trade time and {@code E} the recorded event time (or {@code T} +
 * 5 ms where the recording has one time only), so runs are reproducible. {@link Builder#wallClockTimestamps} stamps
 * each trade at publication instead ({@code E} = now, {@code T} = now minus the recorded {@code E - T}), for receive-lag
 * measurements.
 *
 * <h2>Faults</h2>
 *
 * {@link #closeAllConnections} (close frame with a code), {@link #dropAllConnections} (TCP cut, no close frame),
 * {@link #dropNextFrames} (a gap on the stream that REST can fill), {@link #loseNextTrades} and {@link #markLost} (IDs
 * that neither the stream nor REST will ever deliver: an unrecoverable gap), {@link #stall()} / {@link #stallFor} /
 * {@link #resume} (open connections go silent without closing; frames meanwhile are lost to them, new connections are
 * served), {@link #injectMalformed} (a broken frame between valid ones), {@link #sendPings}, {@link
 * #expireAllConnections} (the 24-hour close now), {@link #failNextRestCalls} (429 or 418 with {@code Retry-After}).
 *
 * <h2>Assertions</h2>
 *
 * {@link #publishedIds} (what a client must end up with, exactly once and in order), {@link #published},
 * {@link #lostIds}, {@link #connections()} (per-connection {@link ConnectionStats}), {@link #count} for every
 * {@link ExchangeCounter}, {@link #usedWeight}. {@link CollectingWebSocket} is a JDK WebSocket client that collects
 * what it receives, for tests that talk to the exchange directly.
 */
public final class FakeBinanceExchange implements AutoCloseable {
    private final Counters counters = new Counters();
    private final Market market;
    private final ScheduledThreadPoolExecutor timer;
    private final MarketStreamServer streams;
    private final RestApi rest;
    private final long pongTimeoutNanos;
    private Pacer pacer;
    private long pacingRuns;

    private FakeBinanceExchange(Builder b) throws IOException, InterruptedException {
        market = new Market(counters, b.historyLimit, b.wallClockTimestamps, b.weightLimit);
        for (SymbolTape t : b.listedTapes) {
            market.addFeed(t, true);
        }
        for (SymbolTape t : b.unlistedTapes) {
            market.addFeed(t, false);
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "fake-binance-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        pongTimeoutNanos = b.pongTimeout.toNanos();
        RestApi restApi = null;
        MarketStreamServer server = new MarketStreamServer(market, counters, timer, b.maxStreamsPerConnection,
                b.maxIncomingMessagesPerSecond, b.maxConnectionAge);
        try {
            server.startAndWait();
            restApi = new RestApi(market, counters, b.weightLimit, b.weightWindow, b.throttledCallsBeforeBan,
                    b.banDuration);
        } catch (IOException | RuntimeException e) {
            server.stop(1000);
            timer.shutdownNow();
            throw e;
        }
        streams = server;
        rest = restApi;
        long ping = b.pingInterval.toNanos();
        timer.scheduleAtFixedRate(this::pingCycle, ping, ping, TimeUnit.NANOSECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- endpoints

    /** {@code ws://127.0.0.1:<port>/market}: the routed base URL, as {@code wss://fstream.binance.com/market}. */
    public URI marketStreamBaseUri() {
        return URI.create(streams.uri() + "/market");
    }

    /** {@code ws://127.0.0.1:<port>}: the retired unrouted base URL, which acknowledges and stays silent. */
    public URI unroutedStreamBaseUri() {
        return streams.uri();
    }

    /** {@code ws://127.0.0.1:<port>/market/stream?streams=a/b}. */
    public URI combinedStreamUri(String... streamNames) {
        return URI.create(marketStreamBaseUri() + "/stream?streams=" + String.join("/", streamNames));
    }

    /** {@code http://127.0.0.1:<port>}: the REST base URL, as {@code https://fapi.binance.com}. */
    public URI restBaseUri() {
        return rest.uri();
    }

    // ---- publishing

    /** Publishes a TRADING symbol's next {@code n} trades; returns how many there were (fewer at the tape's end). */
    public int publish(String symbol, int n) {
        return market.publish(symbol, n);
    }

    /** Publishes the next {@code n} trades of all TRADING symbols, merged in recorded-pace order. */
    public int publishAll(int n) {
        return market.publishAll(n);
    }

    /** Starts publishing on a thread of its own; replaces pacing already running. */
    public synchronized void startPacing(Pace pace) {
        stopPacing();
        pacer = new Pacer(market, pace, ++pacingRuns);
        pacer.start();
    }

    /** Stops pacing; returns the trades it published. */
    public synchronized long stopPacing() {
        if (pacer == null) {
            return 0;
        }
        try {
            pacer.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long published = pacer.published();
        pacer = null;
        return published;
    }

    // ---- listing

    /** Adds or replaces a symbol in exchangeInfo. A listed TRADING symbol with a tape starts trading. */
    public void listSymbol(ListedSymbol symbol) {
        market.list(symbol);
    }

    /** Lists a symbol with a tape as a TRADING perpetual. */
    public void listSymbol(String symbol) {
        market.list(ListedSymbol.perpetual(symbol));
    }

    /** Sets a listed symbol's status to {@link ListedSymbol#SETTLING}: still listed, no longer trading. */
    public void delistSymbol(String symbol) {
        ListedSymbol listed = market.listed(symbol);
        if (listed == null) {
            throw new IllegalArgumentException("not listed: " + symbol);
        }
        market.list(listed.withStatus(ListedSymbol.SETTLING));
    }

    /** Removes a symbol from exchangeInfo; REST then answers -1121 for it unless it has a tape. */
    public boolean unlistSymbol(String symbol) {
        return market.unlist(symbol);
    }

    /** Symbols that have a tape, listed or not. */
    public List<String> symbols() {
        return market.symbolsWithTapes();
    }

    // ---- faults

    /** Closes every open connection with a close frame; returns how many. */
    public int closeAllConnections(int code, String reason) {
        List<StreamConnection> open = market.openConnections();
        for (StreamConnection c : open) {
            counters.increment(ExchangeCounter.FAULT_CLOSES);
            c.close(CloseCause.FAULT_CLEAN_CLOSE, code, reason);
        }
        return open.size();
    }

    /** Cuts every open connection's TCP connection without a close frame (the client sees 1006); returns how many. */
    public int dropAllConnections() {
        List<StreamConnection> open = market.openConnections();
        for (StreamConnection c : open) {
            counters.increment(ExchangeCounter.FAULT_CLOSES);
            c.cut();
        }
        return open.size();
    }

    /** The symbol's next {@code n} published trades go to REST history but to no connection: a gap REST can fill. */
    public void dropNextFrames(String symbol, int n) {
        market.dropNextFrames(symbol, n);
    }

    /**
     * The symbol's next {@code n} published trades take their IDs but reach neither the stream nor REST, as trades
     * the exchange lost: a gap no client can fill.
     */
    public void loseNextTrades(String symbol, int n) {
        market.loseNextTrades(symbol, n);
    }

    /** REST will never return the IDs {@code firstId..lastId} (already published or not). */
    public void markLost(String symbol, long firstId, long lastId) {
        market.markLost(symbol, firstId, lastId);
    }

    /** Every open connection goes silent (no frames, acks or pings) until {@link #resume()}; returns how many. */
    public int stall() {
        List<StreamConnection> open = market.openConnections();
        open.forEach(c -> c.setStalled(true));
        return open.size();
    }

    /** Like {@link #stall()}, resuming those connections after {@code duration}. */
    public int stallFor(Duration duration) {
        List<StreamConnection> open = market.openConnections();
        open.forEach(c -> c.setStalled(true));
        timer.schedule(() -> open.forEach(c -> c.setStalled(false)), duration.toNanos(), TimeUnit.NANOSECONDS);
        return open.size();
    }

    /** Ends every stall. Frames published meanwhile stay lost to the stalled connections. */
    public void resume() {
        market.openConnections().forEach(c -> c.setStalled(false));
    }

    /** Sends a malformed frame now to every subscriber of the symbol's aggTrade stream; returns how many. */
    public int injectMalformed(String symbol, MalformedFrame kind) {
        return market.injectMalformed(symbol, kind);
    }

    /** Pings every open connection that is not stalled now; returns how many. */
    public int sendPings() {
        long now = System.nanoTime();
        int sent = 0;
        for (StreamConnection c : market.openConnections()) {
            if (c.ping(now)) {
                sent++;
            }
        }
        return sent;
    }

    /** Closes every open connection now as if it had reached the maximum connection age; returns how many. */
    public int expireAllConnections() {
        List<StreamConnection> open = market.openConnections();
        open.forEach(streams::expire);
        return open.size();
    }

    /** The next {@code calls} REST calls get {@code status} (429 or 418) with {@code Retry-After}, weight untouched. */
    public void failNextRestCalls(int calls, int status, Duration retryAfter) {
        rest.forceNext(calls, status, retryAfter);
    }

    private void pingCycle() {
        long now = System.nanoTime();
        for (StreamConnection c : market.openConnections()) {
            if (c.pingWaitNanos(now) > pongTimeoutNanos) {
                counters.increment(ExchangeCounter.PONG_TIMEOUT_CLOSES);
                c.close(CloseCause.PONG_TIMEOUT, CloseFrame.POLICY_VALIDATION, "Pong timeout");
            } else {
                c.ping(now);
            }
        }
    }

    // ---- introspection

    /** The published trades REST still holds (within the history limit), lost ones left out, in ID order. */
    public List<AggTrade> published(String symbol) {
        return market.published(symbol);
    }

    /** Every ID published for the symbol and not lost, in order: what a client must emit exactly once. */
    public long[] publishedIds(String symbol) {
        return market.publishedIds(symbol);
    }

    /** Published IDs that were lost ({@link #loseNextTrades}, {@link #markLost}). */
    public long[] lostIds(String symbol) {
        return market.lostIds(symbol);
    }

    /** Trades published for the symbol, lost ones included. */
    public long publishedCount(String symbol) {
        return market.publishedCount(symbol);
    }

    /** Every connection so far, open or closed, in order of opening. */
    public List<ConnectionStats> connections() {
        return market.connectionStats();
    }

    public int openConnectionCount() {
        return market.openConnections().size();
    }

    public long count(ExchangeCounter counter) {
        return counters.get(counter);
    }

    /** Request weight used in the current window. */
    public int usedWeight() {
        return rest.usedWeight();
    }

    @Override
    public void close() throws InterruptedException {
        stopPacing();
        timer.shutdownNow();
        for (StreamConnection c : market.openConnections()) {
            c.close(CloseCause.SHUTDOWN, CloseFrame.GOING_AWAY, "Server shutting down");
        }
        try {
            streams.stop(2000);
        } finally {
            rest.close();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Settings; every default is Binance's documented value. */
    public static final class Builder {
        private final List<SymbolTape> listedTapes = new ArrayList<>();
        private final List<SymbolTape> unlistedTapes = new ArrayList<>();
        private int maxStreamsPerConnection = 200;
        private int maxIncomingMessagesPerSecond = 10;
        private Duration maxConnectionAge = Duration.ofHours(24);
        private Duration pingInterval = Duration.ofMinutes(3);
        private Duration pongTimeout = Duration.ofMinutes(10);
        private int historyLimit = Integer.MAX_VALUE;
        private int weightLimit = 2400;
        private Duration weightWindow = Duration.ofMinutes(1);
        private int throttledCallsBeforeBan = 5;
        private Duration banDuration = Duration.ofMinutes(2);
        private boolean wallClockTimestamps;

        private Builder() {}

        /** A symbol's trades, listed as a TRADING perpetual. */
        public Builder tape(SymbolTape tape) {
            listedTapes.add(tape);
            return this;
        }

        public Builder tapes(Collection<SymbolTape> tapes) {
            listedTapes.addAll(tapes);
            return this;
        }

        /** A symbol's trades, not listed until {@link FakeBinanceExchange#listSymbol}: a symbol discovery will find. */
        public Builder unlistedTape(SymbolTape tape) {
            unlistedTapes.add(tape);
            return this;
        }

        public Builder maxStreamsPerConnection(int n) {
            this.maxStreamsPerConnection = positive(n);
            return this;
        }

        public Builder maxIncomingMessagesPerSecond(int n) {
            this.maxIncomingMessagesPerSecond = positive(n);
            return this;
        }

        public Builder maxConnectionAge(Duration age) {
            this.maxConnectionAge = age;
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        public Builder pongTimeout(Duration timeout) {
            this.pongTimeout = timeout;
            return this;
        }

        /** Published trades per symbol that REST keeps (default: all). */
        public Builder historyLimit(int trades) {
            this.historyLimit = positive(trades);
            return this;
        }

        /** Request weight allowed per window (default 2,400). */
        public Builder weightLimit(int weight) {
            this.weightLimit = positive(weight);
            return this;
        }

        /** The weight window (default 1 minute; shorter makes throttling tests fast). */
        public Builder weightWindow(Duration window) {
            this.weightWindow = window;
            return this;
        }

        /** Calls answered 429 in one window before the next one is answered 418 (default 5). */
        public Builder throttledCallsBeforeBan(int calls) {
            this.throttledCallsBeforeBan = calls;
            return this;
        }

        public Builder banDuration(Duration ban) {
            this.banDuration = ban;
            return this;
        }

        /** Stamp trades with the wall clock at publication instead of their recorded times. */
        public Builder wallClockTimestamps(boolean wallClock) {
            this.wallClockTimestamps = wallClock;
            return this;
        }

        private static int positive(int n) {
            if (n <= 0) {
                throw new IllegalArgumentException("must be positive: " + n);
            }
            return n;
        }

        /** Binds both servers to free loopback ports and starts them. */
        public FakeBinanceExchange start() {
            try {
                return new FakeBinanceExchange(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }
    }
}
