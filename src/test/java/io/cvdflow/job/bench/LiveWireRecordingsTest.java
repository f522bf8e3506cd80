package io.cvdflow.job.bench;

import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's live-wire rewrite of the recordings reads back as the same trades, file by file. */
class LiveWireRecordingsTest {
    @Test
    void everyRecordingReadsBackAsTheSameTrades(@TempDir Path dir) throws Exception {
        List<Path> recordings = SharedData.all();
        long written = LiveWireRecordings.write(recordings, SharedData.dir(), dir);

        long total = 0;
        for (Path file : recordings) {
            List<Trade> original = RecordedFileReader.readTrades(file);
            List<Trade> rewritten = RecordedFileReader.readTrades(
                    dir.resolve(SharedData.dir().relativize(file).toString() + ".jsonl"));
            // a recorder's receive time is not part of a live frame
            original.forEach(t -> t.recordedAtNanos = -1);
            assertThat(rewritten).as(file.toString()).isEqualTo(original);
            total += original.size();
        }
        assertThat(written).isEqualTo(total).isEqualTo(85_561);
    }
}
