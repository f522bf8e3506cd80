package io.cvdflow.connector.binance.testutils.fakeexchange;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.model.TradeKind;
import io.cvdflow.connector.binance.parse.RecordedFileReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real recordings in {@code ../shared/data} (found through the system property {@code cvd.shared.dir}, which
 * Surefire and Failsafe set), read into {@link SymbolTape}s with the connector's {@link RecordedFileReader}.
 */
public final class Recordings {
    /** USD-M ETHUSDT aggTrades, 40,333 (reconstructed: no {@code f}, {@code l}, {@code T}). */
    public static final String USDM_ETHUSDT = "usdm-futures/ethusdt-aggtrade-2025-10-17_19-reconstructed.jsonl.gz";
    /** USD-M aggTrades of SANDUSDT, CTKUSDT, BATUSDT, NEOUSDT, CHRUSDT, 574 in all. */
    public static final String USDM_SMALLCAPS = "usdm-futures/cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl";
    /** Spot BTCUSDT raw trades, two files that join without a gap. */
    public static final String[] SPOT_BTCUSDT = {"spot/recorded-ws-btcusdt_20240808.gz",
        "spot/recorded-ws-btcusdt_20240809.gz"};
    /** Spot ETHUSDT raw trades, two files that join without a gap. */
    public static final String[] SPOT_ETHUSDT = {"spot/recorded-ws-ethusdt_20240808.gz",
        "spot/recorded-ws-ethusdt_20240809.gz"};
    /** COIN-M BTCUSD_PERP raw trades (quantity in contracts), two files that join without a gap. */
    public static final String[] COINM_BTCUSD_PERP = {"coinm/recorded-ws-btcusd_perp_20240808.gz",
        "coinm/recorded-ws-btcusd_perp_20240809.gz"};
    /** Spot BTCUSDT aggTrades from a public dump, 5,000 with consecutive IDs. */
    public static final String SPOT_BTCUSDT_CSV = "spot/BTCUSDT-aggTrades-2026-01-01-first5000.csv";

    private static final Map<List<String>, List<Trade>> TRADES = new ConcurrentHashMap<>();
    private static final Map<List<String>, List<SymbolTape>> TAPES = new ConcurrentHashMap<>();

    private Recordings() {}

    /** {@code <cvd.shared.dir>/data}. */
    public static Path dataDir() {
        String shared = System.getProperty("cvd.shared.dir");
        if (shared == null) {
            throw new IllegalStateException("system property cvd.shared.dir is not set (Surefire and Failsafe set it)");
        }
        Path dir = Paths.get(shared, "data");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("no recordings at " + dir);
        }
        return dir;
    }

    /**
     * The valid trades of recordings (paths relative to {@link #dataDir()}), in file order. Kept for the JVM's life,
     * so test classes share one reading; the trades must not be modified.
     */
    public static List<Trade> trades(String... files) {
        return TRADES.computeIfAbsent(List.of(files), k -> {
            List<Trade> trades = new ArrayList<>();
            for (String f : files) {
                trades.addAll(RecordedFileReader.readTrades(dataDir().resolve(f)));
            }
            return Collections.unmodifiableList(trades);
        });
    }

    /**
     * One tape per symbol found in the recordings, in order of first appearance. Files of one symbol are read in
     * the order given, so that {@code _08} and {@code _09} join. Raw trades become aggTrades numbered from the first
     * raw trade's ID. Tapes are immutable and kept for the JVM's life.
     */
    public static List<SymbolTape> tapes(String... files) {
        return TAPES.computeIfAbsent(List.of(files), k -> read(files));
    }

    private static List<SymbolTape> read(String... files) {
        Map<String, List<Trade>> bySymbol = new LinkedHashMap<>();
        for (Trade t : trades(files)) {
            bySymbol.computeIfAbsent(t.symbol, s -> new ArrayList<>()).add(t);
        }
        List<SymbolTape> tapes = new ArrayList<>(bySymbol.size());
        for (List<Trade> trades : bySymbol.values()) {
            Trade first = trades.get(0);
            tapes.add(first.kind == TradeKind.TRADE
                    ? SymbolTape.ofRawTrades(trades, first.tradeId)
                    : SymbolTape.ofAggTrades(trades));
        }
        return List.copyOf(tapes);
    }

    /** The one tape of recordings that hold a single symbol. */
    public static SymbolTape tape(String... files) {
        List<SymbolTape> tapes = tapes(files);
        if (tapes.size() != 1) {
            throw new IllegalArgumentException("expected one symbol, found " + tapes.size());
        }
        return tapes.get(0);
    }
}
