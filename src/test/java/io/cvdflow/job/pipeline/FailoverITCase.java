package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A job that fails after a checkpoint and restores from it writes exactly what an uninterrupted run writes. */
class FailoverITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());


    @Test
    void restoredRunEqualsUninterruptedRun(@TempDir Path clean, @TempDir Path failing) throws Exception {
        CvdConfig config = CvdConfigLoader.fromYaml("job: {checkpoint-interval: 100ms}", "test", List.of());
        List<Path> inputs = List.of(SharedData.file(SharedData.ETH_RECONSTRUCTED), SharedData.file(SharedData.SPOT_BTC_08),
                SharedData.file(SharedData.SPOT_BTC_09), SharedData.file(SharedData.CRYPTOFEED));

        run(config, inputs, new JsonFileOutputs(clean));
        FailOnceOutputs.reset();
        run(config, inputs, new FailOnceOutputs(new JsonFileOutputs(failing)));

        assertThat(FailOnceOutputs.failed()).as("the injected failure happened").isTrue();
        assertThat(FailOnceOutputs.recordsBeforeFailure()).as("the failure came mid-stream").isPositive();
        Map<String, ZRecord> expected = JobOutput.read(clean).zByTrade();
        Map<String, ZRecord> actual = JobOutput.read(failing).zByTrade();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((trade, r) -> assertThat(actual.get(trade).sameValues(r))
                .as("Z record of %s after the restore: %s, uninterrupted: %s", trade, actual.get(trade), r)
                .isTrue());
        assertThat(JobOutput.read(failing).gaps).hasSameSizeAs(JobOutput.read(clean).gaps);
    }

    private static void run(CvdConfig config, List<Path> inputs, CvdOutputs outputs) throws Exception {
        StreamExecutionEnvironment env = FailOnceOutputs.restartingEnvironment(config, 2);
        // recorded pace, fast: the replay lasts a few seconds, so checkpoints complete mid-stream
        CvdPipeline.build(env, config, RecordedTradeSource.builder().paths(inputs.toArray(new Path[0]))
                .recordedPace(40_000).build(), "recorded trades", null, outputs);
        env.execute("failover test");
    }
}
