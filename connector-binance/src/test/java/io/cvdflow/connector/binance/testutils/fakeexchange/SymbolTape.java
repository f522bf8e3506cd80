package io.cvdflow.connector.binance.testutils.fakeexchange;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggTrades one symbol will publish, in order, with consecutive {@code a}. Built from a recording's trades:
 * recorded aggTrades are served as they are (renumbered so that the exchange's own sequence has no holes: the
 * recorder missed those trades, the exchange did not), recorded raw trades are merged into aggTrades as Binance
 * does. A tape can be re-keyed under another symbol name and made to cycle: after its last trade it starts over with
 * IDs and times moved on, a faithfully derived continuation for long paced runs.
 *
 * <p>{@link Trade} does not carry {@code f}/{@code l}, so for recorded aggTrades each one stands for one underlying
 * trade with {@code f = l = a}. Prices and quantities become the shortest decimal strings of the recorded values,
 * which equal the recorded decimals without their trailing zeros (Binance's USD-M format).
 */
public final class SymbolTape {
    /** Pacing by recorded time skips quiet stretches longer than this (recordings have hours between runs). */
    static final long MAX_PACE_GAP_MS = 10_000;
    /** Pause between two cycles of a cycling tape, in trade time and in pace. */
    static final long CYCLE_GAP_MS = 1_000;
    /** {@code E - T} when the recording has no separate event time. */
    public static final long DEFAULT_EVENT_DELAY_MS = 5;

    private final String symbol;
    private final List<AggTrade> trades;
    private final long[] paceOffsetMs;
    private final boolean cycling;

    private SymbolTape(String symbol, List<AggTrade> trades, long[] paceOffsetMs, boolean cycling) {
        if (trades.isEmpty()) {
            throw new IllegalArgumentException("no trades for " + symbol);
        }
        this.symbol = symbol;
        this.trades = trades;
        this.paceOffsetMs = paceOffsetMs;
        this.cycling = cycling;
    }

    /**
     * Recorded aggTrades of one symbol, in recording order. Trades whose ID does not increase are recording
     * duplicates and are left out; the rest get consecutive IDs from the first recorded one.
     */
    public static SymbolTape ofAggTrades(List<Trade> recorded) {
        List<AggTrade> out = new ArrayList<>(recorded.size());
        long lastRecordedId = Long.MIN_VALUE;
        for (Trade t : recorded) {
            requireKind(t, TradeKind.AGG_TRADE);
            if (t.tradeId <= lastRecordedId) {
                continue;
            }
            lastRecordedId = t.tradeId;
            long a = out.isEmpty() ? t.tradeId : out.get(out.size() - 1).id + 1;
            out.add(new AggTrade(t.symbol, a, decimal(t.price), decimal(t.quantity), a, a, t.eventTimeMs,
                    eventTime(t), t.buyerMaker, List.of()));
        }
        return new SymbolTape(out.get(0).symbol, out, paceOffsets(out), false);
    }

    /**
     * Recorded raw trades of one symbol merged into aggTrades: consecutive raw trades with the same price, taker
     * side and trade time become one aggTrade ({@code f..l} = their IDs, {@code q} their exact decimal sum, {@code E}
     * the last one's), numbered from {@code firstAggId}. Raw trades whose ID does not increase are left out.
     */
    public static SymbolTape ofRawTrades(List<Trade> recorded, long firstAggId) {
        List<AggTrade> out = new ArrayList<>();
        List<RawTrade> group = new ArrayList<>();
        Trade groupHead = null;
        BigDecimal groupQuantity = BigDecimal.ZERO;
        long lastId = Long.MIN_VALUE;
        for (Trade t : recorded) {
            requireKind(t, TradeKind.TRADE);
            if (t.tradeId <= lastId) {
                continue;
            }
            lastId = t.tradeId;
            if (groupHead != null && !(groupHead.price == t.price && groupHead.buyerMaker == t.buyerMaker
                    && groupHead.eventTimeMs == t.eventTimeMs)) {
                out.add(merged(groupHead, group, groupQuantity, firstAggId + out.size()));
                group.clear();
                groupQuantity = BigDecimal.ZERO;
            }
            if (group.isEmpty()) {
                groupHead = t;
            }
            String q = decimal(t.quantity);
            group.add(new RawTrade(t.tradeId, decimal(t.price), q, t.eventTimeMs, eventTime(t), t.buyerMaker));
            groupQuantity = groupQuantity.add(new BigDecimal(q));
        }
        if (groupHead == null) {
            throw new IllegalArgumentException("no raw trades");
        }
        out.add(merged(groupHead, group, groupQuantity, firstAggId + out.size()));
        return new SymbolTape(groupHead.symbol, out, paceOffsets(out), false);
    }

    private static AggTrade merged(Trade head, List<RawTrade> group, BigDecimal quantity, long a) {
        RawTrade first = group.get(0);
        RawTrade last = group.get(group.size() - 1);
        return new AggTrade(head.symbol, a, first.price, quantity.stripTrailingZeros().toPlainString(), first.id,
                last.id, first.tradeTimeMs, last.eventTimeMs, head.buyerMaker, group);
    }

    private static void requireKind(Trade t, TradeKind kind) {
        if (t.kind != kind) {
            throw new IllegalArgumentException("expected " + kind + " but got " + t);
        }
    }

    private static long eventTime(Trade t) {
        return t.exchangeTimeMs > t.eventTimeMs ? t.exchangeTimeMs : t.eventTimeMs + DEFAULT_EVENT_DELAY_MS;
    }

    /** The shortest decimal string of a recorded value: the recorded decimal without trailing zeros. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static long[] paceOffsets(List<AggTrade> trades) {
        long[] offsets = new long[trades.size()];
        for (int i = 1; i < offsets.length; i++) {
            long gap = trades.get(i).tradeTimeMs - trades.get(i - 1).tradeTimeMs;
            offsets[i] = offsets[i - 1] + Math.max(0, Math.min(gap, MAX_PACE_GAP_MS));
        }
        return offsets;
    }

    /** The same trades under another symbol name (for example to serve 500 symbols from a few recordings). */
    public SymbolTape renamed(String newSymbol) {
        return new SymbolTape(newSymbol, trades, paceOffsetMs, cycling);
    }

    /** A tape that starts over after its last trade, with {@code a}, {@code f}/{@code l} and times moved on. */
    public SymbolTape cycling() {
        return new SymbolTape(symbol, trades, paceOffsetMs, true);
    }

    public String symbol() {
        return symbol;
    }

    public boolean isCycling() {
        return cycling;
    }

    /** The recorded trades once, under the recorded symbol. */
    public List<AggTrade> recorded() {
        return trades;
    }

    /** Whether the recording had raw trades, so that {@code <symbol>@trade} streams carry them. */
    public boolean hasRawTrades() {
        return !trades.get(0).rawTrades.isEmpty();
    }

    /** Trades in one pass (a cycling tape is unbounded). */
    public int size() {
        return trades.size();
    }

    /** The trade at a position, or null past the end of a tape that does not cycle. */
    AggTrade trade(long index) {
        int n = trades.size();
        if (!cycling && index >= n) {
            return null;
        }
        long cycle = index / n;
        AggTrade base = trades.get((int) (index % n));
        if (cycle == 0 && base.symbol.equals(symbol)) {
            return base;
        }
        AggTrade first = trades.get(0);
        AggTrade last = trades.get(n - 1);
        return base.moved(symbol, cycle * n, cycle * (last.lastTradeId - first.firstTradeId + 1),
                cycle * (last.tradeTimeMs - first.tradeTimeMs + CYCLE_GAP_MS));
    }

    /** Milliseconds from the tape's start at recorded pace at which the trade at a position happens. */
    long paceOffsetMs(long index) {
        int n = trades.size();
        return index / n * (paceOffsetMs[n - 1] + CYCLE_GAP_MS) + paceOffsetMs[(int) (index % n)];
    }
}
