package io.cvdflow.job.pipeline;

import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.RejectReason;
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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Garbage mixed into real frames: the job neither fails nor restarts, every bad line is a dead letter with the
 * right reason, and the real trades come out exactly as they do without the garbage.
 */
class MalformedInputITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void badLinesBecomeDeadLettersAndRealTradesAreUnchanged(@TempDir Path tmp) throws Exception {
        List<String> real = SharedData.lines(SharedData.CRYPTOFEED);
        String sample = real.get(0);
        Map<RejectReason, Integer> injected = new EnumMap<>(RejectReason.class);
        ByteArrayOutputStream dirty = new ByteArrayOutputStream();
        Random random = new Random(42);
        for (int i = 0; i < real.size(); i++) {
            line(dirty, real.get(i));
            switch (i % 9) {
                case 0:
                    line(dirty, sample.substring(0, sample.length() / 2));
                    injected.merge(RejectReason.NOT_JSON, 1, Integer::sum);
                    break;
                case 1:
                    line(dirty, sample.replaceFirst("\"q\":\"[^\"]*\"", "\"q\":true"));
                    injected.merge(RejectReason.NON_NUMERIC, 1, Integer::sum);
                    break;
                case 2:
                    line(dirty, sample.replaceFirst("\"q\":\"[^\"]*\"", "\"q\":\"NaN\""));
                    injected.merge(RejectReason.NON_FINITE, 1, Integer::sum);
                    break;
                case 3:
                    line(dirty, sample.replaceFirst("\"q\":\"[^\"]*\"", "\"q\":\"-3\""));
                    injected.merge(RejectReason.NON_POSITIVE_QUANTITY, 1, Integer::sum);
                    break;
                case 4:
                    line(dirty, sample.replaceFirst("\"q\":\"[^\"]*\"", "\"q\":\"0\""));
                    injected.merge(RejectReason.NON_POSITIVE_QUANTITY, 1, Integer::sum);
                    break;
                case 5:
                    line(dirty, "");
                    injected.merge(RejectReason.EMPTY_LINE, 1, Integer::sum);
                    break;
                case 6:
                    byte[] garbage = new byte[200];
                    random.nextBytes(garbage);
                    for (int g = 0; g < garbage.length; g++) {
                        if (garbage[g] == '\n' || garbage[g] == '\r') {
                            garbage[g] = 0;
                        }
                    }
                    garbage[0] = (byte) 0xC3; // never a '{'
                    dirty.write(garbage, 0, garbage.length);
                    dirty.write('\n');
                    injected.merge(RejectReason.NOT_JSON, 1, Integer::sum);
                    break;
                case 7:
                    if (i < 100) {
                        line(dirty, sample.replace("\"p\":", "\"pad\":\"" + "x".repeat(1 << 20) + "\",\"p\":"));
                        injected.merge(RejectReason.LINE_TOO_LONG, 1, Integer::sum);
                    }
                    break;
                default:
                    line(dirty, sample.replaceFirst(",\"s\":\"[A-Z]+\"", ""));
                    injected.merge(RejectReason.UNKNOWN_SYMBOL, 1, Integer::sum);
                    break;
            }
        }
        Path dirtyFile = tmp.resolve("dirty").resolve("cryptofeed-with-garbage.jsonl");
        Files.createDirectories(dirtyFile.getParent());
        Files.write(dirtyFile, dirty.toByteArray());

        Path cleanOut = tmp.resolve("clean-out");
        Path dirtyOut = tmp.resolve("dirty-out");
        run(SharedData.file(SharedData.CRYPTOFEED), cleanOut);
        run(dirtyFile, dirtyOut);

        JobOutput dirtyOutput = JobOutput.read(dirtyOut);
        Map<RejectReason, Integer> rejected = dirtyOutput.deadLetters.stream().collect(Collectors.groupingBy(
                d -> d.reason, () -> new EnumMap<>(RejectReason.class), Collectors.summingInt(d -> 1)));
        assertThat(rejected).isEqualTo(injected);
        for (DeadLetter d : dirtyOutput.deadLetters) {
            assertThat(d.origin).startsWith("file:").contains("cryptofeed-with-garbage.jsonl:");
            assertThat(d.detail).isNotBlank();
            assertThat(d.raw.length()).isLessThanOrEqualTo(DeadLetter.MAX_RAW_CHARS);
        }
        Map<String, ZRecord> clean = JobOutput.read(cleanOut).zByTrade();
        Map<String, ZRecord> withGarbage = dirtyOutput.zByTrade();
        assertThat(withGarbage.keySet()).isEqualTo(clean.keySet());
        clean.forEach((k, r) -> assertThat(withGarbage.get(k).sameValues(r)).as("Z record of %s", k).isTrue());
    }

    private static void line(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    private static void run(Path input, Path out) throws Exception {
        CvdConfig config = CvdConfigLoader.defaults();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(1);
        CvdPipeline.build(env, config, RecordedTradeSource.builder().paths(input).build(), "recorded trades", null,
                new JsonFileOutputs(out));
        env.execute("malformed input test");
    }
}
