package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.parse.BinanceSymbol;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.replay.RecordedTradeSourceOptions;
import io.cvdflow.connector.binance.replay.enumerator.RecordingSplitPlanner;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which recordings a validation or sweep reads, which series they hold, and how many trades each series has
 * (read once before the runs, for the progress estimate and so that every series is known up front).
 *
 * <p>{@link Grouping#PER_FILE}: each file is a recording of its own. The job keys by symbol, so files are packed
 * into as few job runs as possible such that no symbol appears twice in a run; within a run a symbol is one
 * series. {@link Grouping#JOINED}: all inputs in one run, a symbol's files continuing one another in file-name
 * order, as {@code ./cvd replay} reads them.
 */
public final class RecordingPlan {
    /** Label of the one recording of a {@link Grouping#JOINED} plan. */
    public static final String JOINED_LABEL = "all inputs";

    /** How files form recordings. */
    public enum Grouping {
        PER_FILE,
        JOINED
    }

    /** One job run: its files, and the series each symbol in it is. */
    public static final class Run {
        private final List<Path> files = new ArrayList<>();
        private final Map<String, SeriesId> seriesBySymbol = new TreeMap<>();

        public List<Path> files() {
            return Collections.unmodifiableList(files);
        }

        public Map<String, SeriesId> seriesBySymbol() {
            return Collections.unmodifiableMap(seriesBySymbol);
        }
    }

    private final List<Run> runs;
    private final Map<SeriesId, Long> trades;

    private RecordingPlan(List<Run> runs, Map<SeriesId, Long> trades) {
        this.runs = Collections.unmodifiableList(runs);
        this.trades = Collections.unmodifiableMap(trades);
    }

    /**
     * Finds the recordings under {@code inputs} (files, or directories searched as the replay source searches
     * them) and counts their valid trades per symbol.
     *
     * @param symbols only these symbols (any case), or empty for all
     */
    public static RecordingPlan of(List<Path> inputs, Set<String> symbols, Grouping grouping) throws IOException {
        Set<String> wanted = new TreeSet<>();
        for (String s : symbols) {
            String canonical = BinanceSymbol.normalize(s);
            if (canonical == null) {
                throw new IllegalArgumentException("not a symbol (" + BinanceSymbol.PATTERN + "): " + s);
            }
            wanted.add(canonical);
        }
        List<String> paths = new ArrayList<>();
        inputs.forEach(p -> paths.add(p.toString()));
        Set<Path> files = new TreeSet<>();
        for (RecordingSplit split : new RecordingSplitPlanner(paths,
                RecordedTradeSourceOptions.INCLUDE_GLOB.defaultValue(), 1, 1).plan()) {
            split.files().forEach(f -> files.add(Paths.get(f)));
        }
        Map<Path, Map<String, Long>> counts = new LinkedHashMap<>();
        for (Path file : files) {
            Map<String, Long> bySymbol = countTrades(file, wanted);
            if (!bySymbol.isEmpty()) {
                counts.put(file, bySymbol);
            }
        }
        return grouping == Grouping.JOINED ? joined(counts) : perFile(counts);
    }

    private static Map<String, Long> countTrades(Path file, Set<String> wanted) throws IOException {
        Map<String, Long> bySymbol = new TreeMap<>();
        try (RecordedFileReader reader = RecordedFileReader.open(file)) {
            FeedEvent event;
            while ((event = reader.next()) != null) {
                if (event.trade != null && (wanted.isEmpty() || wanted.contains(event.trade.symbol))) {
                    bySymbol.merge(event.trade.symbol, 1L, Long::sum);
                }
            }
        }
        return bySymbol;
    }

    private static RecordingPlan perFile(Map<Path, Map<String, Long>> counts) {
        List<Run> runs = new ArrayList<>();
        Map<SeriesId, Long> trades = new TreeMap<>();
        for (Map.Entry<Path, Map<String, Long>> e : counts.entrySet()) {
            Set<String> symbols = e.getValue().keySet();
            Run run = runs.stream()
                    .filter(r -> Collections.disjoint(r.seriesBySymbol.keySet(), symbols))
                    .findFirst()
                    .orElseGet(() -> {
                        Run r = new Run();
                        runs.add(r);
                        return r;
                    });
            run.files.add(e.getKey());
            String recording = e.getKey().getFileName().toString();
            e.getValue().forEach((symbol, n) -> {
                SeriesId id = new SeriesId(recording, symbol);
                run.seriesBySymbol.put(symbol, id);
                trades.merge(id, n, Long::sum);
            });
        }
        return new RecordingPlan(runs, trades);
    }

    private static RecordingPlan joined(Map<Path, Map<String, Long>> counts) {
        Run run = new Run();
        Map<SeriesId, Long> trades = new TreeMap<>();
        counts.forEach((file, bySymbol) -> {
            run.files.add(file);
            bySymbol.forEach((symbol, n) -> {
                SeriesId id = new SeriesId(JOINED_LABEL, symbol);
                run.seriesBySymbol.put(symbol, id);
                trades.merge(id, n, Long::sum);
            });
        });
        return new RecordingPlan(run.files.isEmpty() ? List.of() : List.of(run), trades);
    }

    public List<Run> runs() {
        return runs;
    }

    /** Valid trades of every series, by series in order. */
    public Map<SeriesId, Long> trades() {
        return trades;
    }

    public long totalTrades() {
        return trades.values().stream().mapToLong(Long::longValue).sum();
    }
}
