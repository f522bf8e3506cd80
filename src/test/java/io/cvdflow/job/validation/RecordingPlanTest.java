package io.cvdflow.job.validation;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recordings, series and job runs planned from all the shared data. */
class RecordingPlanTest {
    @Test
    void perFileEveryFileIsARecordingAndNoRunHasASymbolTwice() throws Exception {
        RecordingPlan plan = RecordingPlan.of(List.of(SharedData.dir()), Set.of(), RecordingPlan.Grouping.PER_FILE);
        Map<SeriesId, Long> expected = new TreeMap<>();
        for (Path file : SharedData.all()) {
            for (Trade t : RecordedFileReader.readTrades(file)) {
                expected.merge(new SeriesId(file.getFileName().toString(), t.symbol), 1L, Long::sum);
            }
        }
        assertThat(plan.trades()).isEqualTo(expected);
        assertThat(plan.trades()).hasSize(13);
        assertThat(plan.totalTrades()).isEqualTo(expected.values().stream().mapToLong(Long::longValue).sum());
        Set<Path> files = new HashSet<>();
        for (RecordingPlan.Run run : plan.runs()) {
            files.addAll(run.files());
            assertThat(run.seriesBySymbol().values()).allMatch(id -> run.files().stream()
                    .anyMatch(f -> f.getFileName().toString().equals(id.recording())));
        }
        assertThat(files).hasSize(SharedData.all().size());
        // BTCUSDT is in three files (two spot recordings and the 2026 dump): three runs at least, and no more needed
        assertThat(plan.runs()).hasSize(3);
        assertThat(plan.runs().stream().mapToInt(r -> r.seriesBySymbol().size()).sum()).isEqualTo(13);
    }

    @Test
    void joinedASymbolIsOneSeriesAcrossFiles() throws Exception {
        RecordingPlan plan = RecordingPlan.of(List.of(SharedData.dir()), Set.of(), RecordingPlan.Grouping.JOINED);
        assertThat(plan.runs()).singleElement().satisfies(r -> assertThat(r.files()).hasSize(SharedData.all().size()));
        assertThat(plan.trades().keySet()).extracting(SeriesId::symbol).containsExactly(
                "BATUSDT", "BTCUSDT", "BTCUSD_PERP", "CHRUSDT", "CTKUSDT", "ETHUSDT", "NEOUSDT", "SANDUSDT");
        assertThat(plan.trades().keySet()).extracting(SeriesId::recording).containsOnly(RecordingPlan.JOINED_LABEL);
        assertThat(plan.totalTrades()).isEqualTo(
                RecordingPlan.of(List.of(SharedData.dir()), Set.of(), RecordingPlan.Grouping.PER_FILE).totalTrades());
    }

    @Test
    void symbolsFilterInAnyCase() throws Exception {
        RecordingPlan plan = RecordingPlan.of(List.of(SharedData.dir()), Set.of("ethusdt"), RecordingPlan.Grouping.PER_FILE);
        assertThat(plan.trades().keySet()).extracting(SeriesId::symbol).containsOnly("ETHUSDT").hasSize(3);
        assertThat(plan.runs()).hasSize(3);
        assertThatThrownBy(() -> RecordingPlan.of(List.of(SharedData.dir()), Set.of("no such!"), RecordingPlan.Grouping.PER_FILE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a symbol");
    }
}
