package io.cvdflow.connector.binance.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The real recordings in {@code ../shared/data} (system property {@code cvd.shared.dir}). */
public final class SharedData {
    public static final String ETH_RECONSTRUCTED = "usdm-futures/ethusdt-aggtrade-2025-10-17_19-reconstructed.jsonl.gz";
    public static final String CRYPTOFEED = "usdm-futures/cryptofeed-aggtrade-2021-04-05-smallcaps.jsonl";
    public static final String SPOT_BTC_08 = "spot/recorded-ws-btcusdt_20240808.gz";
    public static final String SPOT_BTC_09 = "spot/recorded-ws-btcusdt_20240809.gz";
    public static final String SPOT_ETH_08 = "spot/recorded-ws-ethusdt_20240808.gz";
    public static final String SPOT_ETH_09 = "spot/recorded-ws-ethusdt_20240809.gz";
    public static final String COINM_08 = "coinm/recorded-ws-btcusd_perp_20240808.gz";
    public static final String COINM_09 = "coinm/recorded-ws-btcusd_perp_20240809.gz";
    public static final String SPOT_CSV = "spot/BTCUSDT-aggTrades-2026-01-01-first5000.csv";

    private SharedData() {}

    /** {@code <cvd.shared.dir>/data}; without the property (a benchmark run from the project root), {@code ../shared/data}. */
    public static Path dir() {
        return Paths.get(System.getProperty("cvd.shared.dir", "../shared"), "data").toAbsolutePath().normalize();
    }

    public static Path file(String relative) {
        return dir().resolve(relative);
    }

    /** Every recording, sorted. */
    public static List<Path> all() {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text lines of a recording, gunzipped when needed, read independently of the code under test. */
    public static List<String> lines(String relative) {
        Path path = file(relative);
        try (InputStream raw = Files.newInputStream(path);
                InputStream in = relative.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
