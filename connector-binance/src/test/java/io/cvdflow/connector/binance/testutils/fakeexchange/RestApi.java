package io.cvdflow.connector.binance.testutils.fakeexchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binance's USD-M REST API on loopback: {@code /fapi/v1/aggTrades}, {@code /fapi/v1/historicalTrades} and
 * {@code /fapi/v1/exchangeInfo}, with request weight, the {@code X-MBX-USED-WEIGHT-1M} header, 429 over the limit, a
 * 418 ban for clients that keep going, and forced 429/418 on command.
 */
final class RestApi implements AutoCloseable {
    static final String AGG_TRADES = "/fapi/v1/aggTrades";
    static final String HISTORICAL_TRADES = "/fapi/v1/historicalTrades";
    static final String EXCHANGE_INFO = "/fapi/v1/exchangeInfo";
    static final int TRADES_WEIGHT = 20;
    static final int EXCHANGE_INFO_WEIGHT = 1;
    static final String WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";
    private static final int MAX_LIMIT = 1000;
    private static final int DEFAULT_LIMIT = 500;
    private static final long MAX_TIME_WINDOW_MS = TimeUnit.HOURS.toMillis(1);

    private final Market market;
    private final Counters counters;
    private final int weightLimit;
    private final long weightWindowMs;
    private final int throttledCallsBeforeBan;
    private final long banMs;
    private final HttpServer server;
    private final ExecutorService executor;
    private final long originMs = System.currentTimeMillis();

    // guarded by this
    private long windowStartMs = originMs;
    private int usedWeight;
    private int throttledInWindow;
    private long bannedUntilMs;
    private int forcedCalls;
    private int forcedStatus;
    private long forcedRetryAfterSeconds;

    RestApi(Market market, Counters counters, int weightLimit, Duration weightWindow, int throttledCallsBeforeBan,
            Duration ban) throws IOException {
        this.market = market;
        this.counters = counters;
        this.weightLimit = weightLimit;
        this.weightWindowMs = weightWindow.toMillis();
        this.throttledCallsBeforeBan = throttledCallsBeforeBan;
        this.banMs = ban.toMillis();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-binance-rest-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    synchronized void forceNext(int calls, int status, Duration retryAfter) {
        if (status != 429 && status != 418) {
            throw new IllegalArgumentException("status must be 429 or 418: " + status);
        }
        forcedCalls = calls;
        forcedStatus = status;
        forcedRetryAfterSeconds = Math.max(0, retryAfter.toSeconds());
    }

    synchronized int usedWeight() {
        rollWindow(System.currentTimeMillis());
        return usedWeight;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            counters.increment(ExchangeCounter.REST_CALLS);
            String path = ex.getRequestURI().getPath();
            int weight = weightOf(path);
            if (weight == 0) {
                respond(ex, 404, WireFormat.error(-1, "Unknown endpoint " + path), -1);
                return;
            }
            if (!"GET".equals(ex.getRequestMethod())) {
                respond(ex, 405, WireFormat.error(-1, "Method not allowed."), -1);
                return;
            }
            int used;
            int refusal = 0;
            long retryAfterSeconds = 0;
            long now = System.currentTimeMillis();
            synchronized (this) {
                rollWindow(now);
                used = usedWeight;
                if (forcedCalls > 0) {
                    forcedCalls--;
                    refusal = forcedStatus;
                    retryAfterSeconds = forcedRetryAfterSeconds;
                } else if (now < bannedUntilMs) {
                    refusal = 418;
                    retryAfterSeconds = ceilSeconds(bannedUntilMs - now);
                } else if (usedWeight + weight > weightLimit) {
                    if (++throttledInWindow > throttledCallsBeforeBan) {
                        bannedUntilMs = now + banMs;
                        refusal = 418;
                        retryAfterSeconds = ceilSeconds(banMs);
                    } else {
                        refusal = 429;
                        retryAfterSeconds = ceilSeconds(windowStartMs + weightWindowMs - now);
                    }
                } else {
                    usedWeight += weight;
                    used = usedWeight;
                }
            }
            if (refusal != 0) {
                refuse(ex, refusal, retryAfterSeconds, now, used);
                return;
            }
            String body;
            try {
                body = serve(path, query(ex.getRequestURI().getRawQuery()));
            } catch (RestError e) {
                counters.increment(ExchangeCounter.REST_BAD_REQUESTS);
                respond(ex, e.status, e.body(), used);
                return;
            }
            respond(ex, 200, body, used);
        }
    }

    private static int weightOf(String path) {
        switch (path) {
            case AGG_TRADES:
            case HISTORICAL_TRADES:
                return TRADES_WEIGHT;
            case EXCHANGE_INFO:
                return EXCHANGE_INFO_WEIGHT;
            default:
                return 0;
        }
    }

    private String serve(String path, Map<String, String> params) throws RestError {
        switch (path) {
            case AGG_TRADES: {
                Long fromId = longParam(params, "fromId");
                Long startTime = longParam(params, "startTime");
                Long endTime = longParam(params, "endTime");
                if (fromId != null && (startTime != null || endTime != null)) {
                    throw RestError.badRequest(-1128, "Combination of optional parameters invalid.");
                }
                if (startTime != null && endTime != null && endTime - startTime >= MAX_TIME_WINDOW_MS) {
                    throw RestError.badRequest(-1127, "More than 1 hours between startTime and endTime.");
                }
                return market.aggTrades(params.get("symbol"), fromId, startTime, endTime, limit(params));
            }
            case HISTORICAL_TRADES:
                return market.historicalTrades(params.get("symbol"), longParam(params, "fromId"), limit(params));
            case EXCHANGE_INFO:
                return market.exchangeInfo(System.currentTimeMillis());
            default:
                throw new AssertionError(path);
        }
    }

    private static int limit(Map<String, String> params) throws RestError {
        Long limit = longParam(params, "limit");
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw RestError.badRequest(-1130, "Data sent for parameter 'limit' is not valid.");
        }
        return limit.intValue();
    }

    private static Long longParam(Map<String, String> params, String name) throws RestError {
        String v = params.get(name);
        if (v == null) {
            return null;
        }
        if (v.isEmpty() || v.length() > 19 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw RestError.badRequest(-1100,
                    "Illegal characters found in parameter '" + name + "'; legal range is '^[0-9]{1,20}$'.");
        }
        return Long.parseLong(v);
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null) {
            return params;
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            int eq = rawQuery.indexOf('=', start);
            if (eq > start && eq < end) {
                params.put(URLDecoder.decode(rawQuery.substring(start, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(rawQuery.substring(eq + 1, end), StandardCharsets.UTF_8));
            }
            start = end + 1;
        }
        return params;
    }

    /** Fixed windows as Binance's, but counted from the exchange's start so that short tests never straddle two. */
    private void rollWindow(long nowMs) {
        long start = nowMs - Math.floorMod(nowMs - originMs, weightWindowMs);
        if (start != windowStartMs) {
            windowStartMs = start;
            usedWeight = 0;
            throttledInWindow = 0;
        }
    }

    private void refuse(HttpExchange ex, int status, long retryAfterSeconds, long nowMs, int used)
            throws IOException {
        counters.increment(status == 418 ? ExchangeCounter.REST_BANNED : ExchangeCounter.REST_THROTTLED);
        ex.getResponseHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
        String msg = status == 418
                ? "Way too many requests; IP(127.0.0.1) banned until " + (nowMs + retryAfterSeconds * 1000)
                        + ". Please use the websocket for live updates to avoid bans."
                : "Too many requests; current limit of IP(127.0.0.1) is " + weightLimit
                        + " requests per minute. Please use the websocket for live updates to avoid polling the API.";
        respond(ex, status, WireFormat.error(-1003, msg), used);
    }

    private static long ceilSeconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }

    private static void respond(HttpExchange ex, int status, String body, int usedWeight) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        if (usedWeight >= 0) {
            ex.getResponseHeaders().set(WEIGHT_HEADER, Integer.toString(usedWeight));
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
