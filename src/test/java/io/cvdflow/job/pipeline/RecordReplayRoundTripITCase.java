package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.record.FrameRecorder;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.connector.binance.source.BinanceTradeSource;
import io.cvdflow.connector.binance.testutils.fakeexchange.FakeBinanceExchange;
import io.cvdflow.connector.binance.testutils.fakeexchange.Recordings;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live job against the fake exchange, with `cvd record` capturing the same feed: replaying the recording
 * gives exactly the live run's Z records.
 */
class RecordReplayRoundTripITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final List<String> SYMBOLS = List.of("SANDUSDT", "CTKUSDT", "BATUSDT", "NEOUSDT", "CHRUSDT");

    @Test
    void replayingARecordingGivesTheLiveRunsZRecords(@TempDir Path tmp) throws Exception {
        CvdConfig config = CvdConfigLoader.fromYaml("job: {checkpoint-interval: 200ms}", "test", List.of());
        Path recordings = tmp.resolve("recordings");
        Path live = tmp.resolve("live");
        Path replayed = tmp.resolve("replayed");
        try (FakeBinanceExchange exchange = FakeBinanceExchange.builder()
                .tapes(Recordings.tapes(Recordings.USDM_SMALLCAPS)).start()) {
            FrameRecorder recorder = new FrameRecorder(exchange.marketStreamBaseUri().toString(), SYMBOLS, "aggTrade", recordings);
            Thread recording = new Thread(() -> {
                try {
                    recorder.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "recorder");
            recording.start();

            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
            env.setParallelism(2);
            CvdPipeline.build(env, config, BinanceTradeSource.builder()
                            .setSymbols(SYMBOLS)
                            .setWebSocketUrl(exchange.marketStreamBaseUri().toString())
                            .setRestUrl(exchange.restBaseUri().toString())
                            .build(),
                    "live trades", null, new JsonFileOutputs(live));
            JobClient job = env.executeAsync("live");

            waitFor(() -> subscribedStreams(exchange) == 2 * SYMBOLS.size(), "the recorder and the source to subscribe");
            int published = exchange.publishAll(Integer.MAX_VALUE);
            assertThat(published).isEqualTo(574);
            waitFor(() -> JobOutput.read(live).zRecords.size() == published, "the live job to commit every Z record");
            waitFor(() -> recorder.frames() >= published, "the recorder to write every frame");
            job.cancel().get();
            recorder.close();
            recording.join(10_000);
        }
        try (Stream<Path> files = Files.list(recordings)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .isNotEmpty()
                    .allMatch(name -> name.matches("recorded-aggTrade-\\d{8}-\\d{2}(\\.\\d+)?\\.gz"));
        }

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(2);
        CvdPipeline.build(env, config, RecordedTradeSource.builder().paths(recordings).build(), "recorded trades", null,
                new JsonFileOutputs(replayed));
        env.execute("replay of the recording");

        Map<String, ZRecord> fromLive = JobOutput.read(live).zByTrade();
        Map<String, ZRecord> fromRecording = JobOutput.read(replayed).zByTrade();
        assertThat(fromRecording.keySet()).isEqualTo(fromLive.keySet());
        fromLive.forEach((trade, r) -> assertThat(fromRecording.get(trade).sameValues(r))
                .as("%s live %s, replayed %s", trade, r, fromRecording.get(trade)).isTrue());
    }

    /** Streams subscribed over all open connections: the recorder's one and the source readers'. */
    private static long subscribedStreams(FakeBinanceExchange exchange) {
        return exchange.connections().stream().filter(c -> c.open).mapToLong(c -> c.streams.size()).sum();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
