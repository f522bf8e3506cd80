package io.cvdflow.job.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.CvdJob;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.control.ControlCommandParser;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.CvdOutputs;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.pipeline.FailOnceOutputs;
import io.cvdflow.job.pipeline.JsonFileOutputs;
import io.cvdflow.job.pipeline.JsonLines;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The automatic rollback loop over a real broker, on real BTCUSDT spot trades whose A1 delta Z is far too
 * heavy-tailed: three failing checks trigger, the rollback executes 30 s later by a command the job writes to
 * {@code cvd.control} and reads back like an operator's, the Z records switch profile and fingerprint, and the
 * verification confirms the calibrated profile. The signals come in the flow's order at its exact event times,
 * also when the job fails between the trigger and the execution and restores from a checkpoint. The same trades
 * under a calibrated profile roll nothing back, and thin real series never trigger, however extreme their tails.
 */
class RollbackLoopITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    private static final long PENDING_AT = Instant.parse("2024-08-08T23:59:00Z").toEpochMilli();
    private static final long EXECUTED_AT = Instant.parse("2024-08-08T23:59:30Z").toEpochMilli();
    private static final long NEXT_WINDOW = Instant.parse("2024-08-09T00:00:00Z").toEpochMilli();
    /** Before the last checkpoint of a run is surely committed: the runs are cancelled after 00:04:30. */
    private static final long COMPARED_UNTIL = Instant.parse("2024-08-09T00:04:00Z").toEpochMilli();
    private static final List<String> FLOW = List.of(
            "BREACHING 2024-08-08T23:57:00Z",
            "BREACHING 2024-08-08T23:58:00Z",
            "PENDING 2024-08-08T23:59:00Z",
            "EXECUTED 2024-08-08T23:59:30Z",
            "CONFIRMED 2024-08-09T00:04:30Z");
    /** The latency bound is wall-clock and so not a replay's to decide (a cold JVM's first second breaches it). */
    private static final String NO_LATENCY_BOUND = "quality: {latency-p95-max: 0}\n";
    private static final String BTC_SCALE = "symbols: {BTCUSDT: {quality: {scale-median-min: 0}}}";

    private static final String BREACHING = "estimator: {rollback-profile: calibrated, " + BTC_SCALE + "}\n" + NO_LATENCY_BOUND;

    @TempDir
    static Path replayDirectory;
    private static EmbeddedKafkaBroker broker;
    /** The uninterrupted breaching replay, run by {@code ./cvd replay} into files, its loop over the broker. */
    private static LoopRun clean;

    @BeforeAll
    static void startBrokerAndReplayTheBreach() throws Exception {
        broker = EmbeddedKafkaBroker.start(0);
        clean = replayCommand("loop");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    /** {@code ./cvd replay} closes the loop through the control topic as {@code ./cvd run} does, and ends. */
    @Test
    void aBreachRollsTheSymbolBackThroughTheControlTopicAndIsConfirmed() {
        clean.rollback().forEach(s -> System.out.println(s.path("detail").asText()));
        // in event-time order here (files); the restored run's topic checks the order as written
        assertThat(clean.flow()).containsExactlyElementsOf(FLOW);
        JsonNode executed = clean.rollback().get(3).path("rollback");
        assertThat(executed.path("fromProfile").asText()).isEqualTo("a1");
        assertThat(executed.path("toProfile").asText()).isEqualTo("calibrated");
        assertThat(executed.path("metrics").path("tailP2").asDouble()).isGreaterThan(0.10);

        assertThat(clean.control).as("the command on the control topic").hasSize(1);
        assertThat(clean.issued).as("the command in the replay's control/ files").isEqualTo(clean.control);
        assertThat(clean.control.get(0).path("issuedBy").asText()).isEqualTo("rollback");
        assertThat(clean.control.get(0).path("profile").asText()).isEqualTo("calibrated");

        List<JsonNode> acks = clean.signals(type("ACK"));
        assertThat(acks).hasSize(1);
        String calibrated = clean.config.parameters("calibrated", "BTCUSDT").fingerprint();
        assertThat(acks.get(0).path("fingerprint").asText()).isEqualTo(calibrated);

        assertThat(clean.z).filteredOn(r -> r.tradeTimeMs < EXECUTED_AT)
                .isNotEmpty().allSatisfy(r -> assertThat(r.profile).isEqualTo("a1"));
        assertThat(clean.z).filteredOn(r -> r.tradeTimeMs >= NEXT_WINDOW)
                .isNotEmpty().allSatisfy(r -> {
                    assertThat(r.profile).isEqualTo(EstimatorProfiles.CALIBRATED);
                    assertThat(r.fingerprint).isEqualTo(calibrated);
                });
        assertThat(clean.z.stream().map(r -> r.tradeId)).as("each Z record once").doesNotHaveDuplicates();
    }

    @Test
    void aFailureBetweenTriggerAndExecutionRestoresToTheSameRecordsAndSignalsEachOnce() throws Exception {
        FailOnceOutputs.reset();
        // armed 8 s of event time after the trigger: the checkpoint restored from holds the PENDING state and
        // its execution timer
        LoopRun restored = breachingReplay("restore", kafka -> new FailOnceOutputs(new KafkaOutputs(kafka), PENDING_AT + 8000));

        assertThat(FailOnceOutputs.failed()).as("the injected failure happened").isTrue();
        assertThat(Instant.ofEpochMilli(FailOnceOutputs.failedAtMs()))
                .as("the failure fell after the trigger and before the watermark reached the execution")
                .isAfter(Instant.ofEpochMilli(PENDING_AT + 8000))
                .isBefore(Instant.ofEpochMilli(EXECUTED_AT + clean.config.job().watermarkDelay().toMillis()));

        // the flow, its figures and the job's own command: each once, as in the uninterrupted run
        assertThat(restored.flow()).containsExactlyElementsOf(FLOW);
        for (int i = 0; i < FLOW.size(); i++) {
            JsonNode was = withoutWallClock(clean.rollback().get(i).path("rollback"));
            JsonNode is = withoutWallClock(restored.rollback().get(i).path("rollback"));
            if (i <= 3) {
                assertThat(is).as(FLOW.get(i)).isEqualTo(was);
            } else {
                // the verification's figures come from windows after the switch, whose first trade is set by the
                // command's round trip through Kafka (wall clock): compare the tally, not the figures
                assertThat(is.path("checks")).isEqualTo(was.path("checks"));
                assertThat(is.path("passes")).isEqualTo(was.path("passes"));
            }
        }
        assertThat(restored.control).hasSize(1);
        assertThat(restored.control.get(0)).isEqualTo(clean.control.get(0));
        assertThat(restored.signals(type("ACK"))).hasSize(1).allSatisfy(ack ->
                assertThat(ack.path("fingerprint")).isEqualTo(clean.signals(type("ACK")).get(0).path("fingerprint")));
        assertThat(restored.signals(type("GAP"))).isEqualTo(clean.signals(type("GAP")));

        List<JsonNode> levels = restored.signals(type("LEVEL"));
        assertThat(levels.stream().map(s -> s.path("eventTimeMs").asLong())).as("one level per window").doesNotHaveDuplicates();
        assertThat(levels.stream().filter(s -> s.path("eventTimeMs").asLong() <= EXECUTED_AT).map(RollbackLoopITCase::withoutWallClock))
                .as("the levels of the windows before the switch")
                .containsExactlyElementsOf(clean.signals(type("LEVEL")).stream()
                        .filter(s -> s.path("eventTimeMs").asLong() <= EXECUTED_AT)
                        .map(RollbackLoopITCase::withoutWallClock).collect(Collectors.toList()))
                .isNotEmpty();

        // Z records: each once, the same trades, identical up to the switch, then on the calibrated profile
        Map<Long, ZRecord> was = clean.zUntil(COMPARED_UNTIL);
        Map<Long, ZRecord> is = restored.zUntil(COMPARED_UNTIL);
        assertThat(is.keySet()).isEqualTo(was.keySet());
        long switched = Math.min(clean.firstTradeOn(EstimatorProfiles.CALIBRATED), restored.firstTradeOn(EstimatorProfiles.CALIBRATED));
        assertThat(switched).isGreaterThan(EXECUTED_AT).isLessThan(NEXT_WINDOW);
        was.forEach((id, r) -> {
            if (r.tradeTimeMs < switched) {
                assertThat(is.get(id).sameValues(r)).as("Z of trade %d after the restore: %s, uninterrupted: %s",
                        id, is.get(id), r).isTrue();
            }
        });
        long restoredSwitch = restored.firstTradeOn(EstimatorProfiles.CALIBRATED);
        assertThat(restored.z).allSatisfy(r -> assertThat(r.profile)
                .isEqualTo(r.tradeTimeMs < restoredSwitch ? EstimatorProfiles.A1 : EstimatorProfiles.CALIBRATED));
    }

    @Test
    void theSameTradesUnderACalibratedProfileRollNothingBack() throws Exception {
        CvdConfig config = config("calm", "estimator: {active-profile: calibrated, rollback-profile: baseline, " + BTC_SCALE + "}\n"
                + NO_LATENCY_BOUND);
        LoopRun calm = LoopRun.bounded(config, RecordedTradeSource.builder()
                .paths(SharedData.file(SharedData.SPOT_BTC_08), SharedData.file(SharedData.SPOT_BTC_09)).build());

        calm.signals(type("LEVEL")).forEach(s -> System.out.println("calm: " + s.path("detail").asText()));
        assertThat(calm.quality).as("a report per minute from 23:54 to 00:05").hasSize(12)
                .allSatisfy(r -> assertThat(r.path("level").asText()).isNotEqualTo("ROLLBACK"));
        assertThat(calm.signals(type("LEVEL"))).as("level signals: P2 a little over the 5% warning bound")
                .isNotEmpty().allSatisfy(s -> assertThat(s.path("metrics").path("level").asText()).isEqualTo("WARNING"));
        assertThat(calm.signals(type("ROLLBACK"))).as("no rollback transition").isEmpty();
        assertThat(calm.control).as("no command on cvd.control").isEmpty();
        assertThat(calm.z).isNotEmpty().allSatisfy(r -> assertThat(r.profile).isEqualTo(EstimatorProfiles.CALIBRATED));
    }

    @Test
    void aSmallSampleWindowNeverTriggersARollbackHoweverExtremeItsRatio() throws Exception {
        // five thin 2021 futures series (53 to 180 trades in two minutes), in 10 s windows of a few trades each
        String windows = "quality: {latency-p95-max: 0, check-interval: 10s}\n";
        LoopRun thin = LoopRun.bounded(config("thin", windows),
                RecordedTradeSource.builder().paths(SharedData.file(SharedData.CRYPTOFEED)).build());

        List<JsonNode> extreme = thin.quality.stream()
                .filter(r -> r.path("samples").asLong() > 0 && r.path("tailP2").asDouble() > 0.10)
                .collect(Collectors.toList());
        extreme.forEach(r -> System.out.println("thin: " + r.path("symbol").asText() + " " + r.path("samples").asLong()
                + " samples, P2 " + r.path("tailP2").asDouble() + ", P3 " + r.path("tailP3").asDouble()));
        assertThat(extreme).as("windows whose P(|Z|>2) is over the rollback bound of 10%").hasSizeGreaterThan(3);
        assertThat(thin.quality).allSatisfy(r -> assertThat(r.path("level").asText()).isEqualTo("INCONCLUSIVE"));
        assertThat(thin.signals(type("LEVEL"))).isEmpty();
        assertThat(thin.signals(type("ROLLBACK"))).isEmpty();
        assertThat(thin.control).isEmpty();

        // not vacuous: without the minimum and with the plain ratio, the same windows cry wolf and roll back
        LoopRun plain = LoopRun.bounded(config("plain", windows.replace("}", ", window-min-samples: 1, breach-test: ratio}")),
                RecordedTradeSource.builder().paths(SharedData.file(SharedData.CRYPTOFEED)).build());
        plain.rollback().forEach(s -> System.out.println("plain ratio: " + s.path("symbol").asText() + " " + s.path("detail").asText()));
        assertThat(plain.signals(s -> s.path("rollback").path("state").asText().equals("PENDING")
                && s.path("rollback").path("metrics").path("breaches").asText().contains("P2"))).isNotEmpty();
        assertThat(plain.control).isNotEmpty();
    }

    @Test
    void operatorsCommandsSteerTheJobAndBadOnesAreDeadLetteredWhileItCarriesOnWithItsLastGoodParameters() throws Exception {
        CvdConfig config = config("manual", "");
        KafkaSettings kafka = config.kafka();
        ControlCommandParser parser = new ControlCommandParser(config);
        String setMultiplier = "{\"action\":\"set-parameters\",\"symbol\":\"ETHUSDT\",\"parameters\":{\"MAD_MULTIPLIER\":\"2.2\"}}";
        String a1 = config.parameters("a1", "ETHUSDT").fingerprint();
        String baseline = config.parameters("baseline", "ETHUSDT").fingerprint();
        String baselineSet = parser.resolve("baseline", "ETHUSDT", parser.parse(setMultiplier).parameters).fingerprint();
        String calibrated = config.parameters("calibrated", "ETHUSDT").fingerprint();

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(2);
        CvdPipeline.build(env, config,
                RecordedTradeSource.builder().paths(SharedData.file(SharedData.SPOT_ETH_08), SharedData.file(SharedData.SPOT_ETH_09))
                        .recordedPace(10).build(),
                "recorded trades", KafkaInputs.control(kafka), new KafkaOutputs(kafka));
        JobClient job = env.executeAsync("manual commands");
        List<ZRecord> z;
        try {
            long deadline = System.nanoTime() + 150_000_000_000L;
            awaitZ(kafka, deadline, r -> r.size() >= 200);
            produce(kafka, "this is not a command");
            produce(kafka, "{\"action\":\"switch-profile\",\"symbol\":\"ETHUSDT\",\"profile\":\"baseline\",\"reason\":\"operator\"}");
            awaitZ(kafka, deadline, r -> r.stream().anyMatch(x -> x.fingerprint.equals(baseline)));
            produce(kafka, setMultiplier);
            awaitZ(kafka, deadline, r -> r.stream().anyMatch(x -> x.fingerprint.equals(baselineSet)));
            produce(kafka, "{\"action\":\"pin-fingerprint\",\"symbol\":\"ETHUSDT\",\"fingerprint\":\"" + baseline + "\"}");
            produce(kafka, "{\"action\":\"pin-fingerprint\",\"symbol\":\"ETHUSDT\",\"fingerprint\":\"" + baselineSet + "\"}");
            produce(kafka, "{\"action\":\"switch-profile\",\"symbol\":\"*\",\"profile\":\"calibrated\"}");
            z = awaitZ(kafka, deadline, r -> r.stream().anyMatch(x -> x.fingerprint.equals(calibrated)));
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("the job carries on").isFalse();
        } finally {
            job.cancel().get();
        }

        List<JsonNode> dead = values(kafka, KafkaTopic.DEADLETTER);
        assertThat(dead).anySatisfy(d -> {
            assertThat(d.path("reason").asText()).isEqualTo("INVALID_COMMAND");
            assertThat(d.path("raw").asText()).isEqualTo("this is not a command");
        });
        assertThat(dead).anySatisfy(d -> {
            assertThat(d.path("reason").asText()).isEqualTo("INVALID_COMMAND");
            assertThat(d.path("detail").asText()).isEqualTo("fingerprint mismatch: expected " + baseline
                    + ", the parameters in force have " + baselineSet);
        });
        List<JsonNode> signals = values(kafka, KafkaTopic.SIGNALS);
        assertThat(signals.stream().filter(type("ACK")).map(s -> s.path("fingerprint").asText()))
                .as("an acknowledgement with the new fingerprint for each good command")
                .containsExactly(baseline, baselineSet, baselineSet, calibrated);
        List<String> refused = signals.stream().filter(type("REJECTED")).map(s -> s.path("detail").asText())
                .collect(Collectors.toList());
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0)).contains("fingerprint mismatch").endsWith("keeping the parameters in force");

        // in trade order, the fingerprints change once per good command and never for a bad one
        List<String> runs = new ArrayList<>();
        z.stream().sorted(Comparator.comparingLong(r -> r.tradeId)).forEach(r -> {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(r.profile + " " + r.fingerprint)) {
                runs.add(r.profile + " " + r.fingerprint);
            }
        });
        assertThat(runs).containsExactly("a1 " + a1, "baseline " + baseline, "baseline " + baselineSet,
                "calibrated " + calibrated);
    }

    private static List<ZRecord> awaitZ(KafkaSettings kafka, long deadline, Predicate<List<ZRecord>> until) throws Exception {
        List<ZRecord> z;
        do {
            Thread.sleep(250);
            z = new ArrayList<>();
            for (JsonNode r : values(kafka, KafkaTopic.Z)) {
                z.add(JsonLines.mapper().treeToValue(r, ZRecord.class));
            }
        } while (!until.test(z) && System.nanoTime() < deadline);
        return z;
    }

    /** {@code ./cvd replay} of the breach at recorded pace x5 (see {@link #breachingReplay}), to its end. */
    private static LoopRun replayCommand(String prefix) throws Exception {
        Path yaml = Files.writeString(replayDirectory.resolve("breaching.yaml"), BREACHING);
        Path output = replayDirectory.resolve("out");
        List<String> args = new ArrayList<>(List.of("replay", "--config", yaml.toString(),
                "--input", SharedData.file(SharedData.SPOT_BTC_08) + "," + SharedData.file(SharedData.SPOT_BTC_09),
                "--output", output.toString(), "--speed", "5", "--kafka.bootstrap-servers", broker.bootstrapServers()));
        for (String o : overrides(prefix)) {
            args.add("--set");
            args.add(o);
        }
        assertThat(new CommandLine(new CvdJob()).execute(args.toArray(new String[0]))).as("exit code").isZero();
        return LoopRun.fromFiles(config(prefix, BREACHING), output);
    }

    /**
     * The breaching replay at recorded pace x5 (the 30 s from execution to the next window take 6 s, ample for
     * the command's round trip, a transaction committed at the next checkpoint and read back, on a loaded
     * machine), until the verification concludes; then cancelled.
     */
    private static LoopRun breachingReplay(String prefix, Function<KafkaSettings, CvdOutputs> outputs) throws Exception {
        CvdConfig config = config(prefix, BREACHING);
        KafkaSettings kafka = config.kafka();
        StreamExecutionEnvironment env = FailOnceOutputs.restartingEnvironment(config, 1);
        CvdPipeline.build(env, config,
                RecordedTradeSource.builder().paths(SharedData.file(SharedData.SPOT_BTC_08), SharedData.file(SharedData.SPOT_BTC_09))
                        .recordedPace(5).build(),
                "recorded trades", KafkaInputs.control(kafka), outputs.apply(kafka));
        JobClient job = env.executeAsync("rollback loop " + prefix);
        try {
            long deadline = System.nanoTime() + 240_000_000_000L;
            do {
                Thread.sleep(1000);
            } while (values(kafka, KafkaTopic.SIGNALS).stream()
                    .noneMatch(s -> s.path("rollback").path("state").asText().matches("CONFIRMED|FAILED"))
                    && System.nanoTime() < deadline);
        } finally {
            job.cancel().get();
        }
        return LoopRun.fromTopics(config);
    }

    /** The job's settings for one test: topics, transactions and consumer groups named after {@code prefix}. */
    private static CvdConfig config(String prefix, String yaml) {
        CvdConfig config = CvdConfigLoader.fromYaml(yaml.isEmpty() ? "{}" : yaml, "test", overrides(prefix));
        KafkaTopics.ensure(config.kafka(), KafkaTopic.JOB_TOPICS);
        return config;
    }

    private static List<String> overrides(String prefix) {
        List<String> overrides = new ArrayList<>(List.of("kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "kafka.transactional-id-prefix=" + prefix, "kafka.group-id=" + prefix, "job.checkpoint-interval=250ms"));
        for (KafkaTopic t : KafkaTopic.values()) {
            overrides.add("kafka.topics." + t.key() + ".name=" + prefix + "." + t.key());
        }
        return overrides;
    }

    /** What a run left on its topics, read committed, or in its files. */
    private static final class LoopRun {
        final CvdConfig config;
        /** From a topic in the order written (a symbol's records are in one partition); from files, in file order. */
        final List<ZRecord> z;
        final List<JsonNode> quality;
        final List<JsonNode> signals;
        /** The control topic: the job's own commands. */
        final List<JsonNode> control;
        /** The commands in the run's control/ files; empty for a run to Kafka. */
        final List<JsonNode> issued;

        private LoopRun(CvdConfig config, List<JsonNode> z, List<JsonNode> quality, List<JsonNode> signals,
                List<JsonNode> issued) throws Exception {
            this.config = config;
            this.z = new ArrayList<>();
            for (JsonNode r : z) {
                this.z.add(JsonLines.mapper().treeToValue(r, ZRecord.class));
            }
            this.quality = quality;
            this.signals = signals;
            this.control = values(config.kafka(), KafkaTopic.CONTROL);
            this.issued = issued;
        }

        static LoopRun fromTopics(CvdConfig config) throws Exception {
            KafkaSettings kafka = config.kafka();
            return new LoopRun(config, values(kafka, KafkaTopic.Z), values(kafka, KafkaTopic.QUALITY),
                    values(kafka, KafkaTopic.SIGNALS), List.of());
        }

        static LoopRun fromFiles(CvdConfig config, Path dir) throws Exception {
            // the files carry no order across them: a symbol's signals are put in event-time order
            List<JsonNode> signals = lines(dir.resolve(JsonFileOutputs.SIGNALS_DIR));
            signals.sort(Comparator.comparingLong(s -> s.path("eventTimeMs").asLong()));
            return new LoopRun(config, lines(dir.resolve(JsonFileOutputs.Z_DIR)), lines(dir.resolve(JsonFileOutputs.QUALITY_DIR)),
                    signals, lines(dir.resolve(JsonFileOutputs.CONTROL_DIR)));
        }

        /** The JSON lines of a sink's committed files. */
        private static List<JsonNode> lines(Path dir) throws IOException {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(f -> f.getFileName().toString().matches("part-.*\\.jsonl")).sorted().collect(Collectors.toList());
            }
            List<JsonNode> out = new ArrayList<>();
            for (Path f : files) {
                for (String line : Files.readAllLines(f)) {
                    out.add(JsonLines.mapper().readTree(line));
                }
            }
            return out;
        }

        /** Runs the job to the end of {@code trades}, reading the control topic to its end at the start. */
        static LoopRun bounded(CvdConfig config, Source<FeedEvent, ?, ?> trades) throws Exception {
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
            env.setParallelism(2);
            CvdPipeline.build(env, config, trades, "recorded trades", KafkaInputs.control(config.kafka(), true),
                    new KafkaOutputs(config.kafka()));
            env.execute("bounded replay");
            return fromTopics(config);
        }

        List<JsonNode> signals(Predicate<JsonNode> which) {
            return signals.stream().filter(which).collect(Collectors.toList());
        }

        List<JsonNode> rollback() {
            return signals(type("ROLLBACK"));
        }

        List<String> flow() {
            return rollback().stream().map(s -> s.path("rollback").path("state").asText() + " "
                    + Instant.ofEpochMilli(s.path("eventTimeMs").asLong())).collect(Collectors.toList());
        }

        /** The Z records of trades before {@code untilMs}, by trade ID; fails on a trade written twice. */
        Map<Long, ZRecord> zUntil(long untilMs) {
            Map<Long, ZRecord> out = new TreeMap<>();
            for (ZRecord r : z) {
                if (r.tradeTimeMs < untilMs) {
                    assertThat(out.put(r.tradeId, r)).as("trade %d written twice", r.tradeId).isNull();
                }
            }
            return out;
        }

        /** The event time of the first trade whose Z ran on {@code profile}. */
        long firstTradeOn(String profile) {
            return z.stream().filter(r -> r.profile.equals(profile)).mapToLong(r -> r.tradeTimeMs).min().orElseThrow();
        }
    }

    private static Predicate<JsonNode> type(String type) {
        return s -> s.path("type").asText().equals(type);
    }

    /** A signal without its receipt latencies, the only wall-clock figures in it. */
    private static JsonNode withoutWallClock(JsonNode signal) {
        JsonNode copy = signal.deepCopy();
        copy.findParents("receiptLatencyP95Ms").forEach(p -> ((ObjectNode) p).remove("receiptLatencyP95Ms"));
        return copy;
    }

    private static void produce(KafkaSettings kafka, String command) throws Exception {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", broker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(kafka.topicName(KafkaTopic.CONTROL), "ETHUSDT", command)).get();
        }
    }

    private static List<JsonNode> values(KafkaSettings kafka, KafkaTopic topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : CommittedRecords.read(broker.bootstrapServers(), kafka.topicName(topic))) {
            out.add(JsonLines.mapper().readTree(r.value()));
        }
        return out;
    }
}
