package io.cvdflow.job.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvdflow.connector.binance.model.DeadLetter;
import io.cvdflow.connector.binance.model.FeedEvent;
import io.cvdflow.connector.binance.model.RejectReason;
import io.cvdflow.connector.binance.model.Trade;
import io.cvdflow.connector.binance.parse.AggTradeFrameParser;
import io.cvdflow.connector.binance.parse.RecordedFileReader;
import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.RecordedTradeSource;
import io.cvdflow.connector.binance.replay.RecordedTradeSourceBuilder;
import io.cvdflow.job.config.CvdConfig;
import io.cvdflow.job.config.CvdConfigLoader;
import io.cvdflow.job.model.ZRecord;
import io.cvdflow.job.pipeline.CvdOutputs;
import io.cvdflow.job.pipeline.CvdPipeline;
import io.cvdflow.job.pipeline.FailOnceOutputs;
import io.cvdflow.job.pipeline.JsonLines;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job with Kafka in and out, against a real single-node KRaft broker in this JVM: exactly-once Z records for
 * read_committed consumers, also across an injected failure; raw trade frames from {@code cvd.trades}; control
 * lines read committed from the group's position.
 */
class KafkaJobITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** Three recordings with distinct symbols: five futures smallcaps, spot ETHUSDT, COIN-M BTCUSD_PERP. */
    private static final List<String> RECORDINGS = List.of(SharedData.CRYPTOFEED, SharedData.SPOT_ETH_08, SharedData.COINM_08);
    private static final CvdConfig CONFIG = CvdConfigLoader.fromYaml("job: {checkpoint-interval: 100ms}", "test", List.of());


    private static EmbeddedKafkaBroker broker;
    /** Z records of the uninterrupted run to Kafka, by {@code symbol#tradeId}. */
    private static Map<String, ZRecord> clean;

    @BeforeAll
    static void startBrokerAndRunUninterrupted() throws Exception {
        broker = EmbeddedKafkaBroker.start(0);
        KafkaSettings s = settings("clean");
        run(recordings(RECORDINGS).fullSpeed().build(), s, new KafkaOutputs(s));
        clean = zByTrade(CommittedRecords.read(broker.bootstrapServers(), s.topicName(KafkaTopic.Z)));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void everyZRecordOnceKeyedBySymbolInTradeOrder() {
        Map<String, List<Trade>> accepted = acceptedTrades(RECORDINGS);
        Set<String> expected = new TreeSet<>();
        accepted.forEach((symbol, trades) -> trades.forEach(t -> expected.add(symbol + "#" + t.tradeId)));
        assertThat(expected).hasSizeGreaterThan(8000);
        assertThat(new TreeSet<>(clean.keySet())).as("one Z record per accepted trade").isEqualTo(expected);

        List<ConsumerRecord<String, String>> records = CommittedRecords.read(broker.bootstrapServers(), "clean.z");
        Map<String, Integer> partitionOf = new HashMap<>();
        Map<String, Long> lastId = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            ZRecord z = zRecord(r);
            assertThat(r.key()).as("key of %s", r.value()).isEqualTo(z.symbol);
            assertThat(partitionOf.computeIfAbsent(z.symbol, k -> r.partition())).as("%s in one partition", z.symbol)
                    .isEqualTo(r.partition());
            Long previous = lastId.put(z.symbol, z.tradeId);
            assertThat(previous == null || previous < z.tradeId).as("%s in trade order at %d", z.symbol, z.tradeId).isTrue();
        }
        assertThat(partitionOf).hasSize(7);
        assertThat(Set.copyOf(partitionOf.values())).as("symbols spread over partitions").hasSizeGreaterThan(1);

        List<JsonNode> gaps = new ArrayList<>();
        for (ConsumerRecord<String, String> r : CommittedRecords.read(broker.bootstrapServers(), "clean.signals")) {
            JsonNode signal = json(r.value());
            assertThat(r.key()).isEqualTo(signal.path("symbol").asText());
            if (signal.path("type").asText().equals("GAP")) {
                gaps.add(signal);
            }
        }
        assertThat(gaps).as("a gap signal per jump of the trade ID").hasSize(idJumps(accepted));
    }

    @Test
    void aFailureAfterACheckpointStillLeavesEachZRecordOnce() throws Exception {
        KafkaSettings s = settings("failover");
        FailOnceOutputs.reset();
        // recorded pace, fast: the replay lasts a few seconds, so checkpoints complete mid-stream
        run(recordings(RECORDINGS).recordedPace(120).build(), s, new FailOnceOutputs(new KafkaOutputs(s)));

        assertThat(FailOnceOutputs.failed()).as("the injected failure happened").isTrue();
        assertThat(FailOnceOutputs.recordsBeforeFailure()).as("the failure came mid-stream").isPositive();
        Map<String, ZRecord> restored = zByTrade(CommittedRecords.read(broker.bootstrapServers(), "failover.z"));
        assertThat(restored.keySet()).isEqualTo(clean.keySet());
        clean.forEach((trade, r) -> assertThat(restored.get(trade).sameValues(r))
                .as("Z record of %s after the restore: %s, uninterrupted: %s", trade, restored.get(trade), r)
                .isTrue());
        assertThat(CommittedRecords.read(broker.bootstrapServers(), "failover.z", "read_uncommitted").size())
                .as("what a read_uncommitted consumer would see, aborted records included")
                .isGreaterThanOrEqualTo(restored.size());
    }

    @Test
    void tradeFramesFromATopicGiveTheSameZRecordsAndDeadLettersForBadFrames() throws Exception {
        KafkaSettings s = settings("input", "kafka.topics.trades.partitions=3");
        KafkaTopics.ensure(s, EnumSet.of(KafkaTopic.TRADES));
        List<String> recordings = List.of(SharedData.CRYPTOFEED, SharedData.SPOT_ETH_08);
        String duplicate = null;
        long duplicateId = -1;
        Map<String, RejectReason> malformed = new LinkedHashMap<>();
        malformed.put("this is not JSON", RejectReason.NOT_JSON);
        malformed.put("{\"e\":\"aggTrade\",\"E\":1617647800000,\"s\":\"SANDUSDT\",\"a\":1,\"q\":\"5\",\"T\":1617647800000,\"m\":true}",
                RejectReason.MISSING_FIELD);
        malformed.put("{\"e\":\"aggTrade\",\"E\":1617647800000,\"s\":\"SANDUSDT\",\"a\":1,\"p\":\"0.5\",\"q\":\"-5\","
                + "\"T\":1617647800000,\"m\":true}", RejectReason.NON_POSITIVE_QUANTITY);
        malformed.put("", RejectReason.EMPTY_LINE);
        int frames = 0;
        try (KafkaProducer<String, String> producer = producer(null)) {
            AggTradeFrameParser parser = new AggTradeFrameParser();
            for (String recording : recordings) {
                for (String line : SharedData.lines(recording)) {
                    FeedEvent e = parser.parse(line, "test", 0);
                    String key = e != null && e.trade != null ? e.trade.symbol : null;
                    producer.send(new ProducerRecord<>("input.trades", key, line));
                    frames++;
                    if (key != null && key.equals("ETHUSDT") && duplicate == null && frames > 1000) {
                        duplicate = line;
                        duplicateId = e.trade.tradeId;
                    }
                }
            }
            for (String bad : malformed.keySet()) {
                producer.send(new ProducerRecord<>("input.trades", null, bad));
            }
            producer.send(new ProducerRecord<>("input.trades", null, null));
            producer.send(new ProducerRecord<>("input.trades", "ETHUSDT", duplicate));
        }

        run(KafkaInputs.trades(s, true), s, new KafkaOutputs(s));

        Map<String, ZRecord> fromKafka = zByTrade(CommittedRecords.read(broker.bootstrapServers(), "input.z"));
        Map<String, ZRecord> expected = new TreeMap<>();
        Set<String> symbols = acceptedTrades(recordings).keySet();
        clean.forEach((trade, r) -> {
            if (symbols.contains(r.symbol)) {
                expected.put(trade, r);
            }
        });
        assertThat(new TreeMap<>(fromKafka).keySet()).isEqualTo(expected.keySet());
        expected.forEach((trade, r) -> assertThat(fromKafka.get(trade).sameValues(r))
                .as("Z record of %s from Kafka: %s, from the files: %s", trade, fromKafka.get(trade), r).isTrue());

        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<String, String> r : CommittedRecords.read(broker.bootstrapServers(), "input.deadletter")) {
            letters.add(JsonLines.mapper().readValue(r.value(), DeadLetter.class));
        }
        Map<String, RejectReason> reasons = new HashMap<>();
        for (DeadLetter d : letters) {
            if (d.origin.startsWith("kafka:")) {
                assertThat(d.origin).matches("kafka:input\\.trades-[0-2]:[0-9]+");
                reasons.put(d.raw, d.reason);
            }
        }
        Map<String, RejectReason> expectedReasons = new HashMap<>(malformed);
        assertThat(reasons).as("one dead letter per bad frame, the empty value and the null value as one")
                .isEqualTo(expectedReasons);
        assertThat(letters.stream().filter(d -> d.origin.startsWith("kafka:"))).hasSize(malformed.size() + 1);
        String redelivered = "ETHUSDT#" + duplicateId + " ";
        assertThat(letters).as("the re-delivered frame").anySatisfy(d -> {
            assertThat(d.reason).isEqualTo(RejectReason.DUPLICATE_ID);
            assertThat(d.symbol).isEqualTo("ETHUSDT");
            assertThat(d.raw).startsWith(redelivered);
        });
    }

    @Test
    @Timeout(120)
    void controlLinesAreReadCommittedFromTheGroupsPosition() throws Exception {
        KafkaSettings s = settings("ctl");
        String topic = s.topicName(KafkaTopic.CONTROL);
        try (KafkaProducer<String, String> producer = producer("ctl-test")) {
            producer.initTransactions();
            transaction(producer, topic, "applied by an earlier run", true);
            commitGroupPosition(s.groupId() + "-control", topic);
            transaction(producer, topic, "{\"action\":\"switch-profile\",\"symbol\":\"*\",\"profile\":\"baseline\"}", true);
            transaction(producer, topic, "aborted, never applied", false);
            transaction(producer, topic, "not a command", true);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<String> lines = env.fromSource(KafkaInputs.control(s), WatermarkStrategy.noWatermarks(), "control")
                .executeAndCollect(2);

        assertThat(lines).containsExactly(
                "{\"action\":\"switch-profile\",\"symbol\":\"*\",\"profile\":\"baseline\"}", "not a command");
    }

    /** Runs the job to the end of {@code source}, with the (empty) control topic of {@code kafka} read to its end. */
    private static void run(Source<FeedEvent, ?, ?> source, KafkaSettings kafka, CvdOutputs outputs) throws Exception {
        StreamExecutionEnvironment env = FailOnceOutputs.restartingEnvironment(CONFIG, 2);
        CvdPipeline.build(env, CONFIG, source, "trades", KafkaInputs.control(kafka, true), outputs);
        env.execute("kafka job test");
    }

    /** Topics named {@code <prefix>.<key>}, created; transactions and consumer group named after the prefix too. */
    private static KafkaSettings settings(String prefix, String... overrides) {
        List<String> all = new ArrayList<>(List.of("kafka.transactional-id-prefix=" + prefix, "kafka.group-id=" + prefix));
        for (KafkaTopic t : KafkaTopic.values()) {
            all.add("kafka.topics." + t.key() + ".name=" + prefix + "." + t.key());
        }
        all.addAll(List.of(overrides));
        KafkaSettings s = CvdConfigLoader.fromYaml("{}", "test", all).kafka().withBootstrapServers(broker.bootstrapServers());
        KafkaTopics.ensure(s, KafkaTopic.JOB_TOPICS);
        return s;
    }

    private static RecordedTradeSourceBuilder recordings(List<String> names) {
        return RecordedTradeSource.builder().paths(names.stream().map(SharedData::file).toArray(Path[]::new));
    }

    /** Per symbol, the trades of the files whose IDs rise: the ones the job accepts, read without Flink. */
    private static Map<String, List<Trade>> acceptedTrades(List<String> names) {
        Map<String, List<Trade>> out = new TreeMap<>();
        for (String name : names) {
            for (Trade t : RecordedFileReader.readTrades(SharedData.file(name))) {
                List<Trade> trades = out.computeIfAbsent(t.symbol, k -> new ArrayList<>());
                if (trades.isEmpty() || t.tradeId > trades.get(trades.size() - 1).tradeId) {
                    trades.add(t);
                }
            }
        }
        return out;
    }

    private static int idJumps(Map<String, List<Trade>> accepted) {
        int jumps = 0;
        for (List<Trade> trades : accepted.values()) {
            for (int i = 1; i < trades.size(); i++) {
                if (trades.get(i).tradeId > trades.get(i - 1).tradeId + 1) {
                    jumps++;
                }
            }
        }
        return jumps;
    }

    private static Map<String, ZRecord> zByTrade(List<ConsumerRecord<String, String>> records) {
        Map<String, ZRecord> out = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            ZRecord z = zRecord(r);
            ZRecord previous = out.put(z.symbol + "#" + z.tradeId, z);
            assertThat(previous).as("trade %s#%d written twice", z.symbol, z.tradeId).isNull();
        }
        return out;
    }

    private static ZRecord zRecord(ConsumerRecord<String, String> r) {
        try {
            return JsonLines.mapper().readValue(r.value(), ZRecord.class);
        } catch (Exception e) {
            throw new AssertionError("not a Z record: " + r.value(), e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JsonLines.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static KafkaProducer<String, String> producer(String transactionalId) {
        Properties p = new Properties();
        p.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        if (transactionalId != null) {
            p.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static void transaction(KafkaProducer<String, String> producer, String topic, String line, boolean commit) {
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "*", line));
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    /** What a run that consumed and checkpointed everything so far leaves behind: the group's committed offsets. */
    private static void commitGroupPosition(String group, String topic) {
        Properties p = new Properties();
        p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, 0);
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(end)));
        }
    }
}
