package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.model.Signal;
import io.cvdflow.job.model.SignalType;
import io.cvdflow.job.model.ZRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Control commands through the job's broadcast path: a switch moves a symbol to another profile (acknowledged
 * with the new fingerprint), invalid commands become dead letters, and the job carries on with its parameters.
 */
class ControlCommandsITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void commandsSwitchProfilesAndBadOnesAreDeadLettered(@TempDir Path out) throws Exception {
        CvdConfig config = CvdConfigLoader.defaults();
        List<String> commands = List.of(
                "{\"action\":\"switch-profile\",\"symbol\":\"BTCUSDT\",\"profile\":\"baseline\",\"reason\":\"test\"}",
                "{\"action\":\"switch-profile\",\"symbol\":\"BTCUSDT\",\"profile\":\"no-such-profile\"}",
                "{\"action\":\"set-parameters\",\"symbol\":\"*\",\"parameters\":{\"SCALE_FAST_WEIGHT\":7}}",
                "not a command at all",
                "{\"action\":\"pin-fingerprint\",\"symbol\":\"SANDUSDT\",\"fingerprint\":\"0000000000000000\"}");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(2);
        CvdPipeline.build(env, config,
                RecordedTradeSource.builder().paths(SharedData.file(SharedData.SPOT_BTC_08), SharedData.file(SharedData.CRYPTOFEED))
                        .recordedPace(200).build(),
                "recorded trades",
                new DataGeneratorSource<>(new FromElementsGeneratorFunction<>(Types.STRING, commands.toArray(new String[0])),
                        commands.size(), Types.STRING),
                new JsonFileOutputs(out));
        env.execute("control commands");

        JobOutput output = JobOutput.read(out);
        List<DeadLetter> refused = output.deadLetters.stream()
                .filter(d -> d.reason == RejectReason.INVALID_COMMAND).collect(Collectors.toList());
        assertThat(refused).extracting(d -> d.detail).anySatisfy(d -> assertThat(d).contains("unknown profile 'no-such-profile'"))
                .anySatisfy(d -> assertThat(d).contains("SCALE_FAST_WEIGHT"))
                .anySatisfy(d -> assertThat(d).contains("not JSON"));
        assertThat(output.deadLetters).hasSizeGreaterThanOrEqualTo(3);

        String baseline = config.parameters("baseline", "BTCUSDT").fingerprint();
        List<ZRecord> btc = output.zRecords.stream().filter(r -> r.symbol.equals("BTCUSDT"))
                .sorted(java.util.Comparator.comparingLong(r -> r.tradeId)).collect(Collectors.toList());
        ZRecord last = btc.get(btc.size() - 1);
        assertThat(last.profile).isEqualTo("baseline");
        assertThat(last.fingerprint).isEqualTo(baseline);
        assertThat(output.zRecords.stream().filter(r -> !r.symbol.equals("BTCUSDT")))
                .allSatisfy(r -> assertThat(r.profile).isEqualTo("a1"));
        assertThat(output.signals.stream().filter(s -> s.type == SignalType.REJECTED).map(s -> s.symbol))
                .contains("SANDUSDT");
        List<Signal> acks = output.signals.stream().filter(s -> s.type == SignalType.ACK).collect(Collectors.toList());
        assertThat(acks).allSatisfy(a -> {
            assertThat(a.symbol).isEqualTo("BTCUSDT");
            assertThat(a.fingerprint).isEqualTo(baseline);
        });
    }
}
