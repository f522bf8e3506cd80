package io.cvdflow.job.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.estimator.EstimatorProfiles;
import io.cvdflow.job.pipeline.CvdPipeline;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The automatic rollback loop over a real broker, on real BTCUSDT spot trades whose A1 delta Z is far too
 * heavy-tailed: three failing checks trigger, the rollback executes 30 s later by a command the job writes to
 * {@code cvd.control} and reads back like an operator's, the Z records switch profile and fingerprint, and the
 * verification confirms the calibrated profile. The signals come in the flow's order at its exact event times.
 */
class RollbackLoopITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(0);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void aBreachRollsTheSymbolBackThroughTheControlTopicAndIsConfirmed() throws Exception {
        CvdConfig config = CvdConfigLoader.fromYaml(
                // the latency bound is wall-clock and so not a replay's to decide (a cold JVM's first second breaches it)
                "estimator: {rollback-profile: calibrated, symbols: {BTCUSDT: {quality: {scale-median-min: 0}}}}\n"
                        + "quality: {latency-p95-max: 0}\n"
                        + "job: {checkpoint-interval: 250ms}\n"
                        + "kafka: {transactional-id-prefix: loop, group-id: loop}\n",
                "test", List.of("kafka.bootstrap-servers=" + broker.bootstrapServers()));
        KafkaSettings kafka = config.kafka();
        KafkaTopics.ensure(kafka, KafkaTopic.JOB_TOPICS);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(1);
        // recorded pace x5: the 30 s from execution to the next window take 6 s, ample for the command round trip
        // (a transaction committed at the next checkpoint, then read back) even on a loaded machine
        CvdPipeline.build(env, config,
                RecordedTradeSource.builder().paths(SharedData.file(SharedData.SPOT_BTC_08), SharedData.file(SharedData.SPOT_BTC_09))
                        .recordedPace(5).build(),
                "recorded trades", KafkaInputs.control(kafka), new KafkaOutputs(kafka));
        JobClient job = env.executeAsync("rollback loop");
        List<JsonNode> rollback;
        try {
            long deadline = System.nanoTime() + 240_000_000_000L;
            do {
                Thread.sleep(1000);
                rollback = rollbackSignals(kafka);
            } while (rollback.stream().noneMatch(s -> s.path("rollback").path("state").asText().matches("CONFIRMED|FAILED"))
                    && System.nanoTime() < deadline);
        } finally {
            job.cancel().get();
        }

        rollback.forEach(s -> System.out.println(s.path("detail").asText()));
        assertThat(rollback.stream().map(s -> s.path("rollback").path("state").asText() + " "
                        + Instant.ofEpochMilli(s.path("eventTimeMs").asLong()))
                .collect(Collectors.toList())).containsExactly(
                "BREACHING 2024-08-08T23:57:00Z",
                "BREACHING 2024-08-08T23:58:00Z",
                "PENDING 2024-08-08T23:59:00Z",
                "EXECUTED 2024-08-08T23:59:30Z",
                "CONFIRMED 2024-08-09T00:04:30Z");
        JsonNode executed = rollback.get(3).path("rollback");
        assertThat(executed.path("fromProfile").asText()).isEqualTo("a1");
        assertThat(executed.path("toProfile").asText()).isEqualTo("calibrated");
        assertThat(executed.path("metrics").path("tailP2").asDouble()).isGreaterThan(0.10);

        List<JsonNode> issued = values(kafka, KafkaTopic.CONTROL);
        assertThat(issued).hasSize(1);
        assertThat(issued.get(0).path("issuedBy").asText()).isEqualTo("rollback");
        assertThat(issued.get(0).path("profile").asText()).isEqualTo("calibrated");

        List<JsonNode> acks = values(kafka, KafkaTopic.SIGNALS).stream()
                .filter(s -> s.path("type").asText().equals("ACK")).collect(Collectors.toList());
        assertThat(acks).hasSize(1);
        String calibrated = config.parameters("calibrated", "BTCUSDT").fingerprint();
        assertThat(acks.get(0).path("fingerprint").asText()).isEqualTo(calibrated);

        List<JsonNode> z = values(kafka, KafkaTopic.Z);
        long executedAt = Instant.parse("2024-08-08T23:59:30Z").toEpochMilli();
        long nextWindow = Instant.parse("2024-08-09T00:00:00Z").toEpochMilli();
        assertThat(z).filteredOn(r -> r.path("tradeTimeMs").asLong() < executedAt)
                .isNotEmpty().allSatisfy(r -> assertThat(r.path("profile").asText()).isEqualTo("a1"));
        assertThat(z).filteredOn(r -> r.path("tradeTimeMs").asLong() >= nextWindow)
                .isNotEmpty().allSatisfy(r -> {
                    assertThat(r.path("profile").asText()).isEqualTo(EstimatorProfiles.CALIBRATED);
                    assertThat(r.path("fingerprint").asText()).isEqualTo(calibrated);
                });
        List<Long> ids = z.stream().map(r -> r.path("tradeId").asLong()).collect(Collectors.toList());
        assertThat(ids).as("each Z record once").doesNotHaveDuplicates();
    }

    @Test
    void anOperatorsCommandSwitchesProfilesAndAMalformedOneIsDeadLetteredWhileTheJobCarriesOn() throws Exception {
        CvdConfig config = CvdConfigLoader.fromYaml(
                "job: {checkpoint-interval: 250ms}\n"
                        + "kafka: {transactional-id-prefix: manual, group-id: manual, topics: {z: {name: manual.z},"
                        + " quality: {name: manual.quality}, signals: {name: manual.signals}, control: {name: manual.control},"
                        + " deadletter: {name: manual.deadletter}}}\n",
                "test", List.of("kafka.bootstrap-servers=" + broker.bootstrapServers()));
        KafkaSettings kafka = config.kafka();
        KafkaTopics.ensure(kafka, KafkaTopic.JOB_TOPICS);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(CvdPipeline.flinkConfiguration(config));
        env.setParallelism(2);
        CvdPipeline.build(env, config,
                RecordedTradeSource.builder().paths(SharedData.file(SharedData.SPOT_ETH_08)).recordedPace(10).build(),
                "recorded trades", KafkaInputs.control(kafka), new KafkaOutputs(kafka));
        JobClient job = env.executeAsync("manual commands");
        List<JsonNode> z;
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (values(kafka, KafkaTopic.Z).size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            produce(kafka, "this is not a command");
            produce(kafka, "{\"action\":\"switch-profile\",\"symbol\":\"ETHUSDT\",\"profile\":\"baseline\",\"reason\":\"operator\"}");
            while (values(kafka, KafkaTopic.Z).stream().noneMatch(r -> r.path("profile").asText().equals("baseline"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            z = values(kafka, KafkaTopic.Z);
            assertThat(job.getJobStatus().get().isGloballyTerminalState()).as("the job carries on").isFalse();
        } finally {
            job.cancel().get();
        }
        List<JsonNode> dead = values(kafka, KafkaTopic.DEADLETTER);
        assertThat(dead).anySatisfy(d -> {
            assertThat(d.path("reason").asText()).isEqualTo("INVALID_COMMAND");
            assertThat(d.path("raw").asText()).isEqualTo("this is not a command");
        });
        String baseline = config.parameters("baseline", "ETHUSDT").fingerprint();
        List<JsonNode> after = z.stream().filter(r -> r.path("profile").asText().equals("baseline")).collect(Collectors.toList());
        assertThat(after).isNotEmpty().allSatisfy(r -> assertThat(r.path("fingerprint").asText()).isEqualTo(baseline));
        long firstBaseline = after.stream().mapToLong(r -> r.path("tradeId").asLong()).min().getAsLong();
        assertThat(z).filteredOn(r -> r.path("tradeId").asLong() < firstBaseline)
                .isNotEmpty().allSatisfy(r -> assertThat(r.path("profile").asText()).isEqualTo("a1"));
        assertThat(values(kafka, KafkaTopic.SIGNALS)).anySatisfy(s -> {
            assertThat(s.path("type").asText()).isEqualTo("ACK");
            assertThat(s.path("fingerprint").asText()).isEqualTo(baseline);
        });
    }

    private static void produce(KafkaSettings kafka, String command) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("bootstrap.servers", broker.bootstrapServers());
        try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(p,
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    kafka.topicName(KafkaTopic.CONTROL), "ETHUSDT", command)).get();
        }
    }

    private static List<JsonNode> rollbackSignals(KafkaSettings kafka) throws Exception {
        return values(kafka, KafkaTopic.SIGNALS).stream()
                .filter(s -> s.path("type").asText().equals("ROLLBACK"))
                .sorted(java.util.Comparator.comparingLong(s -> s.path("eventTimeMs").asLong()))
                .collect(Collectors.toList());
    }

    private static List<JsonNode> values(KafkaSettings kafka, KafkaTopic topic) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : CommittedRecords.read(broker.bootstrapServers(), kafka.topicName(topic))) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }
}
