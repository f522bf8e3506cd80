package io.cvdflow.connector.binance.testutils.fakeexchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * The exchange's state: symbols and their tapes, what has been published, the listing, and who subscribes to which
 * stream. Every method holds the one lock, so a subscription acknowledgement and the trade frames that follow it
 * reach a connection in order, and REST sees exactly what has been published.
 */
final class Market {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_EVENT_DELAY_MS = 1_000;

    private final Counters counters;
    private final int historyLimit;
    private final boolean wallClockTimes;
    private final int weightLimitPerMinute;
    private final Map<String, SymbolFeed> feeds = new LinkedHashMap<>();
    private final Map<String, SymbolFeed> feedsByStream = new HashMap<>();
    private final Map<String, ListedSymbol> listing = new LinkedHashMap<>();
    private final Map<String, Set<StreamConnection>> subscribers = new HashMap<>();
    private final List<StreamConnection> connections = new ArrayList<>();
    /** Connections with trade frames queued during the current publishing call. */
    private final List<StreamConnection> unflushed = new ArrayList<>();
    private int roundRobinCursor;

    Market(Counters counters, int historyLimit, boolean wallClockTimes, int weightLimitPerMinute) {
        this.counters = counters;
        this.historyLimit = historyLimit;
        this.wallClockTimes = wallClockTimes;
        this.weightLimitPerMinute = weightLimitPerMinute;
    }

    /** The published state of one symbol. */
    private static final class SymbolFeed {
        final SymbolTape tape;
        final String aggStream;
        final String tradeStream;
        final TradeHistory history;
        /** Position among the symbols, to break ties in recorded-pace order. */
        final int order;
        final int pricePrecision;
        final int quantityPrecision;
        /** Inclusive ID ranges published as lost, in order. */
        final List<long[]> lost = new ArrayList<>();
        long nextIndex;
        long lastTradeTimeMs = Long.MIN_VALUE;
        int dropNext;
        int loseNext;
        long paceRun = -1;
        long paceBaseMs;

        SymbolFeed(SymbolTape tape, int historyLimit, int order) {
            this.tape = tape;
            this.order = order;
            this.aggStream = WireFormat.aggTradeStream(tape.symbol());
            this.tradeStream = WireFormat.tradeStream(tape.symbol());
            this.history = new TradeHistory(historyLimit);
            int price = 0;
            int quantity = 0;
            for (AggTrade t : tape.recorded().subList(0, Math.min(tape.size(), 10_000))) {
                price = Math.max(price, scale(t.price));
                quantity = Math.max(quantity, scale(t.quantity));
            }
            this.pricePrecision = price;
            this.quantityPrecision = quantity;
        }

        boolean exhausted() {
            return !tape.isCycling() && nextIndex >= tape.size();
        }

        void addLost(long first, long last) {
            long[] tail = lost.isEmpty() ? null : lost.get(lost.size() - 1);
            if (tail != null && tail[1] + 1 == first) {
                tail[1] = Math.max(tail[1], last);
            } else {
                lost.add(new long[] {first, last});
            }
        }

        boolean isLost(long id) {
            for (long[] range : lost) {
                if (id >= range[0] && id <= range[1]) {
                    return true;
                }
            }
            return false;
        }

        long firstId() {
            return tape.trade(0).id;
        }

        private static int scale(String decimal) {
            int dot = decimal.indexOf('.');
            return dot < 0 ? 0 : decimal.length() - dot - 1;
        }
    }

    // ---- symbols and listing

    synchronized void addFeed(SymbolTape tape, boolean list) {
        String symbol = tape.symbol();
        if (feeds.containsKey(symbol)) {
            throw new IllegalArgumentException("symbol already has a tape: " + symbol);
        }
        SymbolFeed feed = new SymbolFeed(tape, historyLimit, feeds.size());
        feeds.put(symbol, feed);
        feedsByStream.put(feed.aggStream, feed);
        feedsByStream.put(feed.tradeStream, feed);
        if (list) {
            listing.put(symbol, ListedSymbol.perpetual(symbol));
        }
    }

    synchronized void list(ListedSymbol symbol) {
        listing.put(symbol.symbol, symbol);
    }

    synchronized boolean unlist(String symbol) {
        return listing.remove(symbol) != null;
    }

    synchronized ListedSymbol listed(String symbol) {
        return listing.get(symbol);
    }

    synchronized List<String> symbolsWithTapes() {
        return new ArrayList<>(feeds.keySet());
    }

    private SymbolFeed feed(String symbol) {
        SymbolFeed f = feeds.get(symbol);
        if (f == null) {
            throw new IllegalArgumentException("no tape for symbol " + symbol);
        }
        return f;
    }

    private SymbolFeed tradingFeed(String symbol) {
        SymbolFeed f = feed(symbol);
        ListedSymbol listed = listing.get(symbol);
        if (listed == null || !listed.isTrading()) {
            throw new IllegalStateException(symbol + " is not TRADING: " + listed);
        }
        return f;
    }

    private List<SymbolFeed> tradingFeeds() {
        List<SymbolFeed> out = new ArrayList<>(feeds.size());
        for (SymbolFeed f : feeds.values()) {
            ListedSymbol listed = listing.get(f.tape.symbol());
            if (listed != null && listed.isTrading() && !f.exhausted()) {
                out.add(f);
            }
        }
        return out;
    }

    // ---- publishing

    synchronized int publish(String symbol, int n) {
        SymbolFeed f = tradingFeed(symbol);
        int published = 0;
        while (published < n && publishNext(f)) {
            published++;
        }
        flushQueuedFrames();
        return published;
    }

    /** The next {@code n} trades of all TRADING symbols, merged in recorded-pace order. */
    synchronized int publishAll(int n) {
        PriorityQueue<SymbolFeed> queue = new PriorityQueue<>(
                Comparator.comparingLong((SymbolFeed f) -> f.tape.paceOffsetMs(f.nextIndex))
                        .thenComparingInt(f -> f.order));
        queue.addAll(tradingFeeds());
        int published = 0;
        while (published < n && !queue.isEmpty()) {
            SymbolFeed f = queue.poll();
            publishNext(f);
            published++;
            if (!f.exhausted()) {
                queue.add(f);
            }
        }
        flushQueuedFrames();
        return published;
    }

    /**
     * Publishes, per TRADING symbol, every trade due at recorded pace {@code paceMs} into pacing run {@code run}. A
     * symbol first seen in a run starts from its next trade at that moment.
     */
    synchronized int publishDue(long run, long paceMs) {
        int published = 0;
        for (SymbolFeed f : tradingFeeds()) {
            if (f.paceRun != run) {
                f.paceRun = run;
                f.paceBaseMs = f.tape.paceOffsetMs(f.nextIndex) - paceMs;
            }
            while (!f.exhausted() && f.tape.paceOffsetMs(f.nextIndex) - f.paceBaseMs <= paceMs) {
                publishNext(f);
                published++;
            }
        }
        flushQueuedFrames();
        return published;
    }

    /** Publishes {@code n} trades one per TRADING symbol in turn; fewer if all tapes run out. */
    synchronized long publishRoundRobin(long n) {
        List<SymbolFeed> trading = tradingFeeds();
        long published = 0;
        while (published < n && !trading.isEmpty()) {
            roundRobinCursor = roundRobinCursor % trading.size();
            SymbolFeed f = trading.get(roundRobinCursor);
            publishNext(f);
            published++;
            if (f.exhausted()) {
                trading.remove(roundRobinCursor);
            } else {
                roundRobinCursor++;
            }
        }
        flushQueuedFrames();
        return published;
    }

    private boolean publishNext(SymbolFeed f) {
        AggTrade t = f.tape.trade(f.nextIndex);
        if (t == null) {
            return false;
        }
        if (wallClockTimes) {
            long delay = Math.max(0, Math.min(t.eventTimeMs - t.tradeTimeMs, MAX_EVENT_DELAY_MS));
            long tradeTime = Math.max(System.currentTimeMillis() - delay, f.lastTradeTimeMs);
            t = t.moved(t.symbol, 0, 0, tradeTime - t.tradeTimeMs);
        }
        f.nextIndex++;
        f.lastTradeTimeMs = t.tradeTimeMs;
        f.history.add(t);
        if (f.loseNext > 0) {
            f.loseNext--;
            f.addLost(t.id, t.id);
            counters.increment(ExchangeCounter.TRADES_LOST);
        } else if (f.dropNext > 0) {
            f.dropNext--;
            counters.increment(ExchangeCounter.FRAMES_DROPPED);
        } else {
            deliver(f, t);
        }
        return true;
    }

    private void deliver(SymbolFeed f, AggTrade t) {
        Set<StreamConnection> aggSubscribers = subscribers.get(f.aggStream);
        if (aggSubscribers != null && !aggSubscribers.isEmpty()) {
            sendEvent(aggSubscribers, f.aggStream, WireFormat.aggTradeEvent(t));
        }
        Set<StreamConnection> tradeSubscribers = subscribers.get(f.tradeStream);
        if (tradeSubscribers != null && !tradeSubscribers.isEmpty()) {
            for (RawTrade raw : t.rawTrades) {
                sendEvent(tradeSubscribers, f.tradeStream, WireFormat.tradeEvent(t.symbol, raw));
            }
        }
    }

    private void sendEvent(Set<StreamConnection> to, String stream, String event) {
        byte[] combinedFrame = null;
        byte[] rawFrame = null;
        for (StreamConnection c : to) {
            byte[] frame;
            if (c.combined) {
                if (combinedFrame == null) {
                    combinedFrame = WireFormat.textFrame(WireFormat.combined(stream, event));
                }
                frame = combinedFrame;
            } else {
                if (rawFrame == null) {
                    rawFrame = WireFormat.textFrame(event);
                }
                frame = rawFrame;
            }
            if (c.queueTradeFrame(frame)) {
                unflushed.add(c);
            }
        }
    }

    /** Writes out the frames queued by a publishing call before it lets go of the lock. */
    private void flushQueuedFrames() {
        for (StreamConnection c : unflushed) {
            c.flush();
        }
        unflushed.clear();
    }

    // ---- faults on the stream

    synchronized void dropNextFrames(String symbol, int n) {
        feed(symbol).dropNext += n;
    }

    synchronized void loseNextTrades(String symbol, int n) {
        feed(symbol).loseNext += n;
    }

    synchronized void markLost(String symbol, long firstId, long lastId) {
        feed(symbol).addLost(firstId, lastId);
    }

    /** Sends a malformed frame to every subscriber of the symbol's aggTrade stream; returns how many got it. */
    synchronized int injectMalformed(String symbol, MalformedFrame kind) {
        SymbolFeed f = feed(symbol);
        AggTrade template = f.tape.trade(f.nextIndex);
        if (template == null) {
            template = f.tape.trade(f.nextIndex - 1).moved(symbol, 1, 0, 0);
        }
        Set<StreamConnection> to = subscribers.getOrDefault(f.aggStream, Set.of());
        for (StreamConnection c : to) {
            c.sendMalformed(kind, kind.text(f.aggStream, template, c.combined));
        }
        return to.size();
    }

    // ---- introspection

    synchronized List<AggTrade> published(String symbol) {
        SymbolFeed f = feed(symbol);
        List<AggTrade> out = new ArrayList<>(f.history.size());
        for (int i = 0; i < f.history.size(); i++) {
            AggTrade t = f.history.get(i);
            if (!f.isLost(t.id)) {
                out.add(t);
            }
        }
        return out;
    }

    synchronized long[] publishedIds(String symbol) {
        SymbolFeed f = feed(symbol);
        return LongStream.range(f.firstId(), f.firstId() + f.nextIndex).filter(id -> !f.isLost(id)).toArray();
    }

    synchronized long[] lostIds(String symbol) {
        SymbolFeed f = feed(symbol);
        return LongStream.range(f.firstId(), f.firstId() + f.nextIndex).filter(f::isLost).toArray();
    }

    synchronized long publishedCount(String symbol) {
        return feed(symbol).nextIndex;
    }

    // ---- connections and subscriptions

    synchronized void open(StreamConnection c, List<String> streams) {
        connections.add(c);
        for (String s : streams) {
            addSubscription(c, s);
        }
    }

    /**
     * Adds streams unless the connection would then have more than {@code maxStreams}; sends {@code ack} on success,
     * before any frame of the new streams.
     */
    synchronized boolean subscribe(StreamConnection c, List<String> streams, int maxStreams, String ack) {
        Set<String> after = new LinkedHashSet<>(c.streams);
        after.addAll(streams);
        if (after.size() > maxStreams) {
            return false;
        }
        for (String s : streams) {
            addSubscription(c, s);
        }
        c.send(ack);
        return true;
    }

    synchronized void unsubscribe(StreamConnection c, List<String> streams, String ack) {
        for (String s : streams) {
            if (c.streams.remove(s)) {
                Set<StreamConnection> set = subscribers.get(s);
                if (set != null) {
                    set.remove(c);
                }
            }
        }
        c.send(ack);
    }

    synchronized List<String> subscriptions(StreamConnection c) {
        return new ArrayList<>(c.streams);
    }

    private void addSubscription(StreamConnection c, String stream) {
        if (c.streams.add(stream) && c.routed) {
            subscribers.computeIfAbsent(stream, s -> new LinkedHashSet<>()).add(c);
        }
    }

    synchronized void closed(StreamConnection c) {
        for (String s : c.streams) {
            Set<StreamConnection> set = subscribers.get(s);
            if (set != null) {
                set.remove(c);
            }
        }
    }

    synchronized List<StreamConnection> openConnections() {
        List<StreamConnection> out = new ArrayList<>();
        for (StreamConnection c : connections) {
            if (c.isOpen()) {
                out.add(c);
            }
        }
        return out;
    }

    synchronized List<ConnectionStats> connectionStats() {
        List<ConnectionStats> out = new ArrayList<>(connections.size());
        for (StreamConnection c : connections) {
            out.add(c.stats());
        }
        return out;
    }

    // ---- REST

    private SymbolFeed restFeed(String symbol) throws RestError {
        if (symbol == null || symbol.isEmpty()) {
            throw RestError.badRequest(-1102,
                    "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
        }
        SymbolFeed f = feeds.get(symbol);
        if (f == null && !listing.containsKey(symbol)) {
            throw RestError.badRequest(-1121, "Invalid symbol.");
        }
        return f;
    }

    /** The JSON array of {@code GET /fapi/v1/aggTrades}; the parameters are validated by the caller. */
    synchronized String aggTrades(String symbol, Long fromId, Long startTime, Long endTime, int limit)
            throws RestError {
        SymbolFeed f = restFeed(symbol);
        StringBuilder sb = new StringBuilder(limit * 100 + 2).append('[');
        if (f != null) {
            List<AggTrade> page = new ArrayList<>(Math.min(limit, f.history.size()));
            TradeHistory h = f.history;
            if (fromId != null || startTime != null) {
                int i = fromId != null ? h.indexOfId(fromId) : h.indexOfTime(startTime);
                for (; i < h.size() && page.size() < limit; i++) {
                    AggTrade t = h.get(i);
                    if (endTime != null && t.tradeTimeMs > endTime) {
                        break;
                    }
                    if (!f.isLost(t.id)) {
                        page.add(t);
                    }
                }
            } else {
                int end = endTime != null ? h.indexOfTime(endTime + 1) : h.size();
                for (int i = end - 1; i >= 0 && page.size() < limit; i--) {
                    AggTrade t = h.get(i);
                    if (!f.isLost(t.id)) {
                        page.add(t);
                    }
                }
                Collections.reverse(page);
            }
            for (int i = 0; i < page.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                WireFormat.restAggTrade(sb, page.get(i));
            }
        }
        return sb.append(']').toString();
    }

    /** The JSON array of {@code GET /fapi/v1/historicalTrades}: raw trades, for symbols recorded as raw trades. */
    synchronized String historicalTrades(String symbol, Long fromId, int limit) throws RestError {
        SymbolFeed f = restFeed(symbol);
        List<RawTrade> page = new ArrayList<>();
        if (f != null) {
            TradeHistory h = f.history;
            if (fromId != null) {
                for (int i = firstAggEndingAtOrAfter(h, fromId); i < h.size() && page.size() < limit; i++) {
                    AggTrade t = h.get(i);
                    if (f.isLost(t.id)) {
                        continue;
                    }
                    for (RawTrade r : t.rawTrades) {
                        if (r.id >= fromId && page.size() < limit) {
                            page.add(r);
                        }
                    }
                }
            } else {
                for (int i = h.size() - 1; i >= 0 && page.size() < limit; i--) {
                    AggTrade t = h.get(i);
                    if (f.isLost(t.id)) {
                        continue;
                    }
                    for (int j = t.rawTrades.size() - 1; j >= 0 && page.size() < limit; j--) {
                        page.add(t.rawTrades.get(j));
                    }
                }
                Collections.reverse(page);
            }
        }
        StringBuilder sb = new StringBuilder(page.size() * 110 + 2).append('[');
        for (int i = 0; i < page.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            WireFormat.restRawTrade(sb, page.get(i));
        }
        return sb.append(']').toString();
    }

    private static int firstAggEndingAtOrAfter(TradeHistory h, long rawId) {
        int lo = 0;
        int hi = h.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (h.get(mid).lastTradeId < rawId) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** {@code GET /fapi/v1/exchangeInfo}, with the fields discovery reads and Binance's other fields beside them. */
    synchronized String exchangeInfo(long serverTimeMs) {
        ObjectNode root = JSON.createObjectNode();
        root.put("timezone", "UTC");
        root.put("serverTime", serverTimeMs);
        root.put("futuresType", "U_MARGINED");
        ArrayNode limits = root.putArray("rateLimits");
        limits.addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE").put("intervalNum", 1)
                .put("limit", weightLimitPerMinute);
        limits.addObject().put("rateLimitType", "ORDERS").put("interval", "MINUTE").put("intervalNum", 1)
                .put("limit", 1200);
        root.putArray("exchangeFilters");
        root.putArray("assets");
        ArrayNode symbols = root.putArray("symbols");
        for (ListedSymbol s : listing.values()) {
            SymbolFeed f = feeds.get(s.symbol);
            int pricePrecision = f == null ? 2 : f.pricePrecision;
            int quantityPrecision = f == null ? 3 : f.quantityPrecision;
            ObjectNode o = symbols.addObject();
            o.put("symbol", s.symbol);
            o.put("pair", s.pair);
            o.put("contractType", s.contractType);
            o.put("deliveryDate", 4133404800000L);
            o.put("onboardDate", 1569398400000L);
            o.put("status", s.status);
            o.put("maintMarginPercent", "2.5000");
            o.put("requiredMarginPercent", "5.0000");
            o.put("baseAsset", s.baseAsset);
            o.put("quoteAsset", s.quoteAsset);
            o.put("marginAsset", s.quoteAsset);
            o.put("pricePrecision", pricePrecision);
            o.put("quantityPrecision", quantityPrecision);
            o.put("baseAssetPrecision", 8);
            o.put("quotePrecision", 8);
            o.put("underlyingType", "COIN");
            o.putArray("underlyingSubType");
            o.put("triggerProtect", "0.0500");
            o.put("liquidationFee", "0.012500");
            o.put("marketTakeBound", "0.05");
            ArrayNode filters = o.putArray("filters");
            filters.addObject().put("filterType", "PRICE_FILTER").put("tickSize", step(pricePrecision));
            filters.addObject().put("filterType", "LOT_SIZE").put("stepSize", step(quantityPrecision));
            ArrayNode orderTypes = o.putArray("orderTypes");
            for (String type : new String[] {"LIMIT", "MARKET", "STOP", "STOP_MARKET", "TAKE_PROFIT",
                "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"}) {
                orderTypes.add(type);
            }
            o.putArray("timeInForce").add("GTC").add("IOC").add("FOK").add("GTX").add("GTD");
        }
        return root.toString();
    }

    private static String step(int precision) {
        return BigDecimal.ONE.movePointLeft(precision).toPlainString();
    }
}
