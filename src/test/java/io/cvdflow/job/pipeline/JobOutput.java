package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.TradeGap;
import io.cvdflow.job.model.ControlCommand;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.SignalType;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.quality.QualityReport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed JSON-lines output of a job run, read back through the same JSON mapping the job writes with. */
final class JobOutput {
    final List<ZRecord> zRecords;
    final List<DeadLetter> deadLetters;
    final List<Signal> signals;
    final List<TradeGap> gaps;
    final List<QualityReport> qualityReports;
    final List<ControlCommand> issuedCommands;

    private JobOutput(Path dir) {
        zRecords = read(dir.resolve(JsonFileOutputs.Z_DIR), ZRecord.class);
        deadLetters = read(dir.resolve(JsonFileOutputs.DEAD_LETTER_DIR), DeadLetter.class);
        signals = read(dir.resolve(JsonFileOutputs.SIGNALS_DIR), Signal.class);
        gaps = signals.stream().filter(s -> s.type == SignalType.GAP).map(s -> s.gap).collect(Collectors.toList());
        qualityReports = read(dir.resolve(JsonFileOutputs.QUALITY_DIR), QualityReport.class);
        issuedCommands = read(dir.resolve(JsonFileOutputs.CONTROL_DIR), ControlCommand.class);
    }

    static JobOutput read(Path dir) {
        return new JobOutput(dir);
    }

    /** Z records by {@code symbol#tradeId}; fails on a record that appears twice. */
    Map<String, ZRecord> zByTrade() {
        Map<String, ZRecord> out = new LinkedHashMap<>();
        for (ZRecord r : zRecords) {
            ZRecord previous = out.put(r.symbol + "#" + r.tradeId, r);
            assertThat(previous).as("trade %s#%d emitted twice", r.symbol, r.tradeId).isNull();
        }
        return out;
    }

    private static <T> List<T> read(Path dir, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        List<Path> files;
        // the sink writes committed files straight into dir; listing (not walking) never stats a vanishing in-progress file
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")
                    && !p.getFileName().toString().startsWith(".")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path f : files) {
            try (Stream<String> lines = Files.lines(f)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    out.add(JsonLines.mapper().readValue(line, type));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return out;
    }
}
