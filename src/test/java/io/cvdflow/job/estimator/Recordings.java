package io.cvdflow.job.estimator;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The trades of every real recording, one list per file and symbol, in file order; read once per JVM. */
final class Recordings {
    /** One symbol's trades from one recording. */
    record Series(String file, String symbol, List<Trade> trades) {
        String label() {
            return file + " " + symbol;
        }
    }

    private static List<Series> all;

    private Recordings() {}

    static synchronized List<Series> all() {
        if (all == null) {
            List<Series> series = new ArrayList<>();
            for (Path file : SharedData.all()) {
                Map<String, List<Trade>> bySymbol = new TreeMap<>();
                for (Trade t : RecordedFileReader.readTrades(file)) {
                    bySymbol.computeIfAbsent(t.symbol, s -> new ArrayList<>()).add(t);
                }
                bySymbol.forEach((symbol, trades) ->
                        series.add(new Series(file.getFileName().toString(), symbol, Collections.unmodifiableList(trades))));
            }
            all = Collections.unmodifiableList(series);
        }
        return all;
    }

    /** The series with the most trades. */
    static Series busiest() {
        return all().stream().max((a, b) -> Integer.compare(a.trades().size(), b.trades().size())).orElseThrow();
    }

    /** The series of {@code fileName} and {@code symbol}. */
    static Series of(String fileName, String symbol) {
        return all().stream()
                .filter(s -> s.file().equals(fileName) && s.symbol().equals(symbol))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no recording " + fileName + " " + symbol));
    }
}
