package io.cvdflow.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Per-symbol figures of a finished replay, read back from its output directory. */
public final class ReplaySummary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_SYMBOL = "(no symbol)";

    private final Map<String, Row> rows = new TreeMap<>();

    /** One symbol's line. */
    public static final class Row {
        public long trades;
        public long zValues;
        public long over2;
        public long over3;
        public long gaps;
        public long missingIds;
        public long deadLetters;

        public double tailP2() {
            return zValues == 0 ? 0 : (double) over2 / zValues;
        }

        public double tailP3() {
            return zValues == 0 ? 0 : (double) over3 / zValues;
        }
    }

    public static ReplaySummary read(Path outputDir) {
        ReplaySummary s = new ReplaySummary();
        eachLine(outputDir.resolve("z"), n -> {
            Row r = s.row(n.path("symbol").asText());
            r.trades++;
            JsonNode z = n.path("z");
            if (z.isNumber()) {
                r.zValues++;
                double a = Math.abs(z.asDouble());
                if (a > 2) {
                    r.over2++;
                }
                if (a > 3) {
                    r.over3++;
                }
            }
        });
        eachLine(outputDir.resolve("deadletter"), n -> s.row(n.path("symbol").isTextual()
                ? n.path("symbol").asText() : NO_SYMBOL).deadLetters++);
        eachLine(outputDir.resolve("signals"), n -> {
            JsonNode gap = n.path("gap");
            if (gap.isObject()) {
                Row r = s.row(n.path("symbol").asText());
                r.gaps++;
                r.missingIds += gap.path("lastMissingId").asLong() - gap.path("firstMissingId").asLong() + 1;
            }
        });
        return s;
    }

    public Map<String, Row> rows() {
        return rows;
    }

    private Row row(String symbol) {
        return rows.computeIfAbsent(symbol, k -> new Row());
    }

    public void print(PrintStream out) {
        out.printf("%-14s %10s %10s %9s %9s %6s %10s %12s%n",
                "symbol", "trades", "z values", "P(|Z|>2)", "P(|Z|>3)", "gaps", "missing", "dead letters");
        Row total = new Row();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            printRow(out, e.getKey(), r);
            total.trades += r.trades;
            total.zValues += r.zValues;
            total.over2 += r.over2;
            total.over3 += r.over3;
            total.gaps += r.gaps;
            total.missingIds += r.missingIds;
            total.deadLetters += r.deadLetters;
        }
        printRow(out, "total", total);
    }

    private static void printRow(PrintStream out, String name, Row r) {
        out.printf("%-14s %10d %10d %8.2f%% %8.2f%% %6d %10d %12d%n",
                name, r.trades, r.zValues, 100 * r.tailP2(), 100 * r.tailP3(), r.gaps, r.missingIds, r.deadLetters);
    }

    private static void eachLine(Path dir, Consumer<JsonNode> consumer) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")
                            && !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            try (BufferedReader reader = Files.newBufferedReader(f)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isEmpty()) {
                        consumer.accept(JSON.readTree(line));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
    }
}
