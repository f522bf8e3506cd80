package io.cvdflow.connector.binance.replay.enumerator;

import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSourceOptions;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordingSplitPlannerTest {
    static RecordingSplitPlanner plannerOf(String... paths) {
        return new RecordingSplitPlanner(List.of(paths), RecordedTradeSourceOptions.INCLUDE_GLOB.defaultValue(),
                1000, 200_000);
    }

    private static String path(String relative) {
        return SharedData.file(relative).toAbsolutePath().normalize().toString();
    }

    @Test
    void groupsTheSharedRecordingsBySymbol() throws IOException {
        List<RecordingSplit> splits = plannerOf(SharedData.dir().toString()).plan();
        assertThat(splits).hasSize(4);
        assertThat(splits.get(0).splitId()).isEqualTo("recording-0");
        assertThat(splits.get(0).files()).containsExactly(path(SharedData.SPOT_CSV), path(SharedData.SPOT_BTC_08),
                path(SharedData.SPOT_BTC_09));
        assertThat(splits.get(0).symbols()).containsExactly("BTCUSDT");
        assertThat(splits.get(1).files()).containsExactly(path(SharedData.CRYPTOFEED));
        assertThat(splits.get(1).symbols()).containsExactly("BATUSDT", "CHRUSDT", "CTKUSDT", "NEOUSDT", "SANDUSDT");
        assertThat(splits.get(2).files()).containsExactly(path(SharedData.ETH_RECONSTRUCTED),
                path(SharedData.SPOT_ETH_08), path(SharedData.SPOT_ETH_09));
        assertThat(splits.get(2).symbols()).containsExactly("ETHUSDT");
        assertThat(splits.get(3).files()).containsExactly(path(SharedData.COINM_08), path(SharedData.COINM_09));
        assertThat(splits.get(3).symbols()).containsExactly("BTCUSD_PERP");
        assertThat(splits).allSatisfy(s -> {
            assertThat(s.fileIndex()).isZero();
            assertThat(s.linesConsumed()).isZero();
            assertThat(s.pass()).isZero();
        });
    }

    @Test
    void filesNamedDirectlyAreReadWhateverTheirName() throws IOException {
        String readme = SharedData.dir().resolve("README.md").toString();
        List<RecordingSplit> splits = plannerOf(readme, path(SharedData.CRYPTOFEED)).plan();
        assertThat(splits).extracting(RecordingSplit::files)
                .containsExactly(List.of(readme), List.of(path(SharedData.CRYPTOFEED)));
        assertThatThrownBy(() -> plannerOf("/no/such/dir").plan()).hasMessageContaining("/no/such/dir");
    }

    @Test
    void sharedSymbolsChainFilesTogether() {
        Map<Path, Set<String>> symbols = new LinkedHashMap<>();
        symbols.put(Paths.get("/x/c.gz"), Set.of("Y"));
        symbols.put(Paths.get("/x/a.gz"), Set.of("X"));
        symbols.put(Paths.get("/y/b.gz"), Set.of("X", "Y"));
        symbols.put(Paths.get("/x/d.gz"), Set.of());
        symbols.put(Paths.get("/x/e.gz"), Set.of("Z"));
        List<RecordingSplit> splits = RecordingSplitPlanner.group(symbols);
        assertThat(splits).extracting(RecordingSplit::files).containsExactly(
                List.of("/x/a.gz", "/y/b.gz", "/x/c.gz"), List.of("/x/d.gz"), List.of("/x/e.gz"));
        assertThat(splits).extracting(RecordingSplit::splitId)
                .containsExactly("recording-0", "recording-1", "recording-2");
    }
}
