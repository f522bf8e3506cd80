package io.cvdflow.connector.binance.replay.enumerator;

import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import org.apache.flink.annotation.Internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the recordings under the configured paths and groups them into splits: files sharing a symbol (by a
 * sniff of their first trades, and CSV dump names) end up in one split, in file-name order, so that no symbol is
 * read by two readers at once and its IDs are checked across files.
 */
@Internal
public final class RecordingSplitPlanner {
    private final List<String> paths;
    private final PathMatcher include;
    private final int sniffTrades;
    private final long sniffLines;

    /**
     * @param includeGlob files found in directories must match this glob on their name; files named directly
     *     are always read
     */
    public RecordingSplitPlanner(List<String> paths, String includeGlob, int sniffTrades, long sniffLines) {
        this.paths = List.copyOf(paths);
        this.include = FileSystems.getDefault().getPathMatcher("glob:" + includeGlob);
        this.sniffTrades = sniffTrades;
        this.sniffLines = sniffLines;
    }

    public List<RecordingSplit> plan() throws IOException {
        List<Path> files = findFiles();
        Map<Path, Set<String>> symbols = new LinkedHashMap<>();
        for (Path file : files) {
            symbols.put(file, RecordedFileReader.sniffSymbols(file, sniffTrades, sniffLines));
        }
        return group(symbols);
    }

    /** Splits from files and their symbols: connected components of "shares a symbol". */
    static List<RecordingSplit> group(Map<Path, Set<String>> symbolsByFile) {
        List<Path> files = new ArrayList<>(symbolsByFile.keySet());
        int[] parent = new int[files.size()];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        Map<String, Integer> firstFileOfSymbol = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            for (String symbol : symbolsByFile.get(files.get(i))) {
                Integer other = firstFileOfSymbol.putIfAbsent(symbol, i);
                if (other != null) {
                    parent[root(parent, i)] = root(parent, other);
                }
            }
        }
        Map<Integer, List<Path>> groups = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            groups.computeIfAbsent(root(parent, i), r -> new ArrayList<>()).add(files.get(i));
        }
        Comparator<Path> byName = Comparator.comparing((Path p) -> p.getFileName().toString())
                .thenComparing(Path::toString);
        List<List<Path>> ordered = groups.values().stream()
                .peek(g -> g.sort(byName))
                .sorted(Comparator.comparing(g -> g.get(0), byName))
                .collect(Collectors.toList());
        List<RecordingSplit> splits = new ArrayList<>();
        for (List<Path> group : ordered) {
            Set<String> symbols = new TreeSet<>();
            group.forEach(f -> symbols.addAll(symbolsByFile.get(f)));
            splits.add(RecordingSplit.unread("recording-" + splits.size(),
                    group.stream().map(Path::toString).collect(Collectors.toList()), symbols));
        }
        return splits;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private List<Path> findFiles() throws IOException {
        Set<Path> found = new TreeSet<>();
        for (String path : paths) {
            Path p = Paths.get(path).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .filter(f -> include.matches(f.getFileName()))
                            .forEach(found::add);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else if (Files.isRegularFile(p)) {
                found.add(p);
            } else {
                throw new IOException("no such recording or directory: " + p);
            }
        }
        return new ArrayList<>(found);
    }
}
